"""End-to-end throughput of the chain (entities → places → dates → events) against bare ``nlp.pipe``.

    .venv/bin/python bench/bench_events.py [CORPUS ...] [--docs N] [--repeat R] [--workers W] [--clock wall|cpu]

CORPUS: text files or directories of them (one article each); default: the demo corpus in
garrison/data/demo/corpus.  In one process and after a warm-up, the same texts are parsed by
bare ``nlp.pipe`` and run through the chain of stage functions that exist (the chain parses
once, in the first stage); the ratio (goal ≥ 0.7) is chain words/s over bare words/s.  Then the
chain runs in W worker processes (default 2) for articles/s on that many cores (goal ≥ 15),
twice: bare worker processes mapping the stage functions over chunks, and the project's runner
(``pipeline.run(store, workers=W)``) over a scratch SQLite store, which adds loading and saving, the
workers' start-up and the corpus stage (``--runner-marginal``: its rate with those once-a-run costs taken out).
Peak RSS (goal ≤ 1.5 GiB) is the largest of this process and of any worker.  Prints one JSON object.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from garrison.eval.benchmarks import corpus_parser, peak_rss_mib, read_texts, stage_functions

DEFAULT = Path(__file__).resolve().parents[1] / "garrison" / "data" / "demo" / "corpus"
CHAIN = ("entities", "places", "dates", "events")


# the clock of the one-process comparison: wall time, or with --clock cpu this process's CPU time, which
# other work on a shared machine does not inflate (spaCy and the stages run in this one thread)
clock = time.perf_counter


def run_chain(texts: list[str], timings: dict[str, float] | None = None) -> int:
    from garrison.model import Analysis, Document

    batch = [Analysis(Document(text=t)) for t in texts]
    for name, run in stage_functions(CHAIN):
        started = clock()
        batch = run(batch)
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + clock() - started
    return sum(len(a.events) for a in batch)


def _warm(texts: list[str]) -> None:
    run_chain(texts)


def _cpu_seconds() -> tuple[float, float]:
    """(this process's, its reaped children's) user + system seconds: what other work on a shared machine does
    not add to, unlike wall time (a pool's workers are counted once the pool has shut down)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _runner(texts: list[str], workers: int) -> dict[str, float]:
    """Articles/s through ``pipeline.run(workers=W)`` into a scratch store (store I/O included), with where the
    run's wall time went: until the first batch was saved (the workers' start included), until the last, and the
    corpus stage (fusion) after it; and the CPU seconds of this process and of the workers."""
    import tempfile

    from garrison import pipeline
    from garrison.model import Document
    from garrison.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        store = Store(f"sqlite:///{scratch}/bench.db")
        # each copy made unique (a document id is a hash of its text) by a trailing line
        store.add_documents([(Document(text=f"{t}\n\n[{i}]", source_path=f"bench/{i}.txt"), None)
                             for i, t in enumerate(texts)])
        saved: list[float] = []
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        summary = pipeline.run(store, list(CHAIN), workers=workers,
                               on_batch=lambda _n: saved.append(time.perf_counter() - started))
        elapsed = time.perf_counter() - started
        cpu_after = _cpu_seconds()
        store.close()
    fusion = summary.corpus.get("fusion", {}).get("seconds", 0.0)
    return {"runner_articles": len(texts), "runner_seconds": round(elapsed, 2),
            "runner_articles_per_s": round(len(texts) / elapsed, 2),
            "runner_words_per_s": round(sum(len(t.split()) for t in texts) / elapsed),
            "runner_first_batch_saved_s": round(saved[0], 2) if saved else None,
            "runner_last_batch_saved_s": round(saved[-1], 2) if saved else None,
            "runner_fusion_s": round(fusion, 2),
            "runner_parent_cpu_s": round(cpu_after[0] - cpu_before[0], 2),
            "runner_workers_cpu_s": round(cpu_after[1] - cpu_before[1], 2)}


def _runner_marginal(texts: list[str], copies: int, workers: int, first: dict[str, float]) -> dict[str, float]:
    """The runner on twice as many copies: the articles added over the seconds added is its rate with what a
    run pays once (spawning the workers, loading their models) taken out, the figure to set beside the bare
    workers, which are timed warm.  Fusion is not paid once: over copies of the same texts each event has one
    more duplicate a copy, so its clustering grows faster than the articles; the rate without the fusion seconds
    added is given too."""
    second = _runner(texts * (2 * copies), workers)
    added = second["runner_articles"] - first["runner_articles"]
    seconds = second["runner_seconds"] - first["runner_seconds"]
    fusion = second["runner_fusion_s"] - first["runner_fusion_s"]
    rate = added / seconds if seconds > 0 else float("nan")
    without = added / (seconds - fusion) if seconds - fusion > 0 else float("nan")
    return {"runner_twice_articles": second["runner_articles"], "runner_twice_seconds": second["runner_seconds"],
            "runner_twice_fusion_s": second["runner_fusion_s"],
            "runner_marginal_articles_per_s": round(rate, 2),
            "runner_marginal_without_fusion_articles_per_s": round(without, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = corpus_parser(__doc__.splitlines()[0], unit="articles")
    parser.add_argument("--workers", type=int, default=2, help="processes for the multi-core run (0: skip)")
    parser.add_argument("--chunk", type=int, default=8, help="articles per task in the multi-core run")
    parser.add_argument("--runner-copies", type=int, default=5,
                        help="copies of the corpus fed to the runner, so worker start-up (spawned processes "
                             "loading the models) is spread as on a real run (0: skip the runner)")
    parser.add_argument("--runner-marginal", action="store_true",
                        help="also run the runner on twice the copies and report its marginal rate (the added "
                             "articles over the added seconds: start-up and other once-a-run costs taken out)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="time the one-process comparison by wall time or by this process's CPU time "
                             "(cpu: for a machine other work shares)")
    args = parser.parse_args(argv)
    global clock
    clock = time.process_time if args.clock == "cpu" else time.perf_counter

    from garrison import nlp

    texts = read_texts(args.corpus or [DEFAULT])
    if args.docs:
        texts = texts[: args.docs]
    if not texts:
        print("error: no articles found in the corpus given", file=sys.stderr)
        return 2
    words = sum(len(t.split()) for t in texts)
    _warm(texts[:4])
    list(nlp.pipe(texts[:4]))

    bare, chained, per_stage = [], [], []
    events = 0
    for _ in range(args.repeat):
        started = clock()
        for _doc in nlp.pipe(texts):
            pass
        bare.append(clock() - started)
        timings: dict[str, float] = {}
        started = clock()
        events = run_chain(texts, timings)
        chained.append(clock() - started)
        per_stage.append(timings)
    best = min(range(len(chained)), key=chained.__getitem__)
    result = {
        "clock": args.clock,
        "articles": len(texts), "words": words, "events": events,
        "stages": [name for name, _ in stage_functions(CHAIN)],
        "bare_words_per_s": round(words / min(bare)),
        "chain_words_per_s": round(words / chained[best]),
        "chain_articles_per_s": round(len(texts) / chained[best], 2),
        "ratio_to_bare_spacy": round(min(bare) / chained[best], 3),
        "seconds_per_stage": {k: round(v, 3) for k, v in per_stage[best].items()},
    }
    if args.workers:
        chunks = [texts[i: i + args.chunk] for i in range(0, len(texts), args.chunk)]
        cpu_before = _cpu_seconds()
        with ProcessPoolExecutor(args.workers, initializer=_warm, initargs=(texts[:2],)) as pool:
            list(pool.map(run_chain, [texts[:1]] * args.workers))  # workers up and warm before the clock
            started = time.perf_counter()
            list(pool.map(run_chain, chunks))
            elapsed = time.perf_counter() - started
        cpu_after = _cpu_seconds()
        # the workers' CPU includes their short warm-up (forked from this process, the models already loaded)
        result.update({"workers": args.workers, "parallel_articles_per_s": round(len(texts) / elapsed, 2),
                       "parallel_words_per_s": round(words / elapsed),
                       "parallel_workers_cpu_s": round(cpu_after[1] - cpu_before[1], 2)})
        if args.runner_copies:
            result.update(_runner(texts * args.runner_copies, args.workers))
            result["runner_vs_bare_workers"] = round(
                result["runner_articles_per_s"] / result["parallel_articles_per_s"], 3)
            # CPU per article, bare workers over the runner's (its parent and workers): the comparison a shared
            # machine does not blur; the runner's includes its workers' start and fusion
            runner_cpu = result["runner_parent_cpu_s"] + result["runner_workers_cpu_s"]
            result["runner_cpu_vs_bare_workers"] = round(
                (result["parallel_workers_cpu_s"] / len(texts)) / (runner_cpu / result["runner_articles"]), 3)
            if args.runner_marginal:
                result.update(_runner_marginal(texts, args.runner_copies, args.workers, result))
                result["runner_marginal_vs_bare_workers"] = round(
                    result["runner_marginal_articles_per_s"] / result["parallel_articles_per_s"], 3)
                result["runner_marginal_without_fusion_vs_bare_workers"] = round(
                    result["runner_marginal_without_fusion_articles_per_s"] / result["parallel_articles_per_s"], 3)
    result["peak_rss_mib"] = round(peak_rss_mib(children=True), 1)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
