"""Common-noun mentions of actors: "the regime", "militants", "coalition forces".

News NER gold such as re3d marks these like names, and the events stage needs them as actors
("militants attacked …"). A noun chunk of the parse is tagged only when, after an optional
leading "the", its words are exactly one phrase of ``data/entities/nominal_actors.tsv``: a
modifier or a proper noun in the chunk ("a brutal regime", "the Syrian regime") means it is not
the bare nominal (the latter is the demonym rule's business in :mod:`resolve`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from garrison.entities import lexicon as lex
from garrison.entities.guarded import Guarded
from garrison.words import word_map, words


@dataclass(frozen=True)
class Nominal:
    phrase: str
    label: str
    actor_type: str
    source: str


@functools.cache
def table() -> dict[str, Nominal]:
    path = lex.DATA / "nominal_actors.tsv"
    out: dict[str, Nominal] = {}
    for number, row, complete in lex._rows(path):
        if not complete:
            raise ValueError(f"{path.name}:{number}: expected 4 tab-separated columns")
        out[row["phrase"].lower()] = Nominal(row["phrase"].lower(), row["label"], row["actor_type"], row["source"])
    return out


_ARTICLES = words("entities", "nominal_articles")  # garrison/data/entities/words*.tsv


@functools.cache
def _heads() -> frozenset[str]:
    """The last word of each phrase: a chunk whose head is none of them cannot be one."""
    return frozenset(phrase.split()[-1].split("-")[-1] for phrase in table())


def noun_chunks(doc) -> list:
    """The parse's noun chunks (none without a dependency parse); the stage computes them once per document."""
    if doc is None or not doc.has_annotation("DEP"):
        return []
    return list(doc.noun_chunks)


def find(chunks: list) -> list[tuple[int, int, int, Nominal]]:
    """(mention start, name start, end, nominal) of each bare actor nominal among the ``chunks`` of a parse."""
    known = table()
    heads = _heads()
    out = []
    for chunk in chunks:
        if chunk.root.lower_ not in heads:
            continue
        tokens = list(chunk)
        if tokens and tokens[0].lower_ in _ARTICLES:
            tokens = tokens[1:]
        if not tokens or any(t.pos_ in ("PROPN", "NUM") or t.ent_type_ or t.text[:1].isupper() and t.i != t.sent.start
                             for t in tokens):
            continue
        nominal = known.get(" ".join(t.lower_ for t in tokens).replace(" - ", "-"))
        if nominal is not None:
            out.append((chunk.start_char, tokens[0].idx, chunk.end_char, nominal))
    return out


@functools.cache
def _office_re() -> Guarded:
    conf = lex.patterns()["offices"]
    heads = "|".join(re.escape(h) for h in sorted(conf["heads"], key=len, reverse=True))
    mods = "|".join(re.escape(m) for m in sorted(conf["modifiers"], key=len, reverse=True))
    of = "|".join(conf["of_words"])
    return Guarded(re.compile(
        rf"(?<![\w-])(?:(?P<the>[Tt]he)[ \u00a0]+)?(?:(?P<nation>[A-Z][\w.]*)[ \u00a0]+)?"
        rf"(?P<office>(?:(?:{mods})[ \u00a0]+)*(?:{heads}))"
        rf"(?P<of>[ \u00a0]+(?:{of})[ \u00a0]+(?:the[ \u00a0]+)?[A-Z][\w'-]*(?:[ \u00a0]+[A-Z][\w'-]*){{0,2}})?(?![\w-])"),
        re.compile(heads))  # every office holds one of the heads


_NAME_AFTER = re.compile(r"[ \u00a0]+[A-Z][a-z]")


def offices(text: str) -> list[tuple[int, int, int]]:
    """(start, name start, end) of each office named without its holder: "the Foreign Secretary", "the President of Syria".

    The phrase needs an article, a modifier ("Foreign Secretary") or an "of"/"for" complement, so that a bare
    capitalised "President" is not taken; a capitalised word right after it is the holder's name, and then the
    title belongs to that person's mention instead (see ``resolve.widen``).
    """
    lexicon = lex.load()
    out = []
    for m in _office_re().finditer(text):
        office = m.group("office")
        nation = m.group("nation")
        if nation is not None and not any(e.label in ("NORP", "GPE") for e, _ in lexicon.surface.get(lex.surface(nation), [])):
            if nation not in lex.patterns()["offices"]["modifiers"]:
                continue  # "The Foreign Secretary": the regex's nation slot took a modifier
        if not (m.group("the") or m.group("of") or " " in office or nation):
            continue
        if _NAME_AFTER.match(text, m.end()):
            continue
        out.append((m.start(), m.end("the") + 1 if m.group("the") else m.start(), m.end()))
    return out


@dataclass(frozen=True)
class CommonNoun:
    noun: str  # lemma, one or two words
    kind: str  # person | group | group_plural | place | site
    source: str


_COMMON_KINDS = ("person", "group", "group_plural", "place", "site")


@functools.cache
def common_nouns() -> dict[str, CommonNoun]:
    path = lex.DATA / "common_nouns.tsv"
    out: dict[str, CommonNoun] = {}
    for number, row, complete in lex._rows(path):
        if not complete:
            raise ValueError(f"{path.name}:{number}: expected 3 tab-separated columns")
        if row["class"] not in _COMMON_KINDS:
            raise ValueError(f"{path.name}:{number}: class {row['class']!r} is not one of {', '.join(_COMMON_KINDS)}")
        out[row["noun"].lower()] = CommonNoun(row["noun"].lower(), row["class"], row["source"])
    return out


def _singular(word: str, known) -> str:
    """The singular of an English plural that is a listed noun ("civilians", "militiamen", "parties"); the pipeline
    has no lemmatizer, so the endings come from ``plural_endings`` in ``data/entities/words.tsv``."""
    if word in known:
        return word
    for ending, singular in _plural_endings():
        if word.endswith(ending):
            candidate = word[: len(word) - len(ending)] + singular
            if candidate in known:
                return candidate
    return word


@functools.lru_cache(maxsize=50_000)
def _common_singular(word: str) -> str:
    """``_singular`` among the heads of the listed common nouns, once per word."""
    return _singular(word, _common_heads())


@functools.cache
def _plural_endings() -> tuple[tuple[str, str], ...]:
    mapping = word_map("entities", "plural_endings", "en")
    return tuple(sorted(((k, "" if v == "-" else v) for k, v in mapping.items()), key=lambda kv: -len(kv[0])))


@functools.cache
def _common_heads() -> frozenset[str]:
    """The last word of each listed noun: a chunk whose head (or its singular) is none of them is no mention."""
    return frozenset(noun.split()[-1] for noun in common_nouns())


def common_noun_label(chunk, root=None) -> str | None:
    """The label a noun chunk headed by a listed common noun is a mention of ("civilians" ORG, "a medic" PERSON,
    "the hospital" FACILITY), or None. The head must be a lower-case common noun (not "the House")."""
    root = chunk.root if root is None else root
    if root.pos_ != "NOUN":  # first: most chunks end in a name or a pronoun
        return None
    heads = _common_heads()
    low = root.lower_
    plural = root.tag_ in ("NNS", "NNPS")
    head = _common_singular(low) if plural else low
    if head not in heads or (root.text[:1].isupper() and root.i != root.sent.start):
        return None
    known = common_nouns()
    entry = None
    if root.i > chunk.start:
        entry = known.get(f"{root.doc[root.i - 1].lower_} {head}")
    entry = entry or known.get(head)
    if entry is None:
        return None
    if entry.kind == "person":
        return "ORG" if plural else "PERSON"
    if entry.kind == "group" or entry.kind == "group_plural" and plural:
        return "ORG"
    if entry.kind == "place":
        return "LOC"
    if entry.kind == "site":
        return "FACILITY"
    return None
