"""How alike two reports of events are: the facts fusion compares, read once per event, and the pair test.

An event is read into a ``Report`` (its type, places, time window, parties, materiel, evidence words and the
independent report it belongs to).  ``compatible`` is the hard test — two reports that fail it are never one
happening — and ``score`` weighs the positive evidence that they are.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from garrison import geo
from garrison.fusion import actors
from garrison.fusion.rules import Rules
from garrison.model import Document, Event, Place

UNBOUNDED = (-(10**9), 10**9)  # an unknown time: compatible with every window, evidence for none


@dataclass(frozen=True)
class Report:
    """What fusion compares of one extracted event."""

    event: Event
    type: str
    mode: str | None
    document_id: str
    independent_id: str  # the original a syndicated copy points to, else the document itself
    published: date | None
    location: Place | None
    origin: Place | None
    destination: Place | None
    start: int  # window of the happening's time, as date ordinals
    end: int
    time_kind: str  # a Precision value, "dct" (publication date stands in) or "unknown"
    parties: frozenset[str]
    actors: frozenset[str]
    materiel: frozenset[str]
    words: frozenset[str]
    # the main places of every event told from the same listing statement ("the bases of A, B and C"), this
    # event's among them; empty when the event names one site
    sites: tuple[Place, ...] = ()
    # the actors with each state's national armed forces read as the state (entities.same_party)
    actor_states: frozenset[str] = frozenset()
    # the event's own date is most often its statement's (a denial's, a plan's: time.statement_dates), not the
    # happening's
    statement_dated: bool = False
    # a move's location that is neither its origin nor its destination: either end of the move
    # (place.move_ends)
    loose_end: bool = False

    @property
    def main_place(self) -> Place | None:
        return self.location or self.destination or self.origin


def independent_id(document_id: str, documents: dict[str, Document]) -> str:
    """Follow duplicate_of links to the original report (cycles and unknown ids stop the walk)."""
    seen = {document_id}
    current = document_id
    while True:
        doc = documents.get(current)
        nxt = doc.duplicate_of if doc is not None else None
        if not nxt or nxt in seen:
            return current
        seen.add(nxt)
        current = nxt


def read_report(event: Event, documents: dict[str, Document], rules: Rules,
                sites: tuple[Place, ...] = ()) -> Report:
    doc_id = event.document_id or (event.claims[0].document_id if event.claims else "")
    doc = documents.get(doc_id)
    published = doc.published if doc is not None else None
    start, end, kind, statement_dated = _window(event, published, rules)
    text = " ".join(ev.text for claim in event.claims for ev in claim.evidence)
    words = frozenset(_words_of_length(int(rules.raw["text"]["min_token_chars"])).findall(text.casefold()))
    same = _same_party(rules)
    location, origin, destination = (_compared_place(p, event, rules)
                                     for p in (event.location, event.origin, event.destination))
    actor_parties = _parties(event.actors, rules)
    compared_actors = same(actor_parties)
    return Report(
        event=event, type=event.type, mode=event.mode, document_id=doc_id,
        independent_id=independent_id(doc_id, documents), published=published,
        location=location, origin=origin, destination=destination,
        start=start, end=end, time_kind=kind,
        parties=same(actor_parties | _parties(event.targets, rules)),
        actors=compared_actors,
        # equipment named as a target ("the Il-76 was hit") is materiel for comparison
        materiel=frozenset(event.materiel) | frozenset(t for t in event.targets if t.startswith("equipment:")),
        words=words, sites=sites, actor_states=_states_of(compared_actors), statement_dated=statement_dated,
        loose_end=_loose_end(event.type, location, origin, destination, rules),
    )


@functools.cache
def _words_of_length(min_chars: int) -> re.Pattern:
    """Runs of word characters at least ``min_chars`` long (a run is never cut: shorter runs are skipped)."""
    return re.compile(r"\w{%d,}" % max(min_chars, 1), re.UNICODE)


def _states_of(ids: frozenset[str]) -> frozenset[str]:
    forces = actors.forces_of()
    return frozenset(forces.get(i, i) for i in ids)


def _same_party(rules: Rules):
    """Parties as compared: "Russian", "the Kremlin" and "Moscow" are one party, Russia (entities.same_party)."""
    if not rules.entities["same_party"]["value"]:
        return lambda ids: ids
    table = actors.stands_for()
    return lambda ids: frozenset(table.get(i, i) for i in ids)


def is_guessed(report: Report, rules: Rules) -> bool:
    """Whether the report's location is the events stage's guess from the rest of the report (its sentence
    names no place): evidence when it agrees, no bar when it does not (place.guessed_place_is_no_bar)."""
    spec = rules.place["guessed_place_is_no_bar"]
    return bool(spec["value"]) and report.event.attributes.get("location_basis") in spec["bases"]


def _one_state(a: Report, b: Report, rules: Rules) -> bool:
    """Whether a state and its national armed forces stand on either side ("Russia" and "the Russian Armed
    Forces"): different parties, but not opposed ones (entities.same_party.forces_do_not_conflict)."""
    if not rules.entities["same_party"]["forces_do_not_conflict"]:
        return False
    return bool(a.actor_states & b.actor_states)


def _compared_place(place: Place | None, event: Event, rules: Rules) -> Place | None:
    """The place as compared: a country that is the home of the event's own actor ("Russian engineers are
    lengthening the runway" placed in Russia) is most often the demonym read as a place, and compares as
    unknown (place.home_country_is_no_place)."""
    if place is None or not rules.place["home_country_is_no_place"]["value"]:
        return place
    if not (place.id.startswith("country:") or place.feature == "country") or not place.country:
        return place
    homes = actors.home_countries()
    return None if any(homes.get(a) == place.country for a in event.actors) else place


def _parties(ids: list[str], rules: Rules) -> frozenset[str]:
    """The ids that name parties (forces, organisations, states, people), not equipment or facilities."""
    labels = rules.party_labels
    return frozenset(i for i in ids if ":" not in i or i.partition(":")[0].lower() in labels)


def _window(event: Event, published: date | None, rules: Rules) -> tuple[int, int, str, bool]:
    """The window of the happening's time as date ordinals, the kind of time it stands on, and whether the
    event's own date was read as its statement's (time.statement_dates)."""
    span = event.time
    bound = _statement_bound(event, rules)
    lookback = rules.dct_lookback_days(event.type)
    if span is not None and not event.time_from_dct:
        start, end = sorted((span.start.toordinal(), span.end.toordinal()))
        if bound == "before":  # the denial's own day, the happening on or before it
            return start - lookback, end, rules.statement_kind(str(span.precision)), True
        if bound == "after" and (published is None or end <= published.toordinal()):
            return start, end + lookback, rules.statement_kind(str(span.precision)), True
        return start, end, str(span.precision), False
    # The publication date says only that the happening was reported by then (or, for a plan, that it was
    # still to come then).
    dct = (span.anchor or span.end) if span is not None else published
    if dct is None:
        return UNBOUNDED[0], UNBOUNDED[1], "unknown", False
    end = dct.toordinal()
    if event.attributes.get("background"):
        lookback = int(rules.raw["time"]["background_lookback_days"]["value"])
    if bound == "after":
        return end, end + lookback, "dct", False
    return end - lookback, end, "dct", False


def _statement_bound(event: Event, rules: Rules) -> str | None:
    """"before" when every claim of the event denies or negates it, "after" when every claim plans it, else
    None (time.statement_dates): such a report's date is most often the statement's, which the happening
    precedes (a denial) or follows (a plan)."""
    bounds = rules.statement_bounds
    if not bounds or not event.claims:
        return None
    stances = {str(c.stance) for c in event.claims}
    for bound, bounded_stances in bounds:
        if stances <= bounded_stances:
            return bound
    return None


# ---------------------------------------------------------------------------
# places


def distance_km(a: Place, b: Place) -> float:
    return geo.distance_km(a.lat, a.lon, b.lat, b.lon)


def is_coarse(place: Place, rules: Rules) -> bool:
    return place.precision >= 3 or (place.feature or "") in rules.coarse_features or place.id.startswith("country:")


def contains(region: Place, inner: Place, rules: Rules) -> bool:
    """Whether the coarse place ``region`` plausibly contains ``inner``."""
    feature = "country" if region.id.startswith("country:") else (region.feature or "")
    if feature == "country" and region.country and inner.country:
        return region.country == inner.country
    if feature == "admin1" and region.admin1 and inner.admin1:
        return region.admin1 == inner.admin1
    if region.country and inner.country and region.country != inner.country:
        return False
    # A region without a country ("Sahel", "North Africa") is known only by its reference point.
    radius_key = "default" if feature == "region" and not region.country else feature
    return distance_km(region, inner) <= rules.region_radius_km(radius_key)


def place_relation(a: Place | None, b: Place | None, rules: Rules) -> str | None:
    """"same", "near", "contains", "region_pair", "unknown" (one is missing), or None: incompatible."""
    if a is None or b is None:
        return "unknown"
    if a.id == b.id:
        return "same"
    coarse_a, coarse_b = is_coarse(a, rules), is_coarse(b, rules)
    if not coarse_a and not coarse_b:
        return "near" if distance_km(a, b) <= rules.max_km(a.precision, b.precision) else None
    if coarse_a and coarse_b:
        return "region_pair" if contains(a, b, rules) or contains(b, a, rules) else None
    region, inner = (a, b) if coarse_a else (b, a)
    return "contains" if contains(region, inner, rules) else None


_RELATION_ORDER = ("same", "near", "contains", "region_pair", "unknown")


def _loose_end(event_type: str, location: Place | None, origin: Place | None, destination: Place | None,
               rules: Rules) -> bool:
    """Whether the event is a move (place.move_ends) whose location is neither its origin nor its
    destination: a place whose role in the move is unknown."""
    return (location is not None and event_type in rules.move_types
            and all(p is None or p.id != location.id for p in (origin, destination)))


def end_relation(a: Report, b: Report, rules: Rules) -> str | None:
    """How a move's location of unknown role relates to the other move's origin or destination, the best
    relation either way; None when neither has such a location or it fits no end (place.move_ends)."""
    if not (a.loose_end or b.loose_end):
        return None
    found = set()
    for x, y in ((a, b), (b, a)):
        if x.loose_end and y.type in rules.move_types:
            found.update(place_relation(x.location, end, rules) for end in (y.origin, y.destination)
                         if end is not None)
    return next((r for r in _RELATION_ORDER[:-1] if r in found), None)


def main_relation(a: Report, b: Report, rules: Rules) -> str | None:
    """How the main places relate; for a listing statement the best relation of any of its sites (a report of
    access to Jufra matches the statement that lists Jufra among four bases)."""
    if not (a.sites or b.sites):
        direct = place_relation(a.location or a.destination, b.location or b.destination, rules)
        return direct if direct is not None else end_relation(a, b, rules)
    found = {place_relation(x, y, rules) for x in (a.sites or (a.main_place,)) for y in (b.sites or (b.main_place,))}
    return next((r for r in _RELATION_ORDER if r in found), None)


# ---------------------------------------------------------------------------
# the pair test and the pair score

_PLACE_FIELDS = ("location", "origin", "destination")


def compatible(a: Report, b: Report, rules: Rules) -> bool:
    """The hard test: type, mode, every place both give, and time must all agree.  It reads only the fields
    of ``comparison_key``."""
    return kinds_compatible(a, b, rules) and places_compatible(a, b, rules) and times_compatible(a, b, rules)


def kinds_compatible(a: Report, b: Report, rules: Rules) -> bool:
    """The hard test's part that types and modes give."""
    return rules.types_compatible(a.type, b.type) and rules.modes_compatible(a.type, a.mode, b.type, b.mode)


def places_compatible(a: Report, b: Report, rules: Rules) -> bool:
    """The hard test's part that places give: every place both give must agree.  It reads only the fields of
    ``place_key``."""
    guessed = is_guessed(a, rules) or is_guessed(b, rules)
    listed = bool(a.sites or b.sites)
    if listed and not guessed and main_relation(a, b, rules) is None:
        return False
    for name in _PLACE_FIELDS:
        if listed and name != "origin":
            continue  # the listed sites stand for the main place (location, else destination)
        if guessed and name == "location":
            continue
        if place_relation(getattr(a, name), getattr(b, name), rules) is None:
            if name == "location" and end_relation(a, b, rules) is not None:
                continue  # the move's one place named is the other's origin or destination
            return False
    return True


def times_compatible(a: Report, b: Report, rules: Rules) -> bool:
    """The hard test's part that times give: the windows meet, widened by the wider slack of the two types."""
    slack = max(rules.slack_days(a.type), rules.slack_days(b.type))
    return a.start - slack <= b.end and b.start - slack <= a.end


def _place_key(place: Place | None) -> tuple | None:
    if place is None:
        return None
    return (place.id, place.name, place.lat, place.lon, place.feature, place.country, place.admin1,
            place.geonameid, place.precision)


def place_key(report: Report, rules: Rules) -> tuple:
    """Everything ``places_compatible`` and ``place_score`` read of a report: two reports with one key agree
    on places with the same reports and score the same for places against any third."""
    return (is_guessed(report, rules), report.type in rules.move_types, _place_key(report.location),
            _place_key(report.origin), _place_key(report.destination), tuple(_place_key(p) for p in report.sites))


def comparison_key(report: Report, rules: Rules, places: tuple | None = None) -> tuple:
    """Everything the hard test, the blocking of candidate pairs and ``place_time_score`` read of a report:
    two reports with one key are compatible with the same reports, stand in the same blocks and score the same
    for place and time against any third (fusion compares such reports as one class).  ``places`` is
    ``place_key(report, rules)`` when the caller has it already."""
    places = place_key(report, rules) if places is None else places
    return (report.type, report.mode, report.time_kind, report.start, report.end, *places)


def _overlap(x: frozenset[str], y: frozenset[str]) -> float:
    """The Jaccard index of two non-empty sets."""
    shared = len(x & y)
    return shared / (len(x) + len(y) - shared)


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return 0.0
    return _overlap(x, y)


def text_similarity(a: Report, b: Report) -> float:
    return _jaccard(a.words, b.words)


def place_score(a: Report, b: Report, rules: Rules) -> float:
    """The part of ``score`` that only places give (the same for every pair of two reports' ``place_key``)."""
    strength = rules.place["strength"]
    main = main_relation(a, b, rules)
    total = float(strength.get(main or "unknown", 0.0))
    origin = place_relation(a.origin, b.origin, rules)
    return total + 0.3 * float(strength.get(origin or "unknown", 0.0))


def place_time_score(a: Report, b: Report, rules: Rules, places: float | None = None) -> float:
    """The part of ``score`` that only places and times give (the same for every pair of two classes of
    ``comparison_key``).  ``places`` is ``place_score(a, b, rules)`` when the caller has it already."""
    total = place_score(a, b, rules) if places is None else places
    if "unknown" in (a.time_kind, b.time_kind):
        pass
    elif "dct" in (a.time_kind, b.time_kind):
        total += rules.time_strength("dct")
    else:
        total += min(rules.time_strength(a.time_kind), rules.time_strength(b.time_kind))
    return total


def shared_keys(report: Report) -> frozenset[tuple[str, str]]:
    """What a pair of reports must share for its score to rise above ``unshared_score_bound``: a party, a
    piece of materiel, or the original report (one document, or copies of one original)."""
    return frozenset((("party", p) for p in report.parties)) | frozenset(("materiel", m) for m in report.materiel) \
        | {("original", report.independent_id)}


def unshared_score_bound(a: Report, b: Report, rules: Rules, place_time: float | None = None) -> float:
    """The most ``score`` gives two reports of the types, modes, places and times of ``a`` and ``b`` that have
    none of ``shared_keys`` in common: no party or materiel overlap, no same-document or copy bonus, texts
    alike in every word.  Where it falls below the merge threshold, only the pairs sharing a key can reach it
    (the pair part of the score is most of fusion's cost, and most pairs of a large component share nothing)."""
    total = place_time_score(a, b, rules) if place_time is None else place_time
    w = rules.score_weights
    total += max(-w.parties_conflict, 0.0) + max(-w.materiel_conflict, 0.0)
    if a.mode and a.mode == b.mode:
        total += w.mode_bonus
    if a.type != b.type:
        total -= w.cross_type
    return total + max(w.text, 0.0)


def score(a: Report, b: Report, rules: Rules, place_time: float | None = None,
          at_least: float | None = None) -> float:
    """Evidence that two compatible reports are of one happening (compare with merge_threshold).
    ``place_time`` is ``place_time_score(a, b, rules)`` when the caller has it already.  With ``at_least``, a pair
    that cannot reach it whatever its texts share gets a figure below it without its texts being compared (the
    word overlap is most of the cost, and most compared pairs of a large component fall short)."""
    total = place_time_score(a, b, rules) if place_time is None else place_time
    w = rules.score_weights
    total += w.parties * _jaccard(a.parties, b.parties)
    if (a.actors and b.actors and not a.actors & b.actors and not (a.actors & b.parties or b.actors & a.parties)
            and not _one_state(a, b, rules)):
        total -= w.parties_conflict
    if a.materiel and b.materiel:
        overlap = _overlap(a.materiel, b.materiel)
        total += w.materiel * overlap if overlap else -w.materiel_conflict

    if a.mode and a.mode == b.mode:
        total += w.mode_bonus
    if a.type != b.type:
        total -= w.cross_type
    elif a.document_id == b.document_id:
        total += w.same_document
    copies = a.independent_id == b.independent_id and a.document_id != b.document_id
    if at_least is not None and total + max(w.text, 0.0) + (max(w.duplicate, 0.0) if copies else 0.0) < at_least:
        return total  # below at_least: even texts alike in every word would not lift it there
    similarity = _jaccard(a.words, b.words)
    total += w.text * similarity
    if copies and similarity >= w.duplicate_min_similarity:
        total += w.duplicate
    return total
