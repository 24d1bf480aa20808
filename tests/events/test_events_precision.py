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
