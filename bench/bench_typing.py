"""What the codebook typing adds to the chain's time (goal ≤ 10 %).

    .venv/bin/python bench/bench_typing.py [CORPUS ...] [--repeat R]

In one process and after a warm-up, the chain (entities → places → dates → events) runs over the
corpus (default: the demo corpus); the codebook typing steps (``classifier.type_events`` and the trigger
fallback ``triggers._codebook_fallback``) are timed inside it.  Prints one JSON object: chain
seconds, typing seconds and their ratio, median over R repeats (default 3).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from garrison.eval.benchmarks import read_texts, stage_functions

DEFAULT = Path(__file__).resolve().parents[1] / "garrison" / "data" / "demo" / "corpus"
CHAIN = ("entities", "places", "dates", "events")


def one_run(texts: list[str]) -> tuple[float, float]:
    from garrison.events import classifier, triggers
    from garrison.model import Analysis

    typing_seconds = 0.0
    originals = {(classifier, "type_events"): classifier.type_events,
                 (triggers, "_codebook_fallback"): triggers._codebook_fallback}

    def timed(function):
        def run(*args):
            nonlocal typing_seconds
            started = time.perf_counter()
            try:
                return function(*args)
            finally:
                typing_seconds += time.perf_counter() - started
        return run

    for (module, name), function in originals.items():
        setattr(module, name, timed(function))
    try:
        from garrison.model import Document

        batch = [Analysis(Document(text=t)) for t in texts]
        started = time.perf_counter()
        for _, run in stage_functions(CHAIN):
            batch = run(batch)
        chain_seconds = time.perf_counter() - started
    finally:
        for (module, name), function in originals.items():
            setattr(module, name, function)
    return chain_seconds, typing_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = read_texts(args.corpus)
    one_run(texts[:5])  # warm-up: models and lexicons loaded
    runs = [one_run(texts) for _ in range(args.repeat)]
    chain = statistics.median(r[0] for r in runs)
    typing = statistics.median(r[1] for r in runs)
    print(json.dumps({"documents": len(texts), "chain_seconds": round(chain, 3), "typing_seconds": round(typing, 3),
                      "typing_share_of_chain": round(typing / chain, 4), "repeats": args.repeat}))


if __name__ == "__main__":
    main()
