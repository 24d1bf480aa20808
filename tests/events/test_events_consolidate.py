"""One event per happening mention: merging triggers, dropping generic mentions, placing the event, French."""

from __future__ import annotations

from datetime import date

import pytest

from garrison.events import lexicon, stage
from garrison.model import Analysis, Document, Precision, Stance

from .helpers import analysis, only


def run(a):
    return stage.run([a])[0].events


# --- precision: one event per happening mention


def test_a_nominal_attack_and_the_verb_describing_it_are_one_event():
    a = analysis(
        "The attack on the depot at Sabha came at night, when two drones struck the fuel tanks.",
        places={"Sabha": (27.03, 14.43, "city")},
    )
    event = only(run(a), "ASSAULT")
    assert event.attributes["merged_triggers"]


def test_talks_and_discussions_in_one_sentence_are_one_consult():
    a = analysis(
        "The minister held talks with his Malian counterpart in Bamako, and the discussions covered air defence.",
        places={"Bamako": (12.65, -8.0, "city")},
    )
    event = only(run(a), "CONSULT")
    assert event.location.name == "Bamako"


def test_a_request_for_comment_without_any_argument_is_no_event():
    a = analysis("The ministry did not respond to a request for comment.")
    assert [e.type for e in run(a)] == []


def test_a_headline_line_gives_no_event_the_body_does():
    text = ("Drone strikes cargo plane at Sabha airport\n\n"
            "A drone struck a cargo plane at Sabha airport on Sunday, officials said.")
    a = analysis(text, places={"Sabha airport": (27.01, 14.45, "airport")})
    events = run(a)
    assert len(events) == 1
    assert events[0].claims[0].evidence[0].start > 40


def test_a_secondary_event_with_its_own_subject_is_kept():
    a = analysis("Gunmen ambushed a patrol near Menaka and the air force bombed their camp.",
                 places={"Menaka": (15.92, 2.40, "city")})
    assert sorted(e.type for e in run(a)) == ["ASSAULT", "FIGHT"]


def test_a_denial_is_the_stance_of_the_denied_event_not_an_event():
    a = analysis("The command denied that its aircraft had bombed the convoy near Kufra.",
                 mentions={"Kufra": "GPE"}, places={"Kufra": (24.18, 23.31, "city")})
    events = run(a)
    assert [e.type for e in events] == ["ASSAULT"]
    assert events[0].claims[0].stance == Stance.DENIED


@pytest.mark.parametrize("text", [
    "The army denied hosting any foreign air-defence systems at the base.",   # a gerund: what is denied
    "A Turkish official denied that a final decision had been taken.",       # a that-clause with no act in it
    "The ministry dismissed claims that its engineers were working there.",  # a statement noun
    "The command rejected reports of its involvement.",
])
def test_denying_a_statement_is_no_refusal_event(text):
    assert "REJECT" not in [e.type for e in run(analysis(text))]


@pytest.mark.parametrize("text", [
    "Ukraine denied entry to a foreign journalist.",
    "The council rejected the proposal to open a new base.",
])
def test_refusing_what_was_asked_for_is_a_reject(text):
    assert "REJECT" in [e.type for e in run(analysis(text))]


def test_a_denied_claim_keeps_its_act_with_the_denial_as_stance():
    events = run(analysis("Niger rejected claims that Russian troops had deployed to Niamey.",
                          places={"Niamey": (13.51, 2.11, "city")}))
    assert [(e.type, e.claims[0].stance) for e in events] == [("DEPLOY", Stance.DENIED)]


@pytest.mark.parametrize("text", [
    "Asked by journalists, the command said nothing about the convoy.",
    "When asked about the flights, the ministry declined to comment.",
    "The ministry asked whether the base would stay open.",
    "The talks will be held on Saturday, the officials said, asking not to be identified.",
])
def test_a_question_or_the_anonymity_formula_is_no_request(text):
    assert "REQUEST" not in [e.type for e in run(analysis(text))]


@pytest.mark.parametrize("text", [
    "Mali asked Russia for more instructors.",
    "Mali asked Russia to send more instructors.",
    "Mali asked Russia not to withdraw its instructors.",
])
def test_asking_for_something_is_a_request(text):
    assert "REQUEST" in [e.type for e in run(analysis(text))]


def test_a_french_denial_of_a_statement_is_no_refusal_event():
    events = run(french("L'état-major a démenti que des instructeurs russes soient arrivés à Niamey."))
    assert "REJECT" not in [e.type for e in events]


@pytest.mark.parametrize("text, holder", [
    ("The two ministers discussed military cooperation in Bamako.", "CONSULT"),
    ("Talks on a US withdrawal from Niamey are expected to begin soon.", "CONSULT"),
    ("The two sides are drafting a defence agreement that would expand Russia's footprint in Libya.", "AGREE"),
    ("A defence agreement under discussion would give Russia access to a port in Tobruk.", "AGREE"),
])
def test_what_was_talked_about_or_agreed_is_the_content_of_one_event(text, holder):
    places = {"Bamako": (12.65, -8.0, "city"), "Niamey": (13.51, 2.11, "city"),
              "Libya": (26.0, 17.0, "country"), "Tobruk": (32.08, 23.96, "port")}
    a = analysis(text, mentions={"Russia": "GPE"} if "Russia" in text else {},
                 places={name: place for name, place in places.items() if name in text})
    assert [e.type for e in run(a)] == [holder]


def test_an_act_beside_an_agreement_is_still_its_own_event():
    a = analysis("Russian troops arrived in Tobruk after the two sides signed an agreement.",
                 mentions={"Russian troops": "MIL_UNIT"}, places={"Tobruk": (32.08, 23.96, "port")})
    assert "DEPLOY" in [e.type for e in run(a)]


# --- location


def test_a_place_name_inside_the_name_of_a_force_is_not_where_the_act_was():
    a = analysis("The ministry has set up a new force, named Africa Corps, in Bamako.",
                 mentions={"Africa Corps": "ARMED_GROUP", "Africa": "GPE", "Bamako": "GPE"},
                 places={"Africa": (7.0, 21.0, "continent"), "Bamako": (12.65, -8.0, "city")})
    for toponym in a.toponyms:
        toponym.mention_label = "GPE"
    assert only(run(a), "ORG_CHANGE").location.name == "Bamako"
    alone = analysis("The ministry has set up a new force, named Africa Corps.",
                     mentions={"Africa Corps": "ARMED_GROUP"}, places={"Africa": (7.0, 21.0, "continent")})
    alone.toponyms[0].mention_label = "GPE"
    event = only(run(alone), "ORG_CHANGE")
    assert event.location is None or event.location.name != "Africa"


def test_a_place_name_inside_an_institutions_name_still_places_the_act():
    a = analysis("A missile hit the car park of the Benghazi Medical Centre.",
                 mentions={"Benghazi Medical Centre": "ORG"}, places={"Benghazi": (32.12, 20.07, "city")})
    a.toponyms[0].mention_label = "GPE"
    assert only(run(a), "ASSAULT").location.name == "Benghazi"


def test_the_places_of_the_happening_an_act_is_dated_from_are_not_its_own():
    a = analysis("The commander met the president at the palace on Thursday, days after floods devastated the "
                 "city of Derna.", places={"Derna": (32.77, 22.64, "city")})
    event = only(run(a), "CONSULT")
    # the document's only place may still stand in as its focus, never as a place the sentence gives the meeting
    assert event.attributes.get("location_basis") not in ("syntax", "sentence")


def test_a_stop_on_the_way_or_the_start_of_a_move_is_not_where_it_went():
    a = analysis("The tanks were shipped by rail and sea from Russia, via the port of Conakry.",
                 places={"Russia": (61.5, 105.3, "country"), "Conakry": (9.54, -13.68, "port")})
    event = only(run(a), "TRANSFER")
    assert event.location is None or event.location.name not in ("Conakry", "Russia") or (
        event.attributes.get("location_basis") not in ("syntax", "sentence"))


def test_a_country_adjective_is_not_the_place_the_site_is():
    a = analysis(
        "A Russian transport plane was struck at the Kharuba air base.",
        mentions={"Russian": "NORP", "Kharuba air base": "FACILITY"},
        places={"Russian": (61.5, 105.3, "country"), "Kharuba air base": (31.5, 22.4, "airbase")},
    )
    assert only(run(a), "ASSAULT").location.name == "Kharuba air base"


def test_a_place_in_the_attribution_is_not_where_the_event_happened():
    a = analysis(
        "Sources in Tripoli told a local outlet that fighters had bombed a market.",
        mentions={"Tripoli": "GPE"}, places={"Tripoli": (32.89, 13.19, "city")},
    )
    event = only(run(a), "ASSAULT")
    assert event.location is None or event.location.name != "Tripoli" or \
        event.attributes.get("location_basis") == "document"
    assert event.attributes.get("location_basis") != "syntax"


def test_the_most_precise_place_in_the_phrase_wins():
    a = analysis(
        "Engineers are building hangars in Niger, at the Dirkou airfield.",
        places={"Niger": (17.6, 8.1, "country"), "Dirkou airfield": (18.97, 12.87, "airfield")},
    )
    assert only(run(a), "CONSTRUCTION").location.name == "Dirkou airfield"


def test_without_a_place_in_the_sentence_the_reports_main_place_stands_in_and_is_marked():
    text = ("Fighting was reported around Gao on Monday. Residents of Gao fled the town. "
            "Later, two helicopters attacked a convoy of pick-ups.")
    a = analysis(text, places={"Gao": (16.27, -0.04, "city")})
    a.toponyms.append(type(a.toponyms[0])(a.document.id, text.find("Gao", 40), text.find("Gao", 40) + 3, "Gao",
                                          place=a.toponyms[0].place))
    event = [e for e in run(a) if e.trigger == "attacked"][0]
    assert event.location.name == "Gao"
    # the paragraph placed the fighting at Gao; the report's main place is Gao too
    assert event.attributes["location_basis"] in ("paragraph", "document")


# --- actors and targets


def test_the_denier_is_not_the_actor_of_the_denied_attack():
    a = analysis("AFRICOM denied the bombing of the market.", mentions={"AFRICOM": "MIL_UNIT"})
    event = only(run(a), "ASSAULT")
    assert "mil_unit:africom" not in event.actors


def test_a_passive_strike_has_the_drone_as_materiel_and_the_plane_as_target():
    a = analysis("An Il-76 was struck by a drone at the Sabha airport.",
                 mentions={"Il-76": "EQUIPMENT", "drone": "EQUIPMENT"},
                 places={"Sabha airport": (27.01, 14.45, "airport")})
    event = only(run(a), "ASSAULT")
    assert "equipment:il-76" in event.targets
    assert "equipment:drone" in event.materiel


# --- French


def french(text: str, **kwargs) -> Analysis:
    a = analysis(text, **kwargs)
    a.document = Document(text=text, outlet="Test Wire", published=date(2024, 11, 22), language="fr")
    for record in (*a.mentions, *a.toponyms, *a.timexes):
        record.document_id = a.document.id
    return a


def test_french_verb_forms_are_generated_for_regular_verbs():
    forms = lexicon.french_verb_forms("déployer")
    assert {"déploie", "déployé", "déployées", "déploieraient"} <= forms


@pytest.mark.parametrize("text,event_type", [
    ("Une frappe de drone a visé un dépôt près de Gao.", "ASSAULT"),
    ("La Russie a déployé des instructeurs militaires à Bamako.", "DEPLOY"),
    ("Moscou a livré des blindés à l'armée malienne.", "TRANSFER"),
    ("Les soldats ont quitté la base aérienne de Dirkou.", "BASE_PRESENCE"),
    ("Des ouvriers construisent de nouveaux hangars sur la base.", "CONSTRUCTION"),
])
def test_french_triggers(text, event_type):
    assert event_type in [e.type for e in run(french(text))]


def test_french_move_takes_its_destination_from_vers():
    a = french("Moscou a acheminé des systèmes de défense aérienne de Syrie vers la Libye.",
               places={"Syrie": (35.0, 38.0, "country"), "Libye": (27.0, 17.0, "country")})
    event = only(run(a), "DEPLOY")
    assert event.destination.name == "Libye"
    assert event.origin.name == "Syrie"


@pytest.mark.parametrize("text,stance", [
    ("Des drones auraient frappé la base de Gao.", Stance.SPECULATED),
    ("Le commandement a démenti toute frappe sur la base.", Stance.DENIED),
    ("Selon des sources locales, des soldats ont attaqué un camp.", Stance.REPORTED),
])
def test_french_stance_cues(text, stance):
    events = run(french(text))
    assert events, text
    assert events[0].claims[0].stance == stance


def test_french_needs_words_are_found_after_a_detached_object():
    a = french("Les derniers soldats ont quitté lundi la base aérienne de Dirkou, a annoncé le ministère.")
    assert "BASE_PRESENCE" in [e.type for e in run(a)]


def test_french_irregular_spelling_of_a_regular_verb_is_listed():
    a = french("Moscou déplaçait navires et équipements de Tartous vers la Libye.")
    assert "DEPLOY" in [e.type for e in run(a)]


# --- lexicon rows added in the second round


def test_leaving_a_base_is_base_presence_but_leaving_a_meeting_is_no_event():
    left_base = analysis("The last French troops left the Gao air base on Monday.",
                         places={"Gao air base": (16.25, -0.0, "airbase")})
    assert [e.type for e in run(left_base)] == ["BASE_PRESENCE"]
    left_room = analysis("The minister left the meeting early.")
    assert "BASE_PRESENCE" not in [e.type for e in run(left_room)]


def test_hit_is_an_attack_only_near_a_weapon_or_military_target():
    struck = analysis("A drone hit a fuel depot at Sabha airport.",
                      places={"Sabha airport": (27.01, 14.45, "airport")})
    assert [e.type for e in run(struck)] == ["ASSAULT"]
    economy = analysis("Sanctions hit the economy hard.")
    assert "ASSAULT" not in [e.type for e in run(economy)]


def test_french_negation_with_aucun():
    a = french("Aucune frappe n'a visé la base de Gao.", places={"Gao": (16.27, -0.04, "city")})
    events = run(a)
    assert events and events[0].claims[0].stance == Stance.NEGATED


def test_a_purpose_infinitive_is_the_aim_of_the_move_not_a_second_event():
    a = analysis("The army sent a column north to retake the border posts near Kidal.",
                 places={"Kidal": (18.44, 1.41, "city")})
    assert [e.type for e in run(a)] == ["DEPLOY"]


def test_a_trailing_reporting_clause_attributes_the_event():
    a = analysis("Haftar held talks with the defence minister in Moscow on Saturday, the LNA said in a statement.",
                 mentions={"Haftar": "PERSON", "LNA": "ARMED_GROUP", "Moscow": "GPE"},
                 places={"Moscow": (55.75, 37.62, "city")})
    event = only(run(a), "CONSULT")
    assert event.claims[0].source_chain[-1] == "LNA"
    assert event.claims[0].stance == Stance.REPORTED


def test_an_accusation_is_placed_with_the_speaker_not_in_its_content():
    a = analysis("Washington accused Moscow of turning eastern Libya into a logistics platform.",
                 mentions={"Washington": "GPE", "Moscow": "GPE", "Libya": "GPE"},
                 places={"Washington": (38.9, -77.04, "city"), "Libya": (25.0, 17.0, "country")})
    assert only(run(a), "ACCUSE").location.name == "Washington"


def test_an_undated_sentence_inherits_the_time_of_the_last_dated_event_of_its_type():
    text = ("A drone struck a cargo plane at Sabha airport last June. "
            "The aircraft was badly damaged by the drone strike. "
            "Officials met in Tripoli to discuss security.")
    a = analysis(text, places={"Sabha airport": (27.01, 14.45, "airport"), "Tripoli": (32.89, 13.19, "city")},
                 times={"last June": (date(2024, 6, 1), date(2024, 6, 30), Precision.MONTH)})
    events = run(a)
    assaults = [e for e in events if e.type == "ASSAULT"]
    assert len(assaults) == 2
    assert assaults[1].time.start == date(2024, 6, 1) and assaults[1].attributes["time_basis"] == "inherited"
    consult = only(events, "CONSULT")
    assert consult.time_from_dct  # another kind of event does not inherit


@pytest.mark.parametrize("text,stance", [
    ("The army said it had struck a weapons depot near Kidal.", Stance.CLAIMED),
    ("Witnesses said the army had struck a weapons depot near Kidal.", Stance.REPORTED),
])
def test_a_doer_reporting_its_own_strike_claims_it(text, stance):
    a = analysis(text, places={"Kidal": (18.44, 1.41, "city")})
    assert only(run(a), "ASSAULT").claims[0].stance == stance


# --- what someone would not talk about claims nothing


@pytest.mark.parametrize("sentence", [
    "The ministry declined to comment on the deployment to Gao.",
    "Neither Rabat nor Algiers has commented on the delivery of the drones to Gao.",
    "The minister did not give details about which aircraft had been moved to Gao.",
    "Officials declined to say how many launchers had been moved to Gao.",
])
def test_an_event_told_only_as_what_someone_would_not_talk_about_is_no_event(sentence):
    a = analysis(sentence, places={"Gao": (16.27, -0.04, "city")})
    assert run(a) == []


def test_a_denial_is_still_a_claim_about_the_happening():
    a = analysis("The ministry denied that any troops had been deployed to Gao.",
                 places={"Gao": (16.27, -0.04, "city")})
    assert any(e.type == "DEPLOY" for e in run(a))
