"""What the API reads from the store: keyset-paginated listings with the CLI's filters.

Pagination is by keyset, never by offset: a cursor names the sort key of the last row served, so a page
costs the same at row 100 000 as at row 0 and rows added meanwhile neither repeat nor vanish.  Filters that
SQL can answer narrow the rows in SQL; the ones on nested JSON (actors, stances, background) are prefiltered
in SQL by the JSON text and checked exactly on the record.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Text, and_, cast, func, or_, select
from sqlalchemy.sql import ColumnElement

from garrison.model import Event, Happening, Presence
from garrison.store import Store
from garrison.store import schema as t
from garrison.store.db import _row_event

FAR_FUTURE = date(9999, 12, 31)  # where rows with no date sort: after every dated one


class CursorError(ValueError):
    """A cursor that this server did not hand out (or that was altered)."""


def encode_cursor(key: Sequence[Any]) -> str:
    raw = json.dumps([k.isoformat() if isinstance(k, date) else k for k in key], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, kinds: Sequence[type]) -> list[Any]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(kinds):
            raise ValueError("wrong length")
        return [date.fromisoformat(v) if kind is date else kind(v) for v, kind in zip(raw, kinds, strict=True)]
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CursorError(f"invalid cursor {cursor[:40]!r}") from exc


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


@dataclass
class HappeningFilter:
    type: list[str] | None = None
    actor: str | None = None
    place: str | None = None
    since: date | None = None
    until: date | None = None
    stance: str | None = None
    min_reports: int = 1
    contested: bool | None = None
    include_background: bool = False
    bbox: tuple[float, float, float, float] | None = None  # south, west, north, east


def _like(column: Any, needle: str) -> ColumnElement[bool]:
    return cast(column, Text).ilike(f"%{needle}%", escape="\\") if needle else and_(True)


def _escape(needle: str) -> str:
    return needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def is_background(record: Happening | Event | Presence) -> bool:
    return bool(record.attributes.get("background"))


def happening_matches(h: Happening, f: HappeningFilter) -> bool:
    if f.actor:
        needle = f.actor.casefold()
        if not any(needle in i.casefold() for i in (*h.actors, *h.targets, *h.materiel)):
            return False
    if f.place:
        needle = f.place.casefold()
        if not any(p is not None and (needle in p.name.casefold() or needle == (p.country or "").casefold())
                   for p in (h.location, h.origin, h.destination)):
            return False
    if f.stance and not h.stances.get(f.stance.lower()):
        return False
    if not f.include_background and is_background(h):
        return False
    return True


class Reads:
    """Read-side queries the API needs, on either back end."""

    def __init__(self, store: Store):
        self.store = store
        self.engine = store.engine

    # -- happenings -------------------------------------------------------------

    def _happening_conditions(self, f: HappeningFilter) -> list[Any]:
        h = t.happenings.c
        conditions: list[Any] = [h.reports >= f.min_reports]
        if f.type:
            conditions.append(h.type.in_([x.upper() for x in f.type]))
        if f.since:
            conditions.append(h.time_end >= f.since)
        if f.until:
            conditions.append(h.time_start <= f.until)
        if f.contested is not None:
            conditions.append(h.contradicted == f.contested)
        if f.bbox:
            south, west, north, east = f.bbox
            conditions.append(and_(h.lat.between(south, north), h.lon.between(west, east)))
        for needle in (f.actor, f.place, f.stance):
            if needle:
                conditions.append(_like(h.data, _escape(needle)))
        return conditions

    def happenings(self, f: HappeningFilter, *, limit: int = 100, cursor: str | None = None) -> Page:
        h = t.happenings.c
        sort = func.coalesce(h.time_start, FAR_FUTURE)
        conditions = self._happening_conditions(f)
        after = decode_cursor(cursor, (date, str)) if cursor else None

        def fetch(after_key: list[Any] | None, chunk: int) -> list[Any]:
            query = select(h.id, sort.label("sort"), h.data).where(*conditions)
            if after_key:
                query = query.where(or_(sort > after_key[0], and_(sort == after_key[0], h.id > after_key[1])))
            with self.engine.connect() as c:
                return c.execute(query.order_by(sort, h.id).limit(chunk)).all()

        def decode(row: Any) -> Happening:
            return Happening.from_dict(_json(row.data))

        return _keyset(fetch, decode, lambda row: [_as_date(row.sort), row.id],
                       lambda record: happening_matches(record, f), after, limit)

    def happening(self, happening_id: str) -> Happening | None:
        with self.engine.connect() as c:
            data = c.execute(select(t.happenings.c.data).where(t.happenings.c.id == happening_id)).scalar()
        return Happening.from_dict(_json(data)) if data is not None else None

    def happening_events(self, happening_id: str) -> list[Event]:
        ids = select(t.happening_events.c.event_id).where(t.happening_events.c.happening_id == happening_id)
        return self._events(t.events.c.id.in_(ids))

    # -- events -------------------------------------------------------------------

    def _events(self, *conditions: Any, limit: int | None = None, after: list[Any] | None = None) -> list[Event]:
        e = t.events.c
        sort = func.coalesce(e.time_start, FAR_FUTURE)
        query = select(t.events).where(*conditions)
        if after:
            query = query.where(or_(sort > after[0], and_(sort == after[0], e.id > after[1])))
        query = query.order_by(sort, e.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as c:
            rows = c.execute(query).all()
            claims: dict[str, list[Any]] = {}
            ids = [r.id for r in rows]
            for start in range(0, len(ids), 500):
                for r in c.execute(select(t.claims).where(t.claims.c.event_id.in_(ids[start:start + 500]))
                                   .order_by(t.claims.c.id)):
                    claims.setdefault(r.event_id, []).append(r)
        return [_row_event(r, claims.get(r.id, [])) for r in rows]

    def events(
        self, *, type: list[str] | None = None, actor: str | None = None, place: str | None = None,
        since: date | None = None, until: date | None = None, stance: str | None = None,
        document_id: str | None = None, include_background: bool = False, limit: int = 100,
        cursor: str | None = None,
    ) -> Page:
        e = t.events.c
        conditions: list[Any] = []
        if type:
            conditions.append(e.type.in_([x.upper() for x in type]))
        if since:
            conditions.append(e.time_end >= since)
        if until:
            conditions.append(e.time_start <= until)
        if document_id:
            conditions.append(e.document_id == document_id)
        if stance:
            conditions.append(e.id.in_(select(t.claims.c.event_id).where(t.claims.c.stance == stance.lower())))
        for needle in (actor, place):
            if needle:
                conditions.append(or_(_like(e.actors, _escape(needle)), _like(e.targets, _escape(needle)),
                                      _like(e.location, _escape(needle)), _like(e.origin, _escape(needle)),
                                      _like(e.destination, _escape(needle))))

        def keep(event: Event) -> bool:
            if actor and not any(actor.casefold() in i.casefold() for i in (*event.actors, *event.targets)):
                return False
            if place and not any(
                p is not None and (place.casefold() in p.name.casefold() or place.casefold() == (p.country or "").casefold())
                for p in (event.location, event.origin, event.destination)
            ):
                return False
            return include_background or not is_background(event)

        after = decode_cursor(cursor, (date, str)) if cursor else None
        return _keyset(
            lambda key, chunk: self._events(*conditions, limit=chunk, after=key), lambda event: event,
            lambda event: [event.time.start if event.time else FAR_FUTURE, event.id], keep, after, limit,
        )

    # -- presence, documents, entities ------------------------------------------------

    def presences(
        self, *, actor: str | None = None, place: str | None = None, include_background: bool = False,
        limit: int = 200, cursor: str | None = None,
    ) -> Page:
        p = t.presences.c
        conditions = [_like(p.data, _escape(n)) for n in (actor, place) if n]

        def fetch(after_key: list[Any] | None, chunk: int) -> list[Any]:
            query = select(p.id, p.actor, p.data).where(*conditions)
            if after_key:
                query = query.where(or_(p.actor > after_key[0], and_(p.actor == after_key[0], p.id > after_key[1])))
            with self.engine.connect() as c:
                return c.execute(query.order_by(p.actor, p.id).limit(chunk)).all()

        def keep(presence: Presence) -> bool:
            if actor and actor.casefold() not in presence.actor.casefold():
                return False
            if place and place.casefold() not in presence.place.name.casefold() and place.casefold() != (
                    presence.place.country or "").casefold():
                return False
            return include_background or not is_background(presence)

        after = decode_cursor(cursor, (str, str)) if cursor else None
        return _keyset(fetch, lambda row: Presence.from_dict(_json(row.data)), lambda row: [row.actor, row.id],
                       keep, after, limit)

    def documents(self, *, outlet: str | None = None, limit: int = 50, cursor: str | None = None) -> Page:
        d = t.documents.c
        sort = func.coalesce(d.published, FAR_FUTURE)
        columns = [c for c in t.documents.columns if c.name not in ("text", "minhash", "search")]
        query = select(*columns, sort.label("sort"))
        if outlet:
            query = query.where(func.lower(d.outlet) == outlet.lower())
        if cursor:
            key = decode_cursor(cursor, (date, str))
            query = query.where(or_(sort > key[0], and_(sort == key[0], d.id > key[1])))
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(sort, d.id).limit(limit + 1)).all()
        items = [{k: v for k, v in r._mapping.items() if k not in ("sort", "meta")} for r in rows[:limit]]
        next_cursor = encode_cursor([_as_date(rows[limit - 1].sort), rows[limit - 1].id]) if len(rows) > limit else None
        return Page(items, next_cursor)

    def entity_events(self, entity_id: str, *, limit: int = 200) -> list[Event]:
        e = t.events.c
        needle = f'%"{_escape(entity_id)}"%'
        return [
            event for event in self._events(
                or_(cast(e.actors, Text).like(needle, escape="\\"), cast(e.targets, Text).like(needle, escape="\\"),
                    cast(e.materiel, Text).like(needle, escape="\\")), limit=limit * 2)
            if entity_id in (*event.actors, *event.targets, *event.materiel)
        ][:limit]

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as c:
            row = c.execute(select(t.entities).where(t.entities.c.id == entity_id)).first()
            if row is None:
                return None
            mentions, documents = c.execute(
                select(func.count(), func.count(t.mentions.c.document_id.distinct()))
                .where(t.mentions.c.entity_id == entity_id)
            ).one()
        return {"id": row.id, "type": row.type, "name": row.name, "aliases": row.aliases or [],
                "attributes": row.attributes or {}, "mentions": mentions, "documents": documents}

    def documents_by_id(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Headers (no text) of these documents: what a claim's source card shows."""
        d = t.documents.c
        ids = list(dict.fromkeys(ids))
        found: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as c:
            for start in range(0, len(ids), 500):
                for r in c.execute(select(d.id, d.title, d.url, d.outlet, d.published, d.duplicate_of, d.similarity,
                                          d.language).where(d.id.in_(ids[start:start + 500]))):
                    found[r.id] = dict(r._mapping)
        return found


def _keyset(
    fetch: Callable[[list[Any] | None, int], list[Any]],
    decode: Callable[[Any], Any],
    key_of: Callable[[Any], list[Any]],
    keep: Callable[[Any], bool],
    after: list[Any] | None,
    limit: int,
) -> Page:
    """Fill a page from SQL chunks, dropping the rows the exact check rejects, remembering where it stopped."""
    items: list[Any] = []
    chunk = max(limit * 2, 50)
    while True:
        rows = fetch(after, chunk)
        for row in rows:
            record = decode(row)
            after = key_of(row)
            if not keep(record):
                continue
            if len(items) == limit:  # one more match exists: the page ends before it
                return Page(items, encode_cursor(last_key))
            items.append(record)
            last_key = after
        if len(rows) < chunk:
            return Page(items, None)
        chunk = min(chunk * 2, 5000)


def _iter_pages(first: Callable[[str | None], Page]) -> Iterator[Any]:
    cursor = None
    while True:
        page = first(cursor)
        yield from page.items
        if not page.next_cursor:
            return
        cursor = page.next_cursor


def iter_all(first: Callable[[str | None], Page]) -> Iterator[Any]:
    """Every record of a paginated listing, page by page (what an export of the current filter writes)."""
    return _iter_pages(first)


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
