"""The read side of the store: what the CLI and the REST API list, filter and search.

Read-only, over the same SQLAlchemy Core schema on SQLite and PostgreSQL; the pipeline's reads of pending work
and its writes are in ``persistence``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Text, and_, func, select, text
from sqlalchemy.engine import Engine

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
        ).limit(limit)
        with self.engine.connect() as c:
            return [Happening.from_dict(rowmap.json_loads(r.data)) for r in c.execute(query)]

    def presences(self, *, actor: str | None = None, place: str | None = None, limit: int = 200) -> list[Presence]:
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
                found.append(presence)
                if len(found) >= limit:
                    break
        return found

    # -- entities, places, status ------------------------------------------------

    def entity_names(self, ids: Iterable[str]) -> dict[str, str]:
        with self.engine.connect() as c:
            return {e.id: e.name for e in rowmap.entities_by_id(c, set(ids))}

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
            found.append(event)
            if len(found) >= limit:
                break
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
