"""`garrison ingest` throughput as a ratio to a raw SQLite insert of the same rows, measured in the same run.

    .venv/bin/python bench/bench_ingest.py --docs 5000 --repeat 3                 # text files
    .venv/bin/python bench/bench_ingest.py --docs 5000 --repeat 3 --input jsonl   # one JSON-lines file
    .venv/bin/python bench/bench_ingest.py --docs 5000 --workers 1                # reading in one process
    .venv/bin/python bench/bench_ingest.py --docs 5000 --vs-garrison OTHER/.venv/bin/garrison  # another checkout too

The corpus is ``garrison.eval.synthetic.write`` (plain-text reports with datelines, 2 % exact and 5 % near
copies), as files or as one JSON-lines file of the same texts.  The baseline reads the same input and inserts
each text with its source into SQLite with the standard library (WAL, synchronous=NORMAL as the store, one
commit per 64 rows as Garrison's writer): the floor of the I/O ingest cannot avoid.  Garrison adds decoding,
boilerplate removal, dates, language detection, exact and near-duplicate detection and the full-text index.

Both are whole processes (start-up and model loading included), run in turn, A B A B …, each into a fresh
database; the ratio is taken pair by pair and the medians are printed, with each side's CPU seconds (its
worker processes included) and peak RSS (its largest process).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = r"""
import json, sqlite3, sys
from pathlib import Path
source, db = Path(sys.argv[1]), sys.argv[2]
c = sqlite3.connect(db)
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA synchronous=NORMAL")
c.execute("CREATE TABLE d (source TEXT PRIMARY KEY, text TEXT)")
if source.is_dir():
    rows = ((str(p), p.read_text("utf-8")) for p in sorted(source.rglob("*.txt")))
else:
    rows = ((f"{source}:{n}", json.loads(line)["text"]) for n, line in enumerate(source.open("rb"), 1))
n = 0
for row in rows:
    c.execute("INSERT OR IGNORE INTO d VALUES (?, ?)", row); n += 1
    if n % 64 == 0:
        c.commit()
c.commit()
print(n)
"""


def run(args: list[str]) -> dict:
    """Run a command to its end: wall seconds, CPU seconds (its waited-for children included) and peak RSS in
    MiB (its largest process), from wait4."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode not in (0, 1):  # 1: garrison ingest with some rejects
            raise RuntimeError(f"{args[0]} exited {proc.returncode}: {err.read().decode()[-2000:]}")
        return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": round(usage.ru_maxrss / 1024),
                "stdout": out.read().decode()}


def write_corpus(folder: Path, docs: int, seed: int, as_jsonl: bool) -> tuple[Path, int]:
    from garrison.eval import synthetic

    if not as_jsonl:
        return folder, synthetic.write(folder, docs, seed=seed)
    path = folder.with_suffix(".jsonl")
    size = 0
    with path.open("w", encoding="utf-8") as handle:
        for _, text in synthetic.generate(docs, seed):
            line = json.dumps({"text": text}) + "\n"
            handle.write(line)
            size += len(line.encode("utf-8"))
    return path, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="pairs of runs (the medians are printed)")
    parser.add_argument("--input", choices=["txt", "jsonl"], default="txt")
    parser.add_argument("--workers", type=int, default=None, help="garrison ingest --workers (default: its own)")
    parser.add_argument("--vs-garrison", help="also time this garrison executable (another checkout's, e.g. the "
                                              "code before a change) in each round, with its own defaults")
    args = parser.parse_args()

    garrison = str(Path(sys.executable).with_name("garrison"))
    load_at_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        source, size = write_corpus(Path(tmp) / "corpus", args.docs, args.seed, args.input == "jsonl")
        pairs, others = [], []
        for n in range(args.repeat):
            command = [garrison, "ingest", str(source), "--db", f"{tmp}/g{n}.db", "--json", "--quiet"]
            if args.workers:
                command += ["--workers", str(args.workers)]
            ours = run(command)
            base = run([sys.executable, "-c", BASELINE, str(source), f"{tmp}/b{n}.db"])
            pairs.append((ours, base))
            if args.vs_garrison:
                others.append(run([args.vs_garrison, "ingest", str(source), "--db", f"{tmp}/o{n}.db", "--json",
                                   "--quiet"]))
        summary = json.loads(pairs[0][0]["stdout"])
    median = statistics.median
    result = {
        "docs": args.docs,
        "input": args.input,
        "megabytes": round(size / 1e6, 2),
        "workers": args.workers or "default (one per core)",
        "stored": summary["stored"],
        "near_duplicates": summary["near_duplicates"],
        "exact_duplicates": summary["exact_duplicates"],
        "pairs": args.repeat,
        "garrison_docs_per_s": round(median(args.docs / ours["wall"] for ours, _ in pairs), 1),
        "garrison_cpu_s": round(median(ours["cpu"] for ours, _ in pairs), 2),
        "garrison_peak_rss_mib": max(ours["rss_mib"] for ours, _ in pairs),
        "baseline_docs_per_s": round(median(args.docs / base["wall"] for _, base in pairs), 1),
        "baseline_cpu_s": round(median(base["cpu"] for _, base in pairs), 2),
        "ratio_to_baseline": round(median(base["wall"] / ours["wall"] for ours, base in pairs), 3),
        "wall_s": [[round(ours["wall"], 2), round(base["wall"], 2)] for ours, base in pairs],
        "load_average": [round(load_at_start, 2), round(os.getloadavg()[0], 2)],  # at start, at end
    }
    if others:
        other = json.loads(others[0]["stdout"])
        result["other_garrison"] = {
            "executable": args.vs_garrison,
            "same_counts": [other[k] for k in ("stored", "near_duplicates", "exact_duplicates")]
            == [summary[k] for k in ("stored", "near_duplicates", "exact_duplicates")],
            "docs_per_s": round(median(args.docs / o["wall"] for o in others), 1),
            "cpu_s": round(median(o["cpu"] for o in others), 2),
            "peak_rss_mib": max(o["rss_mib"] for o in others),
            "ratio_to_baseline": round(median(base["wall"] / o["wall"] for o, (_, base) in zip(others, pairs)), 3),
            "garrison_speed_vs_it": round(median(o["wall"] / ours["wall"] for o, (ours, _) in zip(others, pairs)), 2),
            "wall_s": [round(o["wall"], 2) for o in others],
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
