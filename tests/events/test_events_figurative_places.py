"""A place named as the owner of a figure of speech ("Europe's southern doorstep", "the gateway to the Sahel")
is not where an act happens; the same name in a locative phrase still is."""

from __future__ import annotations

from garrison.events import stage

from .helpers import analysis

EUROPE = (50.0, 10.0, "continent")
TOBRUK = (32.08, 23.96, "city")
SAHEL = (15.0, 0.0, "region")


def bases(text: str, places: dict) -> list:
    found = stage.run([analysis(text, places=places)])[0].events
    return [e for e in found if e.type == "BASE_PRESENCE"]


def test_the_owner_of_a_doorstep_is_not_the_site_of_a_base():
    text = ("Diplomats said the talks could lead to the creation of a naval base, "
            "giving the Kremlin a foothold on Europe's southern doorstep.")
    found = bases(text, {"Europe": EUROPE})
    assert found, "the base plan is an event"
    assert all(e.location is None or e.location.name != "Europe" for e in found)


def test_a_real_site_in_the_same_sentence_is_chosen_over_the_figure():
    text = ("Diplomats said the talks could lead to a naval base in Tobruk, "
            "giving the Kremlin a foothold on Europe's southern doorstep.")
    (base,) = bases(text, {"Tobruk": TOBRUK, "Europe": EUROPE})
    assert base.location is not None and base.location.name == "Tobruk"


def test_the_doorstep_of_a_region_is_a_figure_but_a_deployment_to_the_region_is_a_place():
    from garrison.events import stage as events_stage

    def events(text):
        return events_stage.run([analysis(text, places={"Sahel": SAHEL})])[0].events

    figure = events("Russian troops were deployed to a base on the doorstep of the Sahel last week.")
    assert figure and all(e.location is None or e.location.name != "Sahel" for e in figure)
    literal = events("Russian troops were deployed to the Sahel last week.")
    assert literal and all(e.location is not None and e.location.name == "Sahel" for e in literal)


def test_a_french_figure_aux_portes_de_is_not_the_place_either():
    from garrison.events import where

    from garrison import nlp

    doc = nlp.load("fr")("La Russie installe une base aux portes de l'Europe.")
    europe = next(t for t in doc if t.text == "Europe")
    assert where._in_figure_of_speech(europe)
    doc = nlp.load("fr")("La Russie installe une base en Europe.")
    assert not where._in_figure_of_speech(next(t for t in doc if t.text == "Europe"))
