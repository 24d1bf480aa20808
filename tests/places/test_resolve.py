"""Choosing among candidates with the document around a mention."""

from __future__ import annotations

from garrison.places import geocode
from garrison.places.resolve import Item, distance_km, resolve_items


def resolve(text, names, gaz):
    items = []
    for name in names:
        start = text.index(name)
        items.append(Item(start, start + len(name), name))
    resolve_items(text, items, gaz)
    return {it.text: it.choice for it in items}


def test_paris_alone_is_france_but_paris_texas_is_in_texas(small_index):
    assert geocode("Paris", gazetteer_path=small_index).country == "FR"
    texan = geocode("Paris", context="The Lamar County sheriff in Texas said", gazetteer_path=small_index)
    assert texan.country == "US" and texan.admin1 == "US-TX"


def test_tripoli_follows_the_country_the_text_is_about(small_index):
    assert geocode("Tripoli", gazetteer_path=small_index).country == "LY"
    assert geocode("Tripoli", context="Clashes spread from Beirut across Lebanon", gazetteer_path=small_index).country == "LB"


def test_containment_comma_state(small):
    text = "A tornado hit Springfield, Illinois on Monday."
    assert resolve(text, ["Springfield", "Illinois"], small)["Springfield"].admin1 == "US-IL"
    text = "Officials in Springfield, Ill. said"
    assert resolve(text, ["Springfield", "Ill."], small)["Springfield"].admin1 == "US-IL"


def test_containment_in_parentheses(small):
    text = "An attack on the village (Tin-Akoff, Oudalan) killed ten."
    place = resolve(text, ["Tin-Akoff", "Oudalan"], small)["Tin-Akoff"]
    assert place.geonameid == 2364812  # the one in Oudalan, not the more populous one elsewhere


def test_airfield_by_cue_words(small):
    text = "a drone struck a cargo plane at Ghardabiya air base near Sirte"
    chosen = resolve(text, ["Ghardabiya", "Sirte"], small)
    assert chosen["Ghardabiya"].feature == "airbase"
    assert distance_km(chosen["Ghardabiya"].lat, chosen["Ghardabiya"].lon, 31.06, 16.6) < 5


def test_demonym_resolves_to_country(small):
    assert resolve("deployed on Libyan soil", ["Libyan"], small)["Libyan"].id == "country:LY"


def test_misspelling_resolves(small):
    place = resolve("while waiting for the port of Torbruk to take over", ["Torbruk"], small)["Torbruk"]
    assert place.name == "Tobruk"


def test_unknown_name_stays_unresolved(small):
    assert resolve("near Qwxzville today", ["Qwxzville"], small)["Qwxzville"] is None


def test_street_the_gazetteer_lacks_falls_back_to_the_town_of_the_text(small):
    text = "Police closed Harbour Street in Benghazi after a blast in Benghazi."
    chosen = {}
    items = [Item(14, 28, "Harbour Street"), Item(32, 40, "Benghazi"), Item(58, 66, "Benghazi")]
    resolve_items(text, items, small)
    chosen = {it.start: it for it in items}
    assert chosen[14].choice.name == "Benghazi" and chosen[14].fallback
    resolve_items(text, items := [Item(14, 28, "Harbour Street")], small)
    assert items[0].choice is None  # nothing to fall back on


def test_near_miss_far_from_the_rest_of_the_text_is_dropped(small):
    text = "Officials in Springfield, Illinois and Torbruk"
    items = [Item(13, 24, "Springfield"), Item(26, 34, "Illinois"), Item(39, 46, "Torbruk")]
    resolve_items(text, items, small, fallback=False)
    assert items[2].choice is None
