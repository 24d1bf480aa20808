"""The shortcuts that make the entities stage cheaper give what the plain operations give."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison import nlp
from garrison.entities import guarded, matcher, nominals
from garrison.entities import lexicon as lex
from garrison.entities.resolve import _label, _parsed_length
from garrison.model import Label

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u00b4`"), "'")

SENTENCES = [
    "The 3rd Mechanised Brigade and the Second Marine Expeditionary Unit moved north.",
    "A KamAZ 5350 truck and two T-72B3 tanks left Camp Vanguard for Air Base 202.",
    "HMS Albion docked beside USS Harry S. Truman; the Foreign Secretary watched.",
    "Le 2e régiment étranger de parachutistes et la 11e brigade parachutiste sont partis.",
    "Brigade 77 and the President of Freedonia met at Fort Example.",
    "Nothing here at all, only rain over the hills.",
    "Su-35S fighters and a Mi-24 helicopter were seen; the 14th of May was quiet.",
]


def _patterns() -> list[guarded.Guarded]:
    return [matcher._designation_re(), matcher._truck_re(), *matcher._unit_res(), matcher._ship_re(),
            *matcher._facility_res(), nominals._office_re()]


def _same(pattern: guarded.Guarded, text: str) -> bool:
    full = [(m.span(), m.groupdict()) for m in pattern.pattern.finditer(text)]
    return full == [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("text", SENTENCES)
def test_guarded_patterns_find_what_the_full_patterns_find(text):
    norm = lex.surface_keep_case(text)
    assert all(_same(pattern, norm) for pattern in _patterns())


def test_guards_skip_a_text_without_matches_and_keep_one_with_them():
    units = matcher._unit_res()[0]
    assert not units.possible("Nothing here at all, only rain over the hills.")
    assert units.possible("The 3rd Mechanised Brigade moved north.")
    assert [m.group() for m in units.finditer("The 3rd Mechanised Brigade moved north.")] == ["3rd Mechanised Brigade"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES + ["-", "4", "x", " ", "Brigade", "3rd", "HMS ", "e ", "Minister"]),
                max_size=8).map("".join))
def test_guarded_patterns_agree_on_any_mixture(text):
    assert all(_same(pattern, text) for pattern in _patterns())


def test_body_drops_only_a_leading_lookbehind():
    assert guarded.body(re.compile(r"(?<![\w-])Fort\s+\w+")).pattern == r"Fort\s+\w+"
    with pytest.raises(ValueError):
        guarded.body(re.compile(r"Fort\s+\w+"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ -'`\u2010\u2011\u2012\u2013\u2014\u2212\u2018\u2019\u02bc\u00b4\u0130é\n")),
               max_size=40))
def test_surface_forms_equal_the_table_translation(text):
    unified = text.translate(_DASHES).translate(_QUOTES)
    assert lex.surface_keep_case(text) == unified
    lowered = unified.lower()
    expected = lowered if len(lowered) == len(unified) else "".join(
        c.lower() if len(c.lower()) == 1 else c for c in unified)
    assert lex.surface(text) == expected
    assert len(lex.surface(text)) == len(text)


def test_label_of_a_value_or_a_label_is_the_label():
    assert _label("GPE") is Label.GPE
    assert _label(Label.ORG) is Label.ORG
    with pytest.raises(ValueError):
        _label("NOT_A_LABEL")


def test_parsed_length_is_the_length_of_the_parsed_text():
    doc = nlp.load("en")("Troops crossed the river.  Then\n\nthey stopped \u2014 at dawn.  ")
    assert _parsed_length(doc) == len(doc.text)
    assert _parsed_length(nlp.load("en")("")) == 0
