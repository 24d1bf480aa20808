"""Materiel: the equipment an event names, from its clause and from what elaborates it.

1. The clause: equipment inside the trigger's phrase, its actors' and themes' phrases ("a drone
   struck …", "was struck by a drone", "delivered T-72 tanks").
2. What elaborates the clause: "equipment including X and Y", "vehicles, among them X", an
   appositive or a list after a colon — also when the elaboration hangs on the verb that governs a
   noun trigger ("announced the delivery of vehicles, among them X").
3. The sentences after it that enumerate the same delivery or display ("Dozens of armoured vehicles
   arrived … . The convoy included T-72 tanks and BMP-3s."): an event that moves, gives, stations or
   builds something, whose clause names materiel (a type or a word such as "equipment",
   "vehicles"), takes the equipment of the following sentences of its paragraph that enumerate —
   an enumeration cue ("included", "we can see", "among them") or a reference back to the lot
   ("the convoy", "these vehicles") — as long as they tell no event of their own that has materiel.
   The enumerating sentence is added to the claim's evidence.

The cue words are lists of garrison/data/events/words*.tsv.
"""

from __future__ import annotations

from collections.abc import Iterable

from garrison.events.roles import THEME_TYPES, Roles
from garrison.events.syntax import governing_verb, trigger_head
from garrison.events.where import MOVE_TYPES
from garrison.model import Event, Evidence, Label, Mention
from garrison.words import words

ELABORATED_TYPES = THEME_TYPES | MOVE_TYPES
# How many sentences after the event's one may go on enumerating its materiel.
FOLLOWING_SENTENCES = 3

_ELABORATION_MARKS = words("events", "materiel_elaboration_marks")
_ENUMERATION_CUES = words("events", "materiel_enumeration_cues")
_MATERIEL_NOUNS = words("events", "materiel_nouns")
_BACK_REFERENCES = words("events", "specific_determiners")


def _subtrees(tokens: Iterable) -> list:
    out = []
    for token in tokens:
        out.extend(token.subtree)
    return out


def _elaborations(head) -> list:
    """Tokens of the phrases that elaborate the clause: "including …", "among them …", a list after a colon."""
    out = []
    anchors = [head]
    verb = governing_verb(head)
    if verb is not None and verb is not head:
        anchors.append(verb)
    for anchor in anchors:
        for child in anchor.children:
            if child.i <= head.i:
                continue
            if child.lower_ in _ELABORATION_MARKS or child.dep_ == "appos" or _after_colon(child):
                out.extend(child.subtree)
    return out


def _after_colon(token) -> bool:
    previous = token.doc[token.left_edge.i - 1] if token.left_edge.i > token.sent.start else None
    return previous is not None and previous.text == ":"


def of_clause(head, roles: Roles, trigger_tokens, mentions, exclude: list[Mention]) -> list[Mention]:
    """The equipment mentions of the trigger's clause and of what elaborates it, without ``exclude`` (targets).

    ``mentions`` is the extractor's index of the document's mentions by token (``within(tokens, labels)``).
    """
    tokens = (_subtrees(roles.themes) + list(head.subtree) + _subtrees(roles.actors) + list(trigger_tokens)
              + _elaborations(head))
    return [m for m in mentions.within(tokens, {Label.EQUIPMENT}) if m not in exclude]



def _names_materiel(doc, event: Event) -> bool:
    """The event's clause names what was moved or shown: a type of equipment, or "equipment", "vehicles" …"""
    if event.type not in ELABORATED_TYPES:
        return False
    if event.materiel:
        return True
    head = trigger_head(doc, event)
    if head is None:
        return False
    clause = governing_verb(head) or head
    return any(t.lower_ in _MATERIEL_NOUNS for t in clause.subtree)


def _enumerates(sent) -> bool:
    """An enumeration cue ("included", "we can see", "among them"), or the lot referred back to as what the
    sentence is about: its subject ("The convoy carried …") or the complement of "to be" ("… is part of the lot")."""
    for token in sent:
        if token.lower_ in _ENUMERATION_CUES:
            return True
        if token.lower_ in _MATERIEL_NOUNS and any(
            c.dep_ == "det" and c.lower_ in _BACK_REFERENCES for c in token.children
        ) and (token.dep_.startswith("nsubj") or _complement_of_be(token)):
            return True
    return False


def _complement_of_be(token) -> bool:
    verb = governing_verb(token)
    return verb is not None and verb.pos_ == "AUX" and verb.dep_ == "ROOT"


def _paragraph_break(doc, before, after) -> bool:
    """A line break between the last word of ``before`` and the first of ``after`` (spaCy keeps it as a token)."""
    last = next((t for t in reversed(before) if not t.is_space), before[-1])
    first = next((t for t in after if not t.is_space), after[0])
    # the span's own text: Doc.text is rebuilt from every token on each use
    return "\n" in doc[last.i:first.i].text_with_ws[len(last.text):]


def from_following_sentences(doc, sentences: list, events_by_sentence: dict[int, list[Event]], mentions) -> None:
    """Give each event the equipment the next sentences of its paragraph enumerate (in place).

    ``sentences`` are the document's sentences in order; ``events_by_sentence`` maps a sentence's
    start token to the events it told.
    """
    for index, sent in enumerate(sentences):
        takers = [e for e in events_by_sentence.get(sent.start, []) if _names_materiel(doc, e)]
        if not takers:
            continue
        previous = sent
        for following in sentences[index + 1: index + 1 + FOLLOWING_SENTENCES]:
            if _paragraph_break(doc, previous, following):
                break
            own = events_by_sentence.get(following.start, [])
            if any(e.materiel for e in own):
                break  # the equipment belongs to the happening that sentence tells
            found = mentions.within(following, {Label.EQUIPMENT})
            if not found or not _enumerates(following):
                break
            for event in takers:
                _attach(event, found, following)
            previous = following


def _attach(event: Event, found: list[Mention], sent) -> None:
    names = event.attributes.setdefault("materiel_names", [])
    for mention in found:
        key = mention.party
        if key not in event.materiel:
            event.materiel.append(key)
        if mention.text not in names:
            names.append(mention.text)
    for claim in event.claims:
        if all(e.start != sent.start_char for e in claim.evidence):
            claim.evidence.append(Evidence(sent.start_char, sent.end_char, sent.text))
