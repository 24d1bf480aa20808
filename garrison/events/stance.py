"""How sure a report is of an event: factuality (certainty, polarity, future) and the claim's stance.

We read the modality of the clauses that govern the trigger, up to and including the first
reporting verb (what the speaker commits to), from cues in ``data/events/cues.tsv``:
denial verbs, responsibility claims, negation, modal verbs and adverbs, plans and futures.
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.events import lexicon
from garrison.model import Stance
from garrison.words import words

CERTAIN, PROBABLE, POSSIBLE, UNDERSPECIFIED = "CERTAIN", "PROBABLE", "POSSIBLE", "UNDERSPECIFIED"
POS, NEG = "POS", "NEG"
FUTURE, NON_FUTURE = "FUTURE", "NON_FUTURE"

# Verbs whose infinitival complement is a plan ("plans to", "is set to", "intends to").
_PLAN_HEADS = words("events", "plan_heads")  # garrison/data/events/words*.tsv
# Adverbial prepositions: the clause they hang from does not carry the trigger's modality ("despite the loss").
_ADVERBIAL_PREPS = words("events", "adverbial_preps")
_RESPONSIBILITY_VERBS = words("events", "responsibility_verbs")  # "claimed/took responsibility"
_RESPONSIBILITY_NOUNS = words("events", "responsibility_nouns")
_CONDITIONAL_MODALS = words("events", "conditional_modals")  # "would": future and hedged at once
_NEGATION_DETERMINERS = words("events", "negation_determiners")
_NEGATION_ADVERBS = words("events", "negation_adverbs")
_COPULAS = words("events", "copulas")  # "it is likely that …"
_SUGGEST_FORMS = words("events", "suggest_forms")
_CONDITIONAL_MARKS = words("events", "conditional_marks")
# a subordinator on the trigger's own clause: "if", "unless", and "whether" (an open question)
_TRIGGER_CONDITIONAL_MARKS = _CONDITIONAL_MARKS | words("events", "open_question_marks")
_MODAL_TAGS = ("MD",)
_STEP_DEPS_STOP = {"ROOT"}


@dataclass(frozen=True)
class Reading:
    stance: Stance
    certainty: str = CERTAIN
    polarity: str = POS
    time: str = NON_FUTURE
    cue: str | None = None


def _signal(kind: str, token) -> bool:
    return lexicon.is_cue(kind, token.lower_)


_HEDGES = words("events", "hedging_denials")


def is_negated_hedge(token) -> bool:
    """"Did not rule out that part of the material would continue to Mali", "would not rule out a deployment",
    « n'exclut pas que … »: a possibility not excluded is the speaker's hedge that it may happen, so the act it
    governs is speculated (neither negated nor refused), and the verb is no REJECT (extract)."""
    particles = [c.lower_ for c in token.children if c.dep_ in ("prt", "compound:prt")]
    if token.lower_ not in _HEDGES and not any(f"{token.lower_} {p}" in _HEDGES for p in particles):
        return False
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in _NEGATION_ADVERBS)
               or (c.lang_ != "en" and _signal("negation", c)) for c in token.children)  # « n'exclut pas »


def _is_report(token) -> bool:
    return lexicon.is_cue("report", token.lower_) and token.pos_ in ("VERB", "AUX")


def _governing(trigger, limit: int = 4):
    """The trigger and the words that govern it within the speaker's clause (stops after a reporting verb)."""
    chain = [trigger]
    node = trigger
    for _ in range(limit):
        if node.dep_ == "ROOT" or node.head is node:
            break
        if _is_report(node) and node is not trigger:
            break
        if node is not trigger and (node.dep_ == "relcl" or (
            node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children)
        )):
            break
        if node.dep_ == "prep" and node.lower_ in _ADVERBIAL_PREPS:
            break
        if node.dep_ == "pobj" and node.head.lower_ in _ADVERBIAL_PREPS:
            break
        # a noun trigger governed by a verb: that verb's modality applies ("made any announcement about …")
        node = node.head
        chain.append(node)
        if _is_report(node) or lexicon.is_cue("deny", node.lower_):
            break
    return chain


def read(trigger, attributed: bool = False) -> Reading:
    """The factuality of the event the trigger names and the claim's stance."""
    chain = _governing(trigger)
    certainty, polarity, time, cue = CERTAIN, POS, NON_FUTURE, None
    denied = claimed = False
    for node in trigger.ancestors:
        # "denied reports about its participation in the bombing": a denial governs from further up
        if lexicon.is_cue("deny", node.lower_) and node.pos_ in ("VERB", "NOUN"):
            denied, cue = True, node.text
            break
        if _is_report(node):
            break
    for depth, node in enumerate(chain):
        if node is not trigger and is_negated_hedge(node):
            certainty, cue = POSSIBLE, cue or node.text
            continue  # its negation is the hedge's, not the act's
        if node.lower_ in _RESPONSIBILITY_VERBS:
            if any(c.lower_ in _RESPONSIBILITY_NOUNS for c in node.children):
                claimed, cue = True, cue or f"{node.text} responsibility"
        if node.lower_ in _RESPONSIBILITY_NOUNS and trigger is not node:
            claimed, cue = True, cue or node.text
        if node.lang_ != "en":
            # UD parses (French): auxiliaries and modal heads carry the conditional, "pas/aucun" the negation
            for word in (node, *node.children):
                if word is trigger and word is node:
                    continue
                if word is not node and _signal("negation", word):
                    polarity, cue = NEG, cue or word.text
                elif _signal("possible", word) or _signal("probable", word):
                    certainty, cue = POSSIBLE, cue or word.text
                elif _signal("future", word):
                    time, cue = FUTURE, cue or word.text
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in _NEGATION_DETERMINERS) or (
                child.dep_ in ("advmod", "neg") and child.lower_ in _NEGATION_ADVERBS
            ):
                if not (depth > 0 and _is_report(node)):
                    polarity, cue = NEG, cue or child.text
            if child.dep_ in ("aux", "auxpass") and child.tag_ in _MODAL_TAGS:
                word = child.lower_
                if _signal("future", child):
                    time, cue = FUTURE, cue or child.text
                    if word in _CONDITIONAL_MODALS:
                        certainty = PROBABLE if certainty == CERTAIN else certainty
                elif _signal("possible", child):
                    certainty, cue = POSSIBLE, cue or child.text
                elif _signal("probable", child):
                    certainty, cue = PROBABLE, cue or child.text
                    if word in _CONDITIONAL_MODALS:
                        time = FUTURE
            if child.dep_ in ("advmod", "amod", "acomp") and child.i != trigger.i:
                if _signal("possible", child):
                    certainty, cue = POSSIBLE, cue or child.text
                elif _signal("probable", child):
                    certainty, cue = (PROBABLE if certainty == CERTAIN else certainty), cue or child.text
            if child.dep_ == "aux" and child.lower_ == "to" and node.head is not node:
                head = node.head
                if head.lower_ in _PLAN_HEADS or _signal("future", head):
                    time, cue = FUTURE, cue or f"{head.text} to"
        # "it is likely that …", "it is possible that …"
        if node.dep_ in ("ccomp", "advcl") and node.head.lemma_ in ("be", "") and node.head.lower_ in _COPULAS:
            for sib in node.head.children:
                if sib.dep_ == "acomp":
                    if _signal("possible", sib):
                        certainty, cue = POSSIBLE, cue or sib.text
                    elif _signal("probable", sib):
                        certainty, cue = PROBABLE, cue or sib.text
        if node is not trigger and node.lower_ in _SUGGEST_FORMS:
            certainty, cue = (POSSIBLE if certainty == CERTAIN else certainty), cue or node.text
        if node.lower_ in _CONDITIONAL_MARKS:
            certainty = UNDERSPECIFIED
    # conditionals: "if" marks the trigger's own clause
    if any(c.dep_ == "mark" and c.lower_ in _TRIGGER_CONDITIONAL_MARKS for c in trigger.children):
        certainty, time = UNDERSPECIFIED, FUTURE if time == FUTURE else time

    if denied:
        stance = Stance.DENIED
    elif claimed:
        stance = Stance.CLAIMED
    elif polarity == NEG:
        stance = Stance.NEGATED
    elif certainty in (POSSIBLE, PROBABLE, UNDERSPECIFIED):
        stance = Stance.SPECULATED
    elif time == FUTURE:
        stance = Stance.PLANNED
    elif attributed:
        stance = Stance.REPORTED
    else:
        stance = Stance.ASSERTED
    return Reading(stance, certainty, polarity, time, cue)


def stance_from_factuality(certainty: str | None, polarity: str | None, time: str | None,
                           attributed: bool, denied: bool = False) -> Stance:
    """The stance a gold factuality annotation (MEANTIME/FactBank style) corresponds to."""
    if denied:
        return Stance.DENIED
    if polarity == NEG:
        return Stance.NEGATED
    if certainty in (POSSIBLE, PROBABLE, UNDERSPECIFIED):
        return Stance.SPECULATED
    if time == FUTURE:
        return Stance.PLANNED
    return Stance.REPORTED if attributed else Stance.ASSERTED
