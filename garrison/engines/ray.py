"""The stages on Ray Data: ``garrison process --engine ray [--address auto|ray://HOST:10001]``.

The same stage functions (``pipeline.process_batch``) run in a pool of Ray actors; each actor
loads spaCy and the gazetteer once, when it starts, and reads its documents from the store itself
(the store URL travels, not the texts).  The driver alone writes: it saves each batch's outputs
and completion marks through the store's writer as results come back, so a run is idempotent and
resumable exactly like the in-process one — what was saved is not redone, a stopped run loses at
most the batches in flight.

Without an address Ray starts locally with a laptop's settings: no dashboard, a bounded object
store, and fractional CPUs per actor (on two cores, two 1-CPU actors would leave Ray Data's own
tasks waiting).  With an address it joins that cluster, where every node needs Garrison installed
and the store must be reachable (PostgreSQL as the team store; see docs/scale.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import Any

from garrison import config
from garrison.model import Analysis

DEFAULT_CPUS_PER_ACTOR = 0.5
DEFAULT_OBJECT_STORE_MIB = 256
STARTS = 3  # attempts at starting a local Ray (see start)


class StageActor:
    """One Ray actor: the models loaded once, then batch after batch of document ids."""

    def __init__(self, store_url: str, names: Sequence[str], settings: Any = None):
        from garrison import pipeline
        from garrison.store import Store

        self.settings = settings or config.settings()
        self.stages = [s for s in pipeline.stage_order(names) if s.name in set(names)]
        self.store = Store(store_url, migrate=False)
        pipeline.start_worker(list(names), self.settings)  # spaCy and the gazetteer loaded once, here, not on the first batch

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        from garrison import pipeline

        ids = [str(i) for i in batch["id"]]
        analyses = self.store.load_analyses(ids)
        done = self.store.finished_stages(ids)
        result = pipeline.process_batch(analyses, self.stages, done, self.settings)
        encoded = json.dumps({
            "analyses": [a.to_dict() for a in result.analyses], "ran": result.ran, "seconds": result.seconds,
            "failures": result.failures,
        }, ensure_ascii=False, default=str)
        return {"result": np.array([encoded], dtype=object)}


def _decode(encoded: str):
    from garrison import pipeline

    data = json.loads(encoded)
    return pipeline.BatchResult([Analysis.from_dict(a) for a in data["analyses"]], data["ran"], data["seconds"],
                                [tuple(f) for f in data["failures"]])


def start(address: str | None = None, *, num_cpus: float | None = None,
          object_store_mib: int = DEFAULT_OBJECT_STORE_MIB) -> None:
    """Join the cluster at ``address``, or start a local Ray sized for a laptop."""
    import ray

    if ray.is_initialized():
        return
    # One thread per actor for the numeric libraries: the actors are the parallelism.
    env = {"env_vars": {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                        "TOKENIZERS_PARALLELISM": "false"}}
    if address:
        ray.init(address=address, runtime_env=env, log_to_driver=False)
        return
    for attempt in range(STARTS):
        try:
            ray.init(num_cpus=int(num_cpus or os.cpu_count() or 1), include_dashboard=False,
                     object_store_memory=object_store_mib * 2**20, runtime_env=env, log_to_driver=False,
                     configure_logging=False)
            break
        except Exception:  # noqa: BLE001 — on a loaded machine the raylet's fixed 15 s wait for its agent can lapse
            ray.shutdown()
            if attempt == STARTS - 1:
                raise
    from ray.data import DataContext

    context = DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False


class RayEngine:
    """A ``pipeline.Engine``: the batches go to a pool of Ray actors, results come back in order.

    ``garrison process --engine ray`` hands it to ``pipeline.run``, so the requirements check, the saving of
    each batch by this process alone and the corpus stages (fusion) afterwards are the in-process run's own.
    """

    def __init__(self, actors: int = 2, *, cpus_per_actor: float = DEFAULT_CPUS_PER_ACTOR,
                 address: str | None = None):
        self.actors = actors
        self.cpus_per_actor = cpus_per_actor
        self.address = address

    def map(self, store, batches, stages, settings):
        import ray.data

        batches = [list(b) for b in batches]
        ids = [i for b in batches for i in b]
        if not ids:
            return
        batch_size = max(len(b) for b in batches)
        start(self.address)
        dataset = ray.data.from_items([{"id": i} for i in ids], override_num_blocks=max(1, len(ids) // batch_size))
        results = dataset.map_batches(
            StageActor,
            fn_constructor_kwargs={"store_url": store.engine.url.render_as_string(hide_password=False),
                                   "names": [s.name for s in stages], "settings": settings},
            batch_size=batch_size, batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=self.actors),
            num_cpus=self.cpus_per_actor)
        for row in results.iter_rows():
            yield _decode(row["result"])


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
