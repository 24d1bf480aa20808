"""Compiling the index and looking names up in it."""

from __future__ import annotations

import sqlite3

from garrison.places import gazetteer
from garrison.places.normalise import bare, key


def test_keys_fold_accents_case_and_articles():
    assert key("Brak Al-Shāṭi") == "brak al shati"
    assert key("Ţarţūs") == "tartus"
    assert bare("Al-Joufra") == bare("al Jufra") == bare("Jufra")
    assert bare("Maaten al Sarra") == bare("Maaten al-Sarra")


def test_build_records_places_names_and_meta(small_index):
    db = sqlite3.connect(small_index)
    ids = {r[0] for r in db.execute("SELECT id FROM places")}
    assert {"geonames:2988507", "country:LY", "continent:AF", "icao:HL59", "overlay:fezzan"} <= ids
    assert db.execute("SELECT v FROM meta WHERE k='version'").fetchone()[0]
    # The overlay attached its aliases to the ICAO entry instead of duplicating it.
    (feature,) = db.execute("SELECT feature FROM places WHERE id='icao:HL59'").fetchone()
    assert feature == "airbase"
    assert not any(i.startswith("overlay:al-khadim") for i in ids)


def test_lookup_by_alias_transliteration_and_demonym(small):
    assert small.lookup("Syrte")[0].id == "geonames:2210554"
    assert small.lookup("Al-Khadim")[0].id == "icao:HL59"
    assert small.lookup("al Khadim")[0].id == "icao:HL59"
    libyan = small.lookup("Libyan")[0]
    assert (libyan.id, libyan.match) == ("country:LY", "demonym")
    assert small.lookup("Libyans")[0].id == "country:LY"  # English plural derived at build


def test_near_miss_spelling_reaches_notable_place(small):
    found = small.lookup("Torbruk")
    assert found and found[0].name == "Tobruk" and found[0].match == "fuzzy"
    assert small.lookup("Torbruk", fuzzy=False) == []


def test_codes_and_abbreviations_match_only_as_written(small):
    assert small.lookup("Ill.")[0].name == "Illinois"
    assert all(c.match != "abbrev" for c in small.lookup("ill"))
    assert any(c.id == "country:LB" for c in small.lookup("LEB"))
    assert not any(c.id == "country:LB" for c in small.lookup("Leb"))
    assert not any(c.id == "country:LB" for c in small.lookup("LBN"))  # bare alpha-3 codes are left out


def test_airport_stems_reach_the_airfield(small):
    assert small.lookup("Heathrow")[0].id == "icao:EGLL"
    assert small.lookup("Gardabya air base")[0].id == "icao:HLGD"


def test_admin1_has_centroid_and_population_estimate(small):
    texas = [c for c in small.lookup("Texas") if c.feature == "admin1"][0]
    assert abs(texas.lat - 31.97) < 0.01 and texas.population == 24782 + 1000 + 2296224
    assert texas.id == "geonames:4736286"  # US states carry their GeoNames id


def test_us_counties_sit_at_the_median_of_their_towns():
    from pathlib import Path

    from garrison.places.gazetteer_sources import read_us_counties

    fixtures = Path(__file__).parent / "fixtures"
    rows = {r.name: r for r in read_us_counties(fixtures / "us_counties.json", fixtures / "states")}
    assert set(rows) == {"Orange County", "Fresno County"}  # Alameda: no town of that name, left out
    orange = rows["Orange County"]
    assert (orange.lat, orange.lon, orange.admin1, orange.feature) == (33.79, -117.87, "US-CA", "admin2")


def test_a_units_largest_town_is_the_most_populous_coded_to_it(tiny):
    from garrison.places.gazetteer_sources import Row

    def town(id_, name, admin1, population):
        return Row(id=id_, name=name, lat=13.0, lon=-2.0, feature="city", country="BF", admin1=admin1,
                   population=population, importance=4.0, aliases=[f"{name} alias"])

    gaz = tiny([town("t:small", "Small Luvira", "BF-LUV", 5_000), town("t:seat", "Luvira Seat", "BF-LUV", 80_000),
                town("t:other", "Elsewhere", "BF-CEN", 900_000),
                Row(id="a:luv", name="Luvira", lat=13.0, lon=-2.0, feature="admin1", country="BF", admin1="BF-LUV",
                    population=2_000_000)])
    seat = gaz.largest_town("BF", "BF-LUV")
    assert (seat.id, seat.name, seat.match) == ("t:seat", "Luvira Seat", "name")
    assert gaz.largest_town("BF", "BF-NOR") is None
    # asked for every region an event is placed at: an index search, never a scan of the whole index
    [plan] = gaz.db.execute("EXPLAIN QUERY PLAN " + gazetteer.LARGEST_TOWN_SQL, ("BF", "BF-LUV")).fetchall()
    assert "USING INDEX places_towns" in plan[-1], plan
