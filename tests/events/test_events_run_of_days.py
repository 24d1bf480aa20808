"""An act told as a run of days ("over two days", "since Monday … 8 May") is dated to the run, which the ACLED export
writes one row per day; and the scorer counts an event dated to the run a note states exact for each of its rows."""

from __future__ import annotations

from datetime import date

from garrison.dates.recognise import find_time_expressions
from garrison.eval.events import dated_to_a_stated_run
from garrison.events import stage
from garrison.model import Precision, TimeSpan

from .helpers import analysis

PUBLISHED = date(2025, 5, 10)  # a Saturday


def read(text, places=None):
    a = analysis(text, published=PUBLISHED, places=places or {"Ganta": (7.23, -8.98, "city")})
    a.timexes = find_time_expressions(text, PUBLISHED, document_id=a.document.id)
    return stage.run([a])[0].events


def span_of(event):
    return event.time.start, event.time.end


def test_a_length_in_days_on_the_act_spreads_the_day_the_note_lends_it():
    events = read("Herders attacked Ganta over two days. Four farmers were killed on 6 May.")
    attack = next(e for e in events if e.trigger == "attacked")
    assert span_of(attack) == (date(2025, 5, 6), date(2025, 5, 7))
    assert not attack.time_from_dct
    killing = next(e for e in events if e.trigger == "killed")
    assert span_of(killing) == (date(2025, 5, 6), date(2025, 5, 6))  # its own day, told without a length


def test_a_length_in_days_spreads_the_acts_own_day():
    attack = next(e for e in read("On 5 May, herders attacked Ganta for three days.") if e.trigger == "attacked")
    assert span_of(attack) == (date(2025, 5, 5), date(2025, 5, 7))
    assert attack.time.precision == Precision.DAY


def test_a_stretch_up_to_now_is_not_the_acts_length():
    # "over the past two days" is anchored to the publication: the day written stays the act's day
    attack = next(e for e in read("Herders attacked Ganta on 8 May, the worst violence over the past two days.")
                  if e.trigger == "attacked")
    assert span_of(attack) == (date(2025, 5, 8), date(2025, 5, 8))


def test_a_run_opened_by_since_ends_on_the_day_its_source_speaks_from():
    shooting = next(e for e in read("Police shot dead six protesters in Ganta since Tuesday (report dated 08/05).")
                    if e.type == "ASSAULT")
    assert span_of(shooting) == (date(2025, 5, 6), date(2025, 5, 8))


def test_since_without_a_later_day_written_leaves_the_day_alone():
    # the run would end at the speaker's now, which the text does not give
    shooting = next(e for e in read("Police shot dead six protesters in Ganta since Tuesday.") if e.type == "ASSAULT")
    assert span_of(shooting) == (date(2025, 5, 6), date(2025, 5, 6))


def day_span(first, last):
    return TimeSpan(first, last, Precision.DAY)


def test_the_scorer_counts_the_run_a_note_states_for_each_of_its_days():
    text = "Herders and farmers clashed near Ganta over 4-6 May."
    assert dated_to_a_stated_run(text, day_span(date(2025, 5, 4), date(2025, 5, 6)), date(2025, 5, 5))
    # a run of our own making is no excuse: the note does not write it
    assert not dated_to_a_stated_run(text, day_span(date(2025, 5, 4), date(2025, 5, 7)), date(2025, 5, 5))
    # a day outside the run is not one of its rows
    assert not dated_to_a_stated_run(text, day_span(date(2025, 5, 4), date(2025, 5, 6)), date(2025, 5, 7))


def test_the_scorer_takes_a_list_of_two_following_days_as_their_run_but_never_a_lists_gap():
    assert dated_to_a_stated_run("Clashes on 4 and 5 May left ten dead.",
                                 day_span(date(2025, 5, 4), date(2025, 5, 5)), date(2025, 5, 5))
    assert not dated_to_a_stated_run("Clashes on 4 and 8 May left ten dead.",
                                     day_span(date(2025, 5, 4), date(2025, 5, 8)), date(2025, 5, 8))


def test_the_scorer_takes_the_ends_of_a_run_from_any_days_the_note_states():
    text = "Police shot dead six protesters since Tuesday (report dated 08/05)."
    assert dated_to_a_stated_run(text, day_span(date(2025, 5, 6), date(2025, 5, 8)), date(2025, 5, 8))
    assert dated_to_a_stated_run("Fighters were killed near Ganta during the weekend.",
                                 TimeSpan(date(2025, 5, 3), date(2025, 5, 4), Precision.WEEK), date(2025, 5, 4))
    # a single day is exact by its day alone, never by this rule
    assert not dated_to_a_stated_run("Clashes on 4 May.", day_span(date(2025, 5, 4), date(2025, 5, 4)),
                                     date(2025, 5, 4))
