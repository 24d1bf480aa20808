"""The reviewed data the events stage reads: ontology, trigger lexicon, attribution and stance cues.

All three live in ``garrison/data/events/`` and are loaded once per process.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from garrison import config

DATA = config.DATA_DIR / "events"


# ---------------------------------------------------------------------------
# ontology


NOT_AN_EVENT = "NONE"  # the projection of a type a vocabulary does not code


@dataclass(frozen=True)
class Mode:
    name: str
    description: str
    acled: tuple[str, str]
    case: str
    plover: str | None = None  # overrides the type's PLOVER 0.5 label


@dataclass(frozen=True)
class EventType:
    name: str
    description: str
    plover: str | None  # None: not a PLOVER event (disasters, crime)
    plover_root: str | None
    modes: tuple[Mode, ...]

    def mode(self, name: str | None) -> Mode:
        for mode in self.modes:
            if mode.name == name:
                return mode
        return self.modes[0]


@dataclass(frozen=True)
class Ontology:
    types: dict[str, EventType]
    plover_aliases: dict[str, str]
    case_codes: dict[str, str]  # ACLED sub-event type (lower case) → CASE 2021 Task 2 code
    stance_labels: dict[str, dict[str, str]]  # label set → stance → the label a claim with it is scored as
    pre2019: dict[str, dict[str, str]]  # by_sub_event / by_event → ACLED event type before 2019

    # The label sets `garrison eval events --labels` speaks.
    LABEL_SETS = ("garrison", "plover", "plover-root", "acled", "acled-sub", "acled-pre2019", "case")

    def project(self, type_name: str, mode: str | None, labels: str, stance: str | None = None) -> str:
        """Our (type, mode) in another vocabulary; a stance with a label of its own there wins (CASE ATTRIB)."""
        event_type = self.types[type_name]
        if stance is not None and stance in self.stance_labels.get(labels, {}):
            return self.stance_labels[labels][stance]
        if labels == "garrison":
            return type_name
        if labels == "plover":
            label = event_type.mode(mode).plover or event_type.plover if mode else event_type.plover
            return label or NOT_AN_EVENT
        if labels == "plover-root":
            return event_type.plover_root or NOT_AN_EVENT
        chosen = event_type.mode(mode)
        if labels == "acled":
            return chosen.acled[0]
        if labels == "acled-sub":
            return chosen.acled[1]
        if labels == "acled-pre2019":
            return self.pre2019["by_sub_event"].get(chosen.acled[1]) or self.pre2019["by_event"][chosen.acled[0]]
        if labels == "case":
            return chosen.case
        raise ValueError(f"unknown label set {labels!r}; known: {', '.join(self.LABEL_SETS)}")

    def normalise_gold(self, label: str, labels: str) -> str:
        """A gold label in the form our projections use (PLOVER 0.5 names, YIELD …, upper snake case)."""
        label = label.strip()
        if labels in ("plover", "plover-root", "garrison"):
            label = label.upper()
            label = self.plover_aliases.get(label, label)
            if labels == "plover-root" and label in self.types:
                label = self.types[label].plover_root
        elif labels == "case":
            label = self.case_codes.get(label.lower(), label.upper().replace(" ", "_"))
        return label


@functools.cache
def ontology() -> Ontology:
    raw = json.loads((DATA / "ontology.json").read_text(encoding="utf-8"))
    types = {}
    for name, spec in raw["types"].items():
        modes = tuple(
            Mode(m["name"], m["description"], (m["acled"][0], m["acled"][1]), m["case"], m.get("plover"))
            for m in spec["modes"]
        )
        types[name] = EventType(name, spec["description"], spec["plover"], spec["plover_root"], modes)
    aliases = {k: v[0] for k, v in raw["label_aliases"]["plover"].items()}
    case_codes = {k.lower(): v for k, v in raw["case_codes"]["codes"].items()}
    stance_labels = {k: v for k, v in raw.get("stance_labels", {}).items() if isinstance(v, dict)}
    pre2019 = {k: raw["acled_pre2019"][k] for k in ("by_sub_event", "by_event")}
    return Ontology(types, aliases, case_codes, stance_labels, pre2019)


def mapping_table(onto: Ontology | None = None) -> str:
    """The ontology's one mapping table as Markdown (docs/ontology.md carries it; a test keeps them equal)."""
    onto = onto or ontology()
    lines = ["| Type | Mode | ACLED event type / sub-event type | ACLED before 2019 | CASE 2021 | PLOVER 0.5 | PLOVER root |",
             "|---|---|---|---|---|---|---|"]
    for name, event_type in onto.types.items():
        for mode in event_type.modes:
            plover = onto.project(name, mode.name, "plover")
            lines.append(f"| {name} | {mode.name} | {mode.acled[0]} / {mode.acled[1]} | "
                         f"{onto.project(name, mode.name, 'acled-pre2019')} | {mode.case} | {plover} | "
                         f"{onto.project(name, mode.name, 'plover-root')} |")
    for stance, label in onto.stance_labels.get("case", {}).items():
        lines.append(f"| (any, stance {stance}) | — | the claimed event's | the claimed event's | {label} | "
                     f"the claimed event's | the claimed event's |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# triggers


@dataclass(frozen=True)
class Trigger:
    phrase: str
    pos: str  # V or N
    type: str
    mode: str
    needs: frozenset[str]
    source: str


@functools.cache
def interactions() -> dict[str, dict[str, str]]:
    """ACLED's actor interaction codes (``interactions.tsv``), by code: name, armed, state."""
    return {row["code"]: row for row in _rows(DATA / "interactions.tsv")}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _verb_forms(word: str) -> set[str]:
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) > 2 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # plan → planned
    return forms


def _noun_forms(word: str) -> set[str]:
    forms = {word, word + "s"}
    if word.endswith(("s", "x", "ch", "sh")):
        forms.add(word + "es")
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms.add(word[:-1] + "ies")
    return forms


def surface_forms(phrase: str, pos: str, extra: str = "") -> set[str]:
    words = phrase.lower().split()
    if pos == "V":
        variants = {" ".join([f, *words[1:]]) for f in _verb_forms(words[0])}
    else:
        variants = {" ".join([*words[:-1], f]) for f in _noun_forms(words[-1])}
    variants |= {f.strip().lower() for f in extra.split(",") if f.strip()}
    return variants


def french_verb_forms(word: str) -> set[str]:
    """Forms of a regular French -er verb a news report uses: present, past participle (four
    agreements), imperfect, future, conditional, gerund.  Irregular verbs list theirs in ``forms``."""
    if not word.endswith("er"):
        return {word}
    stem = word[:-2]
    present_stem = stem[:-1] + "i" if stem.endswith("y") else stem  # déployer → déploie
    forms = {word, present_stem + "e", present_stem + "es", present_stem + "ent", stem + "ons", stem + "ez",
             stem + "é", stem + "ée", stem + "és", stem + "ées", stem + "ait", stem + "aient", stem + "ant",
             stem + "ais", present_stem + "era", present_stem + "eront", present_stem + "erait",
             present_stem + "eraient"}
    return forms


def french_noun_forms(word: str) -> set[str]:
    if word.endswith(("s", "x", "z")):
        return {word}
    if word.endswith("al"):
        return {word, word[:-2] + "aux"}
    if word.endswith(("eau", "eu")):
        return {word, word + "x"}
    return {word, word + "s"}


def french_surface_forms(phrase: str, pos: str, extra: str = "") -> set[str]:
    words = phrase.lower().split()
    if pos == "V":
        variants = {" ".join([f, *words[1:]]) for f in french_verb_forms(words[0])}
    else:
        variants = {" ".join([*words[:-1], f]) for f in french_noun_forms(words[-1])}
    variants |= {f.strip().lower() for f in extra.split(",") if f.strip()}
    return variants


# Trigger lexicon per language; a language without its own file reads the English one.
TRIGGER_FILES = {"en": ("triggers.tsv", surface_forms), "fr": ("triggers.fr.tsv", french_surface_forms)}


def trigger_language(language: str | None) -> str:
    return language if language in TRIGGER_FILES else "en"


@functools.cache
def triggers(language: str = "en") -> dict[str, list[Trigger]]:
    """Surface form (lower case) → the lexicon entries it may realise."""
    filename, inflect = TRIGGER_FILES[trigger_language(language)]
    table: dict[str, list[Trigger]] = {}
    for row in _rows(DATA / filename):
        entry = Trigger(
            row["phrase"], row["pos"], row["type"], row["mode"],
            frozenset(w for w in (row["needs"] or "").split(",") if w), row["source"],
        )
        for form in inflect(entry.phrase, entry.pos, row["forms"] or ""):
            table.setdefault(form, []).append(entry)
    return table


@functools.cache
def trigger_first_words(language: str = "en") -> frozenset[str]:
    """First words of every surface form (and of hyphenated ones), to skip most tokens at once."""
    firsts = set()
    for form in triggers(language):
        firsts.add(form.split(" ")[0])
        firsts.add(form.split("-")[0])
    return frozenset(firsts)


# ---------------------------------------------------------------------------
# cues


@functools.cache
def cues() -> dict[str, dict[str, str]]:
    """kind → {cue (lower case) → signal}.  Single-word verb cues are expanded to their inflections."""
    table: dict[str, dict[str, str]] = {}
    for row in _french_cues():
        table.setdefault(row["kind"], {})[row["cue"].lower()] = row["signals"]
    for row in _rows(DATA / "cues.tsv"):
        kind, cue = row["kind"], row["cue"].lower()
        forms = {cue}
        if kind in ("report", "deny") and " " not in cue:
            forms |= _verb_forms(cue) | {"said", "told", "wrote", "shown"}.intersection({cue})
        if kind == "source_noun" or kind == "media_noun":
            forms |= _noun_forms(cue)
        for form in forms:
            table.setdefault(kind, {})[form] = row["signals"]
    return table


def _french_cues() -> Iterator[dict[str, str]]:
    """French cues, every form listed (French words do not collide with the English cues)."""
    for row in _rows(DATA / "cues.fr.tsv"):
        for form in {row["cue"], *(f.strip() for f in (row["forms"] or "").split(",") if f.strip())}:
            yield row | {"cue": form}


def is_cue(kind: str, text: str) -> bool:
    return text.lower() in cues().get(kind, {})


@functools.cache
def mode_refinements() -> dict[str, tuple[str, str]]:
    """Instrument word → (type, mode) it gives a generic trigger of that type."""
    return {row["word"].lower(): (row["type"], row["mode"]) for row in _rows(DATA / "modes.tsv")
            if not row["word"].startswith("@")}


@functools.cache
def plover_refinements() -> dict[str, tuple[tuple[frozenset[str], str, str], ...]]:
    """Word → its rows (the types it refines, PLOVER-scored type, mode), in file order: a peacekeeping
    deployment is AID, a withdrawal of peacekeepers a SANCTION."""
    found: dict[str, list[tuple[frozenset[str], str, str]]] = {}
    for row in _rows(DATA / "plover_refinements.tsv"):
        found.setdefault(row["word"].lower(), []).append((frozenset(row["from"].split(",")), row["type"], row["mode"]))
    return {word: tuple(rows) for word, rows in found.items()}


@functools.cache
def target_refinements() -> dict[str, tuple[str, str]]:
    """Word in an attack's target → the (type, mode) the attack becomes (armed forces attacked: a clash)."""
    return {row["word"].split(":", 1)[1].lower(): (row["type"], row["mode"]) for row in _rows(DATA / "modes.tsv")
            if row["word"].startswith("@target:")}
