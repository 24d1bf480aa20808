"""Materiel named by a phrase: the noun chunk headed by a materiel noun, with the words that tell the system apart
(classifiers, names, designations, calibres), without determiners, counts, epithets or owners held-compounds."""

from __future__ import annotations

from entities_helpers import equipment, outermost, tag


def test_classifying_words_and_calibres_join_the_class_noun_but_counts_do_not():
    (a,) = tag("The rebels fired three 122mm rockets and shot at the convoy with two anti-aircraft guns.")
    found = outermost(a)
    assert "122mm rockets" in found and "anti-aircraft guns" in found
    assert not any(text.startswith(("three", "two")) for text in found)


def test_an_epithet_or_a_held_compound_stays_out_of_the_phrase():
    (a,) = tag("Patrols found a new frigate in the harbour and an insurgent-held tank on the road.")
    found = outermost(a)
    assert "frigate" in found and "new frigate" not in found
    assert "tank" in found and not any("held" in text for text in found)


def test_a_designation_and_a_name_before_the_class_noun_make_one_mention_of_the_system():
    (a,) = tag("A Su-25 Frogfoot attack aircraft and a Type 052 destroyer were seen near the strait.")
    found = equipment(a)
    phrase = found.get("Su-25 Frogfoot attack aircraft")
    assert phrase is not None and phrase.source == "nominal"
    assert phrase.entity_id == found["Su-25"].entity_id  # the named system, not the aircraft class
    assert "Type 052 destroyer" in outermost(a)


def test_a_materiel_word_before_a_carrier_noun_names_the_system_and_a_modifying_class_noun_is_no_mention():
    (a,) = tag("Troops deployed two NASAMS launchers while helicopter gunships flew overhead.")
    found = outermost(a)
    assert "NASAMS launchers" in found
    assert equipment(a)["NASAMS launchers"].entity_id == equipment(a)["NASAMS"].entity_id
    assert "helicopter gunships" in found
    assert "helicopter" not in equipment(a)  # the modifier of "gunships" is no helicopter of its own


def test_a_capitalised_epithet_opening_a_sentence_is_no_name_and_a_quoted_description_stays_out():
    (a,) = tag('Unidentified military helicopters circled the camp. Officials spoke of "long-range" rockets.')
    found = outermost(a)
    assert "military helicopters" in found
    assert not any(text.startswith(("Unidentified", '"')) for text in found)


def test_a_coordinated_epithet_and_a_gerund_stay_out():
    (a,) = tag("They came under heavy and sustained machine gun fire while smuggling rifles across the border.")
    found = outermost(a)
    assert "machine gun" in found and "rifles" in found
    assert not any(text.startswith(("sustained", "smuggling")) for text in found)


def test_names_only_gold_keeps_the_name_inside_the_phrase():
    (a,) = tag("Two Shahed-136 kamikaze drones hit the depot.")
    names = [m.text for m in a.mentions if str(m.label) == "EQUIPMENT" and m.source != "nominal"]
    assert "Shahed-136" in names


def test_a_nationality_or_country_before_the_materiel_stays_out_as_the_owner():
    (a,) = tag("Two Russian cargo aircraft and U.S.-supplied armoured vehicles reached the airfield.")
    found = outermost(a)
    assert "cargo aircraft" in found and "armoured vehicles" in found
    norp = next(m for m in a.mentions if m.text == "Russian")
    assert not any(str(m.label) == "EQUIPMENT" and m.start <= norp.start < m.end for m in a.mentions)
