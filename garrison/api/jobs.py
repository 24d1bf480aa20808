"""Ingest jobs: uploaded files and URLs read into the store and processed in the background, one at a time.

One worker thread, because the pipeline already uses the machine's cores and the store takes one writer; a
client polls ``GET /api/jobs/{id}``.  Jobs live in memory: a restarted server forgets them, not their
documents (ingest and the pipeline are idempotent and resumable).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from garrison.store import Store

MAX_JOBS_KEPT = 200


class UnsafeURL(ValueError):
    """A URL the server will not fetch on a client's behalf."""


def guard_url(url: str) -> None:
    """Refuse what would let a client make this server reach inside its own network (SSRF): the ingest
    layer's guard, the same as the CLI's (the fetch itself then connects only to the addresses it checked)."""
    from garrison import config
    from garrison.ingest import netguard

    try:
        netguard.check_url(url, allow_private=config.FETCH_ALLOW_PRIVATE)
    except Exception as exc:  # BlockedAddress, an unresolvable host, a URL that is not http(s)
        raise UnsafeURL(f"{url[:200]}: {exc}") from exc


@dataclass
class Job:
    id: str
    inputs: list[str]
    state: str = "queued"
    submitted: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished: datetime | None = None
    ingest: dict[str, Any] | None = None
    process: dict[str, Any] | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "submitted": self.submitted, "finished": self.finished,
                "inputs": self.inputs, "ingest": self.ingest, "process": self.process, "error": self.error}


class Jobs:
    def __init__(self, store: Store, *, process: bool = True):
        self.store = store
        self.run_pipeline = process
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.lock = threading.Lock()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="garrison-ingest")

    def submit(self, *, urls: list[str], files: list[tuple[str, bytes]], published: date | None) -> Job:
        for url in urls:
            guard_url(url)
        folder = Path(tempfile.mkdtemp(prefix="garrison-upload-"))
        targets = list(urls)
        for index, (name, content) in enumerate(files):
            # Never trust a client's file name as a path: keep only its last part, after an index.
            safe = Path(name or "upload").name.replace("\x00", "")[:120] or "upload"
            path = folder / f"{index:03d}-{safe}"
            path.write_bytes(content)
            targets.append(str(path))
        job = Job(id=uuid.uuid4().hex[:16], inputs=[*urls, *(Path(n or "upload").name for n, _ in files)])
        with self.lock:
            self.jobs[job.id] = job
            while len(self.jobs) > MAX_JOBS_KEPT:
                self.jobs.popitem(last=False)
        self.executor.submit(self._run, job, targets, folder, published)
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def _run(self, job: Job, targets: list[str], folder: Path, published: date | None) -> None:
        from garrison import pipeline
        from garrison.ingest.into_store import ingest

        try:
            job.state = "ingesting"
            summary = ingest(self.store, targets, published=published)
            job.ingest = summary.to_dict()
            if self.run_pipeline:
                job.state = "processing"
                job.process = pipeline.run(self.store).to_dict()  # every stage, fusion included
            job.state = "done"
        except Exception as exc:  # the job reports it; the server goes on
            job.state, job.error = "failed", f"{type(exc).__name__}: {exc}"[:500]
        finally:
            job.finished = datetime.now(UTC)
            shutil.rmtree(folder, ignore_errors=True)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
