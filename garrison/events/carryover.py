"""The doer of a happening carried over to a sentence that retells it without naming a doer.

News names who acted once and then goes on in the passive or about the things moved: "Russia began
moving air-defence units from Syria to Libya. *S-400 batteries have been redeployed on Libyan
soil*, officials said."  The second sentence is the claim an analyst most wants (which systems, on
whose word) and, read alone, has no actor: the presence picture would lose it.  Such an event takes
the actors of the event it retells, with ``attributes["actor_basis"] = "carried over"`` and
``attributes["actor_from"]`` naming that event's trigger, so a reader sees the actor was not in
its sentence.

An event takes the actors of an earlier one when all of these hold:

- it names no actor, and its type is a physical act (``continuing_types``, the list continuation
  reads: verbal acts are told once and their speakers named);
- the earlier event is of the same type, names actors, lies in the same paragraph (one line of the
  extracted text) at most ``carryover_settings.max_gap`` sentences before, and no event of that type
  with other actors was told in between;
- their sites do not contradict: a site missing on either side, or both in the same country (a
  country-less region is no contradiction).
"""

from __future__ import annotations

import bisect

from garrison.events import when
from garrison.model import Analysis, Event, Place
from garrison.words import word_map, words

_CONTINUING_TYPES = words("events", "continuing_types")
MAX_GAP = int(word_map("events", "carryover_settings")["max_gap"])


def carry(analysis: Analysis, events: list[Event]) -> list[Event]:
    """Give each doer-less retelling in ``events`` its happening's actors (in place); returns ``events``."""
    doc = analysis.nlp_doc
    if doc is None or not events:
        return events
    text = analysis.document.text
    starts = [sent.start_char for sent in doc.sents]
    last_told: dict[str, tuple[Event, int, int]] = {}  # type → (event with actors, paragraph, sentence index)
    for event in events:
        start = _start(event)
        if start is None:
            continue
        index = bisect.bisect_right(starts, start) - 1
        paragraph = when.paragraph_of(text, start)
        if event.actors:
            if event.type in _CONTINUING_TYPES:
                last_told[event.type] = (event, paragraph, index)
            continue
        if event.type not in _CONTINUING_TYPES or event.type not in last_told:
            continue
        earlier, its_paragraph, its_index = last_told[event.type]
        if its_paragraph != paragraph or not 0 <= index - its_index <= MAX_GAP:
            continue
        if not _compatible(_site(event), _site(earlier)):
            continue
        event.actors = list(earlier.actors)
        event.attributes["actor_basis"] = "carried over"
        event.attributes["actor_from"] = earlier.trigger or earlier.attributes.get("continues")
    return events


def _start(event: Event) -> int | None:
    if event.claims and event.claims[0].evidence:
        return event.claims[0].evidence[0].start
    return None


def _site(event: Event) -> Place | None:
    return event.destination or event.location


def _compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or not a.country or not b.country:
        return True
    return a.country == b.country
