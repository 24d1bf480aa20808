"""Materiel as defence reporting names it beyond the dev sentences: role and mount nouns after a system, a
designation with its popular name, well-known systems by their own names (sentences written for these tests)."""

from __future__ import annotations

from entities_helpers import equipment, outermost, tag


def equipment_class(analysis, text: str) -> str | None:
    entity_id = equipment(analysis)[text].entity_id
    entity = next(e for e in analysis.entities if e.id == entity_id)
    return entity.attributes.get("equipment_class")


def test_a_role_noun_after_a_system_is_the_system_but_alone_it_names_people():
    (a,) = tag("The air force took delivery of eight J-20 stealth fighters, while Hamas fighters crossed the fence.")
    found = outermost(a)
    assert "J-20 stealth fighters" in found
    assert equipment(a)["J-20 stealth fighters"].entity_id == equipment(a)["J-20"].entity_id
    assert not any("Hamas" in text or text == "fighters" for text in equipment(a))


def test_a_mount_noun_after_a_class_noun_is_one_mention():
    (a,) = tag("The strike destroyed a mortar tube and two rocket rails near the village.")
    found = outermost(a)
    assert "mortar tube" in found and "rocket rails" in found


def test_a_designation_and_the_popular_name_after_it_are_one_name_but_a_date_is_not():
    (a,) = tag("An EA-6B Prowler jammed the radars. The brigade received a T-64 on Monday.")
    found = outermost(a)
    assert "EA-6B Prowler" in found
    assert "T-64" in found and not any("Monday" in text for text in found)
    assert not any(str(m.label) == "PERSON" and m.text == "Prowler" for m in a.mentions)


def test_well_known_systems_by_their_own_names_carry_their_class():
    (a,) = tag("North Korea launched a Hwasong-15, and the submarine carries Trident II missiles. "
               "The army moved multiple launch rocket systems to the border.")
    found = outermost(a)
    assert equipment_class(a, "Hwasong-15") == "ballistic_missile"
    assert "Trident II missiles" in found
    assert "multiple launch rocket systems" in found


def test_weapons_named_by_their_class_in_arms_control_reporting():
    (a,) = tag("The agency said the country is seeking nuclear weapons and has tested an ICBM. "
               "Inspectors found no biological weapons, and police seized explosives at the port.")
    found = outermost(a)
    assert {"nuclear weapons", "ICBM", "biological weapons", "explosives"} <= found
    assert equipment_class(a, "nuclear weapons") == "nuclear_weapon"
    assert equipment_class(a, "ICBM") == "missile"


def test_a_class_noun_written_as_a_name_is_read_mid_sentence():
    (a,) = tag("The militia fired a Katyusha at the base and carried Kalashnikovs into the town.")
    found = outermost(a)
    assert "Katyusha" in found and "Kalashnikovs" in found
