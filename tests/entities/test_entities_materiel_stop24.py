"""Materiel conventions of defence reporting, stop 24 (sentences written for these tests): a warship named after
its type noun, carrier nouns after a designated system, and the instrument of a verb of destruction."""

from __future__ import annotations

from entities_helpers import equipment, outermost, tag


def entity(analysis, mention):
    return next(e for e in analysis.entities if e.id == mention.entity_id)


def test_a_warship_named_after_its_type_noun_is_one_mention_of_a_ship():
    (a,) = tag("The cruiser Volga left Sevastopol, and the corvette Ostrava joined it off the coast.")
    found = outermost(a)
    assert {"cruiser Volga", "corvette Ostrava"} <= found
    volga = equipment(a)["Volga"]
    assert equipment(a)["cruiser Volga"].entity_id == volga.entity_id
    assert entity(a, volga).attributes.get("equipment_class") == "ship"
    assert not any(str(m.label) in ("PERSON", "ORG", "GPE") and "Volga" in m.text for m in a.mentions)


def test_no_ship_name_is_read_from_a_date_a_place_a_headline_or_a_prefix():
    (a,) = tag("The destroyer Tuesday patrol was cancelled. A frigate Italy bought is due in May.")
    assert not any("Tuesday" in text or "Italy" in text for text in equipment(a))
    (b,) = tag("Russian Frigate Sails Into Black Sea")
    assert not any("Sails" in text for text in equipment(b))
    (c,) = tag("The frigate HMS Lancaster shadowed the tanker.")
    assert "frigate HMS Lancaster" in outermost(c)
    assert "HMS Lancaster" in equipment(c)  # the prefix rule's name, not a second ship "HMS Lancaster"
    assert len({m.entity_id for m in equipment(c).values()}) == 1


def test_a_carrier_noun_after_a_designated_system_joins_it_but_alone_is_no_materiel():
    (a,) = tag("Rebels seized four BTR-82A vehicles and two 2S1 platforms, and the regiment fired its M109 guns.")
    found = outermost(a)
    assert {"BTR-82A vehicles", "M109 guns"} <= found
    assert equipment(a)["BTR-82A vehicles"].entity_id == equipment(a)["BTR-82A"].entity_id
    (b,) = tag("Two vehicles and a fishing boat waited at the jetty while the guards cleaned their guns.")
    assert not equipment(b)


def test_the_instrument_of_a_verb_of_destruction_is_a_weapon_without_a_cue_word_nearby():
    (a,) = tag("Half the houses in the old quarter were damaged by shells and bombs during the winter.")
    assert {"shells", "bombs"} <= outermost(a)
    (b,) = tag("Visitors collect shells and bombs of sugar at the seaside fair every summer.")
    assert not equipment(b)
    (c,) = tag("The houses were damaged. Shells lay on the beach.")  # another clause: no instrument
    assert not equipment(c)


def test_a_plane_or_a_bomb_near_the_noun_of_an_attack_is_materiel():
    (a,) = tag("Residents said they heard a plane overhead minutes before the explosion at the depot.")
    assert "plane" in outermost(a)
    (b,) = tag("Residents said they heard a plane overhead minutes before the concert at the stadium.")
    assert not equipment(b)


def test_strike_release_targets_a_weapon_position_is_a_place_and_aaa_plant_are_materiel():
    (a,) = tag("Near the dam, three strikes destroyed a mortar position, an AAA piece, a backhoe and a heavy weapon.")
    found = outermost(a)
    assert {"AAA piece", "backhoe", "heavy weapon"} <= found
    place = next(m for m in a.mentions if str(m.label) == "FACILITY" and m.text == "a mortar position")
    # the weapon noun stays nested in the place, as the VBIED of "a VBIED facility"
    assert all(place.start <= m.start and m.end <= place.end for t, m in equipment(a).items() if "mortar" in t)
    (b,) = tag("The bank kept its AAA rating and a crane flew over the lake.")
    assert not equipment(b)


def test_a_person_name_before_a_ship_type_noun_is_the_ship_but_a_person_elsewhere_stays_one():
    (a,) = tag("Paris sent the Jean Bart destroyer to the Gulf, and Jean Bart's biographer spoke at the museum.")
    found = outermost(a)
    assert "Jean Bart destroyer" in found
    ship = equipment(a)["Jean Bart"]
    assert equipment(a)["Jean Bart destroyer"].entity_id == ship.entity_id
    assert entity(a, ship).attributes.get("equipment_class") == "ship"
    assert any(str(m.label) == "PERSON" and m.text == "Jean Bart" and m.start > ship.end for m in a.mentions)
    (b,) = tag("General Sam Carter inspected the frigate at dawn.")
    assert not any("Carter" in text for text in equipment(b))
