"""Events, happenings and presence timelines as flat rows (the CSV, JSON lines and GeoJSON exports).

Pure functions: records in, dicts out, one at a time (``iter_*``) so that an export of any size
streams; the list forms are kept for callers that want everything at once.  ``event_rows`` follows ACLED's column names where the
meaning is the same (event_date, event_type, sub_event_type, actor1, actor2, latitude,
longitude, geo_precision, source, notes, fatalities) and adds what ACLED does not record:
the stance of each claim and the cited source chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from garrison.model import Event, Happening, Place, Presence, TimeSpan

Names = Callable[[str], str]


def _place(place: Place | None) -> dict[str, Any]:
    if place is None:
        return {"location": None, "latitude": None, "longitude": None, "geo_precision": None, "country": None}
    return {"location": place.name, "latitude": place.lat, "longitude": place.lon, "geo_precision": place.precision,
            "country": place.country}


def _time(span: TimeSpan | None) -> dict[str, Any]:
    if span is None:
        return {"event_date": None, "date_end": None, "time_precision": None, "timex": None}
    return {"event_date": span.start.isoformat(), "date_end": span.end.isoformat(),
            "time_precision": str(span.precision), "timex": span.value}


def _what(record: Event | Happening, name: Names) -> dict[str, Any]:
    return {
        "event_type": record.type,
        "sub_event_type": record.mode,
        "actor1": "; ".join(map(name, record.actors)),
        "actor2": "; ".join(map(name, record.targets)),
        "materiel": "; ".join(map(name, record.materiel)),
    }


def iter_event_rows(events: Iterable[Event], name: Names) -> Iterator[dict[str, Any]]:
    """One row per claim: an event reported by two documents gives two rows sharing an event_id."""
    for event in events:
        for claim in event.claims or [None]:
            yield {
                "event_id": event.id,
                **_time(event.time),
                "date_from_publication": event.time_from_dct,
                **_what(event, name),
                **_place(event.location),
                "origin": event.origin.name if event.origin else None,
                "destination": event.destination.name if event.destination else None,
                "fatalities": event.fatalities,
                "document_id": claim.document_id if claim else event.document_id,
                "source": claim.outlet if claim else None,
                "source_chain": " <- ".join(claim.source_chain) if claim else None,
                "stance": str(claim.stance) if claim else None,
                "notes": " ".join(e.text.strip() for e in claim.evidence) if claim else None,
            }


def event_rows(events: Iterable[Event], name: Names) -> list[dict[str, Any]]:
    return list(iter_event_rows(events, name))


def iter_happening_rows(happenings: Iterable[Happening], name: Names) -> Iterator[dict[str, Any]]:
    return ({
        "happening_id": h.id,
        **_time(h.time),
        **_what(h, name),
        **_place(h.location),
        "reports": h.reports,
        "sources": "; ".join(h.outlets),
        "stances": "; ".join(f"{k}={v}" for k, v in sorted(h.stances.items())),
        "contradicted": h.contradicted,
        "first_reported": h.first_reported.isoformat() if h.first_reported else None,
        "last_reported": h.last_reported.isoformat() if h.last_reported else None,
        "events": len(h.event_ids),
    } for h in happenings)


def happening_rows(happenings: Iterable[Happening], name: Names) -> list[dict[str, Any]]:
    return list(iter_happening_rows(happenings, name))


def iter_presence_rows(presences: Iterable[Presence], name: Names) -> Iterator[dict[str, Any]]:
    return ({
        "actor": name(p.actor),
        "actor_id": p.actor,
        **_place(p.place),
        "first_reported": p.first_reported.isoformat() if p.first_reported else None,
        "last_reported": p.last_reported.isoformat() if p.last_reported else None,
        "materiel": "; ".join(map(name, p.materiel)),
        "reports": p.reports,
        "happenings": len(p.happening_ids),
    } for p in presences)


def presence_rows(presences: Iterable[Presence], name: Names) -> list[dict[str, Any]]:
    return list(iter_presence_rows(presences, name))


ROWS = {"events": iter_event_rows, "happenings": iter_happening_rows, "presence": iter_presence_rows}
