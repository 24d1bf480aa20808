"""The runner: stages in order over pending documents, idempotent, one bad document costs only itself."""

from __future__ import annotations

import pytest

from garrison import pipeline
from garrison.model import Analysis, Document, TimeExpression
from garrison.store import Store

CALLS: list[list[str]] = []


def tag_years(batch: list[Analysis]) -> list[Analysis]:
    """A small stage for these tests: every 4-digit number is a year; a poisoned text raises."""
    import re

    CALLS.append([a.document.id for a in batch])
    for analysis in batch:
        if "POISON" in analysis.document.text:
            raise ValueError("cannot read this one")
        analysis.timexes = [
            TimeExpression(analysis.document.id, m.start(), m.end(), m.group(), "DATE", m.group())
            for m in re.finditer(r"\b\d{4}\b", analysis.document.text)
        ]
    return batch


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setitem(pipeline.STAGES, "years", pipeline.Stage("years", f"{__name__}:tag_years", ("timexes",)))
    CALLS.clear()
    s = Store(f"sqlite:///{tmp_path / 'g.db'}")
    for text in ("Troops arrived in 2023.", "The base opened in 2019 and grew in 2024.", "POISON 2020", "No year."):
        s.add_document(Document(text=text))
    return s


def test_a_stage_runs_once_per_document_and_a_rerun_does_nothing(store):
    first = pipeline.run(store, ["years"], batch_size=2)
    assert first.processed == {"years": 4}
    assert [f[1] for f in first.failures] == ["years"]
    assert sorted(x.text for a in store.load_analyses(store.pending([], limit=10)) for x in a.timexes) == [
        "2019", "2023", "2024"]
    CALLS.clear()
    second = pipeline.run(store, ["years"])
    assert second.processed == {"years": 0} and CALLS == []


def test_a_failing_document_is_reported_and_does_not_sink_its_batch(store):
    summary = pipeline.run(store, ["years"], batch_size=10)
    (failure,) = summary.failures
    assert failure[2] == "ValueError: cannot read this one"
    assert store.queries.status()["timexes"] == 3
    assert len(CALLS) == 1 + 4  # the batch, then each document alone


def test_limit_and_unknown_stage(store):
    assert pipeline.run(store, ["years"], limit=3).processed == {"years": 3}
    assert pipeline.run(store, ["years"]).processed == {"years": 1}
    with pytest.raises(KeyError, match="unknown stage"):
        pipeline.stage_order(["nope"])


def test_worker_processes_store_the_same_as_one_process(tmp_path):
    texts = [
        "Fri. Nov 22nd, 2024\n\nA drone struck a Russian Il-76 at al-Khadim air base in eastern Libya last June.",
        "Bamako, 19 January 2025 –\n\nT-72B3 tanks and BTR-82A carriers were paraded in Bamako on Friday.",
        "December 20, 2024\n\nRussia moved S-400 systems from Tartus to Benghazi, officials said.",
    ]
    results = []
    for workers in (1, 2):
        store = Store(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        for text in texts:
            store.add_document(Document(text=text))
        summary = pipeline.run(store, batch_size=1, workers=workers)
        assert summary.failures == [] and set(summary.processed.values()) == {3}
        analyses = store.load_analyses(sorted(d.id for d in store.queries.documents()))
        for analysis in analyses:
            analysis.document.ingested_at = None  # the one field two runs may not share
        results.append([a.to_dict() for a in analyses])
    assert results[0] == results[1]
    assert any(a["events"] for a in results[0]) and any(a["mentions"] for a in results[0])
