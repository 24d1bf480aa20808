"""Unlinked mentions: pronouns and common nouns of people and places that news gold marks as mentions, with no
entity behind them (nobody named they could stand for, or a class of people rather than one actor)."""

from __future__ import annotations

from garrison.events import extract
from tests.entities.entities_helpers import tag


def found(analysis, text, label=None):
    return next((m for m in analysis.mentions if m.text == text and (label is None or str(m.label) == label)), None)


def test_subject_pronouns_without_antecedent_are_unlinked_mentions():
    (a,) = tag("We will not stop until the job is done, and they know it.")
    we, they = found(a, "We"), found(a, "they")
    assert we is not None and str(we.label) == "ORG" and we.entity_id is None and we.source == "nominal"
    assert they is not None and they.entity_id is None
    assert found(a, "it") is None  # "it" is mostly a thing, not an actor
    assert a.entities == [] or all(e.name not in ("We", "they") for e in a.entities)


def test_possessives_and_roman_numerals_are_no_unlinked_mentions():
    (a,) = tag("Their homes were destroyed in World War I, our sources say.")
    assert found(a, "Their") is None and found(a, "our") is None
    assert found(a, "I") is None


def test_a_pronoun_after_a_name_still_takes_that_entity():
    (a,) = tag("Colonel Ahmed Karimov arrived on Monday. He inspected the troops.")
    he = found(a, "He")
    name = next(m for m in a.mentions if m.text == "Ahmed Karimov" and m.source != "nominal")
    assert he is not None and he.entity_id == name.entity_id


def test_common_nouns_of_people_are_persons_in_the_singular_and_groups_in_the_plural():
    (a,) = tag("A local physician said 40 civilians and three journalists were hurt.")
    assert str(found(a, "A local physician").label) == "PERSON"
    assert str(found(a, "civilians").label) == "ORG"
    assert found(a, "journalists") is not None
    assert all(m.entity_id is None for m in a.mentions if m.text in ("A local physician", "journalists"))


def test_common_nouns_of_places_and_buildings_are_unlinked_place_mentions():
    (a,) = tag("Shells hit the hospital and several damaged buildings near the market.")
    assert str(found(a, "the hospital").label) == "FACILITY"
    assert found(a, "several damaged buildings") is not None
    assert found(a, "the market") is not None


def test_a_place_noun_takes_in_the_place_it_is_of_and_the_name_stays_its_own_mention():
    (a,) = tag("Fighting continued in the city of Mosul on Tuesday.")
    phrase = found(a, "the city of Mosul")
    assert phrase is not None and str(phrase.label) == "LOC" and phrase.source == "nominal"
    name = found(a, "Mosul")
    assert name is not None and name.source != "nominal" and name.entity_id is not None


def test_a_name_holding_the_head_or_a_capitalised_head_makes_no_common_noun_mention():
    (a,) = tag("The House of Commons debated the motion with the Ministry of Defence.")
    assert not any(m.entity_id is None and m.source == "nominal" for m in a.mentions)


def test_a_plural_only_group_noun_needs_the_plural():
    (a,) = tag("All parties agreed, although a party of hikers was missing.")
    assert found(a, "All parties") is not None and str(found(a, "All parties").label) == "ORG"
    assert found(a, "a party") is None


def test_unlinked_mentions_are_never_an_events_actor():
    (a,) = tag("They fired rockets at the base on Monday, a soldier said.")
    assert found(a, "They") is not None and found(a, "They").entity_id is None
    events = extract.events_of(a)
    parties = {p for e in events for p in (*e.actors, *e.targets)}
    assert not any(p.lower().endswith((":they", ":a soldier", ":the base")) for p in parties)


def test_a_count_before_the_people_counted_is_left_out_of_their_mention():
    (a,) = tag("The raid freed 256 more prisoners and killed 139 insurgents.")
    assert found(a, "prisoners") is not None and found(a, "insurgents") is not None
    assert found(a, "256 more prisoners") is None


def test_a_place_with_its_country_or_a_compass_word_is_one_location_phrase_around_the_names():
    (a,) = tag("Jets struck targets near Berlin, Germany and in northern Iraq.")
    phrase, compass = found(a, "Berlin, Germany"), found(a, "northern Iraq")
    assert phrase is not None and phrase.entity_id is None and phrase.source == "nominal"
    assert compass is not None and compass.entity_id is None
    assert found(a, "Berlin").entity_id is not None and found(a, "Iraq").entity_id is not None


def test_a_list_of_places_is_no_place_phrase():
    (a,) = tag("Flights continued to Mali, Burkina Faso and Niger, and to Aleppo, Homs and Hama.")
    assert not any(", " in m.text for m in a.mentions)


def test_a_place_name_that_modifies_a_following_name_does_not_take_the_article():
    (a,) = tag("Engineers inspected the Mosul Dam on Monday.")
    assert found(a, "the Mosul") is None


def test_a_possessive_after_a_name_is_no_mention_but_the_subject_pronoun_is():
    (a,) = tag("Colonel Ahmed Karimov arrived on Monday. His troops cheered when he spoke.")
    assert found(a, "His") is None
    assert found(a, "he") is not None and found(a, "he").entity_id is not None
