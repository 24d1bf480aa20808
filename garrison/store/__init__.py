"""Persistence: SQLite by default (WAL, FTS5), PostgreSQL by URL (``GARRISON_DB``)."""

from garrison.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]
