"""Gazetteer indexes for the tests.

* ``small``: fixture files only (towns, countries, states, airports, a three-row overlay);
* ``sites``: the same towns plus the project's reviewed overlay, demonyms and abbreviations (the military sites and
  regions live in the overlay), compiled in well under a second;
* ``tiny(rows)``: an index of just the rows a test writes, for one rule at a time;
* ``real``: the index from the installed packages, compiled on first use (about 30 s) — one test uses it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from garrison.places import gazetteer, gazetteer_sources

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_rows(overlay: Path = FIXTURES / "overlay.tsv"):
    cities = list(gazetteer_sources.read_cities(FIXTURES / "cities.json", capitals={("LY", "tripoli"), ("FR", "paris"), ("US", "washington")}))
    countryinfo = json.loads((FIXTURES / "countryinfo.json").read_text())
    geonames_countries = {"LY": {"geonameid": 2215636, "name": "Libya", "population": 6461454},
                          "US": {"geonameid": 6252001, "name": "United States", "population": 327167434}}
    us_states = {"TX": {"code": "TX", "name": "Texas", "geonameid": 4736286},
                 "IL": {"code": "IL", "name": "Illinois", "geonameid": 4896861}}
    yield from gazetteer_sources.read_continents(FIXTURES / "continents.json")
    yield from gazetteer_sources.read_countries(countryinfo, geonames_countries)
    yield from gazetteer_sources.read_admin1(FIXTURES / "states", cities, us_states)
    yield from cities
    yield from gazetteer_sources.read_airports(json.loads((FIXTURES / "airports.json").read_text()))
    for row in gazetteer_sources.read_overlay(overlay):
        row.source = "overlay: " + row.source
        yield row


FIXTURE_DEMONYMS = [("Libyan", "country:LY", "en"), ("Lebanese", "country:LB", "en"), ("libyen", "country:LY", "fr")]
FIXTURE_ABBREVIATIONS = [("Ill.", "US-IL"), ("Tex.", "US-TX")]


def build_small(path: Path) -> dict:
    return gazetteer.build(path, rows=fixture_rows(), demonyms=FIXTURE_DEMONYMS, abbreviations=FIXTURE_ABBREVIATIONS)


@pytest.fixture(scope="session")
def small_index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "small.sqlite"
    build_small(path)
    return path


@pytest.fixture(scope="session")
def small(small_index) -> gazetteer.Gazetteer:
    return gazetteer.Gazetteer(small_index)


@pytest.fixture(scope="session")
def sites_index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "sites.sqlite"
    gazetteer.build(path, rows=fixture_rows(overlay=gazetteer_sources.PLACES_DATA / "overlay.tsv"))
    return path


@pytest.fixture(scope="session")
def sites(sites_index) -> gazetteer.Gazetteer:
    return gazetteer.Gazetteer(sites_index)


@pytest.fixture
def tiny(tmp_path):
    """``tiny(rows)``: a gazetteer of just these rows."""

    def make(rows) -> gazetteer.Gazetteer:
        path = tmp_path / f"tiny{len(list(tmp_path.iterdir()))}.sqlite"
        gazetteer.build(path, rows=rows, demonyms=[], abbreviations=[])
        return gazetteer.Gazetteer(path)

    return make


@pytest.fixture(scope="session")
def real() -> gazetteer.Gazetteer:
    """The real index from the installed packages: compiled on first use, then reused across sessions."""
    return gazetteer.get()
