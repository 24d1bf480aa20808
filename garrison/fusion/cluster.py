"""Fuse extracted events into happenings: one record per real-world happening, with its reports counted.

Candidate pairs are never all pairs: events are blocked by type family (types that may report one happening)
and by country, and within a block a sweep over time windows compares only events whose windows (widened by
the type's slack) overlap.  Pairs that pass the hard test and score at least the merge threshold are merged
best first; two groups merge only when every cross pair passes the hard test, or all but a small share of them
(so a vague "2024" report cannot chain a June strike to a December one).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from garrison.fusion.compare import (
    Report, comparison_key, is_coarse, is_guessed, kinds_compatible, place_key, place_score, place_time_score,
    places_compatible, read_report, score, shared_keys, times_compatible, unshared_score_bound,
)
from garrison.fusion.collector import collector_paused
from garrison.fusion.rules import Rules, load_rules
from garrison.model import Document, Event, Happening, Place, Precision, TimeSpan

ANY_COUNTRY = "*"
# A bound and a score add the same terms in other orders: a bound this close below the threshold still counts.
_ROUNDING = 1e-9


@collector_paused
def fuse(events: list[Event], documents: dict[str, Document], rules: Rules | None = None) -> list[Happening]:
    """Cluster events into happenings (deterministic: same input, same ids and order)."""
    rules = rules or load_rules()
    sites = listed_sites(events, rules)
    reports = sorted((read_report(e, documents, rules, sites.get(e.id, ())) for e in events),
                     key=lambda r: r.event.id)
    reports = _unique_events(reports)
    groups = cluster(reports, rules)
    happenings = [build_happening(group, documents, rules) for group in groups]
    happenings.sort(key=lambda h: (h.time.start if h.time else date.max, h.type, h.id))
    return happenings


def listed_sites(events: Iterable[Event], rules: Rules) -> dict[str, tuple[Place, ...]]:
    """Event id → the main places of every event told from its listing statement (the events stage tells "the
    bases of A, B and C" once per site, each marked with ``coordinated_sites``): one statement, one happening,
    whichever of its sites another report names."""
    if not rules.raw["listed_sites"]["value"]:
        return {}
    groups: dict[tuple, list[Event]] = defaultdict(list)
    for e in events:
        names = tuple(e.attributes.get("coordinated_sites") or ())
        if not names:
            continue
        first = e.claims[0].evidence[0].start if e.claims and e.claims[0].evidence else None
        groups[(e.document_id, e.type, first, names)].append(e)
    out: dict[str, tuple[Place, ...]] = {}
    for group in groups.values():
        places = {p.id: p for p in (e.location or e.destination for e in group) if p is not None}
        if len(places) > 1:
            ordered = tuple(places[k] for k in sorted(places))
            out.update((e.id, ordered) for e in group)
    return out


def _unique_events(reports: list[Report]) -> list[Report]:
    seen: set[str] = set()
    out = []
    for r in reports:
        if r.event.id not in seen:
            seen.add(r.event.id)
            out.append(r)
    return out


# ---------------------------------------------------------------------------
# candidate pairs


def country_keys(report: Report, rules: Rules) -> tuple[str, ...]:
    """The countries a report is blocked under: its main place's, and for a move the country of each place it
    gives (its location of unknown role may be another move's origin or destination: place.move_ends)."""
    place = report.main_place
    if place is None or not place.country or is_guessed(report, rules):
        return (ANY_COUNTRY,)  # compared with every country: a guessed place bars no happening elsewhere
    if report.type not in rules.move_types:
        return (place.country,)
    given = (report.location, report.origin, report.destination)
    return tuple(sorted({place.country} | {p.country for p in given if p is not None and p.country}))


def candidate_pairs(reports: Sequence[Report], rules: Rules) -> Iterable[tuple[int, int]]:
    """Index pairs (i < j) worth comparing: same type family, a country in common or an unknown one,
    overlapping windows (a pair of moves blocked under two common countries may come twice)."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        for country in country_keys(r, rules):
            blocks[(rules.family(r.type), country)].append(i)
    families: dict[str, list[str]] = defaultdict(list)
    for family, country in sorted(blocks):
        families[family].append(country)
    for family, countries in families.items():
        for country in countries:
            yield from _sweep(reports, blocks[(family, country)], None, rules)
        if ANY_COUNTRY in countries:
            for country in countries:
                if country != ANY_COUNTRY:
                    yield from _sweep(reports, blocks[(family, ANY_COUNTRY)], blocks[(family, country)], rules)


def _sweep(reports: Sequence[Report], left: list[int], right: list[int] | None,
           rules: Rules) -> Iterable[tuple[int, int]]:
    """Pairs whose widened windows overlap: within ``left``, or between ``left`` and ``right``."""
    def widened(i: int, side: int) -> tuple[int, int, int, int]:
        # Both ends widened by the type's slack: two widened windows overlap whenever the pair test's
        # max(slack_a, slack_b) lets the spans match.
        slack = rules.slack_days(reports[i].type)
        return (reports[i].start - slack, reports[i].end + slack, i, side)

    items = [widened(i, 0) for i in left] + [widened(i, 1) for i in (right or ())]
    items.sort()
    active: list[tuple[int, int, int]] = []  # (end, index, side)
    for start, end, i, side in items:
        active = [a for a in active if a[0] >= start]
        for _, j, other_side in active:
            if right is None or other_side != side:
                yield (min(i, j), max(i, j))
        active.append((end, i, side))


# ---------------------------------------------------------------------------
# clustering
#
# Reports with one ``comparison_key`` (one type, mode, place, window …: a long report's many denials placed
# by the same guess) form a class: the hard test, the blocking and the place-and-time part of the score are
# decided once per pair of classes.  Classes joined by compatible candidate pairs form components, which the
# merging never crosses.  In a component where every pair of reports is a compatible candidate, the complete
# link never refuses a merge, so its groups are the connected components of the pairs scoring at least the
# threshold, found without scoring the pairs already joined through others; elsewhere every compatible
# candidate pair is scored and merged best first.  Both give what merging every pair best first gives
# (tests/fusion/test_cluster.py holds them against that).


class _Classes:
    """The reports' classes, and the hard test and place-and-time score between classes, each read once."""

    def __init__(self, reports: Sequence[Report], rules: Rules):
        self.reports, self.rules = reports, rules
        by_key: dict[tuple, int] = {}
        self.of: list[int] = []  # report index → class
        self.members: list[list[int]] = []  # class → report indices, ascending
        places: dict[tuple, int] = {}
        self._place_of: list[int] = []  # class → its places' key, by number
        for i, r in enumerate(reports):
            place = place_key(r, rules)
            c = by_key.setdefault(comparison_key(r, rules, place), len(by_key))
            if c == len(self.members):
                self.members.append([])
                self._place_of.append(places.setdefault(place, len(places)))
            self.members[c].append(i)
            self.of.append(c)
        self.first = [m[0] for m in self.members]
        self._keys: dict[int, frozenset[tuple[str, str]]] = {}  # report index → shared_keys, for indexed classes
        # Many classes differ only in time: their places (and their types and modes) are compared once
        kinds: dict[tuple, int] = {}
        self._kind_of = [kinds.setdefault((reports[i].type, reports[i].mode), len(kinds)) for i in self.first]
        # what place_time_score and unshared_score_bound read of a class: its places, type, mode and time kind
        profiles: dict[tuple, int] = {}
        self._profile_of = [profiles.setdefault((place, kind, reports[i].time_kind), len(profiles))
                            for place, kind, i in zip(self._place_of, self._kind_of, self.first)]
        self._places_agree: dict[tuple[int, int], bool] = {}
        self._kinds_agree: dict[tuple[int, int], bool] = {}
        self._place_score: dict[tuple[int, int], float] = {}
        self._compatible: dict[tuple[int, int], bool] = {}
        self._place_time: dict[tuple[int, int], float] = {}
        self._unshared_bound: dict[tuple[int, int], float] = {}
        self._by_key: dict[int, dict[tuple[str, str], list[int]]] = {}

    def compatible(self, c: int, d: int) -> bool:
        """The hard test of a report of class ``c`` against a later report (by index) of class ``d``."""
        key = (c, d)
        agree = self._compatible.get(key)
        if agree is None:
            a, b = self.reports[self.first[c]], self.reports[self.first[d]]
            kinds = (self._kind_of[c], self._kind_of[d])
            kinds_agree = self._kinds_agree.get(kinds)
            if kinds_agree is None:
                kinds_agree = self._kinds_agree[kinds] = kinds_compatible(a, b, self.rules)
            agree = kinds_agree and times_compatible(a, b, self.rules)
            if agree:
                places = (self._place_of[c], self._place_of[d])
                agree = self._places_agree.get(places)
                if agree is None:
                    agree = self._places_agree[places] = places_compatible(a, b, self.rules)
            self._compatible[key] = agree
        return agree

    def both_ways(self, c: int, d: int) -> bool | None:
        """The hard test between the reports of two classes (or of one), whichever comes first; None when
        that matters (the test reads modes in the groups of one type before the other's)."""
        if c == d:
            return self.compatible(c, c)
        forth = self.first[c] < self.members[d][-1]  # a report of c comes before one of d
        back = self.first[d] < self.members[c][-1]
        if forth and back:
            ahead, behind = self.compatible(c, d), self.compatible(d, c)
            return ahead if ahead == behind else None
        return self.compatible(c, d) if forth else self.compatible(d, c)

    def ok(self, i: int, j: int) -> bool:
        """The hard test of two reports, by index."""
        if i > j:
            i, j = j, i
        return self.compatible(self.of[i], self.of[j])

    def place_time(self, c: int, d: int) -> float:
        """The place-and-time score of a report of class ``c`` against a later report of class ``d``."""
        key = (self._profile_of[c], self._profile_of[d])
        place_time = self._place_time.get(key)
        if place_time is None:
            a, b = self.reports[self.first[c]], self.reports[self.first[d]]
            places = (self._place_of[c], self._place_of[d])
            places_score = self._place_score.get(places)
            if places_score is None:
                places_score = self._place_score[places] = place_score(a, b, self.rules)
            place_time = self._place_time[key] = place_time_score(a, b, self.rules, places_score)
        return place_time

    def score(self, i: int, j: int, at_least: float | None = None) -> float:
        if i > j:
            i, j = j, i
        return score(self.reports[i], self.reports[j], self.rules, self.place_time(self.of[i], self.of[j]), at_least)

    def unshared_may_reach(self, c: int, d: int, threshold: float) -> bool:
        """Whether two reports of classes ``c`` and ``d`` (or of one) that share none of ``shared_keys`` may
        still score at least ``threshold``, whichever of them comes first."""
        orders = [(c, d)] if c == d else \
            [(x, y) for x, y in ((c, d), (d, c)) if self.first[x] < self.members[y][-1]]
        for x, y in orders:
            key = (self._profile_of[x], self._profile_of[y])
            bound = self._unshared_bound.get(key)
            if bound is None:
                bound = self._unshared_bound[key] = unshared_score_bound(
                    self.reports[self.first[x]], self.reports[self.first[y]], self.rules, self.place_time(x, y))
            if bound >= threshold - _ROUNDING:
                return True
        return False

    def pairs_that_may_reach(self, c: int, d: int, threshold: float) -> Iterable[tuple[int, int]]:
        """The pairs of ``pairs(c, d)`` that may score at least ``threshold``: all of them, or only those
        sharing a key where the rest cannot reach it (found through the keys' members, not pair by pair)."""
        if self.unshared_may_reach(c, d, threshold):
            yield from self.pairs(c, d)
            return
        members_by_key = self._members_by_key(d)
        if self._members_by_key(c).keys().isdisjoint(members_by_key):
            return
        uniform = True if c == d else self.both_ways(c, d)
        if uniform is False or (c == d and not self.compatible(c, c)):
            return
        for i in self.members[c]:
            sharing = {j for key in self._keys[i] for j in members_by_key.get(key, ())}
            for j in sharing:
                if c == d and j <= i:
                    continue
                if uniform or self.ok(i, j):
                    yield (i, j) if i < j else (j, i)

    def _members_by_key(self, c: int) -> dict[tuple[str, str], list[int]]:
        """The class's members by each of their ``shared_keys`` (read when the class is first indexed)."""
        index = self._by_key.get(c)
        if index is None:
            index = self._by_key[c] = defaultdict(list)
            for i in self.members[c]:
                self._keys[i] = shared_keys(self.reports[i])
                for key in self._keys[i]:
                    index[key].append(i)
        return index

    def candidate_partners(self) -> list[set[int]]:
        """Class → the classes (itself included) holding candidate pairs with it that pass the hard test one
        way or the other."""
        partners = [{c} for c in range(len(self.members))]
        for c, d in candidate_pairs([self.reports[i] for i in self.first], self.rules):
            if self.both_ways(c, d) is not False:
                partners[c].add(d)
                partners[d].add(c)
        return partners

    def pairs(self, c: int, d: int) -> Iterable[tuple[int, int]]:
        """The report pairs (i < j) of two classes (or of one) that pass the hard test."""
        if c == d:
            same = self.members[c]
            if self.compatible(c, c):
                for n, i in enumerate(same):
                    for j in same[n + 1:]:
                        yield i, j
            return
        uniform = self.both_ways(c, d)
        if uniform is False:
            return
        for i in self.members[c]:
            for j in self.members[d]:
                if uniform or self.ok(i, j):
                    yield (i, j) if i < j else (j, i)


def cluster(reports: Sequence[Report], rules: Rules) -> list[list[Report]]:
    threshold = rules.value("merge_threshold")
    classes = _Classes(reports, rules)
    partners = classes.candidate_partners()
    group_of = list(range(len(reports)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    for component in _components(partners):
        if _all_pairs_compatible(classes, component, partners):
            _link_within(classes, component, threshold, group_of, members)
        else:
            _merge_best_first(classes, component, partners, threshold, group_of, members)
    _attach_weak(classes, partners, group_of, members)
    return [[reports[i] for i in sorted(idx)] for _, idx in sorted(members.items())]


def _components(partners: list[set[int]]) -> list[list[int]]:
    """The classes joined by candidate pairs, component by component."""
    seen: set[int] = set()
    out = []
    for start in range(len(partners)):
        if start in seen:
            continue
        seen.add(start)
        component, todo = [], [start]
        while todo:
            c = todo.pop()
            component.append(c)
            for d in partners[c]:
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        out.append(sorted(component))
    return out


def _all_pairs_compatible(classes: _Classes, component: list[int], partners: list[set[int]]) -> bool:
    """Whether every pair of reports of the component is a candidate pair that passes the hard test."""
    return all(len(partners[c]) == len(component) for c in component) \
        and all(classes.both_ways(c, d) for c in component for d in partners[c])


def _join(group_of: list[int], members: dict[int, list[int]], gi: int, gj: int) -> int:
    keep, drop = min(gi, gj), max(gi, gj)
    for x in members[drop]:
        group_of[x] = keep
    members[keep].extend(members.pop(drop))
    return keep


def _link_within(classes: _Classes, component: list[int], threshold: float, group_of: list[int],
                 members: dict[int, list[int]]) -> None:
    """Groups of a component in which every pair of reports is a compatible candidate: the connected
    components of the pairs scoring at least ``threshold``.  Each report is scored against the groups of the
    reports before it, member by member until one reaches the threshold."""
    groups: list[int] = []  # the groups of the reports seen so far
    for i in sorted(i for c in component for i in classes.members[c]):
        joined = None
        for g in groups:
            if any(classes.score(j, i, threshold) >= threshold for j in members[g]):
                joined = g if joined is None else _join(group_of, members, joined, g)
        if joined is None:
            groups.append(i)
        else:
            joined = _join(group_of, members, joined, i)
        groups = [g for g in groups if g in members]
        if joined is not None and joined not in groups:
            groups.append(joined)


def _merge_best_first(classes: _Classes, component: list[int], partners: list[set[int]], threshold: float,
                      group_of: list[int], members: dict[int, list[int]]) -> None:
    """Pairs that pass the hard test and score at least ``threshold``, merged best first; two groups merge
    only when every pair across them passes the hard test (complete link, checked class by class)."""
    reports = classes.reports
    scored = []
    for c in component:
        for d in partners[c]:
            if d < c:
                continue
            for i, j in classes.pairs_that_may_reach(c, d, threshold):
                s = classes.score(i, j, threshold)
                if s >= threshold:
                    scored.append((-round(s, 9), reports[i].event.id, reports[j].event.id, i, j))
    scored.sort()
    by_class: dict[int, dict[int, list[int]]] = {i: {classes.of[i]: [i]} for c in component
                                                 for i in classes.members[c]}
    for *_, i, j in scored:
        gi, gj = group_of[i], group_of[j]
        if gi == gj or not _groups_compatible(classes, by_class[gi], by_class[gj]):
            continue
        keep = _join(group_of, members, gi, gj)
        into, other = by_class[keep], by_class.pop(max(gi, gj))
        if len(other) > len(into):
            into, other = other, into
        for c, xs in other.items():
            into.setdefault(c, []).extend(xs)
        by_class[keep] = into


def _groups_compatible(classes: _Classes, a: dict[int, list[int]], b: dict[int, list[int]]) -> bool:
    """Whether the pairs of reports across two groups (their members by class) pass the hard test: all of them,
    or all but a share of at most ``complete_link.max_failing_share`` (one report dated or placed wrongly
    does not keep two large groups that agree otherwise apart; two groups of different months still fail in
    most of their pairs)."""
    pairs = sum(len(xs) for xs in a.values()) * sum(len(ys) for ys in b.values())
    allowed = int(classes.rules.raw["complete_link"]["max_failing_share"] * pairs + 1e-9)
    failing = 0
    for c, xs in a.items():
        for d, ys in b.items():
            uniform = classes.both_ways(c, d)
            if uniform is None:
                failing += sum(not classes.ok(x, y) for x in xs for y in ys)
            elif not uniform:
                failing += len(xs) * len(ys)
            if failing > allowed:
                return False
    return True


def is_weak(report: Report, rules: Rules | None = None) -> bool:
    """Placed nowhere (or only in a country or region), or dated only by its publication date: too little to
    be matched on its own."""
    place = report.main_place
    coarse = place is not None and rules is not None and rules.raw["weak_attachment"]["coarse_place_is_weak"] \
        and is_coarse(place, rules)
    return place is None or coarse or report.time_kind in ("dct", "unknown")


def _attach_weak(classes: _Classes, partners: list[set[int]], group_of: list[int],
                 members: dict[int, list[int]]) -> None:
    """Join each weak event left alone to the one happening of its block it is compatible with, if unique:
    the one group holding a compatible candidate of it, a member that is not weak, and only members it is
    compatible with, if it scores at least ``min_score`` with one of its candidates there.

    Decided against the groups as they stand before any attachment, so the order of events does not matter.
    """
    reports, rules = classes.reports, classes.rules
    min_score = float(rules.raw["weak_attachment"]["min_score"])
    weak_class = [is_weak(reports[first], rules) for first in classes.first]
    groups_of_class: list[set[int]] = [set() for _ in classes.members]
    firm: set[int] = set()  # groups with a member that is not weak
    for g, idx in members.items():
        for x in idx:
            groups_of_class[classes.of[x]].add(g)
            if not weak_class[classes.of[x]]:
                firm.add(g)
    moves: list[tuple[int, int]] = []
    for i in sorted(members, key=lambda g: reports[g].event.id):
        c = classes.of[i]
        if len(members[i]) != 1 or not weak_class[c]:
            continue
        fitting: list[tuple[int, list[int]]] = []
        seen: set[int] = set()
        for d in sorted(partners[c]):
            for g in groups_of_class[d]:
                if g == i or g in seen:
                    continue
                seen.add(g)
                candidates = [j for j in members[g] if classes.of[j] in partners[c] and classes.ok(i, j)]
                if candidates and g in firm and all(classes.ok(i, m) for m in members[g]):
                    fitting.append((g, candidates))
            if len(fitting) > 1:
                break
        if len(fitting) == 1:
            g, candidates = fitting[0]
            if max(classes.score(i, j) for j in candidates) >= min_score:
                moves.append((i, g))
    for i, g in moves:
        members[g].append(i)
        members.pop(i)
        group_of[i] = g


# ---------------------------------------------------------------------------
# the fused record


def build_happening(group: Sequence[Report], documents: dict[str, Document], rules: Rules) -> Happening:
    ordered = sorted(group, key=lambda r: (r.published or date.max, r.document_id, r.event.id))
    events = [r.event for r in ordered]
    type_counts = Counter(r.type for r in ordered)
    happening_type = max(type_counts, key=lambda t: (type_counts[t], -_first(ordered, lambda r: r.type == t)))
    modes = Counter(r.mode for r in ordered if r.mode and r.type == happening_type)
    mode = max(modes, key=lambda m: (modes[m], -_first(ordered, lambda r: r.mode == m))) if modes else None

    stances_by_report: dict[str, set[str]] = defaultdict(set)
    outlets: list[str] = []
    documents_seen: list[str] = []
    for r in ordered:
        if r.document_id not in documents_seen:
            documents_seen.append(r.document_id)
        for claim in r.event.claims:
            stances_by_report[r.independent_id].add(str(claim.stance))
            outlet = claim.outlet or _outlet(documents, claim.document_id or r.document_id)
            if outlet and outlet not in outlets:
                outlets.append(outlet)
        if not r.event.claims:
            stances_by_report[r.independent_id]  # an event without claims still counts as a report
            outlet = _outlet(documents, r.document_id)
            if outlet and outlet not in outlets:
                outlets.append(outlet)
    stances = Counter(s for held in stances_by_report.values() for s in held)
    positive = any(stances[s] for s in rules.positive_stances)
    negative = any(stances[s] for s in rules.negative_stances)
    published = [r.published for r in ordered if r.published]
    time, time_from_dct = fused_time(ordered)
    # Parties named only in denials ("AFRICOM denied any part in the strike") are not thereby placed anywhere.
    affirmed: set[str] = set()
    denied: set[str] = set()
    for e in events:
        held = {str(c.stance) for c in e.claims}
        bucket = denied if held and held <= rules.negative_stances else affirmed
        bucket.update(e.actors, e.targets, e.materiel)

    return Happening(
        type=happening_type, mode=mode,
        event_ids=[e.id for e in events],
        actors=_ranked(e.actors for e in events),
        targets=_ranked(e.targets for e in events),
        materiel=_ranked(e.materiel for e in events),
        # a place guessed for a sentence that names none counts only when no report names one
        location=most_precise([r.event.location for r in ordered if not is_guessed(r, rules)]
                              or [r.event.location for r in ordered], rules),
        origin=most_precise([r.event.origin for r in ordered], rules),
        destination=most_precise([r.event.destination for r in ordered], rules),
        time=time,
        reports=len(stances_by_report),
        outlets=outlets,
        stances=dict(sorted(stances.items())),
        contradicted=positive and negative,
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        attributes={
            "documents": documents_seen,
            "independent_reports": sorted(stances_by_report),
            "types": dict(sorted(type_counts.items())),
            "time_from_dct": time_from_dct,
            "denied_only_entities": sorted(denied - affirmed),
            # history or context in every report ("built in the 1980s"): listed only when asked for
            **({"background": True} if events and all(e.attributes.get("background") for e in events) else {}),
        },
    )


def _first(ordered: Sequence[Report], test) -> int:
    return next(i for i, r in enumerate(ordered) if test(r))


def _outlet(documents: dict[str, Document], document_id: str) -> str | None:
    doc = documents.get(document_id)
    return doc.outlet if doc is not None else None


def _ranked(lists: Iterable[list[str]]) -> list[str]:
    """Entity ids by how many events name them, first named first on ties."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for n, ids in enumerate(lists):
        for entity in dict.fromkeys(ids):
            counts[entity] = counts.get(entity, 0) + 1
            first.setdefault(entity, n)
    return sorted(counts, key=lambda e: (-counts[e], first[e], e))


def most_precise(places: Sequence[Place | None], rules: Rules) -> Place | None:
    """The finest place the reports give (a site over a town over a region), the most often given on ties."""
    given = [p for p in places if p is not None]
    if not given:
        return None
    counts: dict[str, int] = {}
    first = {}
    for n, p in enumerate(given):
        first.setdefault(p.id, (n, p))
        counts[p.id] = counts.get(p.id, 0) + 1
    best = min(first, key=lambda pid: (int(is_coarse(first[pid][1], rules)), first[pid][1].precision,
                                       -counts[pid], first[pid][0]))
    return first[best][1]


_PRECISION_BY_DAYS = ((1, Precision.DAY), (7, Precision.WEEK), (31, Precision.MONTH), (92, Precision.QUARTER),
                      (366, Precision.YEAR))


def fused_time(ordered: Sequence[Report]) -> tuple[TimeSpan | None, bool]:
    """The intersection of the reports' own spans, else the narrowest of them; publication dates only when
    no report dates the happening.  The date of a denial or a plan (``Report.statement_dated``) counts only
    when no other report dates it.  Returns (span, whether it stands on publication dates only)."""
    own_dated = [r for r in ordered if r.event.time is not None and not r.event.time_from_dct]
    own = [r.event.time for r in (([r for r in own_dated if not r.statement_dated]) or own_dated)]
    if own:
        start, end = max(s.start for s in own), min(s.end for s in own)
        narrowest = min(own, key=lambda s: ((s.end - s.start).days, s.start, s.end))
        if start > end:
            return narrowest, False
        for span in own:  # the intersection is one of the spans: keep it with its precision and text
            if span.start == start and span.end == end:
                return span, False
        days = (end - start).days + 1
        precision = next((p for limit, p in _PRECISION_BY_DAYS if days <= limit), Precision.APPROXIMATE)
        return TimeSpan(start=start, end=end, precision=precision, value=None, text=None), False
    dct = [r.event.time for r in ordered if r.event.time is not None]
    if dct:
        earliest = min(dct, key=lambda s: (s.start, s.end))
        return earliest, True
    published = sorted(r.published for r in ordered if r.published)
    if published:
        return TimeSpan(start=published[0], end=published[0], precision=Precision.DAY, anchor=published[0],
                        anchor_inferred=True), True
    return None, False


__all__ = ["fuse", "cluster", "candidate_pairs", "build_happening", "fused_time", "most_precise"]
