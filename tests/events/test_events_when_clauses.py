"""Which of its sentence's times is an event's own (garrison/events/when.py), on sentences of our own."""

from __future__ import annotations

from datetime import date

from garrison.events import stage
from garrison.model import Precision

from .helpers import analysis

PUBLISHED = date(2025, 3, 12)
MARCH_3 = (date(2025, 3, 3), date(2025, 3, 3), Precision.DAY)
RECENT = (date(2024, 12, 12), date(2025, 3, 12), Precision.APPROXIMATE)


def events_of(text, times):
    return stage.run([analysis(text, published=PUBLISHED, times=times)])[0].events


def by_trigger(events, trigger):
    found = [e for e in events if e.trigger == trigger]
    assert found, [(e.type, e.trigger) for e in events]
    return found[0]


def test_a_time_in_a_relative_clause_on_an_argument_dates_that_argument_not_the_event():
    text = "Police arrived in Dorla to stop the looting that began on 3 March.\nThe town was calm.\n"  # no note
    arrival = by_trigger(events_of(text, {"on 3 March": MARCH_3}), "arrived")
    assert arrival.time_from_dct and arrival.attributes["time_basis"] == "publication"


def test_a_time_in_a_relative_clause_on_the_events_subject_still_dates_it():
    text = "The blast that hit the market on 3 March killed four traders.\nThe town was calm.\n"
    killing = by_trigger(events_of(text, {"on 3 March": MARCH_3}), "killed")
    assert (killing.time.start, killing.attributes["time_basis"]) == (date(2025, 3, 3), "clause")


def test_the_date_of_a_dateline_is_the_filing_day_not_the_events():
    text = "Gao, 12 March 2025 – Armoured vehicles arrived in Gao, according to images aired on Monday.\n"
    monday = (date(2025, 3, 10), date(2025, 3, 10), Precision.DAY)
    filed = (PUBLISHED, PUBLISHED, Precision.DAY)
    arrival = by_trigger(events_of(text, {"12 March 2025": filed, "on Monday": monday}), "arrived")
    assert arrival.time.start == date(2025, 3, 10)


def test_the_same_date_in_the_story_is_not_a_dateline():
    text = "Armoured vehicles arrived in Gao on 12 March 2025, residents said.\n"
    filed = (PUBLISHED, PUBLISHED, Precision.DAY)
    arrival = by_trigger(events_of(text, {"on 12 March 2025": filed}), "arrived")
    assert (arrival.time.start, arrival.attributes["time_basis"]) == (PUBLISHED, "own")


def test_a_vague_time_on_an_argument_does_not_date_the_event():
    text = "Students marched through Awasa to protest against recent robberies.\n"
    march = by_trigger(events_of(text, {"recent": RECENT}), "marched")
    assert march.time_from_dct


def test_a_vague_time_on_the_trigger_dates_it():
    text = "Militia fighters recently attacked the village of Dorla.\n"
    attack = by_trigger(events_of(text, {"recently": RECENT}), "attacked")
    assert (attack.time.precision, attack.time_from_dct) == (Precision.APPROXIMATE, False)


def test_a_relative_clause_telling_an_act_of_the_events_kind_dates_it():
    text = "A commander was killed in an air strike that hit his house on 3 March.\nThe town was calm.\n"
    killing = by_trigger(events_of(text, {"on 3 March": MARCH_3}), "killed")
    assert (killing.time.start, killing.time_from_dct) == (date(2025, 3, 3), False)


TODAY = (PUBLISHED, PUBLISHED, Precision.DAY)
MARCH_10 = (date(2025, 3, 10), date(2025, 3, 10), Precision.DAY)


def test_today_beside_a_written_day_just_before_the_publication_is_that_day():
    text = "Two guards were wounded in today's shelling of the depot on 10 March.\nThe town was calm.\n"
    wounding = by_trigger(events_of(text, {"today": TODAY, "10 March": MARCH_10}), "wounded")
    assert wounding.time.start == date(2025, 3, 10)


def test_today_beside_a_day_long_past_stays_the_publication():
    text = "Two guards were wounded in today's shelling of the depot, the worst since 10 January.\nThe town was calm.\n"
    january = (date(2025, 1, 10), date(2025, 1, 10), Precision.DAY)
    wounding = by_trigger(events_of(text, {"today": TODAY, "10 January": january}), "wounded")
    assert wounding.time.start == PUBLISHED


def test_today_beside_two_written_days_stays_the_publication():
    text = "Two guards were wounded in today's shelling of the depot, after raids on 9 March and 10 March.\nCalm.\n"
    ninth = (date(2025, 3, 9), date(2025, 3, 9), Precision.DAY)
    wounding = by_trigger(events_of(text, {"today": TODAY, "9 March": ninth, "10 March": MARCH_10}), "wounded")
    assert wounding.time.start == PUBLISHED


def test_the_time_a_first_of_its_kind_is_counted_from_does_not_date_it():
    text = "It was the first visit by the defence minister since the coup in January.\nThe town was calm.\n"
    january = (date(2025, 1, 1), date(2025, 1, 31), Precision.MONTH)
    visit = by_trigger(events_of(text, {"January": january}), "visit")
    assert visit.time_from_dct


def test_a_time_since_which_no_superlative_is_claimed_still_dates_it():
    text = "Soldiers have been deployed in the border town since January.\nThe town was calm.\n"
    january = (date(2025, 1, 1), date(2025, 1, 31), Precision.MONTH)
    deployment = by_trigger(events_of(text, {"January": january}), "deployed")
    assert (deployment.time.start, deployment.time_from_dct) == (date(2025, 1, 1), False)


def test_the_time_of_what_a_superlative_is_measured_against_still_dates_that():
    text = "The index fell 4 percent, its biggest fall since the March 3, 2024, terrorist attacks.\nCalm.\n"
    march_3 = (date(2024, 3, 3), date(2024, 3, 3), Precision.DAY)
    attacks = by_trigger(events_of(text, {"March 3, 2024": march_3}), "attacks")
    assert (attacks.time.start, attacks.time_from_dct) == (date(2024, 3, 3), False)


def test_a_relative_clause_in_the_progressive_tells_the_arguments_state_at_the_events_time():
    text = "A drone struck a cargo plane that was unloading ammunition at Dorla airfield on 3 March.\nThe town was calm.\n"
    strike = by_trigger(events_of(text, {"on 3 March": MARCH_3}), "struck")
    assert (strike.time.start, strike.time_from_dct) == (date(2025, 3, 3), False)
    # the simple past tells a happening of its own: it still does not date the event
    text = "A drone struck the depot that supplied the looters on 3 March.\nThe town was calm.\n"
    strike = by_trigger(events_of(text, {"on 3 March": MARCH_3}), "struck")
    assert strike.time_from_dct


def test_an_expression_whose_parse_runs_into_the_next_sentence_is_weighed_without_hanging():
    """A time expression may start in the event's sentence and end in the next one (a parser splitting "on 1st
    Oct 2017." after "1st"): walking up from its head token reaches that other sentence's root, never the
    event's — the walk must stop there (it once compared tokens with ``is``, which never holds, and ran on)."""
    import signal

    from garrison import nlp
    from garrison.events import when

    doc = nlp.load("en")("Troops arrived in Gao on Monday. The minister thanked them in a speech.")
    head = next(t for t in doc if t.text == "arrived")
    other_root = next(t for t in doc if t.text == "thanked")
    def stop(*_):
        raise TimeoutError("the walk up the parse did not stop at the other sentence's root")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(5)
    try:
        assert when._in_other_relative_clause(next(t for t in doc if t.text == "speech"), head) is False
        assert when._in_other_relative_clause(other_root, head) is False
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
