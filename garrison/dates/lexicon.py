"""Calendar names, number words and cue words, read once from the reviewed files in ``garrison/data/dates``."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from garrison.config import DATA_DIR

DATES_DATA = DATA_DIR / "dates"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATES_DATA / name, encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if row and not row[next(iter(row))].startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]  # lower-cased name or abbreviation -> 1..12
    month_abbreviations: frozenset[str]
    weekdays: dict[str, int]  # -> 0 Monday .. 6 Sunday
    seasons: dict[str, str]  # -> SP SU FA WI
    numbers: dict[str, float]
    cues: dict[str, dict[str, str]]  # cue class -> {phrase: value}
    units: dict[str, dict[str, str]]  # language -> {unit word (singular) -> TIMEX3 unit}
    languages: dict[str, dict[str, frozenset[str]]]  # table -> {word -> languages it belongs to}


@functools.cache
def lexicon() -> Lexicon:
    months = {r["name"]: int(r["month"]) for r in _rows("months.tsv")}
    abbreviations = frozenset(r["name"] for r in _rows("months.tsv") if r["abbreviation"] == "yes")
    cues: dict[str, dict[str, str]] = {}
    for row in _rows("cues.tsv"):
        cues.setdefault(row["class"], {})[row["phrase"]] = row["value"]
    units: dict[str, dict[str, str]] = {}
    for row in _rows("units.tsv"):
        units.setdefault(row["lang"], {})[row["word"]] = row["unit"]
    languages: dict[str, dict[str, frozenset[str]]] = {}
    for table, key in (("months", "name"), ("weekdays", "name"), ("seasons", "name"), ("numbers", "word")):
        seen: dict[str, set[str]] = {}
        for row in _rows(f"{table}.tsv"):
            seen.setdefault(row[key], set()).add(row["lang"])
        languages[table] = {word: frozenset(langs) for word, langs in seen.items()}
    return Lexicon(
        months=months,
        month_abbreviations=abbreviations,
        weekdays={r["name"]: int(r["weekday"]) for r in _rows("weekdays.tsv")},
        seasons={r["name"]: r["season"] for r in _rows("seasons.tsv")},
        numbers={r["word"]: float(r["value"]) for r in _rows("numbers.tsv")},
        cues=cues,
        units=units,
        languages=languages,
    )


def alternation(words) -> str:
    """A regex that matches any of ``words``, longest first, written as a trie.

    'sept|september|seven' becomes 'se(?:pt(?:ember)?|ven)': the regex engine then compares
    each character once instead of once per word, which is most of the stage's speed.
    """
    import re

    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


def words_of(table: str, language: str) -> list[str]:
    """The words of one table (months, weekdays, seasons, numbers) in one language."""
    return [w for w, langs in lexicon().languages[table].items() if language in langs]


def is_deictic_day(text: str) -> bool:
    """The expression names its day by the speaker's now ("today", "yesterday", "earlier today", "hier"), not by
    the calendar: the deictic cue words of ``cues.tsv``."""
    import re

    lowered = text.lower()
    return any(re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", lowered)
               for phrase in lexicon().cues.get("deictic", {}))


def is_written_day(text: str) -> bool:
    """The expression writes its day out by the calendar ("22 June", "June 22nd", "22/06", "2016-06-22"): a day in
    figures beside a month name, or a date in figures."""
    import re

    if not re.search(r"\d", text):
        return False
    lowered = re.sub(r"[^\w/.-]+", " ", text.lower()).split()
    return bool(re.search(r"\d{1,4}[/.-]\d{1,2}", text)) or any(word in lexicon().months for word in lowered)
