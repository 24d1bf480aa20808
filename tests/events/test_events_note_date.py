"""A coder's note of one paragraph tells one happening: an act it leaves undated takes the date of the note, or of
the nearest act the note dates; a statement stays its own."""

from __future__ import annotations

from datetime import date

from garrison.events import stage
from garrison.model import Precision

from .helpers import analysis

JUNE_24 = (date(2016, 6, 24), date(2016, 6, 24), Precision.DAY)
NOTE = "Army brigades took the militia camp near Ganta on 24 June. The soldiers killed all those inside."


def read(text, times):
    return stage.run([analysis(text, published=date(2016, 6, 26), times=times)])[0].events


def test_an_undated_sentence_of_a_one_paragraph_note_takes_the_notes_one_date():
    events = read(NOTE, {"on 24 June": JUNE_24})
    killing = next(e for e in events if e.trigger == "killed")
    assert (killing.time.start, killing.time_from_dct) == (date(2016, 6, 24), False)
    assert killing.attributes["time_basis"] == "note_date"
    assert not killing.attributes.get("background")  # a lent date is not the event's own, for salience


def test_a_note_with_two_dates_lends_the_nearest_act_its_date_the_earlier_first():
    text = ("Troops arrived in Ganta on 24 June. The soldiers killed all those inside the camp. "
            "Clashes with the militia broke out on 25 June.")
    events = read(text, {"on 24 June": JUNE_24, "on 25 June": (date(2016, 6, 25), date(2016, 6, 25), Precision.DAY)})
    killing = next(e for e in events if e.trigger == "killed")
    assert {e.type for e in events if e.trigger != "killed"}.isdisjoint({killing.type})
    assert (killing.time.start, killing.time_from_dct) == (date(2016, 6, 24), False)
    assert killing.attributes["time_basis"] == "note_date"


def test_an_undated_act_of_a_note_takes_the_date_of_the_act_it_led_to_whatever_its_type():
    text = ("Soldiers were sent to Bakuri to end the feud between two clans. "
            "Two herders were shot dead when the soldiers intervened on 9 May.")
    events = read(text, {"on 9 May": (date(2016, 5, 9), date(2016, 5, 9), Precision.DAY)})
    sending = next(e for e in events if e.trigger == "sent")
    assert sending.type != next(e for e in events if e.trigger in ("shot", "shot dead")).type
    assert (sending.time.start, sending.time_from_dct) == (date(2016, 5, 9), False)


def test_a_statement_beside_the_notes_dated_acts_keeps_the_publication():
    text = ("Army brigades took the militia camp near Ganta on 24 June. Reinforcements arrived on 25 June. "
            "The governor condemned the militia.")
    events = read(text, {"on 24 June": JUNE_24, "on 25 June": (date(2016, 6, 25), date(2016, 6, 25), Precision.DAY)})
    statement = next(e for e in events if e.trigger == "condemned")
    assert statement.time_from_dct and statement.attributes["time_basis"] == "publication"


def test_a_text_of_several_paragraphs_is_no_note():
    events = read(NOTE.replace(". The soldiers", ".\nThe soldiers"), {"on 24 June": JUNE_24})
    killing = next(e for e in events if e.trigger == "killed")
    assert killing.attributes["time_basis"] != "note_date"
