"""The reviewed domain lexicon: equipment, armed organisations and units, facilities, persons, regions.

Each TSV under ``garrison/data/entities/`` holds one entity per row with its aliases and a source
note.  An alias may carry a marker:

* ``?alias`` — shared by several entities (``Haftar``, ``Air Base 101``); the document decides
  which one (the one it names elsewhere, or whose city it names), else the first listed;
* ``~alias`` — weak (a bare common surname, an acronym with other meanings); it links only when
  the document names the entity some other way too.

``fold`` is the spelling- and transliteration-blind key used to look names up across sources:
Jufra/Joufra, Tartus/Tartous, Haftar/Hafter and Khmeimim/Hmeimim fold to the same key.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anyascii import anyascii

from garrison import config
from garrison.model import Label, entity_id
from garrison.words import alternation

DATA = config.DATA_DIR / "entities"
FILES = ("equipment.tsv", "generic_materiel.tsv", "organisations.tsv", "facilities.tsv", "persons.tsv", "locations.tsv",
         "countries.tsv", "demonyms.tsv")
# Attribute keys whose value names another lexicon entity: stored as that entity's id.
RELATIONS = ("successor_of", "affiliated_with", "parent", "leader", "commander", "operator")

SHARED, WEAK = "?", "~"


@dataclass(eq=False)
class Entry:
    label: str
    name: str
    aliases: list[str]
    attributes: dict[str, Any]
    source: str
    file: str
    line: int
    needs_context: bool = False  # single-word aliases that are also everyday words need a military cue
    shared: set[str] = field(default_factory=set)
    weak: set[str] = field(default_factory=set)
    not_after: frozenset[str] = frozenset()  # preceding words that make an alias mean something else ("think tank")

    @property
    def generic(self) -> bool:
        return bool(self.attributes.get("generic"))

    @functools.cached_property
    def id(self) -> str:
        return entity_id(self.label, self.name)


# ---------------------------------------------------------------------------
# normalisation

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u00b4`"), "'")


_UNIFIED = {chr(code): to for table in (_DASHES, _QUOTES) for code, to in table.items()}
# str.translate looks every character of a document up in the table; the few to replace are found faster by a
# character class (about 15 x on news text), with the same result
_TO_UNIFY = re.compile("[" + "".join(_UNIFIED) + "]")


def _unify(m: re.Match) -> str:
    return _UNIFIED[m.group()]


def surface_keep_case(text: str) -> str:
    """Dashes and apostrophes unified, length kept: the text patterns run on."""
    return _TO_UNIFY.sub(_unify, text)


def surface(text: str) -> str:
    """A length-preserving normal form to match aliases on: lower case, one dash, one apostrophe."""
    return lower_keep_length(surface_keep_case(text))


def lower_keep_length(text: str) -> str:
    """``surface`` of a text that is ``surface_keep_case`` already: lower case, length kept."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_ARTICLE = re.compile(r"^(?:" + alternation("entities", "leading_articles") + r")\s+")  # data/entities/words*.tsv
_FOLDS = (
    (re.compile(r"kh"), "h"), (re.compile(r"ou"), "u"), (re.compile(r"oo"), "u"), (re.compile(r"ee"), "i"),
    (re.compile(r"ph"), "f"), (re.compile(r"q"), "k"), (re.compile(r"ck"), "k"), (re.compile(r"dh"), "d"),
    (re.compile(r"(?<=\w)[eiy](?=[^aeiouy\s]|$)"), "a"), (re.compile(r"(\w)\1+"), r"\1"),
)


@functools.lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Spelling- and transliteration-blind key: ASCII, lower case, no articles, common variants merged."""
    text = anyascii(unicodedata.normalize("NFKC", name)).lower()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    previous = None
    while previous != text:
        previous, text = text, _ARTICLE.sub("", text)
    for pattern, replacement in _FOLDS:
        text = pattern.sub(replacement, text)
    return text.replace(" ", "")


_DESIGNATION = re.compile(r"^([A-Za-z]{1,5})[- ]?(\d)")


def variants(alias: str) -> set[str]:
    """Spelling variants of one alias that reports use interchangeably (S-400, S400, S 400; al-Jufra, al Jufra)."""
    out = {alias}
    if "-" in alias:
        out.add(alias.replace("-", " "))
        joined = alias.replace("-", "")
        if len(joined) >= 4 or any(c.isdigit() for c in joined):
            out.add(joined)
    elif _DESIGNATION.match(alias) and " " in alias[:7]:
        out.add(alias.replace(" ", "-", 1))
    m = re.match(r"^([A-Za-z]{1,5})(\d)", alias)
    if m:  # "S400" written without the dash: add the dashed form
        out.add(f"{m.group(1)}-{alias[len(m.group(1)):]}")
    if "'" in alias or "\u2019" in alias:
        out.add(alias.replace("'", "").replace("\u2019", ""))
    return {v for v in out if v.strip()}


# ---------------------------------------------------------------------------
# loading


def _attributes(text: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for part in (text or "").split(";"):
        if "=" in part:
            key, _, value = part.partition("=")
            attrs[key.strip()] = value.strip()
    return attrs


def _split_aliases(raw: str) -> tuple[list[str], set[str], set[str]]:
    aliases, shared, weak = [], set(), set()
    for alias in (raw or "").split("|"):
        alias = alias.strip()
        if not alias:
            continue
        if alias[0] == SHARED:
            alias = alias[1:].strip()
            shared.add(alias)
        elif alias[0] == WEAK:
            alias = alias[1:].strip()
            weak.add(alias)
        aliases.append(alias)
    return aliases, shared, weak


def _rows(path: Path):
    with path.open(encoding="utf-8") as handle:
        lines = [(i, line) for i, line in enumerate(handle, 1) if line.strip() and not line.startswith("#")]
    reader = csv.reader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = None
    for (number, _), row in zip(lines, reader):
        if header is None:
            header = row
            continue
        yield number, dict(zip(header, (c.strip() for c in row))), len(row) == len(header)


def read_file(path: Path) -> list[Entry]:
    entries = []
    for number, row, complete in _rows(path):
        if not complete:
            raise ValueError(f"{path.name}:{number}: expected {len(row)} tab-separated columns")
        aliases, shared, weak = _split_aliases(row.get("aliases", ""))
        if path.name == "equipment.tsv":
            label = Label.EQUIPMENT.value
            attrs = {"equipment_class": row["class"], "origin_country": row["origin"]}
            needs_context = row.get("context", "") == "yes"
        elif path.name == "generic_materiel.tsv":
            label = Label.EQUIPMENT.value
            attrs = {"equipment_class": row["class"], "generic": True}
            needs_context = row.get("context", "") == "yes"
        elif path.name == "facilities.tsv":
            label = Label.FACILITY.value
            attrs = {"facility_kind": row["kind"], "country": row["country"], **_attributes(row["attributes"])}
            needs_context = False
        elif path.name == "persons.tsv":
            label = Label.PERSON.value
            attrs = _attributes(row["attributes"])
            needs_context = False
        else:
            label = row["label"]
            attrs = _attributes(row["attributes"])
            needs_context = False
        entries.append(Entry(label=label, name=row["name"], aliases=aliases, attributes=attrs,
                             source=row.get("source", ""), file=path.name, line=number,
                             needs_context=needs_context, shared=shared, weak=weak,
                             not_after=frozenset(w.lower() for w in row.get("not_after", "").split("|") if w)))
    return entries


class Lexicon:
    """All entries, their aliases by surface form and by folded key."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_id: dict[str, Entry] = {}
        self.by_name: dict[str, Entry] = {}
        for entry in entries:
            self.by_id.setdefault(entry.id, entry)
            self.by_name.setdefault(entry.name, entry)
        # surface alias -> [(entry, original alias)]
        self.surface: dict[str, list[tuple[Entry, str]]] = {}
        self.folded: dict[str, list[Entry]] = {}
        for entry in entries:
            for alias in [entry.name, *entry.aliases]:
                for variant in variants(alias):
                    bucket = self.surface.setdefault(surface(variant), [])
                    if all(e is not entry for e, _ in bucket):
                        bucket.append((entry, alias))
                key = fold(alias)
                if key and alias not in entry.weak and not self.needs_context(entry, alias) and not entry.generic:
                    bucket = self.folded.setdefault(key, [])
                    if entry not in bucket:
                        bucket.append(entry)

    @staticmethod
    def needs_context(entry: Entry, alias: str) -> bool:
        """An everyday word ("Tiger", "Spartak") that names the entry only next to a military cue."""
        return entry.needs_context and " " not in alias and not any(c.isdigit() for c in alias)

    @functools.cached_property
    def national(self) -> dict[tuple[str, str], Entry]:
        """(kind, ISO2) -> the country's armed forces ("forces") or government ("government") entry."""
        out: dict[tuple[str, str], Entry] = {}
        for entry in self.entries:
            country = entry.attributes.get("country")
            if entry.attributes.get("national_forces") == "yes":
                out.setdefault(("forces", country), entry)
            elif entry.attributes.get("national_government") == "yes":
                out.setdefault(("government", country), entry)
            elif entry.file == "countries.tsv":
                out.setdefault(("country", country), entry)
        return out

    def attributes(self, entry: Entry) -> dict[str, Any]:
        """The entry's attributes with relations to other entries as their ids."""
        out: dict[str, Any] = {}
        for key, value in entry.attributes.items():
            if not value:
                continue
            if key in RELATIONS:
                target = self.by_name.get(value)
                out[key] = target.id if target else value
                out[f"{key}_name"] = value
            elif key == "origin_country" and "," in value:
                out[key] = value.split(",")
            else:
                out[key] = value
        out["lexicon_source"] = entry.source
        return out


@functools.cache
def load() -> Lexicon:
    entries: list[Entry] = []
    for name in FILES:
        entries.extend(read_file(DATA / name))
    return Lexicon(entries)


@functools.cache
def patterns() -> dict[str, Any]:
    return json.loads((DATA / "patterns.json").read_text(encoding="utf-8"))


def problems(lexicon: Lexicon | None = None) -> list[str]:
    """What a reviewer must fix: missing sources, unknown labels, aliases shared without a marker."""
    lexicon = lexicon or load()
    found = []
    labels = {label.value for label in Label}
    seen_ids: dict[str, Entry] = {}
    for entry in lexicon.entries:
        where = f"{entry.file}:{entry.line}"
        if not entry.source:
            found.append(f"{where}: {entry.name}: no source note")
        if entry.label not in labels:
            found.append(f"{where}: {entry.name}: unknown label {entry.label!r}")
        if entry.id in seen_ids:
            found.append(f"{where}: {entry.name}: same id as {seen_ids[entry.id].file}:{seen_ids[entry.id].line}")
        seen_ids.setdefault(entry.id, entry)
        for key in RELATIONS:
            if key in entry.attributes and entry.attributes[key] not in lexicon.by_name:
                found.append(f"{where}: {entry.name}: {key} names unknown entity {entry.attributes[key]!r}")
    for key, bucket in lexicon.surface.items():
        if len(bucket) > 1 and not all(alias in e.shared for e, alias in bucket):
            names = ", ".join(f"{e.file}:{e.line} {e.name} ({alias})" for e, alias in bucket)
            found.append(f"alias {key!r} names several entities without a ? marker on each: {names}")
    return found
