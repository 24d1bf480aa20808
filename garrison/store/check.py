"""Verify a store: schema version, file integrity, full-text rows in step with documents, no orphan rows.

Each finding says what ``repair`` would do about it; ``repair`` does only what is safe without
judgement (rebuild full-text rows, delete rows whose document or event is gone).  A damaged file or
an old schema is reported, not touched.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import and_, delete, exists, func, not_, select, text

from garrison.store import Store
from garrison.store import schema as t


@dataclass
class Finding:
    check: str  # schema | integrity | full-text | orphans
    problem: str
    count: int
    repair: str  # what `garrison check --repair` would do, or what the user should do
    repairable: bool

    def to_dict(self) -> dict:
        return asdict(self)


def check_store(store: Store) -> list[Finding]:
    findings: list[Finding] = []
    current, head = store.schema_revisions()
    if current != head:
        findings.append(Finding("schema", f"schema revision {current or 'none'}, this Garrison expects {head}", 1,
                                "run any writing command (garrison ingest, garrison process) to upgrade it", False))
        return findings  # the other checks assume the current tables
    with store.engine.connect() as c:
        if store.is_sqlite:
            verdicts = [row[0] for row in c.execute(text("PRAGMA quick_check"))]
            if verdicts != ["ok"]:
                findings.append(Finding("integrity", "; ".join(verdicts[:3]), len(verdicts),
                                        "restore a backup, or salvage with `sqlite3 STORE .recover`", False))
                return findings
            missing, stale = _full_text_gaps(c)
            if missing:
                findings.append(Finding("full-text", "documents without a full-text row (search misses them)",
                                        missing, f"add the full-text rows of {missing} document(s)", True))
            if stale:
                findings.append(Finding("full-text", "full-text rows of documents no longer stored", stale,
                                        f"delete {stale} stale full-text row(s)", True))
        for table, column, parent in _foreign_keys():
            count = c.execute(select(func.count()).select_from(table).where(_orphaned(column, parent))).scalar_one()
            if count:
                findings.append(Finding("orphans", f"{table.name}.{column.name} names a missing {parent.table.name} row",
                                        count, f"delete {count} orphan row(s) from {table.name}"
                                        if not column.nullable else f"clear {column.name} in {count} row(s)", True))
    return findings


def repair_store(store: Store, findings: list[Finding]) -> int:
    """Apply the repairable findings in one transaction; returns how many rows were changed."""
    changed = 0
    with store.engine.begin() as c:
        if any(f.check == "full-text" for f in findings) and store.is_sqlite:
            changed += c.execute(text(
                "DELETE FROM documents_fts WHERE document_id NOT IN (SELECT id FROM documents)")).rowcount
            changed += c.execute(text(
                "INSERT INTO documents_fts (document_id, title, text) SELECT id, coalesce(title, ''), text "
                "FROM documents WHERE id NOT IN (SELECT document_id FROM documents_fts)")).rowcount
        if any(f.check == "orphans" for f in findings):
            # Children before parents: a claim's event may itself be an orphan of a missing document.
            for table, column, parent in reversed(_foreign_keys()):
                if column.nullable:
                    statement = (t.metadata.tables[table.name].update().where(_orphaned(column, parent))
                                 .values({column.name: None}))
                else:
                    statement = delete(table).where(_orphaned(column, parent))
                changed += c.execute(statement).rowcount
    return changed


def _full_text_gaps(c) -> tuple[int, int]:  # noqa: ANN001
    missing = c.execute(text(
        "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM documents_fts)")).scalar_one()
    stale = c.execute(text(
        "SELECT count(*) FROM documents_fts WHERE document_id NOT IN (SELECT id FROM documents)")).scalar_one()
    return missing, stale


def _foreign_keys():
    """(table, column, referenced column) for every foreign key, parents' tables first."""
    found = []
    for table in t.metadata.sorted_tables:
        for key in table.foreign_keys:
            found.append((table, key.parent, key.column))
    return found


def _orphaned(column, parent):  # noqa: ANN001
    parent_alias = parent.table.alias()
    return and_(column.is_not(None), not_(exists().where(parent_alias.c[parent.name] == column)))
