"""One event per happening mention: the triggers of one sentence become the events it tells.

A sentence often names one happening with several words ("the attack" and "struck"; "talks"
and "discussions").  The rules, in order:

1. A headline, caption or link list (a line that does not end a sentence) restates or advertises
   the body: it gives no event of its own.
2. An event with no concrete argument — no actor, target, materiel, no place in the sentence,
   no noun filling a role and, for a noun trigger, no "the/this/its" tying it to a known
   happening — is a generic mention ("did not respond to a request for comment"): dropped,
   unless it is denied ("denied that any attack had taken place" disputes a happening).  So is an
   event told only as what someone would not talk about ("declined to comment on the deal", "has
   not commented on the construction", "did not give details about which equipment was moved"):
   the happening is told elsewhere, and this sentence claims nothing about it.  A violent act or a
   crowd's action is concrete when its sentence counts casualties, names a victim or crowd noun,
   or is placed (dense reports: "One officer wounded in the head").
3. Triggers of the same type in one sentence are one event: the one highest in the parse is
   kept and takes the arguments the others found.
4. The highest remaining trigger (verbs before nouns on a tie) is the sentence's main event;
   another type is kept as a secondary event only when it has an argument of its own (an actor,
   target or materiel the main event does not have, a subject of its own, or a place attached to
   it that differs), or when it is what the main act is about ("negotiating an agreement"); a
   purpose infinitive ("sent north *to retake* …", "pour renforcer …") governed by another act of the
   sentence is that act's aim, not a second happening ("is expected *to dock*" governs no act: it is one).
5. A denial is a stance on the denied event, not an event: a REJECT triggered by a denial cue
   goes when the sentence has another event.
6. A presence, deployment, construction or assault whose place is a coordination of sites ("the
   bases of X, Y and Z") is one event per site, each located there with the same claim — presence
   timelines are actor × site.  Countries named as context are not distributed over.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from garrison.events import codebook, lexicon
from garrison.model import Event, Stance, digest
from garrison.nlp import FINAL_PUNCTUATION
from garrison.words import words

_ARGUMENT_BASES = ("syntax", "sentence")


def is_headline(sent) -> bool:
    """A line that stops without sentence-final punctuation: a headline, a caption, a related-posts list."""
    text = sent.text.strip()
    if not text or text[-1] in FINAL_PUNCTUATION:
        return False
    if sent.start == 0 and sent.end == len(sent.doc):
        return False  # the whole text is this one line ("Tribunal agents protested in Kebili"): the report itself
    ends_line = "\n" in sent.text or "\n" in sent[-1].whitespace_ or sent.end == len(sent.doc)
    return ends_line


def _rank(item) -> tuple[bool, int]:
    _, head = item
    return head.pos_ not in ("VERB", "AUX"), head.i  # a verb first, then the earlier (as measured: see classifier)


def _parties(event: Event) -> set[str]:
    return set(event.actors) | set(event.targets) | set(event.materiel)


def _place_key(event: Event) -> str | None:
    if event.location is not None:
        return event.location.id
    return event.attributes.get("location_text")


def _has_argument(event: Event, head=None) -> bool:
    return bool(_parties(event)) or event.destination is not None or event.origin is not None or (
        event.attributes.get("location_basis") in _ARGUMENT_BASES
    ) or bool(event.parse_state.get("argument_words")) or _reported_act(event, head)


def _reported_act(event: Event, head=None) -> bool:
    """"One officer wounded in the head", "Judges on strike over working conditions": a violent act or a
    crowd's action whose sentence counts casualties, names who suffered or acted, or names where is a
    report of it (an ACLED note's sentences are dense event reports).

    (Not a violent participle describing its victim: "paid tribute to the soldiers killed last year"
    recalls, it does not report.)"""
    if event.type not in codebook.REPORTED_ACT_TYPES or not event.claims or not event.claims[0].evidence:
        return False
    if head is not None and head.dep_ == "acl" and head.tag_ == "VBN" and event.type in ("ASSAULT", "FIGHT") and (
            head.head.dep_ not in ("ROOT", "nsubj", "nsubjpass")):
        return False
    return (event.fatalities is not None or event.location is not None or bool(event.attributes.get("location_text"))
            or codebook.names_party(event.claims[0].evidence[0].text) or (head is not None and _said_of(head)))


def _said_of(head) -> bool:
    """A noun the act is said of: the subject of its clause ("workers go on strike"), or the noun it is
    attached to ("Judges on strike")."""
    for node in (head, head.head):
        if node is not head and node.pos_ in ("NOUN", "PROPN"):
            return True
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN") for c in node.children):
            return True
    return False


_PURPOSE_MARKS = words("events", "purpose_marks")  # garrison/data/events/words*.tsv


def _purpose(head) -> bool:
    """"sent north *to retake* …", "deployed *to fight* …", "pour renforcer …": the aim of another act."""
    if head.dep_ not in ("advcl", "xcomp", "acl", "advcl:purpose"):
        return False
    return any((c.dep_ == "aux" and c.lower_ == "to") or (c.dep_ == "mark" and c.lower_ in _PURPOSE_MARKS)
               for c in head.children)


def _disputed(event: Event) -> bool:
    """"denied that any attack had taken place": a denial is a claim about a happening told elsewhere.

    (A plain negation is not: "did not respond to a request for comment" disputes nothing.)"""
    return bool(event.claims) and event.claims[0].stance == Stance.DENIED


def _absorb(kept: Event, other: Event) -> None:
    """The kept trigger takes the arguments another trigger of the same event found."""
    for name in ("actors", "targets", "materiel"):
        values = getattr(kept, name)
        values.extend(v for v in getattr(other, name) if v not in values)
    for name in ("actor_names", "target_names", "materiel_names"):
        values = kept.attributes.setdefault(name, [])
        values.extend(v for v in other.attributes.get(name, []) if v not in values)
    better = _ARGUMENT_BASES.index(other.attributes["location_basis"]) if other.attributes.get(
        "location_basis") in _ARGUMENT_BASES else 9
    ours = _ARGUMENT_BASES.index(kept.attributes["location_basis"]) if kept.attributes.get(
        "location_basis") in _ARGUMENT_BASES else 9
    if better < ours:
        kept.location = other.location
        kept.attributes["location_basis"] = other.attributes["location_basis"]
        if "location_text" in other.attributes:
            kept.attributes["location_text"] = other.attributes["location_text"]
    for name in ("origin", "destination"):
        if getattr(kept, name) is None and getattr(other, name) is not None:
            setattr(kept, name, getattr(other, name))
            if f"{name}_text" in other.attributes:
                kept.attributes[f"{name}_text"] = other.attributes[f"{name}_text"]
    if kept.fatalities is None:
        kept.fatalities = other.fatalities
    merged = kept.attributes.setdefault("merged_triggers", [])
    merged.append(other.trigger)


_SPEAKING_VERBS = words("events", "no_comment_verbs")
_REFUSING_VERBS = words("events", "refusing_verbs")
_SUBJECT_NEGATORS = words("events", "subject_negators")


def _unspoken(head) -> bool:
    """The trigger is what a speaker would not speak about, or the refusal to speak itself."""
    node = head
    for _ in range(6):
        if node.lower_ in _REFUSING_VERBS and any(
                c.dep_ in ("xcomp", "obj", "dobj") and c.lower_ in _SPEAKING_VERBS for c in node.children):
            return True
        if node.lower_ in _SPEAKING_VERBS and node is not head and (_negated(node) or (
                node.dep_ == "xcomp" and node.head.lower_ in _REFUSING_VERBS)):
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def says_nothing(sent) -> bool:
    """A sentence whose assertion is a refusal or failure to speak ("Officials have not commented on the flights")."""
    root = sent.root
    return (root.lower_ in _SPEAKING_VERBS and _negated(root)) or _unspoken(
        next((c for c in root.children if c.dep_ in ("xcomp",)), root)) or (
        root.lower_ in _REFUSING_VERBS and any(c.lower_ in _SPEAKING_VERBS for c in root.children))


def _negated(verb) -> bool:
    for child in verb.children:
        if child.dep_ in ("neg", "advmod") and child.lower_ in _SUBJECT_NEGATORS:
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and any(
                c.lower_ in _SUBJECT_NEGATORS for c in child.children if c.dep_ in ("det", "cc", "preconj")):
            return True
    return False


_CHARACTERISING_VERBS = words("events", "characterising_verbs")


def _characterises(head) -> bool:
    """"struck the base, in what analysts described as *a warning* to Turkey", "a move seen as *a warning*": the
    noun is how someone reads the act the sentence tells, not a second act (no one warned; the strike is the
    news).  A noun trigger that is the "as" phrase of a verb of characterising gives no event beside the act it
    reads (stop 24)."""
    if head.pos_ not in ("NOUN", "PROPN") or head.dep_ != "pobj" or head.head.lower_ != "as":
        return False
    return head.head.head.lower_ in _CHARACTERISING_VERBS


def sentence_events(found: list[tuple[Event, object]]) -> list[Event]:
    """The events one sentence tells, from its (event, trigger head token) candidates."""
    found = [item for item in found if not _unspoken(item[1])]
    # a reading of the act the sentence tells gives way to that act; alone ("described the move as a rebranding"),
    # it is what the sentence adds to the happening it points back at
    readings = [item for item in found if _characterises(item[1])]
    within = {t.i for _, head in readings for t in head.head.subtree}  # "as a rebranding rather than a withdrawal"
    if readings and any(item[1].i not in within for item in found):
        found = [item for item in found if item not in readings]
    items = [item for item in found if _has_argument(*item) or _disputed(item[0])]
    if len(items) > 1:
        denials = [item for item in items if item[0].type == "REJECT" and lexicon.is_cue("deny", item[1].lower_)]
        if len(denials) < len(items):
            items = [item for item in items if item not in denials]
    by_type: dict[str, list] = {}
    for item in sorted(items, key=_rank):
        by_type.setdefault(item[0].type, []).append(item)
    merged = []
    for group in by_type.values():
        kept = group[0]
        for other in group[1:]:
            _absorb(kept[0], other[0])
        merged.append(kept)
    if not merged:
        return []
    merged.sort(key=_rank)
    main = merged[0][0]
    main_subjects = main.parse_state.get("actor_tokens", [])
    trigger_heads = {head.i for _, head in found}
    events = [merged[0]]
    for item in merged[1:]:
        event = item[0]
        # "sent north to retake …": the aim of another act of the sentence; "is expected to dock" governs no act
        if _purpose(item[1]) and item[1].head.i in trigger_heads:
            continue
        own_parties = _parties(event) - _parties(main)
        own_place = event.attributes.get("location_basis") == "syntax" and _place_key(event) != _place_key(main)
        # "Rebels ambushed a convoy and the army shelled their positions": a clause with its own subject
        own_subject = bool(set(event.parse_state.get("actor_tokens", [])) - set(main_subjects))
        # "are negotiating a basing agreement": what the main act is about is a happening of its own
        object_of_main = event.parse_state.get("object_of_token") == merged[0][1].i
        # "had arrived on 23 June and has been jailed since Monday": an act of another kind dated by a time of its
        # own phrase, not the main act's, happened apart from it — a report tells two happenings, not one
        own_time = _own_time(event) is not None and _own_time(main) is not None and _own_time(event) != _own_time(main)
        if own_parties or own_place or own_subject or object_of_main or own_time or (
            event.destination is not None and event.destination != main.destination
        ):
            events.append(item)
    return [event for event, head in sorted(events, key=lambda item: item[1].i)]



def _own_time(event: Event):
    """The event's time when its own phrase states it ("jailed since Monday"; time basis ``own``), else None."""
    if event.time is None or event.time_from_dct or event.attributes.get("time_basis") != "own":
        return None
    return event.time.start, event.time.end, event.time.precision


def per_site(event: Event, sites: list[tuple]) -> list[Event]:
    """``event`` told once per (place, text) site it was found at; itself alone when there is one place."""
    here = _place_key(event)
    keys = [place.id if place is not None else text for place, text in sites]
    if len(sites) < 2 or here not in keys:
        return [event]  # merging moved the event to another place: the coordination is not its place
    names = [t for _, t in sites]
    return [_at_site(event, place, text, names, event.claims) for place, text in sites]


def added_sites(event: Event, added: list[tuple], listed: list[tuple], claim) -> list[Event]:
    """``event`` (one site of a list) told at each site a later sentence adds to the list, with that sentence's claim."""
    names = [t for _, t in listed + added]
    return [_at_site(event, place, text, names, [claim]) for place, text in added]


def _at_site(event: Event, place, text: str, names: list[str], claims: list) -> Event:
    at_destination = event.destination is not None and event.location is not None and (
        event.destination.id == event.location.id)
    attributes = copy.deepcopy(event.attributes)
    attributes["location_text"] = text
    attributes["coordinated_sites"] = list(names)
    claims = [replace(claim, event_id="", id="", evidence=list(claim.evidence)) for claim in claims]
    site = replace(event, location=place, destination=place if at_destination else event.destination,
                   actors=list(event.actors), targets=list(event.targets), materiel=list(event.materiel),
                   attributes=attributes, claims=claims, id="")
    if place is None:
        # an unresolved site has no place id to tell the events apart: its name does
        site.id = "e:" + digest(site.id, text)
        for claim in site.claims:
            claim.event_id = site.id
            claim.assign_id()
    return site
