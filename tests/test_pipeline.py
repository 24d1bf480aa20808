"""The runner: stages ordered by what they read and write, requirements enforced, idempotent, one bad document
costs only itself, the corpus stage re-run only when what it reads changed."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from garrison import pipeline
from garrison.model import Analysis, Claim, Document, Event, Evidence, Precision, TimeExpression, TimeSpan
from garrison.pipeline import CORPUS, ContractError, Stage, UnmetRequirement
from garrison.store import Store

CALLS: list[tuple[str, list[str]]] = []


def tag_years(batch: list[Analysis], settings=None) -> list[Analysis]:
    """A small document stage for these tests: every 4-digit number is a year; a poisoned text raises."""
    CALLS.append(("years", [a.document.id for a in batch]))
    for analysis in batch:
        if "POISON" in analysis.document.text:
            raise ValueError("cannot read this one")
        analysis.timexes = [
            TimeExpression(analysis.document.id, m.start(), m.end(), m.group(), "DATE", m.group(),
                           TimeSpan(date(int(m.group()), 1, 1), date(int(m.group()), 12, 31), Precision.YEAR))
            for m in re.finditer(r"\b\d{4}\b", analysis.document.text)
        ]
    return batch


def year_events(batch: list[Analysis], settings=None) -> list[Analysis]:
    """Reads what tag_years wrote: one event per year, which the real fusion stage can fuse."""
    CALLS.append(("year_events", [a.document.id for a in batch]))
    for analysis in batch:
        doc = analysis.document
        analysis.events = [
            Event("DEPLOY", doc.id, trigger="arrived", time=x.span,
                  claims=[Claim("", doc.id, [Evidence(x.start, x.end, x.text)], outlet="Test Wire")])
            for x in analysis.timexes
        ]
    return batch


def counted_fusion(corpus, settings=None):
    from garrison.fusion import stage as fusion_stage

    CALLS.append(("fusion", [e.id for e in corpus.events]))
    return fusion_stage.run(corpus, settings)


YEARS = Stage("years", f"{__name__}:tag_years", requires=("document",), produces=("timexes",))
YEAR_EVENTS = Stage("year_events", f"{__name__}:year_events", requires=("document", "timexes"), produces=("events",))
FUSION = Stage("fusion", f"{__name__}:counted_fusion", requires=("documents", "events"),
               produces=("happenings", "presences"), scope=CORPUS)


@pytest.fixture
def stages():
    CALLS.clear()
    return pipeline.registry(FUSION, YEAR_EVENTS, YEARS)  # written backwards on purpose


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'g.db'}")
    for text in ("Troops arrived in 2023.", "The base opened in 2019 and grew in 2024.", "POISON 2020", "No year."):
        s.add_document(Document(text=text, published=date(2024, 5, 1)))
    return s


def test_the_order_comes_from_requires_and_produces_not_from_how_the_registry_is_written(stages):
    assert [s.name for s in pipeline.stage_order(stages=stages)] == ["years", "year_events", "fusion"]
    shuffled = list(stages.values())
    random.Random(3).shuffle(shuffled)
    assert [s.name for s in pipeline.stage_order(stages=pipeline.registry(*shuffled))] == [
        "years", "year_events", "fusion"]
    # the real registry: each stage after the producers of what it reads
    order = [s.name for s in pipeline.stage_order()]
    assert order.index("entities") < order.index("places") < order.index("events") < order.index("fusion")
    assert order.index("dates") < order.index("events") and order[-1] == "fusion"


@pytest.mark.parametrize("bad, message", [
    ((Stage("a", "m:f", ("document", "events"), ("timexes",)), Stage("b", "m:f", ("timexes",), ("events",))),
     "cycle"),
    ((Stage("a", "m:f", ("document",), ("timexes",)), Stage("b", "m:f", ("document",), ("timexes",))),
     "produced by both"),
    ((Stage("a", "m:f", ("toponyms",), ("timexes",)),), "no stage produces"),
    ((Stage("a", "m:f", ("document",), ("colour",)),), "not a field"),
    ((Stage("a", "m:f", ("document",), ("happenings",)),), "not a field"),  # a corpus field from a document stage
])
def test_an_inconsistent_registry_is_refused(bad, message):
    with pytest.raises(ContractError, match=message):
        pipeline.registry(*bad)


def test_a_stage_runs_once_per_document_and_a_rerun_does_nothing(store, stages):
    first = pipeline.run(store, ["years"], batch_size=2, stages=stages)
    assert first.processed == {"years": 4}
    assert [f[1] for f in first.failures] == ["years"]
    assert sorted(x.text for a in store.load_analyses([d.id for d in store.queries.documents()]) for x in a.timexes) == [
        "2019", "2023", "2024"]
    CALLS.clear()
    second = pipeline.run(store, ["years"], stages=stages)
    assert second.processed == {"years": 0} and [c for c in CALLS if c[0] == "years"] == []


def test_a_failing_document_is_reported_and_does_not_sink_its_batch(store, stages):
    summary = pipeline.run(store, ["years"], batch_size=10, stages=stages)
    (failure,) = summary.failures
    assert failure[2] == "ValueError: cannot read this one"
    assert store.queries.status()["timexes"] == 3
    assert len([c for c in CALLS if c[0] == "years"]) == 1 + 4  # the batch, then each document alone


def test_limit_and_unknown_stage(store, stages):
    assert pipeline.run(store, ["years"], limit=3, stages=stages).processed == {"years": 3}
    assert pipeline.run(store, ["years"], stages=stages).processed == {"years": 1}
    with pytest.raises(KeyError, match="unknown stage"):
        pipeline.stage_order(["nope"])


def test_a_stage_whose_input_was_never_produced_is_refused_naming_the_missing_stage(store, stages):
    with pytest.raises(UnmetRequirement) as refused:
        pipeline.run(store, ["year_events"], stages=stages)
    assert str(refused.value).startswith(
        "year_events needs years, which has not run on 4 document(s): run `garrison process --stage years` first")
    assert store.queries.status()["events"] == 0 and CALLS == []  # refused before anything ran
    with pytest.raises(UnmetRequirement, match="fusion needs year_events"):
        pipeline.run(store, ["fusion"], stages=stages)
    pipeline.run(store, ["years"], limit=2, stages=stages)
    with pytest.raises(UnmetRequirement, match="not run on 2 document"):  # only the documents still lacking it
        pipeline.run(store, ["year_events"], stages=stages)
    pipeline.run(store, ["years"], stages=stages)
    assert pipeline.run(store, ["year_events"], stages=stages).processed == {"year_events": 4}


def test_the_corpus_stage_runs_when_what_it_reads_changed_and_only_then(store, stages):
    first = pipeline.run(store, stages=stages)
    assert first.corpus["fusion"]["ran"] and first.corpus["fusion"]["why"] == "never run"
    assert first.corpus["fusion"]["happenings"] == len(store.queries.happenings(limit=100)) >= 3
    assert pipeline.corpus_state(store, FUSION, stages)["state"] == "current"

    CALLS.clear()
    again = pipeline.run(store, stages=stages)
    assert not again.corpus["fusion"]["ran"] and "up to date" in again.corpus["fusion"]["why"]
    assert CALLS == []  # nothing reloaded, nothing fused

    store.add_document(Document(text="More troops arrived in 2021.", published=date(2024, 6, 1)))
    assert pipeline.corpus_state(store, FUSION, stages)["state"] == "waiting"  # its events are not in yet
    only_years = pipeline.run(store, ["years"], stages=stages)
    assert "waiting: year_events on 1 document(s)" in only_years.corpus["fusion"]["why"]
    third = pipeline.run(store, stages=stages)
    assert third.processed == {"years": 0, "year_events": 1}
    assert third.corpus["fusion"]["ran"] and third.corpus["fusion"]["why"] == "stale"
    assert [len(ids) for name, ids in CALLS if name == "fusion"] == [store.queries.status()["events"]]


def test_limit_leaves_the_corpus_stage_waiting_and_redo_cascades_to_what_reads_it(store, stages):
    partial = pipeline.run(store, limit=2, stages=stages)
    assert not partial.corpus["fusion"]["ran"] and store.queries.happenings(limit=10) == []
    pipeline.run(store, stages=stages)
    assert pipeline.reset(store, ["years"], stages) == ["years", "year_events", "fusion"]
    assert store.queries.status()["events"] == 0 and store.pending(["year_events"], limit=10)
    redone = pipeline.run(store, stages=stages)
    assert redone.processed == {"years": 4, "year_events": 4} and redone.corpus["fusion"]["ran"]


def test_a_failing_corpus_stage_is_reported_and_keeps_its_previous_outputs(store, stages):
    pipeline.run(store, stages=stages)
    before = [h.id for h in store.queries.happenings(limit=100)]
    broken = pipeline.registry(YEARS, YEAR_EVENTS, Stage("fusion", "garrison.nowhere:run", FUSION.requires,
                                                         FUSION.produces, scope=CORPUS))
    store.add_document(Document(text="Troops arrived in 2022."))
    summary = pipeline.run(store, stages=broken)
    assert [(d, s) for d, s, _ in summary.failures] == [("", "fusion")] and not summary.corpus["fusion"]["ran"]
    assert [h.id for h in store.queries.happenings(limit=100)] == before


def record_settings(batch, settings):
    CALLS.append(("settings", [settings]))
    return batch


def test_the_runner_hands_its_settings_to_every_stage(store, tmp_path):
    from garrison.config import Settings

    CALLS.clear()
    stages = pipeline.registry(Stage("spy", f"{__name__}:record_settings", ("document",), ("timexes",)))
    settings = Settings(gazetteer=tmp_path / "g.sqlite", nlp_batch_size=7)
    pipeline.run(store, stages=stages, settings=settings, batch_size=2)
    assert [name for name, _ in CALLS] == ["settings", "settings"]
    assert all(given is settings for _, (given,) in CALLS)


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
        assert summary.corpus["fusion"]["ran"]
        analyses = store.load_analyses(sorted(d.id for d in store.queries.documents()))
        for analysis in analyses:
            analysis.document.ingested_at = None  # the one field two runs may not share
        results.append(([a.to_dict() for a in analyses], [h.to_dict() for h in store.queries.happenings(limit=100)]))
    assert results[0] == results[1]
    assert any(a["events"] for a in results[0][0]) and any(a["mentions"] for a in results[0][0])
    assert results[0][1]


def test_worker_processes_take_a_batch_in_tasks_and_skip_what_each_document_has_done(tmp_path):
    from dataclasses import replace

    from garrison import config

    texts = [f"Russian troops arrived at the {name} base in Mali on {day} March 2025, officials said."
             for name, day in (("Gao", 3), ("Timbuktu", 5), ("Kidal", 9), ("Menaka", 11), ("Tessalit", 14))]
    # tasks of 2 in a batch of 5: three tasks, the last one short
    settings = replace(config.settings(), worker_task_size=2)
    results = []
    for workers in (1, 2):
        store = Store(f"sqlite:///{tmp_path / f't{workers}.db'}")
        for text in texts:
            store.add_document(Document(text=text))
        first = sorted(d.id for d in store.queries.documents())[:2]
        pipeline.run(store, ["entities"], limit=2, batch_size=2)  # two documents have their entities already
        summary = pipeline.run(store, batch_size=5, workers=workers, settings=settings)
        assert summary.failures == []
        assert summary.processed["entities"] == 3 and summary.processed["events"] == 5
        done = store.finished_stages(first)
        assert all("events" in done[i] for i in first)
        analyses = store.load_analyses(sorted(d.id for d in store.queries.documents()))
        for analysis in analyses:
            analysis.document.ingested_at = None
        results.append([a.to_dict() for a in analyses])
    assert results[0] == results[1]
    assert all(a["events"] for a in results[0])
