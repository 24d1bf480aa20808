"""Exports for the tools analysts already run: one module per format, each streaming.

    from garrison import export
    for chunk in export.write("stix", "events", events, export.Lookups.from_names(names)):
        out.write(chunk)

``write`` takes records in any number (an iterator is read once, in constant memory) and gives
text chunks.  ``garrison.export.source`` streams the records of a store page by page, with lookups
for the entities and documents they name; the CLI and the API use both.

Formats: csv, jsonl, geojson (flat rows in ACLED-like columns, see ``rows``), stix (STIX 2.1 bundle),
ftm (FollowTheMoney entities, JSON lines), acled (ACLED's own 31-column CSV), timemap (TimeMap's
domain JSON), kml (Google Earth).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

from garrison.export.base import Lookups, label_of
from garrison.export.rows import event_rows, happening_rows, presence_rows

MODULES = {"csv": "csvfile", "jsonl": "jsonl", "geojson": "geojson", "stix": "stix", "ftm": "ftm",
           "acled": "acled", "timemap": "timemap", "kml": "kml"}
FORMATS = tuple(MODULES)
KINDS = ("events", "happenings", "presence")


class ExportError(ValueError):
    """A format or record kind the exports do not know, or a pairing of the two they cannot write."""


def module(format: str) -> ModuleType:
    if format not in MODULES:
        raise ExportError(f"unknown export format {format!r}; known: {', '.join(FORMATS)}")
    return importlib.import_module(f"garrison.export.{MODULES[format]}")


def kinds(format: str) -> tuple[str, ...]:
    """The record kinds a format writes (ACLED's CSV holds events only, for example)."""
    return module(format).KINDS


def media_type(format: str) -> str:
    return module(format).MEDIA_TYPE


def suffix(format: str) -> str:
    return module(format).SUFFIX


def write(format: str, what: str, records: Iterable[Any], lookups: Lookups | None = None) -> Iterator[str]:
    """Text chunks of ``records`` (events, happenings or presence timelines) in ``format``."""
    writer = module(format)
    if what not in writer.KINDS:
        raise ExportError(f"{format} exports {', '.join(writer.KINDS)}, not {what}")
    return writer.write(what, records, lookups or Lookups())


# The list-at-once forms of the flat formats, kept for callers that hold every row already.


def to_csv(rows: list[dict[str, Any]]) -> str:
    from garrison.export.csvfile import rows_to_csv

    return "".join(rows_to_csv(rows))


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    from garrison.export.jsonl import rows_to_jsonl

    return "".join(rows_to_jsonl(rows))


def to_geojson(rows: list[dict[str, Any]]) -> str:
    from garrison.export.geojson import rows_to_geojson

    return "".join(rows_to_geojson(rows))


__all__ = ["FORMATS", "KINDS", "ExportError", "Lookups", "event_rows", "happening_rows", "kinds", "label_of",
           "media_type", "presence_rows", "suffix", "to_csv", "to_geojson", "to_jsonl", "write"]
