"""Speed of the dates stage: expressions per second, and its time relative to bare spaCy ``nlp.pipe``.

Both are measured in the same run on the same texts, so the ratio holds across machines.

    .venv/bin/python bench/bench_dates.py [GOLD.jsonl] [--repeat N]

Texts: the ``text`` field of a JSONL file (default: the MEANTIME dev set in ../shared, which
a clone without shared/ lacks: pass any JSONL with a ``text`` field).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import date
from pathlib import Path

from garrison import nlp
from garrison.dates.stage import run
from garrison.model import Analysis, Document

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "time" / "meantime_en.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3, help="passes of the dates stage (best is kept)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.texts.open(encoding="utf-8") if line.strip()]
    texts = [r["text"] for r in rows]
    dcts = [date.fromisoformat(r["dct"][:10]) if r.get("dct") else None for r in rows]
    chars = sum(len(t) for t in texts)
    words = sum(len(t.split()) for t in texts)

    run([Analysis(Document(text="Warm-up on 3 March 2024."))])  # grammar compiled outside the timing
    best, expressions = float("inf"), 0
    for _ in range(args.repeat):
        batch = [Analysis(Document(text=t, published=d)) for t, d in zip(texts, dcts)]
        started = time.perf_counter()
        run(batch)
        best = min(best, time.perf_counter() - started)
        expressions = sum(len(a.timexes) for a in batch)

    list(nlp.pipe(["Warm-up."]))  # model loaded outside the timing
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    spacy_seconds = time.perf_counter() - started

    print(json.dumps({
        "texts": len(texts), "characters": chars, "words": words, "expressions": expressions,
        "dates_stage_seconds": round(best, 4),
        "expressions_per_second": round(expressions / best),
        "words_per_second": round(words / best),
        "spacy_pipe_seconds": round(spacy_seconds, 4),
        "stage_to_spacy_ratio": round(best / spacy_seconds, 4),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
