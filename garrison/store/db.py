"""The store: SQLite by default, PostgreSQL by URL.  The only module that talks SQL.

Every write that belongs together happens in one transaction — a document with its
full-text row, a stage's outputs with its completion marks — so a process killed at any
point leaves the store as it was before or after that unit, never half-way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Text, and_, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine

from garrison import config
from garrison.geo import distance_km
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
)
from garrison.store import schema as t

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says which and why."""


def make_engine(url: str, *, create: bool = True, read_only: bool = False) -> Engine:
    """``create=False``: a missing SQLite file is a StoreError, not a new store.  ``read_only``: open
    SQLite without writing anything, not even WAL bookkeeping (a store on read-only media)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            if not create and not Path(path).exists():
                raise StoreError(f"no store at {path}")
            if create and not read_only:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            if read_only:
                # Without a writable folder SQLite cannot make a WAL index: a store closed cleanly (no
                # WAL left) is read as the immutable file it is; one with a WAL is read through it.
                wal = Path(f"{path}-wal")
                has_wal = wal.exists() and wal.stat().st_size > 0
                immutable = "" if os.access(Path(path).parent, os.W_OK) or has_wal else "&immutable=1"
                url = f"sqlite:///file:{quote(path)}?mode=ro{immutable}&uri=true"
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            if read_only:
                cursor.execute("PRAGMA query_only=ON")
                cursor.close()
                return
            # WAL lets a reader work while another process ingests.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=60000")
            cursor.close()

        return engine
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(url, pool_pre_ping=True)


def _now() -> datetime:
    return datetime.now(UTC)


def _fts_query(query: str) -> str:
    """Quote every term, so that user input like ``S-400`` or ``al-Khadim`` is not read as FTS5 syntax."""
    terms = re.findall(r'[^\s"]+', query)
    return " ".join('"' + term.replace('"', "") + '"' for term in terms)


class Store:
    def __init__(self, url: str | None = None, *, migrate: bool = True, create: bool = True,
                 read_only: bool = False):
        """``create=False`` refuses to make a new SQLite store; ``read_only`` opens one without writing
        (no migration: an out-of-date schema is a StoreError)."""
        self.url = url or config.database_url()
        self.read_only = read_only
        try:
            self.engine = make_engine(self.url, create=create, read_only=read_only)
            if read_only:
                self.check_schema_current()
            elif migrate:
                self.migrate()
        except StoreError:
            raise
        except Exception as exc:  # the CLI turns this into a one-line error and exit code 3
            raise StoreError(f"cannot open store {self.redacted_url}: {exc}") from exc

    @property
    def redacted_url(self) -> str:
        return re.sub(r"//([^:/@]+):[^@]+@", r"//\1:***@", self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ---------------------------------------------------------------

    def schema_revisions(self) -> tuple[str | None, str]:
        """(the store's schema revision, the one this Garrison expects)."""
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        head = ScriptDirectory.from_config(cfg).get_current_head()
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision(), head

    def check_schema_current(self) -> None:
        current, head = self.schema_revisions()
        if current != head:
            raise StoreError(f"store {self.redacted_url} has schema {current or 'none'}, this Garrison needs {head}; "
                             "open it once where it can be written to upgrade it")

    def migrate(self) -> None:
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        head = ScriptDirectory.from_config(cfg).get_current_head()

        def current() -> str | None:
            with self.engine.connect() as connection:
                return MigrationContext.configure(connection).get_current_revision()

        if current() == head:
            return
        try:
            with self.engine.begin() as connection:
                if not self.is_sqlite:  # one migrating process at a time
                    connection.execute(text("SELECT pg_advisory_xact_lock(7301)"))
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
        except Exception:
            # Two processes opening a new SQLite store at once: the loser finds the winner's schema.
            if current() != head:
                raise

    # -- documents --------------------------------------------------------------

    def add_document(self, doc: Document, minhash: bytes | None = None) -> bool:
        """Store a document once; False when a document with the same id is already there."""
        return self.add_documents([(doc, minhash)]) == [True]

    def add_documents(self, batch: Sequence[tuple[Document, bytes | None]]) -> list[bool]:
        """Store new documents in one transaction; for each, False when its id was already stored."""
        with self.engine.begin() as c:
            ids = [doc.id for doc, _ in batch]
            present = set(c.execute(select(t.documents.c.id).where(t.documents.c.id.in_(ids))).scalars())
            rows, fts, added = [], [], []
            for doc, minhash in batch:
                if doc.id in present:
                    added.append(False)
                    continue
                present.add(doc.id)
                rows.append(_document_row(doc) | {"minhash": minhash, "ingested_at": doc.ingested_at or _now()})
                fts.append({"id": doc.id, "title": doc.title or "", "text": doc.text})
                added.append(True)
            if rows:
                c.execute(insert(t.documents), rows)
                if self.is_sqlite:
                    c.execute(
                        text("INSERT INTO documents_fts (document_id, title, text) VALUES (:id, :title, :text)"),
                        fts,
                    )
        return added

    def existing_ids(self, document_ids: Sequence[str]) -> set[str]:
        with self.engine.connect() as c:
            return set(c.execute(select(t.documents.c.id).where(t.documents.c.id.in_(list(document_ids)))).scalars())

    def add_copy(self, document_id: str, copy: Document) -> bool:
        """Remember another place an exact copy of a stored document was found."""
        source = copy.source_path or copy.url or "?"
        with self.engine.begin() as c:
            own = c.execute(select(t.documents.c.source_path).where(t.documents.c.id == document_id)).scalar()
            if own == source:  # the same input read again, not a copy
                return False
            exists = c.execute(
                select(t.document_copies.c.document_id).where(
                    t.document_copies.c.document_id == document_id, t.document_copies.c.source_path == source
                )
            ).first()
            if exists:
                return False
            c.execute(
                insert(t.document_copies).values(
                    document_id=document_id, source_path=source, outlet=copy.outlet, url=copy.url
                )
            )
        return True

    def copies(self) -> list[tuple[str, str]]:
        """(document id, source) of every exact copy that was found and not stored again."""
        with self.engine.connect() as c:
            rows = c.execute(select(t.document_copies.c.document_id, t.document_copies.c.source_path))
            return [(doc_id, source) for doc_id, source in rows]

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        with self.engine.connect() as c:
            rows = c.execute(
                select(t.documents.c.id, t.documents.c.minhash)
                .where(t.documents.c.minhash.is_not(None))
                .order_by(t.documents.c.ingested_at, t.documents.c.id)
            )
            for doc_id, minhash in rows:
                yield doc_id, minhash

    def record_reject(self, source: str, reason: str, detail: str) -> None:
        with self.engine.begin() as c:
            existing = c.execute(
                select(t.rejects.c.id).where(t.rejects.c.source == source, t.rejects.c.reason == reason)
            ).first()
            if existing:
                c.execute(
                    update(t.rejects)
                    .where(t.rejects.c.id == existing.id)
                    .values(seen=t.rejects.c.seen + 1, detail=detail, last_seen=_now())
                )
            else:
                c.execute(insert(t.rejects).values(source=source, reason=reason, detail=detail, last_seen=_now()))

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
        return _row_document(rows[0])

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
            return [_row_document(r) for r in c.execute(query)]

    def search(self, query: str, *, limit: int = 20) -> list[tuple[Document, str]]:
        """Full-text search over titles and texts: (document, snippet) best first."""
        with self.engine.connect() as c:
            if self.is_sqlite:
                hits = c.execute(
                    text(
                        "SELECT document_id, snippet(documents_fts, 2, '[', ']', '…', 16) FROM documents_fts "
                        "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :limit"
                    ),
                    {"q": _fts_query(query), "limit": limit},
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

    # -- pipeline ---------------------------------------------------------------

    def pending(self, stages: Sequence[str], *, limit: int, after: str = "") -> list[str]:
        """Ids of documents some of ``stages`` has not finished, in id order, after ``after``."""
        done_all = (
            select(t.stage_runs.c.document_id)
            .where(t.stage_runs.c.stage.in_(list(stages)))
            .group_by(t.stage_runs.c.document_id)
            .having(func.count() == len(stages))
        )
        query = (
            select(t.documents.c.id)
            .where(t.documents.c.id > after, t.documents.c.id.not_in(done_all))
            .order_by(t.documents.c.id)
            .limit(limit)
        )
        with self.engine.connect() as c:
            return [r[0] for r in c.execute(query)]

    def finished_stages(self, document_ids: Sequence[str]) -> dict[str, set[str]]:
        with self.engine.connect() as c:
            rows = c.execute(
                select(t.stage_runs.c.document_id, t.stage_runs.c.stage).where(
                    t.stage_runs.c.document_id.in_(list(document_ids))
                )
            )
            done: dict[str, set[str]] = {}
            for doc_id, stage in rows:
                done.setdefault(doc_id, set()).add(stage)
        return done

    def load_analyses(self, document_ids: Sequence[str]) -> list[Analysis]:
        """Documents with what earlier stage runs stored for them, in the order asked."""
        ids = list(document_ids)
        docs = {d.id: d for d in self.documents(ids=ids, limit=None)}
        analyses = {i: Analysis(document=docs[i]) for i in ids if i in docs}
        with self.engine.connect() as c:
            for r in c.execute(select(t.mentions).where(t.mentions.c.document_id.in_(ids)).order_by(t.mentions.c.id)):
                analyses[r.document_id].mentions.append(
                    Mention(r.document_id, r.start, r.end, r.text, r.label, r.entity_id, r.source or "ner", r.sentence)
                )
            entity_ids = {m.entity_id for a in analyses.values() for m in a.mentions if m.entity_id}
            known = {e.id: e for e in self._entities_by_id(c, entity_ids)}
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
            for event_row, claim_rows in self._events_with_claims(c, t.events.c.document_id.in_(ids)):
                analyses[event_row.document_id].events.append(_row_event(event_row, claim_rows))
        return [analyses[i] for i in ids if i in analyses]

    def save_stage(self, stage: str, produces: Sequence[str], analyses: Sequence[Analysis], seconds: float) -> None:
        """Replace what ``stage`` produces for these documents and mark them done, in one transaction."""
        ids = [a.document.id for a in analyses]
        per_doc = seconds / max(len(ids), 1)
        with self.engine.begin() as c:
            for field_name in produces:
                for table in t.FIELD_TABLES[field_name]:
                    c.execute(delete(table).where(table.c.document_id.in_(ids)))
            for field_name in produces:
                if field_name == "entities":
                    self._upsert_entities(c, [e for a in analyses for e in a.entities])
                elif field_name == "events":
                    # A stage may find one event twice (two triggers, one happening): store it once.
                    events = list({e.id: e for a in analyses for e in reversed(a.events)}.values())[::-1]
                    if events:
                        c.execute(insert(t.events), [_event_row(e) for e in events])
                    claims = list({cl.id: cl for e in events for cl in e.claims}.values())
                    if claims:
                        c.execute(insert(t.claims), [_claim_row(cl) for cl in claims])
                else:
                    (table,) = t.FIELD_TABLES[field_name]
                    rows = [_ROW_MAPPERS[field_name](r) for a in analyses for r in getattr(a, field_name)]
                    if rows:
                        c.execute(insert(table), rows)
            c.execute(
                delete(t.stage_runs).where(t.stage_runs.c.stage == stage, t.stage_runs.c.document_id.in_(ids))
            )
            c.execute(
                insert(t.stage_runs),
                [{"document_id": i, "stage": stage, "finished_at": _now(), "seconds": per_doc} for i in ids],
            )

    def reset_stage(self, stage: str, produces: Sequence[str]) -> int:
        """Forget a stage's work so the next ``process`` re-runs it everywhere."""
        with self.engine.begin() as c:
            for field_name in produces:
                for table in t.FIELD_TABLES[field_name]:
                    c.execute(delete(table))
            return c.execute(delete(t.stage_runs).where(t.stage_runs.c.stage == stage)).rowcount

    def _upsert_entities(self, c: Connection, found: Iterable[Entity]) -> None:
        merged: dict[str, Entity] = {}
        for entity in found:
            if entity.id in merged:
                merged[entity.id].aliases = _union(merged[entity.id].aliases, entity.aliases)
                merged[entity.id].attributes = {**entity.attributes, **merged[entity.id].attributes}
            else:
                merged[entity.id] = Entity(entity.type, entity.name, entity.id, list(entity.aliases),
                                           dict(entity.attributes))
        stored = {e.id: e for e in self._entities_by_id(c, merged)}
        for entity in merged.values():
            if entity.id in stored:
                old = stored[entity.id]
                aliases = _union(old.aliases, entity.aliases)
                attributes = {**old.attributes, **entity.attributes}
                if aliases != old.aliases or attributes != old.attributes:
                    c.execute(
                        update(t.entities).where(t.entities.c.id == entity.id).values(
                            aliases=aliases, attributes=attributes
                        )
                    )
            else:
                c.execute(
                    insert(t.entities).values(
                        id=entity.id, type=str(entity.type), name=entity.name,
                        aliases=list(entity.aliases), attributes=dict(entity.attributes),
                    )
                )

    @staticmethod
    def _entities_by_id(c: Connection, ids: Iterable[str]) -> list[Entity]:
        ids = list(ids)
        if not ids:
            return []
        return [
            Entity(r.type, r.name, r.id, list(r.aliases or []), dict(r.attributes or {}))
            for r in c.execute(select(t.entities).where(t.entities.c.id.in_(ids)))
        ]

    @staticmethod
    def _events_with_claims(c: Connection, *conditions: Any) -> list[tuple[Any, list[Any]]]:
        event_rows = c.execute(select(t.events).where(*conditions).order_by(
                t.events.c.time_start.is_(None), t.events.c.time_start, t.events.c.id
            )).all()
        claims: dict[str, list[Any]] = {}
        ids = [r.id for r in event_rows]
        for start in range(0, len(ids), 500):
            for r in c.execute(select(t.claims).where(t.claims.c.event_id.in_(ids[start:start + 500]))):
                claims.setdefault(r.event_id, []).append(r)
        return [(r, claims.get(r.id, [])) for r in event_rows]

    # -- fusion -------------------------------------------------------------------

    def document_headers(self) -> dict[str, Document]:
        """Every document's metadata without its text (what fusion needs: dates, outlets, duplicate links)."""
        columns = [c for c in t.documents.columns if c.name not in ("text", "minhash", "search")]
        with self.engine.connect() as c:
            rows = c.execute(select(*columns))
            return {r.id: Document.from_dict({**_plain(r._mapping), "text": "", "meta": r.meta or {}}) for r in rows}

    def all_events(self) -> list[Event]:
        with self.engine.connect() as c:
            return [_row_event(r, claims) for r, claims in self._events_with_claims(c)]

    def replace_fusion(self, happenings: Sequence[Happening], presences: Sequence[Presence]) -> None:
        """Fusion is recomputed from all events: its outputs replace the previous ones in one transaction."""
        with self.engine.begin() as c:
            for table in (t.happening_events, t.happenings, t.presences):
                c.execute(delete(table))
            if happenings:
                c.execute(insert(t.happenings), [_happening_row(h) for h in happenings])
                links = {(h.id, e) for h in happenings for e in h.event_ids}
                c.execute(insert(t.happening_events), [{"happening_id": h, "event_id": e} for h, e in sorted(links)])
            if presences:
                c.execute(insert(t.presences), [_presence_row(p) for p in presences])

    def happening_of_events(self) -> dict[str, str]:
        with self.engine.connect() as c:
            return dict(c.execute(select(t.happening_events.c.event_id, t.happening_events.c.happening_id)).all())

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
            return [Happening.from_dict(_json_loads(r.data)) for r in c.execute(query)]

    def presences(self, *, actor: str | None = None, place: str | None = None, limit: int = 200) -> list[Presence]:
        query = select(t.presences.c.data).order_by(
            t.presences.c.actor, t.presences.c.first_reported.is_(None), t.presences.c.first_reported,
            t.presences.c.id,
        )
        found = []
        with self.engine.connect() as c:
            for r in c.execute(query):
                presence = Presence.from_dict(_json_loads(r.data))
                if actor and actor.casefold() not in presence.actor.casefold():
                    continue
                if place and place.casefold() not in presence.place.name.casefold() and place.casefold() != (
                        presence.place.country or "").casefold():
                    continue
                found.append(presence)
                if len(found) >= limit:
                    break
        return found

    # -- queries for the CLI and API ---------------------------------------------

    def entity_names(self, ids: Iterable[str]) -> dict[str, str]:
        with self.engine.connect() as c:
            return {e.id: e.name for e in self._entities_by_id(c, set(ids))}

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
            "store": self.redacted_url,
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

    def list_entities(
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

    def list_places(self, *, query: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
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
                place = r.place if isinstance(r.place, dict) else _json_loads(r.place)
                if query and query.casefold() not in (place.get("name") or "").casefold():
                    continue
                rows.append({**place, "mentions": r.mentions, "documents": r.documents})
                if len(rows) >= limit:
                    break
        return rows

    def query_events(
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
            pairs = self._events_with_claims(c, *conditions)
        found = []
        for row, claim_rows in pairs:
            event = _row_event(row, claim_rows)
            if actor and not _mentions_actor(event, actor):
                continue
            if place and not _at_place(event, place):
                continue
            if near and (event.location is None or distance_km(event.location.lat, event.location.lon, near[0], near[1]) > near[2]):
                continue
            found.append(event)
            if len(found) >= limit:
                break
        return found


# -- row mapping -----------------------------------------------------------------


def _json_loads(value: Any) -> Any:
    import json

    return json.loads(value) if isinstance(value, str) else value


def _union(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _document_row(doc: Document) -> dict[str, Any]:
    row = {c.name: getattr(doc, c.name) for c in t.documents.columns if hasattr(doc, c.name)}
    row["published_source"] = str(doc.published_source) if doc.published_source else None
    return row


def _plain(mapping: Any) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in mapping.items()
            if k not in ("minhash", "search")}


def _row_document(r: Any) -> Document:
    return Document.from_dict(_plain(r._mapping) | {"meta": r.meta or {}})


def _mention_row(m: Mention) -> dict[str, Any]:
    return {
        "document_id": m.document_id, "start": m.start, "end": m.end, "text": m.text, "label": str(m.label),
        "entity_id": m.entity_id, "source": m.source, "sentence": m.sentence,
    }


def _toponym_row(p: Toponym) -> dict[str, Any]:
    return {
        "document_id": p.document_id, "start": p.start, "end": p.end, "text": p.text,
        "mention_label": p.mention_label, "score": p.score,
        "place_id": p.place.id if p.place else None, "place": p.place.to_dict() if p.place else None,
        "lat": p.place.lat if p.place else None, "lon": p.place.lon if p.place else None,
    }


def _timex_row(x: TimeExpression) -> dict[str, Any]:
    return {
        "document_id": x.document_id, "start": x.start, "end": x.end, "text": x.text, "type": x.type,
        "value": x.value, "span": x.span.to_dict() if x.span else None,
        "span_start": x.span.start if x.span else None, "span_end": x.span.end if x.span else None,
    }


_ROW_MAPPERS = {"mentions": _mention_row, "toponyms": _toponym_row, "timexes": _timex_row}


def _event_row(e: Event) -> dict[str, Any]:
    d = e.to_dict()
    return {
        "id": e.id, "document_id": e.document_id, "type": e.type, "mode": e.mode, "trigger": e.trigger,
        "actors": d["actors"], "targets": d["targets"], "materiel": d["materiel"],
        "location": d["location"], "origin": d["origin"], "destination": d["destination"], "time": d["time"],
        "lat": e.location.lat if e.location else None, "lon": e.location.lon if e.location else None,
        "place_name": e.location.name if e.location else None,
        "time_start": e.time.start if e.time else None, "time_end": e.time.end if e.time else None,
        "time_from_dct": e.time_from_dct, "fatalities": e.fatalities, "attributes": d["attributes"],
    }


def _happening_row(h: Happening) -> dict[str, Any]:
    return {
        "id": h.id, "type": h.type, "mode": h.mode, "data": h.to_dict(),
        "lat": h.location.lat if h.location else None, "lon": h.location.lon if h.location else None,
        "place_name": h.location.name if h.location else None,
        "time_start": h.time.start if h.time else None, "time_end": h.time.end if h.time else None,
        "reports": h.reports, "contradicted": h.contradicted,
        "first_reported": h.first_reported, "last_reported": h.last_reported,
    }


def _presence_row(p: Presence) -> dict[str, Any]:
    return {
        "id": p.id, "actor": p.actor, "place_id": p.place.id, "data": p.to_dict(), "lat": p.place.lat,
        "lon": p.place.lon, "first_reported": p.first_reported, "last_reported": p.last_reported,
        "reports": p.reports,
    }


def _claim_row(cl: Claim) -> dict[str, Any]:
    d = cl.to_dict()
    return {k: d[k] for k in ("id", "event_id", "document_id", "evidence", "outlet", "source_chain", "speaker",
                              "speaker_role", "stance", "cue")}


def _row_event(r: Any, claim_rows: Sequence[Any]) -> Event:
    data = {k: r._mapping[k] for k in ("id", "document_id", "type", "mode", "trigger", "actors", "targets", "materiel",
                                       "location", "origin", "destination", "time", "time_from_dct", "fatalities",
                                       "attributes")}
    data["claims"] = [dict(cr._mapping) for cr in claim_rows]
    for key in ("actors", "targets", "materiel"):
        data[key] = data[key] or []
    data["attributes"] = data["attributes"] or {}
    return Event.from_dict(data)


def _mentions_actor(event: Event, actor: str) -> bool:
    needle = actor.casefold()
    return any(needle in e.casefold() for e in (*event.actors, *event.targets))


def _at_place(event: Event, place: str) -> bool:
    needle = place.casefold()
    return any(
        p is not None and (needle in p.name.casefold() or needle == (p.country or "").casefold())
        for p in (event.location, event.origin, event.destination)
    )
