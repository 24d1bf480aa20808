"""Properties over generated phrasings and DCTs."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.dates.recognise import find_time_expressions
from garrison.model import Precision

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
dcts = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@settings(max_examples=150, deadline=None)
@given(dct=dcts, month=st.integers(1, 12))
def test_last_month_name_never_lands_after_the_dct(dct, month):
    (found,) = find_time_expressions(f"It happened last {MONTHS[month - 1]}.", dct)
    assert found.span.end < dct.replace(day=1) or found.span.start.month != dct.month
    assert found.span.start <= dct
    assert found.span.precision == Precision.MONTH
    assert found.value == f"{found.span.start.year:04d}-{month:02d}"


@settings(max_examples=150, deadline=None)
@given(dct=dcts, month=st.integers(1, 12), day=st.integers(1, 28),
       template=st.sampled_from(["on {m} {d}", "on {d} {m}", "on {m} {d}, {y}", "in {m}", "in early {m}",
                                 "at the end of {m}", "in mid-{m}", "in {m} {y}", "in late {y}", "since {y}"]))
def test_spans_are_ordered_and_precise(dct, month, day, template):
    year = dct.year - 1
    text = "Troops arrived " + template.format(m=MONTHS[month - 1], d=day, y=year) + "."
    (found,) = find_time_expressions(text, dct)
    assert found.span.end >= found.span.start
    expected = Precision.DAY if "{d}" in template else Precision.YEAR if "{m}" not in template else Precision.MONTH
    assert found.span.precision == expected
    if "{y}" not in template and "{d}" not in template:
        assert found.span.start <= dct  # past tense: not after the DCT


@settings(max_examples=100, deadline=None)
@given(dct=dcts, amount=st.integers(1, 12), unit=st.sampled_from(["day", "week", "month", "year"]))
def test_ago_is_before_and_durations_are_not_points(dct, amount, unit):
    plural = unit + ("s" if amount > 1 else "")
    ago, duration = find_time_expressions(f"{amount} {plural} ago they left for {amount} {plural}.", dct)
    assert ago.type == "DATE" and ago.span.end <= dct
    assert ago.span.start <= dct - timedelta(days=amount) or unit == "week"
    assert duration.type == "DURATION" and duration.value == f"P{amount}{unit[0].upper()}"


@settings(max_examples=100, deadline=None)
@given(dct=dcts, weekday=st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))
def test_weekday_in_past_tense_is_within_the_last_week(dct, weekday):
    (found,) = find_time_expressions(f"The convoy arrived on {weekday}.", dct)
    assert dct - timedelta(days=6) <= found.span.start <= dct
    assert found.span.start.strftime("%A") == weekday


WORDS = st.sampled_from(
    ["on", "in", "last", "next", "the", "end", "of", "early", "mid-", "January", "May", "may", "17", "2024", "1999",
     "S-300", "Base", "101", "days", "ago", "weeks", "earlier", "for", "three", "every", "week", "Wednesday", "today",
     "at", "time", "following", "day", ",", ".", "\n", "14:30", "GMT", "spring", "fall", "quarter", "first", "1990s",
     "il", "y", "a", "trois", "jours", "le", "septembre", "dernier", "fin", "novembre", "l'été", "hier", "mois"])


@settings(max_examples=300, deadline=None)
@given(words=st.lists(WORDS, max_size=30), dct=st.one_of(st.none(), dcts), language=st.sampled_from(["en", "fr"]))
def test_any_word_salad_gives_well_formed_expressions(words, dct, language):
    text = " ".join(words)
    found = find_time_expressions(text, dct, language=language)
    previous_end = 0
    for expression in found:
        assert text[expression.start : expression.end] == expression.text
        assert expression.start >= previous_end  # no overlaps, in text order
        previous_end = expression.end
        assert expression.type in ("DATE", "TIME", "DURATION", "SET")
        if expression.span is not None:
            assert expression.span.start <= expression.span.end
            assert expression.span.anchor == dct


@settings(max_examples=200, deadline=None)
@given(words=st.lists(WORDS, max_size=40))
def test_inference_on_any_word_salad_returns_a_day_it_can_justify(words):
    from garrison.dates import infer_document_date

    text = " ".join(words)
    inferred = infer_document_date(text)
    if inferred is not None:
        day, evidence = inferred
        assert evidence.split('"')[1] in text  # the evidence quotes the text
        assert 1800 <= day.year <= 2100


@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 1, 1)), days=st.integers(0, 400),
       part=st.sampled_from(["early", "mid", "late", "end", "start", "first_half", "second_half"]))
def test_a_part_of_any_span_lies_inside_it_and_is_not_empty(start, days, part):
    # 'early last day': a third of a one-day span was an empty span ending before it began
    from garrison.dates import calendar

    span = calendar.Resolved("x", start, start + timedelta(days=days), Precision.DAY)
    part_of = calendar.narrow(span, part)
    assert span.start <= part_of.start <= part_of.end <= span.end
