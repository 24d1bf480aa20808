"""Records of a store, page by page, with the lookups a writer asks for: constant memory on any store.

    records, lookups = source.stream(store, "events")
    for chunk in export.write("stix", "events", records, lookups): ...

Events come in (document, id) order, so the events of one document come together (a STIX report
per document needs that); each page brings its claims, the entities its records name and the
headers of the documents they cite.  The lookups answer from the page in hand and the one before
(a writer that holds a document's events across a page boundary still finds its header).

This module reads the store's tables directly (read-only, keyset pagination over the document index)
instead of the listing methods, which return whole lists.  Events without a document (the pipeline stores
none) are not exported.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import or_, select

from garrison.export.base import Lookups
from garrison.model import Document, Entity, Event, Happening, Presence

PAGE = 1000


class _Pages:
    """The entities and document headers of the last two pages."""

    def __init__(self) -> None:
        self.entities: list[dict[str, Entity]] = [{}, {}]
        self.documents: list[dict[str, Document]] = [{}, {}]

    def turn(self, entities: dict[str, Entity], documents: dict[str, Document]) -> None:
        self.entities = [self.entities[1], entities]
        self.documents = [self.documents[1], documents]

    def entity(self, entity_id: str) -> Entity | None:
        return self.entities[1].get(entity_id) or self.entities[0].get(entity_id)

    def document(self, document_id: str) -> Document | None:
        return self.documents[1].get(document_id) or self.documents[0].get(document_id)


def _json(value: Any) -> Any:
    """A JSON column's value (some drivers hand back the text of a container)."""
    import json

    return json.loads(value) if isinstance(value, str) and value[:1] in ("[", "{") else value


def _entities(connection, schema, ids: set[str]) -> dict[str, Entity]:
    found: dict[str, Entity] = {}
    ids_list = sorted(i for i in ids if i)
    for start in range(0, len(ids_list), 500):
        query = select(schema.entities).where(schema.entities.c.id.in_(ids_list[start:start + 500]))
        for r in connection.execute(query):
            found[r.id] = Entity(r.type, r.name, r.id, list(_json(r.aliases) or []), dict(_json(r.attributes) or {}))
    return found


def _documents(connection, schema, ids: set[str]) -> dict[str, Document]:
    columns = [c for c in schema.documents.columns if c.name in (
        "id", "title", "url", "outlet", "author", "published", "language", "source_path")]
    found: dict[str, Document] = {}
    ids_list = sorted(i for i in ids if i)
    for start in range(0, len(ids_list), 500):
        query = select(*columns).where(schema.documents.c.id.in_(ids_list[start:start + 500]))
        for r in connection.execute(query):
            published = r.published if isinstance(r.published, date) or r.published is None else \
                date.fromisoformat(str(r.published)[:10])
            found[r.id] = Document("", id=r.id, title=r.title, url=r.url, outlet=r.outlet, author=r.author,
                                   published=published, language=r.language, source_path=r.source_path)
    return found


def _event(r: Any, claims: Sequence[Any]) -> Event:
    data = {k: _json(r._mapping[k]) for k in (
        "id", "document_id", "type", "mode", "trigger", "actors", "targets", "materiel", "location", "origin",
        "destination", "time", "time_from_dct", "fatalities", "attributes")}
    for key in ("actors", "targets", "materiel"):
        data[key] = data[key] or []
    data["attributes"] = data["attributes"] or {}
    data["claims"] = [{k: _json(v) for k, v in c._mapping.items()} for c in claims]
    return Event.from_dict(data)


def _event_pages(store, pages: _Pages, page: int, type: str | None, since: date | None,
                 until: date | None) -> Iterator[Event]:
    from garrison.store import schema

    events, claims = schema.events, schema.claims
    conditions: list[Any] = []
    if type:
        conditions.append(events.c.type == type.upper())
    if since:
        conditions.append(events.c.time_end >= since)
    if until:
        conditions.append(events.c.time_start <= until)
    cursor: tuple[str, str] | None = None
    while True:
        query = select(events).where(*conditions)
        if cursor is not None:  # keyset: after (document, id), written so that the document index serves it
            query = query.where(events.c.document_id >= cursor[0],
                                or_(events.c.document_id > cursor[0], events.c.id > cursor[1]))
        query = query.where(events.c.document_id.is_not(None)).order_by(events.c.document_id, events.c.id).limit(page)
        with store.engine.connect() as c:
            rows = c.execute(query).all()
            if not rows:
                return
            by_event: dict[str, list[Any]] = {}
            ids = [r.id for r in rows]
            for start in range(0, len(ids), 500):
                for cr in c.execute(select(claims).where(claims.c.event_id.in_(ids[start:start + 500]))
                                    .order_by(claims.c.id)):
                    by_event.setdefault(cr.event_id, []).append(cr)
            batch = [_event(r, by_event.get(r.id, [])) for r in rows]
            entity_ids = {i for e in batch for i in (*e.actors, *e.targets, *e.materiel)}
            document_ids = {e.document_id for e in batch} | {cl.document_id for e in batch for cl in e.claims}
            pages.turn(_entities(c, schema, entity_ids), _documents(c, schema, document_ids))
        cursor = (rows[-1].document_id, rows[-1].id)
        yield from batch


def _data_pages(store, pages: _Pages, what: str, page: int) -> Iterator[Happening | Presence]:
    from garrison.store import schema

    table = schema.happenings if what == "happenings" else schema.presences
    make = Happening.from_dict if what == "happenings" else Presence.from_dict
    cursor = ""
    while True:
        with store.engine.connect() as c:
            rows = c.execute(select(table.c.id, table.c.data).where(table.c.id > cursor)
                             .order_by(table.c.id).limit(page)).all()
            if not rows:
                return
            batch = [make(_json(r.data)) for r in rows]
            if what == "happenings":
                entity_ids = {i for h in batch for i in (*h.actors, *h.targets, *h.materiel)}
            else:
                entity_ids = {i for p in batch for i in (p.actor, *p.materiel)}
            pages.turn(_entities(c, schema, entity_ids), {})
        cursor = rows[-1].id
        yield from batch


def stream(store, what: str = "events", *, page: int = PAGE, type: str | None = None, since: date | None = None,
           until: date | None = None, include_background: bool = False) -> tuple[Iterator[Any], Lookups]:
    """The store's events (filtered by type and time), happenings or presence timelines, and their lookups;
    background records (history, context: ``attributes["background"]``) only when ``include_background``."""
    pages = _Pages()
    if what == "events":
        records: Iterator[Any] = _event_pages(store, pages, page, type, since, until)
    elif what in ("happenings", "presence"):
        records = _data_pages(store, pages, what, page)
    else:
        raise ValueError(f"nothing to export as {what!r}: events, happenings or presence")
    if not include_background:
        records = (r for r in records if not r.attributes.get("background"))
    return records, Lookups(entity=pages.entity, document=pages.document)
