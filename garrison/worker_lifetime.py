"""Worker lifetime and per-document time: workers die with their parent and run one thread each; one document
cannot hold a batch.

Both are process-level concerns the stages must not know about, so they live here and the runner
(garrison/pipeline.py) only passes :func:`die_with_parent` as its pool's initializer and runs stages
under :func:`time_cap`.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# One thread per numeric library in a worker: the workers are the parallelism (two workers on two cores
# would otherwise run four busy threads; measured in docs/benchmarks/scale.md).
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def one_thread_each() -> None:
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # it comes with scikit-learn; without it the variables above still hold
        return
    threadpool_limits(1)  # libraries loaded already


# How often a worker looks for its parent.  A killed parent (SIGKILL, OOM killer) runs no clean-up,
# so the worker notices by itself: its parent id changes when it is re-parented to init.
PARENT_POLL_SECONDS = 0.5


def die_with_parent(parent_pid: int | None = None) -> None:
    """Pool initializer: end this worker as soon as its parent process is gone."""
    parent = parent_pid or os.getppid()

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)  # no clean-up to run: the parent that would collect our results is gone
            time.sleep(PARENT_POLL_SECONDS)

    threading.Thread(target=watch, name="garrison-parent-watch", daemon=True).start()


class DocumentTimeout(Exception):
    """A stage took longer than its time cap over one document (or a batch of them)."""


@contextmanager
def time_cap(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in the block after ``seconds`` (SIGALRM; main thread only, else no cap).

    The exception is raised in Python code between bytecodes, so a stage spending its time in Python
    (the events stage's parse walks) is stopped; a single call into C finishes first."""
    usable = seconds and seconds > 0 and threading.current_thread() is threading.main_thread() \
        and hasattr(signal, "setitimer")
    if not usable:
        yield
        return

    def expire(_signum, _frame):  # noqa: ANN001
        raise DocumentTimeout(f"over the time cap of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def one_run_at_a_time(store) -> Iterator[None]:  # noqa: ANN001
    """Hold the store's processing lock: a second ``process`` on the same store waits for the first,
    then finds its work done, instead of redoing every document beside it.

    SQLite: an advisory lock on ``<store>.process-lock`` beside the file (released by the kernel when
    the holder dies, however it dies).  PostgreSQL: a session advisory lock on its own connection
    (released when that connection closes).  A store on read-only media cannot be processed anyway."""
    if store.is_sqlite:
        import fcntl

        database = store.engine.url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            yield
            return
        with open(f"{database}.process-lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    from sqlalchemy import text

    with store.engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(7302)"))
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(7302)"))
            connection.commit()
