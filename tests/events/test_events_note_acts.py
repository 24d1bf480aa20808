"""Coders' notes: acts the trigger reading and the sentence's consolidation must not lose (a headline verb the tagger
reads as an adjective, a crowd chanting quoted words, a second act with its own time), and a participle that names a
side rather than an act."""

from __future__ import annotations

from datetime import date

from garrison import nlp
from garrison.events import stage, triggers
from garrison.model import Precision

from .helpers import analysis

MAY_4 = (date(2025, 5, 4), date(2025, 5, 4), Precision.DAY)


def read(text, times=None):
    return stage.run([analysis(text, published=date(2025, 5, 6), times=times or {})])[0].events


def test_a_headline_verb_the_tagger_reads_as_an_adjective_is_still_the_act():
    # en_core_web_sm tags "clear" here as an adjective on "forces"; its object shows it is the verb
    events = read("Army forces clear Tanga and Borno of rebels on 4/05. Three rebels reported dead.",
                  {"4/05": MAY_4})
    fight = next(e for e in events if e.trigger == "clear")
    assert fight.type == "FIGHT" and fight.time.start == date(2025, 5, 4)


def test_a_clear_sky_is_no_act():
    assert [e.trigger for e in read("Under a clear sky the market of Tanga was calm.")] == []


def test_activists_chanting_quoted_words_are_a_protest():
    events = read('At the court hearing on 4 May, activists in the public gallery chanted "Free the twelve".',
                  {"4 May": MAY_4})
    assert any(e.type == "PROTEST" and e.trigger == "chanted" for e in events)


def test_a_participle_that_names_a_side_is_no_cooperation():
    doc = next(nlp.pipe(["The rebels were pushed back by fighters allied to the army."]))
    assert "COOPERATE" not in {hit.type for hit in triggers.find(doc)}
    text = ("Rebels tried to retake the bridge but were driven off by militias allied to the army. "
            "On 4 May the militias said they fought the rebels near Tanga.")
    assert "COOPERATE" not in {e.type for e in read(text, {"4 May": MAY_4})}


def test_the_finite_verb_of_alignment_is_still_an_act():
    assert "COOPERATE" in {e.type for e in read("Chad allied with Niger against the rebels in May.")}


def test_a_second_act_with_a_time_of_its_own_is_kept_beside_the_first():
    text = ("An editor was detained in Tanga after a raid on his paper. The editor, who lives abroad, had arrived in "
            "the country on 1 May and has been detained since Sunday after a judge barred him from leaving.")
    sunday = (date(2025, 5, 4), date(2025, 5, 4), Precision.DAY)
    events = read(text, {"1 May": (date(2025, 5, 1), date(2025, 5, 1), Precision.DAY), "Sunday": sunday})
    detentions = [e for e in events if e.trigger == "detained"]
    # the detention of the first sentence is the one the second dates: since Sunday, not the arrival's 1 May
    assert detentions and all(e.time.start == date(2025, 5, 4) for e in detentions), \
        [(e.type, e.trigger, e.time) for e in events]
