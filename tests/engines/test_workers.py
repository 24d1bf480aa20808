"""A worker process starts with its models loaded and one thread per numeric library."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def _state() -> tuple[list[int], bool]:
    from threadpoolctl import threadpool_info

    from garrison import nlp

    loaded = nlp.load.cache_info().currsize > 0  # spaCy's models loaded by the warm-up
    return [pool["num_threads"] for pool in threadpool_info()], loaded


def test_a_pool_worker_is_warm_and_single_threaded_before_its_first_batch():
    from garrison.pipeline import start_worker

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker,
                             initargs=(["entities", "places", "dates", "events"],)) as pool:
        threads, loaded = pool.submit(_state).result(timeout=600)
    assert loaded
    assert threads and set(threads) == {1}
