"""Workers die with their parent; one document over the time cap fails alone and does not hold its batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from garrison import config
from garrison.worker_lifetime import DocumentTimeout, time_cap
from garrison.model import Analysis, Document
from garrison.pipeline import Stage, _run_isolating_failures

GARRISON = str(Path(sys.executable).with_name("garrison"))


def test_time_cap_stops_python_code():
    started = time.monotonic()
    with pytest.raises(DocumentTimeout), time_cap(0.3):
        while True:
            sum(range(1000))
    assert time.monotonic() - started < 2
    with time_cap(0.3):  # under the cap: nothing happens, and the timer is cleared afterwards
        pass
    time.sleep(0.5)


def stuck_on_hang(batch: list[Analysis], _settings=None) -> list[Analysis]:
    """A stage whose cost explodes on one document (as the events stage does on a 1 MB one)."""
    for analysis in batch:
        if "hang" in analysis.document.text:
            while True:
                sum(range(1000))
        analysis.events = []
    return batch


def test_a_document_over_the_cap_fails_alone_and_the_batch_goes_on(monkeypatch):
    monkeypatch.setattr(config, "STAGE_TIME_CAP_SECONDS", 0.5)
    batch = [Analysis(document=Document(text=f"report {n} {'hang' if n == 2 else ''}", source_path=f"{n}"))
             for n in range(5)]
    failures: list = []
    started = time.monotonic()
    done = _run_isolating_failures(Stage("events", "x:y", (), ("events",)), stuck_on_hang, batch, None, failures)
    assert time.monotonic() - started < 5  # the batch once, then the stuck document once: two caps
    assert [a.document.source_path for a in done] == ["0", "1", "2", "3", "4"]
    assert [(f[1], f[2].split(":")[0]) for f in failures] == [("events", "DocumentTimeout")]
    assert failures[0][0] == batch[2].document.id


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def spawned_workers(pid: int) -> list[int]:
    return [child for child in children_of(pid)
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's reaping is left


@pytest.mark.slow
def test_workers_die_when_process_is_killed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(40):
        (corpus / f"{n}.txt").write_text(
            f"Report {n}. Russian troops and Wagner contractors moved armoured vehicles from Bamako to Kidal "
            f"on {n % 28 + 1} March 2025, officials said. " * 20)
    db = tmp_path / "store.db"
    assert subprocess.run([GARRISON, "ingest", "--db", str(db), str(corpus)], capture_output=True).returncode == 0
    parent = subprocess.Popen([GARRISON, "process", "--db", str(db), "--workers", "2"],
                              env=os.environ | {"GARRISON_PIPELINE_BATCH_SIZE": "4"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(spawned_workers(parent.pid)) < 2:
            time.sleep(0.2)
        workers = children_of(parent.pid)  # the two workers and multiprocessing's resource tracker
        assert len(spawned_workers(parent.pid)) == 2, "the workers never started"
        time.sleep(2)  # past their start-up
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.2)
        assert [pid for pid in workers if alive(pid)] == []
    finally:
        for pid in children_of(parent.pid):
            os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
