"""The ontology and lexicon files: complete, consistent, sourced."""

from __future__ import annotations

import csv

from garrison.events import lexicon

CORE_TYPES = {"ASSAULT", "FIGHT", "DEPLOY", "TRANSFER", "BASE_PRESENCE", "ORG_CHANGE", "CONSTRUCTION", "AGREE",
              "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
              "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "CONCEDE"}
# the classes CASE 2021 has and ACLED and PLOVER leave out, and ACLED's Strategic developments/Other
OUTSIDE_PLOVER = {"DISASTER", "CRIME", "DEVELOPMENT"}
CASE_ONLY = {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrest", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
PLOVER_ROOTS = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_every_core_type_is_in_the_ontology():
    assert set(lexicon.ontology().types) == CORE_TYPES | OUTSIDE_PLOVER


def test_modes_map_to_real_acled_pairs_and_case_subtypes():
    onto = lexicon.ontology()
    for event_type in lexicon.ontology().types.values():
        assert event_type.modes, event_type.name
        for mode in event_type.modes:
            event, sub = mode.acled
            if mode.case in CASE_ONLY:
                assert mode.case in onto.case_codes.values()
                continue
            assert sub in ACLED[event], (event_type.name, mode.name)
            assert mode.case == onto.case_codes[sub.lower()], (mode.name, mode.case)


def test_every_acled_sub_event_type_and_case_class_has_a_mode():
    onto = lexicon.ontology()
    pairs = {m.acled for t in onto.types.values() for m in t.modes}
    for event, subs in ACLED.items():
        for sub in subs:
            assert (event, sub) in pairs, (event, sub)
    cases = {m.case for t in onto.types.values() for m in t.modes} | set(onto.stance_labels["case"].values())
    assert CASE_ONLY <= cases


def test_plover_root_mapping_lands_on_the_sixteen_roots():
    for event_type in lexicon.ontology().types.values():
        if event_type.name in OUTSIDE_PLOVER:
            assert event_type.plover is None and event_type.plover_root is None
            assert lexicon.ontology().project(event_type.name, None, "plover") == lexicon.NOT_AN_EVENT
            continue
        assert event_type.plover_root in PLOVER_ROOTS, event_type.name


def test_projection_and_gold_normalisation():
    onto = lexicon.ontology()
    assert onto.project("ASSAULT", "air/drone strike", "acled-sub") == "Air/drone strike"
    assert onto.project("ASSAULT", "air/drone strike", "case") == "AIR_STRIKE"
    assert onto.project("ASSAULT", "shelling/artillery/missile attack", "case") == "ART_MISS_ATTACK"
    assert onto.project("BASE_PRESENCE", "headquarters or base established", "acled") == "Strategic developments"
    assert onto.project("FIGHT", None, "plover-root") == "ASSAULT"
    assert onto.normalise_gold("YIELD", "plover") == "CONCEDE"
    assert onto.normalise_gold("disapprove", "plover") == "ACCUSE"
    assert onto.normalise_gold("Air/drone strike", "case") == "AIR_STRIKE"
    assert onto.normalise_gold("HQ_ESTABLISHED", "case") == "HQ_ESTABLISHED"


def test_trigger_and_cue_rows_name_known_types_and_a_source():
    onto = lexicon.ontology()
    for name in ("triggers.tsv", "triggers.fr.tsv", "cues.tsv", "cues.fr.tsv", "modes.tsv"):
        with (lexicon.DATA / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t",
                                       quoting=csv.QUOTE_NONE))
        assert rows, name
        for row in rows:
            assert row["source"].strip(), (name, row)
            if "type" in row:
                assert row["type"] in onto.types, (name, row)
                modes = {m.name for m in onto.types[row["type"]].modes}
                assert row["mode"] in modes, (name, row)


def test_inflections_reach_the_surface_forms_reporting_uses():
    table = lexicon.triggers()
    for form in ("redeployed", "targeted", "ambushes", "drone strikes", "delivered", "shelled", "struck"):
        assert form in table, form


def test_french_cue_kinds_are_the_english_ones():
    english = set(lexicon.cues()) - {""}
    with (lexicon.DATA / "cues.fr.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
    assert rows and {row["kind"] for row in rows} <= english
    assert lexicon.is_cue("deny", "démenti") and lexicon.is_cue("possible", "auraient")
