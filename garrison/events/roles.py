"""Who did what to whom: the actors, targets and themes of a trigger, read from the dependency parse.

English parses follow ClearNLP labels (the small English model), French ones Universal Dependencies.
The rules, in order of how often they decide:

1. A verb's subject is its actor, conjoined subjects included ("X and Y ambushed …"); the subject of
   an event noun is its actor only through the verb that governs it ("Russia began the deployment").
2. A passive verb's agent ("was struck *by a drone*", "ambushes *set by* X and by Y") is the actor;
   the struck thing, its subject, is the target.  An agent that is equipment is not an actor: the
   materiel rules read it from the clause.
3. An event noun's "by" phrase is its actor, its "on/against" phrase its target ("the attack on X by
   Y"), and a noun subject that is itself such an event lends its roles to the verb ("The attack on X
   by Y killed ten soldiers": the attacker is Y, not the whole subject).
4. Who suffers, sustains or falls into a violent act is its target, not its actor ("Wagner
   mercenaries suffered heavy losses", "fell into an ambush").
5. A place in a locative phrase inside a role ("convoy *near Kidal*") says where, not who; so does a place
   in a "from" phrase ("cargo flights *from Libya* landed"): where the doer came from, not the doer
   ("fighters *from the Front*" names the doer: an organisation, not a place).

The words these rules read (prepositions, victim verbs) are lists of garrison/data/events/words*.tsv.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from garrison.events import attribution as attribution_mod
from garrison.events.syntax import governing_verb, subject
from garrison.events.where import MOVE_TYPES
from garrison.words import words

# Types whose grammatical object is what was moved or given, not a victim.
THEME_TYPES = {"DEPLOY", "TRANSFER", "BASE_PRESENCE", "CONSTRUCTION", "ORG_CHANGE", "AID"}

_OF_MARKS = words("events", "of_marks")
_AGENT_MARKS = words("events", "agent_marks")
_TARGET_MARKS = words("events", "target_marks")
_RECIPIENT_MARKS = words("events", "recipient_marks")
_VICTIM_VERBS = words("events", "victim_verbs")
_ACT_VERBS = words("events", "act_verbs")
_COORDINATORS = words("events", "list_coordinators")
_ROLE_PLACE_MARKS = words("events", "role_place_marks")
_ROLE_ORIGIN_MARKS = words("events", "role_origin_marks")
_STATE_COPULAS = words("events", "state_copulas")
_STATE_PREPS = words("events", "state_preps")


@dataclass
class Roles:
    actors: list = field(default_factory=list)  # tokens; each stands for its subtree
    targets: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    # the subject of the trigger's own clause, whichever role it fills: "the paramilitaries suffered heavy
    # losses" tells a happening of its own even though its subject is the target
    subjects: list = field(default_factory=list)


def roles(head, event_type: str) -> Roles:
    if head.lang_ != "en":
        return roles_ud(head, event_type)
    found = Roles()
    objects = found.themes if event_type in THEME_TYPES else found.targets
    if head.pos_ in ("VERB", "AUX"):
        doer = subject(head)
        if doer is not None:
            if _is_event_noun(doer):
                _noun_roles(doer, event_type, found)  # "The attack on X by Y killed …"
            elif _suffers(head):
                found.targets.append(doer)
            else:
                found.actors.append(doer)
            found.subjects.append(doer)
        for child in head.children:
            if child.dep_ == "agent":
                found.actors.extend(_agents(child))
            elif child.dep_ in ("dobj", "nsubjpass", "attr"):
                objects.append(child)
            elif child.dep_ == "prep" and child.lower_ in _TARGET_MARKS and event_type not in THEME_TYPES | MOVE_TYPES:
                found.targets.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "dative":
                found.targets.append(child)
            elif child.dep_ == "prep" and child.lower_ in _RECIPIENT_MARKS and event_type == "TRANSFER":
                found.targets.extend(c for c in child.children if c.dep_ == "pobj")
        return found
    _noun_roles(head, event_type, found)
    verb = governing_verb(head)
    if verb is not None and verb is not head and head.dep_ in ("dobj", "attr", "nsubjpass", "pobj"):
        doer = subject(verb)
        # "AFRICOM denied the attack": the denier is the claim's source, not the attacker
        if doer is None or attribution_mod.is_report(verb) or attribution_mod.is_denial(verb):
            return found
        if _suffers(verb):
            found.targets.append(doer)  # "suffered losses", "fell into an ambush"
            found.subjects.append(doer)
        elif head.dep_ != "pobj" or _state_of_subject(head, verb):
            found.actors.append(doer)
    return found


def _state_of_subject(noun, verb) -> bool:
    """"The United States was *in contact* with Libyan leaders", "Moscow is *in talks* with Damascus": an event noun
    in a copula's "in" phrase is a state its subject is in, so the subject is the act's doer (unlike "benefited
    from the attack", where the noun is only what the verb is about)."""
    return verb.lower_ in _STATE_COPULAS and noun.head.dep_ == "prep" and noun.head.lower_ in _STATE_PREPS and (
        noun.head.head.i == verb.i)


def _noun_roles(noun, event_type: str, found: Roles) -> None:
    """Roles inside an event noun's own phrase: "Russia's withdrawal", "the attack on X by Y", "an ambush laid by Y"."""
    for child in noun.children:
        if child.dep_ == "poss":
            found.actors.append(child)
        elif child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"):
            found.actors.append(child)
        elif child.dep_ == "prep" and child.lower_ in _AGENT_MARKS:
            found.actors.extend(_agents(child))
        elif child.dep_ == "acl" and (_acts(child) or _suffers(child)):
            # "ambushes set by fighters of X and by the jihadists of Y"; "losses suffered by Russian fighters"
            for grandchild in child.children:
                if grandchild.dep_ == "agent":
                    (found.targets if _suffers(child) else found.actors).extend(_agents(grandchild))
        elif child.dep_ == "prep" and (child.lower_ in _OF_MARKS or (
            child.lower_ in _TARGET_MARKS and event_type not in THEME_TYPES | MOVE_TYPES
        )):
            objs = [c for c in child.children if c.dep_ == "pobj"]
            (found.themes if (event_type in THEME_TYPES and child.lower_ in _OF_MARKS) else found.targets).extend(objs)


def _agents(by) -> list:
    """The objects of a "by" phrase and of the "by" phrases coordinated with it ("by X and by Y").

    The small parser hangs the second "by" on whichever preposition is near ("falling into an ambush
    laid by X and by Y" makes it a conjunct of "into"), or elsewhere when a bracketed note in another
    language breaks the parse: a later "by" conjunct whose head is above or inside the first phrase
    counts, and so does a later "by" right after a coordinator.
    """
    out = [c for c in by.children if c.dep_ == "pobj"]
    near = {t.i for t in by.ancestors} | {t.i for t in by.subtree}
    for later in by.doc[by.i + 1: by.sent.end]:
        if later.lower_ not in _AGENT_MARKS:
            continue
        coordinated = later.dep_ == "conj" and later.head.i in near
        previous = by.doc[later.i - 1]
        if coordinated or (previous.dep_ == "cc" and previous.lower_ in _COORDINATORS):
            out.extend(c for c in later.children if c.dep_ == "pobj")
    return out


def _is_event_noun(token) -> bool:
    """A noun subject with its own "by" or "on" phrase: an event told as a noun ("the attack on X by Y")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    marks = {c.lower_ for c in token.children if c.dep_ == "prep"}
    if marks & _AGENT_MARKS and marks & (_TARGET_MARKS | _OF_MARKS):
        return True
    return any(c.dep_ == "acl" and _acts(c) and any(g.dep_ == "agent" for g in c.children) for c in token.children)


def _acts(verb) -> bool:
    """A participle that says who did the act it describes: "an ambush *laid* by X", "attacks *carried out* by Y"."""
    particles = [c.lower_ for c in verb.children if c.dep_ in ("prt", "compound:prt")]
    return verb.lower_ in _ACT_VERBS or any(f"{verb.lower_} {p}" in _ACT_VERBS for p in particles)


def _suffers(verb) -> bool:
    return verb is not None and verb.lower_ in _VICTIM_VERBS


def roles_ud(head, event_type: str) -> Roles:
    """Roles from a Universal Dependencies parse (the French model): subject, object, agent, "de" phrase."""
    found = Roles()
    objects = found.themes if event_type in THEME_TYPES | MOVE_TYPES else found.targets
    node = head
    if head.pos_ not in ("VERB", "AUX") and head.dep_ in ("obj", "nsubj:pass") and head.head.pos_ == "VERB":
        node = head.head  # "a lancé la création de …": the verb's subject is the nominal event's actor
    if head.pos_ not in ("VERB", "AUX") and node is head:
        verb = governing_verb(head)
        if verb is not None and verb is not head and _suffers(verb):
            node = verb  # "ont subi de lourdes pertes lors d'une embuscade": the subject is the target
    victim = node is not head and _suffers(node)
    for child in node.children:
        if child.dep_ == "nsubj" and child.pos_ != "PRON":
            (found.targets if victim else found.actors).append(child)
            if victim:
                found.subjects.append(child)
        elif child.dep_ == "obl:agent":
            found.actors.append(child)
    for child in head.children:
        if child.dep_ in ("obj", "nsubj:pass"):
            objects.append(child)
        elif child.dep_ in ("nmod", "obl") and _case(child) & _AGENT_MARKS:
            found.actors.append(child)  # "l'attaque du camp par le JNIM"
        elif child.dep_ == "acl" and (_acts(child) or _suffers(child)):
            # "une embuscade tendue par X", "les pertes subies par Y"
            agents = [c for c in child.children if c.dep_ == "obl:agent"]
            (found.targets if _suffers(child) else found.actors).extend(agents)
        elif child.dep_ == "nmod" and _case(child) & _TARGET_MARKS and event_type not in THEME_TYPES | MOVE_TYPES:
            found.targets.append(child)  # "l'attaque contre le camp"
        elif child.dep_ == "nmod" and _case(child) & _OF_MARKS:
            objects.append(child)
    return found


def _case(token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("case", "fixed")}


def role_tokens(tokens, is_place=None) -> list:
    """The tokens a role stands for: each one's subtree without the locative phrases inside it.

    "a Malian army convoy near Kidal": the target is the convoy, Kidal says where it was.  ``is_place`` (token →
    whether the places stage read a toponym there) also drops a "from" phrase naming a place: "cargo flights from
    Libya" are the flights, Libya where they came from.
    """
    out = []
    for token in tokens:
        pruned: set[int] = set()
        for inner in token.subtree:
            if inner is not token and (_is_place_phrase(inner) or _is_origin_place(inner, is_place)):
                pruned |= {t.i for t in inner.subtree}
        out.extend(t for t in token.subtree if t.i not in pruned)
    return out


def _is_origin_place(token, is_place) -> bool:
    if is_place is None or token.dep_ != "prep" or token.lower_ not in _ROLE_ORIGIN_MARKS:
        return False
    return any(c.dep_ == "pobj" and is_place(c) for c in token.children)


def _is_place_phrase(token) -> bool:
    if token.dep_ == "prep":
        return token.lower_ in _ROLE_PLACE_MARKS
    # "près de X": the French model makes "près" an adverb of X rather than its case marker
    marks = _case(token) | {c.lower_ for c in token.children if c.dep_ == "advmod"}
    return token.dep_ in ("nmod", "obl") and bool(marks & _ROLE_PLACE_MARKS)
