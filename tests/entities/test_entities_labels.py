"""The domain layer puts the right label on what the general model misreads."""

from __future__ import annotations

from entities_helpers import entity_of, spans, tag


def test_air_defence_transport_aircraft_and_bases():
    (a,) = tag("Satellite imagery from March shows an S-300 battery beside the runway at al-Khadim, "
               "while an An-124 unloaded crates at Hmeimim the same week.")
    found = spans(a)
    assert found["S-300"] == "EQUIPMENT"
    assert found["An-124"] == "EQUIPMENT"
    assert found["al-Khadim"] == "FACILITY"
    assert found["Hmeimim"] == "FACILITY"
    assert entity_of(a, "S-300") == "equipment:s-300"
    assert entity_of(a, "Hmeimim") == "facility:hmeimim-air-base"


def test_numbered_unit_is_one_mention():
    (a,) = tag("Marines of the 61st Naval Infantry Brigade were seen boarding a landing ship in Tartus, "
               "and the 2nd Airborne Regiment was placed on alert.")
    units = {m.text: m for m in a.mentions if m.label == "MIL_UNIT"}
    assert any(t.endswith("61st Naval Infantry Brigade") for t in units)
    assert "mil_unit:61st-naval-infantry-brigade" in {m.entity_id for m in units.values()}
    assert "mil_unit:2nd-airborne-regiment" in {m.entity_id for m in units.values()}


def test_designation_families_and_variants():
    (a,) = tag("Footage from the parade showed BTR-80/82A carriers, T-90M tanks and a Su-35S flypast, "
               "followed by Kamaz 4350 trucks.")
    found = spans(a)
    assert found["BTR-80/82A"] == "EQUIPMENT"
    assert found["T-90M tanks"] == "EQUIPMENT"  # the class noun is the named system's head, not a second thing
    assert entity_of(a, "T-90M tanks") == "equipment:t-90m"
    assert found["Su-35S"] == "EQUIPMENT"
    assert found["Kamaz 4350"] == "EQUIPMENT"
    kamaz = next(e for e in a.entities if e.id == entity_of(a, "Kamaz 4350"))
    assert kamaz.attributes["equipment_class"] == "truck"


def test_unknown_variant_inherits_its_family():
    (a,) = tag("The brigade received T-72B4 tanks last month.")
    entity = next(e for e in a.entities if e.name == "T-72B4")
    assert entity.type == "EQUIPMENT"
    assert entity.attributes["variant_of"] == "equipment:t-72"
    assert entity.attributes["equipment_class"] == "mbt"


def test_a_bare_manufacturer_name_is_an_aircraft():
    (a,) = tag("A drone struck an Ilyushin parked on the apron at Jufra airport in December.")
    assert entity_of(a, "Ilyushin") == "equipment:ilyushin-aircraft-unspecified"
    assert entity_of(a, "Jufra airport") == "facility:al-jufra-air-base"


def test_air_defence_written_without_dash():
    (a,) = tag("Officials said S400 and S300 systems had been moved to Libyan soil.")
    assert entity_of(a, "S400") == "equipment:s-400-triumf"
    assert entity_of(a, "S300") == "equipment:s-300"


def test_armed_groups_persons_and_origin():
    (a,) = tag("Wagner fighters and the Africa Corps trained FAMa units near Kidal, "
               "a month after Assimi Goïta met Vladimir Putin.")
    found = spans(a)
    assert found["Wagner"] == "ARMED_GROUP"
    assert found["the Africa Corps"] == "ARMED_GROUP"
    assert found["FAMa"] == "MIL_UNIT"
    assert found["Assimi Goïta"] == "PERSON"
    corps = next(e for e in a.entities if e.id == "armed_group:africa-corps")
    assert corps.attributes["successor_of"] == "armed_group:wagner-group"


def test_french_acronyms():
    (a,) = tag("Selon RFI, l'ANL a reçu des blindés, tandis que le GSIM a attaqué un convoi des FAMa "
               "près de Tombouctou.", language="fr")
    assert entity_of(a, "ANL") == "armed_group:libyan-national-army"
    assert entity_of(a, "GSIM") == "armed_group:jama-at-nusrat-al-islam-wal-muslimin"
    assert entity_of(a, "FAMa") == "mil_unit:malian-armed-forces"
    jnim = next(e for e in a.entities if e.id == entity_of(a, "GSIM"))
    assert jnim.attributes["affiliated_with"] == "armed_group:al-qaeda"


def test_everyday_words_need_a_military_context():
    (military,) = tag("The armoured column included a Tiger and two Spartak vehicles.")
    (zoo,) = tag("A Tiger escaped from the zoo, and Spartak won the match on Sunday.")
    assert entity_of(military, "Tiger") == "equipment:gaz-tigr"
    assert entity_of(military, "Spartak") == "equipment:spartak"
    assert not [m for m in zoo.mentions if m.label == "EQUIPMENT"]


def test_lexicon_hits_inside_longer_words_are_ignored():
    (a,) = tag("The Tornadoes hit Kansas, and the BTR-80X was unknown; Wagnerian opera played.")
    assert not any(m.label == "EQUIPMENT" and m.text == "Tornado" for m in a.mentions)
    assert not any(m.entity_id == "armed_group:wagner-group" for m in a.mentions)


def test_non_designations_are_not_equipment():
    (a,) = tag("Leaders met at the G-20 summit while COVID-19 cases rose in Year-2023.")
    assert not [m for m in a.mentions if m.label == "EQUIPMENT"]


def test_the_radio_is_not_an_entity_and_think_tanks_are_not_tanks():
    (a,) = tag("The radio said a think tank in Paris had published the figures.")
    assert not any(m.text.lower() in ("the radio", "radio", "tank") for m in a.mentions)


def test_generic_materiel_is_class_level():
    (a,) = tag("A drone targeted the aircraft on the runway, according to the report.")
    drone = next(e for e in a.entities if e.id == entity_of(a, "drone"))
    assert drone.attributes["generic"] is True
    assert drone.attributes["equipment_class"] == "uav"


def test_facility_with_its_head_noun():
    (a,) = tag("Cargo flights to the Jufra air base and to Maaten al-Sarra base increased.")
    assert entity_of(a, "Jufra air base") == "facility:al-jufra-air-base"
    assert entity_of(a, "Maaten al-Sarra base") == "facility:maaten-al-sarra-air-base"


def test_a_weak_alias_inside_a_longer_name_is_not_linked():
    (a,) = tag("The Verkhovna Rada voted while the Rada Special Deterrence Force patrolled Tripoli.")
    force = "armed_group:special-deterrence-force"
    assert any(m.entity_id == force and "Deterrence" in m.text for m in a.mentions)
    assert not any(m.entity_id == force and m.start < 20 for m in a.mentions)
