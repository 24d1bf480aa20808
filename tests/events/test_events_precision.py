"""Stop 24 (precision): acts the report does not tell as its news, and news the salience rules wrongly hid.

Every sentence here is our own."""

from __future__ import annotations

from datetime import date

from garrison.events import salience, stage
from garrison.model import Precision

from .helpers import analysis


def run(a):
    return stage.run([a])[0].events


def news(events, event_type=None):
    return [e for e in events if not salience.is_background(e) and (event_type is None or e.type == event_type)]


def background(events, event_type=None):
    return [e for e in events if salience.is_background(e) and (event_type is None or e.type == event_type)]


YEAR_2019 = (date(2019, 1, 1), date(2019, 12, 31), Precision.YEAR)


def test_a_time_in_a_clause_describing_another_noun_does_not_make_the_act_old():
    a = analysis(
        "The last French soldiers left the airfield at Faya, in line with a timetable agreed in 2019, the army said.",
        published=date(2025, 6, 10), places={"Faya": (17.92, 19.1, "airfield")},
        mentions={"French soldiers": "MIL_UNIT"}, times={"2019": YEAR_2019},
    )
    events = run(a)
    assert news(events) and not [e for e in background(events) if e.attributes["background_reason"] == "old"]


def test_a_time_in_an_after_phrase_dates_the_earlier_happening_not_the_act():
    a = analysis(
        "After the minister's visit to Moscow in 2019, Chadian officials agreed to let Russian aircraft use Faya.",
        published=date(2025, 6, 10), places={"Faya": (17.92, 19.1, "airfield"), "Moscow": (55.75, 37.62, "city")},
        mentions={"Chadian officials": "ORG"}, times={"2019": YEAR_2019},
    )
    assert news(run(a), "AGREE")


def test_a_time_in_an_after_clause_still_dates_a_pluperfect_act_as_old():
    # a clause ("after the rebels seized the town in 2019") tells its own happening; the convoy sent then is history
    a = analysis(
        "The convoy had been sent north after the rebels seized the town of Faya in 2019.",
        published=date(2025, 6, 10), places={"Faya": (17.92, 19.1, "town")}, times={"2019": YEAR_2019},
    )
    events = run(a)
    assert events and not news(events, "DEPLOY")


def test_the_perfect_for_months_is_a_standing_state_and_an_arrival_on_monday_is_news():
    lasting = analysis(
        "Russian instructors have been stationed at Faya airfield for several months.",
        published=date(2025, 6, 10), places={"Faya airfield": (17.92, 19.1, "airfield")},
        mentions={"Russian instructors": "MIL_UNIT"},
    )
    arrived = analysis(
        "Russian instructors arrived at Faya airfield on Monday.",
        published=date(2025, 6, 10), places={"Faya airfield": (17.92, 19.1, "airfield")},
        mentions={"Russian instructors": "MIL_UNIT"},
    )
    lasting_events, arrived_events = run(lasting), run(arrived)
    assert lasting_events and not news(lasting_events)
    assert background(lasting_events)[0].attributes["background_reason"] == "since"
    assert news(arrived_events)


def test_a_promise_of_an_act_is_that_act_planned_not_an_agreement_of_its_own():
    a = analysis("Chad pledged to send two battalions to Faya.", published=date(2025, 6, 10),
                 places={"Faya": (17.92, 19.1, "town")}, mentions={"Chad": "GPE"})
    events = run(a)
    assert [e.type for e in events] == ["DEPLOY"]
    assert events[0].claims[0].stance.value == "planned"


def test_a_stated_readiness_to_train_is_the_training_planned_not_support():
    a = analysis("Paris reaffirmed its readiness to train the Chadian army at Faya.", published=date(2025, 6, 10),
                 places={"Faya": (17.92, 19.1, "town")}, mentions={"Paris": "GPE", "Chadian army": "MIL_UNIT"})
    events = run(a)
    assert "SUPPORT" not in [e.type for e in events]
    assert events and all(e.claims[0].stance.value == "planned" for e in events)


def test_a_promise_of_support_alone_stays_the_promise():
    a = analysis("Chad promised its support to the transition.", published=date(2025, 6, 10), mentions={"Chad": "GPE"})
    assert [e.type for e in run(a)] == ["SUPPORT"]


def test_not_ruling_out_is_a_hedge_on_the_act_not_a_refusal_and_ruling_out_talks_is_one():
    hedge = analysis("The army did not rule out a deployment of troops to Faya.",
                     published=date(2025, 6, 10), places={"Faya": (17.92, 19.1, "town")})
    refusal = analysis("The government ruled out talks with the rebels.", published=date(2025, 6, 10),
                       mentions={"The government": "ORG"})
    events = run(hedge)
    assert [e.type for e in events] == ["DEPLOY"]
    assert events[0].claims[0].stance.value == "speculated"  # possible, not negated
    assert "REJECT" in [e.type for e in run(refusal)]


def test_an_act_the_report_calls_unknown_is_an_open_question():
    unknown = analysis("It is not known whether the Chadian troops landed at Faya airfield.", published=date(2025, 6, 10),
                       places={"Faya airfield": (17.92, 19.1, "airfield")}, mentions={"Chadian troops": "MIL_UNIT"})
    told = analysis("The Chadian troops landed at Faya airfield.", published=date(2025, 6, 10),
                    places={"Faya airfield": (17.92, 19.1, "airfield")}, mentions={"Chadian troops": "MIL_UNIT"})
    events = run(unknown)
    assert events and not news(events)
    assert background(events)[0].attributes["background_reason"] == "open question"
    assert news(run(told))


def test_a_relative_clause_beside_an_open_question_still_tells_its_act():
    a = analysis("It remains unclear how many troops Chad keeps at Faya airfield, where it landed two transport planes "
                 "on Monday.", published=date(2025, 6, 10), places={"Faya airfield": (17.92, 19.1, "airfield")},
                 mentions={"Chad": "GPE"})
    assert news(run(a))


def test_a_sentence_telling_a_party_kept_silent_on_the_convoy_continues_no_act():
    a = analysis("A convoy of Chadian tanks arrived at Faya airfield on Monday. The army remained silent on the origin "
                 "of the tanks.", published=date(2025, 6, 10), places={"Faya airfield": (17.92, 19.1, "airfield")},
                 mentions={"Chadian tanks": "EQUIPMENT", "tanks": "EQUIPMENT", "The army": "MIL_UNIT"})
    events = run(a)
    second = [e for e in events if "silent" in e.claims[0].evidence[0].text]
    assert news(events) and not [e for e in second if not salience.is_background(e)]


def test_a_time_from_another_clause_of_the_sentence_does_not_make_the_act_old():
    a = analysis('"The scale of the works at Faya airfield suggests a long stay," the institute wrote, noting that '
                 'helicopters have been parked on the apron since 2019.', published=date(2025, 1, 20),
                 places={"Faya airfield": (17.92, 19.1, "airfield")}, times={"2019": YEAR_2019})
    events = run(a)
    assert [e.attributes.get("time_basis") for e in events] == ["sentence"]
    assert news(events, "CONSTRUCTION")


def test_after_the_lede_an_act_told_as_earlier_this_month_is_a_previous_development():
    a = analysis("Chadian troops arrived at Faya airfield on Monday. Earlier this month the government cancelled a "
                 "defence agreement with Paris.", published=date(2025, 6, 20),
                 places={"Faya airfield": (17.92, 19.1, "airfield")},
                 mentions={"Chadian troops": "MIL_UNIT", "the government": "ORG", "Paris": "GPE"},
                 times={"Monday": (date(2025, 6, 16), date(2025, 6, 16), Precision.DAY),
                        "Earlier this month": (date(2025, 6, 1), date(2025, 6, 20), Precision.MONTH)})
    events = run(a)
    assert news(events, "DEPLOY")
    later = [e for e in events if "Earlier" in e.claims[0].evidence[0].text]
    assert later and all(e.attributes.get("background_reason") == "before the news" for e in later)


def test_a_reaction_to_a_happening_named_again_adds_no_news_event():
    a = analysis("Russian transport aircraft have flown troops to Faya airfield this week. The deployment worries "
                 "Paris.", published=date(2025, 6, 20), places={"Faya airfield": (17.92, 19.1, "airfield")},
                 mentions={"Paris": "GPE"})
    events = run(a)
    second = [e for e in events if "worries" in e.claims[0].evidence[0].text]
    assert news(events) and second and not news(second)


def test_a_sentence_framing_by_another_happening_does_not_go_on_telling_the_act():
    a = analysis("Dozens of Chadian tanks were delivered to Faya airfield on Monday. The address came two days after "
                 "footage of the T-72 tanks crossing the town circulated on social networks.", published=date(2025, 6, 20),
                 places={"Faya airfield": (17.92, 19.1, "airfield")},
                 mentions={"Chadian tanks": "EQUIPMENT", "T-72 tanks": "EQUIPMENT"})
    events = run(a)
    second = [e for e in events if "address" in e.claims[0].evidence[0].text]
    assert news(events) and second and not news(second)


def test_what_a_site_could_become_is_a_forecast():
    could = analysis("The port at Faya could become Chad's first naval outpost.", published=date(2025, 6, 10),
                     places={"Faya": (17.92, 19.1, "town")}, mentions={"Chad": "GPE"})
    events = run(could)
    assert events and not news(events)
    assert background(events)[0].attributes["background_reason"] == "hypothetical"


def test_an_act_during_the_war_is_history_and_one_this_week_is_news():
    past = analysis("The airfield at Faya was used by Libyan forces during the war.", published=date(2025, 6, 10),
                    places={"Faya": (17.92, 19.1, "airfield")}, mentions={"Libyan forces": "MIL_UNIT"})
    recent = analysis("The airfield at Faya was used by Libyan forces this week.", published=date(2025, 6, 10),
                      places={"Faya": (17.92, 19.1, "airfield")}, mentions={"Libyan forces": "MIL_UNIT"})
    events = run(past)
    assert events and not news(events)
    assert background(events)[0].attributes["background_reason"] == "history cue"
    assert news(run(recent))


def test_no_agreement_reached_is_no_agreement_and_a_negated_plan_keeps_its_act():
    none = analysis("Chad is weighing whether Faya could host French jets, though officials said no agreement had been "
                    "reached with Paris.", published=date(2025, 6, 10), places={"Faya": (17.92, 19.1, "town")},
                    mentions={"Chad": "GPE", "Paris": "GPE"})
    plan = analysis("The French army said it had no plans to return to Faya.", published=date(2025, 6, 10),
                    places={"Faya": (17.92, 19.1, "town")}, mentions={"The French army": "MIL_UNIT"})
    signed = analysis("No agreement was signed between Chad and France on the use of Faya airfield.",
                      published=date(2025, 6, 10), places={"Faya airfield": (17.92, 19.1, "airfield")},
                      mentions={"Chad": "GPE", "France": "GPE"})
    assert "AGREE" not in [e.type for e in run(none)]
    assert "AGREE" not in [e.type for e in run(signed)]
    assert [e.claims[0].stance.value for e in run(plan)] == ["negated"]


def test_always_tells_a_standing_pattern():
    a = analysis("Chadian troops have always landed at Faya airfield.", published=date(2025, 6, 10),
                 places={"Faya airfield": (17.92, 19.1, "airfield")}, mentions={"Chadian troops": "MIL_UNIT"})
    events = run(a)
    assert events and [e.attributes.get("background_reason") for e in events] == ["habitual"]
