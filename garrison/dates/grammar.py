"""The shapes of time expressions, per language, compiled once from the lexicon.

The rules live in ``garrison/data/dates/grammar.tsv`` (English) and ``grammar.<lang>.tsv``, in the order
they are tried.  Each rule is a name and a regular expression.  A named group ``x`` marks the extent of the
time expression when the match also holds a signal word that TimeML leaves outside the
TIMEX3 ('on Wednesday' → 'Wednesday', 'at the time' → 'the time').  What each rule means
is in :mod:`garrison.dates.normalise`, keyed by the rule's name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from garrison.dates.lexicon import DATES_DATA, alternation, lexicon, words_of
from garrison.words import word_list

DAY = r"(?:3[01]|[12]\d|0?[1-9])"
YEAR = r"(?:1[89]\d\d|20\d\d)"
NUMERIC = r"\d+(?:[.,]\d+)?"
FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    # A cheap necessary condition: when the text has no match for it, the rule cannot match
    # either and is not run (most rules need a month, a unit or a digit somewhere).
    trigger: re.Pattern[str] | None = None


# Rule name -> the kind of word without which it cannot match.
TRIGGERS = {
    "iso_date": "DIGIT", "numeric_date": "DIGIT", "numeric_day_month": "DIGIT", "year": "DIGIT", "year_range": "DIGIT", "apostrophe_year": "DIGIT", "decade": "DIGIT",
    "clock": "DIGIT", "day_range": "MONTH", "month_day": "MONTH", "day_month": "MONTH", "month": "MONTH",
    "week_of_month": "MONTH", "season": "SEASON", "weekday": "WEEKDAY", "relative_unit": "UNIT", "offset": "OFFSET",
    "duration": "UNIT", "vague_duration": "UNIT", "set": "UNIT", "unit_long": "LONG", "unit_part": "UNIT",
    "quarter": "QUARTER", "century": "CENTURY",
}


# Number words that are articles ("a week", "une semaine"): a count, but not of a "-long" or duration count.
_ARTICLE_NUMBERS = word_list("dates", "article_numbers")


def _plural(words: list[str], language: str) -> str:
    forms = set()
    for word in words:
        forms.add(word)
        if language == "en":
            forms.add(word + "s")
        elif not word.endswith("s"):
            forms.add(word + "s")
    return alternation(forms)


@functools.cache
def rules(language: str) -> tuple[Rule, ...]:
    """The rules of ``language``'s grammar file (garrison/data/dates/grammar*.tsv); English without one."""
    return tuple(_from_data(language if language in _grammar_files() else "en"))


def _common(language: str) -> dict[str, str]:
    lex = lexicon()
    months = words_of("months", language)
    short = [m for m in months if m in lex.month_abbreviations]
    full = [m for m in months if m not in lex.month_abbreviations]
    numbers = words_of("numbers", language)
    units = list(lex.units[language])
    return {
        "MONTH": rf"(?P<month>{alternation(full)}|(?:{alternation(short)})\.?)",
        "WEEKDAY": rf"(?P<wd>{alternation(words_of('weekdays', language))})",
        "SEASON": rf"(?P<season>{alternation(words_of('seasons', language))})",
        "NUM": rf"(?P<num>{NUMERIC}|{alternation(numbers)})",
        "NUM_COUNT": rf"(?P<num>{NUMERIC}|{alternation(n for n in numbers if n not in _ARTICLE_NUMBERS)})",
        "UNIT": rf"(?P<unit>{_plural(units, language)})",
        "UNIT_SINGULAR": rf"(?P<unit>{alternation(units)})",
        "DAY": DAY,
        "YEAR": YEAR,
    }


def _triggers(language: str) -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    listed = _listed_triggers()
    return {
        "DIGIT": re.compile(r"\d"),
        "MONTH": re.compile(alternation(words_of("months", language)), FLAGS),
        "SEASON": re.compile(alternation(words_of("seasons", language)), FLAGS),
        "WEEKDAY": re.compile(alternation(words_of("weekdays", language)), FLAGS),
        "UNIT": re.compile(alternation(lex.units[language]) + "|" + listed["UNIT"], FLAGS),
        **{kind: re.compile(pattern, FLAGS) for kind, pattern in listed.items() if kind != "UNIT"},
    }


@functools.cache
def _listed_triggers() -> dict[str, str]:
    """Trigger kind → the words any rule of that kind needs, from every language's grammar file.

    A trigger only skips rules that cannot match, so one union serves every language."""
    found: dict[str, list[str]] = {}
    for path in _grammar_files().values():
        for name, pattern, _ in _grammar_rows(path):
            if name.startswith("!"):
                found.setdefault(name[1:], []).append(pattern)
    return {kind: "|".join(patterns) for kind, patterns in found.items()}


def _compile(specs: list[tuple[str, str]], words: dict[str, str], language: str) -> list[Rule]:
    triggers = _triggers(language)
    compiled = []
    for name, template in specs:
        # An expression never runs over a line break (a title into its dateline).
        pattern = template.replace(r"[\s\-]", r"(?:[^\S\n]|-)").replace(r"\s", r"[^\S\n]")
        for key, value in words.items():
            pattern = pattern.replace("{" + key + "}", value)
        trigger = triggers.get(TRIGGERS.get(name, ""))
        compiled.append(Rule(name, re.compile(pattern, FLAGS), trigger))
    return compiled


L = r"(?<![\w\-/.])"  # not glued to a word, designation or number on the left
R = r"(?![\w\-/]|[.,]\d)"  # … nor on the right


@functools.cache
def _grammar_files() -> dict[str, Path]:
    """Language → its grammar file: grammar.tsv is English, grammar.<lang>.tsv the others."""
    files = {"en": DATES_DATA / "grammar.tsv"}
    for path in sorted(DATES_DATA.glob("grammar.*.tsv")):
        files[path.name.split(".")[1]] = path
    return files


def _grammar_rows(path: Path) -> list[tuple[str, str, str]]:
    """(rule, pattern template, source) in file order; a row without all three is an error naming its line."""
    rows, header = [], None
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                if cells != ["rule", "pattern", "source"]:
                    raise ValueError(f"{path.name}:{number}: header must be rule, pattern, source (tab-separated)")
                header = cells
                continue
            if len(cells) != 3 or not all(cell.strip() for cell in cells):
                raise ValueError(f"{path.name}:{number}: expected rule, pattern and source, tab-separated and non-empty")
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def _from_data(language: str) -> list[Rule]:
    """The rules of one language's grammar file, compiled in file order.

    Placeholders: ``{L}``/``{R}`` the boundary guards, ``{name}`` a fragment row ``@name`` of the same
    file, ``{SET_ADVERBS}``, ``{DEICTIC_WORDS}``, ``{REFERENCE_WORDS}`` (``…_AFTER_IN``: without the
    ones starting "in ") the cue classes of cues.tsv, ``{WEEKDAY_WORDS}`` the language's weekday names;
    then :func:`_compile` fills ``{MONTH}``, ``{NUM}``, ``{UNIT}`` … from the lexicon.
    """
    rows = _grammar_rows(_grammar_files()[language])
    cues = lexicon().cues
    inline = {
        "L": L, "R": R,
        "SET_ADVERBS": alternation(cues["set_adverb"]),
        "DEICTIC_WORDS": alternation(cues["deictic"]),
        "REFERENCE_WORDS": alternation(cues["reference"]),
        "REFERENCE_WORDS_AFTER_IN": alternation(w for w in cues["reference"] if not w.startswith("in ")),
        "WEEKDAY_WORDS": alternation(words_of("weekdays", language)),
        **{name[1:]: pattern for name, pattern, _ in rows if name.startswith("@")},
    }
    specs = []
    for name, template, _ in rows:
        if name.startswith(("@", "!")):
            continue
        for key, value in inline.items():
            template = template.replace("{" + key + "}", value)
        specs.append((name, template))
    return _compile(specs, _common(language), language)
