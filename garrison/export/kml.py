"""KML for Google Earth: a placemark per event, happening or presence timeline that has a place.

Each placemark carries a TimeSpan (Google Earth's time slider), the evidence or summary as its
description, and Garrison's fields as ExtendedData.  Written element by element, XML-escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from garrison.export.base import Lookups, chunked
from garrison.export.rows import ROWS

MEDIA_TYPE = "application/vnd.google-earth.kml+xml"
SUFFIX = ".kml"
KINDS = ("events", "happenings", "presence")

_TITLE = {"events": "event_id", "happenings": "happening_id", "presence": "actor"}
_BEGIN = {"events": "event_date", "happenings": "event_date", "presence": "first_reported"}
_END = {"events": "date_end", "happenings": "date_end", "presence": "last_reported"}
_TEXT = {"events": "notes", "happenings": "sources", "presence": "materiel"}


def _placemark(what: str, row: dict[str, Any]) -> str:
    kind = row.get("event_type") or what
    name = f"{kind}: {row.get('location') or ''}" if what != "presence" else f"{row['actor']} at {row['location']}"
    parts = [f"<Placemark><name>{escape(name)}</name>"]
    if row.get(_TEXT[what]):
        parts.append(f"<description>{escape(str(row[_TEXT[what]]))}</description>")
    begin, end = row.get(_BEGIN[what]), row.get(_END[what])
    if begin or end:
        parts.append("<TimeSpan>" + (f"<begin>{begin}</begin>" if begin else "")
                     + (f"<end>{end}</end>" if end else "") + "</TimeSpan>")
    parts.append("<ExtendedData>")
    for key, value in row.items():
        if value not in (None, "") and key not in ("latitude", "longitude"):
            parts.append(f"<Data name={quoteattr(key)}><value>{escape(str(value))}</value></Data>")
    parts.append(f"</ExtendedData><Point><coordinates>{row['longitude']},{row['latitude']}</coordinates></Point>"
                 "</Placemark>\n")
    return "".join(parts)


def _one_per_record(what: str, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Event rows come one per claim: a placemark per event, its claims' sources, stances and notes joined."""
    if what != "events":
        yield from rows
        return
    held: dict[str, Any] | None = None
    for row in rows:
        if held is not None and row["event_id"] == held["event_id"]:
            for key in ("source", "source_chain", "stance", "notes", "document_id"):
                if row.get(key) and row[key] != held.get(key):
                    held[key] = f"{held[key]} | {row[key]}" if held.get(key) else row[key]
            continue
        if held is not None:
            yield held
        held = dict(row)
    if held is not None:
        yield held


def write(what: str, records: Iterable[Any], lookups: Lookups) -> Iterator[str]:
    def pieces() -> Iterator[str]:
        yield ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
               f"<name>Garrison {escape(what)}</name>\n")
        for row in _one_per_record(what, ROWS[what](records, lookups.name)):
            if row.get("latitude") is not None and row.get("longitude") is not None:
                yield _placemark(what, row)
        yield "</Document></kml>\n"

    return chunked(pieces())
