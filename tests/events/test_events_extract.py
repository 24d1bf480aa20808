"""The events stage on sentences in the register of military-presence reporting."""

from __future__ import annotations

from datetime import date

import pytest

from garrison.events import stage
from garrison.model import Precision, Stance

from .helpers import analysis, only


def run(a):
    return stage.run([a])[0].events


def test_drone_strike_on_a_transport_plane_at_an_air_base():
    a = analysis(
        "A Bayraktar TB2 drone struck an Il-76 transport aircraft at Al-Wattiya air base last March, "
        "killing three crew members.",
        mentions={"Bayraktar TB2": "EQUIPMENT", "Il-76": "EQUIPMENT", "Al-Wattiya air base": "FACILITY"},
        places={"Al-Wattiya air base": (32.4769, 11.8986, "airbase")},
        times={"last March": (date(2024, 3, 1), date(2024, 3, 31), Precision.MONTH)},
    )
    event = only(run(a), "ASSAULT")
    assert event.mode == "air/drone strike"
    assert "equipment:bayraktar-tb2" in event.materiel
    assert "equipment:il-76" in event.targets
    assert event.location is not None and event.location.name == "Al-Wattiya air base"
    assert (event.time.start, event.time.precision) == (date(2024, 3, 1), Precision.MONTH)
    assert event.time_from_dct is False
    assert event.fatalities == 3
    claim = event.claims[0]
    assert claim.stance == Stance.ASSERTED and claim.outlet == "Test Wire" and claim.source_chain == []
    assert claim.evidence[0].text.startswith("A Bayraktar TB2 drone struck")


def test_a_denied_strike_is_one_assault_with_stance_denied():
    a = analysis(
        "In a statement, AFRICOM denied any involvement in the bombing of a Russian transport plane at Jufra.",
        mentions={"AFRICOM": "ORG", "Russian": "NORP", "Jufra": "FACILITY"},
        places={"Jufra": (29.198, 16.0, "airbase")},
    )
    events = run(a)
    event = only(events, "ASSAULT")
    assert event.claims[0].stance == Stance.DENIED
    assert event.claims[0].cue == "denied"
    assert event.claims[0].speaker == "AFRICOM" and event.claims[0].source_chain == ["AFRICOM"]
    assert not [e for e in events if e.type == "REJECT"], "the denial is a stance, not an event of its own"
    assert event.location is not None and event.location.name == "Jufra"


def test_redeployment_from_tartus_to_libya_with_a_cited_source_chain():
    a = analysis(
        "According to Western officials cited by Reuters, Moscow has moved troops and radars from its naval "
        "facility in Tartus to Libya.",
        mentions={"Reuters": "ORG", "Moscow": "GPE", "Tartus": "GPE", "Libya": "GPE"},
        places={"Tartus": (34.889, 35.887, "port"), "Libya": (27.0, 17.0, "country")},
    )
    event = only(run(a), "DEPLOY")
    assert event.mode == "redeployment"
    assert event.origin is not None and event.origin.name == "Tartus"
    assert event.destination is not None and event.destination.name == "Libya"
    assert event.location.name == "Libya"
    assert event.actors == ["gpe:moscow"]
    claim = event.claims[0]
    assert claim.source_chain == ["Reuters", "Western officials"]
    assert claim.stance == Stance.REPORTED


def test_speaker_role_and_interview_outlet():
    a = analysis(
        "Russia has begun to transfer air defence systems from Syria to Benghazi, said Jean Martin, "
        "the French armed forces minister, in an interview with the weekly Le Point.",
        mentions={"Russia": "GPE", "Syria": "GPE", "Benghazi": "GPE", "Jean Martin": "PERSON"},
        places={"Syria": (35.0, 38.0, "country"), "Benghazi": (32.1167, 20.0667, "city")},
    )
    event = only(run(a), "DEPLOY")
    claim = event.claims[0]
    assert claim.speaker == "Jean Martin"
    assert claim.speaker_role == "French armed forces minister"
    assert claim.source_chain == ["Le Point", "Jean Martin"]
    assert (event.origin.name, event.destination.name) == ("Syria", "Benghazi")


def test_the_agency_citing_sources_resolves_to_the_outlet_named_before():
    a = analysis(
        "Bloomberg reported the talks on Monday. Moscow and Benghazi are negotiating a basing agreement, "
        "the agency said, citing informed sources.",
        mentions={"Bloomberg": "ORG", "Moscow": "GPE", "Benghazi": "GPE"},
    )
    event = only(run(a), "AGREE")
    assert event.claims[0].source_chain == ["Bloomberg", "informed sources"]


def test_access_to_bases_is_base_presence_speculated():
    a = analysis(
        "Russia would have access to the bases of Al-Jufra and Brak.",
        mentions={"Russia": "GPE", "Al-Jufra": "FACILITY", "Brak": "FACILITY"},
        places={"Al-Jufra": (29.198, 16.0, "airbase")},
    )
    event = only(run(a), "BASE_PRESENCE")
    assert event.mode == "access"
    assert event.actors == ["gpe:russia"]
    assert event.location.name == "Al-Jufra"
    assert event.claims[0].stance == Stance.SPECULATED


def test_set_to_become_a_logistics_hub_is_planned_at_the_subject_site():
    a = analysis(
        "The airfield of Maaten al-Sarra is set to become a logistics hub for Russian operations in Africa.",
        mentions={"Maaten al-Sarra": "FACILITY", "Africa": "LOC"},
        places={"Maaten al-Sarra": (21.687, 21.83, "airbase"), "Africa": (5.0, 20.0, "region")},
    )
    event = only(run(a), "BASE_PRESENCE")
    assert event.claims[0].stance == Stance.PLANNED
    assert event.location.name == "Maaten al-Sarra"


def test_no_announcement_about_any_delivery_is_a_negated_transfer():
    a = analysis(
        "The Malian army has not made any announcement about any delivery of armoured vehicles.",
        mentions={"Malian army": "ARMED_GROUP"},
    )
    event = only(run(a), "TRANSFER")
    assert event.claims[0].stance == Stance.NEGATED


def test_wagner_rebranded_as_africa_corps_is_an_org_change():
    a = analysis(
        "The Wagner Group was rebranded as the Africa Corps under the control of the Defence Ministry.",
        mentions={"Wagner Group": "ARMED_GROUP", "Africa Corps": "ARMED_GROUP", "Defence Ministry": "ORG"},
    )
    event = only(run(a), "ORG_CHANGE")
    assert event.mode == "change to group/activity"
    assert "armed_group:wagner-group" in event.targets + event.actors + event.materiel or event.trigger == "rebranded"


def test_construction_at_an_air_base():
    a = analysis(
        "Satellite images show the construction of new hangars at the air base in Bamako.",
        mentions={"Bamako": "GPE"},
        places={"Bamako": (12.65, -8.0, "city")},
    )
    event = only(run(a), "CONSTRUCTION")
    assert event.location.name == "Bamako"


def test_without_a_time_expression_the_publication_date_stands_in():
    a = analysis("Russian engineers are building a new runway at the base.", published=date(2025, 1, 20))
    event = only(run(a), "CONSTRUCTION")
    assert event.time_from_dct is True and event.time.start == date(2025, 1, 20)


def test_several_events_in_one_sentence():
    a = analysis("Rebels ambushed a convoy near Kidal and the army shelled their positions.",
                 mentions={"Kidal": "GPE"}, places={"Kidal": (18.44, 1.41, "city")})
    types = sorted(e.type for e in run(a))
    assert types == ["ASSAULT", "FIGHT"]


def test_capitalised_words_inside_names_are_not_triggers():
    a = analysis("The Support Group for Islam and Muslims is active in central Mali.",
                 mentions={"Support Group for Islam and Muslims": "ARMED_GROUP", "Mali": "GPE"})
    assert [e.type for e in run(a)] == []


def test_events_round_trip_through_json():
    from garrison.model import Analysis

    a = analysis("Turkey delivered armed drones to the government in Tripoli in January.",
                 mentions={"Turkey": "GPE", "Tripoli": "GPE"}, places={"Tripoli": (32.89, 13.19, "city")})
    done = stage.run([a])[0]
    again = Analysis.from_dict(done.to_dict())
    assert again.events == done.events
    assert again.events[0].claims[0].event_id == again.events[0].id


@pytest.mark.parametrize("text,stance", [
    ("Officials said the army will deploy two battalions to Gao in 2025.", Stance.PLANNED),
    ("The army plans to deploy two battalions to Gao.", Stance.PLANNED),
    ("The army probably deployed two battalions to Gao.", Stance.SPECULATED),
    ("It is likely that the army deployed two battalions to Gao.", Stance.SPECULATED),
    ("The army deployed two battalions to Gao.", Stance.ASSERTED),
    ("The army did not deploy any battalions to Gao.", Stance.NEGATED),
    ("The ministry said the army deployed two battalions to Gao.", Stance.REPORTED),
])
def test_stance_cues(text, stance):
    event = only(run(analysis(text)), "DEPLOY")
    assert event.claims[0].stance == stance


def test_empty_and_eventless_documents_give_no_events():
    done = stage.run([analysis(""), analysis("The weather in the capital was mild on Sunday.")])
    assert [a.events for a in done] == [[], []]


def test_a_record_taken_or_published_is_not_a_capture_or_a_release():
    pictures = analysis("Images captured on Monday show a burnt hangar at Faya airfield.",
                        places={"Faya airfield": (17.92, 19.1, "airfield")})
    statement = analysis("The army released a statement on the fighting near Faya airfield.",
                         places={"Faya airfield": (17.92, 19.1, "airfield")})
    town = analysis("Rebels captured Faya airfield on Monday.", mentions={"Rebels": "ARMED_GROUP"},
                    places={"Faya airfield": (17.92, 19.1, "airfield")})
    assert not [e for e in stage.run([pictures])[0].events if e.trigger == "captured"]
    assert not [e for e in stage.run([statement])[0].events if e.trigger == "released"]
    assert [e.trigger for e in stage.run([town])[0].events] == ["captured"]


def test_at_the_request_of_gives_an_acts_basis_not_a_request():
    basis = analysis("Chadian instructors are training soldiers at Faya airfield at the request of the Government "
                     "of Chad.", places={"Faya airfield": (17.92, 19.1, "airfield")},
                     mentions={"Government of Chad": "ORG"})
    asked = analysis("The government made a request for more instructors at Faya airfield.",
                     places={"Faya airfield": (17.92, 19.1, "airfield")})
    assert "REQUEST" not in [e.type for e in stage.run([basis])[0].events]
    assert "REQUEST" in [e.type for e in stage.run([asked])[0].events]


def test_a_force_losing_its_men_reports_a_battle_losing_a_base_a_withdrawal():
    men = analysis("The rebel group said it lost twelve of its fighters near Kidal.",
                   places={"Kidal": (18.44, 1.41, "city")})
    base = analysis("The army lost the base at Kidal.", places={"Kidal": (18.44, 1.41, "city")})
    assert [e.type for e in stage.run([men])[0].events] == ["FIGHT"]
    assert [e.type for e in stage.run([base])[0].events] == ["BASE_PRESENCE"]


def test_french_discuter_is_talks():
    from garrison.events import triggers
    from garrison import nlp

    a = analysis("Le ministre tchadien a discuté lundi avec son homologue libyen à Tripoli.",
                 places={"Tripoli": (32.9, 13.18, "city")})
    a.document.language = "fr"
    nlp.ensure_parsed([a])
    assert [h.type for h in triggers.find(a.nlp_doc)] == ["CONSULT"]


def test_a_trigger_noun_modifying_another_in_a_compound_is_no_act_of_its_own():
    from garrison.events import triggers
    from garrison import nlp

    compound = analysis("Chad signed defence cooperation agreements with Niger and Mali.",
                        mentions={"Chad": "GPE", "Niger": "GPE", "Mali": "GPE"})
    own = analysis("Chad and Niger announced closer military cooperation.", mentions={"Chad": "GPE", "Niger": "GPE"})
    nlp.ensure_parsed([compound, own])
    assert "COOPERATE" not in [h.type for h in triggers.find(compound.nlp_doc)]
    assert "COOPERATE" in [h.type for h in triggers.find(own.nlp_doc)]


def test_an_accord_revoked_is_the_thing_ended_an_accusation_rejected_stays_the_claim():
    from garrison.events import triggers
    from garrison import nlp

    revoked = analysis("Chad revoked its defence accord with France on Monday.", mentions={"Chad": "GPE", "France": "GPE"})
    rejected = analysis("Chad rejected the accusations by France on Monday.", mentions={"Chad": "GPE", "France": "GPE"})
    nlp.ensure_parsed([revoked, rejected])
    assert [h.type for h in triggers.find(revoked.nlp_doc)] == ["REJECT"]
    assert "ACCUSE" in [h.type for h in triggers.find(rejected.nlp_doc)]
