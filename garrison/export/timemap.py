"""TimeMap (Forensic Architecture): the domain its front end loads, so TimeMap can show a store.

One JSON object with TimeMap's three data endpoints as keys — serve each key at its endpoint
(EVENTS_EXT, ASSOCIATIONS_EXT, SOURCES_EXT in TimeMap's config), or the whole file where a
datasheet-style server expects one:

- ``events``: ``id, description, date, time, time_precision, location, latitude, longitude,
  category, associations, sources`` as TimeMap validates them (strings; date MM/DD/YYYY, its
  default DATE_FMT);
- ``associations``: the event types as categories, stances and actors as filters (``mode``
  CATEGORY / FILTER, ``filter_paths`` to group them);
- ``sources``: one per reporting document, keyed by id, with ``paths`` (media: none for text
  reports), ``url``, ``type``, ``title``, ``date``.

Events stream out as they come; associations (bounded by the vocabulary) and sources are
gathered on the way and written at the end — sources through a temporary file, so memory holds
only the ids of the documents already written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from garrison.export.base import Lookups, chunked, dumps
from garrison.model import Event

MEDIA_TYPE = "application/json"
SUFFIX = ".timemap.json"
KINDS = ("events",)


def _us_date(day) -> str:
    return f"{day.month:02d}/{day.day:02d}/{day.year:04d}"


def event_record(event: Event, lookups: Lookups) -> dict[str, Any]:
    place = event.location
    stances = list(dict.fromkeys(str(c.stance) for c in event.claims))
    actors = [lookups.name(i) for i in (*event.actors, *event.targets)]
    evidence = " ".join(e.text.strip() for c in event.claims for e in c.evidence)
    return {
        "id": event.id,
        "description": evidence or f"{event.type} {event.mode or ''}".strip(),
        "date": _us_date(event.time.start) if event.time else "",
        "time": "",
        "time_precision": str(event.time.precision) if event.time else "",
        "location": place.name if place else "",
        "latitude": str(place.lat) if place else "",
        "longitude": str(place.lon) if place else "",
        "type": event.mode or "",
        "category": event.type,
        "associations": [event.type, *(f"stance:{s}" for s in stances), *(f"actor:{a}" for a in actors)],
        "sources": list(dict.fromkeys(c.document_id for c in event.claims)),
        "comments": "; ".join(f"{c.outlet or '?'}: {c.stance}" + (f" ({' <- '.join(c.source_chain)})"
                                                                    if c.source_chain else "") for c in event.claims),
    }


def _source(document_id: str, lookups: Lookups) -> dict[str, Any]:
    document = lookups.document(document_id)
    return {
        "id": document_id,
        "title": (document.title or "") if document else "",
        "thumbnail": "",
        "paths": [],
        "type": "Text",
        "url": (document.url or "") if document else "",
        "description": (document.outlet or "") if document else "",
        "author": (document.author or "") if document else "",
        "date": _us_date(document.published) if document and document.published else "",
    }


def write(what: str, records: Iterable[Event], lookups: Lookups) -> Iterator[str]:
    def pieces() -> Iterator[str]:
        associations: dict[str, dict[str, Any]] = {}
        written_sources: set[str] = set()
        with tempfile.TemporaryFile("w+", encoding="utf-8") as sources:
            yield '{"events":['
            first = True
            for event in records:
                record = event_record(event, lookups)
                for association in record["associations"]:
                    if association not in associations:
                        kind, _, value = association.partition(":")
                        if not value:
                            associations[association] = {"id": association, "title": association, "mode": "CATEGORY",
                                                         "desc": "", "filter_paths": []}
                        else:
                            associations[association] = {"id": association, "title": value, "mode": "FILTER",
                                                         "desc": "", "filter_paths": [kind, value]}
                for document_id in record["sources"]:
                    if document_id not in written_sources:
                        sources.write(("," if written_sources else "") + dumps(document_id) + ":"
                                      + dumps(_source(document_id, lookups)) + "\n")
                        written_sources.add(document_id)
                yield ("" if first else ",\n") + dumps(record)
                first = False
            yield '],\n"associations":' + dumps(list(associations.values())) + ',\n"sources":{'
            sources.seek(0)
            for line in sources:
                yield line
            yield "}}\n"

    return chunked(pieces())
