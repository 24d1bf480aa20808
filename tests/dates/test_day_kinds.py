"""Which expressions name a day by the speaker's now and which write it out (garrison.dates.lexicon)."""

from __future__ import annotations

import pytest

from garrison.dates.lexicon import is_deictic_day, is_written_day


@pytest.mark.parametrize("text", ["today", "Yesterday", "earlier today", "today’s", "the day before yesterday",
                                  "aujourd'hui", "hier"])
def test_deictic_days(text):
    assert is_deictic_day(text)


@pytest.mark.parametrize("text", ["Monday", "10 March", "todays", "holiday", "last week"])
def test_not_deictic_days(text):
    assert not is_deictic_day(text)


@pytest.mark.parametrize("text", ["10 March", "March 10th", "10/03", "2025-03-10", "le 10 mars"])
def test_written_days(text):
    assert is_written_day(text)


@pytest.mark.parametrize("text", ["today", "Monday", "March", "2025", "three days ago"])
def test_not_written_days(text):
    assert not is_written_day(text)
