"""Ingest quality on gold texts: the publication dates found, and near-duplicate recall on syndicated copies.

Both read gold JSONL of other stages (MEANTIME's ``dct``, any ``text``): ingest has no gold of its own.
"""

from __future__ import annotations

import json
import random
import tempfile
from datetime import date
from pathlib import Path

from garrison.eval.gold import read_records
from garrison.eval.synthetic import syndicated_copy
from garrison.ingest import NearDuplicateIndex, iter_inputs


def _gold_day(value: str) -> date:
    if len(value) == 10 and value[2] == "-":  # some gold rows write DD-MM-YYYY
        value = f"{value[6:]}-{value[3:5]}-{value[:2]}"
    return date.fromisoformat(value[:10])


def measure_dates(gold_path: Path) -> dict[str, dict[str, int]]:
    """How publication dates are found for gold texts with a "dct": as written, and with the
    second line (where WikiNews-style texts carry their dateline) removed, so that only the
    inference from the body can date them."""
    rows = [row for row in read_records(gold_path) if row.get("dct")]
    results = {}
    for label, texts in (
        ("as written", [row["text"] for row in rows]),
        ("dateline line removed", ["\n".join(l[:1] + l[2:]) for l in (row["text"].split("\n") for row in rows)]),
    ):
        tally: dict[str, int] = {"documents": 0}
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "texts.jsonl"
            path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
            for row, item in zip(rows, iter_inputs(str(path)), strict=True):
                tally["documents"] += 1
                source = str(getattr(item, "published_source", None) or "none")
                tally[source] = tally.get(source, 0) + 1
                if getattr(item, "published", None) == _gold_day(row["dct"]):
                    tally["exact"] = tally.get("exact", 0) + 1
        results[label] = tally
    return results


def measure_dedup(gold_path: Path, threshold: float = 0.7) -> dict[str, float]:
    """Near-duplicate recall on generated syndicated copies of the gold texts, and false matches
    among the distinct gold texts themselves (MEANTIME holds several reports of one event)."""
    rng = random.Random(11)
    rows = read_records(gold_path)
    texts = {row.get("id", str(n)): row["text"] for n, row in enumerate(rows) if len(row["text"].split()) >= 80}
    index = NearDuplicateIndex(threshold=threshold)
    false_matches = 0
    for doc_id, text in texts.items():
        signature = index.signature(text)
        false_matches += index.find(signature) is not None
        index.add(doc_id, signature)
    found = 0
    similarities = []
    for doc_id, text in texts.items():
        match = index.find(index.signature(syndicated_copy(text, rng)))
        if match and match[0] == doc_id:
            found += 1
            similarities.append(match[1])
    return {"texts": len(texts), "copies_found": found, "recall": round(found / len(texts), 3),
            "false_matches_among_distinct": false_matches,
            "median_copy_similarity": sorted(similarities)[len(similarities) // 2] if similarities else None}
