"""A time crosses a paragraph only where the later sentence visibly tells the same happening."""

from __future__ import annotations

from datetime import date

from garrison.events import stage
from garrison.model import Precision

from .helpers import analysis

MARCH = {"on 3 March": (date(2025, 3, 3), date(2025, 3, 3), Precision.DAY)}
KUFRA = {"Kufra airfield": (24.18, 23.31, "airfield")}
OPENING = "Engineers built a new hangar at Kufra airfield on 3 March, satellite images show."


def constructions(text):
    events = stage.run([analysis(text, published=date(2025, 4, 1), times=MARCH, places=KUFRA)])[0].events
    found = [e for e in events if e.type == "CONSTRUCTION"]
    assert len(found) == 2, [(e.type, e.trigger) for e in events]
    return found


def test_a_definite_reference_back_in_a_later_paragraph_takes_the_happenings_time():
    first, later = constructions(OPENING + "\nThe works were halted after a week, a local official said.")
    assert first.time.start == date(2025, 3, 3)
    assert later.time == first.time and later.attributes["time_basis"] == "inherited"


def test_a_noun_identified_by_its_complement_is_a_new_act_dated_by_publication():
    first, later = constructions(
        OPENING + "\n\"We are now working on the construction of an arms factory,\" the minister said.")
    assert first.time.start == date(2025, 3, 3)
    assert later.time_from_dct and later.attributes["time_basis"] == "publication"


def test_a_place_guessed_from_the_rest_of_the_report_is_no_sign_of_the_same_happening():
    first, later = constructions(OPENING + "\nElsewhere, engineers built a road, the ministry said.")
    assert later.location == first.location and later.attributes["location_basis"] == "document"
    assert later.time_from_dct and later.attributes["time_basis"] == "publication"



def strikes(later_paragraph, country="Libya", code="LY"):
    text = "A drone struck a hangar at Kufra airfield on 3 March, satellite images show.\n" + later_paragraph
    places = {"Kufra airfield": (24.18, 23.31, "airfield"), country: (17.0, 10.0, "country")}
    made = analysis(text, published=date(2025, 4, 1), times=MARCH, places=places)
    for toponym in made.toponyms:
        toponym.place.country = code if toponym.text == country else "LY"
        toponym.place.precision = 3 if toponym.text == country else 1
    events = stage.run([made])[0].events
    return [e for e in events if e.type == "ASSAULT"]


def test_a_later_paragraph_placing_the_act_only_in_the_sites_country_goes_on_about_it():
    first, later = strikes("The United States denied that its drones had struck any target in Libya.")
    assert later.location.name == "Kufra airfield" and later.claims[0].stance == "denied"
    assert later.time == first.time and later.attributes["time_basis"] == "inherited"


def test_a_later_paragraph_placing_the_act_in_another_country_is_another_happening():
    first, later = strikes("The United States denied that its drones had struck any target in Niger.", "Niger", "NE")
    assert later.location.name == "Niger"
    assert later.time_from_dct and later.attributes["time_basis"] == "publication"
