"""A process that dies while it creates a new store's schema leaves a store the next process can open.

Seen in CI: `garrison ingest` killed in its first second left half a schema with no Alembic revision
stamped, and every later run failed with "table documents already exists".  Here the process dies at
chosen schema statements (os._exit: no commit, no cleanup, as SIGKILL), then a normal open must give the
full schema, and the store must take documents.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from garrison.store import Store

# Counts the schema statements of a new store's migration and dies at the n-th (0: count only).
DIE_AT_STATEMENT = textwrap.dedent("""
    import os, sys
    from sqlalchemy import event
    from garrison.store import engine as opening, persistence

    target, seen = int(sys.argv[2]), [0]
    made = opening.make_engine

    def make_engine(url, **options):
        engine = made(url, **options)

        @event.listens_for(engine, "before_cursor_execute")
        def die(connection, cursor, statement, *rest):
            if statement.lstrip().split(" ", 1)[0].upper() in ("CREATE", "ALTER", "DROP", "INSERT", "UPDATE"):
                seen[0] += 1
                if seen[0] == target:
                    os._exit(9)
        return engine

    persistence.make_engine = make_engine
    persistence.Store("sqlite:///" + sys.argv[1])
    print(seen[0])
""")


def run_to(db, statement: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DIE_AT_STATEMENT, str(db), str(statement)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def statements(tmp_path_factory) -> int:
    done = run_to(tmp_path_factory.mktemp("count") / "store.db", 0)
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.split()[-1])


def full_schema(tmp_path) -> set[str]:
    reference = Store(f"sqlite:///{tmp_path / 'reference.db'}")
    with reference.engine.connect() as c:
        names = {row[0] for row in c.exec_driver_sql("SELECT name FROM sqlite_master")}
    reference.engine.dispose()
    return names


@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.6, 1.0])
def test_a_store_killed_while_its_schema_is_made_opens_whole_afterwards(tmp_path, statements, fraction):
    assert statements > 20, "a new store's schema is dozens of statements: the count is wrong"
    point = max(1, round(fraction * statements))  # 1.0: the revision stamp itself
    db = tmp_path / "store.db"
    died = run_to(db, point)
    assert died.returncode == 9, (point, died.stdout, died.stderr[-2000:])

    store = Store(f"sqlite:///{db}")
    with store.engine.connect() as c:
        names = {row[0] for row in c.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert names == full_schema(tmp_path)
    from garrison.model import Document

    assert store.add_document(Document(id="d1", text="Troops arrived in Gao.", title="Gao"))
    assert store.queries.get_document("d1").text == "Troops arrived in Gao."
