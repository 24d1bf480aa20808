"""Calendar arithmetic for TIMEX3 values: the span of a day, week, month, quarter, season, year, decade."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta

from garrison.model import Precision

# Meteorological seasons (northern hemisphere): winter YYYY runs from December YYYY into the next year.
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


@dataclass(frozen=True)
class Resolved:
    value: str
    start: date
    end: date
    precision: Precision


def last_day(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, last_day(year, month + 1)))


def day_span(day: date) -> Resolved:
    return Resolved(day.isoformat(), day, day, Precision.DAY)


def week_span(day: date) -> Resolved:
    year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    return Resolved(f"{year:04d}-W{week:02d}", monday, monday + timedelta(days=6), Precision.WEEK)


def weekend_span(day: date) -> Resolved:
    week = week_span(day)
    saturday = week.start + timedelta(days=5)
    return Resolved(week.value + "-WE", saturday, saturday + timedelta(days=1), Precision.WEEK)


def month_span(year: int, month: int) -> Resolved:
    return Resolved(f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, last_day(year, month)), Precision.MONTH)


def quarter_span(year: int, quarter: int) -> Resolved:
    first = 3 * (quarter - 1) + 1
    return Resolved(f"{year:04d}-Q{quarter}", date(year, first, 1), date(year, first + 2, last_day(year, first + 2)), Precision.QUARTER)


def half_span(year: int, half: int) -> Resolved:
    first = 1 if half == 1 else 7
    return Resolved(f"{year:04d}-H{half}", date(year, first, 1), date(year, first + 5, last_day(year, first + 5)), Precision.QUARTER)


def season_span(year: int, season: str) -> Resolved:
    first, last = SEASON_MONTHS[season]
    end_year = year + 1 if last < first else year
    return Resolved(f"{year:04d}-{season}", date(year, first, 1), date(end_year, last, last_day(end_year, last)), Precision.SEASON)


def year_span(year: int) -> Resolved:
    return Resolved(f"{year:04d}", date(year, 1, 1), date(year, 12, 31), Precision.YEAR)


def decade_span(decade_start: int) -> Resolved:
    return Resolved(f"{decade_start // 10:03d}", date(decade_start, 1, 1), date(decade_start + 9, 12, 31), Precision.DECADE)


def century_span(century_start: int) -> Resolved:
    return Resolved(f"{century_start // 100:02d}", date(century_start, 1, 1), date(century_start + 99, 12, 31), Precision.DECADE)


def narrow(span: Resolved, part: str) -> Resolved:
    """'early', 'mid', 'late', 'end', 'start' of a span: same value, a narrower start..end, approximate."""
    length = (span.end - span.start).days + 1
    if part == "early":
        start, end = span.start, span.start + timedelta(days=length // 3 - 1)
    elif part == "mid":
        start, end = span.start + timedelta(days=length // 3), span.start + timedelta(days=2 * length // 3 - 1)
    elif part == "late":
        start, end = span.start + timedelta(days=2 * length // 3), span.end
    elif part == "end":
        start, end = span.end - timedelta(days=max(length // 4, 1) - 1), span.end
    elif part == "start":
        start, end = span.start, span.start + timedelta(days=max(length // 4, 1) - 1)
    elif part == "first_half":
        start, end = span.start, span.start + timedelta(days=length // 2 - 1)
    elif part == "second_half":
        start, end = span.start + timedelta(days=length // 2), span.end
    else:
        return span
    if span.precision == Precision.MONTH and part == "end":
        start = span.end - timedelta(days=6)  # 'the end of November': its last week
    if end < start:
        return span  # 'early last day': a span of a day or two has no third to narrow to
    return Resolved(span.value, start, end, span.precision)


def shift(day: date, unit: str, amount: int) -> date:
    if unit == "D":
        return day + timedelta(days=amount)
    if unit in ("W", "WE"):
        return day + timedelta(weeks=amount)
    if unit == "M":
        return add_months(day, amount)
    if unit == "Q":
        return add_months(day, 3 * amount)
    if unit == "Y":
        return add_months(day, 12 * amount)
    if unit == "DE":
        return add_months(day, 120 * amount)
    if unit == "CE":
        return add_months(day, 1200 * amount)
    return day


def unit_span(day: date, unit: str) -> Resolved:
    """The calendar unit (week, month …) that contains ``day``."""
    if unit == "D":
        return day_span(day)
    if unit == "W":
        return week_span(day)
    if unit == "WE":
        return weekend_span(day)
    if unit == "M":
        return month_span(day.year, day.month)
    if unit == "Q":
        return quarter_span(day.year, (day.month - 1) // 3 + 1)
    if unit == "DE":
        return decade_span(day.year - day.year % 10)
    if unit == "CE":
        return century_span(day.year - day.year % 100)
    return year_span(day.year)


def span_at_precision(day: date, precision: Precision) -> Resolved:
    """``day`` seen at the precision of an anchor ('two weeks earlier' than a month stays a month)."""
    code = {Precision.DAY: "D", Precision.WEEK: "W", Precision.MONTH: "M", Precision.QUARTER: "Q",
            Precision.SEASON: "M", Precision.YEAR: "Y", Precision.DECADE: "DE"}.get(precision, "D")
    return unit_span(day, code)
