"""The pipeline's side of the store: documents in, pending work out, stage outputs and fusion saved.

Every write that belongs together happens in one transaction — a document with its full-text row, a stage's
outputs with its completion marks — so a process killed at any point leaves the store as it was before or
after that unit, never half-way.  What the CLI and the API list and search is in ``queries``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection

from garrison import config
from garrison.model import Analysis, Document, Entity, Event, Happening, Presence
from garrison.store import rows as rowmap
from garrison.store import schema as t
from garrison.store.engine import (
    StoreError,
    make_engine,
    migrate,
    redact,
    schema_revisions,
)
from garrison.store.queries import Queries


class Store:
    """An open store.  ``store.queries`` answers the listing and search questions of the CLI and the API."""

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
        self.queries = Queries(self.engine, self.redacted_url)

    @property
    def redacted_url(self) -> str:
        return redact(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    def migrate(self) -> None:
        migrate(self.engine)

    def schema_revisions(self) -> tuple[str | None, str]:
        """(the store's schema revision, the one this Garrison expects)."""
        return schema_revisions(self.engine)

    def check_schema_current(self) -> None:
        current, head = self.schema_revisions()
        if current != head:
            raise StoreError(f"store {self.redacted_url} has schema {current or 'none'}, this Garrison needs {head}; "
                             "open it once where it can be written to upgrade it")

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
                rows.append(rowmap.document_row(doc) | {"minhash": minhash, "ingested_at": doc.ingested_at or rowmap.now()})
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
                    .values(seen=t.rejects.c.seen + 1, detail=detail, last_seen=rowmap.now())
                )
            else:
                c.execute(insert(t.rejects).values(source=source, reason=reason, detail=detail, last_seen=rowmap.now()))

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
        with self.engine.connect() as c:
            return rowmap.load_analyses(c, document_ids)

    def save_stage(self, stage: str, produces: Sequence[str], analyses: Sequence[Analysis], seconds: float) -> None:
        """Replace what ``stage`` produces for these documents and mark them done, in one transaction."""
        self.save_batch([(stage, produces, analyses, seconds)])

    def save_batch(self, outputs: Sequence[tuple[str, Sequence[str], Sequence[Analysis], float]]) -> None:
        """Several stages' outputs over one batch — each ``(stage, produces, analyses, seconds)`` as
        :meth:`save_stage` takes it, in the order given — in one transaction.

        The runner saves a batch this way: one commit a batch rather than one a stage, and a run killed while
        saving finds the batch's stages all saved or none (a re-run redoes the batch whole)."""
        with self.engine.begin() as c:
            for stage, produces, analyses, seconds in outputs:
                self._replace_outputs(c, stage, produces, analyses, seconds)

    def _replace_outputs(self, c: Connection, stage: str, produces: Sequence[str], analyses: Sequence[Analysis],
                         seconds: float) -> None:
        ids = [a.document.id for a in analyses]
        per_doc = seconds / max(len(ids), 1)
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
                    c.execute(insert(t.events), [rowmap.event_row(e) for e in events])
                claims = list({cl.id: cl for e in events for cl in e.claims}.values())
                if claims:
                    c.execute(insert(t.claims), [rowmap.claim_row(cl) for cl in claims])
            else:
                (table,) = t.FIELD_TABLES[field_name]
                rows = [rowmap.ROW_MAPPERS[field_name](r) for a in analyses for r in getattr(a, field_name)]
                if rows:
                    c.execute(insert(table), rows)
        c.execute(delete(t.stage_runs).where(t.stage_runs.c.stage == stage, t.stage_runs.c.document_id.in_(ids)))
        if ids:
            c.execute(
                insert(t.stage_runs),
                [{"document_id": i, "stage": stage, "finished_at": rowmap.now(), "seconds": per_doc} for i in ids],
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
                merged[entity.id].aliases = rowmap.union(merged[entity.id].aliases, entity.aliases)
                merged[entity.id].attributes = {**entity.attributes, **merged[entity.id].attributes}
            else:
                merged[entity.id] = Entity(entity.type, entity.name, entity.id, list(entity.aliases),
                                           dict(entity.attributes))
        stored = {e.id: e for e in rowmap.entities_by_id(c, merged)}
        # one statement for all the new entities and one for all the changed ones: a statement per entity was
        # most of what the writing process spent on a batch (the workers wait on it)
        new_rows, changed_rows = [], []
        for entity in merged.values():
            old = stored.get(entity.id)
            if old is None:
                new_rows.append({"id": entity.id, "type": str(entity.type), "name": entity.name,
                                 "aliases": list(entity.aliases), "attributes": dict(entity.attributes)})
                continue
            aliases = rowmap.union(old.aliases, entity.aliases)
            attributes = {**old.attributes, **entity.attributes}
            if aliases != old.aliases or attributes != old.attributes:
                changed_rows.append({"entity_id": entity.id, "new_aliases": aliases, "new_attributes": attributes})
        if new_rows:
            c.execute(insert(t.entities), new_rows)
        if changed_rows:
            c.execute(
                update(t.entities).where(t.entities.c.id == bindparam("entity_id")).values(
                    aliases=bindparam("new_aliases"), attributes=bindparam("new_attributes")),
                changed_rows,
            )

    # -- fusion -------------------------------------------------------------------

    def document_headers(self) -> dict[str, Document]:
        """Every document's metadata without its text (what fusion needs: dates, outlets, duplicate links)."""
        columns = [c for c in t.documents.columns if c.name not in ("text", "minhash", "search")]
        with self.engine.connect() as c:
            rows = c.execute(select(*columns))
            return {r.id: Document.from_dict({**rowmap.plain(r._mapping), "text": "", "meta": r.meta or {}}) for r in rows}

    def all_events(self) -> list[Event]:
        with self.engine.connect() as c:
            return [rowmap.row_event(r, claims) for r, claims in rowmap.events_with_claims(c)]

    def replace_fusion(self, happenings: Sequence[Happening], presences: Sequence[Presence], *,
                       run: dict[str, Any] | None = None) -> None:
        """Fusion is recomputed from all events: its outputs replace the previous ones in one transaction,
        with the record of the run (``stage``, ``inputs``, ``seconds``, ``outputs``) when one is given."""
        with self.engine.begin() as c:
            for table in (*t.HAPPENING_SIDE_TABLES, t.happening_events, t.happenings, t.presences):
                c.execute(delete(table))
            if run is not None:
                c.execute(delete(t.corpus_runs).where(t.corpus_runs.c.stage == run["stage"]))
                c.execute(insert(t.corpus_runs).values(
                    stage=run["stage"], finished_at=rowmap.now(), seconds=run.get("seconds"), inputs=run["inputs"],
                    outputs=run.get("outputs")))
            if happenings:
                rows = [rowmap.happening_row(h) for h in happenings]
                c.execute(insert(t.happenings), rows)
                write_happening_side_rows(c, [row["data"] for row in rows])
                links = {(h.id, e) for h in happenings for e in h.event_ids}
                c.execute(insert(t.happening_events), [{"happening_id": h, "event_id": e} for h, e in sorted(links)])
            if presences:
                c.execute(insert(t.presences), [rowmap.presence_row(p) for p in presences])
        if self.engine.dialect.name == "postgresql":
            # Every row of these tables is new: until autovacuum gets to them, PostgreSQL plans the filters'
            # queries on the old statistics (a sequential scan where its index answers in a millisecond).
            with self.engine.begin() as c:
                c.execute(text("ANALYZE " + ", ".join(
                    table.name for table in (*t.HAPPENING_SIDE_TABLES, t.happening_events, t.happenings, t.presences))))

    def stage_marks(self, stages: Sequence[str]) -> dict[str, list[Any]]:
        """Per document stage: [documents it finished, when it last finished one] — any new run moves them."""
        marks: dict[str, list[Any]] = {name: [0, None] for name in stages}
        with self.engine.connect() as c:
            rows = c.execute(
                select(t.stage_runs.c.stage, func.count(), func.max(t.stage_runs.c.finished_at))
                .where(t.stage_runs.c.stage.in_(list(stages))).group_by(t.stage_runs.c.stage))
            for stage, count, last in rows:
                marks[stage] = [count, last.isoformat() if isinstance(last, datetime) else last]
        return marks

    def corpus_run(self, stage: str) -> dict[str, Any] | None:
        """The last run of a corpus stage: finished_at, seconds, inputs (the marks it read), outputs (counts)."""
        with self.engine.connect() as c:
            row = c.execute(select(t.corpus_runs).where(t.corpus_runs.c.stage == stage)).first()
        if row is None:
            return None
        return {"finished_at": row.finished_at, "seconds": row.seconds, "inputs": rowmap.json_loads(row.inputs),
                "outputs": rowmap.json_loads(row.outputs) or {}}

    def forget_corpus_run(self, stage: str) -> None:
        """The next run of this corpus stage recomputes its outputs whatever changed."""
        with self.engine.begin() as c:
            c.execute(delete(t.corpus_runs).where(t.corpus_runs.c.stage == stage))

    def happening_of_events(self) -> dict[str, str]:
        with self.engine.connect() as c:
            return dict(c.execute(select(t.happening_events.c.event_id, t.happening_events.c.happening_id)).all())


def write_happening_side_rows(c: Connection, happenings: Iterable[dict[str, Any]]) -> None:
    """The filter rows of these happenings (their JSON form) into the side tables, with the happenings' own
    transaction: the side tables never disagree with the JSON they are read from."""
    by_table: dict[str, list[dict[str, Any]]] = {table.name: [] for table in t.HAPPENING_SIDE_TABLES}
    for data in happenings:
        for name, found in rowmap.happening_side_rows(data).items():
            by_table[name].extend(found)
    by_table["happening_filter_keys"] = rowmap.filter_key_rows(by_table["happening_entities"],
                                                               by_table["happening_places"])
    for table in t.HAPPENING_SIDE_TABLES:
        if by_table[table.name]:
            c.execute(insert(table), by_table[table.name])
