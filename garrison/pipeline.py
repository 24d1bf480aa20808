"""Stages registered by name and run in order over the documents still pending for them.

A stage is a function ``list[Analysis] -> list[Analysis]`` that fills in its part of each
analysis (``produces``) from what earlier stages filled in.  It does no I/O: the runner
loads pending documents from the store, runs the stage over a batch, and saves the batch's
outputs and the stage's completion marks in one transaction, so that a re-run does no
double work and a crash loses at most the batch in flight.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from garrison.model import Analysis

StageFn = Callable[[list[Analysis]], list[Analysis]]


@dataclass(frozen=True)
class Stage:
    name: str
    module: str  # "package.module:function", imported on first use so the CLI starts fast
    produces: tuple[str, ...]  # the Analysis fields this stage writes
    after: tuple[str, ...] = ()
    description: str = ""

    def load(self) -> StageFn:
        module_name, _, attr = self.module.partition(":")
        return getattr(importlib.import_module(module_name), attr)


# The registry, in run order.  Configuration as data: a deployment can reorder or drop stages.
STAGES: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage("entities", "garrison.entities.stage:run", ("mentions", "entities"),
              description="named entities, domain lexicon, resolution to canonical entities"),
        Stage("places", "garrison.places.stage:run", ("toponyms",), after=("entities",),
              description="toponyms resolved against the offline gazetteer"),
        Stage("dates", "garrison.dates.stage:run", ("timexes",),
              description="time expressions normalised against the publication date"),
        Stage("events", "garrison.events.stage:run", ("events",), after=("entities", "places", "dates"),
              description="typed events with arguments, attribution and stance"),
    )
}


def stage_order(names: Sequence[str] | None = None) -> list[Stage]:
    wanted = list(STAGES) if not names else list(names)
    unknown = [n for n in wanted if n not in STAGES]
    if unknown:
        raise KeyError(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(STAGES)}")
    return [STAGES[n] for n in STAGES if n in wanted]


# ---------------------------------------------------------------------------
# the runner (the only part of this module that touches the store)


@dataclass
class RunSummary:
    processed: dict[str, int]
    seconds: dict[str, float]
    failures: list[tuple[str, str, str]]  # (document id, stage, error)

    def to_dict(self) -> dict:
        return {
            "processed": self.processed,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "failures": [{"document": d, "stage": s, "error": e} for d, s, e in self.failures],
        }


@dataclass
class BatchResult:
    analyses: list[Analysis]
    ran: dict[str, list[str]]  # stage name -> ids of the documents it ran on
    seconds: dict[str, float]
    failures: list[tuple[str, str, str]]


@functools.cache
def _function(name: str) -> StageFn:
    return STAGES[name].load()


def process_batch(analyses: list[Analysis], names: Sequence[str], done: dict[str, set[str]]) -> BatchResult:
    """Run the named stages in order over one batch, skipping what ``done`` says is done.

    Pure (no store): the same call runs in this process or in a worker process.
    """
    from time import perf_counter

    result = BatchResult(analyses, {}, {}, [])
    for stage in stage_order(names):
        todo = [a for a in result.analyses if stage.name not in done.get(a.document.id, ())]
        if not todo:
            continue
        started = perf_counter()
        outputs = _run_isolating_failures(stage, _function(stage.name), todo, result.failures)
        result.seconds[stage.name] = perf_counter() - started
        result.ran[stage.name] = [a.document.id for a in outputs]
        by_id = {a.document.id: a for a in outputs}
        result.analyses = [by_id.get(a.document.id, a) for a in result.analyses]
    for analysis in result.analyses:
        analysis.nlp_doc = None  # a parse is heavy and does not cross process boundaries
    return result


def run(store, names: Sequence[str] | None = None, **options) -> RunSummary:
    """:func:`run_unlocked` under the store's processing lock: two runs at once do the work once."""
    from garrison.workers import one_run_at_a_time

    with one_run_at_a_time(store):
        return run_unlocked(store, names, **options)


def run_unlocked(
    store,
    names: Sequence[str] | None = None,
    *,
    batch_size: int | None = None,
    limit: int | None = None,
    workers: int = 1,
    on_batch: Callable[[int], None] | None = None,
) -> RunSummary:
    """Run the named stages (default: all, in order) over every document still pending for them.

    With ``workers`` > 1 the batches are processed in that many worker processes while this
    process alone reads and writes the store, saving each batch as it comes back in order.
    """
    from garrison import config

    stages = stage_order(names)
    stage_names = [s.name for s in stages]
    batch_size = batch_size or config.PIPELINE_BATCH_SIZE
    summary = RunSummary({n: 0 for n in stage_names}, {n: 0.0 for n in stage_names}, [])

    def batches():
        cursor, seen = "", 0
        while limit is None or seen < limit:
            size = batch_size if limit is None else min(batch_size, limit - seen)
            ids = store.pending(stage_names, limit=size, after=cursor)
            if not ids:
                return
            cursor, seen = ids[-1], seen + len(ids)
            yield store.load_analyses(ids), store.finished_stages(ids)

    def save(result: BatchResult) -> None:
        by_id = {a.document.id: a for a in result.analyses}
        for stage in stages:
            if stage.name in result.ran:
                ran = [by_id[i] for i in result.ran[stage.name]]
                store.save_stage(stage.name, stage.produces, ran, result.seconds[stage.name])
                summary.processed[stage.name] += len(ran)
                summary.seconds[stage.name] += result.seconds[stage.name]
        summary.failures.extend(result.failures)
        if on_batch:
            on_batch(len(result.analyses))

    if workers <= 1:
        for analyses, done in batches():
            save(process_batch(analyses, stage_names, done))
        return summary

    import multiprocessing
    import os
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from garrison.workers import die_with_parent

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        in_flight: deque = deque()
        for analyses, done in batches():
            in_flight.append(pool.submit(process_batch, analyses, stage_names, done))
            if len(in_flight) >= 2 * workers:  # bounded: memory stays flat on any corpus size
                save(in_flight.popleft().result())
        while in_flight:
            save(in_flight.popleft().result())
    return summary


def _run_isolating_failures(
    stage: Stage, fn: StageFn, batch: list[Analysis], failures: list[tuple[str, str, str]]
) -> list[Analysis]:
    """Run a batch; if it raises, run its documents one by one so one bad document costs only itself.

    A document whose stage fails is saved with that stage's outputs empty (so a re-run does not loop on
    it) and the failure is reported.  The batch, and then each document alone, runs under the time cap
    (config.STAGE_TIME_CAP_SECONDS): a document over it fails alone with DocumentTimeout.
    """
    from garrison.config import STAGE_TIME_CAP_SECONDS as cap
    from garrison.workers import time_cap

    try:
        with time_cap(cap):
            return fn(batch)
    except Exception as exc:  # noqa: BLE001 — reported, and the run goes on
        if len(batch) == 1:
            return [_failed(stage, batch[0], exc, failures)]
    results = []
    for analysis in batch:
        try:
            with time_cap(cap):
                results.extend(fn([analysis]))
        except Exception as exc:  # noqa: BLE001
            results.append(_failed(stage, analysis, exc, failures))
    return results


def _failed(stage: Stage, analysis: Analysis, exc: Exception, failures: list[tuple[str, str, str]]) -> Analysis:
    failures.append((analysis.document.id, stage.name, f"{type(exc).__name__}: {exc}"))
    for field_name in stage.produces:
        setattr(analysis, field_name, [])
    return analysis


def refresh_fusion(store) -> tuple[int, int]:
    """Fuse all stored events into happenings and presence timelines, replacing the previous ones."""
    from garrison.fusion import fuse, presence

    happenings = fuse(store.all_events(), store.document_headers())
    presences = presence(happenings)
    store.replace_fusion(happenings, presences)
    return len(happenings), len(presences)
