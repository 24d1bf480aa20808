"""A list of days names each day, not those between; a range (a dash, "to", "between … and") holds them all."""

from __future__ import annotations

from datetime import date

import pytest

from garrison.dates.recognise import find_time_expressions

DCT = date(2025, 5, 20)


def read(text, language="en"):
    return [(t.text, t.span.start, t.span.end) for t in find_time_expressions(text, DCT, language=language)
            if t.span is not None]


def test_a_list_of_two_days_apart_is_two_days():
    assert read("Herders raided the camps on 4 and 9 May.") == [
        ("4", date(2025, 5, 4), date(2025, 5, 4)), ("9 May", date(2025, 5, 9), date(2025, 5, 9))]


def test_a_french_list_of_days_is_two_days():
    assert read("Les camps ont été attaqués les 4 et 9 mai.", "fr") == [
        ("4", date(2025, 5, 4), date(2025, 5, 4)), ("9 mai", date(2025, 5, 9), date(2025, 5, 9))]


def test_a_month_first_list_keeps_its_month_on_the_first_day():
    assert read("The camps were raided on May 4 and 9.")[0] == ("May 4", date(2025, 5, 4), date(2025, 5, 4))


@pytest.mark.parametrize("text,written,first,last", [
    ("Fighting raged between 4 and 9 May.", "4 and 9 May", 4, 9),  # "between … and" joins the ends of a range
    ("Fighting raged over 4-9 May.", "4-9 May", 4, 9),
    ("Fighting raged on 4 and 5 May.", "4 and 5 May", 4, 5),  # two following days: the list is the run
])
def test_a_range_holds_the_days_between(text, written, first, last):
    assert read(text) == [(written, date(2025, 5, first), date(2025, 5, last))]
