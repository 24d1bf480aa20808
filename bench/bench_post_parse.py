"""CPU time of the stages after the parse (places, dates, events), and a digest of what they produce.

    .venv/bin/python bench/bench_post_parse.py [CORPUS ...] [--docs N] [--dump FILE]

CORPUS: JSON-lines files (their ``text`` field), text files or directories of them; default: the demo corpus.
The texts are parsed by the entities stage first, outside the timing; then places, dates and events run once,
each timed with ``time.process_time`` (the machine is shared: CPU time, not wall time).  The toponyms, time
expressions and events of every text (their ``to_dict``) are hashed: a change meant to make the stages faster
must leave the digest as it was.  ``--dump`` writes those outputs as JSON, to find where two runs differ.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

from garrison.eval.benchmarks import read_texts, stage_functions
from garrison.model import Analysis, Document

DEFAULT = Path(__file__).resolve().parents[1] / "garrison" / "data" / "demo" / "corpus"
TIMED = ("places", "dates", "events")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--docs", type=int, default=0, help="the first N texts only (0: all)")
    parser.add_argument("--dump", type=Path, help="write the outputs as JSON here")
    args = parser.parse_args()
    texts = read_texts(args.corpus)
    texts = texts[:args.docs] if args.docs else texts
    stages = dict(stage_functions(("entities", *TIMED)))
    batch = [Analysis(Document(text=t)) for t in texts[:2]]  # warm-up: models, lexicons, the gazetteer
    for run in stages.values():
        batch = run(batch)
    batch = stages["entities"]([Analysis(Document(text=t)) for t in texts])
    seconds = {}
    for name in TIMED:
        started = time.process_time()
        batch = stages[name](batch)
        seconds[name] = round(time.process_time() - started, 2)
    outputs = [{"toponyms": [t.to_dict() for t in a.toponyms], "timexes": [t.to_dict() for t in a.timexes],
                "events": [e.to_dict() for e in a.events]} for a in batch]
    blob = json.dumps(outputs, sort_keys=True, default=str)
    if args.dump:
        args.dump.write_text(blob, encoding="utf-8")
    print(json.dumps({"texts": len(texts), "cpu_seconds": seconds, "post_parse": round(sum(seconds.values()), 2),
                      "digest": hashlib.sha256(blob.encode()).hexdigest()[:16]}, indent=1))


if __name__ == "__main__":
    main()
