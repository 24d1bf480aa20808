"""Opening a store: the engine for a URL (SQLite pragmas, PostgreSQL driver) and its schema migrations."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says which and why."""


def redact(url: str) -> str:
    """The URL with its password hidden, for messages and `status`."""
    return re.sub(r"//([^:/@]+):[^@]+@", r"//\1:***@", url)


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
        engine = create_engine(url, connect_args={"timeout": 60}, json_deserializer=read_json)

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
    return create_engine(url, pool_pre_ping=True, json_deserializer=read_json)


def read_json(value: str | bytes) -> Any:
    # orjson reads the stored JSON a quarter faster; what it refuses (a NaN the standard library wrote) is read
    # by the standard library, as before
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return json.loads(value)


def schema_revisions(engine: Engine) -> tuple[str | None, str]:
    """(the store's schema revision, the one this Garrison expects)."""
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision(), head


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision; a no-op when it is there already."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()

    def current() -> str | None:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    if current() == head:
        return
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                # Python's sqlite3 runs DDL outside any transaction unless one is open: a process killed
                # between two CREATE TABLEs would leave half a schema with no revision stamped, and every
                # later open would fail on "table already exists".  An explicit BEGIN makes the upgrade
                # all or nothing; IMMEDIATE also makes a second migrating process wait, then find head.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:  # one migrating process at a time
                connection.execute(text("SELECT pg_advisory_xact_lock(7301)"))
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    except Exception:
        # Two processes opening a new store at once: the loser finds the winner's schema.
        if current() != head:
            raise
