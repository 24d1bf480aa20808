"""Processing time against document length: seconds per kB of one long document, as a ratio to a 10 kB one.

    .venv/bin/python bench/bench_length.py [--sizes 10,50,100,200] [--repeat 2] [--wrap 72]

Each size is one document of generated news-like prose (the synthetic reports' sentences, paragraph after
paragraph, `garrison/eval/synthetic.py`), stored alone in a scratch SQLite store and run through
``pipeline.run`` — every stage, fusion included, with the store's loading and saving — after a warm-up in
the same process, so that loading spaCy is not counted.  The time of each size is the best of --repeat
runs (each on a fresh store), by CPU time: on a shared machine the wall time also measures the neighbours
(both are printed; the ratios ``cpu_per_kB_ratio`` and ``per_kB_ratio``).  Linear growth shows as a per-kB ratio near 1 against the first size; the
stages' own seconds show which one grows faster (fusion's are corpus-wide: they grow with the events of
the store, however many documents told them).  --wrap N hard-wraps the paragraphs at N columns, as plain-text
reports and e-mails are.  Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from garrison.eval import synthetic


def news_text(kilobytes: int, seed: int = 15, wrap: int = 0) -> str:
    """About ``kilobytes`` kB of report paragraphs (each a synthetic report's body, without its dateline)."""
    rng = random.Random(seed)
    paragraphs, size, number = [], 0, 0
    while size < kilobytes * 1000:
        _, report = synthetic.report(rng, number)
        body = report.split("\n\n", 1)[1]
        if wrap:
            body = textwrap.fill(body, wrap)
        paragraphs.append(body)
        size += len(body.encode("utf-8")) + 2
        number += 1
    return "\n\n".join(paragraphs)


def cpu_by_stage(pipeline) -> dict[str, float]:
    """Stage name → CPU seconds its function takes, from now on (the runner's own figures are wall time, which
    on a shared machine also measures the neighbours)."""
    by_module = {stage.module: name for name, stage in pipeline.STAGES.items()}
    cpu: dict[str, float] = {}
    load = getattr(pipeline._load, "untimed", pipeline._load)

    def timed_load(module: str):
        fn = load(module)

        def timed(*args, **kwargs):
            started = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                name = by_module.get(module, module)
                cpu[name] = cpu.get(name, 0.0) + time.process_time() - started
        return timed

    timed_load.untimed = load
    pipeline._load = timed_load
    return cpu


def process_once(text: str) -> dict:
    from garrison import pipeline
    from garrison.model import Document
    from garrison.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        store = Store(f"sqlite:///{scratch}/length.db")
        store.add_documents([(Document(text=text, source_path="bench/long.txt", language="en"), None)])
        stage_cpu = cpu_by_stage(pipeline)
        started, started_cpu = time.perf_counter(), time.process_time()
        summary = pipeline.run(store)
        seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        with store.engine.connect() as connection:
            from sqlalchemy import text as sql

            events = connection.execute(sql("SELECT count(*) FROM events")).scalar_one()
        store.close()
    assert not summary.failures, summary.failures
    fusion = summary.corpus.get("fusion", {}).get("seconds", 0.0)
    return {"seconds": seconds, "cpu_seconds": cpu, "stages": summary.seconds | {"fusion": fusion},
            "stage_cpu": stage_cpu, "events": events}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,50,100,200", help="document sizes in kB; the first is the baseline")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--wrap", type=int, default=0, help="hard-wrap the paragraphs at this many columns")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    process_once(news_text(2))  # warm-up: models and gazetteer loaded
    rows = []
    for kilobytes in sizes:
        text = news_text(kilobytes, wrap=args.wrap)
        runs = [process_once(text) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["cpu_seconds"])
        rows.append({"kB": round(len(text.encode("utf-8")) / 1000, 1), "seconds": round(best["seconds"], 2),
                     "cpu_seconds": round(best["cpu_seconds"], 2),
                     "stages": {k: round(v, 2) for k, v in best["stages"].items()},
                     "stage_cpu_seconds": {k: round(v, 2) for k, v in best["stage_cpu"].items()},
                     "events": best["events"], "load_average": [round(x, 2) for x in os.getloadavg()]})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    base, base_cpu = rows[0]["seconds"] / rows[0]["kB"], rows[0]["cpu_seconds"] / rows[0]["kB"]
    for row in rows:
        row["ms_per_kB"] = round(1000 * row["seconds"] / row["kB"], 1)
        row["per_kB_ratio"] = round(row["seconds"] / row["kB"] / base, 2)
        row["cpu_per_kB_ratio"] = round(row["cpu_seconds"] / row["kB"] / base_cpu, 2)
        row["stage_per_kB_ratio"] = {
            name: round((s / row["kB"]) / (rows[0]["stages"][name] / rows[0]["kB"]), 2)
            for name, s in row["stages"].items() if rows[0]["stages"].get(name)
        }
        row["stage_cpu_per_kB_ratio"] = {
            name: round((s / row["kB"]) / (rows[0]["stage_cpu_seconds"][name] / rows[0]["kB"]), 2)
            for name, s in row["stage_cpu_seconds"].items() if rows[0]["stage_cpu_seconds"].get(name)
        }
        row["cpu_ratio"] = round(row["cpu_seconds"] / rows[0]["cpu_seconds"], 2)
    print(json.dumps({"sizes_kB": sizes, "repeat": args.repeat, "wrap": args.wrap, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
