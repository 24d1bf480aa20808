"""Find a publication dateline at the top of a text.

A dateline is a date standing on its own near the top ("Fri. Nov 22nd, 2024", "22/11/2024",
"vendredi 22 novembre 2024", "Published 3 March 2025"), or opening the first paragraph after a
place name and before an agency or a dash ("Bamako, 12 March 2025 (AFP) – …").  A date in the
first sentence of the story ("On 12 March 2025, troops …") is not a dateline.  Month and weekday
names come from ``garrison/data/ingest/calendar_names.tsv``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from garrison.config import DATA_DIR

NAMES_FILE = DATA_DIR / "ingest" / "calendar_names.tsv"
LINES_TO_SEARCH = 3  # the dateline sits in the first lines: title, byline, date
MAX_DATE_OFFSET = 40  # how far into its line a dateline date may start
SHORT_LINE = 100  # a line this short may carry a date anywhere in its first MAX_DATE_OFFSET chars


@dataclass(frozen=True)
class Dateline:
    date: date
    text: str  # the line it was read from
    line: int  # 0-based index among non-empty lines


@cache
def _calendar() -> tuple[dict[str, int], re.Pattern[str]]:
    months: dict[str, int] = {}
    weekdays: list[str] = []
    with NAMES_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader((r for r in handle if not r.startswith("#")), delimiter="\t"):
            if row["kind"] == "month":
                months[row["name"].casefold()] = int(row["number"])
            else:
                weekdays.append(row["name"].casefold())

    def alternation(names: list[str]) -> str:
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))

    month = rf"(?:{alternation(list(months))})"
    weekday = rf"(?:(?:{alternation(weekdays)})\.?,?\s+)?"
    ordinal = r"(?:st|nd|rd|th|er)?"
    pattern = re.compile(
        rf"""\b(?:
            {weekday}(?P<d1>\d{{1,2}}){ordinal}\s+(?P<m1>{month})\.?\s*,?\s+(?P<y1>\d{{4}})       # 22 novembre 2024
          | {weekday}(?P<m2>{month})\.?\s+(?P<d2>\d{{1,2}}){ordinal}\s*,?\s+(?P<y2>\d{{4}})     # Nov 22nd, 2024
          | (?P<y3>\d{{4}})-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}})                              # 2024-11-22
          | (?P<a4>\d{{1,2}})[/.](?P<b4>\d{{1,2}})[/.](?P<y4>\d{{4}})                         # 22/11/2024
        )(?!\d)""",
        re.IGNORECASE | re.VERBOSE,
    )
    return months, pattern


# After an opening dateline the story starts behind an agency credit or a dash.
_DATELINE_TAIL = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?(?:[–—-]|:|\(|$)")
# Before it, at most a place name ("Bamako,", "TRIPOLI (Reuters),") or a label ("Published").
_DATELINE_HEAD = re.compile(r"[\w'’.()\- ]{0,40}[,:|]?\s*|", re.UNICODE)
# ... unless the date is the object of a preposition: "On 12 March 2025, troops ..."
_NOT_A_DATELINE_HEAD = re.compile(r".*?\b(on|in|by|since|until|from|before|after|le|au|du|depuis|en)\s+", re.IGNORECASE)
_PUBLICATION_LABEL = re.compile(
    r".*\b(published|posted|updated|modified|publié|mis à jour)(\s+(on|le))?\s*:?\s*", re.IGNORECASE
)


def parse_date_match(match: re.Match[str]) -> date | None:
    months, _ = _calendar()
    g = match.groupdict()
    try:
        if g["y1"]:
            return date(int(g["y1"]), months[g["m1"].casefold()], int(g["d1"]))
        if g["y2"]:
            return date(int(g["y2"]), months[g["m2"].casefold()], int(g["d2"]))
        if g["y3"]:
            return date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        first, second, year = int(g["a4"]), int(g["b4"]), int(g["y4"])
        # Day first (the usage of the outlets we read) unless only month-first can be valid.
        if first <= 12 < second:
            first, second = second, first
        return date(year, second, first)
    except (ValueError, KeyError):
        return None


def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first well-formed calendar date written in full in ``text``."""
    _, pattern = _calendar()
    for match in pattern.finditer(text):
        found = parse_date_match(match)
        if found and 1900 <= found.year <= 2100:
            return found, match
    return None


def find_dateline(text: str) -> Dateline | None:
    lines = [line.strip() for line in text[:2000].splitlines() if line.strip()]
    for index, line in enumerate(lines[:LINES_TO_SEARCH]):
        found = find_date(line[: MAX_DATE_OFFSET + 40])
        if not found:
            continue
        when, match = found
        head, tail = line[: match.start()], line[match.end() :]
        if match.start() > MAX_DATE_OFFSET or (_NOT_A_DATELINE_HEAD.fullmatch(head) and not _PUBLICATION_LABEL.fullmatch(head)):
            continue
        short = len(line) <= SHORT_LINE and not (line.endswith((".", "!", "?")) and len(line.split()) > 8)
        opening = _DATELINE_HEAD.fullmatch(head) is not None and _DATELINE_TAIL.match(tail) is not None
        if short or opening:
            return Dateline(when, line if len(line) <= SHORT_LINE else line[: match.end() + 20], index)
    return None
