"""Which mentions count as places (entities given by hand: no NER model needed)."""

from __future__ import annotations

from garrison.places.recognise import recognise
from garrison.places.gazetteer_sources import Row


def spans(text, entities, gaz):
    return [sp.text for sp in recognise(text, entities, gaz)]


def entity(text, surface, label, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return (start, start + len(surface), surface, label)


def test_a_surname_ner_calls_a_place_is_still_the_person(tiny):
    gaz = tiny([Row(id="b", name="Buhari", lat=11.0, lon=8.0, feature="city", country="NG", importance=3.0),
                Row(id="country:JO", name="Jordan", lat=31.0, lon=36.0, feature="country", country="JO", importance=8)])
    text = "President Muhammadu Buhari spoke. Buhari said Michael Jordan would visit Jordan."
    entities = [entity(text, "Muhammadu Buhari", "PERSON"), entity(text, "Buhari", "GPE", nth=1),
                entity(text, "Michael Jordan", "PERSON"), entity(text, "Jordan", "GPE", nth=1)]
    assert spans(text, entities, gaz) == ["Jordan"]  # the country keeps its reading


def test_seats_of_government_are_not_added_by_the_gazetteer_scan(sites):
    text = "The White House said on Monday that talks in Benghazi would go on."
    assert spans(text, [], sites) == ["Benghazi"]
