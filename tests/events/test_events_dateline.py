"""A dateline ("LONDON, Dec 13, 2024 (Reuters) -") says where a report was filed: never who acted nor where, whatever
the parser makes of it (the small English parser takes the city for a second subject of the lede's verb). Only
the lede's country is refined by a dateline town inside it."""

from __future__ import annotations

from garrison.events import stage
from garrison.events.when import dateline_range
from garrison.model import Place, Toponym

from .helpers import analysis

_PLACES = {
    "LONDON": Place("test:london", "London", 51.51, -0.13, "city", country="GB"),
    "KOLVA": Place("test:kolva", "Kolva", 12.6, -8.0, "city", country="ML"),
    "Russia": Place("country:RU", "Russia", 60.0, 100.0, "country", country="RU"),
    "Syria": Place("country:SY", "Syria", 35.0, 38.0, "country", country="SY"),
    "Mali": Place("country:ML", "Mali", 17.0, -4.0, "country", country="ML"),
}


def run(text, mentions):
    a = analysis(text, mentions=mentions)
    for surface, place in _PLACES.items():
        start = text.find(surface)
        if start >= 0:
            a.toponyms.append(Toponym(a.document.id, start, start + len(surface), surface, place=place))
    return stage.run([a])[0].events


def test_the_dateline_city_and_agency_are_not_the_ledes_actors_nor_its_place():
    text = ("LONDON, Dec 13, 2024 (Reuters) - Russia is pulling back its troops from front lines in Syria, "
            "two officials said on Friday.")
    events = run(text, {"LONDON": "GPE", "Reuters": "ORG", "Russia": "GPE", "Syria": "GPE"})
    assert events, "the withdrawal is an event"
    for event in events:
        assert event.attributes["actor_names"] == ["Russia"]
        assert event.location is None or event.location.name != "London"


def test_the_ledes_country_is_refined_by_a_dateline_town_inside_it_but_a_later_sentence_is_not():
    text = ("KOLVA, April 12, 2024 (Reuters) - Russian military instructors arrived in Mali on Wednesday, state "
            "television said.\n\nMilitants attacked an army post in Mali last month, officials said.")
    events = run(text, {"KOLVA": "GPE", "Reuters": "ORG", "Mali": "GPE", "Russian": "NORP"})
    lede, later = sorted(events, key=lambda e: e.claims[0].evidence[0].start)[:2]
    assert lede.location.name == "Kolva"
    assert later.location.name == "Mali"


def test_the_dateline_ends_at_its_dash_not_inside_the_ledes_first_words():
    text = "KOLVA, April 12, 2024 (Reuters) - Russia's envoy arrived on Monday."
    start, end = dateline_range(text)
    assert text[start:end] == "KOLVA, April 12, 2024 (Reuters) -"
    assert dateline_range("Soldiers arrived in Mali on Monday, officials said.") is None
