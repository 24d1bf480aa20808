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

Works told with no doer ("satellite images show major work under way at the air base in Bamako, with
five large buildings") are the works of the party the report has placed in that country: reports on
works name who builds when they know, and otherwise the paragraphs around them are about the force
that uses the site.  A works event (``works_types``) takes the actors of the events that placed a
party in the site's country before it (``site_user_types``: deployments, presence, works; not a
withdrawal), with ``actor_basis`` "carried over" and ``actor_from`` that event's trigger, when all
of these hold:

- its sentence names no doer at all (no subject or agent of the act, a pronoun included: "we are
  working on the installation of a factory" has a doer the reader knows), and it names the site;
- the report placed exactly one party in that country before it (two parties there: the subject is
  not clear, and the works stay without a doer).
"""

from __future__ import annotations

import bisect

from garrison.events import roles as roles_mod
from garrison.events import when
from garrison.events.syntax import trigger_head
from garrison.events.where import OWN_BASES
from garrison.model import Analysis, Event, Place
from garrison.words import word_map, words

_CONTINUING_TYPES = words("events", "continuing_types")
MAX_GAP = int(word_map("events", "carryover_settings")["max_gap"])
_WORKS_TYPES = words("events", "works_types")
_SITE_USER_TYPES = words("events", "site_user_types")
_LEAVING_MODES = words("events", "leaving_modes")


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
        _take_actors(event, earlier)
    _works_of_the_party_there(doc, events)
    return events


def _take_actors(event: Event, earlier: Event) -> None:
    event.actors = list(earlier.actors)
    event.attributes["actor_basis"] = "carried over"
    event.attributes["actor_from"] = earlier.trigger or earlier.attributes.get("continues")


def _works_of_the_party_there(doc, events: list[Event]) -> None:
    """Doer-less works at a site take the one party the report placed in the site's country before them."""
    placed: dict[str, list[Event]] = {}  # country → the events that placed a party there, in text order
    for event in sorted(events, key=lambda e: _start(e) or 0):
        site = _site(event)
        country = site.country if site is not None else None
        if (not event.actors and event.type in _WORKS_TYPES and country and site.precision == 1
                and event.attributes.get("location_basis") in OWN_BASES and not _names_a_doer(doc, event)):
            parties = {actor for earlier in placed.get(country, ()) for actor in earlier.actors}
            if len(parties) == 1:
                _take_actors(event, placed[country][-1])
        if event.actors and country and event.type in _SITE_USER_TYPES and event.mode not in _LEAVING_MODES:
            placed.setdefault(country, []).append(event)


def _names_a_doer(doc, event: Event) -> bool:
    """Whether the act's own sentence gives it a subject or agent (a pronoun included); a sentence that goes on
    telling an earlier act (no trigger of its own) names none of its own."""
    head = trigger_head(doc, event)
    if head is None:
        return False
    found = roles_mod.roles(head, event.type)
    return bool(found.actors or found.subjects)


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
