"""Regular expressions built from the lexicon: the shapes of explicit calendar dates and years."""

from __future__ import annotations

import functools
import re

from garrison import words as word_lists
from garrison.dates.lexicon import alternation, lexicon

ORDINAL_SUFFIX = r"(?:st|nd|rd|th|er|e)?"
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
YEAR = r"(?:1[89]\d\d|20\d\d)"


@functools.cache
def month_name() -> str:
    lex = lexicon()
    return rf"(?:{alternation(lex.months)})\.?"


def month_number(name: str) -> int:
    return lexicon().months[name.lower().rstrip(".")]


@functools.cache
def explicit_date_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Named patterns for dates with a day; groups: day, month (name) or mon (number), year (optional)."""
    month = month_name()
    weekday = rf"(?:(?P<wd>{alternation(lexicon().weekdays)})\s*,?\s+)?"
    not_after_word = r"(?<![\w\-/])"
    not_before_word = r"(?![\w\-/]|,\d)"
    return [
        ("iso", re.compile(rf"{not_after_word}(?P<year>{YEAR})-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01]){not_before_word}")),
        ("dmy_numeric", re.compile(rf"{not_after_word}(?P<day>{DAY})/(?P<mon>0?[1-9]|1[0-2])/(?P<year>{YEAR}){not_before_word}")),
        (
            "month_day",
            re.compile(
                rf"{not_after_word}{weekday}(?P<month>{month})\s+(?P<day>{DAY}){ORDINAL_SUFFIX}(?:,?\s+(?P<year>{YEAR}))?(?![\w\-/])",
                re.IGNORECASE,
            ),
        ),
        (
            "day_month",
            re.compile(
                rf"{not_after_word}{weekday}(?P<day>{DAY}|1er){ORDINAL_SUFFIX}\s+(?:of\s+)?(?P<month>{month})(?:,?\s+(?P<year>{YEAR}))?(?![\w\-/])",
                re.IGNORECASE,
            ),
        ),
    ]


def is_month_token(word: str) -> bool:
    return word.lower().rstrip(".") in lexicon().months


SENTENCE_END = re.compile(r"(?<=[.!?»”\"])\s+(?=[\"“«A-ZÀ-Ý\-])|\n+")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans: enough to ask 'is there a year in the same sentence'."""
    return list(_sentence_bounds(text))


# The dates stage asks three times per document (its date inferred, its explicit days, its expressions); the
# scan, whose look-behind is tried at every character, was 1.7 % of the stages after the parse.
@functools.lru_cache(maxsize=4)
def _sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    bounds, start = [], 0
    for match in SENTENCE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return tuple((s, e) for s, e in bounds if e > s)


YEAR_TOKEN = re.compile(rf"(?<![\w\-/.,])(?P<year>{YEAR})(?![\w\-/]|[.,]\d)")
PREVIOUS_WORD = re.compile(r"([\w'’\-]+)[\s,]*$")
# "No. 2024", "Resolution 2231": a number, not a year (garrison/data/dates/words*.tsv)
_NUMBER_MARK = re.compile(r"(?:" + word_lists.alternation("dates", "number_marks") + r")\.?\s*$")


def calendar_years(text: str) -> list[tuple[int, int, int, str]]:
    """Years used as times: (start, end, year, preceding word).

    A year right after a capitalised word that is not a month nor a word that introduces
    years ('Armée 2023', 'Vision 2030') is part of a name, and is left out.
    """
    intro = lexicon().cues.get("year_intro", {})
    found = []
    for match in YEAR_TOKEN.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        previous = PREVIOUS_WORD.search(before)
        word = previous.group(1) if previous else ""
        if word and word[0].isupper() and not is_month_token(word) and word.lower() not in intro:
            # A sentence-initial 'In 2023' is fine; 'Armée 2023' is a name.
            continue
        if re.search(r"\d\s*$", before) or _NUMBER_MARK.search(before):
            continue
        found.append((match.start(), match.end(), int(match.group("year")), word))
    return found
