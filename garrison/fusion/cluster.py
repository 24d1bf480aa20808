"""Fuse extracted events into happenings: one record per real-world happening, with its reports counted.

Candidate pairs are never all pairs: events are blocked by type family (types that may report one happening)
and by country, and within a block a sweep over time windows compares only events whose windows (widened by
the type's slack) overlap.  Pairs that pass the hard test and score at least the merge threshold are merged
best first; two groups merge only when every cross pair passes the hard test (so a vague "2024" report cannot
chain a June strike to a December one).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from garrison.fusion.compare import Report, compatible, is_coarse, is_guessed, read_report, score
from garrison.fusion.rules import Rules, load_rules
from garrison.model import Document, Event, Happening, Place, Precision, TimeSpan

ANY_COUNTRY = "*"


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


def country_key(report: Report, rules: Rules) -> str:
    place = report.main_place
    if place is None or not place.country or is_guessed(report, rules):
        return ANY_COUNTRY  # compared with every country: a guessed place bars no happening elsewhere
    return place.country


def candidate_pairs(reports: Sequence[Report], rules: Rules) -> Iterable[tuple[int, int]]:
    """Index pairs (i < j) worth comparing: same type family, same or unknown country, overlapping windows."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        blocks[(rules.family(r.type), country_key(r, rules))].append(i)
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


def cluster(reports: Sequence[Report], rules: Rules) -> list[list[Report]]:
    threshold = rules.value("merge_threshold")
    scored = []
    neighbours: dict[int, list[tuple[int, float]]] = defaultdict(list)  # compatible candidates, any score
    for i, j in set(candidate_pairs(reports, rules)):
        a, b = reports[i], reports[j]
        if compatible(a, b, rules):
            s = score(a, b, rules)
            neighbours[i].append((j, s))
            neighbours[j].append((i, s))
            if s >= threshold:
                scored.append((-round(s, 9), a.event.id, b.event.id, i, j))
    scored.sort()

    group_of = list(range(len(reports)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    hard_ok: dict[tuple[int, int], bool] = {}

    def ok(i: int, j: int) -> bool:
        key = (min(i, j), max(i, j))
        if key not in hard_ok:
            hard_ok[key] = compatible(reports[i], reports[j], rules)
        return hard_ok[key]

    for *_, i, j in scored:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if not all(ok(x, y) for x in members[gi] for y in members[gj]):
            continue
        keep, drop = min(gi, gj), max(gi, gj)
        for x in members[drop]:
            group_of[x] = keep
        members[keep].extend(members.pop(drop))

    _attach_weak(reports, rules, group_of, members, neighbours, ok)
    return [[reports[i] for i in sorted(idx)] for _, idx in sorted(members.items())]


def is_weak(report: Report, rules: Rules | None = None) -> bool:
    """Placed nowhere (or only in a country or region), or dated only by its publication date: too little to
    be matched on its own."""
    place = report.main_place
    coarse = place is not None and rules is not None and rules.raw["weak_attachment"]["coarse_place_is_weak"] \
        and is_coarse(place, rules)
    return place is None or coarse or report.time_kind in ("dct", "unknown")


def _attach_weak(reports, rules, group_of, members, neighbours, ok) -> None:
    """Join each weak event left alone to the one happening of its block it is compatible with, if unique.

    Decided against the groups as they stand before any attachment, so the order of events does not matter.
    """
    min_score = float(rules.raw["weak_attachment"]["min_score"])
    moves: list[tuple[int, int]] = []
    weak = {i: is_weak(reports[i], rules) for i in range(len(reports))}
    for i in sorted(members, key=lambda g: reports[g].event.id):
        if len(members[i]) != 1 or not weak[i]:
            continue
        best: dict[int, float] = {}
        for j, s in neighbours.get(i, ()):
            g = group_of[j]
            if g == group_of[i]:
                continue
            best[g] = max(best.get(g, float("-inf")), s)
        fitting = [g for g in best
                   if any(not weak[m] for m in members[g]) and all(ok(i, m) for m in members[g])]
        if len(fitting) == 1 and best[fitting[0]] >= min_score:
            moves.append((i, fitting[0]))
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
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for n, ids in enumerate(lists):
        for entity in dict.fromkeys(ids):
            counts[entity] += 1
            first.setdefault(entity, n)
    return sorted(counts, key=lambda e: (-counts[e], first[e], e))


def most_precise(places: Sequence[Place | None], rules: Rules) -> Place | None:
    """The finest place the reports give (a site over a town over a region), the most often given on ties."""
    given = [p for p in places if p is not None]
    if not given:
        return None
    counts = Counter(p.id for p in given)
    first = {}
    for n, p in enumerate(given):
        first.setdefault(p.id, (n, p))
    best = min(first, key=lambda pid: (int(is_coarse(first[pid][1], rules)), first[pid][1].precision,
                                       -counts[pid], first[pid][0]))
    return first[best][1]


_PRECISION_BY_DAYS = ((1, Precision.DAY), (7, Precision.WEEK), (31, Precision.MONTH), (92, Precision.QUARTER),
                      (366, Precision.YEAR))


def fused_time(ordered: Sequence[Report]) -> tuple[TimeSpan | None, bool]:
    """The intersection of the reports' own spans, else the narrowest of them; publication dates only when
    no report dates the happening.  Returns (span, whether it stands on publication dates only)."""
    own = [r.event.time for r in ordered if r.event.time is not None and not r.event.time_from_dct]
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
