"""The read side of the store: what the CLI and the REST API list, filter and search.

Read-only, over the same SQLAlchemy Core schema on SQLite and PostgreSQL; the pipeline's reads of pending work
and its writes are in ``persistence``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy import (
    Date,
    Text,
    and_,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement

from garrison.geo import distance_km
from garrison.model import Analysis, Document, Event, Happening, Presence
from garrison.store import rows as rowmap
from garrison.store import schema as t


class Queries:
    def __init__(self, engine: Engine, store_name: str):
        self.engine = engine
        self.store_name = store_name

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    # -- documents --------------------------------------------------------------

    def get_document(self, document_id: str) -> Document | None:
        """By full id or by an unambiguous prefix of at least 6 characters."""
        with self.engine.connect() as c:
            rows = c.execute(select(t.documents).where(t.documents.c.id == document_id)).all()
            if not rows and len(document_id) >= 6:
                rows = c.execute(
                    select(t.documents).where(t.documents.c.id.startswith(document_id, autoescape=True)).limit(2)
                ).all()
        if len(rows) != 1:
            return None
        return rowmap.row_document(rows[0])

    def documents(
        self, *, limit: int | None = 50, offset: int = 0, outlet: str | None = None, ids: Sequence[str] | None = None
    ) -> list[Document]:
        query = select(t.documents).order_by(t.documents.c.published.desc(), t.documents.c.id)
        if outlet:
            query = query.where(func.lower(t.documents.c.outlet) == outlet.lower())
        if ids is not None:
            query = query.where(t.documents.c.id.in_(list(ids)))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.engine.connect() as c:
            return [rowmap.row_document(r) for r in c.execute(query)]

    def search(self, query: str, *, limit: int = 20) -> list[tuple[Document, str]]:
        """Full-text search over titles and texts: (document, snippet) best first."""
        with self.engine.connect() as c:
            if self.is_sqlite:
                hits = c.execute(
                    text(
                        "SELECT document_id, snippet(documents_fts, 2, '[', ']', '…', 16) FROM documents_fts "
                        "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :limit"
                    ),
                    {"q": rowmap.fts_query(query), "limit": limit},
                ).all()
            else:
                hits = c.execute(
                    text(
                        "SELECT id, ts_headline('simple', text, plainto_tsquery('simple', :q), "
                        "'StartSel=[, StopSel=], MaxWords=24, MinWords=8') FROM documents "
                        "WHERE search @@ plainto_tsquery('simple', :q) "
                        "ORDER BY ts_rank(search, plainto_tsquery('simple', :q)) DESC, id LIMIT :limit"
                    ),
                    {"q": query, "limit": limit},
                ).all()
        by_id = {d.id: d for d in self.documents(ids=[h[0] for h in hits], limit=None)}
        return [(by_id[doc_id], snippet) for doc_id, snippet in hits if doc_id in by_id]

    def analysis(self, document_id: str) -> Analysis | None:
        """One document with everything the stages found in it (mentions, places, times, events)."""
        with self.engine.connect() as c:
            found = rowmap.load_analyses(c, [document_id])
        return found[0] if found else None

    # -- events, happenings, presence ------------------------------------------------

    def happenings(
        self,
        *,
        type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        min_reports: int = 1,
        contradicted: bool | None = None,
        include_background: bool = False,
        limit: int = 100,
    ) -> list[Happening]:
        query = select(t.happenings.c.data).where(t.happenings.c.reports >= min_reports)
        if type:
            query = query.where(t.happenings.c.type == type.upper())
        if since:
            query = query.where(t.happenings.c.time_end >= since)
        if until:
            query = query.where(t.happenings.c.time_start <= until)
        if contradicted is not None:
            query = query.where(t.happenings.c.contradicted == contradicted)
        query = query.order_by(
            t.happenings.c.time_start.is_(None), t.happenings.c.time_start, t.happenings.c.reports.desc(),
            t.happenings.c.id,
        )
        found: list[Happening] = []
        with self.engine.connect() as c:
            for r in c.execute(query.limit(limit) if include_background else query):
                happening = Happening.from_dict(rowmap.json_loads(r.data))
                if include_background or not is_background(happening):
                    found.append(happening)
                    if len(found) >= limit:
                        break
        return found

    def presences(self, *, actor: str | None = None, place: str | None = None, include_background: bool = False,
                  limit: int = 200) -> list[Presence]:
        query = select(t.presences.c.data).order_by(
            t.presences.c.actor, t.presences.c.first_reported.is_(None), t.presences.c.first_reported,
            t.presences.c.id,
        )
        found = []
        with self.engine.connect() as c:
            for r in c.execute(query):
                presence = Presence.from_dict(rowmap.json_loads(r.data))
                if actor and actor.casefold() not in presence.actor.casefold():
                    continue
                if place and place.casefold() not in presence.place.name.casefold() and place.casefold() != (
                        presence.place.country or "").casefold():
                    continue
                if not include_background and is_background(presence):
                    continue
                found.append(presence)
                if len(found) >= limit:
                    break
        return found

    # -- entities, places, status ------------------------------------------------

    def entity_names(self, ids: Iterable[str]) -> dict[str, str]:
        ids = list(set(ids))
        names: dict[str, str] = {}
        with self.engine.connect() as c:
            for start in range(0, len(ids), 1000):
                chunk = ids[start:start + 1000]
                names.update(c.execute(select(t.entities.c.id, t.entities.c.name).where(t.entities.c.id.in_(chunk))).all())
        return names

    def status(self) -> dict[str, Any]:
        with self.engine.connect() as c:
            total = c.execute(select(func.count()).select_from(t.documents)).scalar_one()
            near = c.execute(
                select(func.count()).select_from(t.documents).where(t.documents.c.duplicate_of.is_not(None))
            ).scalar_one()
            copies = c.execute(select(func.count()).select_from(t.document_copies)).scalar_one()
            stages = {
                stage: {"done": done, "seconds": round(seconds or 0.0, 3)}
                for stage, done, seconds in c.execute(
                    select(t.stage_runs.c.stage, func.count(), func.sum(t.stage_runs.c.seconds)).group_by(
                        t.stage_runs.c.stage
                    )
                )
            }
            rejects = {
                reason: count
                for reason, count in c.execute(
                    select(t.rejects.c.reason, func.count()).group_by(t.rejects.c.reason).order_by(t.rejects.c.reason)
                )
            }
            languages = dict(
                c.execute(select(t.documents.c.language, func.count()).group_by(t.documents.c.language)).all()
            )
            counts = {
                name: c.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in (
                    ("entities", t.entities), ("mentions", t.mentions), ("toponyms", t.toponyms),
                    ("timexes", t.timexes), ("events", t.events), ("claims", t.claims),
                )
            }
        return {
            "store": self.store_name,
            "documents": total,
            "near_duplicates": near,
            "exact_copies": copies,
            "languages": {str(k): v for k, v in languages.items()},
            "stages": stages,
            "rejects": rejects,
            **counts,
        }

    def rejects(self, *, limit: int = 100) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.rejects).order_by(t.rejects.c.last_seen.desc()).limit(limit))
            return [{"source": r.source, "reason": r.reason, "detail": r.detail, "seen": r.seen} for r in rows]

    def entities(
        self, *, query: str | None = None, type: str | None = None, limit: int = 50
    ) -> list[dict[str, Any]]:
        mention_counts = (
            select(
                t.mentions.c.entity_id,
                func.count().label("mentions"),
                func.count(t.mentions.c.document_id.distinct()).label("documents"),
            )
            .group_by(t.mentions.c.entity_id)
            .subquery()
        )
        q = select(t.entities, mention_counts.c.mentions, mention_counts.c.documents).join(
            mention_counts, mention_counts.c.entity_id == t.entities.c.id
        )
        if type:
            q = q.where(t.entities.c.type == type.upper())
        rows = []
        with self.engine.connect() as c:
            for r in c.execute(q.order_by(mention_counts.c.documents.desc(), mention_counts.c.mentions.desc())):
                names = [r.name, *(r.aliases or [])]
                if query and not any(query.casefold() in n.casefold() for n in names):
                    continue
                rows.append({
                    "id": r.id, "type": r.type, "name": r.name, "aliases": r.aliases or [],
                    "attributes": r.attributes or {}, "mentions": r.mentions, "documents": r.documents,
                })
                if len(rows) >= limit:
                    break
        return rows

    def places(self, *, query: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        q = (
            select(
                t.toponyms.c.place_id,
                func.min(t.toponyms.c.place).label("place"),
                func.count().label("mentions"),
                func.count(t.toponyms.c.document_id.distinct()).label("documents"),
            )
            .where(t.toponyms.c.place_id.is_not(None))
            .group_by(t.toponyms.c.place_id)
            .order_by(func.count(t.toponyms.c.document_id.distinct()).desc(), func.count().desc())
        )
        if self.engine.dialect.name == "postgresql":  # min() over json is not defined there
            q = q.with_only_columns(
                t.toponyms.c.place_id,
                func.min(t.toponyms.c.place.cast(Text)).label("place"),
                func.count().label("mentions"),
                func.count(t.toponyms.c.document_id.distinct()).label("documents"),
            )
        rows = []
        with self.engine.connect() as c:
            for r in c.execute(q):
                place = r.place if isinstance(r.place, dict) else rowmap.json_loads(r.place)
                if query and query.casefold() not in (place.get("name") or "").casefold():
                    continue
                rows.append({**place, "mentions": r.mentions, "documents": r.documents})
                if len(rows) >= limit:
                    break
        return rows

    def events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        place: str | None = None,
        near: tuple[float, float, float] | None = None,
        since: date | None = None,
        until: date | None = None,
        stance: str | None = None,
        document_id: str | None = None,
        include_background: bool = False,
        limit: int = 100,
    ) -> list[Event]:
        conditions: list[Any] = []
        if type:
            conditions.append(t.events.c.type == type.upper())
        if since:
            conditions.append(t.events.c.time_end >= since)
        if until:
            conditions.append(t.events.c.time_start <= until)
        if document_id:
            conditions.append(t.events.c.document_id == document_id)
        if near:
            lat, lon, km = near
            degrees = km / 111.0 + 0.01  # a box prefilter in SQL, the exact distance below
            conditions.append(and_(t.events.c.lat.between(lat - degrees, lat + degrees), t.events.c.lat.is_not(None)))
        if stance:
            conditions.append(
                t.events.c.id.in_(select(t.claims.c.event_id).where(t.claims.c.stance == stance.lower()))
            )
        with self.engine.connect() as c:
            pairs = rowmap.events_with_claims(c, *conditions)
        found = []
        for row, claim_rows in pairs:
            event = rowmap.row_event(row, claim_rows)
            if actor and not mentions_actor(event, actor):
                continue
            if place and not at_place(event, place):
                continue
            if near and (event.location is None or distance_km(event.location.lat, event.location.lon, near[0], near[1]) > near[2]):
                continue
            if not include_background and is_background(event):
                continue
            found.append(event)
            if len(found) >= limit:
                break
        return found

    # -- pages for the API: keyset cursors, the CLI's filters and more --------------------------------
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
        if not f.include_background:
            conditions.append(h.background.is_(False))
        return conditions

    def _happening_side_filters(self, c: Any, f: HappeningFilter) -> list[Any]:
        """For each place, actor or stance filter, the (happening_id, sort_date) of the happenings it admits, from
        the side tables of migration 0006: the matching keys first (a part of a key matches, casefolded as the
        exact check compares), then their rows by index.  They hold every happening the exact check keeps.
        Place first: of the three it is the one that usually matches fewest."""
        found = []
        k = t.happening_filter_keys.c
        if f.place:
            p = t.happening_places.c
            keys = c.execute(select(k.key).where(k.kind == "place", k.key.like(_contains(f.place), escape="\\"))
                             ).scalars().all()
            found.append(select(p.happening_id, p.sort_date).where(p.name_key.in_(keys))
                         .union(select(p.happening_id, p.sort_date).where(p.country_key == f.place.casefold())))
        if f.actor:
            e = t.happening_entities.c
            keys = c.execute(select(k.key).where(k.kind == "entity", k.key.like(_contains(f.actor), escape="\\"))
                             ).scalars().all()
            found.append(select(e.happening_id, e.sort_date).where(e.entity_key.in_(keys)).distinct())
        if f.stance:
            s = t.happening_stances.c
            found.append(select(s.happening_id, s.sort_date).where(s.stance == f.stance.lower()))
        return found

    def happenings_page(self, f: HappeningFilter, *, limit: int = 100, cursor: str | None = None,
                        as_records: bool = True, compact: bool = False, as_text: bool = False) -> Page:
        """Happenings matching ``f`` in time order, a page at a time; as stored JSON when not ``as_records``,
        in their compact form (rows.compact_happening) when ``compact``.  With ``as_text``, each is the stored
        JSON text itself, decoded only for the exact check of a place, actor or stance filter: what the API sends
        as it is, since decoding ten thousand records only to encode them again is most of the time of a large
        page (stored_entity_ids finds their names' ids)."""
        h = t.happenings.c
        sort = _sort_key(h.time_start)
        stored = func.coalesce(cast(h.compact, Text), cast(h.data, Text)) if compact else cast(h.data, Text)
        conditions = self._happening_conditions(f)
        after = decode_cursor(cursor, (date, str)) if cursor else None
        with self.engine.connect() as c:
            sides = self._happening_side_filters(c, f)
        # With a place, actor or stance filter the first one drives: its matches come in listing order from its
        # index, a chunk at a time, and only those happenings are read (the other side filters are subqueries).
        # Walking every happening in order instead reads thousands of rows when one in twenty matches.
        driver = sides[0].subquery() if sides else None
        conditions += [h.id.in_(select(side.subquery().c.happening_id)) for side in sides[1:]]

        def rows_after(c: Any, after_key: list[Any] | None, chunk: int, ids: Sequence[str] | None) -> list[Any]:
            query = select(h.id, sort.label("sort"), stored.label("data")).where(*conditions)
            if ids is not None:
                query = query.where(h.id.in_(list(ids)))
            if after_key:
                query = query.where(tuple_(sort, h.id) > tuple_(after_key[0], after_key[1]))
            return c.execute(query.order_by(sort, h.id).limit(chunk)).all()

        def fetch(after_key: list[Any] | None, chunk: int) -> list[Any]:
            with self.engine.connect() as c:
                if driver is None:
                    return rows_after(c, after_key, chunk, None)
                found: list[Any] = []
                key = after_key
                while len(found) < chunk:  # fewer than asked for only when the matches run out
                    matches = select(driver.c.happening_id, driver.c.sort_date)
                    if key:
                        matches = matches.where(tuple_(driver.c.sort_date, driver.c.happening_id)
                                                > tuple_(key[0], key[1]))
                    batch = c.execute(matches.order_by(driver.c.sort_date, driver.c.happening_id)
                                      .limit(chunk)).all()
                    if not batch:
                        break
                    found += rows_after(c, None, chunk, [row[0] for row in batch])
                    key = [_as_date(batch[-1][1]), batch[-1][0]]
                    if len(batch) < chunk:
                        break
                return found[:chunk]

        key_of = lambda row: [_as_date(row[1]), row[0]]  # noqa: E731
        if as_text:
            # Only the side filters (place, actor, stance) need the record read: the others are SQL conditions,
            # and then the page is one statement's rows as they come.
            if not (f.actor or f.place or f.stance):
                rows = fetch(after, limit + 1)
                more = len(rows) > limit
                return Page([row[2] for row in rows[:limit]], encode_cursor(key_of(rows[limit - 1])) if more else None)
            return _keyset(fetch, lambda row: row[2], key_of, lambda data: happening_matches(orjson.loads(data), f),
                           after, limit)
        page = _keyset(fetch, lambda row: orjson.loads(row[2]), key_of, lambda data: happening_matches(data, f),
                       after, limit)
        if as_records and not compact:
            page.items = [Happening.from_dict(data) for data in page.items]
        return page

    def happening(self, happening_id: str) -> Happening | None:
        with self.engine.connect() as c:
            data = c.execute(select(t.happenings.c.data).where(t.happenings.c.id == happening_id)).scalar()
        return Happening.from_dict(rowmap.json_loads(data)) if data is not None else None

    def find_happening(self, happening_id: str) -> Happening | None:
        """By full id or by an unambiguous prefix of at least 8 characters ("h:" counted)."""
        found = self.happening(happening_id)
        if found is None and len(happening_id) >= 8:
            with self.engine.connect() as c:
                ids = c.execute(select(t.happenings.c.id).where(
                    t.happenings.c.id.startswith(happening_id, autoescape=True)).limit(2)).scalars().all()
            found = self.happening(ids[0]) if len(ids) == 1 else None
        return found

    def find_event(self, event_id: str) -> Event | None:
        """By full id or by an unambiguous prefix of at least 8 characters ("e:" counted)."""
        e = t.events.c
        found = self._sorted_events(e.id == event_id)
        if not found and len(event_id) >= 8:
            found = self._sorted_events(e.id.startswith(event_id, autoescape=True), limit=2)
        return found[0] if len(found) == 1 else None

    def happening_events(self, happening_id: str) -> list[Event]:
        ids = select(t.happening_events.c.event_id).where(t.happening_events.c.happening_id == happening_id)
        return self._sorted_events(t.events.c.id.in_(ids))

    # -- events -------------------------------------------------------------------

    def _sorted_events(self, *conditions: Any, limit: int | None = None, after: list[Any] | None = None) -> list[Event]:
        e = t.events.c
        sort = _sort_key(e.time_start)
        query = select(t.events).where(*conditions)
        if after:
            query = query.where(tuple_(sort, e.id) > tuple_(after[0], after[1]))
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
        return [rowmap.row_event(r, claims.get(r.id, [])) for r in rows]

    def events_page(
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
            lambda key, chunk: self._sorted_events(*conditions, limit=chunk, after=key), lambda event: event,
            lambda event: [event.time.start if event.time else FAR_FUTURE, event.id], keep, after, limit,
        )

    # -- presence, documents, entities ------------------------------------------------

    def presences_page(
        self, *, actor: str | None = None, place: str | None = None, include_background: bool = False,
        limit: int = 200, cursor: str | None = None,
    ) -> Page:
        p = t.presences.c
        conditions: list[Any] = []
        if actor:
            conditions.append(p.actor_key.like(_contains(actor), escape="\\"))
        if place:
            conditions.append(or_(p.place_key.like(_contains(place), escape="\\"), p.country_key == place.casefold()))
        if not include_background:
            conditions.append(p.background.is_(False))

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
        return _keyset(fetch, lambda row: Presence.from_dict(rowmap.json_loads(row.data)), lambda row: [row.actor, row.id],
                       keep, after, limit)

    def documents_page(self, *, outlet: str | None = None, limit: int = 50, cursor: str | None = None) -> Page:
        d = t.documents.c
        sort = _sort_key(d.published)
        columns = [c for c in t.documents.columns if c.name not in ("text", "minhash", "search")]
        query = select(*columns, sort.label("sort"))
        if outlet:
            query = query.where(func.lower(d.outlet) == outlet.lower())
        if cursor:
            key = decode_cursor(cursor, (date, str))
            query = query.where(tuple_(sort, d.id) > tuple_(key[0], key[1]))
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(sort, d.id).limit(limit + 1)).all()
        items = [{k: v for k, v in r._mapping.items() if k not in ("sort", "meta")} for r in rows[:limit]]
        next_cursor = encode_cursor([_as_date(rows[limit - 1].sort), rows[limit - 1].id]) if len(rows) > limit else None
        return Page(items, next_cursor)

    def entity_events(self, entity_id: str, *, limit: int = 200) -> list[Event]:
        e = t.events.c
        needle = f'%"{_escape(entity_id)}"%'
        return [
            event for event in self._sorted_events(
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

    def document_sources(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
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


def mentions_actor(event: Event, actor: str) -> bool:
    needle = actor.casefold()
    return any(needle in e.casefold() for e in (*event.actors, *event.targets))


def at_place(event: Event, place: str) -> bool:
    needle = place.casefold()
    return any(
        p is not None and (needle in p.name.casefold() or needle == (p.country or "").casefold())
        for p in (event.location, event.origin, event.destination)
    )


# -- keyset pages ------------------------------------------------------------------
#
# Pagination is by keyset, never by offset: a cursor names the sort key of the last row served, so a page costs
# the same at row 100 000 as at row 0 and rows added meanwhile neither repeat nor vanish.  Filters SQL can answer
# narrow the rows in SQL; those on nested JSON (actors, stances, background) are prefiltered in SQL on the JSON
# text and checked exactly on the record.

FAR_FUTURE = date(9999, 12, 31)  # where rows with no date sort: after every dated one


def _sort_key(column: Any) -> Any:
    # Written as in migration 0005's indexes (a literal, not a parameter), so that both databases use them.
    return func.coalesce(column, literal_column("'9999-12-31'"), type_=Date)


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


def _contains(needle: str) -> str:
    """A LIKE pattern for keys stored casefolded that contain ``needle``."""
    return f"%{_escape(needle.casefold())}%"


def _escape(needle: str) -> str:
    return needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def is_background(record: Happening | Event | Presence) -> bool:
    return bool(record.attributes.get("background"))


def happening_matches(h: dict[str, Any], f: HappeningFilter) -> bool:
    """The exact check of the filters SQL only prefilters, on a happening as stored (its JSON form)."""
    if f.actor:
        needle = f.actor.casefold()
        if not any(needle in i.casefold() for i in (*h["actors"], *h["targets"], *h["materiel"])):
            return False
    if f.place:
        needle = f.place.casefold()
        if not any(p is not None and (needle in p["name"].casefold() or needle == (p.get("country") or "").casefold())
                   for p in (h.get("location"), h.get("origin"), h.get("destination"))):
            return False
    if f.stance and not h["stances"].get(f.stance.lower()):
        return False
    if not f.include_background and (h.get("attributes") or {}).get("background"):
        return False
    return True


# A happening's parties as its stored JSON text writes them (Happening.to_dict's order, both stored forms): the
# three lists side by side, before any nested object, so the first '"actors":' is the record's own; a quote inside
# a JSON string is escaped, so no string holds that key.
_PARTIES_START, _PARTIES_LAST = '"actors":', '"materiel":'
_PARTIES = {"actors", "targets", "materiel"}


def stored_entity_ids(texts: Sequence[str]) -> set[str]:
    """The entity ids (actors, targets, materiel) of happenings given as their stored JSON text, without decoding
    each record: only the stretch of text holding their three lists is, all of a page's in one go.  A stretch
    cut short by a ']' inside an id, or holding anything else, does not pass, and the records are then decoded
    whole."""
    stretches = []
    for text in texts:
        start = text.find(_PARTIES_START)
        end = text.find("]", text.find(_PARTIES_LAST, start))
        if start < 0 or end < 0:
            return _entity_ids_decoded(texts)
        stretches.append(text[start:end + 1])
    try:
        parties = orjson.loads("[{" + "},{".join(stretches) + "}]")
    except orjson.JSONDecodeError:
        return _entity_ids_decoded(texts)
    if any(record.keys() != _PARTIES for record in parties):
        return _entity_ids_decoded(texts)
    return {i for record in parties for listed in record.values() for i in listed}


def _entity_ids_decoded(texts: Iterable[str]) -> set[str]:
    return {i for text in texts for key in ("actors", "targets", "materiel") for i in orjson.loads(text)[key]}


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
    last_key: list[Any] = []
    chunk = limit + 1  # enough when the exact check keeps every row; grows when it drops some
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
