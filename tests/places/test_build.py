"""Compiling the index: what goes in, what is left out, and the real index from the installed packages."""

from __future__ import annotations

import sqlite3

from garrison.places import gazetteer, gazetteer_sources
from garrison.places.resolve import Item, resolve_items
from garrison.places.gazetteer_sources import Row


def names_of(path, place_id):
    db = sqlite3.connect(path)
    return set(db.execute("SELECT n.key, n.kind FROM names n JOIN places p ON p.pid = n.pid WHERE p.id = ?",
                          (place_id,)))


def test_spellings_that_fold_to_the_name_are_stored_once(tmp_path):
    rows = [Row(id="p", name="Paris", lat=48.85, lon=2.35, feature="city", aliases=["Parîs", "PARIS", "Lutèce"]),
            # a second source naming the same place again adds only what is new
            Row(id="p", name="Paris", lat=48.85, lon=2.35, feature="city", aliases=["Lutèce", "Paname"])]
    gazetteer.build(tmp_path / "g.sqlite", rows=rows, demonyms=[], abbreviations=[])
    assert names_of(tmp_path / "g.sqlite", "p") == {("paris", "name"), ("lutece", "alias"), ("paname", "alias")}


def test_writer_batches_are_flushed_before_the_index_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(gazetteer.Writer, "BATCH", 3)  # many flushes, and places written after their names
    rows = [Row(id=f"t{i}", name=f"Town {i}", lat=0.0, lon=float(i), feature="city", aliases=[f"Burg {i}"])
            for i in range(10)]
    stats = gazetteer.build(tmp_path / "g.sqlite", rows=rows, demonyms=[], abbreviations=[])
    assert (stats["places"], stats["names"]) == (10, 20)
    g = gazetteer.Gazetteer(tmp_path / "g.sqlite")
    assert g.lookup("Burg 7")[0].id == "t7"


def test_a_word_many_airports_share_after_their_city_is_no_name():
    airports = {
        "K1": {"name": "Springfield Municipal Airport", "city": "Springfield", "country": "US", "lat": 1, "lon": 1},
        "K2": {"name": "Shelby Municipal Airport", "city": "Shelby", "country": "US", "lat": 2, "lon": 2},
        "EGLL": {"name": "London Heathrow Airport", "city": "London", "country": "GB", "lat": 51.47, "lon": -0.46},
    }
    aliases = {row.id: set(row.aliases) for row in gazetteer_sources.read_airports(airports)}
    assert "Heathrow" in aliases["icao:EGLL"]
    assert "Municipal" not in aliases["icao:K1"] | aliases["icao:K2"]


def test_each_of_several_demonyms_is_indexed():
    info = {"bosnia": {"name": "Bosnia and Herzegovina", "ISO": {"alpha2": "BA", "alpha3": "BIH"},
                       "latlng": [44, 18], "demonym": "Bosnian,Herzegovinian", "altSpellings": []}}
    [row] = gazetteer_sources.read_countries(info, {})
    assert row.demonyms == ["Bosnian", "Herzegovinian", "Bosnians", "Herzegovinians"]  # plurals: "Bosnians fled"


def test_the_real_index_builds_and_reads_news_well(real):
    """The one test on the index compiled from the installed packages (about 30 s on a cold machine)."""
    stats = real.stats()
    assert stats["places"] > 250_000 and stats["names"] > 800_000
    assert real.lookup("Torbruk")[0].name == "Tobruk"  # a near-miss spelling of a notable town
    text = "In London, ministers said the White House had called. In Washington, officials denied it."
    items = [Item(text.index(n), text.index(n) + len(n), n) for n in ("London", "White House", "Washington")]
    resolve_items(text, items, real)
    assert [it.choice.country for it in items] == ["GB", "US", "US"]  # the capital, not Washington, England
    assert items[1].choice.feature == "landmark"
