"""What a worker (a process of ``pipeline.run --workers``, a Ray actor) does before its first batch.

Two things cost a second worker its share (measured in docs/benchmarks/scale.md): models loaded when the first
batch arrives, while the writer waits, and numeric libraries that each start a thread per core, so that two
workers on two cores run four busy threads.  A worker starts with one thread for those libraries (the workers are
the parallelism) and with spaCy and the gazetteer loaded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
WARM_UP_TEXT = ("Russian forces deployed two S-400 batteries to al-Khadim air base in Libya on 3 May 2024, "
                "Reuters reported, citing satellite images.")


def one_thread_each() -> None:
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # it comes with scikit-learn; without it the variables above still hold
        return
    threadpool_limits(1)  # libraries loaded already


def warm(names: Sequence[str], settings=None) -> None:
    """Run the document stages once on a short text, so that their models are loaded before real work."""
    from garrison import config, pipeline
    from garrison.model import Analysis, Document

    stages = [s for s in pipeline.stage_order(names) if s.scope == pipeline.DOCUMENT]
    pipeline.process_batch([Analysis(Document(WARM_UP_TEXT, language="en"))], stages, {},
                           settings or config.settings())


def start_worker(names: Sequence[str], settings=None, parent_pid: int | None = None) -> None:
    """Initializer of a worker process: it dies with its parent, then warms up."""
    from garrison.engines.lifetime import die_with_parent

    die_with_parent(parent_pid)
    one_thread_each()
    warm(names, settings)
    one_thread_each()  # the libraries the warm-up loaded
