"""Events, happenings and presence timelines as rows and features other tools read.

Pure functions: records in, dicts out.  ``event_rows`` follows ACLED's column names where the
meaning is the same (event_date, event_type, sub_event_type, actor1, actor2, latitude,
longitude, geo_precision, source, notes, fatalities) and adds what ACLED does not record:
the stance of each claim and the cited source chain.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
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


def event_rows(events: Iterable[Event], name: Names) -> list[dict[str, Any]]:
    """One row per claim: an event reported by two documents gives two rows sharing an event_id."""
    rows = []
    for event in events:
        for claim in event.claims or [None]:
            rows.append({
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
            })
    return rows


def happening_rows(happenings: Iterable[Happening], name: Names) -> list[dict[str, Any]]:
    return [{
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
    } for h in happenings]


def presence_rows(presences: Iterable[Presence], name: Names) -> list[dict[str, Any]]:
    return [{
        "actor": name(p.actor),
        "actor_id": p.actor,
        **_place(p.place),
        "first_reported": p.first_reported.isoformat() if p.first_reported else None,
        "last_reported": p.last_reported.isoformat() if p.last_reported else None,
        "materiel": "; ".join(map(name, p.materiel)),
        "reports": p.reports,
        "happenings": len(p.happening_ids),
    } for p in presences]


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows)


def to_geojson(rows: list[dict[str, Any]]) -> str:
    """A FeatureCollection of the rows that have coordinates (the others cannot go on a map)."""
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
         "properties": {k: v for k, v in row.items() if k not in ("latitude", "longitude")}}
        for row in rows if row.get("latitude") is not None and row.get("longitude") is not None
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str) + "\n"


FORMATS = {"csv": to_csv, "jsonl": to_jsonl, "geojson": to_geojson}
