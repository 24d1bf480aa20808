"""CSV: one row per claim (events), happening or presence timeline, in the columns of ``rows``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from garrison.export.base import CHUNK_CHARS, Lookups
from garrison.export.rows import ROWS

MEDIA_TYPE = "text/csv"
SUFFIX = ".csv"
KINDS = ("events", "happenings", "presence")


def rows_to_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The header from the first row's keys; nothing at all for no rows."""
    out = io.StringIO()
    writer = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
            writer.writeheader()
        writer.writerow(row)
        if out.tell() >= CHUNK_CHARS:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue()


def write(what: str, records: Iterable[Any], lookups: Lookups) -> Iterator[str]:
    return rows_to_csv(ROWS[what](records, lookups.name))
