"""Remove page furniture ("Share this article", "Related Post", cookie banners) from extracted text.

The patterns live in ``garrison/data/ingest/boilerplate.tsv`` with a source note each.  Three
scopes keep real sentences safe: a *line* pattern must match a whole line, a *prefix* pattern
is cut from the start of a line and the rest is kept when it reads as prose, a *fragment*
pattern is cut only where it stands between two sentences.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from garrison.config import DATA_DIR

PATTERNS_FILE = DATA_DIR / "ingest" / "boilerplate.tsv"
# A remainder after a cut prompt is prose, not a link title, when it has this many words
# and ends a sentence somewhere.
PROSE_MIN_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?…»”\"]\s|[.!?…»”\"]$")


@dataclass(frozen=True)
class BoilerplateRules:
    line: re.Pattern[str]
    prefix: re.Pattern[str]
    fragment: re.Pattern[str]


@cache
def rules() -> BoilerplateRules:
    by_scope: dict[str, list[str]] = {"line": [], "prefix": [], "fragment": []}
    with PATTERNS_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader((row for row in handle if not row.startswith("#")), delimiter="\t")
        for row in rows:
            scope, pattern = row["scope"].strip(), row["pattern"].strip()
            if scope not in by_scope:
                raise ValueError(f"{PATTERNS_FILE}: unknown scope {scope!r} for pattern {pattern!r}")
            if not row.get("source", "").strip():
                raise ValueError(f"{PATTERNS_FILE}: pattern {pattern!r} has no source note")
            re.compile(pattern)  # fail here, naming nothing else, if a row is broken
            by_scope[scope].append(pattern)

    def union(patterns: list[str]) -> str:
        return "|".join(f"(?:{p})" for p in patterns)

    return BoilerplateRules(
        line=re.compile(rf"\s*(?:{union(by_scope['line'])})\s*", re.IGNORECASE),
        prefix=re.compile(rf"\s*(?:{union(by_scope['prefix'])})\s*", re.IGNORECASE),
        fragment=re.compile(
            rf"(?<=[.!?»”\"])\s+(?:{union(by_scope['fragment'])})(?=\s|$)|^\s*(?:{union(by_scope['fragment'])})\s+(?=[A-Z«“\"])",
            re.IGNORECASE,
        ),
    )


def is_prose(text: str) -> bool:
    return len(text.split()) >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(text))


def clean_line(line: str) -> str | None:
    """The line without furniture, or None when the whole line is furniture."""
    r = rules()
    if not line.strip():
        return line
    if r.line.fullmatch(line):
        return None
    prompt = r.prefix.match(line)
    if prompt and prompt.end() > prompt.start():
        rest = line[prompt.end() :]
        if not is_prose(rest):
            return None
        line = rest
    return r.fragment.sub("", line)


def remove_boilerplate(text: str) -> str:
    """Drop furniture lines and fragments; keep paragraph breaks; never touch prose."""
    kept = [cleaned for line in text.splitlines() if (cleaned := clean_line(line)) is not None]
    text = "\n".join(line.rstrip() for line in kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
