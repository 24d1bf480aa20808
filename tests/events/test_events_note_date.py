"""A coder's note of one paragraph dates its happening once: every event it tells takes that date."""

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


def test_a_note_with_two_dates_leaves_the_undated_sentence_to_the_publication():
    text = NOTE.replace("inside.", "inside. Reinforcements arrived on 25 June.")
    events = read(text, {"on 24 June": JUNE_24, "on 25 June": (date(2016, 6, 25), date(2016, 6, 25), Precision.DAY)})
    killing = next(e for e in events if e.trigger == "killed")
    assert killing.time_from_dct and killing.attributes["time_basis"] == "publication"


def test_a_text_of_several_paragraphs_is_no_note():
    events = read(NOTE.replace(". The soldiers", ".\nThe soldiers"), {"on 24 June": JUNE_24})
    killing = next(e for e in events if e.trigger == "killed")
    assert killing.attributes["time_basis"] != "note_date"
