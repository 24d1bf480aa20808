"""Who the things moved are for: "intended for the Africa Corps", "destinés aux paramilitaires russes".

A report of a delivery or an arrival often names the receiving force in a phrase of its own, or in
the next sentence ("it is likely that the equipment is intended for the paramilitaries of the
Africa Corps").  That force is where the things went: the presence picture should hold it with
them.  A party named in such a phrase becomes a target (the recipient) of the moves the sentence
tells or continues, and ``attributes["recipients"]`` keeps the words naming it.

The words are data (``recipient_words``: the participle; ``recipient_preps``: the preposition that
introduces the recipient; garrison/data/events/words*.tsv, one file per language); the event types
that have a recipient are ``recipient_types``.
"""

from __future__ import annotations

import bisect

from garrison.model import Analysis, Event, Label
from garrison.words import words

_TYPES = words("events", "recipient_types")
_PARTY_LABELS = {Label.MIL_UNIT, Label.ARMED_GROUP, Label.GPE, Label.NORP, Label.ORG}


def add(analysis: Analysis, events: list[Event]) -> list[Event]:
    """Add the recipients the sentences name to their moves (in place); returns ``events``."""
    doc = analysis.nlp_doc
    if doc is None or not any(e.type in _TYPES for e in events):
        return events
    language = analysis.document.language or "en"
    participles = words("events", "recipient_words", language)
    preps = words("events", "recipient_preps", language)
    mentions = sorted((m for m in analysis.mentions if m.label in _PARTY_LABELS and not m.unlinked),
                      key=lambda m: m.start)
    starts = [m.start for m in mentions]
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        if event.type in _TYPES and event.claims and event.claims[0].evidence:
            by_sentence.setdefault(event.claims[0].evidence[0].start, []).append(event)
    for sent in doc.sents:
        told = by_sentence.get(sent.start_char)
        if not told:
            continue
        for start, end in _recipient_phrases(sent, participles, preps):
            named = [m for m in mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
                     if m.end <= end]
            for event in told:
                for mention in named:
                    party = mention.party
                    if party not in event.targets and party not in event.actors:
                        event.targets.append(party)
                        event.attributes.setdefault("recipients", []).append(mention.text)
    return events


def _recipient_phrases(sent, participles: frozenset[str] | set[str], preps) -> list[tuple[int, int]]:
    """Character spans of the phrases naming a recipient: the object of "intended for" (English: the
    preposition hangs on the participle) or the nominal marked "aux" under "destinés" (French: the
    case mark hangs on the nominal)."""
    spans = []
    for token in sent:
        if token.lower_ not in participles:
            continue
        for child in token.children:
            if child.lower_ in preps and child.dep_ == "prep":
                objects = [c for c in child.children if c.dep_ == "pobj"]
            elif child.dep_.startswith("obl") and any(c.dep_ == "case" and c.lower_ in preps for c in child.children):
                objects = [child]
            else:
                continue
            for obj in objects:
                subtree = list(obj.subtree)
                spans.append((subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)))
    return spans
