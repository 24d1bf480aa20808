"""`garrison process --engine ray` with two actors against one, on the same corpus in the same run.

    .venv/bin/python bench/bench_ray.py --docs 200 --repeat 2 [--jsonl ../shared/data/geo/geowebnews.jsonl [--copies 5]]

The corpus is synthetic reports (garrison.eval.synthetic) or the `text` fields of a JSON lines file.  One store is
ingested; then, pair by pair (one actor, two actors, one, two …), a fresh copy of it is processed by
`garrison process --engine ray --workers N` as a whole process — Ray's local start (the engine's laptop
settings, half a CPU an actor), each actor's model loading and fusion included, as a user meets them.  A warm-up
pair that is not counted comes first, so that neither side pays alone for cold caches.  The in-process runner
processes one more copy, and every store must hold the same records as it.  The load average before and after is
printed: the machine is shared.

Each run's engine report (``--json``'s ``engine``: Ray's start, the first batch back, the end of the last batch, and
per actor its loading, batches, documents, busy and CPU seconds) is printed too, so that on a shared machine the split
of the work and the actors' CPU can be read beside the wall clock.  ``batches_*`` is the span from Ray being up to
the last batch back (the actors' start and their work): what a second actor can divide.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

GARRISON = str(Path(sys.executable).with_name("garrison"))


def contents(db: Path) -> dict[str, list]:
    from garrison.store import Store
    from garrison.store import schema as t

    tables = {"entities": t.entities, "mentions": t.mentions, "toponyms": t.toponyms, "timexes": t.timexes,
              "events": t.events, "claims": t.claims}
    store = Store(f"sqlite:///{db}", read_only=True)
    with store.engine.connect() as c:
        found = {name: sorted(repr(tuple(r)) for r in c.execute(select(
            *[col for col in table.columns if col.name != "id" or name in ("entities", "events", "claims")])))
            for name, table in tables.items()}
    store.close()
    return found


def process(base: Path, copy: Path, *args: str) -> tuple[float, dict]:
    shutil.copy(base, copy)
    started = time.perf_counter()
    done = subprocess.run([GARRISON, "process", "--db", str(copy), "--json", *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"garrison process {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--jsonl", type=Path)
    parser.add_argument("--repeat", type=int, default=2, help="counted pairs (one warm-up pair comes first)")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--copies", type=int, default=1,
                        help="each text of --jsonl this many times, each copy made distinct by a trailing line: an "
                             "archive-sized corpus of real news text, where what does not divide (Ray's start, the "
                             "actors' model loading) is spread as on a backfill")
    args = parser.parse_args(argv)

    from garrison.eval import synthetic
    from garrison.ingest.into_store import ingest
    from garrison.store import Store

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        if args.jsonl:
            corpus.mkdir()
            lines = [json.loads(line) for line in args.jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
            texts = [row["text"] for row in lines[:args.docs] if row.get("text")]
            (corpus / "corpus.jsonl").write_text("".join(
                json.dumps({"text": text if copy == 0 else f"{text}\n\n[{copy}]"}) + "\n"
                for copy in range(args.copies) for text in texts))
        else:
            synthetic.write(corpus, args.docs)
        base = Path(tmp) / "base.db"
        store = Store(f"sqlite:///{base}")
        documents = ingest(store, [str(corpus)]).stored
        store.close()
        batch = ["--batch-size", str(args.batch_size)]
        _, _ = process(base, Path(tmp) / "in-process.db", *batch)
        reference = contents(Path(tmp) / "in-process.db")
        pairs, phases, reports, identical = [], [], [], True
        for n in range(args.repeat + 1):
            times, spans = [], []
            for actors in (1, 2):
                db = Path(tmp) / f"ray-{actors}-{n}.db"
                seconds, summary = process(base, db, "--engine", "ray", "--workers", str(actors), *batch)
                identical = identical and contents(db) == reference and summary["processed"]["events"] == documents
                engine = summary["engine"]
                times.append(seconds)
                spans.append(engine["stages_s"] - engine["ray_start_s"])
                report = {"pair": n, "pool": actors, "seconds": round(seconds, 1),
                          "fusion_s": round(summary["corpus"]["fusion"].get("seconds", 0.0), 2),
                          "load_average": round(os.getloadavg()[0], 1)} | engine
                print(json.dumps(report), file=sys.stderr)
                if n:
                    reports.append(report)
            if n:
                pairs.append(times)
                phases.append(spans)
    load_after = os.getloadavg()
    result = {
        "documents": documents,
        "corpus": str(args.jsonl) if args.jsonl else "synthetic",
        "copies": args.copies,
        "pairs": args.repeat,
        "one_actor_s": round(statistics.median(one for one, _ in pairs), 1),
        "two_actors_s": round(statistics.median(two for _, two in pairs), 1),
        "two_actors_vs_one": round(statistics.median(one / two for one, two in pairs), 2),
        "seconds_by_pair": [[round(one, 1), round(two, 1)] for one, two in pairs],
        "batches_one_actor_s": round(statistics.median(one for one, _ in phases), 1),
        "batches_two_actors_s": round(statistics.median(two for _, two in phases), 1),
        "batches_two_actors_vs_one": round(statistics.median(one / two for one, two in phases), 2),
        "runs": reports,
        "identical_to_in_process": identical,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
