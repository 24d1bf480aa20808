"""Throughput of the entities stage against bare ``nlp.pipe`` of the same model on the same text.

    .venv/bin/python bench/bench_entities.py [CORPUS ...] [--docs N] [--repeat R]

CORPUS: text files (one document each) or NER gold JSONL (its "text" fields); without one, the
re3d dev set in ../shared/data when present.  Both runs parse fresh Docs of the same texts in
one process, after a warm-up; the ratio (goal ≥ 0.8) is stage words/s over bare words/s, both
in CPU seconds of this process (``time.process_time``) so that other jobs on a shared machine
do not skew it.  Peak
RSS (goal ≤ 1 GiB) is the process maximum.  Prints one JSON object.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from garrison.eval.benchmarks import corpus_parser, peak_rss_mib, read_texts

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner" / "re3d_train.jsonl"


def documents(texts: list[str], size: int) -> list[str]:
    """Short gold sentences joined into news-sized documents of about ``size`` characters."""
    out, current = [], []
    for text in texts:
        current.append(text)
        if sum(map(len, current)) >= size:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = corpus_parser(__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=3000, help="characters per joined document")
    args = parser.parse_args(argv)

    from garrison import nlp
    from garrison.entities import stage
    from garrison.model import Analysis, Document

    paths = args.corpus or ([DEFAULT] if DEFAULT.is_file() else [])
    if not paths:
        print("error: no corpus given and no default corpus found", file=sys.stderr)
        return 2
    texts = documents(read_texts(paths), args.size)
    if args.docs:
        texts = texts[: args.docs]
    words = sum(len(t.split()) for t in texts)

    # warm-up: model, lexicon, automaton, patterns
    stage.run([Analysis(Document(text=t)) for t in texts[:4]])
    list(nlp.pipe(texts[:4]))

    bare, staged = [], []
    for _ in range(args.repeat):
        t0 = time.process_time()
        for _doc in nlp.pipe(texts):
            pass
        bare.append(time.process_time() - t0)
        batch = [Analysis(Document(text=t)) for t in texts]
        t0 = time.process_time()
        stage.run(batch)
        staged.append(time.process_time() - t0)
        mentions = sum(len(a.mentions) for a in batch)
        del batch
    # the domain layer and resolution alone, on Docs parsed once: the stage's own cost, free of parse noise
    from garrison.entities.resolve import analyse
    parsed = [Analysis(Document(text=t)) for t in texts]
    nlp.ensure_parsed(parsed)
    t0 = time.process_time()
    for analysis in parsed:
        analyse(analysis.document, analysis.nlp_doc)
    own = time.process_time() - t0
    bare_wps, stage_wps = words / min(bare), words / min(staged)
    peak = peak_rss_mib()
    print(json.dumps({
        "corpus": [str(p) for p in paths], "documents": len(texts), "words": words, "mentions": mentions,
        "bare_words_per_s": round(bare_wps), "stage_words_per_s": round(stage_wps),
        "ratio": round(stage_wps / bare_wps, 3), "goal_ratio": 0.8,
        "own_seconds": round(own, 3), "bare_seconds": round(min(bare), 3),
        "ratio_from_own_cost": round(min(bare) / (min(bare) + own), 3),
        "peak_rss_mib": round(peak), "goal_peak_rss_mib": 1024,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
