"""Speed of the dates stage: expressions per second, and its time relative to bare spaCy ``nlp.pipe``.

Both are measured in the same run on the same texts, so the ratio holds across machines;
wall and CPU time are both reported (on a shared machine CPU time is the steadier).

    .venv/bin/python bench/bench_dates.py [GOLD.jsonl] [--repeat N]

Texts: the ``text`` field of a JSONL file (default: the MEANTIME dev set in ../shared, which
a clone without shared/ lacks: pass any JSONL with a ``text`` field).
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from garrison import nlp
from garrison.dates.stage import run
from garrison.eval.benchmarks import peak_rss_mib
from garrison.eval.gold import read_records
from garrison.model import Analysis, Document

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "time" / "meantime_en.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3, help="passes of the dates stage (best is kept)")
    args = parser.parse_args()
    rows = read_records(args.texts, required=("text",))
    texts = [r["text"] for r in rows]
    dcts = [date.fromisoformat(r["dct"][:10]) if r.get("dct") else None for r in rows]
    chars = sum(len(t) for t in texts)
    words = sum(len(t.split()) for t in texts)

    run([Analysis(Document(text="Warm-up on 3 March 2024."))])  # grammar compiled outside the timing
    best, best_cpu, expressions = float("inf"), float("inf"), 0
    for _ in range(args.repeat):
        batch = [Analysis(Document(text=t, published=d)) for t, d in zip(texts, dcts)]
        started, started_cpu = time.perf_counter(), time.process_time()
        run(batch)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - started_cpu)
        expressions = sum(len(a.timexes) for a in batch)

    list(nlp.pipe(["Warm-up."]))  # model loaded outside the timing
    started, started_cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts):
        pass
    spacy_seconds = time.perf_counter() - started
    spacy_cpu = time.process_time() - started_cpu

    print(json.dumps({
        "texts": len(texts), "characters": chars, "words": words, "expressions": expressions,
        "dates_stage_seconds": round(best, 4),
        "expressions_per_second": round(expressions / best),
        "words_per_second": round(words / best),
        "spacy_pipe_seconds": round(spacy_seconds, 4),
        "stage_to_spacy_ratio": round(best / spacy_seconds, 4),
        # CPU time is steadier than wall time on a shared machine.
        "dates_stage_cpu_seconds": round(best_cpu, 4),
        "spacy_pipe_cpu_seconds": round(spacy_cpu, 4),
        "stage_to_spacy_cpu_ratio": round(best_cpu / spacy_cpu, 4),
        "max_rss_mib": round(peak_rss_mib()),
    }))


if __name__ == "__main__":
    main()
