"""Presence timelines: which actor the reports place at which site, first and last reported, with which assets,
according to how many independent sources.

Presence is read from every event that places a party somewhere (a deployment's destination, base access, works
at a site, a strike on a party's aircraft at a base, a parade of its armour …), each at its own site: a list of
bases gives one row per base.  Which events place whom is data (garrison/data/fusion/presence.json and the
``presence_trigger`` words of garrison/data/fusion/words*.tsv).  The happenings the events were fused into say
whether the fact stands: a happening that is only denied or negated places nobody; one that is only speculated
or planned still does, but the row is flagged ``tentative`` unless some other happening establishes it.  A row
is ``background`` (history, context) when every event supporting it is.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from garrison import words
from garrison.fusion import actors
from garrison.fusion.collector import collector_paused
from garrison.fusion.compare import contains, independent_id, is_coarse
from garrison.fusion.rules import Rules, load_rules
from garrison.model import Document, Event, Happening, Place, Presence


def entity_label(entity_id: str) -> str | None:
    """The label an entity id starts with ("mil_unit:africa-corps" → "mil_unit"), None if it has none."""
    head, sep, _ = entity_id.partition(":")
    return head.lower() if sep else None


def standing(happening: Happening, rules: Rules) -> str:
    """"established" (some independent report asserts, reports or claims it), "tentative" (only speculated or
    planned), or "none" (only denied or negated)."""
    held = {s for s, n in happening.stances.items() if n}
    if held & rules.positive_stances:
        return "established"
    if held & rules.tentative_stances:
        return "tentative"
    if not held:  # no claims at all: extracted without a stance reading, so take it as reported
        return "established"
    return "none"


# ---------------------------------------------------------------------------
# who an event places where


@dataclass(frozen=True)
class Placement:
    """One party an event places at a site, with the assets it had there."""

    actor: str
    place: Place
    assets: tuple[str, ...]


def rule_for(event: Event, rules: Rules) -> dict[str, Any] | None:
    """The presence rule an event is read by: its trigger's, else its type and mode's, else its type's."""
    spec = rules.presence
    trigger_rule = _trigger_rules().get((event.trigger or "").casefold().strip())
    if trigger_rule is not None:
        return spec["trigger_rules"][trigger_rule]
    types = spec["types"]
    return types.get(f"{event.type}/{event.mode}") or types.get(event.type)


@functools.cache
def _trigger_rules() -> dict[str, str]:
    return dict(words.word_map("fusion", "presence_trigger"))


def placements(event: Event, rules: Rules, *, site: Place | None = None,
               canonical: Any = None) -> list[Placement]:
    """The parties ``event`` places, each once, at ``site`` (default: the event's own site for its rule).

    ``canonical`` maps an entity id to the id it stands for (a demonym to its country); identity by default."""
    rule = rule_for(event, rules)
    if rule is None:
        return []
    place = site or event_site(event, rule)
    if place is None:
        return []
    canonical = canonical or (lambda entity: entity)
    labels = rules.presence_labels
    asset_labels = labels["assets"]
    target_assets = tuple(t for t in event.targets if entity_label(t) in asset_labels)
    out: dict[str, Placement] = {}
    for spec in rule["placed"]:
        if spec.get("when") == "targets_assets" and not target_assets:
            continue
        accepted = labels[spec["labels"]]
        assets = target_assets if spec["assets"] == "target_assets" else tuple(event.materiel)
        for entity in getattr(event, spec["role"]):
            label = entity_label(entity)
            if label is not None and label not in accepted:
                continue
            actor = canonical(entity)
            if actor is None:
                continue
            if actor in out:
                merged = tuple(dict.fromkeys((*out[actor].assets, *assets)))
                out[actor] = Placement(actor, place, merged)
            else:
                out[actor] = Placement(actor, place, assets)
    return list(out.values())


def event_site(event: Event, rule: dict[str, Any]) -> Place | None:
    return next((getattr(event, name) for name in rule["sites"] if getattr(event, name) is not None), None)


def _site(event: Event, happening: Happening | None, rules: Rules) -> Place | None:
    """The event's own site; a coarse one (a country, a region) gives way to the finer place its happening's
    other reports give in the same field ("an aircraft hit in Libya" fused with the strike at al-Khadim), and so
    does one the events stage guessed from the rest of the report."""
    rule = rule_for(event, rules)
    if rule is None:
        return None
    guess = rules.place["guessed_place_is_no_bar"]
    guessed = bool(guess["value"]) and event.attributes.get("location_basis") in guess["bases"]
    for name in rule["sites"]:
        own = getattr(event, name)
        if own is None:
            continue
        fused = getattr(happening, name) if happening is not None else None
        if guessed and name == "location" and fused is not None:
            return fused  # the report's main place, guessed for a sentence that names none: its happening's
        if (fused is not None and is_coarse(own, rules) and not is_coarse(fused, rules)
                and contains(own, fused, rules)):
            return fused
        return own
    return None


def canonical_actor(rules: Rules):
    """entity id → the id its row is listed under (a demonym's, a government's or a city's country), or None
    for a party that says nobody in particular is there; as presence.json's ``actors`` section says."""
    spec = rules.presence["actors"]
    stands_for = actors.stands_for(bool(spec["demonyms_stand_for_countries"]),
                                   bool(spec["governments_stand_for_countries"]),
                                   bool(spec["cities_stand_for_countries"]))
    unlisted: frozenset[str] = frozenset()
    if not spec["list_common_nouns"]:
        unlisted |= actors.common_nouns()
    if spec["organisations_need_a_country"]:
        unlisted |= actors.stateless_organisations()

    def canonical(entity: str) -> str | None:
        if entity in unlisted:
            return None
        return stands_for.get(entity, entity)

    return canonical


# ---------------------------------------------------------------------------
# the timelines


@collector_paused
def presence(happenings: Sequence[Happening], events: Iterable[Event] = (),
             documents: dict[str, Document] | None = None, rules: Rules | None = None) -> list[Presence]:
    """Per (actor × site): first/last reported, assets, happenings, independent sources, stance mix.

    ``events`` are the events the happenings were fused from (those of no happening are left out: fusion is
    what says whether a fact stands); ``documents`` give the duplicate links that make a syndicated copy count
    once with its original."""
    rules = rules or load_rules()
    documents = documents or {}
    canonical = canonical_actor(rules)
    happening_of: dict[str, Happening] = {}
    for h in happenings:
        for event_id in h.event_ids:
            happening_of.setdefault(event_id, h)
    states = {h.id: standing(h, rules) for h in happenings}

    rows: dict[tuple[str, str], _Row] = {}
    for event in sorted(_unique(events), key=lambda e: e.id):
        fused = happening_of.get(event.id)
        if fused is None or states[fused.id] == "none":
            continue
        h = fused
        denied_only = set(h.attributes.get("denied_only_entities") or ())
        site = _site(event, h, rules)
        if site is None:
            continue
        first, last = _when(event, h, documents)
        source = independent_id(_document_of(event), documents)
        stances = {str(c.stance) for c in event.claims}
        # a party named only in denials ("AFRICOM denied any part in the strike") is not thereby placed
        affirmed = (lambda entity, _denied=denied_only: None if entity in _denied else canonical(entity))
        for placed in placements(event, rules, site=site, canonical=affirmed):
            row = rows.get((placed.actor, site.id))
            if row is None:
                row = rows[(placed.actor, site.id)] = _Row(placed.actor, site)
            row.add(event, h, states[h.id], first, last, source, stances,
                    [a for a in placed.assets if a not in denied_only])
    kept = _fold_coarse(list(rows.values()), rules)
    out = [row.record() for row in kept]
    out.sort(key=lambda p: (p.actor, p.first_reported or date.max, p.place.id))
    return out


class _Row:
    def __init__(self, actor: str, place: Place):
        self.actor, self.place = actor, place
        self.first: date | None = None
        self.last: date | None = None
        self.assets: Counter = Counter()
        self.happenings: dict[str, tuple[date | None, str]] = {}
        self.states: set[str] = set()
        self.tentative: set[str] = set()
        self.types: set[str] = set()
        self.sources: dict[str, set[str]] = defaultdict(set)  # independent source -> stances it holds
        self.events: list[str] = []
        self.background: list[bool] = []
        self.finer: list[str] = []

    def add(self, event: Event, h: Happening, state: str, first: date | None, last: date | None, source: str,
            stances: set[str], assets: list[str]) -> None:
        self.first = _earliest(self.first, first)
        self.last = _latest(self.last, last)
        for asset in dict.fromkeys(assets):  # an asset counts once per event
            self.assets[asset] += 1
        self.happenings.setdefault(h.id, (_happening_start(h), h.id))
        self.states.add(state)
        if state == "tentative":
            self.tentative.add(h.id)
        self.types.add(event.type)
        self.sources[source].update(stances or {"asserted"})
        self.events.append(event.id)
        self.background.append(bool(event.attributes.get("background")))

    def record(self) -> Presence:
        stance_mix = Counter(s for held in self.sources.values() for s in held)
        attributes: dict[str, Any] = {
            "tentative": "established" not in self.states,
            "tentative_happening_ids": sorted(self.tentative),
            "types": sorted(self.types),
            "stances": dict(sorted(stance_mix.items())),
            "sources": sorted(self.sources),
            "event_ids": sorted(self.events),
        }
        if self.background and all(self.background):
            attributes["background"] = True
        if self.finer:
            attributes["finer_sites"] = sorted(self.finer)
        ordered = sorted(self.happenings.values(), key=lambda k: (k[0] or date.max, k[1]))
        return Presence(
            actor=self.actor, place=self.place, first_reported=self.first, last_reported=self.last,
            materiel=sorted(self.assets, key=lambda m: (-self.assets[m], m)),
            happening_ids=[hid for _, hid in ordered], reports=len(self.sources), attributes=attributes,
        )


def _fold_coarse(rows: list[_Row], rules: Rules) -> list[_Row]:
    """A country or region row is kept only for the assets no finer row of the same actor inside it reports."""
    by_actor: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_actor[row.actor].append(row)
    kept: list[_Row] = []
    for actor_rows in by_actor.values():
        for row in actor_rows:
            if not is_coarse(row.place, rules):
                kept.append(row)
                continue
            finer = [r for r in actor_rows if r is not row and _finer_inside(r.place, row.place, rules)]
            if not finer:
                kept.append(row)
                continue
            known_finer = {a for r in finer for a in r.assets}
            left = Counter({a: n for a, n in row.assets.items() if a not in known_finer})
            if left:
                row.assets = left
                row.finer = [r.place.id for r in finer]
                kept.append(row)
    return kept


def _finer_inside(inner: Place, outer: Place, rules: Rules) -> bool:
    if inner.id == outer.id:
        return False
    if is_coarse(inner, rules):  # a region inside a country is finer than the country, never the other way round
        return _rank(inner) < _rank(outer) and contains(outer, inner, rules)
    return contains(outer, inner, rules)


def _rank(place: Place) -> int:
    return 2 if place.id.startswith("country:") or place.feature == "country" else 1


def _document_of(event: Event) -> str:
    return event.document_id or (event.claims[0].document_id if event.claims else "")


def _when(event: Event, h: Happening, documents: dict[str, Document]) -> tuple[date | None, date | None]:
    """The event's own time; else its happening's own time; else when it was reported."""
    if event.time is not None and not event.time_from_dct:
        return event.time.start, event.time.end
    if h.time is not None and not h.attributes.get("time_from_dct"):
        return h.time.start, h.time.end
    doc = documents.get(_document_of(event))
    if doc is not None and doc.published:
        return doc.published, doc.published
    if event.time is not None:
        return event.time.start, event.time.end
    return h.first_reported, h.last_reported


def _happening_start(h: Happening) -> date | None:
    if h.time is not None and not h.attributes.get("time_from_dct"):
        return h.time.start
    return h.first_reported or (h.time.start if h.time else None)


def _unique(events: Iterable[Event]) -> list[Event]:
    return list({e.id: e for e in events}.values())


def _earliest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


def _latest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)


__all__ = ["presence", "placements", "rule_for", "standing", "entity_label", "canonical_actor", "Placement"]
