"""Export of a large store: peak memory and speed of each format, against a bare dump in the same run.

    .venv/bin/python bench/bench_export.py --events 1000000 [--formats stix,ftm,acled,timemap,kml,csv]

A synthetic store (four events a document, two claims an event, a few dozen actors and a few
hundred places, dates spread over two years) is written through the store's own writer.  Then each
format is exported by `garrison export events -f FORMAT -o FILE` in its own process, which reports
its peak RSS; the baseline is a bare sqlite3 loop writing each event row as a JSON line — the floor
of reading the store.  The generator is this file's (garrison.synthetic makes texts, not events).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

BASELINE = r"""
import json, sqlite3, sys, time
def peak():  # VmHWM: this process's own high-water mark (ru_maxrss would carry the parent's across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
db, out = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
start = time.perf_counter(); n = 0
with open(out, "w") as f:
    for row in c.execute("SELECT e.*, c.evidence, c.outlet, c.stance FROM events e JOIN claims c ON c.event_id = e.id"):
        f.write(json.dumps(row) + "\n"); n += 1
print(json.dumps({"rows": n, "seconds": time.perf_counter() - start,
                  "peak_mib": peak()}))
"""

CHILD = r"""
import json, sys, time
def peak():  # VmHWM: this process's own high-water mark (ru_maxrss would carry the parent's across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
db, fmt, out = sys.argv[1:4]
start = time.perf_counter()
from garrison.cli import main
try:
    main.app(["export", "events", "--db", db, "-f", fmt, "-o", out], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mib": peak()}))
"""

ACTORS = [("armed_group", "Africa Corps"), ("armed_group", "Wagner Group"), ("mil_unit", "Malian Armed Forces"),
          ("gpe", "Russia"), ("gpe", "Turkey"), ("gpe", "United States"), ("armed_group", "JNIM"),
          ("mil_unit", "Libyan National Army"), ("org", "AFRICOM"), ("person", "Khalifa Haftar")]
MATERIEL = ["Il-76", "S-300", "T-72B3", "Bayraktar TB2", "Su-24", "Mi-24", "Pantsir-S1", "BTR-82A"]
TYPES = [("ASSAULT", "air/drone strike"), ("DEPLOY", "deployment"), ("TRANSFER", "delivery"),
         ("BASE_PRESENCE", "expansion"), ("FIGHT", "armed clash"), ("CONSULT", "visit")]
OUTLETS = ["RFI", "Reuters", "AFP", "Le Monde", "Al Jazeera", "Agenzia Nova", "The Defense Post", "Bloomberg"]
STANCES = ["asserted", "reported", "denied", "speculated", "claimed-responsibility"]
COUNTRIES = ["LY", "ML", "SY", "NE", "BF", "SD"]


def fill(store, n_events: int, seed: int = 7, per_document: int = 4) -> None:
    from garrison.model import (Analysis, Claim, Document, Entity, Event, Evidence, Label, Place, Precision,
                                TimeSpan)

    rng = random.Random(seed)
    entities = [Entity(Label(label.upper()), name) for label, name in ACTORS]
    entities += [Entity(Label.EQUIPMENT, name) for name in MATERIEL]
    actors = [e.id for e in entities if e.type != Label.EQUIPMENT]
    materiel = [e.id for e in entities if e.type == Label.EQUIPMENT]
    places = [Place(f"geonames:{100000 + i}", f"Site {i}", rng.uniform(5, 35), rng.uniform(-10, 40), "city",
                    rng.choice(COUNTRIES), precision=rng.choice([1, 2, 3])) for i in range(300)]
    first = date(2023, 1, 1)
    batch: list[Analysis] = []
    for d in range(0, n_events, per_document):
        day = first + timedelta(days=rng.randrange(730))
        text = f"Synthetic report {d}."
        doc = Document(text, title=f"Report {d}", outlet=rng.choice(OUTLETS), url=f"https://example.org/{d}",
                       published=day)
        events = []
        for k in range(min(per_document, n_events - d)):
            kind, mode = rng.choice(TYPES)
            sentence = (f"{ACTORS[k % len(ACTORS)][1]} forces were reported near Site {k} with "
                        f"{rng.choice(MATERIEL)} systems, sources said ({d}-{k}).")
            claims = [Claim("", doc.id, [Evidence(j * 10, j * 10 + len(sentence), sentence)], doc.outlet,
                            [doc.outlet, "local sources"], stance=rng.choice(STANCES)) for j in range(2)]
            events.append(Event(kind, doc.id, mode, "reported", actors=[rng.choice(actors)],
                                targets=[rng.choice(actors)] if rng.random() < 0.4 else [],
                                materiel=[rng.choice(materiel)], location=rng.choice(places),
                                time=TimeSpan(day, day, Precision.DAY, day.isoformat()), claims=claims))
        batch.append(Analysis(doc, entities=entities if not d else [], events=events))
        if len(batch) >= 2000:
            _save(store, batch)
            batch = []
    if batch:
        _save(store, batch)


def _save(store, batch) -> None:
    store.add_documents([(a.document, None) for a in batch])
    store.save_stage("entities", ("entities",), [a for a in batch if a.entities] or batch[:1], 0.0)
    store.save_stage("events", ("events",), batch, 0.0)


def run(args: list[str]) -> dict:
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--formats", default="stix,ftm,acled,timemap,kml,csv")
    parser.add_argument("--db", help="Reuse (or keep) the synthetic store at this path.")
    args = parser.parse_args(argv)

    from garrison.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db or f"{tmp}/bench.db")
        if not db.exists():
            started = time.perf_counter()
            store = Store(f"sqlite:///{db.resolve()}")
            fill(store, args.events)
            store.close()
            print(f"store of {args.events} events written in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        base = run([sys.executable, "-c", BASELINE, str(db), f"{tmp}/base.jsonl"])
        results = {"events": args.events, "baseline": base, "formats": {}}
        print(f"baseline (sqlite3 rows as JSON lines): {base['seconds']:.1f} s, {base['peak_mib']:.0f} MiB",
              file=sys.stderr)
        for fmt in args.formats.split(","):
            out = Path(tmp) / f"export.{fmt}"
            measured = run([sys.executable, "-c", CHILD, str(db), fmt, str(out)])
            measured["mib_written"] = round(out.stat().st_size / 2**20, 1)
            measured["events_per_s"] = round(args.events / measured["seconds"])
            measured["time_vs_baseline"] = round(measured["seconds"] / base["seconds"], 2)
            measured["peak_vs_baseline"] = round(measured["peak_mib"] / base["peak_mib"], 2)
            results["formats"][fmt] = measured
            out.unlink()
            print(f"{fmt}: {measured}", file=sys.stderr)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
