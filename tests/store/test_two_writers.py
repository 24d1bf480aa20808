"""Two `garrison process` runs at once on one store (SQLite and PostgreSQL) do the work once, not twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from garrison.ingest.into_store import ingest
from garrison.store import Store

GARRISON = str(Path(sys.executable).with_name("garrison"))


@pytest.mark.slow
def test_two_process_runs_at_once_do_no_double_work(store_url, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(12):
        (corpus / f"{n}.txt").write_text(
            f"Report {n}. Russian troops and Wagner contractors moved armoured vehicles from Bamako to Kidal "
            f"on {n % 28 + 1} March 2025, officials said. The convoy of {n + 3} trucks reached the air base.")
    store = Store(store_url)
    assert ingest(store, [str(corpus)]).stored == 12
    env = os.environ | {"GARRISON_PIPELINE_BATCH_SIZE": "2"}
    runs = [subprocess.Popen([GARRISON, "process", "--db", store_url, "--json"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-500:] for _, err in outputs]
    processed = [json.loads(out)["processed"] for out, _ in outputs]
    for stage in processed[0]:
        assert processed[0][stage] + processed[1][stage] == 12, processed  # each document once, in all
    with store.engine.connect() as c:
        marks = c.execute(text("SELECT stage, count(*) FROM stage_runs GROUP BY stage")).all()
    assert dict(marks) == {stage: 12 for stage in processed[0]}
    store.close()
