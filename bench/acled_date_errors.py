"""Which ACLED-style notes that state their day get the main event's date wrong, and what they hold.

    python bench/acled_date_errors.py NOTES.jsonl [--rows OUT.jsonl] [--all]

Runs the chain (entities → places → dates → events) on each note as ``garrison eval events`` does, takes the
same main event, and for every note whose text states the gold day (``how_the_date_is_stated``) and whose main
event's first day is not that day, writes the note, the gold and publication days, how the day is stated ("day"
or "run"), every note with the same text (ACLED's one row per day), our main event's time and basis, the other
events' times, and the time expressions the dates stage read.  ``--all``: every stated note, hits too.

Prints a summary: stated notes, exact, and the misses counted by a first reading of their kind:
- ``no_event``: the note has no event at all;
- ``publication``: the main event is dated by the publication (nothing attached it to a stated day);
- ``other_day_of_note``: the main event took another day the note writes (a note coded one row per day, or a
  background day);
- ``other``: anything else (a wrong resolution of a weekday or a deictic day, a range's first day, …).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path


def analyse(path: Path, keep_hits: bool) -> tuple[dict, list[dict]]:
    from garrison import nlp
    from garrison.eval.benchmarks import stage_functions
    from garrison.eval.events import _gold_date, _main, _published, how_the_date_is_stated, read_rows
    from garrison.eval.events import dated_to_a_stated_run
    from garrison.events import stage as events_stage
    from garrison.model import Analysis, Document

    rows = [r for r in read_rows(path, ("text",)) if r.get("date")]
    days_of_text: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        days_of_text[row["text"]].append(str(row["date"])[:10])
    docs = list(nlp.pipe([r["text"] for r in rows]))
    batch = []
    for row, doc in zip(rows, docs):
        analysis = Analysis(Document(text=row["text"], published=_published(row)))
        analysis.nlp_doc = doc
        batch.append(analysis)
    for _, run in stage_functions([name for name, _ in stage_functions(("entities", "places", "dates"))]):
        batch = run(batch)
    batch = events_stage.run(batch)
    kinds: Counter = Counter()
    stated = exact = 0
    out = []
    for row, analysis in zip(rows, batch):
        gold = _gold_date(row)
        how = how_the_date_is_stated(row["text"], gold) if gold is not None else None
        if how is None:
            continue
        stated += 1
        main = _main(analysis)
        dated = main is not None and main.time is not None and not main.time_from_dct
        # the scorer's exact: the first day, or every day of exactly the range the note writes
        hit = dated and (main.time.start == gold or dated_to_a_stated_run(row["text"], main.time, gold))
        exact += hit
        written = sorted({t.span.start.isoformat() for t in analysis.timexes
                          if t.span is not None and t.span.start == t.span.end})
        if main is None:
            kind = "no_event"
        elif main.time is None or main.time_from_dct:
            kind = "publication"
        elif main.time.start.isoformat() in written:
            kind = "other_day_of_note"
        else:
            kind = "other"
        if not hit:
            kinds[kind] += 1
        if hit and not keep_hits:
            continue
        out.append({
            "id": row.get("id"), "hit": hit, "kind": None if hit else kind, "how": how,
            "gold": gold.isoformat(), "published": str(row.get("published")),
            "rows_of_text": sorted(days_of_text[row["text"]]),
            "main": None if main is None else {
                "type": main.type, "trigger": main.trigger,
                "time": None if main.time is None else [main.time.start.isoformat(), main.time.end.isoformat(),
                                                        main.time.precision.value if main.time.precision else None],
                "basis": main.attributes.get("time_basis")},
            "events": [[e.type, e.trigger, None if e.time is None else e.time.start.isoformat(),
                        e.attributes.get("time_basis")] for e in analysis.events],
            "timexes": [[t.text, t.type, None if t.span is None else
                         [t.span.start.isoformat(), t.span.end.isoformat()]] for t in analysis.timexes],
            "text": row["text"],
        })
    summary = {"notes": len(rows), "stated": stated, "exact_stated": exact,
               "rate": round(exact / stated, 4) if stated else None, "misses": dict(kinds)}
    return summary, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", type=Path)
    parser.add_argument("--rows", type=Path, help="write each miss (or, with --all, each stated note) here")
    parser.add_argument("--all", action="store_true", help="write the hits too")
    args = parser.parse_args(argv)
    summary, rows = analyse(args.notes, args.all)
    if args.rows:
        with args.rows.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
