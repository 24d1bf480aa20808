"""JSON lines: the rows of ``rows``, one JSON object a line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from garrison.export.base import Lookups, chunked, dumps
from garrison.export.rows import ROWS

MEDIA_TYPE = "application/x-ndjson"
SUFFIX = ".jsonl"
KINDS = ("events", "happenings", "presence")


def rows_to_jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    return chunked(dumps(row) + "\n" for row in rows)


def write(what: str, records: Iterable[Any], lookups: Lookups) -> Iterator[str]:
    return rows_to_jsonl(ROWS[what](records, lookups.name))
