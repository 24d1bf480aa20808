"""Batched and parallel ingest leave the store exactly as ingesting one document at a time does.

The corpus holds what batching could get wrong: exact copies and near-duplicates of documents in the same batch
and in earlier ones, a JSON-lines file with a bad line in the middle, a sidecar with a bad row.  The reference
is a run that writes each document in its own batch, read in this process; it is compared with the default
batches, with worker processes reading, and with a run SIGKILLed inside a batch's transaction and resumed.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from garrison.eval import synthetic
from garrison.ingest import into_store, iter_inputs, parallel, sources
from garrison.ingest.into_store import ingest
from garrison.ingest.parallel import Reader
from garrison.ingest.sources import plan_inputs
from garrison.store import Store

QUERIES = {
    "documents": "SELECT id, title, outlet, published, published_source, language, duplicate_of, "
                 "round(similarity, 4), content_type, source_path, length(text), hex(minhash) FROM documents",
    "fts": "SELECT document_id, title, length(text) FROM documents_fts",
    "copies": "SELECT document_id, source_path, outlet, url FROM document_copies",
    "rejects": "SELECT source, reason, detail FROM rejects",
}


def snapshot(db: Path) -> dict[str, list]:
    with sqlite3.connect(db) as c:
        return {name: sorted(map(tuple, c.execute(sql).fetchall()), key=repr) for name, sql in QUERIES.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("batches")
    synthetic.write(root / "reports", 260, seed=5)  # 2 % exact and 5 % near copies among them
    texts = [content for _, content in synthetic.generate(40, seed=9)]
    lines = []
    for n, text in enumerate(texts):
        lines.append(json.dumps({"text": text, "outlet": f"Desk {n % 3}"}))
        if n == 10:
            lines.append("{not json at all")  # a bad line in the middle of a batch
            lines.append(json.dumps({"text": texts[3], "outlet": "Copying Desk"}))  # an exact copy, same batch
            lines.append(json.dumps({"text": texts[4].replace("according to", "citing") + "\n\nShare this article"}))
        if n == 20:
            lines.append(json.dumps({"title": "no text field"}))
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    copies = root / "reports" / "000"
    (copies / "garrison-metadata.jsonl").write_text(
        json.dumps({"file": "report-000001.txt", "outlet": "Sidecar Desk"}) + "\n{broken\n", encoding="utf-8")
    (root / "zz-copy-of-wire.txt").write_text(texts[7], encoding="utf-8")  # an exact copy, another kind and batch
    return root


@pytest.fixture(scope="module")
def one_by_one(corpus, tmp_path_factory) -> dict[str, list]:
    db = tmp_path_factory.mktemp("reference") / "reference.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(into_store, "BATCH", 1)
        summary = ingest(Store(f"sqlite:///{db}"), [str(corpus)], workers=1)
    assert summary.exact_duplicates >= 3 and summary.near_duplicates >= 3, summary
    assert summary.rejects == {"invalid-json": 2, "missing-field": 1}, summary.rejects
    return snapshot(db)


def test_batches_store_what_one_document_at_a_time_stores(corpus, one_by_one, tmp_path):
    db = tmp_path / "batched.db"
    ingest(Store(f"sqlite:///{db}"), [str(corpus)], workers=1)
    assert snapshot(db) == one_by_one
    rejects = {source.rsplit("/", 1)[-1] for source, _, _ in one_by_one["rejects"]}
    assert rejects == {"wire.jsonl:12", "wire.jsonl:25", "garrison-metadata.jsonl:2"}  # file and line named


def test_worker_processes_store_what_one_process_stores(corpus, one_by_one, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "SERIAL_DOCUMENTS", 20)  # the pool starts early in the run
    monkeypatch.setattr(parallel, "TASK_DOCUMENTS", 8)  # and gets many small tasks: order is tested
    monkeypatch.setattr(sources, "CHUNK_LINES", 5)  # JSON lines in chunks: their numbers run on across chunks
    started = []
    original = Reader._start_now
    monkeypatch.setattr(Reader, "_start_now", lambda self, unit: started.append(original(self, unit)) or started[-1])
    db = tmp_path / "parallel.db"
    ingest(Store(f"sqlite:///{db}"), [str(corpus)], workers=2)
    assert True in started, "the pool never started: nothing was read in a worker"
    assert snapshot(db) == one_by_one


def test_reader_yields_the_plan_in_order_with_signatures(corpus):
    in_process = list(iter_inputs(str(corpus)))
    with Reader(2, serial_documents=0) as reader:
        signed = list(reader.read(plan_inputs(str(corpus))))
        assert reader.started
    assert [item for item, _ in signed] == in_process
    assert all((signature is not None) == hasattr(item, "text") for item, signature in signed)
    assert signed[5][1] == parallel.signature(signed[5][0].text)


def test_a_small_input_is_read_without_a_pool(corpus):
    with Reader(2) as reader:
        items = list(reader.read(plan_inputs(str(corpus / "wire.jsonl"))))
        assert not reader.started
    assert len(items) == 44 < parallel.SERIAL_DOCUMENTS


# Run in a child: SIGKILL the process inside the third batch's transaction, after its rows are inserted and
# before they are committed (workers reading: they must die with it).
KILLED_IN_A_BATCH = r"""
import os, signal, sys
from sqlalchemy import event
from garrison.ingest import into_store, parallel
from garrison.store import Store
parallel.SERIAL_DOCUMENTS = 20
store = Store(sys.argv[2])
calls = 0
original = Store.add_documents
def add_documents(self, batch):
    global calls
    calls += 1
    if calls == 3:
        event.listen(self.engine, "commit", lambda connection: os.kill(os.getpid(), signal.SIGKILL))
    return original(self, batch)
Store.add_documents = add_documents
into_store.ingest(store, [sys.argv[1]], workers=2)
"""


def test_a_run_killed_inside_a_batch_then_resumed_stores_what_one_document_at_a_time_stores(
        corpus, one_by_one, tmp_path):
    db = tmp_path / "victim.db"
    url = f"sqlite:///{db}"
    killed = subprocess.run([sys.executable, "-c", KILLED_IN_A_BATCH, str(corpus), url], capture_output=True,
                            text=True, timeout=300)
    assert killed.returncode == -9, killed.stderr[-2000:]
    with sqlite3.connect(db) as c:
        stored = c.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 0 < stored <= 2 * into_store.BATCH  # two batches committed, the third lost whole
    ingest(Store(url), [str(corpus)], workers=2)
    after = snapshot(db)
    assert after["documents"] == one_by_one["documents"]
    assert after["fts"] == one_by_one["fts"]
    assert after["copies"] == one_by_one["copies"]
    assert set(after["rejects"]) == set(one_by_one["rejects"])  # a reject seen twice is counted, not repeated
