"""Domain word lists (prepositions, determiners, cue verbs and nouns …) read from reviewed data files.

Each area keeps its lists in ``garrison/data/<area>/words.tsv`` (English) and ``words.<lang>.tsv``
(one file per other language, e.g. ``words.fr.tsv``; ``words.ar.tsv`` holds Arabic words as they
appear in Latin transliteration).  Columns: ``list``, ``word``, ``value`` (for lists that map a word
to something, e.g. a number word to its number; empty otherwise) and ``source`` (where the words
come from or why they are there: every row has one).  Lines starting with ``#`` are notes.

A list's words are, unless a language is asked for, the union of every language's file: the stages
read mixed-language text with one set of cues, and adding a language is adding its file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from garrison.config import DATA_DIR

COLUMNS = ("list", "word", "value", "source")
BASE_LANGUAGE = "en"  # the language of the plain words.tsv


@dataclass(frozen=True)
class Word:
    word: str
    value: str
    source: str
    language: str
    where: str  # file:line, for error messages


class WordListError(ValueError):
    """A word file that cannot be read as the loader expects; the message names file, line and field."""


def files(area: str) -> list[tuple[str, Path]]:
    """(language, path) of every word file of ``area``: English first, then the others by language code."""
    folder = DATA_DIR / area
    found = [(BASE_LANGUAGE, folder / "words.tsv")] if (folder / "words.tsv").exists() else []
    for path in sorted(folder.glob("words.*.tsv")):
        found.append((path.name.split(".")[1], path))
    return found


def read_file(path: Path, language: str) -> dict[str, list[Word]]:
    """list name → its words in file order.  Raises :class:`WordListError` naming the line and field."""
    lists: dict[str, list[Word]] = {}
    seen: set[tuple[str, str]] = set()
    header: list[str] | None = None
    with path.open(encoding="utf-8", newline="") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            where = f"{path.name}:{number}"
            if header is None:
                if tuple(cells) != COLUMNS:
                    raise WordListError(f"{where}: header must be {' '.join(COLUMNS)} (tab-separated), got {cells}")
                header = cells
                continue
            if len(cells) != len(COLUMNS):
                raise WordListError(f"{where}: expected {len(COLUMNS)} tab-separated fields, got {len(cells)}")
            name, word, value, source = cells
            for field, text in (("list", name), ("word", word), ("source", source)):
                if not text.strip():
                    raise WordListError(f"{where}: empty {field}")
            if (name, word) in seen:
                raise WordListError(f"{where}: {word!r} is listed twice in list {name!r}")
            seen.add((name, word))
            lists.setdefault(name, []).append(Word(word, value, source, language, where))
    if header is None:
        raise WordListError(f"{path.name}: no header line")
    return lists


@functools.cache
def _area(area: str) -> dict[str, list[Word]]:
    table: dict[str, list[Word]] = {}
    for language, path in files(area):
        for name, entries in read_file(path, language).items():
            table.setdefault(name, []).extend(entries)
    return table


def entries(area: str, name: str, language: str | None = None) -> list[Word]:
    """The rows of one list, English first; only ``language``'s when given.  An unknown list is an error."""
    table = _area(area)
    if name not in table:
        raise WordListError(f"no word list {name!r} in {DATA_DIR / area}/words*.tsv")
    found = table[name]
    return found if language is None else [w for w in found if w.language == language]


@functools.cache
def words(area: str, name: str, language: str | None = None) -> frozenset[str]:
    """The words of a list, as a set."""
    return frozenset(w.word for w in entries(area, name, language))


@functools.cache
def word_list(area: str, name: str, language: str | None = None) -> tuple[str, ...]:
    """The words of a list in file order (English first): for regex alternations and prefix tests."""
    return tuple(dict.fromkeys(w.word for w in entries(area, name, language)))


@functools.cache
def word_map(area: str, name: str, language: str | None = None) -> dict[str, str]:
    """word → value for lists that map (number words, spelling variants).  A word without a value is an error."""
    out: dict[str, str] = {}
    for entry in entries(area, name, language):
        if not entry.value:
            raise WordListError(f"{entry.where}: list {name!r} maps words to values; this row has no value")
        out.setdefault(entry.word, entry.value)
    return out


def alternation(area: str, name: str, language: str | None = None, space: str = " ", longest_first: bool = False) -> str:
    r"""A regex alternation of a list's words, each escaped, in file order (or longest first).

    ``space`` is what a space inside a word matches: a plain space by default, ``r"\s+"`` for any run of
    white space."""
    listed = word_list(area, name, language)
    if longest_first:
        listed = tuple(sorted(listed, key=len, reverse=True))
    return "|".join(space.join(re.escape(part) for part in word.split(" ")) for word in listed)
