"""Type conventions from the ontology's definitions (garrison/events/conventions.py): what moves decides DEPLOY
vs TRANSFER; a stationing at a military site is BASE_PRESENCE, a deployment into a theatre DEPLOY."""

from __future__ import annotations

from garrison.events import stage
from garrison.model import Analysis, Document

from .helpers import analysis


def run(a):
    return stage.run([a])[0].events


def types(a):
    return [(e.type, e.mode, e.trigger) for e in run(a)]


def french(text, **kwargs):
    a = analysis(text, **kwargs)
    a.document.language = "fr"
    return a


# rule 1: what moves


def test_materiel_alone_arriving_is_a_delivery():
    a = analysis("Several dozen armoured vehicles and T-90 tanks arrived in Kidal on Sunday.",
                 mentions={"T-90": "EQUIPMENT"}, places={"Kidal": (18.44, 1.41, "city")})
    assert ("TRANSFER", "delivery", "arrived") in types(a)


def test_personnel_arriving_with_their_equipment_is_a_deployment():
    a = analysis("Sixty instructors and a radar system arrived in Kidal on Sunday.",
                 places={"Kidal": (18.44, 1.41, "city")})
    assert ("DEPLOY", "arrival", "arrived") in types(a)


def test_a_carrier_arriving_is_a_move_not_a_delivery():
    a = analysis("Two heavy transport aircraft arrived in Kidal on Sunday.", places={"Kidal": (18.44, 1.41, "city")})
    assert [t for t, _, trigger in types(a) if trigger == "arrived"] == ["DEPLOY"]


def test_transferring_drones_is_an_arms_transfer_and_transferring_troops_a_redeployment():
    weapons = analysis("The ministry transferred forty drones to the northern command.", mentions={"drones": "EQUIPMENT"})
    assert [(t, m) for t, m, trigger in types(weapons) if trigger == "transferred"] == [("TRANSFER", "delivery")]
    troops = analysis("The ministry transferred two battalions of soldiers to the northern command.")
    assert [t for t, _, trigger in types(troops) if trigger == "transferred"] == ["DEPLOY"]


def test_french_materiel_transferred_alone_is_a_delivery():
    a = french("L'armée a transféré des blindés vers Gao la semaine dernière.", places={"Gao": (16.27, -0.04, "city")})
    assert [(t, m) for t, m, trigger in types(a) if trigger.startswith("transf")] == [("TRANSFER", "delivery")]


def test_french_troops_transferred_stay_a_deployment():
    a = french("L'armée a transféré des troupes vers Gao la semaine dernière.", places={"Gao": (16.27, -0.04, "city")})
    assert [t for t, _, trigger in types(a) if trigger.startswith("transf")] == ["DEPLOY"]


# rule 2: a presence at a site, a deployment into a theatre


def test_deploying_systems_at_an_air_base_is_a_presence_at_the_site():
    a = analysis("The navy will deploy anti-ship missiles at the Kavala air base next year.",
                 places={"Kavala air base": (40.91, 24.62, "airbase")})
    event = next(e for e in run(a) if e.trigger == "deploy")
    assert (event.type, event.mode) == ("BASE_PRESENCE", "stationing")
    assert event.location is not None and event.location.name == "Kavala air base"


def test_a_site_noun_in_the_locative_phrase_is_enough():
    a = analysis("The army stationed two drone squadrons at a new base in the desert.")
    assert [(t, m) for t, m, trigger in types(a) if trigger == "stationed"] == [("BASE_PRESENCE", "stationing")]


def test_deploying_into_a_country_stays_a_deployment():
    a = analysis("The navy will deploy anti-ship missiles in Greece next year.",
                 places={"Greece": (39.0, 22.0, "country")})
    assert [(t, m) for t, m, trigger in types(a) if trigger == "deploy"] == [("DEPLOY", "deployment")]


def test_arriving_at_a_base_is_still_a_move():
    a = analysis("Two hundred soldiers arrived at the Kavala air base on Monday.",
                 places={"Kavala air base": (40.91, 24.62, "airbase")})
    assert [t for t, _, trigger in types(a) if trigger == "arrived"] == ["DEPLOY"]


def test_french_stationing_on_a_base_is_a_presence():
    a = french("L'armée déploiera des drones sur la base aérienne de Kavala l'an prochain.",
               places={"base aérienne de Kavala": (40.91, 24.62, "airbase")})
    assert [(t, m) for t, m, trigger in types(a) if trigger.startswith("déploi")] == [("BASE_PRESENCE", "stationing")]


def test_french_deployment_into_a_country_stays_a_deployment():
    a = french("L'armée déploiera des drones en Grèce l'an prochain.", places={"Grèce": (39.0, 22.0, "country")})
    assert [t for t, _, trigger in types(a) if trigger.startswith("déploi")] == ["DEPLOY"]


# the trigger's neighbourhood: a conjoined verb shares its subject


def test_a_conjoined_verb_reads_the_shared_subject_for_its_needed_words():
    from garrison import nlp
    from garrison.events import triggers

    doc = nlp.load("en")("Several bases in the east will be closed or handed over to the Malian army.")
    assert [(h.type, h.mode) for h in triggers.find(doc) if h.text == "handed over"] == [("BASE_PRESENCE", "withdrawal")]
    doc = nlp.load("en")("The army will close its depots or hand over its rifles to the police.")
    assert [h.type for h in triggers.find(doc) if h.text == "hand over"] == ["TRANSFER"]


def test_the_stationing_mode_projects_as_a_deployment_does():
    from garrison.events import lexicon

    onto = lexicon.ontology()
    for labels in onto.LABEL_SETS:
        if labels != "garrison":
            assert onto.project("BASE_PRESENCE", "stationing", labels) == onto.project("DEPLOY", "deployment", labels)


def test_stationing_there_points_at_the_site_named_before():
    text = ("Engineers have lengthened the runway of the Kavala air base. "
            "The navy could station four patrol drones there next year, officials said.")
    a = analysis(text, mentions={"patrol drones": "EQUIPMENT"}, places={"Kavala air base": (40.91, 24.62, "airbase")})
    stationed = [e for e in run(a) if e.trigger == "station"]
    assert [(e.type, e.mode) for e in stationed] == [("BASE_PRESENCE", "stationing")]
    assert stationed[0].location is not None and stationed[0].location.name == "Kavala air base"


# target status (ACLED): an attack on an armed party's units, commanders or armour is an armed clash


def test_destroying_armoured_vehicles_is_a_clash_even_when_the_object_hangs_on_the_conjoined_verb():
    a = analysis("The rebels said they had destroyed or seized a dozen armoured vehicles near Kidal.",
                 places={"Kidal": (18.44, 1.41, "city")})
    assert [t for t, _, trigger in types(a) if trigger == "destroyed"] == ["FIGHT"]


def test_killing_the_commander_of_a_unit_is_a_clash():
    a = analysis("The commander of the unit was killed near Kidal on Sunday.", places={"Kidal": (18.44, 1.41, "city")})
    assert [(t, m) for t, m, trigger in types(a) if trigger == "killed"] == [("FIGHT", "armed clash")]


def test_destroying_houses_stays_a_one_sided_attack():
    a = analysis("The gunmen destroyed or burned a dozen houses near Kidal.", places={"Kidal": (18.44, 1.41, "city")})
    assert [t for t, _, trigger in types(a) if trigger == "destroyed"] == ["ASSAULT"]


# lexicon rows (garrison/data/events/triggers*.tsv)


def test_the_future_of_the_bases_is_a_base_presence_matter():
    a = analysis("The ministry said no decision had been taken on the future of the bases in Kavala.",
                 places={"Kavala": (40.94, 24.41, "city")})
    assert "BASE_PRESENCE" in [t for t, _, _ in types(a)]


def test_french_the_future_of_the_bases_is_a_base_presence_matter():
    a = french("Le ministère affirme qu'aucune décision n'a été prise quant à l'avenir des deux bases de Kavala.",
               places={"Kavala": (40.94, 24.41, "city")})
    assert "BASE_PRESENCE" in [t for t, _, _ in types(a)]


def test_a_ship_unloading_armour_is_an_arrival():
    a = analysis("Port workers said the ship would unload armoured vehicles in Kavala on Monday.",
                 places={"Kavala": (40.94, 24.41, "city")})
    assert [(t, m) for t, m, trigger in types(a) if trigger == "unload"] == [("DEPLOY", "arrival")]


def test_an_act_expected_to_happen_is_no_purpose_of_another():
    a = analysis("The cargo ship, which left the port of Tartus last week, is expected to dock in Kavala on Monday.",
                 places={"Kavala": (40.94, 24.41, "city"), "Tartus": (34.89, 35.89, "city")})
    assert [t for t, _, trigger in types(a) if trigger == "dock"] == ["DEPLOY"]
    aim = analysis("The army sent two battalions north to retake Kidal.", places={"Kidal": (18.44, 1.41, "city")})
    assert [trigger for _, _, trigger in types(aim)] == ["sent"]


def test_helping_another_act_gives_no_aid_of_its_own():
    framed = analysis("The instructors will help train the national army in Kidal.", places={"Kidal": (18.44, 1.41, "city")})
    assert "AID" not in [t for t, _, _ in types(framed)]
    plain = analysis("The charity helped rebuild the school in Kidal.", places={"Kidal": (18.44, 1.41, "city")})
    assert "AID" in [t for t, _, _ in types(plain)]


def test_armour_first_seen_at_a_place_arrived_there_as_a_delivery():
    a = analysis("A long column of armoured vehicles has appeared in Kidal, according to local footage.",
                 places={"Kidal": (18.44, 1.41, "city")})
    assert [(t, m) for t, m, trigger in types(a) if trigger == "appeared"] == [("TRANSFER", "delivery")]
    words = analysis("The report appeared in a local newspaper in Kidal on Monday.", places={"Kidal": (18.44, 1.41, "city")})
    assert not [trigger for _, _, trigger in types(words) if trigger == "appeared"]


def test_french_armour_first_seen_is_a_delivery():
    a = french("Une colonne de blindés est apparue à Gao vendredi, selon des images locales.",
               places={"Gao": (16.27, -0.04, "city")})
    assert [(t, m) for t, m, trigger in types(a) if trigger.startswith("appar")] == [("TRANSFER", "delivery")]


def test_a_delivered_speech_is_no_arms_transfer():
    speech = analysis("The governor's address to the nation, delivered on Sunday evening in Kidal, praised the army.",
                      places={"Kidal": (18.44, 1.41, "city")})
    assert "TRANSFER" not in [t for t, _, _ in types(speech)]
    arms = analysis("The ministry delivered six drones to the army in Kidal.", mentions={"drones": "EQUIPMENT"},
                    places={"Kidal": (18.44, 1.41, "city")})
    assert "TRANSFER" in [t for t, _, _ in types(arms)]


def test_a_speech_the_participle_describes_from_before_it_is_no_transfer_either():
    a = analysis("In his address to the nation, delivered on Sunday evening in Kidal, the governor thanked the army.",
                 places={"Kidal": (18.44, 1.41, "city")})
    assert "TRANSFER" not in [t for t, _, _ in types(a)]


# withdrawal of a presence (triggers.tsv: BASE_PRESENCE/withdrawal needs a base, or the force's presence or footprint)


def test_a_presence_reduced_or_pulled_back_is_base_presence_ending():
    for text in ("Chad will reduce its troop presence in Niger to fewer than 200 soldiers.",
                 "France pulled back its military footprint from northern Niger last month."):
        actor = text.split(" ", 1)[0]
        a = analysis(text, mentions={actor: "GPE"}, places={"Niger": (16.0, 8.0, "country")})
        assert [t for t, mode, _ in types(a) if mode == "withdrawal"] == ["BASE_PRESENCE"], text


def test_troops_pulled_back_from_a_front_stay_a_retreat():
    a = analysis("The rebels pulled back their fighters from the front near Kidal.",
                 mentions={"The rebels": "ARMED_GROUP"}, places={"Kidal": (18.44, 1.41, "city")})
    assert "RETREAT" in [t for t, _, _ in types(a)]


# a site named again (stop 24)


def test_a_bare_name_the_report_gave_a_site_noun_is_that_site():
    a = analysis("Jets struck the Zorvat air base on Monday. Turkey could install radars at Zorvat next month.",
                 mentions={"Turkey": "GPE"})
    assert ("BASE_PRESENCE", "stationing", "install") in types(a)


def test_a_bare_name_never_given_a_site_noun_is_a_deployment_there():
    a = analysis("Jets struck targets near Zorvat on Monday. Turkey could install radars at Zorvat next month.",
                 mentions={"Turkey": "GPE"})
    assert ("DEPLOY", "deployment", "install") in types(a)


def test_there_after_a_site_in_the_same_sentence_is_that_site():
    a = analysis("Engineers visited the Zorvat air base to assess whether Turkey could deploy radars there.",
                 mentions={"Turkey": "GPE"})
    assert ("BASE_PRESENCE", "stationing", "deploy") in types(a)


def test_there_after_a_town_is_no_site():
    a = analysis("Engineers visited Homs to assess whether Turkey could deploy radars there.",
                 mentions={"Turkey": "GPE"}, places={"Homs": (34.73, 36.71, "city")})
    assert ("DEPLOY", "deployment", "deploy") in types(a)
