"""Mentions resolve to one canonical entity per real thing, within and across documents, with stable ids."""

from __future__ import annotations

from entities_helpers import entity_of, tag

from garrison.entities.resolve import link_across
from garrison.model import Analysis, Document, Entity, Label, entity_id


def test_surname_after_full_name_is_the_same_person():
    (a,) = tag("Khalifa Haftar flew to Moscow in September. Haftar later met officials in Benghazi.")
    assert entity_of(a, "Khalifa Haftar") == entity_of(a, "Haftar") == "person:khalifa-haftar"


def test_shared_surname_goes_to_the_family_member_the_text_names():
    (a,) = tag("Saddam Haftar inspected the Tariq Ben Ziyad Brigade. Haftar then flew to Rome.")
    assert entity_of(a, "Haftar") == "person:saddam-haftar"


def test_surname_of_a_person_outside_the_lexicon():
    (a,) = tag("Colonel Ahmed Mismari told reporters the convoy had left. Mismari declined to give numbers.")
    full = next(m for m in a.mentions if m.text.endswith("Ahmed Mismari"))
    short = next(m for m in a.mentions if m.text == "Mismari")
    assert full.entity_id == short.entity_id == entity_id("PERSON", "Ahmed Mismari")
    assert short.source == "coref"


def test_acronym_in_brackets_after_its_name():
    (a,) = tag("Fighters of the Sahel Liberation Movement (SLM) attacked a post. The SLM later withdrew.")
    long_form = next(m for m in a.mentions if "Sahel Liberation Movement" in m.text)
    acronyms = [m for m in a.mentions if m.text.endswith("SLM") and "Movement" not in m.text]
    assert acronyms and all(m.entity_id == long_form.entity_id for m in acronyms)


def test_the_kremlin_is_the_russian_government_and_the_ministry_its_short_form():
    (a,) = tag("The Kremlin welcomed the deal. The Russian Defence Ministry said the Ministry of Defence "
               "would send advisers.")
    assert entity_of(a, "The Kremlin") == "org:government-of-russia"
    ministry = [m for m in a.mentions if "Ministry" in m.text]
    # each name once, plus the phrase with its article ("The Russian Defence Ministry") nested around it
    assert sorted(m.text for m in ministry if m.source != "nominal") == ["Ministry of Defence", "Russian Defence Ministry"]
    assert {m.entity_id for m in ministry} == {"org:ministry-of-defence-of-the-russian-federation"}


def test_shared_facility_name_resolved_by_the_city_in_the_text():
    (bamako,) = tag("Construction continued at Air Base 101 near Bamako.")
    (niamey,) = tag("American drones left Air Base 101 in Niamey.")
    assert entity_of(bamako, "Air Base 101") == "facility:air-base-101-bamako"
    assert entity_of(niamey, "Air Base 101") == "facility:air-base-101-niamey"


def test_spellings_and_transliterations_meet_across_documents():
    first, second = tag(
        "Russian transports landed at al-Jufra and Hmeimim; Khalifa Haftar was at Tartus.",
        "Les avions ont atterri à Al-Joufra et à Khmeimim ; Khalifa Hafter était à Tartous.",
    )
    for a, b in (("al-Jufra", "Al-Joufra"), ("Hmeimim", "Khmeimim"), ("Tartus", "Tartous"),
                 ("Khalifa Haftar", "Khalifa Hafter")):
        assert entity_of(first, a) is not None
        assert entity_of(first, a) == entity_of(second, b), (a, b)


def test_a_misspelling_the_lexicon_lacks_still_finds_the_entity():
    (a,) = tag("Reports placed Russian officers in Tobrouk and later in Torbruk.")
    ids = {m.entity_id for m in a.mentions if m.text in ("Tobrouk", "Torbruk")}
    assert ids == {"gpe:tobruk"}


def test_ids_are_stable_across_runs_and_batches():
    text = "Wagner moved Pantsir-S1 systems from Hmeimim to Maaten al-Sarra, Yevgeny Prigozhin said."
    (alone,) = tag(text)
    _, in_batch, _ = tag("Another report about Mali.", text, "Yet another one.")
    assert [(m.start, m.end, m.entity_id) for m in alone.mentions] == \
        [(m.start, m.end, m.entity_id) for m in in_batch.mentions]
    assert entity_of(alone, "Pantsir-S1") == entity_id("EQUIPMENT", "Pantsir-S1")


def test_one_entity_per_thing_with_the_aliases_seen():
    (a,) = tag("The Libyan National Army, known in French as the ANL, and the LNA's allies met. "
               "LNA officers were present.")
    lna = [e for e in a.entities if e.id == "armed_group:libyan-national-army"]
    assert len(lna) == 1
    assert {"Libyan National Army", "ANL", "LNA"} <= set(lna[0].aliases)
    assert len({e.id for e in a.entities}) == len(a.entities)


def test_every_mention_points_at_an_entity_of_the_document():
    (a,) = tag("Turkish Bayraktar TB2 drones flew from al-Watiya while Russian MiG-29 jets stayed at al-Jufra.")
    ids = {e.id for e in a.entities}
    assert a.mentions and all(m.entity_id in ids for m in a.mentions)
    assert all(a.document.text[m.start:m.end] == m.text for m in a.mentions)


def test_link_across_merges_local_entities_by_spelling():
    docs = [Analysis(Document(text="x")), Analysis(Document(text="y"))]
    docs[0].entities = [Entity(Label.PERSON, "Abdelrahman Sweihli")]
    docs[1].entities = [Entity(Label.PERSON, "Abdulrahman Swehli")]
    changes = link_across(docs)
    assert len(changes) == 1
    assert docs[0].entities[0].id == docs[1].entities[0].id


def test_nationality_plus_state_noun_is_a_state_actor():
    (a,) = tag("Russian troops arrived as Malian soldiers left. The Iraqi government and the Assad regime "
               "protested, while the Government of Iraq said Chadian forces were on the border.")
    assert entity_of(a, "Russian troops") == "mil_unit:russian-armed-forces"
    assert entity_of(a, "Malian soldiers") == "mil_unit:malian-armed-forces"
    government = {m.entity_id for m in a.mentions if "Iraq" in m.text and m.label != "NORP"}
    assert government == {"org:government-of-iraq"}
    # the nationality stays a mention of its own inside the actor's phrase
    assert entity_of(a, "Iraqi") == "norp:iraqi" and entity_of(a, "Russian") == "norp:russian"
    assert entity_of(a, "Assad regime") == "org:government-of-syria" or \
        any(m.text.endswith("Assad regime") and m.entity_id == "org:government-of-syria" for m in a.mentions)
    chad = next(e for e in a.entities if e.id == entity_of(a, "Chadian forces"))
    assert chad.type == "MIL_UNIT" and chad.attributes["country"] == "TD"
