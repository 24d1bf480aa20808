"""A sentence that goes on telling the happening just told takes that happening's type.

The per-sentence extractor types each sentence on its own trigger.  A report, though, tells one happening
over several sentences, and the acts it names along the way are parts of that happening, not happenings of
their own: "The United States completed its withdrawal from the base. *Some of the departing troops were
flown to Germany*" tells the withdrawal (the flight is how the forces left), "The ministry has set up a new
force. *Recruitment has already begun*" tells the force's creation, "X and Y discussed the Sahel. *Moscow
reaffirmed its readiness to keep helping Bamako*" tells what was said in the call, "... fought near the
border. *Two soldiers were killed and ten wounded*" gives the battle's toll.  ACLED and CASE code one event
per happening with its fatalities and its parties' moves; PLOVER codes a talk once with what was said in it.
So such an event takes the type (and mode) of the happening it continues, with
``attributes["happening_type_from"]`` naming that happening's trigger and its own type kept in
``attributes["sentence_type"]``.

An event E continues the happening H when all of these hold:

- E is news (not background) and was read from a trigger of its own (a continuation already has H's type);
- H is the last happening told in the news of the report, at most ``happening_settings.max_gap`` sentences
  before E's (sentences that tell only background, or nothing, do not interrupt it);
- E's type is a part of H's (``happening_parts``: H's type, or type/mode, and E's type, with the test E
  must pass — ``party``: E names no doer, or only the happening's own parties (a capital standing for its
  government, "Moscow" for the Russian side of a call told at Moscow); ``casualty``: E is a count of the
  killed or wounded (``casualty_triggers``) with no doer of its own);
- E's sentence does not already tell H's type in another event: then E is something told beside it, with
  its own happening ("units ... were being moved to the Hmeimim air base" beside the outposts left) —
  except for a casualty count, which is that event's toll and is merged into it.

What the part itself says or does is part of it too: the acts of H's parts in the part's own phrase ("Moscow
reaffirmed its readiness to keep helping Bamako *strengthen* its army and *train* its officers") take H's type
with it, whoever the parse makes their doer.  The happening a sentence tells is its main event, the one whose
trigger is highest in the parse ("The ship, which left Tartus, is expected to dock in Tobruk" tells the arrival).
A part takes H's site and time (it happens where and when H does) and keeps its own destination.  Events of one
sentence that come to share a type are one event: the one read as that type from the start, else the first,
with the others' parties and materiel.
"""

from __future__ import annotations

import bisect

from garrison.events.salience import is_background
from garrison.events.syntax import governing_verb, subject, trigger_head
from garrison.model import Analysis, Event
from garrison.words import word_map, words

_PARTS = word_map("events", "happening_parts")
_CASUALTY = words("events", "casualty_triggers")
_PERSONNEL = words("events", "personnel_nouns")
_COMMISSIVES = words("events", "commissive_words")
MAX_GAP = int(word_map("events", "happening_settings")["max_gap"])


def _part_test(happening: Event, event: Event) -> str | None:
    """The test ``event`` must pass to be a part of ``happening`` (``happening_parts``), or None."""
    for key in (f"{happening.type}/{happening.mode} {event.type}", f"{happening.type} {event.type}"):
        if key in _PARTS:
            return _PARTS[key]
    return None


def _parties(chain: list[Event]) -> set[str]:
    """Who takes part in the happening told by ``chain``: its doers and targets, and the places it was told at
    (a capital names its government: "Moscow reaffirmed …" after a call placed at Moscow)."""
    out: set[str] = set()
    for event in chain:
        out.update(event.actors)
        out.update(event.targets)
        if event.location is not None:
            out.add(event.location.name.casefold())
    return out


def _named(actor: str) -> str:
    """'gpe:moscow' → 'moscow': an entity id's name, to compare with a place's."""
    return actor.split(":", 1)[-1].replace("-", " ").casefold()


def _announced_by_party(event: Event, parties: set[str], doc) -> bool:
    """A promised act is announced by whoever makes the promise: "Moscow reaffirmed its readiness to keep helping
    Bamako strengthen its army" after a call tells what Moscow said in the call, whoever the parse makes the doer
    of "strengthen" (extract.py keeps the promised act, not the commissive, as the event)."""
    head = trigger_head(doc, event) if doc is not None else None
    for node in (head.ancestors if head is not None else ()):
        if node.lower_ in _COMMISSIVES or any(c.lower_ in _COMMISSIVES for c in node.children
                                               if c.dep_ in ("dobj", "obj")):
            verb = node if node.pos_ in ("VERB", "AUX") else governing_verb(node)
            speaker = subject(verb) if verb is not None else None
            return speaker is not None and speaker.text.casefold() in parties
    return False


def _passes(test: str, event: Event, parties: set[str], doc) -> bool:
    if test == "casualty":
        return not event.actors and (event.trigger or "").casefold() in _CASUALTY
    if not all(a in parties or _named(a) in parties for a in event.actors) and not _announced_by_party(
            event, parties, doc):
        return False
    if test == "personnel":  # the people of the force are moved: its presence ending, not systems sent on
        head = trigger_head(doc, event)
        return head is not None and any(t.lower_ in _PERSONNEL for t in head.subtree)
    return test == "party"


def _main(doc, here: list[Event]) -> Event:
    """The sentence's main event: the one whose trigger is highest in the parse (the first of them)."""
    def depth(event: Event) -> int:
        node, steps = trigger_head(doc, event), 0
        while node is not None and node.head is not node and steps < 50:
            node, steps = node.head, steps + 1
        return steps if node is not None else 99
    return min(here, key=depth)


def _take_happening(event: Event, happening: Event) -> None:
    """``event`` becomes a part of ``happening``: its type and mode, and its site and time (a part of a happening
    happens where and when it does: "the departing troops were flown to Germany" left the base the withdrawal
    left, when it left; the flight's destination stays the part's own)."""
    event.attributes["sentence_type"] = [event.type, event.mode]
    event.attributes["happening_type_from"] = happening.trigger or happening.attributes.get("continues")
    event.type, event.mode = happening.type, happening.mode
    if happening.location is not None:
        event.location = happening.location
        for key in ("location_basis", "location_text", "geo_precision"):
            if key in happening.attributes:
                event.attributes[key] = happening.attributes[key]
            else:
                event.attributes.pop(key, None)
    if happening.time is not None and not (happening.time_from_dct and event.time is not None):
        event.time, event.time_from_dct = happening.time, happening.time_from_dct
        event.attributes["time_basis"] = "inherited"


def retype(analysis: Analysis, events: list[Event]) -> list[Event]:
    """``events`` with each part of a happening typed as that happening (and merged within its sentence)."""
    doc = analysis.nlp_doc
    if doc is None or not events:
        return events
    starts = [sent.start_char for sent in doc.sents]
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        if event.claims and event.claims[0].evidence and not is_background(event):
            index = bisect.bisect_right(starts, event.claims[0].evidence[0].start) - 1
            by_sentence.setdefault(index, []).append(event)
    dropped: set[int] = set()
    happening: Event | None = None
    chain: list[Event] = []  # the events that told the happening so far
    told_at = -MAX_GAP - 1
    for index in sorted(by_sentence):
        here = by_sentence[index]
        if happening is not None and index - told_at <= MAX_GAP:
            parties = _parties(chain)
            for event in here:
                if event.type == happening.type or event.attributes.get("continues"):
                    continue
                test = _part_test(happening, event)
                if test is None or not _passes(test, event, parties, doc):
                    continue
                beside = [e for e in here if e is not event and e.type == happening.type and id(e) not in dropped]
                if beside and test != "casualty":
                    continue
                _take_happening(event, happening)
                # what the part says or does is part of it too: "Moscow reaffirmed its readiness to keep helping
                # Bamako *strengthen* its forces and to *train* its soldiers" (the parse may make Bamako their doer)
                head = trigger_head(doc, event)
                for other in here:
                    inner = trigger_head(doc, other) if other is not event else None
                    if (inner is not None and head is not None and inner in head.subtree
                            and other.type != happening.type and _part_test(happening, other) is not None):
                        _take_happening(other, happening)
            _merge_same_type(here, dropped)
        kept = [e for e in here if id(e) not in dropped]
        if happening is not None and any(e.type == happening.type for e in kept) and index - told_at <= MAX_GAP:
            chain.extend(e for e in kept if e.type == happening.type)
        elif kept:
            happening = _main(doc, kept)
            chain = [e for e in kept if e.type == happening.type]
        told_at = index if kept else told_at
    return [e for e in events if id(e) not in dropped]


def _merge_same_type(here: list[Event], dropped: set[int]) -> None:
    """Events of one sentence that share a type after retyping are one: the one read as that type from the start
    (else the first) takes the others' arguments."""
    survivors: dict[str, Event] = {}
    for event in sorted(here, key=lambda e: "happening_type_from" in e.attributes):
        if id(event) in dropped:
            continue
        kept = survivors.setdefault(event.type, event)
        if kept is not event and "happening_type_from" in event.attributes:
            # the part's parties and materiel join the event; its site and time are the happening's, lent
            # to it, so the event keeps its own
            for name in ("actors", "targets", "materiel"):
                values = getattr(kept, name)
                values.extend(v for v in getattr(event, name) if v not in values)
            if kept.fatalities is None:
                kept.fatalities = event.fatalities
            kept.attributes.setdefault("merged_triggers", []).append(event.trigger)
            dropped.add(id(event))
