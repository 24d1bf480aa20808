"""Records in and out of rows, and the reads both sides of the store share (a document's analysis, events
with their claims, entities by id).  Functions over an open connection, so that a caller's transaction holds."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from garrison.model import (
    Analysis,
    Claim,
    Document,
    Entity,
    Event,
    Happening,
    Mention,
    Place,
    Presence,
    TimeExpression,
    TimeSpan,
    Toponym,
    to_json_value,
)
from garrison.store import schema as t
from garrison.store.engine import read_json


def now() -> datetime:
    return datetime.now(UTC)


def fts_query(query: str) -> str:
    """Quote every term, so that user input like ``S-400`` or ``al-Khadim`` is not read as FTS5 syntax."""
    terms = re.findall(r'[^\s"]+', query)
    return " ".join('"' + term.replace('"', "") + '"' for term in terms)


def documents_by_id(c: Connection, ids: Sequence[str]) -> list[Document]:
    ids = list(ids)
    found: list[Document] = []
    for start in range(0, len(ids), 500):
        query = select(t.documents).where(t.documents.c.id.in_(ids[start:start + 500]))
        found.extend(row_document(r) for r in c.execute(query))
    return found


def entities_by_id(c: Connection, ids: Iterable[str]) -> list[Entity]:
    ids = list(ids)
    if not ids:
        return []
    return [
        Entity(r.type, r.name, r.id, list(r.aliases or []), dict(r.attributes or {}))
        for r in c.execute(select(t.entities).where(t.entities.c.id.in_(ids)))
    ]


def events_with_claims(c: Connection, *conditions: Any) -> list[tuple[Any, list[Any]]]:
    event_rows = c.execute(select(t.events).where(*conditions).order_by(
            t.events.c.time_start.is_(None), t.events.c.time_start, t.events.c.id
        )).all()
    claims: dict[str, list[Any]] = {}
    ids = [r.id for r in event_rows]
    for start in range(0, len(ids), 500):
        for r in c.execute(select(t.claims).where(t.claims.c.event_id.in_(ids[start:start + 500]))):
            claims.setdefault(r.event_id, []).append(r)
    return [(r, claims.get(r.id, [])) for r in event_rows]

def load_analyses(c: Connection, document_ids: Sequence[str]) -> list[Analysis]:
    """Documents with what earlier stage runs stored for them, in the order asked."""
    ids = list(document_ids)
    docs = {d.id: d for d in documents_by_id(c, ids)}
    analyses = {i: Analysis(document=docs[i]) for i in ids if i in docs}
    for r in c.execute(select(t.mentions).where(t.mentions.c.document_id.in_(ids)).order_by(t.mentions.c.id)):
        analyses[r.document_id].mentions.append(
            Mention(r.document_id, r.start, r.end, r.text, r.label, r.entity_id, r.source or "ner", r.sentence)
        )
    entity_ids = {m.entity_id for a in analyses.values() for m in a.mentions if m.entity_id}
    known = {e.id: e for e in entities_by_id(c, entity_ids)}
    for analysis in analyses.values():
        seen = dict.fromkeys(m.entity_id for m in analysis.mentions if m.entity_id in known)
        analysis.entities = [known[e] for e in seen]
    for r in c.execute(select(t.toponyms).where(t.toponyms.c.document_id.in_(ids)).order_by(t.toponyms.c.id)):
        analyses[r.document_id].toponyms.append(
            Toponym(
                r.document_id, r.start, r.end, r.text,
                Place.from_dict(r.place) if r.place else None, r.score, r.mention_label,
            )
        )
    for r in c.execute(select(t.timexes).where(t.timexes.c.document_id.in_(ids)).order_by(t.timexes.c.id)):
        analyses[r.document_id].timexes.append(
            TimeExpression(
                r.document_id, r.start, r.end, r.text, r.type, r.value,
                TimeSpan.from_dict(r.span) if r.span else None,
            )
        )
    for event_row, claim_rows in events_with_claims(c, t.events.c.document_id.in_(ids)):
        analyses[event_row.document_id].events.append(row_event(event_row, claim_rows))
    return [analyses[i] for i in ids if i in analyses]



# -- row mapping ------------------------------------------------------------


def json_loads(value: Any) -> Any:
    return read_json(value) if isinstance(value, str) else value


def union(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def document_row(doc: Document) -> dict[str, Any]:
    row = {c.name: getattr(doc, c.name) for c in t.documents.columns if hasattr(doc, c.name)}
    row["published_source"] = str(doc.published_source) if doc.published_source else None
    return row


def plain(mapping: Any) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in mapping.items()
            if k not in ("minhash", "search")}


def row_document(r: Any) -> Document:
    return Document.from_dict(plain(r._mapping) | {"meta": r.meta or {}})


def mention_row(m: Mention) -> dict[str, Any]:
    return {
        "document_id": m.document_id, "start": m.start, "end": m.end, "text": m.text, "label": str(m.label),
        "entity_id": m.entity_id, "source": m.source, "sentence": m.sentence,
    }


def toponym_row(p: Toponym) -> dict[str, Any]:
    return {
        "document_id": p.document_id, "start": p.start, "end": p.end, "text": p.text,
        "mention_label": p.mention_label, "score": p.score,
        "place_id": p.place.id if p.place else None, "place": p.place.to_dict() if p.place else None,
        "lat": p.place.lat if p.place else None, "lon": p.place.lon if p.place else None,
    }


def timex_row(x: TimeExpression) -> dict[str, Any]:
    return {
        "document_id": x.document_id, "start": x.start, "end": x.end, "text": x.text, "type": x.type,
        "value": x.value, "span": x.span.to_dict() if x.span else None,
        "span_start": x.span.start if x.span else None, "span_end": x.span.end if x.span else None,
    }


ROW_MAPPERS = {"mentions": mention_row, "toponyms": toponym_row, "timexes": timex_row}


def event_row(e: Event) -> dict[str, Any]:
    def plain(value):  # the event's own fields only: its claims are rows of their own (claim_row)
        return value.to_dict() if value is not None else None

    return {
        "id": e.id, "document_id": e.document_id, "type": e.type, "mode": e.mode, "trigger": e.trigger,
        "actors": list(e.actors), "targets": list(e.targets), "materiel": list(e.materiel),
        "location": plain(e.location), "origin": plain(e.origin), "destination": plain(e.destination),
        "time": plain(e.time),
        "lat": e.location.lat if e.location else None, "lon": e.location.lon if e.location else None,
        "place_name": e.location.name if e.location else None,
        "time_start": e.time.start if e.time else None, "time_end": e.time.end if e.time else None,
        "time_from_dct": e.time_from_dct, "fatalities": e.fatalities, "attributes": to_json_value(e.attributes),
    }


def happening_row(h: Happening) -> dict[str, Any]:
    return {
        "id": h.id, "type": h.type, "mode": h.mode, "data": h.to_dict(),
        "lat": h.location.lat if h.location else None, "lon": h.location.lon if h.location else None,
        "place_name": h.location.name if h.location else None,
        "time_start": h.time.start if h.time else None, "time_end": h.time.end if h.time else None,
        "reports": h.reports, "contradicted": h.contradicted,
        "first_reported": h.first_reported, "last_reported": h.last_reported,
        "background": bool(h.attributes.get("background")),
        "compact": compact_happening(h.to_dict()),
    }


COMPACT_DROP = ("event_ids", "outlets", "first_reported", "last_reported")
COMPACT_PLACE_DROP = ("admin1", "geonameid")
COMPACT_TIME_DROP = ("value", "text", "anchor", "anchor_inferred")
COMPACT_ATTRIBUTES = ("background", "time_from_dct")


def compact_happening(data: dict[str, Any]) -> dict[str, Any]:
    """A happening's JSON form cut to what a map, a timeline and a list draw, and what the API's exact filter
    check reads (parties, places, stances, background): less than half the bytes.  Changes ``data``."""
    for key in COMPACT_DROP:
        data.pop(key, None)
    for key in HAPPENING_PLACE_ROLES:
        if data.get(key):
            for drop in COMPACT_PLACE_DROP:
                data[key].pop(drop, None)
    if data.get("time"):
        for drop in COMPACT_TIME_DROP:
            data["time"].pop(drop, None)
    attributes = data.get("attributes") or {}
    data["attributes"] = {k: attributes[k] for k in COMPACT_ATTRIBUTES if k in attributes}
    return data


HAPPENING_PLACE_ROLES = ("location", "origin", "destination")
UNDATED = date(9999, 12, 31)  # where the listings sort happenings without a date: last
HAPPENING_ENTITY_ROLES = (("actor", "actors"), ("target", "targets"), ("materiel", "materiel"))


def happening_side_rows(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows of happening_places, happening_entities and happening_stances for one happening as stored
    (its JSON form): what the place, actor and stance filters match, casefolded as they compare it.  The
    persistence writes them with the happening; migration 0006 fills them from the JSON of older stores."""
    hid = data["id"]
    sort_date = date.fromisoformat(data["time"]["start"]) if data.get("time") else UNDATED
    places = [
        {"happening_id": hid, "role": role, "place_id": place.get("id"), "name_key": (place.get("name") or "").casefold(),
         "country_key": (place.get("country") or "").casefold(), "sort_date": sort_date}
        for role in HAPPENING_PLACE_ROLES if (place := data.get(role))
    ]
    entities = [
        {"happening_id": hid, "role": role, "entity_key": key, "sort_date": sort_date}
        for role, field_name in HAPPENING_ENTITY_ROLES
        for key in dict.fromkeys(i.casefold() for i in data.get(field_name) or [])
    ]
    stances: dict[str, int] = {}
    for stance, claims in (data.get("stances") or {}).items():
        if claims:
            stances[stance.lower()] = stances.get(stance.lower(), 0) + claims
    return {
        "happening_places": places,
        "happening_entities": entities,
        "happening_stances": [{"happening_id": hid, "stance": k, "claims": v, "sort_date": sort_date}
                              for k, v in stances.items()],
    }


def filter_key_rows(entities: Iterable[dict[str, Any]], places: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of happening_filter_keys for these side rows: each distinct entity key and place name once."""
    keys = {("entity", r["entity_key"]) for r in entities} | {("place", r["name_key"]) for r in places}
    return [{"kind": kind, "key": key} for kind, key in sorted(keys)]


def presence_row(p: Presence) -> dict[str, Any]:
    return {
        "id": p.id, "actor": p.actor, "place_id": p.place.id, "data": p.to_dict(), "lat": p.place.lat,
        "lon": p.place.lon, "first_reported": p.first_reported, "last_reported": p.last_reported,
        "reports": p.reports, **presence_keys(p.to_dict()),
    }


def presence_keys(data: dict[str, Any]) -> dict[str, Any]:
    """A presence's columns the actor, place and background filters read (from its JSON form, as migration 0006 does)."""
    place = data.get("place") or {}
    return {"actor_key": (data.get("actor") or "").casefold(), "place_key": (place.get("name") or "").casefold(), "country_key": (place.get("country") or "").casefold(),
            "background": bool((data.get("attributes") or {}).get("background"))}


def claim_row(cl: Claim) -> dict[str, Any]:
    d = cl.to_dict()
    return {k: d[k] for k in ("id", "event_id", "document_id", "evidence", "outlet", "source_chain", "speaker",
                              "speaker_role", "stance", "cue")}


def row_event(r: Any, claim_rows: Sequence[Any]) -> Event:
    data = {k: r._mapping[k] for k in ("id", "document_id", "type", "mode", "trigger", "actors", "targets", "materiel",
                                       "location", "origin", "destination", "time", "time_from_dct", "fatalities",
                                       "attributes")}
    data["claims"] = [dict(cr._mapping) for cr in claim_rows]
    for key in ("actors", "targets", "materiel"):
        data[key] = data[key] or []
    data["attributes"] = data["attributes"] or {}
    return Event.from_dict(data)
