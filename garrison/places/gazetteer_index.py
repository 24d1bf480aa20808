"""The gazetteer index's file format and its writer: what the build and the GeoNames import both write."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from garrison.places.gazetteer_sources import Row
from garrison.places.normalise import bare_of_key, key

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    pid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    feature TEXT, country TEXT, admin1 TEXT, geonameid INTEGER, population INTEGER DEFAULT 0,
    importance REAL DEFAULT 0, source TEXT);
CREATE TABLE IF NOT EXISTS names (
    pid INTEGER NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, bare TEXT NOT NULL,
    PRIMARY KEY (pid, key, kind)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""
# Names are keyed by place, so a bulk load in place order appends to the table's b-tree and repeats of a name
# are dropped by the key; the lookup indexes are built once after the load, far cheaper than row by row.
INDEXES = """
CREATE INDEX IF NOT EXISTS names_key ON names (key);
CREATE INDEX IF NOT EXISTS names_bare ON names (bare);
CREATE INDEX IF NOT EXISTS places_geonameid ON places (geonameid);
-- a region's main town (events.regional): a scan of every place took 23-46 ms a region, the index 0.1 ms
CREATE INDEX IF NOT EXISTS places_towns ON places (country, admin1, population) WHERE feature = 'city';
"""


class Writer:
    """Upserts rows into an open index; later rows with an existing id add names and may move the place.

    Rows are buffered and written with ``executemany`` in large batches; call :meth:`flush` (or :meth:`close`)
    before reading the tables back.
    """

    BATCH = 50_000

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.pids: dict[str, int] = {pid_id: pid for pid, pid_id in db.execute("SELECT pid, id FROM places")}
        self.next_pid = (db.execute("SELECT MAX(pid) FROM places").fetchone()[0] or 0) + 1
        self._places: list[tuple] = []
        self._names: list[tuple] = []

    def place(self, row: Row, replace: bool = False) -> int:
        pid = self.pids.get(row.id)
        if pid is None:
            pid = self.pids[row.id] = self.next_pid
            self.next_pid += 1
            self._places.append((pid, row.id, row.name, row.lat, row.lon, row.feature, row.country, row.admin1,
                                 row.geonameid, row.population, row.importance, row.source))
        elif replace:
            self.flush()
            self.db.execute(
                "UPDATE places SET lat=?, lon=?, feature=?, importance=MAX(importance, ?),"
                " country=COALESCE(?, country), source=source || ' + ' || ? WHERE pid=?",
                (row.lat, row.lon, row.feature, row.importance, row.country, row.source, pid))
        own = key(row.name)
        self.keys(pid, {own} if own else set(), "name")
        # Spellings that fold to the place's own key ("Parîs" for Paris) would only repeat its name row.
        self.keys(pid, {k for a in row.aliases if (k := key(a))} - {own}, "alias")
        self.names(pid, row.demonyms, "demonym")
        self.names(pid, row.codes, "code")
        return pid

    def names(self, pid: int, names: Iterable[str], kind: str) -> None:
        self.keys(pid, {k for n in names if (k := key(n))}, kind)

    def keys(self, pid: int, keys: set[str], kind: str) -> None:
        self._names.extend((pid, k, kind, bare_of_key(k)) for k in keys)
        if len(self._names) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self._places:
            self.db.executemany("INSERT INTO places (pid, id, name, lat, lon, feature, country, admin1, geonameid,"
                                " population, importance, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self._places)
            self._places.clear()
        if self._names:
            self.db.executemany("INSERT OR IGNORE INTO names (pid, key, kind, bare) VALUES (?,?,?,?)", self._names)
            self._names.clear()
