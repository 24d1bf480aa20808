"""Measure iter_inputs throughput over a generated directory of text and HTML reports.

    .venv/bin/python bench/bench_ingest_inputs.py --files 300
    .venv/bin/python bench/bench_ingest_inputs.py --dates GOLD.jsonl   # publication dates vs "dct"
    .venv/bin/python bench/bench_ingest_inputs.py --dedup GOLD.jsonl   # near-duplicate recall / false matches

Writes ``--files`` plain-text and as many HTML files (``garrison.eval.synthetic.write_pages``: synthetic
reports in the register of the news we read) to a temporary directory, then times one full pass of
``iter_inputs``.  ``--dates`` and ``--dedup`` print ``garrison.eval.ingest``'s quality measures.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from garrison.eval.benchmarks import peak_rss_mib
from garrison.eval.ingest import measure_dates, measure_dedup
from garrison.eval.synthetic import write_pages
from garrison.ingest import Reject, iter_inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300, help="text files and HTML files each (default 300)")
    parser.add_argument("--sentences", type=int, default=24, help="sentences per report (default 24)")
    parser.add_argument("--dates", type=Path, help="instead: date-finding accuracy on a gold JSONL with dct")
    parser.add_argument("--dedup", type=Path, help="instead: near-duplicate recall/false matches on a gold JSONL")
    args = parser.parse_args()
    if args.dedup:
        print(json.dumps(measure_dedup(args.dedup)))
        return
    if args.dates:
        print(json.dumps(measure_dates(args.dates)))
        return
    with tempfile.TemporaryDirectory() as folder:
        size = write_pages(Path(folder), args.files, args.sentences)
        # Warm-up outside the timing: lingua's models and trafilatura load once per process.
        next(iter_inputs(str(Path(folder) / "t00000.txt")))
        next(iter_inputs(str(Path(folder) / "h00000.html")))
        cpu_started = time.process_time()
        started = previous = time.perf_counter()
        documents = rejects = 0
        kinds: dict[str, int] = {}
        per_type: dict[str, list[float]] = {}  # content type -> [documents, seconds]
        for item in iter_inputs(folder):
            now = time.perf_counter()
            if isinstance(item, Reject):
                rejects += 1
            else:
                documents += 1
                kinds[item.published_source or "none"] = kinds.get(item.published_source or "none", 0) + 1
                tally = per_type.setdefault(item.content_type or "?", [0, 0.0])
                tally[0] += 1
                tally[1] += now - previous
            previous = now
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    print(json.dumps({
        "documents": documents, "rejects": rejects, "bytes": size, "seconds": round(seconds, 2),
        "docs_per_s": round(documents / seconds, 1), "mb_per_s": round(size / seconds / 1e6, 2),
        "cpu_seconds": round(cpu_seconds, 2), "docs_per_cpu_s": round(documents / cpu_seconds, 1),
        "mb_per_cpu_s": round(size / cpu_seconds / 1e6, 2),
        "date_sources": kinds,
        "docs_per_s_by_type": {k: round(n / t, 1) for k, (n, t) in per_type.items()},
        "max_rss_mib": round(peak_rss_mib()),
    }))


if __name__ == "__main__":
    main()
