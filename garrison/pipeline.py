"""The stages, each declaring the record fields it reads and writes, and the one runner that runs them.

A stage declares what it ``requires`` and what it ``produces``, both fields of the record model:

* a **document stage** fills fields of one document's :class:`~garrison.model.Analysis`; it is a
  function ``(list[Analysis], Settings) -> list[Analysis]`` run over batches of the documents still
  pending for it;
* a **corpus stage** reads what the document stages produced for every document and writes corpus-wide
  records (fields of :class:`~garrison.model.Corpus`); it is a function ``(Corpus, Settings) -> Corpus``
  run once the documents are through, and only when what it reads has changed since it last ran.

The runner orders the stages from those declarations (a stage runs after the producers of what it
requires), refuses a run whose requirements are not met — a stage asked for alone on documents an
earlier stage never saw — and saves each batch's outputs, every stage's with its completion marks, in one
transaction, so that a re-run does no double work and a crash loses at most the batch in flight.
Stages do no I/O; this module alone talks to the store.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any, Protocol

from garrison import config
from garrison.config import Settings
from garrison.model import Analysis, Corpus, Document

DOCUMENT, CORPUS = "document", "corpus"
# Fields no stage produces: ingest stores them.
GIVEN = {DOCUMENT: {"document"}, CORPUS: {"documents"}}
FIELDS = {
    DOCUMENT: {f.name for f in dataclasses.fields(Analysis) if not f.metadata.get("transient")},
    CORPUS: {f.name for f in dataclasses.fields(Corpus)},
}

StageFn = Callable[..., Any]


@dataclass(frozen=True)
class Stage:
    name: str
    module: str  # "package.module:function", imported on first use so the CLI starts fast
    requires: tuple[str, ...]  # the fields it reads (of Analysis for a document stage, of Corpus for a corpus one)
    produces: tuple[str, ...]  # the fields it writes
    scope: str = DOCUMENT

    def load(self) -> StageFn:
        return _load(self.module)


class ContractError(ValueError):
    """The registry itself is inconsistent: a field nobody produces, two producers, a cycle."""


class UnmetRequirement(RuntimeError):
    """A stage was asked to run on documents that a stage it depends on has not processed."""

    def __init__(self, stage: str, missing: dict[str, int]):
        self.stage, self.missing = stage, missing
        names = list(missing)
        if len(names) == 1:
            (name,) = names
            needs = f"{name}, which has not run on {missing[name]} document(s)"
        else:
            needs = ", ".join(f"{n} (not run on {c} document(s))" for n, c in missing.items())
        run = " ".join(f"--stage {n}" for n in names)
        super().__init__(f"{stage} needs {needs}: run `garrison process {run}` first "
                         f"(or `garrison process` to run every stage)")


def registry(*stages: Stage) -> dict[str, Stage]:
    """A registry by name, checked: every field known, produced once, required fields produced, no cycle."""
    by_name = {s.name: s for s in stages}
    check(by_name)
    return by_name


def producers(stages: dict[str, Stage]) -> dict[str, Stage]:
    """Field → the stage producing it.  A corpus stage reads the document stages' fields of the same name."""
    return {f: s for s in stages.values() for f in s.produces}


def check(stages: dict[str, Stage]) -> None:
    made_by: dict[str, str] = {}
    for stage in stages.values():
        if stage.scope not in FIELDS:
            raise ContractError(f"stage {stage.name}: scope must be {DOCUMENT!r} or {CORPUS!r}, not {stage.scope!r}")
        for name in stage.produces:
            if name not in FIELDS[stage.scope] or name in GIVEN[stage.scope]:
                raise ContractError(f"stage {stage.name} produces {name!r}, which is not a field a {stage.scope} "
                                    f"stage can write ({', '.join(sorted(FIELDS[stage.scope] - GIVEN[stage.scope]))})")
            if name in made_by:
                raise ContractError(f"{name!r} is produced by both {made_by[name]} and {stage.name}")
            made_by[name] = stage.name
    for stage in stages.values():
        for name in stage.requires:
            if name not in FIELDS[stage.scope]:
                raise ContractError(f"stage {stage.name} requires {name!r}, which is not a field of the "
                                    f"{stage.scope} record")
            if name not in GIVEN[stage.scope] and name not in made_by:
                raise ContractError(f"stage {stage.name} requires {name!r}, which no stage produces")
            if stage.scope == DOCUMENT and stages[made_by.get(name, stage.name)].scope == CORPUS:
                raise ContractError(f"document stage {stage.name} cannot require corpus field {name!r}")
    _topological(stages)


def upstream(stage: Stage, stages: dict[str, Stage]) -> list[Stage]:
    """The stages producing what ``stage`` requires (directly)."""
    made_by = producers(stages)
    return list({made_by[f].name: made_by[f] for f in stage.requires if f in made_by}.values())


def downstream(names: Iterable[str], stages: dict[str, Stage]) -> set[str]:
    """``names`` and every stage that reads, directly or not, what they produce."""
    found = set(names)
    changed = True
    while changed:
        changed = False
        for stage in stages.values():
            if stage.name not in found and any(u.name in found for u in upstream(stage, stages)):
                found.add(stage.name)
                changed = True
    return found


def _topological(stages: dict[str, Stage]) -> list[Stage]:
    """Producers before consumers; ties by name, so the order never depends on how the registry is written."""
    waiting = {s.name: {u.name for u in upstream(s, stages)} for s in stages.values()}
    order: list[Stage] = []
    while waiting:
        ready = sorted(n for n, needs in waiting.items() if not needs)
        if not ready:
            raise ContractError(f"the stages {', '.join(sorted(waiting))} depend on each other in a cycle")
        for name in ready:
            order.append(stages[name])
            del waiting[name]
        for needs in waiting.values():
            needs.difference_update(ready)
    return order


# The stages.  Their order here does not matter: the runner derives it from requires/produces.
STAGES: dict[str, Stage] = registry(
    Stage("entities", "garrison.entities.stage:run", requires=("document",), produces=("mentions", "entities")),
    Stage("places", "garrison.places.stage:run", requires=("document", "mentions"), produces=("toponyms",)),
    Stage("dates", "garrison.dates.stage:run", requires=("document",), produces=("timexes",)),
    Stage("events", "garrison.events.stage:run", requires=("document", "mentions", "toponyms", "timexes"),
          produces=("events",)),
    Stage("fusion", "garrison.fusion.stage:run", requires=("documents", "events"),
          produces=("happenings", "presences"), scope=CORPUS),
)


def stage_order(names: Sequence[str] | None = None, stages: dict[str, Stage] | None = None) -> list[Stage]:
    """The stages to run, in dependency order: the named ones (default all) and every corpus stage.

    Corpus stages always take part: they run only when what they read has changed, so a run of any
    document stage leaves no corpus output stale.
    """
    stages = STAGES if stages is None else stages
    check(stages)
    wanted = set(stages) if not names else set(names)
    unknown = sorted(wanted - set(stages))
    if unknown:
        raise KeyError(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(sorted(stages))}")
    return [s for s in _topological(stages) if s.name in wanted or s.scope == CORPUS]


# ---------------------------------------------------------------------------
# the runner (the only part of this module that touches the store)


@dataclass
class RunSummary:
    processed: dict[str, int]  # document stage -> documents it ran on
    seconds: dict[str, float]
    failures: list[tuple[str, str, str]]  # (document id, or "" for a corpus stage; stage; error)
    corpus: dict[str, dict[str, Any]] = field(default_factory=dict)  # corpus stage -> what happened (see run)
    engine: dict[str, Any] = field(default_factory=dict)  # where an engine that reports it spent its time

    def to_dict(self) -> dict:
        return {
            "processed": self.processed,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "failures": [{"document": d, "stage": s, "error": e} for d, s, e in self.failures],
            "corpus": self.corpus,
        } | ({"engine": self.engine} if self.engine else {})


@dataclass
class BatchResult:
    analyses: list[Analysis]
    ran: dict[str, list[str]]  # stage name -> ids of the documents it ran on
    seconds: dict[str, float]
    failures: list[tuple[str, str, str]]


@functools.cache
def _load(module: str) -> StageFn:
    module_name, _, attr = module.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def process_batch(analyses: list[Analysis], stages: Sequence[Stage], done: dict[str, set[str]],
                  settings: Settings) -> BatchResult:
    """Run the document stages, in the order given, over one batch, skipping what ``done`` says is done.

    Pure (no store): the same call runs in this process or in a worker process.
    """
    result = BatchResult(analyses, {}, {}, [])
    for stage in stages:
        todo = [a for a in result.analyses if stage.name not in done.get(a.document.id, ())]
        if not todo:
            continue
        started = perf_counter()
        outputs = _run_isolating_failures(stage, stage.load(), todo, settings, result.failures)
        result.seconds[stage.name] = perf_counter() - started
        result.ran[stage.name] = [a.document.id for a in outputs]
        by_id = {a.document.id: a for a in outputs}
        result.analyses = [by_id.get(a.document.id, a) for a in result.analyses]
    for analysis in result.analyses:
        analysis.nlp_doc = None  # a parse is heavy and does not cross process boundaries
    return result


def reset(store, names: Sequence[str], stages: dict[str, Stage] | None = None) -> list[str]:
    """Forget the work of the named stages and of every stage reading what they produce; returns their names.

    Redoing places without redoing events would leave events standing on the old toponyms.
    """
    stages = STAGES if stages is None else stages
    forgotten = [s for s in _topological(stages) if s.name in downstream(names, stages)]
    for stage in forgotten:
        if stage.scope == DOCUMENT:
            store.reset_stage(stage.name, stage.produces)
        else:
            store.forget_corpus_run(stage.name)
    return [s.name for s in forgotten]


def check_requirements(store, plan: Sequence[Stage], named: Sequence[str] | None = None,
                       stages: dict[str, Stage] | None = None) -> None:
    """Refuse a plan whose stages need work a stage outside the plan has not done (raises UnmetRequirement).

    A corpus stage that was not named is not refused: it waits (see :func:`run`).
    """
    stages = STAGES if stages is None else stages
    in_plan = {s.name for s in plan}
    for stage in plan:
        if stage.scope == CORPUS and named and stage.name not in named:
            continue
        missing: dict[str, int] = {}
        needing = set(store.pending([stage.name], limit=10**9)) if stage.scope == DOCUMENT else None
        for source in upstream(stage, stages):
            if source.name in in_plan:
                continue
            not_done = set(store.pending([source.name], limit=10**9))
            count = len(not_done if needing is None else not_done & needing)
            if count:
                missing[source.name] = count
        if missing:
            raise UnmetRequirement(stage.name, missing)


def run(store, names: Sequence[str] | None = None, **options) -> RunSummary:
    """:func:`run_unlocked` under the store's processing lock: two runs at once do the work once."""
    from garrison.worker_lifetime import one_run_at_a_time

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
    settings: Settings | None = None,
    stages: dict[str, Stage] | None = None,
    engine: Engine | None = None,
) -> RunSummary:
    """Run the named stages (default: all) in dependency order over every document still pending for them,
    then every corpus stage whose inputs changed.

    Raises :class:`UnmetRequirement` before doing anything when a named stage needs the work of a stage
    that is neither named nor done on the documents concerned.  A corpus stage waits (``corpus[name]``
    says why) while a document stage it reads from is still pending somewhere, e.g. after ``limit``.

    The batches are processed by ``engine`` (default: in this process, or in ``workers`` worker
    processes) while this process alone reads and writes the store, saving each batch as it comes back.
    """
    stages = STAGES if stages is None else stages
    settings = settings or config.settings()
    plan = stage_order(names, stages)
    check_requirements(store, plan, names, stages)
    document_stages = [s for s in plan if s.scope == DOCUMENT]
    stage_names = [s.name for s in document_stages]
    batch_size = batch_size or settings.pipeline_batch_size
    summary = RunSummary({n: 0 for n in stage_names}, {n: 0.0 for n in stage_names}, [])
    engine = engine or (InProcess() if workers <= 1 else WorkerProcesses(workers))

    def pending_ids():
        cursor, seen = "", 0
        while stage_names and (limit is None or seen < limit):
            size = batch_size if limit is None else min(batch_size, limit - seen)
            ids = store.pending(stage_names, limit=size, after=cursor)
            if not ids:
                return
            cursor, seen = ids[-1], seen + len(ids)
            yield ids

    for result in engine.map(store, pending_ids(), document_stages, settings):
        by_id = {a.document.id: a for a in result.analyses}
        outputs = []
        for stage in document_stages:
            if stage.name in result.ran:
                ran = [by_id[i] for i in result.ran[stage.name]]
                outputs.append((stage.name, stage.produces, ran, result.seconds[stage.name]))
                summary.processed[stage.name] += len(ran)
                summary.seconds[stage.name] += result.seconds[stage.name]
        # the batch's stages in one transaction: one commit a batch, and a batch saved whole or not at all
        if outputs:
            store.save_batch(outputs)
        summary.failures.extend(result.failures)
        if on_batch:
            on_batch(len(result.analyses))
    summary.engine = dict(getattr(engine, "report", {}))

    for stage in plan:
        if stage.scope == CORPUS:
            summary.corpus[stage.name] = run_corpus_stage(store, stage, settings, stages, summary.failures)
    return summary


class Engine(Protocol):
    """Turns batches of pending document ids into processed batches, in order; the runner saves them."""

    def map(self, store, batches: Iterable[list[str]], stages: Sequence[Stage],
            settings: Settings) -> Iterator[BatchResult]: ...


class InProcess:
    def map(self, store, batches, stages, settings):
        for ids in batches:
            yield process_batch(store.load_analyses(ids), stages, store.finished_stages(ids), settings)


# A short text in the stages' style: the warm-up loads every model a stage uses.
WARM_UP_TEXT = ("Russian forces deployed two S-400 batteries to al-Khadim air base in Libya on 3 May 2024, "
                "Reuters reported, citing satellite images.")


def warm(names: Sequence[str], settings=None) -> None:
    """Run the document stages once on a short text, so that their models are loaded before real work."""
    stages = [s for s in stage_order(names) if s.scope == DOCUMENT]
    process_batch([Analysis(Document(WARM_UP_TEXT, language="en"))], stages, {}, settings or config.settings())


def start_worker(names: Sequence[str], settings=None, parent_pid: int | None = None) -> None:
    """Initializer of a worker process (a pool's, a Ray actor's): it dies with its parent, then warms up, so that
    spaCy and the gazetteer are loaded before the first batch arrives, not while the writer waits for it."""
    from garrison.worker_lifetime import die_with_parent, one_thread_each

    die_with_parent(parent_pid)
    one_thread_each()
    warm(names, settings)
    one_thread_each()  # the libraries the warm-up loaded


class WorkerProcesses:
    """Batches processed in worker processes (spawned, models loaded before the first batch)."""

    def __init__(self, workers: int):
        self.workers = workers

    def map(self, store, batches, stages, settings):
        import multiprocessing
        import os
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=start_worker,
                                 initargs=([s.name for s in stages], settings, os.getpid())) as pool:
            in_flight: deque = deque()
            task = max(1, settings.worker_task_size)
            for ids in batches:
                analyses, done = store.load_analyses(ids), store.finished_stages(ids)
                for start in range(0, len(analyses), task):
                    part = analyses[start:start + task]
                    in_flight.append(pool.submit(process_batch, part, stages,
                                                 {a.document.id: done[a.document.id] for a in part
                                                  if a.document.id in done}, settings))
                    if len(in_flight) >= 2 * self.workers:  # bounded: memory stays flat on any corpus size
                        yield in_flight.popleft().result()
            while in_flight:
                yield in_flight.popleft().result()


def corpus_state(store, stage: Stage, stages: dict[str, Stage] | None = None) -> dict[str, Any]:
    """Whether a corpus stage is ``current``, ``stale`` (what it reads changed), ``never run``, or ``waiting``
    (a document stage it reads from is pending on some documents); with the marks it compares."""
    stages = STAGES if stages is None else stages
    sources = [s.name for s in upstream(stage, stages)]
    waiting = {name: len(store.pending([name], limit=10**9)) for name in sources if store.pending([name], limit=1)}
    inputs = store.stage_marks(sources)
    last = store.corpus_run(stage.name)
    if waiting:
        state = "waiting"
    elif last is None:
        state = "never run"
    elif last["inputs"] != inputs:
        state = "stale"
    else:
        state = "current"
    return {"state": state, "inputs": inputs, "waiting_on": waiting, "last_run": last}


def run_corpus_stage(store, stage: Stage, settings: Settings, stages: dict[str, Stage],
                     failures: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Run one corpus stage if what it reads changed since its last run; what happened, for the summary."""
    state = corpus_state(store, stage, stages)
    if state["state"] == "waiting":
        pending = ", ".join(f"{name} on {n} document(s)" for name, n in state["waiting_on"].items())
        return {"ran": False, "why": f"waiting: {pending} still to run"}
    if state["state"] == "current":
        return {"ran": False, "why": "up to date: nothing it reads changed since its last run"}
    started = perf_counter()
    corpus = Corpus(**{name: CORPUS_READERS[name](store) for name in stage.requires})
    try:
        corpus = stage.load()(corpus, settings)
    except Exception as exc:  # noqa: BLE001 — reported; the previous outputs stay as they were
        failures.append(("", stage.name, f"{type(exc).__name__}: {exc}"))
        return {"ran": False, "why": f"failed: {type(exc).__name__}: {exc}"}
    seconds = perf_counter() - started
    counts = {name: len(getattr(corpus, name)) for name in stage.produces}
    save_corpus(store, stage, corpus, {"inputs": state["inputs"], "seconds": seconds, "outputs": counts})
    return {"ran": True, "why": state["state"], "seconds": round(seconds, 3), **counts}


# How the store gives a corpus stage the fields it reads, and keeps the fields it writes.
CORPUS_READERS: dict[str, Callable[[Any], Any]] = {
    "documents": lambda store: store.document_headers(),
    "events": lambda store: store.all_events(),
}


def save_corpus(store, stage: Stage, corpus: Corpus, mark: dict[str, Any]) -> None:
    if set(stage.produces) != {"happenings", "presences"}:
        raise ContractError(f"the store keeps happenings and presences, not {', '.join(stage.produces)}")
    store.replace_fusion(corpus.happenings, corpus.presences, run={"stage": stage.name, **mark})


def _run_isolating_failures(
    stage: Stage, fn: StageFn, batch: list[Analysis], settings: Settings, failures: list[tuple[str, str, str]]
) -> list[Analysis]:
    """Run a batch; if it raises, run its documents one by one so one bad document costs only itself.

    A document whose stage fails is saved with that stage's outputs empty (so a re-run does not loop on
    it) and the failure is reported.  The batch, and then each document alone, runs under the time cap
    (config.STAGE_TIME_CAP_SECONDS): a document over it fails alone with DocumentTimeout.
    """
    from garrison.config import STAGE_TIME_CAP_SECONDS as cap
    from garrison.worker_lifetime import time_cap

    try:
        with time_cap(cap):
            return fn(batch, settings)
    except Exception as exc:  # noqa: BLE001 — reported, and the run goes on
        if len(batch) == 1:
            return [_failed(stage, batch[0], exc, failures)]
    results = []
    for analysis in batch:
        try:
            with time_cap(cap):
                results.extend(fn([analysis], settings))
        except Exception as exc:  # noqa: BLE001
            results.append(_failed(stage, analysis, exc, failures))
    return results


def _failed(stage: Stage, analysis: Analysis, exc: Exception, failures: list[tuple[str, str, str]]) -> Analysis:
    failures.append((analysis.document.id, stage.name, f"{type(exc).__name__}: {exc}"))
    for field_name in stage.produces:
        setattr(analysis, field_name, [])
    return analysis
