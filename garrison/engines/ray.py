"""The stages on Ray: ``garrison process --engine ray [--address auto|ray://HOST:10001]``.

The same stage functions (``pipeline.process_batch``) run in a pool of Ray actors; each actor loads spaCy and the
gazetteer once, when it starts, and reads its documents from the store itself (the store URL travels, not the
texts).  The driver hands the batches out itself: each actor has the next batch waiting while it works on one, so
neither actor waits for the driver, and the driver saves the results in the order it read the batches while the
actors go on working.  The driver alone writes, through the store's writer, so a run is idempotent and resumable
exactly like the in-process one — what was saved is not redone, a stopped run loses at most the batches in flight.

Plain Ray actors, not Ray Data's ``map_batches``: a Ray Data run starts three helper actors of its own (autoscaling
coordinator, stats, actor locations) and imports pandas and pyarrow in every process, ≈ 13 CPU seconds of a
two-core laptop's run for a queue the driver keeps in a few lines (measured in docs/benchmarks/scale.md).

Without an address Ray starts locally with a laptop's settings: no dashboard, a bounded object store, and
fractional CPUs per actor.  With an address it joins that cluster, where every node needs Garrison installed and
the store must be reachable (PostgreSQL as the team store; see docs/scale.md).
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from garrison import config

DEFAULT_CPUS_PER_ACTOR = 0.5
DEFAULT_OBJECT_STORE_MIB = 256
STARTS = 3  # attempts at starting a local Ray (see start)
# Batches queued at an actor: one it works on and the next, so it never waits for the driver between two.
AHEAD = 2
# Batches an actor gets at least, when the pending documents allow: the pool's last batches end close together.
BATCHES_PER_ACTOR = 4


class StageActor:
    """One Ray actor: the models loaded once, then batch after batch of document ids."""

    def __init__(self, store_url: str, names: Sequence[str], settings: Any = None):
        from garrison import pipeline
        from garrison.store import Store

        started = time.perf_counter()
        self.settings = settings or config.settings()
        self.stages = [s for s in pipeline.stage_order(names) if s.name in set(names)]
        self.store = Store(store_url, migrate=False)
        pipeline.start_worker(list(names), self.settings)  # spaCy and the gazetteer loaded once, here, not on the first batch
        self.loading_s = time.perf_counter() - started

    def process(self, ids: list[str]):
        """The batch's results, and what the engine's report counts: this actor's process, how long it took to load
        its models, and how long the batch took (wall and CPU seconds)."""
        from garrison import pipeline

        started, cpu = time.perf_counter(), time.process_time()
        result = pipeline.process_batch(self.store.load_analyses(ids), self.stages, self.store.finished_stages(ids),
                                        self.settings)
        return result, {"pid": os.getpid(), "loading_s": self.loading_s, "busy_s": time.perf_counter() - started,
                        "cpu_s": time.process_time() - cpu}


def sized_batch(count: int, largest: int, actors: int) -> int:
    """The batch size for ``count`` pending documents: at most ``largest``, small enough that every actor gets
    BATCHES_PER_ACTOR batches — 200 documents in batches of 64 would give two actors 128 and 72."""
    return max(1, min(largest, count // (actors * BATCHES_PER_ACTOR)))


def start(address: str | None = None, *, num_cpus: float | None = None,
          object_store_mib: int = DEFAULT_OBJECT_STORE_MIB) -> None:
    """Join the cluster at ``address``, or start a local Ray sized for a laptop."""
    import ray

    if ray.is_initialized():
        return
    # One thread per actor for the numeric libraries: the actors are the parallelism.
    threads = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
               "TOKENIZERS_PARALLELISM": "false"}
    if address:
        ray.init(address=address, runtime_env={"env_vars": threads}, log_to_driver=False)
        return
    # Locally the raylet, and so every worker it starts, inherits this process's environment: the variables set
    # here reach the actors without a runtime_env, which would make Ray start new workers for the actors (and
    # leave idle the ones it starts with the node) — seconds of a laptop's start-up, measured in
    # docs/benchmarks/scale.md.
    saved = {name: os.environ.get(name) for name in threads}
    os.environ.update(threads)
    try:
        for attempt in range(STARTS):
            try:
                ray.init(num_cpus=int(num_cpus or os.cpu_count() or 1), include_dashboard=False,
                         object_store_memory=object_store_mib * 2**20, log_to_driver=False, configure_logging=False)
                break
            except Exception:  # noqa: BLE001 — on a loaded machine the raylet's fixed wait for its agent can lapse
                ray.shutdown()
                if attempt == STARTS - 1:
                    raise
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class RayEngine:
    """A ``pipeline.Engine``: the batches go to a pool of Ray actors, results come back in order.

    ``garrison process --engine ray`` hands it to ``pipeline.run``, so the requirements check, the saving of
    each batch by this process alone and the corpus stages (fusion) afterwards are the in-process run's own.
    After a run, ``report`` says where the time went: Ray's start, the actors' start, and each actor's batches,
    documents, busy and CPU seconds.
    """

    def __init__(self, actors: int = 2, *, cpus_per_actor: float = DEFAULT_CPUS_PER_ACTOR,
                 address: str | None = None):
        self.actors = actors
        self.cpus_per_actor = cpus_per_actor
        self.address = address
        self.report: dict[str, Any] = {}

    def map(self, store, batches, stages, settings):
        import ray

        batches = [list(b) for b in batches]  # ids only (the actors read the documents): cheap to hold
        ids = [i for b in batches for i in b]
        if not ids:
            return
        size = sized_batch(len(ids), max(map(len, batches)), self.actors)
        queue = deque(ids[i:i + size] for i in range(0, len(ids), size))
        began = time.perf_counter()
        start(self.address)
        self.report = {"ray_start_s": round(time.perf_counter() - began, 2), "batches": len(queue),
                       "batch_size": size}
        actor_class = ray.remote(StageActor).options(num_cpus=self.cpus_per_actor, max_restarts=1,
                                                     max_task_retries=1)
        url = store.engine.url.render_as_string(hide_password=False)
        actors = [actor_class.remote(url, [s.name for s in stages], settings) for _ in range(self.actors)]
        queued = [0] * len(actors)  # batches sent to each actor and not yet back
        in_order: deque = deque()  # (result ref, actor) in the order the batches were read: saved in that order
        finished: set = set()
        busy: dict[int, dict[str, float]] = {}
        first = None
        try:
            while queue or in_order:
                # Top up every actor to AHEAD batches, the least loaded first; the window bounds what is held.
                while queue and len(in_order) < 2 * AHEAD * len(actors):
                    actor = min(range(len(actors)), key=queued.__getitem__)
                    if queued[actor] >= AHEAD:
                        break
                    in_order.append((actors[actor].process.remote(queue.popleft()), actor))
                    queued[actor] += 1
                # Wait for any batch (an actor that is done gets its next batch now, not after the oldest one) …
                running = [ref for ref, _ in in_order if ref not in finished]
                done, _ = ray.wait(running, num_returns=1)
                for ref, actor in in_order:
                    if ref in done:
                        finished.add(ref)
                        queued[actor] -= 1
                # … and hand the runner every batch that is back, in order.
                while in_order and in_order[0][0] in finished:
                    ref, _ = in_order.popleft()
                    finished.discard(ref)
                    result, timing = ray.get(ref)
                    first = first or time.perf_counter()
                    mine = busy.setdefault(timing["pid"], {"loading_s": timing["loading_s"], "batches": 0,
                                                           "documents": 0, "busy_s": 0.0, "cpu_s": 0.0})
                    mine["batches"] += 1
                    mine["documents"] += len(result.analyses)
                    mine["busy_s"] += timing["busy_s"]
                    mine["cpu_s"] += timing["cpu_s"]
                    yield result
        finally:
            for actor in actors:
                ray.kill(actor)
        self.report |= {
            "first_batch_back_s": round((first or began) - began, 2),
            "stages_s": round(time.perf_counter() - began, 2),
            "actors": [{k: round(v, 2) for k, v in b.items()} for b in busy.values()],
        }


def run(
    store,
    names: Sequence[str] | None = None,
    *,
    batch_size: int | None = None,
    limit: int | None = None,
    actors: int = 2,
    cpus_per_actor: float = DEFAULT_CPUS_PER_ACTOR,
    address: str | None = None,
    on_batch: Callable[[int], None] | None = None,
):
    """Run the named stages over every pending document on Ray; the same summary as ``pipeline.run``."""
    from garrison import pipeline

    return pipeline.run(store, names, batch_size=batch_size, limit=limit, on_batch=on_batch,
                        engine=RayEngine(actors, cpus_per_actor=cpus_per_actor, address=address))
