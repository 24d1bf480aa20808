"""SIGKILL `garrison ingest` and `garrison process` part-way, re-run, and compare with an uninterrupted run.

The kill points are chosen by watching the store from this (second) process while the command writes —
which also shows that a reader can work while another process ingests.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from garrison.eval import synthetic

GARRISON = str(Path(sys.executable).with_name("garrison"))


def garrison(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([GARRISON, *args], capture_output=True, text=True, timeout=900)


def count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as c:
            return c.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def kill_when(args: list[str], db: Path, sql: str, thresholds: list[int]) -> list[int]:
    """Start the command, SIGKILL it as soon as ``sql`` on the store passes the next threshold, repeat."""
    seen = []
    for threshold in thresholds:
        proc = subprocess.Popen([GARRISON, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            if count(db, sql) >= threshold:
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.02)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"the run ended before reaching {threshold}"
        seen.append(count(db, sql))
    return seen


def snapshot(db: Path) -> dict[str, list]:
    """What the store holds, without the timings and timestamps that differ between runs."""
    queries = {
        "documents": "SELECT id, title, outlet, published, published_source, language, duplicate_of, "
                     "round(similarity, 3), content_type, length(text), hex(minhash) FROM documents",
        "fts": "SELECT document_id, length(text) FROM documents_fts",
        "copies": "SELECT document_id, source_path FROM document_copies",
        "rejects": "SELECT source, reason FROM rejects",
        "stage_runs": "SELECT document_id, stage FROM stage_runs",
        "mentions": "SELECT document_id, start, \"end\", label, entity_id FROM mentions",
        "entities": "SELECT id, type, name FROM entities",
        "toponyms": "SELECT document_id, start, \"end\", place_id FROM toponyms",
        "timexes": "SELECT document_id, start, \"end\", type, value FROM timexes",
        "events": "SELECT id, document_id, type, mode, place_name, time_start FROM events",
        "claims": "SELECT id, event_id, stance, outlet FROM claims",
    }
    with sqlite3.connect(db) as c:
        return {name: sorted(map(tuple, c.execute(sql).fetchall()), key=repr) for name, sql in queries.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("crash") / "corpus"
    synthetic.write(root, 2000, seed=11)
    (root / "broken.jsonl").write_text('{"text": "An Il-76 landed at al-Khadim on Monday."}\n{not json\n')
    return root


@pytest.mark.slow
def test_ingest_killed_at_several_points_then_resumed_equals_an_uninterrupted_run(corpus, tmp_path):
    reference, victim = tmp_path / "reference.db", tmp_path / "victim.db"
    done = garrison("ingest", str(corpus), "--db", str(reference), "--quiet")
    assert done.returncode == 1, done.stderr  # the broken JSON line is a reject
    kills = kill_when(["ingest", str(corpus), "--db", str(victim), "--quiet"], victim,
                      "SELECT count(*) FROM documents", [300, 900, 1500])
    assert kills[0] < kills[1] < kills[2] < count(reference, "SELECT count(*) FROM documents")
    assert garrison("ingest", str(corpus), "--db", str(victim), "--quiet").returncode == 1
    assert snapshot(victim) == snapshot(reference)
    # and a second full re-run changes nothing
    garrison("ingest", str(corpus), "--db", str(victim), "--quiet")
    assert snapshot(victim)["documents"] == snapshot(reference)["documents"]


@pytest.mark.slow
def test_process_killed_at_several_points_then_resumed_equals_an_uninterrupted_run(corpus, tmp_path):
    small = tmp_path / "small"
    for path in sorted(corpus.rglob("report-0004*.txt"))[:120]:  # keep the spaCy work short
        target = small / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    reference, victim = tmp_path / "reference.db", tmp_path / "victim.db"
    for db in (reference, victim):
        assert garrison("ingest", str(small), "--db", str(db), "--quiet").returncode == 0
    done = garrison("process", "--db", str(reference), "--batch-size", "8")
    assert done.returncode == 0, done.stderr
    kills = kill_when(["process", "--db", str(victim), "--batch-size", "8"], victim,
                      "SELECT count(*) FROM stage_runs", [40, 200, 360])
    assert kills == sorted(kills)
    assert garrison("process", "--db", str(victim), "--batch-size", "8").returncode == 0
    assert snapshot(victim) == snapshot(reference)
    assert snapshot(victim)["events"], "the process run must have produced events to compare"
