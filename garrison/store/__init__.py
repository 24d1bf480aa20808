"""Persistence: SQLite by default (WAL, FTS5), PostgreSQL by URL (``GARRISON_DB``).

``Store`` is the pipeline's side (documents in, pending work, stage outputs, fusion); ``store.queries`` the read
side the CLI and the API list and search with.
"""

from garrison.store.engine import StoreError
from garrison.store.persistence import Store
from garrison.store.queries import Queries

__all__ = ["Queries", "Store", "StoreError"]
