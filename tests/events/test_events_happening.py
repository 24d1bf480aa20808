"""A sentence that goes on telling the happening just told takes that happening's type
(garrison/events/happening.py): the parts of a happening are not happenings of their own."""

from __future__ import annotations

from datetime import date

from garrison.events import stage
from garrison.model import Label, Mention, Precision

from .helpers import analysis

GOSSI = {"Gossi": (15.82, -1.30, "airbase"), "Chad": (15.0, 19.0, "country")}
COUNTRIES = {"Mali": (17.0, -4.0, "country"), "Niger": (17.0, 9.0, "country")}
FRIDAY = {"on Friday": (date(2024, 11, 15), date(2024, 11, 15), Precision.DAY)}


def run(a):
    return stage.run([a])[0].events


def of_sentence(events, start: str):
    return [e for e in events if e.claims[0].evidence[0].text.startswith(start)]


def test_the_departing_troops_flown_out_are_the_withdrawal_at_its_site_and_time():
    text = ("The French army completed its withdrawal from the Gossi base on Friday. "
            "Some of the departing soldiers were flown to Chad, an army spokesman said.")
    events = run(analysis(text, places=GOSSI, times=FRIDAY))
    [flown] = of_sentence(events, "Some of")
    assert (flown.type, flown.mode) == ("BASE_PRESENCE", "withdrawal")
    assert flown.attributes["sentence_type"][0] == "DEPLOY"
    assert flown.attributes["happening_type_from"] == "withdrawal"
    assert flown.location.name == "Gossi" and flown.time.start == date(2024, 11, 15)


def test_equipment_sent_on_after_a_withdrawal_is_a_move_of_its_own():
    text = ("The French army completed its withdrawal from the Gossi base on Friday. "
            "Part of its equipment could be flown to Chad, an army spokesman said.")
    events = run(analysis(text, places=GOSSI, times=FRIDAY))
    assert [e.type for e in of_sentence(events, "Part of")] == ["DEPLOY"]


def test_recruiting_for_a_force_just_created_is_part_of_its_creation():
    text = ("The defence ministry has set up a new expeditionary corps for the Sahel. "
            "Recruitment has already begun in Mali and Niger.")
    events = run(analysis(text, places=COUNTRIES))
    assert events[0].type == "ORG_CHANGE"
    assert [e.type for e in of_sentence(events, "Recruitment")] == ["ORG_CHANGE"]


def test_what_deployed_forces_are_to_do_is_the_deployment():
    text = ("About 200 soldiers arrived in Gao on Monday, the army said. "
            "The soldiers would train the local police, a spokesman added.")
    events = run(analysis(text, places={"Gao": (16.27, -0.04, "city")}))
    assert [e.type for e in of_sentence(events, "The soldiers")] == ["DEPLOY"]


def test_another_party_training_after_a_deployment_is_its_own_cooperation():
    text = ("About 200 soldiers arrived in Gao on Monday, the army said. "
            "Turkey would train the local police, a spokesman added.")
    events = run(analysis(text, places={"Gao": (16.27, -0.04, "city")}, mentions={"Turkey": "GPE"}))
    assert [e.type for e in of_sentence(events, "Turkey")] == ["COOPERATE"]


def test_a_toll_told_after_a_battle_is_the_battle_and_one_event_with_it_in_its_sentence():
    text = ("Rebels and government troops clashed near Gao on Sunday. "
            "Two villagers were killed and five wounded, the army said.")
    events = run(analysis(text, places={"Gao": (16.27, -0.04, "city")}))
    toll = of_sentence(events, "Two villagers")
    assert [e.type for e in toll] == ["FIGHT"]


def test_a_killing_by_a_named_doer_after_a_battle_stays_an_attack():
    text = ("Rebels and government troops clashed near Gao on Sunday. "
            "The next day militants killed two villagers in a nearby market.")
    events = run(analysis(text, places={"Gao": (16.27, -0.04, "city")}, mentions={"militants": "ARMED_GROUP"}))
    assert "ASSAULT" in [e.type for e in of_sentence(events, "The next day")]


def test_a_part_too_far_from_its_happening_keeps_its_own_type():
    text = ("The defence ministry has set up a new expeditionary corps for the Sahel. "
            "Officials met in the capital. The market reopened. The rains came late. "
            "Recruitment has already begun in Mali and Niger.")
    events = run(analysis(text, places=COUNTRIES))
    assert [e.type for e in of_sentence(events, "Recruitment")] == ["MOBILIZE"]


def test_a_position_restated_after_a_call_is_what_was_said_in_the_call_and_so_is_what_it_offers():
    text = ("The foreign ministers of Mali and Russia held a telephone conversation in Moscow on Tuesday. "
            "Moscow reaffirmed its readiness to keep helping Bamako strengthen its army and train its officers.")
    a = analysis(text, places={"Moscow": (55.75, 37.62, "city")}, mentions={"Bamako": "GPE"})
    second = text.rfind("Moscow")  # the capital standing for its government, doer of the second sentence
    a.mentions.append(Mention(a.document.id, second, second + len("Moscow"), "Moscow", Label.GPE))
    events = run(a)
    assert events[0].type == "CONSULT"
    assert [e.type for e in of_sentence(events, "Moscow reaffirmed")] == ["CONSULT"]


def test_a_sentence_that_already_tells_the_happening_keeps_its_other_act():
    text = ("The army completed its withdrawal from the Gossi base on Friday. "
            "Its last troops left the Gossi base and some soldiers were flown to Chad.")
    events = run(analysis(text, places=GOSSI, times=FRIDAY))
    assert sorted(e.type for e in of_sentence(events, "Its last")) == ["BASE_PRESENCE", "DEPLOY"]
