"""The domain layer: lexicon aliases and pattern rules found in raw text.

One Aho-Corasick pass finds every alias of the reviewed lexicon (case- and dash-blind, then
checked for case, word boundaries and, for everyday words, a military cue nearby); a few
compiled regular expressions find designation families (``BTR-80/82A``, ``Su-35S``),
numbered units (``61st Naval Infantry Brigade``) and numbered facilities (``Air Base 101``).
It works on the text alone, so it also covers the tail of documents too long to parse.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from garrison.entities import lexicon as lex
from garrison.entities.guarded import Guarded
from garrison.model import Label
from garrison.words import alternation, words


@dataclass
class Candidate:
    start: int
    end: int
    label: str
    source: str  # lexicon | pattern
    entries: list[lex.Entry] = field(default_factory=list)
    shared: bool = False
    weak: bool = False
    canonical: str | None = None  # pattern matches with no lexicon entry
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start


# ---------------------------------------------------------------------------
# lexicon


@dataclass
class _Alias:
    entry: lex.Entry
    alias: str
    variant: str
    case_sensitive: bool
    needs_context: bool
    capitalised: bool = False  # a proper name: the text must be capitalised too

    def __post_init__(self) -> None:
        first = next((c for c in self.variant if c.isalpha()), "")
        self.capitalised = first.isupper() and not any(c.isdigit() for c in self.variant)


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 7 and sum(c.isupper() for c in letters) >= 2 and not any(c.isdigit() for c in alias)


@functools.cache
def _automaton():
    lexicon = lex.load()
    table: dict[str, list[_Alias]] = {}
    for entry in lexicon.entries:
        for alias in [entry.name, *entry.aliases]:
            if len(alias) < 2:
                continue
            needs_context = entry.needs_context and " " not in alias and not any(c.isdigit() for c in alias)
            for variant in lex.variants(alias):
                key = lex.surface(variant)
                table.setdefault(key, []).append(
                    _Alias(entry, alias, lex.surface_keep_case(variant), _is_acronym(variant), needs_context))
    automaton = ahocorasick.Automaton()
    for key, items in table.items():
        automaton.add_word(key, (len(key), items))
    automaton.make_automaton()
    return automaton


@functools.cache
def _cue_pattern() -> re.Pattern:
    words = lex.patterns()["context_cues"]["words"]
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w.lower()) for w in sorted(set(words), key=len, reverse=True)) + r")(?!\w)")


@functools.cache
def _instrument_pattern() -> re.Pattern:
    """An instrument phrase ending the stretch before a word, in its clause ("destroyed by shells and "): see
    ``context_cues._instruments`` in patterns.json."""
    phrases = lex.patterns()["context_cues"]["instruments"]
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
                      + r")(?!\w)[^.!?;:]*$")


_ARABIC_ARTICLE = re.compile(r"(?<!\w)(?:" + alternation("entities", "leading_articles", "ar") + r")-$", re.IGNORECASE)


def _case_ok(found: str, item: _Alias) -> bool:
    if item.case_sensitive:
        return found == item.variant or (found.isupper() and found.upper() == item.variant.upper())
    if item.capitalised:
        head = found[0] if found[0].isalpha() else next((c for c in found if c.isalpha()), "")
        return head.isupper()
    return True


_WORD_BEFORE = re.compile(r"([\w'-]+)\W*$")


def _generic_ok(norm: str, low: str, start: int, found: str, item: _Alias) -> bool:
    """A class noun ("shell", "tank") must be lower case mid-sentence and not follow a word that changes it; one
    written as a name in the lexicon ("Katyusha", "Kalashnikovs") is capitalised anywhere."""
    before = low[max(0, start - 30):start]
    m = _WORD_BEFORE.search(before)
    if m and m.group(1) in item.entry.not_after:
        return False
    if found[:1].isupper() and not found.isupper() and not item.capitalised:
        i = start  # the last character before the match that is not white space (no copy of the text before it)
        while i and norm[i - 1].isspace():
            i -= 1
        return not i or norm[i - 1] in ".!?\n\"“:;"
    return True


def lexicon_candidates(text: str, norm: str | None = None) -> list[Candidate]:
    norm = norm if norm is not None else lex.surface_keep_case(text)
    low = lex.lower_keep_length(norm)  # lex.surface(text), from the unified text at hand
    cues = _cue_pattern()
    window = lex.patterns()["context_cues"]["window_chars"]
    instruments, reach = _instrument_pattern(), lex.patterns()["context_cues"]["instrument_window_chars"]
    out: list[Candidate] = []
    n = len(text)
    for end_index, (length, items) in _automaton().iter(low):
        end = end_index + 1
        start = end - length
        if start > 0 and low[start - 1].isalnum():
            continue
        if end < n and (low[end].isalnum() or (low[end] == "-" and end + 1 < n and low[end + 1].isalnum())):
            if not (low[end] == "s" and (end + 1 == n or not low[end + 1].isalnum())):
                continue
        found = norm[start:end]
        if start > 0 and low[start - 1] == "-":
            article = _ARABIC_ARTICLE.search(norm, max(0, start - 5), start)
            if not article:
                continue
            start = article.start()
        good = [item for item in items if _case_ok(found, item)]
        if good and any(item.entry.generic for item in good):
            good = [item for item in good if not item.entry.generic or _generic_ok(norm, low, start, found, item)]
        if not good:
            continue
        if any(item.needs_context for item in good):
            context = low[max(0, start - window):min(n, end + window)]
            if not cues.search(context) and not instruments.search(low, max(0, start - reach), start):
                good = [item for item in good if not item.needs_context]
                if not good:
                    continue
        plural = end < n and low[end] == "s" and (end + 1 == n or not low[end + 1].isalnum())
        entries: list[lex.Entry] = []
        shared = weak = False
        for item in good:
            if item.entry not in entries:
                entries.append(item.entry)
            shared |= item.alias in item.entry.shared
            weak |= item.alias in item.entry.weak
        label = entries[0].label
        if plural:
            if label != Label.EQUIPMENT:
                continue
            end += 1
        out.append(Candidate(start, end, label, "lexicon", entries, shared=shared or len(entries) > 1, weak=weak))
    return out


# ---------------------------------------------------------------------------
# patterns


@functools.cache
def _known_prefixes() -> frozenset[str]:
    prefixes = set()
    for entry in lex.load().entries:
        if entry.label != Label.EQUIPMENT:
            continue
        for alias in [entry.name, *entry.aliases]:
            m = re.match(r"^([A-Za-z]{1,5})-\d", alias)
            if m:
                prefixes.add(m.group(1))
    return frozenset(prefixes)


@functools.cache
def _designation_re() -> Guarded:
    conf = lex.patterns()["designation"]
    makers = "|".join(re.escape(m) for m in sorted(conf["manufacturers"], key=len, reverse=True))
    letters = conf["max_prefix_letters"]
    return Guarded(re.compile(
        rf"(?<![\w/-])(?:(?P<maker>{makers})[\s-]+)?"
        rf"(?P<des>(?P<prefix>[A-Z][A-Za-z]{{0,{letters - 1}}})-(?P<num>\d{{1,4}})(?P<suffix>[A-Za-z]{{0,5}}\d?)"
        rf"(?:[/-](?:\d{{1,4}}[A-Za-z]{{0,3}}|[A-Z]{{1,3}}\d?))*)(?![\w-])"
    ), re.compile(r"-\d"))  # every designation holds its prefix's dash and a digit


@functools.cache
def _truck_re() -> Guarded:
    makers = lex.patterns()["designation"]["truck_makers"]
    alternatives = "|".join(re.escape(m) for m in sorted(makers, key=len, reverse=True))
    return Guarded(re.compile(rf"(?<![\w-])(?P<maker>{alternatives})[\s-](?P<num>\d{{3,5}}[A-Z]?)(?![\w-])"))


def _ordinal(number: str) -> str:
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@functools.cache
def _unit_res() -> tuple[Guarded, Guarded, Guarded]:
    conf = lex.patterns()["unit"]
    words = "|".join(conf["ordinal_words"])
    nouns = "|".join(re.escape(n) for n in sorted(conf["nouns"], key=len, reverse=True))
    mods = "|".join(re.escape(m) for m in sorted(conf["modifiers"], key=len, reverse=True))
    english = re.compile(
        rf"(?<![\w-])(?P<ord>\d{{1,3}}(?:st|nd|rd|th)|{words})\s+"
        rf"(?P<mods>(?:(?:[A-Z][\w'-]*|(?i:{mods}))\s+){{0,5}}?)(?P<noun>(?i:{nouns}))(?!\w)")
    first = "|".join(re.escape(n) for n in conf["number_first_nouns"])
    number_first = re.compile(rf"(?<![\w-])(?P<noun>{first})\s+(?P<num>\d{{1,4}})(?![\w-])")
    fr_nouns = "|".join(re.escape(n) for n in conf["french_nouns"])
    fr_mods = "|".join(re.escape(m) for m in sorted(conf["french_modifiers"], key=len, reverse=True))
    suffixes = "|".join(sorted(conf["french_ordinal_suffixes"], key=len, reverse=True))
    french = re.compile(
        rf"(?<![\w-])(?P<num>\d{{1,3}})(?:{suffixes})\s+(?P<noun>{fr_nouns})"
        rf"(?P<tail>(?:\s+(?:{fr_mods})(?!\w)|\s*d'\w+|\s+[A-Z][\w-]+){{0,4}})")
    # guards: an English unit holds a numeral's ordinal ending or an ordinal word, a French one a digit, its
    # ordinal ending and a space
    return (Guarded(english, re.compile(r"\d(?:st|nd|rd|th)"), re.compile(words)), Guarded(number_first),
            Guarded(french, re.compile(rf"\d(?:{suffixes})\s")))


@functools.cache
def _facility_res() -> tuple[Guarded, Guarded]:
    conf = lex.patterns()["facility"]
    numbered = "|".join(re.escape(h) for h in sorted(conf["numbered_heads"], key=len, reverse=True))
    prefix = "|".join(re.escape(h) for h in sorted(conf["prefix_heads"], key=len, reverse=True))
    return (Guarded(re.compile(rf"(?<![\w-])(?P<head>{numbered})\s+(?P<num>\d{{1,4}})(?![\w-])")),
            Guarded(re.compile(rf"(?<![\w-])(?P<head>{prefix})\s+(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){{0,2}})")))


@functools.cache
def _ship_re() -> Guarded:
    conf = lex.patterns()["ship_prefixes"]
    prefixes = "|".join(re.escape(p) for p in sorted(conf["prefixes"], key=len, reverse=True))
    connectors = "|".join(re.escape(c) for c in conf["name_connectors"])
    word = r"(?:[A-Z]\.|[A-Z][\w'’-]+)"
    return Guarded(re.compile(
        rf"(?<![\w-])(?P<prefix>{prefixes})[ \u00a0]+(?P<name>{word}(?:[ \u00a0]+(?:(?:{connectors})[ \u00a0]+)?{word}){{0,4}})"))


@functools.cache
def _typed_ship_re() -> tuple[Guarded, frozenset[str]]:
    """A warship named after its type noun: "the frigate Admiral Grigorovich", "the cruiser Moskva" (patterns.json
    ``ship_prefixes.type_noun_class``: the type nouns are the aliases of that class's generic row). Returns the
    pattern and the lower-cased words no ship's name opens with (months, weekdays, places, nationalities)."""
    from garrison.dates.lexicon import lexicon as date_words

    conf = lex.patterns()["ship_prefixes"]
    lexicon = lex.load()
    nouns = {alias for entry in lexicon.entries if entry.generic
             and entry.attributes.get("equipment_class") == conf["type_noun_class"] for alias in entry.aliases}
    # the plural too: "the destroyers Admiral Essen and Admiral Makarov" names the first of them
    types = "|".join(re.escape(n) for n in sorted(nouns | {n + "s" for n in nouns}, key=len, reverse=True))
    connectors = "|".join(re.escape(c) for c in conf["name_connectors"])
    word = r"[A-Z][\w'’]+(?:-[A-Z0-9][\w'’]*)*"
    pattern = re.compile(rf"(?<![\w-])(?P<type>{types})[ \u00a0]+"
                         rf"(?P<name>{word}(?:[ \u00a0]+(?:(?:{connectors})[ \u00a0]+)?{word}){{0,3}})(?![\w-])")
    dates = date_words()
    places = {key for key, bucket in lexicon.surface.items() if " " not in key
              and any(e.label in (Label.GPE.value, Label.LOC.value, Label.NORP.value) for e, _ in bucket)}
    return (Guarded(pattern, re.compile("|".join(re.escape(n) for n in sorted(nouns)))),
            frozenset(dates.months) | frozenset(dates.weekdays) | frozenset(places))


def _typed_ships(norm: str) -> list[Candidate]:
    """The name of a warship written after its type noun, as a named warship (the type noun before it stays a
    class noun and joins it as one phrase: ``_join_materiel``). The type noun is in lower case, so a Title Case
    headline ("Russian Frigate Sails Into Port") is no ship; a name opening with a date, a place or a nationality
    ("the destroyer Monday", "a frigate Russia sent"), with a navy's prefix ("the frigate HMS Kent": the prefix
    rule's) or a class ("the submarine Kilo-class") is none either."""
    pattern, not_first = _typed_ship_re()
    prefixes = lex.patterns()["ship_prefixes"]["prefixes"]
    out: list[Candidate] = []
    for m in pattern.finditer(norm):
        if not m.group("type").islower():
            continue
        name = m.group("name")
        first = name.split()[0]
        if first.lower() in not_first or first in prefixes or name.lower().endswith("-class"):
            continue
        out.append(Candidate(m.start("name"), m.end("name"), Label.EQUIPMENT.value, "pattern", canonical=name,
                             attributes={"equipment_class": "ship"}))
    return out


_TITLE_CASE_EXCEPTIONS = words("entities", "title_case_exceptions")


def _title(words: str) -> str:
    return " ".join(w if w.isupper() or w in _TITLE_CASE_EXCEPTIONS else w[:1].upper() + w[1:] for w in words.split())


def pattern_candidates(norm: str) -> list[Candidate]:
    lexicon = lex.load()
    conf = lex.patterns()["designation"]
    stop = set(conf["stop_prefixes"])
    single = set(conf["single_letter_prefixes"])
    known = _known_prefixes()
    out: list[Candidate] = []
    for m in _designation_re().finditer(norm):
        prefix, num = m.group("prefix"), m.group("num")
        if prefix in stop:
            continue
        if len(prefix) == 1 and (prefix not in single or len(num) < conf["single_letter_min_digits"]):
            continue
        if len(prefix) > 1 and not prefix.isupper() and prefix not in known:
            continue
        des = m.group("des")
        end = m.end()
        if m.group("suffix").endswith("s") and not m.group("suffix")[:-1].isupper() and len(m.group("suffix")) == 1:
            des = des[:-1]  # plural "T-72s"
        family = lexicon.surface.get(lex.surface(f"{prefix}-{num}"))
        attributes: dict[str, Any] = {}
        if family:
            base = family[0][0]
            attributes = {k: v for k, v in lexicon.attributes(base).items() if k in ("equipment_class", "origin_country")}
            if lex.surface(base.name) != lex.surface(des):
                attributes["variant_of"] = base.id
        start = m.start("maker") if m.group("maker") else m.start("des")
        out.append(Candidate(start, end, Label.EQUIPMENT.value, "pattern", canonical=des, attributes=attributes))
    makers = conf["truck_makers"]
    for m in _truck_re().finditer(norm):
        maker = m.group("maker")
        canonical = f"KamAZ-{m.group('num')}" if maker.lower() == "kamaz" else f"{maker}-{m.group('num')}"
        out.append(Candidate(m.start(), m.end(), Label.EQUIPMENT.value, "pattern", canonical=canonical,
                             attributes={"equipment_class": "truck", "origin_country": makers[maker]}))
    english, number_first, french = _unit_res()
    for m in english.finditer(norm):
        ordinal = m.group("ord")
        canonical = _ordinal(ordinal.rstrip("stndrh")) if ordinal[0].isdigit() else ordinal
        canonical = _title(f"{canonical} {m.group('mods')}{m.group('noun')}")
        out.append(Candidate(m.start(), m.end(), Label.MIL_UNIT.value, "pattern", canonical=canonical))
    for m in number_first.finditer(norm):
        canonical = f"{_ordinal(m.group('num'))} {m.group('noun')}"
        out.append(Candidate(m.start(), m.end(), Label.MIL_UNIT.value, "pattern", canonical=canonical))
    for m in french.finditer(norm):
        text = m.group(0).rstrip()
        out.append(Candidate(m.start(), m.start() + len(text), Label.MIL_UNIT.value, "pattern", canonical=text))
    navies = lex.patterns()["ship_prefixes"]["prefixes"]
    for m in _ship_re().finditer(norm):  # "HMS Diamond", "USS Harry S. Truman": a named warship
        out.append(Candidate(m.start(), m.end(), Label.EQUIPMENT.value, "pattern", canonical=m.group(0),
                             attributes={"equipment_class": "ship", "origin_country": navies[m.group("prefix")]}))
    out += _typed_ships(norm)  # "the frigate Admiral Grigorovich"
    numbered, prefixed = _facility_res()
    for m in numbered.finditer(norm):
        canonical = f"{_title(m.group('head'))} {m.group('num')}"
        out.append(Candidate(m.start(), m.end(), Label.FACILITY.value, "pattern", canonical=canonical))
    for m in prefixed.finditer(norm):
        out.append(Candidate(m.start(), m.end(), Label.FACILITY.value, "pattern", canonical=m.group(0)))
    return out


def candidates(text: str) -> list[Candidate]:
    """Every lexicon and pattern match in the text, overlapping ones included."""
    norm = lex.surface_keep_case(text)
    return lexicon_candidates(text, norm) + pattern_candidates(norm)


def select(found: list[Candidate]) -> list[Candidate]:
    """Non-overlapping matches: longest first, lexicon before pattern on ties, then leftmost."""
    ranked = sorted(found, key=lambda c: (-c.length, c.source != "lexicon", c.start))
    taken: list[Candidate] = []
    occupied = bytearray()
    for cand in ranked:
        if len(occupied) < cand.end:
            occupied.extend(b"\0" * (cand.end - len(occupied)))
        if any(occupied[cand.start:cand.end]):
            continue
        occupied[cand.start:cand.end] = b"\1" * cand.length
        taken.append(cand)
    return sorted(taken, key=lambda c: c.start)
