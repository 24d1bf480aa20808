"""Precision before recall: what the text says about a place outranks how big its namesakes are, and a loose
match with nothing in the text behind it stays unresolved (with its candidates)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from garrison.cli.main import app
from garrison.places import resolve_name
from garrison.places.gazetteer_sources import Row
from garrison.places.resolve import Item, apposition, resolve_items


def town(id_, name, lat, lon, country, admin1=None, importance=4.0, aliases=()):
    return Row(id=id_, name=name, lat=lat, lon=lon, feature="city", country=country, admin1=admin1,
               importance=importance, aliases=list(aliases))


def area(id_, name, lat, lon, feature, country, admin1=None, importance=6.0):
    return Row(id=id_, name=name, lat=lat, lon=lon, feature=feature, country=country, admin1=admin1,
               importance=importance)


NAMESAKES = [
    town("t:lima-pe", "Lima", -12.05, -77.04, "PE", "PE-LMA", importance=8.4),
    town("t:lima-oh", "Lima", 40.74, -84.11, "US", "US-OH", importance=4.6),
    town("t:lima-py", "Lima", -23.9, -56.5, "PY", "PY-17", importance=4.0),
    area("c:us", "United States", 39.8, -98.6, "country", "US", importance=8.5),
    area("a:oh", "Ohio", 40.4, -82.7, "admin1", "US", "US-OH", importance=6.9),
    area("a:tx", "Texas", 31.0, -99.0, "admin1", "US", "US-TX", importance=7.4),
    area("county:allen", "Allen County", 40.77, -84.11, "admin2", "US", "US-OH", importance=4.8),
    town("t:paris-fr", "Paris", 48.86, 2.35, "FR", "FR-11", importance=7.8),
    town("t:paris-tx", "Paris", 33.66, -95.56, "US", "US-TX", importance=4.4),
]


def resolve(gaz, text, names):
    items = []
    for name in names:
        start = text.index(name)
        items.append(Item(start, start + len(name), name))
    resolve_items(text, items, gaz)
    return {it.text: it for it in items}


@pytest.mark.parametrize("text, names", [
    ("Lima is a city in Allen County, Ohio, United States.", ["Lima", "Allen County", "Ohio", "United States"]),
    ("Lima is a small town in Ohio.", ["Lima", "Ohio"]),
    ("Lima, a city of Allen County, Ohio, held a parade.", ["Lima", "Allen County", "Ohio"]),
    ("Lima (Allen County, Ohio) held a parade.", ["Lima", "Allen County", "Ohio"]),
    ("Lima (Ohio) held a parade.", ["Lima", "Ohio"]),
])
def test_the_text_says_which_lima_over_the_biggest_one(tiny, text, names):
    gaz = tiny(NAMESAKES)
    assert resolve(gaz, text, names)["Lima"].choice.id == "t:lima-oh"


def test_a_county_the_gazetteer_lacks_passes_its_state_on(tiny):
    gaz = tiny([r for r in NAMESAKES if r.id != "county:allen"])
    found = resolve(gaz, "Lima is a city in Allen County, Ohio.", ["Lima", "Allen County", "Ohio"])
    assert found["Lima"].choice.id == "t:lima-oh"


def test_a_town_missing_from_the_gazetteer_lies_in_the_county_the_text_names(tiny):
    gaz = tiny([r for r in NAMESAKES if r.id != "t:paris-tx"])
    found = resolve(gaz, "Paris is a town in Lamar County, Texas.", ["Paris", "Lamar County", "Texas"])
    assert found["Paris"].choice.country == "US" and found["Paris"].choice.admin1 == "US-TX"
    assert found["Paris"].fallback  # a place in Texas the gazetteer lacks, not Paris, France


def test_without_such_words_the_bigger_namesake_stands(tiny):
    gaz = tiny(NAMESAKES)
    assert resolve(gaz, "Flights from Lima were cancelled.", ["Lima"])["Lima"].choice.id == "t:lima-pe"


@pytest.mark.parametrize("gap, features, near", [
    (" is a town in ", {"city"}, False),
    (", a village near ", {"city"}, True),
    (" is a census-designated place in ", {"city"}, False),
    (", the capital of ", {"city"}, False),
    (" is a county in the northern part of ", {"admin2"}, False),
    (" est une commune du ", {"city"}, False),
])
def test_apposition_phrases(gap, features, near):
    found = apposition(gap)
    assert found is not None and features <= found[0] and found[1] is near


@pytest.mark.parametrize("gap", [" and ", " said the town in ", ", where officials in ", " is a town. In "])
def test_other_words_are_no_apposition(gap):
    assert apposition(gap) is None


SAHEL = [
    area("c:bf", "Burkina Faso", 12.2, -1.6, "country", "BF", importance=7.3),
    area("a:sahel", "Sahel", 14.1, -0.1, "admin1", "BF", "BF-12", importance=6.0),
    area("a:soum", "Soum", 14.0, -1.6, "admin1", "BF", "BF-SOM", importance=4.8),
    town("t:djibo", "Djibo", 14.1, -1.63, "BF", "BF-12", importance=4.8),
    town("t:arbinda", "Aribinda", 14.23, -0.87, "BF", "BF-12", importance=4.7, aliases=["Arbinda"]),
    # Namesakes abroad of villages the gazetteer lacks: an alternate name of a Japanese town, a hamlet in Mali.
    town("t:inada", "Inada", 36.43, 140.52, "JP", "JP-14", importance=4.7, aliases=["Inata"]),
    town("t:tondiata-ml", "Tondiata", 15.9, -4.1, "ML", "ML-6", importance=3.0),
    town("t:adrar", "Adrar", 27.87, -0.29, "DZ", "DZ-34", importance=4.8),
]

NOTE = ("Suspected militants attacked the army post at Inata, Soum province, Sahel region, Burkina Faso, killing "
        "eleven soldiers. Displaced people from Tondiata and Adjarara reached Djibo; Arbinda was also hit.")


def test_a_burkina_faso_note_never_puts_its_villages_outside_burkina_faso(tiny):
    gaz = tiny(SAHEL)
    names = ["Inata", "Soum", "Sahel", "Burkina Faso", "Tondiata", "Adjarara", "Djibo", "Arbinda"]
    found = resolve(gaz, NOTE, names)
    for name in names:
        choice = found[name].choice
        assert choice is None or choice.country == "BF", (name, choice)
    assert found["Djibo"].choice.id == "t:djibo" and found["Arbinda"].choice.id == "t:arbinda"
    assert found["Inata"].choice.country == "BF"  # held by the province the text names, not Inada, Japan


def test_a_loose_match_alone_is_unresolved_but_keeps_its_candidates(tiny):
    gaz = tiny(SAHEL)
    path = gaz.path
    found = resolve_name("Inata", gazetteer_path=path)
    assert found.place is None and [c.name for c in found.candidates] == ["Inada"] and found.reason
    near_miss = resolve_name("Adjrar", gazetteer_path=path)  # a near-miss spelling of Adrar, nothing else
    assert near_miss.place is None
    # With evidence from the text the same loose matches stand.
    assert resolve_name("Arbinda", context="Djibo, Burkina Faso", gazetteer_path=path).place.id == "t:arbinda"


def test_geocode_command_shows_candidates_of_an_unresolved_name(tiny, monkeypatch):
    gaz = tiny(SAHEL)
    monkeypatch.setenv("GARRISON_GAZETTEER", str(gaz.path))
    runner = CliRunner()
    result = runner.invoke(app, ["geocode", "Inata"])
    assert result.exit_code == 1 and "unresolved" in result.output and "Inada" in result.output
    result = runner.invoke(app, ["geocode", "Inata", "--json"])
    payload = json.loads(result.output.splitlines()[0])
    assert payload["place"] is None and payload["candidates"][0]["name"] == "Inada"


def test_every_overlay_row_has_a_source_and_a_place_on_earth():
    from garrison.places.gazetteer_sources import PLACES_DATA, read_overlay

    rows = list(read_overlay(PLACES_DATA / "overlay.tsv"))
    assert len({r.id for r in rows}) == len(rows)
    for r in rows:
        assert r.source.strip() and -90 <= r.lat <= 90 and -180 <= r.lon <= 180, r.id


@pytest.mark.parametrize("sentence, name, lat, lon", [
    ("US aircraft left Incirlik for the Black Sea.", "Incirlik", 37.0, 35.43),
    ("Drones struck Saky air base overnight.", "Saky", 45.09, 33.6),
    ("Ships sailed from the Novorossiysk naval base.", "Novorossiysk naval base", 44.72, 37.79),
    ("Troops at Camp Lemonnier were on alert.", "Camp Lemonnier", 11.55, 43.16),
])
def test_military_sites_of_the_overlay_resolve_at_the_site(sites, sentence, name, lat, lon):
    from garrison.places.resolve import distance_km

    start = sentence.index(name)
    items = [Item(start, start + len(name), name)]
    resolve_items(sentence, items, sites)
    place = items[0].choice
    assert place is not None and distance_km(place.lat, place.lon, lat, lon) <= 10, place


def test_towns_take_the_iso_code_of_the_region_that_holds_them(tiny):
    gaz = tiny([
        area("r:on", "Ontario", 50.0, -86.0, "admin1", "CA", "CA-ON"),
        area("r:qc", "Quebec", 52.0, -72.0, "admin1", "CA", "CA-QC"),
        town("t:toronto", "Toronto", 43.7, -79.4, "CA", "CA-08", importance=6.4),
        town("t:perth-on", "Perth", 44.9, -76.25, "CA", "CA-08", importance=3.8),
        town("t:london-on", "London", 42.98, -81.25, "CA", "CA-08", importance=5.6),
        town("t:montreal", "Montreal", 45.5, -73.57, "CA", "CA-10", importance=6.2),
        town("t:quebec", "Quebec City", 46.8, -71.2, "CA", "CA-10", importance=5.7),
        town("t:perth-au", "Perth", -31.95, 115.86, "AU", "AU-WA", importance=6.3),
    ])
    assert gaz.get("t:perth-on").admin1 == "CA-ON" and gaz.get("t:montreal").admin1 == "CA-QC"
    found = resolve(gaz, "Perth is a town in Ontario, Canada.", ["Perth", "Ontario"])
    assert found["Perth"].choice.id == "t:perth-on"


def test_names_the_text_calls_villages_are_place_mentions(sites_index):
    from garrison.places import geoparse

    found = {t.text: t for t in geoparse("Inata is a village in Oudalan. Fighters burned the village of Adjarara.",
                                          gazetteer_path=sites_index)}
    assert "Inata" in found and "Adjarara" in found
    assert found["Inata"].place is not None and found["Inata"].place.country == "BF"


@pytest.mark.parametrize("gap", [" and airfields in eastern ", " and towns in ", ", and villages of "])
def test_a_list_is_no_apposition(gap):
    assert apposition(gap) is None


def test_a_regions_code_abroad_is_not_taken_in_a_text_about_another_country(tiny):
    gaz = tiny([
        area("c:za", "South Africa", -29.0, 24.0, "country", "ZA", importance=7.7),
        town("t:jhb", "Johannesburg", -26.2, 28.04, "ZA", "ZA-GP", importance=6.6),
        town("t:pta", "Pretoria", -25.75, 28.19, "ZA", "ZA-GP", importance=6.3),
        Row(id="a:sa", name="South Australia", lat=-30.0, lon=135.0, feature="admin1", country="AU",
            admin1="AU-SA", importance=6.2, codes=["SA"]),
    ])
    text = "Mining in SA has grown, officials in Johannesburg and Pretoria said of South Africa's platinum."
    found = resolve(gaz, text, ["SA", "Johannesburg", "Pretoria", "South Africa"])
    choice = found["SA"].choice
    assert choice is None or choice.country == "ZA"
    assert "South Australia" in [c.name for c in found["SA"].candidates]  # kept as a candidate
    text = "Floods hit Adelaide, SA, and the Murray."
    assert resolve(gaz, text, ["SA"])["SA"].choice.id == "a:sa"  # nothing says otherwise
