"""Training rows from an ACLED CSV: ACLED's own exports (its 31 columns, or the older 28-30) and Garrison's.

Each row's notes are the text and its event_type / sub_event_type the labels; rows in ACLED's
taxonomy before 2019 (no sub-event type, event types such as "Battle-No change of territory") are
read in today's taxonomy through the correspondence in garrison/data/export/acled.json.  A row that
cannot train (no notes, no label) is skipped with a message naming its line and field; the rest go on.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from garrison.export.base import data

REQUIRED_COLUMNS = ("notes", "event_type")


class AcledCsvError(ValueError):
    """The file is not an ACLED CSV at all (unreadable, or without the columns training needs)."""


def read_training_rows(path: Path, label_field: str = "event_type") -> tuple[list[dict[str, Any]], list[str]]:
    """(rows in the shape of the events gold JSONL, one message per skipped row)."""
    legacy = data("acled.json")["legacy_event_types"]
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise AcledCsvError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with handle:
        reader = csv.DictReader(handle)
        header = [name.strip().lower() for name in reader.fieldnames or []]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise AcledCsvError(f"{path}:1: not an ACLED CSV: no {', '.join(missing)} column")
        reader.fieldnames = header
        for line, raw in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
            event_type, sub_event_type = row.get("event_type", ""), row.get("sub_event_type", "")
            if event_type in legacy and not sub_event_type:
                event_type, sub_event_type = legacy[event_type]
            label = event_type if label_field == "event_type" else sub_event_type
            if not row.get("notes"):
                skipped.append(f"{path}:{line}: field 'notes' is empty: nothing to learn from")
                continue
            if not label:
                skipped.append(f"{path}:{line}: field {label_field!r} is empty")
                continue
            rows.append({"id": row.get("event_id_cnty") or f"{path.name}:{line}", "text": row["notes"],
                         "event_type": event_type, "sub_event_type": sub_event_type, "ontology": "acled",
                         "_line": line})
    if not rows:
        raise AcledCsvError(f"{path}: no row to learn from" + (f" ({len(skipped)} skipped)" if skipped else ""))
    return rows, skipped
