"""ACLED codes a protest or a clash in each town of a list as an event of its own; a quarter written with its town,
or the two ends of a stretch, stay one event."""

from __future__ import annotations

from garrison.events import stage

from .helpers import analysis

TOWNS = {"Sebbaga": (13.43, 0.53, "city"), "Dori": (14.03, -0.03, "city"), "Kaya": (13.09, -1.08, "city")}


def read(text):
    places = {name: where for name, where in TOWNS.items() if name in text}
    return stage.run([analysis(text, places=places)])[0].events


def test_a_protest_in_a_list_of_towns_is_one_protest_per_town():
    protests = [e for e in read("Teachers protested in Sebbaga, Dori and Kaya over unpaid wages.") if e.type == "PROTEST"]
    assert sorted(e.location.name for e in protests) == ["Dori", "Kaya", "Sebbaga"]
    assert all(e.attributes["coordinated_sites"] == ["Sebbaga", "Dori", "Kaya"] for e in protests)


def test_a_clash_in_two_towns_is_one_clash_per_town():
    clashes = [e for e in read("Herders and farmers clashed in Dori and Kaya.") if e.type == "FIGHT"]
    assert sorted(e.location.name for e in clashes) == ["Dori", "Kaya"]


def test_a_comma_alone_may_write_a_place_and_its_town_one_protest():
    protests = [e for e in read("Teachers protested in Sebbaga, Dori.") if e.type == "PROTEST"]
    assert len(protests) == 1


def test_the_two_ends_of_a_stretch_are_one_event():
    clashes = [e for e in read("Herders and farmers clashed on the road between Dori and Kaya.") if e.type == "FIGHT"]
    assert len(clashes) == 1
