"""Merge GeoNames dump files into a compiled gazetteer index.

Formats (tab-separated, UTF-8, optionally inside a .zip of the same stem):

* ``allCountries.txt``, ``cities500.txt`` … — the *geoname* table: geonameid, name, asciiname,
  alternatenames, latitude, longitude, feature class, feature code, country code, cc2, admin1 … population …
* ``alternateNamesV2.txt`` — alternateNameId, geonameid, isolanguage, alternate name, isPreferredName,
  isShortName, isColloquial, isHistoric, from, to;
* ``admin1CodesASCII.txt`` — "CC.code", name, asciiname, geonameid.

A place already in the index (same geonameid) gains names; a new one is added.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from garrison.places.gazetteer_index import INDEXES, SCHEMA, Writer
from garrison.places.gazetteer_sources import Row, alias_ok, log_pop

# GeoNames feature class/code -> our feature names.
FEATURES = {
    "A.PCLI": "country", "A.PCLD": "country", "A.PCLF": "country", "A.PCLS": "country", "A.PCLIX": "country",
    "A.ADM1": "admin1", "A.ADM2": "admin2", "A.ADM3": "admin3", "S.AIRB": "airbase", "S.AIRP": "airport",
    "S.AIRF": "airport", "S.AIRH": "airport", "S.MILB": "military_base", "S.INSM": "military_base",
    "S.NVB": "naval_base", "S.PRT": "port", "H.HBR": "port", "H.STM": "river", "H.SEA": "sea", "H.OCN": "ocean",
    "H.GULF": "gulf", "H.BAY": "gulf", "H.STRT": "strait", "T.MTS": "mountains", "T.DSRT": "desert",
    "L.RGN": "region", "L.CONT": "continent", "T.ISL": "island", "T.PEN": "region",
}
DEFAULT_IMPORTANCE = {"country": 7.0, "admin1": 5.5, "admin2": 4.5, "region": 5.0, "continent": 9.0, "sea": 6.0,
                      "ocean": 7.0, "gulf": 5.0, "river": 4.5, "mountains": 4.5, "desert": 5.0, "airbase": 4.0}
SKIPPED_LANGUAGES = {"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "abbr", "fr_1793", "phon", "piny"}


class ImportError_(ValueError):
    """A dump line that cannot be read."""


@contextmanager
def _open_text(path: Path):
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            members = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not members:
                raise ImportError_(f"{path}: no .txt member in the zip")
            with zf.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8"), members[0]
    else:
        with open(path, encoding="utf-8") as fh:
            yield fh, path.name


def detect_kind(member: str, first_line: str) -> str:
    name = member.lower()
    if name.startswith("alternatenames"):
        return "alternate_names"
    if name.startswith("admin1codes"):
        return "admin1_codes"
    columns = first_line.rstrip("\n").split("\t")
    if len(columns) >= 19:
        return "geonames"
    if len(columns) >= 4 and "." in columns[0] and columns[-1].strip().isdigit():
        return "admin1_codes"
    if len(columns) >= 4 and columns[0].isdigit() and columns[1].isdigit():
        return "alternate_names"
    raise ImportError_(f"{member}: line 1: not a GeoNames dump format I know ({len(columns)} columns)")


def _geoname_rows(lines, source: str) -> Iterator[Row]:
    for number, line in enumerate(lines, start=1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 19:
            raise ImportError_(f"{source}: line {number}: expected 19 tab-separated columns, got {len(cols)}")
        try:
            gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
            population = int(cols[14] or 0)
        except ValueError as exc:
            raise ImportError_(f"{source}: line {number}: bad geonameid/latitude/longitude/population") from exc
        fclass, fcode = cols[6], cols[7]
        feature = FEATURES.get(f"{fclass}.{fcode}") or ("city" if fclass == "P" else fcode.lower() or "place")
        importance = log_pop(population) if population else DEFAULT_IMPORTANCE.get(feature, 3.0)
        aliases = sorted({a for a in cols[3].split(",") if alias_ok(a)} | ({cols[2]} if cols[2] else set()))
        country = cols[8] or None
        yield Row(id=f"geonames:{gid}", name=cols[1], lat=lat, lon=lon, feature=feature, country=country,
                  admin1=f"{country}-{cols[10]}" if country and cols[10] else None, geonameid=gid,
                  population=population, importance=importance, source=f"GeoNames dump {source}", aliases=aliases)


def import_file(index: Path, path: Path) -> dict:
    """Merge one dump into ``index``.  Returns counts of what was added."""
    db = sqlite3.connect(index)
    db.executescript(SCHEMA)
    writer = Writer(db)
    by_geonameid = {gid: pid for pid, gid in db.execute("SELECT pid, geonameid FROM places WHERE geonameid IS NOT NULL")}
    stats = {"file": str(path), "places_added": 0, "places_known": 0, "names_added": 0, "skipped": 0}
    names_before = db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
    with _open_text(path) as (fh, member):
        first = fh.readline()
        kind = detect_kind(member, first)
        stats["kind"] = kind

        def lines():
            if first:
                yield first
            yield from fh

        if kind == "geonames":
            for row in _geoname_rows(lines(), member):
                pid = by_geonameid.get(row.geonameid)
                if pid is None:
                    pid = writer.place(row)
                    by_geonameid[row.geonameid] = pid
                    stats["places_added"] += 1
                else:
                    writer.names(pid, [row.name, *row.aliases], "alias")
                    stats["places_known"] += 1
        elif kind == "alternate_names":
            for number, line in enumerate(lines(), start=1):
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 4 or not cols[1].isdigit():
                    raise ImportError_(f"{member}: line {number}: expected alternateNameId, geonameid, lang, name")
                pid = by_geonameid.get(int(cols[1]))
                historic = len(cols) > 7 and cols[7] == "1"
                if pid is None or cols[2] in SKIPPED_LANGUAGES or historic or not alias_ok(cols[3]):
                    stats["skipped"] += 1
                    continue
                writer.names(pid, [cols[3]], "alias")
        else:  # admin1 codes: names for the admin1 entries the index holds
            for number, line in enumerate(lines(), start=1):
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 4 or "." not in cols[0]:
                    raise ImportError_(f"{member}: line {number}: expected 'CC.code', name, asciiname, geonameid")
                country, code = cols[0].split(".", 1)
                db.execute("UPDATE places SET admin1 = ? WHERE geonameid = ?", (f"{country}-{code}", int(cols[3] or 0)))
                pid = by_geonameid.get(int(cols[3] or 0))
                if pid is None:
                    stats["skipped"] += 1
                    continue
                writer.names(pid, [cols[1], cols[2]], "alias")
    writer.flush()
    db.executescript(INDEXES)
    db.commit()
    stats["names_added"] = db.execute("SELECT COUNT(*) FROM names").fetchone()[0] - names_before
    db.close()
    return stats
