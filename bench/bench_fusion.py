"""Time fusion on synthetic reports of synthetic happenings, and check its blocking at scale.

    .venv/bin/python bench/bench_fusion.py --events 10000
    .venv/bin/python bench/bench_fusion.py --gold garrison/data/demo/truth        # fusion alone, on the truth rows
    .venv/bin/python bench/bench_fusion.py --store sqlite:///garrison-demo.db     # on what a store extracted

``--events`` builds a corpus of about that many events (``garrison.eval.synthetic.events_corpus``: several
outlets per happening, syndicated copies, coarsened places and dates, undated reports, denials), fuses it,
and prints the time taken, the candidate pairs compared and the clustering scores against the generator's own
happening ids.  Seeded: the same arguments give the same corpus.
"""

from __future__ import annotations

import argparse
import json
import time

from garrison.eval.corpus import store_replay
from garrison.eval.fusion import gold_replay, score_happenings
from garrison.eval.synthetic import events_corpus
from garrison.fusion import fuse, presence
from garrison.fusion.cluster import candidate_pairs
from garrison.fusion.compare import read_report
from garrison.fusion.rules import load_rules


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time garrison.fusion on a synthetic corpus.")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--gold", metavar="TRUTH_DIR", help="instead: fuse the gold events of a truth folder "
                        "(events.jsonl with happening ids, documents.jsonl, duplicates.jsonl) and score them")
    parser.add_argument("--store", metavar="URL", help="instead: fuse the events of a processed store (e.g. "
                        "sqlite:///garrison-demo.db after `garrison demo`) and score them against --truth")
    parser.add_argument("--corpus", default="garrison/data/demo/corpus", help="the corpus the store was built from")
    parser.add_argument("--truth", default="garrison/data/demo/truth", help="truth folder with events.jsonl")
    args = parser.parse_args(argv)
    if args.gold:
        print(json.dumps(gold_replay(args.gold), indent=1))
        return
    if args.store:
        print(json.dumps(store_replay(args.store, args.corpus, args.truth), indent=1))
        return

    events, documents, gold = events_corpus(args.events, args.seed)
    rules = load_rules()
    t0 = time.perf_counter()
    happenings = fuse(events, documents)
    t1 = time.perf_counter()
    presences = presence(happenings, events, documents)
    t2 = time.perf_counter()
    reports = sorted((read_report(e, documents, rules) for e in events), key=lambda r: r.event.id)
    pairs = len(set(candidate_pairs(reports, rules)))
    predicted = {eid: h.id for h in happenings for eid in h.event_ids}
    scores = score_happenings((predicted[e.id], gold[e.id]) for e in events)
    print(json.dumps({
        "events": len(events), "documents": len(documents), "happenings": len(happenings),
        "presences": len(presences), "fuse_seconds": round(t1 - t0, 2), "presence_seconds": round(t2 - t1, 2),
        "candidate_pairs": pairs, "all_pairs": len(events) * (len(events) - 1) // 2,
        "pairwise_f1": scores["pairwise"]["f1"], "bcubed_f1": scores["bcubed"]["f1"],
        "pairwise_precision": scores["pairwise"]["precision"], "pairwise_recall": scores["pairwise"]["recall"],
    }, indent=1))


if __name__ == "__main__":
    main()
