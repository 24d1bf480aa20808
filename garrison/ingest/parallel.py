"""Reading a plan (garrison.ingest.sources.plan_inputs) with worker processes, results in input order.

Reading is most of ingest's cost (decoding, cleaning, dates, language detection, the MinHash signature); deciding
what is new and writing it is little.  So worker processes read the plan's portable units while this process
stays the only writer: the items come back in plan order, so the store ends up exactly as a reading in one
process leaves it.  A small input never pays for the pool: it starts only after the first
``SERIAL_DOCUMENTS`` documents were read here.  Workers are forked where the platform can (they inherit the
loaded modules and the language models, nothing to load) and die with this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from garrison.ingest.dedup import signature
from garrison.ingest.reject import Reject
from garrison.ingest.sources import Portable, Unit
from garrison.model import Document

Signed = tuple[Document | Reject, bytes | None]  # a document comes with its MinHash signature

# Below this many documents a pool costs more than it saves (forking, pickling the documents back).
SERIAL_DOCUMENTS = 200
# Documents per task sent to a worker: enough to hide the round trip, few enough to keep both workers busy.
TASK_DOCUMENTS = 32


def default_workers() -> int:
    """One reading process per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def signed(item: Document | Reject) -> Signed:
    return item, signature(item.text) if isinstance(item, Document) else None


def read_units(units: list[Portable]) -> list[Signed]:
    """A worker's task: read the units, sign their documents."""
    return [signed(item) for unit in units for item in unit()]


class Reader:
    """Reads plans in order with up to ``workers`` worker processes (1: all in this process).

    Use as a context manager: the pool, once started, serves every plan read until the block ends."""

    def __init__(self, workers: int = 1, *, serial_documents: int | None = None) -> None:
        self.workers = max(1, workers)
        self.serial_documents = SERIAL_DOCUMENTS if serial_documents is None else serial_documents
        self._read_here = 0
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def read(self, units: Iterable[Unit]) -> Iterator[Signed]:
        """Every item of the plan with its signature, in plan order."""
        in_flight: deque[Future[list[Signed]]] = deque()
        task: list[Portable] = []
        task_documents = 0
        for unit in units:
            if not isinstance(unit, Portable):  # read here, after everything planned before it
                if task:
                    in_flight.append(self._submit(task))
                    task, task_documents = [], 0
                while in_flight:
                    yield from in_flight.popleft().result()
                yield from map(signed, unit)
                continue
            if self._pool is None and not self._start_now(unit):
                yield from read_units([unit])
                continue
            task.append(unit)
            task_documents += unit.documents
            if task_documents >= TASK_DOCUMENTS:
                in_flight.append(self._submit(task))
                task, task_documents = [], 0
                while len(in_flight) > 2 * self.workers:  # bounded: memory stays flat on any input size
                    yield from in_flight.popleft().result()
        if task:
            in_flight.append(self._submit(task))
        while in_flight:
            yield from in_flight.popleft().result()

    def _start_now(self, unit: Portable) -> bool:
        if self.workers < 2 or self._read_here < self.serial_documents:
            self._read_here += unit.documents
            return False
        from garrison.worker_lifetime import die_with_parent

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context(method),
                                         initializer=die_with_parent, initargs=(os.getpid(),))
        return True

    def _submit(self, task: list[Portable]) -> Future[list[Signed]]:
        assert self._pool is not None
        return self._pool.submit(read_units, list(task))
