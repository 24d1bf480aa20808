"""Ingest quality on gold texts: publication dates found, near-duplicate recall on syndicated copies."""

from __future__ import annotations

import json

from garrison.eval.ingest import measure_dates, measure_dedup

BODY = ("Russian transport aircraft landed at the air base on Tuesday, residents said, and a convoy of armoured "
        "vehicles left for the south . ")


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_dates_as_written_and_with_the_dateline_line_removed(tmp_path):
    gold = write_jsonl(tmp_path / "g.jsonl", [
        {"id": "a", "dct": "2008-03-01", "text": "Troops arrive\nMarch 01 , 2008\n" + BODY * 3},
        {"id": "b", "dct": "01-03-2008", "text": "Convoy leaves\nMarch 01 , 2008\n" + BODY * 3},  # DD-MM-YYYY gold
        {"id": "c", "text": "No creation time: not scored\n" + BODY},
    ])
    result = measure_dates(gold)
    assert result["as written"]["documents"] == 2 and result["as written"].get("exact") == 2
    assert result["dateline line removed"]["documents"] == 2 and "exact" not in result["dateline line removed"]


def test_syndicated_copies_are_found_and_distinct_texts_are_not_matched(tmp_path):
    import random

    vocabulary = ("drone radar convoy tank ship base runway hangar troops militia ministry statement officials "
                  "satellite images residents border column artillery airlift freighter battery port city desert "
                  "north south east west night morning week month village road bridge river camp").split()
    rng = random.Random(5)
    rows = [{"id": str(n), "text": f"Report {n}\n" + " . ".join(
        " ".join(rng.choice(vocabulary) for _ in range(12)) for _ in range(10))} for n in range(4)]
    rows.append({"id": "short", "text": "Too short to count."})
    result = measure_dedup(write_jsonl(tmp_path / "g.jsonl", rows))
    assert result["texts"] == 4
    assert result["copies_found"] == 4 and result["false_matches_among_distinct"] == 0
