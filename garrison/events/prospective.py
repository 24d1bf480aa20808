"""Prospective sites: a site that is to take over from another site is where its actor is heading.

"While waiting for the port of X to take over from that of Y, Russia would have access to four bases": no verb of
the lexicon places Russia at X, yet the analyst reads X as Russia's next port.  The convention (docs/ontology.md,
BASE_PRESENCE):

* a site or facility that is the subject of a succession phrase ("take over from", "replace", "succeed", "take the
  place of"; « remplacer », « succéder à », « prendre le relais de ») whose object is another site (a place or a site
  noun: "that of Y", "the Y base") is a prospective site of the actor the succession is told of, a base to be set up
  (BASE_PRESENCE, "headquarters or base established");
* the subject names a site: a site noun heads it ("the port of X"), or the place is resolved as one; or the
  replaced one names a site and the subject is a place ("X could replace the Y base");
* the actor is the subject of the clause the succession hangs on ("while waiting for …, Russia would have access
  …"), else the one actor of the sentence's presence events; with no actor there is nobody's site to tell;
* the stance is the succession's own reading when it is speculated, planned or negated, and planned otherwise
  unless the succession is told in the past ("X replaced Y in 2019": a presence that is already there).

"Take over" with a site for subject is succession, not a capture of territory: ``codebook`` reads no FIGHT there.
The phrases and the site nouns are lists of garrison/data/events/words*.tsv.
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.places.recognise import SITE_FEATURES
from garrison.words import words


def _by_first_word(phrases) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases as word tuples keyed by their first word, longest first: a sentence is scanned once, not once
    per phrase, and the longest phrase starting at a word wins."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted((tuple(p.split()) for p in phrases), key=len, reverse=True):
        index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(listed) for first, listed in index.items()}


_SUCCESSION_BY_FIRST_WORD = _by_first_word(words("events", "succession_phrases"))
_SITE_NOUNS = words("events", "site_nouns")
_SUBJECTS = ("nsubj", "nsubjpass", "nsubj:pass")
_PAST_TAGS = ("VBD",)


@dataclass(frozen=True)
class Succession:
    verb: object  # the first token of the succession phrase
    end: int  # token index after the phrase
    site: object  # the toponym of the prospective site
    site_token: object
    clause_subjects: list  # subjects of the clauses above the succession, nearest first
    past: bool


def find(sent, by_token: dict, site_of) -> list[Succession]:
    """The successions of ``sent`` whose subject is a site taking over from another site."""
    lowers = [t.lower_ for t in sent]
    found: list[Succession] = []
    i = 0
    while i < len(lowers):
        starting = _SUCCESSION_BY_FIRST_WORD.get(lowers[i])
        phrase = starting and next((p for p in starting if tuple(lowers[i:i + len(p)]) == p), None)
        if not phrase:
            i += 1
            continue
        verb = sent[i]
        succession = _succession(verb, sent.start + i + len(phrase), by_token, site_of)
        if succession is not None:
            found.append(succession)
        i += len(phrase)
    return found


def _succession(verb, end: int, by_token: dict, site_of) -> Succession | None:
    subject = _subject(verb)
    if subject is None:
        return None
    site = _place_in(subject, by_token, site_of)
    replaced = [t for c in verb.children if c.i >= end or c.dep_ in ("dobj", "obj")
                if c.dep_ in ("dobj", "obj", "prep", "obl", "nmod") for t in c.subtree]
    if site is None or not replaced:
        return None
    replaced_site = any(t.lower_ in _SITE_NOUNS or _is_site(by_token.get(t.i)) for t in replaced)
    replaced_place = replaced_site or any(by_token.get(t.i) is not None for t in replaced)
    subject_site = subject.lower_ in _SITE_NOUNS or _is_site(site[0])
    if not replaced_place or not (subject_site or replaced_site):
        return None
    past = verb.tag_ in _PAST_TAGS or any(c.dep_ == "aux" and c.tag_ in _PAST_TAGS for c in verb.children)
    return Succession(verb, end, site[0], site[1], _clause_subjects(verb), past)


def _subject(verb):
    """The succession's subject: its own, the head a relative clause hangs on ("the port that would replace Y"), its
    governor's for a controlled infinitive, or the object of "for" before an infinitive ("waiting for the port of X
    to take over")."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            if child.pos_ == "PRON" and verb.dep_ in ("relcl", "acl:relcl", "acl"):
                return verb.head
            return child
    if verb.dep_ in ("relcl", "acl:relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if verb.dep_ == "xcomp" and verb.head is not verb:
        return _subject(verb.head)  # "is expected to replace", « qui pourrait remplacer »: the governor's subject
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        for child in verb.head.children:
            if child.dep_ == "prep" and child.lower_ == "for" and child.i < verb.i:
                return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _place_in(subject, by_token: dict, site_of):
    for token in subject.subtree:
        found = by_token.get(token.i)
        if found is not None and site_of(found, token) is not None:
            return found, token
    return None


def _is_site(found) -> bool:
    place = getattr(found, "place", None)
    return place is not None and place.feature in SITE_FEATURES


def _clause_subjects(verb) -> list:
    """The subjects of the clauses above the succession, nearest first ("Russia" of "…, Russia would have access")."""
    out, node = [], verb
    for _ in range(6):
        if node.head is node:
            break
        node = node.head
        out += [c for c in node.children if c.dep_ in _SUBJECTS]
    return out


def has_site_subject(verb) -> bool:
    """Whether a site noun is the subject of ``verb`` ("the port of X to take over from that of Y"): a site taking
    over is succession, not forces capturing ground."""
    subject = _subject(verb)
    return subject is not None and subject.lower_ in _SITE_NOUNS
