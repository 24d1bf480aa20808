"""Why the main event of an ACLED-style note is not placed within 25 km of the coder's coordinates.

    .venv/bin/python bench/acled_place_errors.py NOTES.jsonl [--rows OUT.jsonl]

Runs the chain (entities → places → dates → events) on each note as ``garrison eval events`` does, takes
the same main event, and files every miss under the first cause that fits, in this order:

1. no event found in the note;
2. another event of the note is placed within 25 km (the main-event pick missed it);
3. a toponym of the note is resolved within 25 km, but the main event took another place or none;
4. a toponym of the note could resolve within 25 km by its own surface, but was resolved elsewhere or left
   unresolved by the places stage;
5. some capitalised span of the note (1–4 words) is a gazetteer name within 25 km, but no stage took it as
   a place (not recognised);
6. the coded place's name is in the text, but the gazetteer has no place of that name within 25 km;
7. the coded place is not named, only its first- or second-level unit is;
8. the coded place is not named at all (implied by an institution, or absent from the note).

Prints one JSON object: placed within 25 km, the ceiling (notes with some span resolvable within 25 km),
and the count per cause.  ``--rows`` writes each miss with its cause, toponyms and events (JSONL).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

CAUSES = {
    1: "no event found",
    2: "another event of the note placed right (main-event pick)",
    3: "toponym resolved right, main event took another place or none",
    4: "toponym recognised, resolved wrong or left unresolved (gazetteer has it)",
    5: "name not recognised as a place (gazetteer has it)",
    6: "named in the text, gazetteer lacks it",
    7: "not named: only its unit is",
    8: "not named (implied or absent)",
}
NEAR_KM = 25.0


def _spans(text: str) -> set[str]:
    words = re.findall(r"[\w'’-]+", text)
    found = set()
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        for n in range(1, 5):
            run = words[i:i + n]
            if len(run) == n and run[-1][:1].isupper():
                found.add(" ".join(run))
    return found


def analyse(path: Path) -> tuple[dict, list[dict]]:
    from garrison import nlp
    from garrison.eval.benchmarks import stage_functions
    from garrison.eval.events import _main, _published, read_rows
    from garrison.events import stage as events_stage
    from garrison.events.hinted import _gazetteer
    from garrison.geo import distance_km
    from garrison.model import Analysis, Document

    rows = [r for r in read_rows(path, ("text",)) if isinstance(r.get("location"), dict)
            and r["location"].get("lat") is not None]
    docs = list(nlp.pipe([r["text"] for r in rows]))
    batch = []
    for row, doc in zip(rows, docs):
        analysis = Analysis(Document(text=row["text"], published=_published(row)))
        analysis.nlp_doc = doc
        batch.append(analysis)
    for _, run in stage_functions([name for name, _ in stage_functions(("entities", "places", "dates"))]):
        batch = run(batch)
    batch = events_stage.run(batch)
    gazetteer = _gazetteer()
    causes: Counter = Counter()
    misses, placed, ceiling = [], 0, 0
    for row, analysis in zip(rows, batch):
        gold = row["location"]

        def km(place):
            return None if place is None else distance_km(place.lat, place.lon, float(gold["lat"]), float(gold["lon"]))

        def near(name: str) -> bool:
            return any(km(c) <= NEAR_KM for c in gazetteer.lookup(name, fuzzy=False))

        main = _main(analysis)
        toponyms_near = any(t.place is not None and km(t.place) <= NEAR_KM for t in analysis.toponyms)
        reachable = toponyms_near or any(near(s) for s in _spans(row["text"]))
        ceiling += reachable
        main_km = km(main.location) if main is not None else None
        if main_km is not None and main_km <= NEAR_KM:
            placed += 1
            continue
        text = row["text"].lower()
        if not analysis.events:
            cause = 1
        elif any(e.location is not None and km(e.location) <= NEAR_KM for e in analysis.events):
            cause = 2
        elif toponyms_near:
            cause = 3
        elif any(near(t.text) for t in analysis.toponyms):
            cause = 4
        elif reachable:
            cause = 5
        elif str(gold.get("name", "")).lower() in text:
            cause = 6
        elif any(u and str(u).lower() in text for u in (gold.get("admin1"), gold.get("admin2"))):
            cause = 7
        else:
            cause = 8
        causes[cause] += 1
        misses.append({
            "id": row.get("id"), "cause": cause, "text": row["text"], "gold": gold.get("name"),
            "main": main.location.name if main is not None and main.location is not None else None,
            "main_km": round(main_km, 1) if main_km is not None else None,
            "toponyms": [[t.text, t.place.name if t.place else None] for t in analysis.toponyms],
        })
    summary = {"notes": len(rows), "within_25km": placed, "ceiling_some_span_within_25km": ceiling,
               "misses": {f"{k} {CAUSES[k]}": causes[k] for k in sorted(CAUSES)}}
    return summary, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", type=Path)
    parser.add_argument("--rows", type=Path, help="write each miss with its cause here (JSONL)")
    args = parser.parse_args(argv)
    summary, misses = analyse(args.notes)
    if args.rows:
        with args.rows.open("w", encoding="utf-8") as handle:
            for miss in misses:
                handle.write(json.dumps(miss, ensure_ascii=False) + "\n")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
