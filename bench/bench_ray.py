"""Ray with two actors against one, and against the in-process runner, on the same corpus in the same run.

    .venv/bin/python bench/bench_ray.py --docs 200 [--jsonl ../shared/data/geo/geowebnews.jsonl]

The corpus is synthetic reports (garrison.synthetic) or the `text` fields of a JSON lines file.  One store is
ingested, copied three times, and processed (stages only, no fusion) by: the in-process runner, Ray with one actor,
Ray with two actors (local Ray, the engine's laptop settings, each actor half a CPU).  Wall time includes Ray's
start and each actor's model loading, as a user meets them; the three stores must hold the same records.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select


def contents(store) -> dict[str, list]:
    from garrison.store import schema as t

    tables = {"entities": t.entities, "mentions": t.mentions, "toponyms": t.toponyms, "timexes": t.timexes,
              "events": t.events, "claims": t.claims}
    with store.engine.connect() as c:
        return {name: sorted(repr(tuple(r)) for r in c.execute(select(
            *[col for col in table.columns if col.name != "id" or name in ("entities", "events", "claims")])))
            for name, table in tables.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--jsonl", type=Path)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args(argv)

    import ray

    from garrison import pipeline, synthetic
    from garrison.engines import ray as ray_engine
    from garrison.ingest.into_store import ingest
    from garrison.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        if args.jsonl:
            corpus.mkdir()
            lines = [json.loads(line) for line in args.jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
            (corpus / "corpus.jsonl").write_text("".join(
                json.dumps({"text": row["text"]}) + "\n" for row in lines[:args.docs] if row.get("text")))
        else:
            synthetic.write(corpus, args.docs)
        base = Path(tmp) / "base.db"
        store = Store(f"sqlite:///{base}")
        ingest(store, [str(corpus)])
        store.close()
        results, stored = {}, {}
        for label, actors in (("in-process", 0), ("ray, 1 actor", 1), ("ray, 2 actors", 2)):
            path = Path(tmp) / f"{actors}.db"
            shutil.copy(base, path)
            store = Store(f"sqlite:///{path}")
            started = time.perf_counter()
            if actors:
                summary = ray_engine.run(store, batch_size=args.batch_size, actors=actors)
                ray.shutdown()
            else:
                summary = pipeline.run(store, batch_size=args.batch_size)
            results[label] = round(time.perf_counter() - started, 1)
            stored[label] = contents(store)
            results[label + " documents"] = summary.processed["events"]
            store.close()
            print(f"{label}: {results[label]} s", file=sys.stderr)
    results["2 actors vs 1"] = round(results["ray, 1 actor"] / results["ray, 2 actors"], 2)
    results["identical to in-process"] = stored["ray, 1 actor"] == stored["in-process"] == stored["ray, 2 actors"]
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
