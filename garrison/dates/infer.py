"""A publication date for a document that has none: the latest explicit date its text reports.

News that lacks a dateline still dates itself: "on January 17", "on 19 December".  The
year of such a day comes from the same sentence when it names one; otherwise the dates
without a year are placed on one calendar circle and cut where the longest gap is (news
looks back less than a year), and the latest of them takes the latest year the text
mentions as a time — so "December 19 … January 17" in a text that mentions 2025 reads as
2024-12-19 and 2025-01-17 (the December→January rollover).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from garrison.dates.lexicon import lexicon
from garrison.dates.patterns import (
    calendar_years,
    explicit_date_patterns,
    month_number,
    sentence_bounds,
)


@dataclass
class _Found:
    start: int
    end: int
    text: str
    month: int
    day: int
    year: int | None
    sentence: int
    year_evidence: str = ""
    weekday: int | None = None  # 0 Monday … 6 Sunday, when written with the date


def _future_sentence(sentence: str) -> bool:
    cues = lexicon().cues.get("future", {})
    lowered = re.sub(r"\bMay\b", " ", sentence).lower()  # the month, not the modal
    return any(re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", lowered) for cue in cues)


def explicit_day_dates(text: str) -> list[_Found]:
    bounds = sentence_bounds(text)

    def sentence_of(offset: int) -> int:
        for i, (s, e) in enumerate(bounds):
            if s <= offset < e or offset < s:
                return i
        return len(bounds) - 1

    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for _, pattern in explicit_date_patterns():
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            groups = m.groupdict()
            month = int(groups["mon"]) if groups.get("mon") else month_number(groups["month"])
            day = 1 if groups["day"].lower() == "1er" else int(groups["day"])
            year = int(groups["year"]) if groups.get("year") else None
            try:
                date(year or 2000, month, day)
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
            weekday = lexicon().weekdays[groups["wd"].lower()] if groups.get("wd") else None
            found.append(_Found(m.start(), m.end(), m.group(0), month, day, year, sentence_of(m.start()), "", weekday))
    found.sort(key=lambda f: f.start)
    return found


_LEAP_MONTH_STARTS = (0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335)


def _latest_on_circle(days: list[tuple[int, int]]) -> tuple[int, int]:
    """The (month, day) that ends the run when the days are put on a year circle and cut at the longest gap."""
    ordered = sorted(set(days))
    if len(ordered) == 1:
        return ordered[0]
    # a leap year's circle, so that 29 February has its place (and any day a text writes stays on it)
    ordinals = [_LEAP_MONTH_STARTS[m - 1] + min(d, 29 if m == 2 else 31) for m, d in ordered]
    gaps = [(ordinals[(i + 1) % len(ordinals)] - ordinals[i]) % 366 for i in range(len(ordinals))]
    return ordered[max(range(len(gaps)), key=lambda i: gaps[i])]


def _reference_year(text: str, bounds, years, written: list[int]) -> int:
    """The latest year the text mentions as a time — unless that year sits in a clause that
    looks ahead and lies more than a year beyond every year told in the past ('plans for 2030')."""

    def in_future_sentence(offset: int) -> bool:
        return any(s <= offset < e and _future_sentence(text[s:e]) for s, e in bounds)

    told = [y[2] for y in years if not in_future_sentence(y[0])] + written
    planned = [y[2] for y in years if in_future_sentence(y[0])]
    if told:
        return max([max(told)] + [y for y in planned if y <= max(told) + 1])
    return max(planned)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def infer_document_date(text: str, today: date | None = None) -> tuple[date, str] | None:
    """The latest explicit day the text reports, with the evidence it was read from; None when there is none.

    ``today`` (default: the system date) bounds the year of a day that only its weekday dates.
    """
    target_words = lexicon().cues.get("year_target", {})
    bounds = sentence_bounds(text)
    years = [y for y in calendar_years(text) if y[3].lower() not in target_words]
    found = explicit_day_dates(text)
    years = [y for y in years if not any(f.start <= y[0] < f.end for f in found)]
    if not found:
        return None
    for item in found:
        if item.year is not None:
            item.year_evidence = "year written with the date"
            continue
        s, e = bounds[item.sentence]
        same_sentence = [y for y in years if s <= y[0] < e]
        if same_sentence:
            nearest = min(same_sentence, key=lambda y: abs(y[0] - item.start))
            item.year = nearest[2]
            item.year_evidence = f"year {nearest[2]} from the same sentence"
    if not years and all(f.year is None for f in found):
        # No year anywhere: a weekday written with a day still names one ('Monday 27 January'),
        # the latest such year not after today (a text is not published in the future).
        today = today or date.today()
        for item in found:
            if item.weekday is None:
                continue
            fitting = [y for y in range(today.year, today.year - 12, -1)
                       if _valid(y, item.month, item.day) and date(y, item.month, item.day).weekday() == item.weekday
                       and date(y, item.month, item.day) <= today]
            if fitting:
                item.year = fitting[0]
                item.year_evidence = f"year {fitting[0]}: the latest, up to {today}, in which this day falls on that weekday"
    loose = [f for f in found if f.year is None]
    written = [f.year for f in found if f.year is not None]
    if loose:
        if not years and not written:
            loose_ok = False
        else:
            loose_ok = True
            reference = _reference_year(text, bounds, years, written)
            # Dated days of the reference year sit on the same circle: they fix where the run ends.
            anchored = [(f.month, f.day) for f in found if f.year == reference]
            last_month, last_day = _latest_on_circle([(f.month, f.day) for f in loose] + anchored)
            for item in loose:
                rolled = (item.month, item.day) > (last_month, last_day)
                item.year = reference - 1 if rolled else reference
                item.year_evidence = (
                    f"year {item.year} from the latest year the text mentions ({reference})"
                    + (", rolled back across the new year" if rolled else "")
                )
        if not loose_ok:
            found = [f for f in found if f.year is not None]
    # A day the clause looks ahead to ('the talks will resume on 3 March') does not date the text;
    # the tense is read as the dates stage reads it: the nearest cue before the day.
    from garrison.dates.normalise import Context

    clauses = Context(text=text, dct=None)
    candidates = [f for f in found if f.year is not None and clauses.tense(f.start, f.end) != "future"]
    if not candidates:
        return None
    best = max(candidates, key=lambda f: (date(f.year, f.month, f.day), -f.start))  # type: ignore[arg-type]
    day = date(best.year, best.month, best.day)  # type: ignore[arg-type]
    evidence = f'"{best.text}" at {best.start}: {best.year_evidence}'
    # 'In yesterday's address, delivered on 19 January': the sentence ties the day to the
    # publication date itself.
    s, e = bounds[best.sentence]
    same_sentence_days = [f for f in found if f.sentence == best.sentence]
    if len(same_sentence_days) == 1:
        for word, shift in lexicon().cues.get("deictic", {}).items():
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text[s:e], re.IGNORECASE):
                day -= timedelta(days=int(shift))
                after = -int(shift)
                evidence += f'; "{word}" in the same sentence ' + (
                    "makes it the day of the text" if after == 0 else f"puts the text {after} day(s) after it")
                break
    return day, evidence
