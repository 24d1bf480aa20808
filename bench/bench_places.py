"""Gazetteer build time, index size, lookups per second and memory.

    .venv/bin/python bench/bench_places.py [--build] [--json]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", action="store_true", help="rebuild the index first and time it")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from garrison.eval.benchmarks import peak_rss_mib
    from garrison.places import gazetteer

    result: dict = {}
    if args.build:
        result["build"] = gazetteer.build()
    g = gazetteer.get()
    db = sqlite3.connect(g.path)
    names = [r[0] for r in db.execute("SELECT name FROM places ORDER BY pid LIMIT 20000 OFFSET 1000")]
    g.lookup("warm up")
    started = time.perf_counter()
    for name in names:
        g.lookup(name, fuzzy=False)
    elapsed = time.perf_counter() - started
    misses = [n + "x" for n in names[:2000]]  # unknown names take the fuzzy path
    started = time.perf_counter()
    for name in misses:
        g.lookup(name)
    fuzzy_elapsed = time.perf_counter() - started
    result.update(index_bytes=g.path.stat().st_size, lookups=len(names), lookups_per_s=round(len(names) / elapsed),
                  fuzzy_lookups_per_s=round(len(misses) / fuzzy_elapsed),
                  max_rss_mb=round(peak_rss_mib()))
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
