"""Persons are named without their titles (the title is the entity's role); materiel named by class, by its
owner, or by class and name together."""

from __future__ import annotations

from entities_helpers import tag


def mention(analysis, text, nominal=None):
    return next((m for m in analysis.mentions if m.text == text
                 and (nominal is None or (m.source == "nominal") is nominal)), None)


def entity(analysis, mention_):
    return next(e for e in analysis.entities if e.id == mention_.entity_id)


def test_a_persons_name_is_the_mention_and_the_title_its_role():
    (a,) = tag("Defence Minister Ahmed Karimov said the brigade would withdraw by Friday.")
    name = mention(a, "Ahmed Karimov", nominal=False)
    assert name is not None and str(name.label) == "PERSON"
    assert entity(a, name).attributes.get("role") == "Defence Minister"
    assert not [m for m in a.mentions if m.source != "nominal" and m.text.startswith("Minister")]


def test_a_person_without_a_title_has_no_role_from_the_text():
    (a,) = tag("Ahmed Karimov said the brigade would withdraw by Friday.")
    assert "role" not in entity(a, mention(a, "Ahmed Karimov")).attributes


def test_a_known_persons_reviewed_role_stands():
    (a,) = tag("Russian President Vladimir Putin met the envoy in Moscow on Tuesday.")
    assert entity(a, mention(a, "Vladimir Putin", nominal=False)).attributes["role"] == "President of Russia"


def test_materiel_named_with_the_group_that_owns_it_is_one_phrase():
    (a,) = tag("Coalition forces struck ISIL tanks near the town, and militants abandoned the area.")
    phrase = mention(a, "ISIL tanks", nominal=True)
    assert phrase is not None and str(phrase.label) == "EQUIPMENT"
    assert mention(a, "ISIL", nominal=False) is not None  # the owner stays a mention of its own


def test_generic_weapons_and_engineer_plant_have_a_class():
    (a,) = tag("The strike destroyed a front-end loader and several weapons held by the militants' forces.")
    loader = mention(a, "front-end loader")
    weapons = mention(a, "weapons")
    assert loader is not None and entity(a, loader).attributes["equipment_class"] == "engineering"
    assert weapons is not None and entity(a, weapons).attributes["equipment_class"] == "weapon"


def test_nuclear_weapons_are_not_the_generic_weapon_class():
    (a,) = tag("The treaty limits nuclear weapons held by the two armies.")
    found = mention(a, "weapons")
    assert found is None or entity(a, found).attributes.get("equipment_class") != "weapon"


def test_a_class_noun_before_a_named_system_is_one_mention_of_that_system():
    (a,) = tag("The navy sent the frigate FS Forbin to the gulf with two destroyers.")
    phrase = mention(a, "frigate FS Forbin", nominal=True)
    name = mention(a, "FS Forbin", nominal=False)
    assert name is not None and phrase is not None and phrase.entity_id == name.entity_id


def test_pronouns_stand_for_the_person_or_group_named_before():
    (a,) = tag("General Khalifa Haftar flew to Cairo. He met the ministers there. "
               "The Libyan National Army said they had taken the port.")
    he = mention(a, "He")
    general = mention(a, "Khalifa Haftar", nominal=False)
    assert he is not None and he.source == "nominal" and he.entity_id == general.entity_id
    they = mention(a, "they")
    assert they is not None and they.entity_id == mention(a, "Libyan National Army", nominal=False).entity_id
    names = next(e for e in a.entities if e.id == general.entity_id).aliases
    assert "He" not in names  # a pronoun is no name of the person


def test_a_pronoun_with_nobody_named_before_is_an_unlinked_mention_and_no_entity():
    (a,) = tag("He said the trucks had left before dawn.")
    he = mention(a, "He")
    assert he is not None and he.source == "nominal" and he.entity_id is None and str(he.label) == "PERSON"
    assert not any("He" in e.aliases or e.name == "He" for e in a.entities)


def test_a_place_name_holds_its_article_in_the_nominal_layer():
    (a,) = tag("Tankers crossed the Gulf toward the United Kingdom's bases.")
    assert mention(a, "the Gulf", nominal=True) is not None
    assert mention(a, "Gulf", nominal=False) is not None  # the name itself stays a mention


def test_a_country_that_is_the_agent_of_a_passive_acts_as_its_state():
    (a,) = tag("The ceasefire announced by Russia and Turkey held for a week.")
    states = [m for m in a.mentions if m.text in ("Russia", "Turkey") and m.source == "nominal"]
    assert {m.text for m in states} == {"Russia", "Turkey"}
    assert all(str(m.label) == "ORG" for m in states)


def test_a_ship_prefix_before_a_capitalised_name_is_a_named_warship_of_that_navy():
    (a,) = tag("The destroyer HMS Dauntless sailed with USS Harry S. Truman, while HMS officials waited.")
    dauntless = mention(a, "HMS Dauntless", nominal=False)
    truman = mention(a, "USS Harry S. Truman", nominal=False)
    assert dauntless is not None and str(dauntless.label) == "EQUIPMENT"
    assert truman is not None and entity(a, truman).attributes["origin_country"] == "US"
    assert entity(a, dauntless).attributes["equipment_class"] == "ship"
    assert not any(m.text.startswith("HMS officials") and str(m.label) == "EQUIPMENT" for m in a.mentions)


def test_a_transcripts_upper_case_title_is_part_of_the_mention_and_a_courtesy_title_is_no_role():
    (a,) = tag("SECRETARY KERRY: Thank you all. MR KIRBY: Next question. Mrs. Smith agreed.")
    assert mention(a, "SECRETARY KERRY", nominal=True) is not None
    assert mention(a, "MR KIRBY", nominal=True) is not None
    assert entity(a, mention(a, "KERRY", nominal=False)).attributes.get("role") == "SECRETARY"
    assert "role" not in entity(a, mention(a, "KIRBY", nominal=False)).attributes
    assert "role" not in entity(a, mention(a, "Smith", nominal=False)).attributes
