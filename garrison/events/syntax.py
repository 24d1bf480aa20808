"""Small readings of the dependency parse shared by the event extractor's parts (roles, place, time)."""

from __future__ import annotations


def subject(verb, passive: bool = False):
    """The verb's subject, or its controller's ("Russia began to transfer", "is in the process of strengthening")."""
    deps = ("nsubj", "csubj", "nsubjpass") if passive else ("nsubj", "csubj")
    node = verb
    for _ in range(6):
        # the subject nearest the verb: the small parser makes a dateline's city a second subject
        # ("LONDON, Dec 13 (Reuters) - Russia is pulling back …"), and it always stands further away
        found = [child for child in node.children if child.dep_ in deps]
        if found:
            return min(found, key=lambda child: abs(child.i - node.i))
        if node.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "pobj", "prep", "acomp") or node.head is node:
            return None
        node = node.head
    return None


def governing_verb(token):
    node = token
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX") or node.head is node:
            return node
        node = node.head
    return node if node.pos_ in ("VERB", "AUX") else None


def trigger_head(doc, event):
    """The head token of an event's trigger in the parse (its ``trigger_span``), or None (no parse, no trigger)."""
    span = event.attributes.get("trigger_span")
    if doc is None or not span:
        return None
    found = doc.char_span(span[0], span[1], alignment_mode="expand")
    return found.root if found is not None else None
