"""Mention conventions of news NER gold: common-noun actors, offices, phrases around names.

The stage gives each name its own mention and, where news gold (re3d) marks a wider phrase or a
common noun, a ``nominal`` mention over it with the same or its own entity. The scorer keeps
the outermost layer for gold that counts common-noun mentions and the names for gold that does not.
"""

from __future__ import annotations

from entities_helpers import tag

from garrison.eval.entities import flatten, load_label_map


def nominal(analysis, text):
    return next((m for m in analysis.mentions if m.text == text and m.source == "nominal"), None)


def names(analysis):
    return {m.text: str(m.label) for m in analysis.mentions if m.source != "nominal"}


# --- common-noun actors ---------------------------------------------------------------------


def test_bare_actor_nominals_are_tagged():
    (a,) = tag("The regime shelled the suburb overnight, and militants held the bridge as coalition forces "
               "watched from the hills.")
    assert str(nominal(a, "The regime").label) == "ORG"
    assert str(nominal(a, "militants").label) == "ARMED_GROUP"
    assert str(nominal(a, "coalition forces").label) == "MIL_UNIT"


def test_modified_nominals_are_not_bare_actors():
    (a,) = tag("Analysts said a brutal regime rarely survives regime change.")
    assert not [m for m in a.mentions if "regime" in m.text]


def test_government_of_a_country_is_that_government():
    (a,) = tag("Aid workers said the government of Chad had closed the crossing.")
    government = nominal(a, "the government of Chad")
    assert government is not None and str(government.label) == "ORG"
    assert names(a).get("Chad") == "GPE"  # the country stays a mention of its own


# --- nationalities and groups -----------------------------------------------------------------


def test_nationality_plus_group_noun_is_a_collective_actor():
    (a,) = tag("Talks stalled after the Syrian opposition walked out and Shia militiamen blocked the road.")
    opposition = nominal(a, "the Syrian opposition")
    assert opposition is not None and str(opposition.label) == "ARMED_GROUP"
    assert names(a).get("Syrian") == "NORP"
    militia = nominal(a, "Shia militiamen")  # a religious group needs no country
    assert militia is not None and str(militia.label) == "ARMED_GROUP"


def test_plural_demonym_of_a_country_names_its_people():
    (a,) = tag("Thousands of Afghans crossed the border, and local Muslims offered shelter.")
    people = nominal(a, "Afghans")
    assert people is not None and str(people.label) == "ORG"
    assert nominal(a, "Muslims") is None  # a religion has no country: no collective actor of a state


def test_determiners_of_a_collective_belong_to_its_mention():
    (a,) = tag("Our Kurdish partners held the ridge.")
    assert nominal(a, "Our Kurdish partners") is not None


# --- offices and role nouns -------------------------------------------------------------------


def test_office_without_its_holder_is_a_person_mention():
    (a,) = tag("The Defence Secretary told reporters that the President of Ghana would visit.")
    assert str(nominal(a, "The Defence Secretary").label) == "PERSON"
    president = nominal(a, "the President of Ghana")
    assert president is not None and str(president.label) == "PERSON"
    assert names(a).get("Ghana") == "GPE"


def test_office_before_a_name_is_the_persons_title_not_an_office_mention():
    (a,) = tag("Foreign Secretary Penny Hale arrived in Accra.")
    assert nominal(a, "Foreign Secretary") is None
    assert any(m.text == "Foreign Secretary Penny Hale" and str(m.label) == "PERSON" for m in a.mentions)


def test_role_noun_with_a_nationality_or_an_organisation_is_one_person():
    (a,) = tag("The Nigerian commander said a NATO spokesman had confirmed the convoy's route.")
    assert str(nominal(a, "The Nigerian commander").label) == "PERSON"
    assert str(nominal(a, "a NATO spokesman").label) == "PERSON"


def test_organisation_before_a_title_is_part_of_the_persons_mention():
    (a,) = tag("The plan was presented by the UN Special Envoy Pedro Alvarez on Monday.")
    wide = [m for m in a.mentions if str(m.label) == "PERSON" and m.text.endswith("Pedro Alvarez")]
    assert "the UN Special Envoy Pedro Alvarez" in {m.text for m in wide}


# --- phrases around names -----------------------------------------------------------------------


def test_organisation_members_are_mentions_of_the_organisation():
    (a,) = tag("ISIL fighters fired on an ISIL tactical unit that had defected.")
    isil = next(m for m in a.mentions if m.text == "ISIL" and m.source != "nominal")
    fighters = nominal(a, "ISIL fighters")
    unit = nominal(a, "an ISIL tactical unit")
    assert fighters is not None and unit is not None
    assert fighters.entity_id == unit.entity_id == isil.entity_id


def test_country_as_subject_acts_as_its_state():
    (a,) = tag("Norway agreed to send two frigates, which later sailed to Norway.")
    acting = [m for m in a.mentions if m.text == "Norway" and m.source == "nominal"]
    assert len(acting) == 1 and str(acting[0].label) == "ORG" and acting[0].start == 0
    assert acting[0].entity_id == "org:government-of-norway"
    assert [str(m.label) for m in a.mentions if m.text == "Norway" and m.source != "nominal"] == ["GPE", "GPE"]


def test_names_stay_inside_titles_articles_and_class_nouns():
    (a,) = tag("Russian President Vladimir Putin inspected T-72B3 tanks of the Africa Corps.")
    found = names(a)
    assert found.get("Vladimir Putin") == "PERSON" and found.get("Russian") == "NORP"
    assert found.get("T-72B3") == "EQUIPMENT" and found.get("Africa Corps") == "ARMED_GROUP"
    assert nominal(a, "Russian President Vladimir Putin") is not None
    assert nominal(a, "the Africa Corps") is not None


# --- scoring the two conventions ------------------------------------------------------------------


def test_flatten_keeps_the_outer_layer_or_the_names():
    mentions = [(0, 24, "ARMED_GROUP", "nominal"), (4, 10, "NORP", "lexicon"), (30, 35, "GPE", "ner"),
                (30, 35, "ORG", "nominal")]
    assert flatten(mentions, nominal=True) == [(0, 24, "ARMED_GROUP"), (30, 35, "ORG")]
    assert flatten(mentions, nominal=False) == [(4, 10, "NORP"), (30, 35, "GPE")]


def test_label_maps_say_whether_gold_counts_common_noun_mentions():
    assert load_label_map("re3d").nominal_mentions is True
    assert load_label_map(None).nominal_mentions is False


def test_every_actor_nominal_has_a_known_label_and_a_source():
    from garrison.entities.nominals import table
    from garrison.model import Label

    rows = table()
    assert "regime" in rows and "international community" in rows
    assert all(row.label in {label.value for label in Label} and row.source for row in rows.values())


def test_a_nationality_before_a_capitalised_institution_or_service_names_that_states_body():
    from tests.entities.entities_helpers import tag as _tag
    (a,) = _tag("The Syrian Government thanked the Iraqi Ministry of Culture and the Turkish Navy.")
    found = {m.text: (str(m.label), m.entity_id) for m in a.mentions if m.source == "nominal"}
    assert found["The Syrian Government"] == ("ORG", "org:government-of-syria")
    assert found["the Iraqi Ministry of Culture"][0] == "ORG"
    assert found["the Turkish Navy"][0] == "MIL_UNIT"
    assert any(m.text == "Syrian" and str(m.label) == "NORP" for m in a.mentions)  # the nationality stays a mention


def test_a_capitalised_preposition_is_trimmed_off_a_name_and_near_makes_it_a_place():
    from tests.entities.entities_helpers import tag as _tag
    (a,) = _tag("Near Qaryat Hamdan, three strikes destroyed a bridge.")
    names = [(m.text, str(m.label)) for m in a.mentions if m.source != "nominal"]
    assert not any(text.startswith("Near") for text, _ in names)
    assert ("Qaryat Hamdan", "GPE") in names
