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
    assert store.status()["timexes"] == 3
    assert len(CALLS) == 1 + 4  # the batch, then each document alone


def test_limit_and_unknown_stage(store):
    assert pipeline.run(store, ["years"], limit=3).processed == {"years": 3}
    assert pipeline.run(store, ["years"]).processed == {"years": 1}
    with pytest.raises(KeyError, match="unknown stage"):
        pipeline.stage_order(["nope"])
