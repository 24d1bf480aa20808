"""Ingest throughput and peak memory, as a ratio against a bare baseline measured in the same run.

    .venv/bin/python bench/bench_ingest.py --docs 10000

The baseline reads the same files and inserts their raw text into SQLite with the standard
library — the floor of the I/O Garrison cannot avoid.  Garrison's ingest adds decoding,
boilerplate removal, metadata and date finding, language detection, MinHash near-duplicate
detection and full-text indexing.  Each side runs in its own process so peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = r"""
import sqlite3, sys, time
from pathlib import Path
root, db = Path(sys.argv[1]), sys.argv[2]
c = sqlite3.connect(db); c.execute("PRAGMA journal_mode=WAL")
c.execute("CREATE TABLE d (path TEXT PRIMARY KEY, text TEXT)")
start = time.perf_counter(); n = 0
for p in sorted(root.rglob("*.txt")):
    c.execute("INSERT OR IGNORE INTO d VALUES (?, ?)", (str(p), p.read_text("utf-8"))); c.commit(); n += 1
print(n, time.perf_counter() - start)
"""


def run_child(args: list[str]) -> tuple[str, float, int]:
    """Run a command; return its stdout, wall seconds and peak RSS in MiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return out, seconds, max(peak, before) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from garrison.eval import synthetic

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        size = synthetic.write(corpus, args.docs, seed=args.seed)
        _, base_seconds, base_rss = run_child([sys.executable, "-c", BASELINE, str(corpus), f"{tmp}/base.db"])
        garrison = Path(sys.executable).with_name("garrison")
        out, seconds, rss = run_child([str(garrison), "ingest", str(corpus), "--db", f"{tmp}/g.db", "--json"])
        summary = json.loads(out)
    mb = size / 1e6
    result = {
        "docs": args.docs,
        "megabytes": round(mb, 2),
        "stored": summary["stored"],
        "near_duplicates": summary["near_duplicates"],
        "exact_duplicates": summary["exact_duplicates"],
        "garrison_docs_per_s": round(args.docs / seconds, 1),
        "garrison_mb_per_s": round(mb / seconds, 3),
        "garrison_peak_rss_mib": rss,
        "baseline_docs_per_s": round(args.docs / base_seconds, 1),
        "ratio_to_baseline": round(base_seconds / seconds, 3),
        "note": "garrison timing includes process start-up and model loading",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
