"""Training rows from an ACLED export as ACLED distributes it (CSV), current and pre-2019 taxonomies.

Today's exports have 31 columns (``event_id_cnty``, ``event_date``, …, ``event_type``,
``sub_event_type``, ``actor1`` …, ``notes``, ``fatalities``, ``tags``, ``timestamp``); exports before
the 2019 revision have no ``sub_event_type`` and event types such as "Battle-No change of
territory", which are kept as they are (scored in the ``acled-pre2019`` label set).  Each row
becomes a row in the shape of the events gold JSONL.  A row that cannot train (no notes, no label)
is skipped with a message naming its line and field; the rest go on.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

REQUIRED_COLUMNS = ("notes", "event_type")
ACTOR_COLUMNS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
INTERACTION_COLUMNS = ("inter1", "inter2", "interaction")


class AcledCsvError(ValueError):
    """The file is not an ACLED CSV at all (unreadable, or without the columns training needs)."""


def read_training_rows(path: Path, label_field: str = "event_type") -> tuple[list[dict[str, Any]], list[str]]:
    """(rows in the shape of the events gold JSONL, one message per skipped row)."""
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
            if not row.get("notes"):
                skipped.append(f"{path}:{line}: field 'notes' is empty: nothing to learn from")
                continue
            if not row.get(label_field):
                skipped.append(f"{path}:{line}: field {label_field!r} is empty")
                continue
            rows.append(_gold_row(row, path, line))
    if not rows:
        raise AcledCsvError(f"{path}: no row to learn from" + (f" ({len(skipped)} skipped)" if skipped else ""))
    return rows, skipped


def _gold_row(row: dict[str, str], path: Path, line: int) -> dict[str, Any]:
    location = None
    try:
        location = {"name": row.get("location") or None, "lat": float(row["latitude"]),
                    "lon": float(row["longitude"]), "country": row.get("country") or None}
    except (KeyError, ValueError):
        location = None
    return {
        "id": row.get("event_id_cnty") or f"{path.name}:{line}",
        "text": row["notes"],
        "event_type": row["event_type"],
        "sub_event_type": row.get("sub_event_type") or None,
        "date": row.get("event_date") or None,
        "actors": [{"name": row[c], "role": c} for c in ACTOR_COLUMNS if row.get(c)],
        "location": location,
        "source": row.get("source") or None,
        "ontology": "ACLED",
        # the actors' interaction codes, where the events gold JSONL keeps them (a trained model reads them)
        "meta": {c: row[c] for c in INTERACTION_COLUMNS if row.get(c)},
        "_line": line,
    }
