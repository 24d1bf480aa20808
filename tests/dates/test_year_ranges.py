"""A range of years is one expression whose span covers both years; counts and reversed ranges are not."""

from __future__ import annotations

from datetime import date

from garrison.dates.recognise import find_time_expressions

DCT = date(2023, 11, 24)


def spans(text, language="en"):
    return [(t.text, t.span.start, t.span.end) for t in find_time_expressions(text, DCT, language=language)]


def test_a_hyphenated_range_of_years_is_one_span():
    assert spans("Wagner fighters were deployed during the failed 2019-2020 offensive on Tripoli.") == [
        ("2019-2020", date(2019, 1, 1), date(2020, 12, 31))]
    assert spans("the 2019-20 offensive") == [("2019-20", date(2019, 1, 1), date(2020, 12, 31))]
    assert spans("the 1939–45 war") == [("1939–45", date(1939, 1, 1), date(1945, 12, 31))]
    assert spans("l'offensive de 2019-2020", language="fr") == [("2019-2020", date(2019, 1, 1), date(2020, 12, 31))]


def test_a_range_of_counts_or_a_reversed_range_is_no_time():
    assert spans("between 1800-2000 soldiers were sent") == []
    assert spans("the 2020-2019 figures") == []


def test_two_years_joined_by_and_stay_two_expressions():
    assert [text for text, *_ in spans("between 2014 and 2016 the base was closed")] == ["2014", "2016"]
