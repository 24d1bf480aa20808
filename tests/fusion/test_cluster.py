"""The clustering by classes of alike reports gives what comparing every pair of reports gives.

``exhaustive`` below is fusion's clustering written the plain way: every pair of reports tried against the
blocking (same type family, same or unknown country, overlapping widened windows), the hard test and the
score, the passing pairs merged best first under complete link, then the weak reports attached.  The events
are generated to make the shortcuts matter: long documents whose many events share one guessed place and no
date, listing statements, sites a few km apart across a border, coarse places, undated and publication-dated
reports, syndicated copies, modes that one type groups and another does not.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import random
from collections import defaultdict
from datetime import date, timedelta

import pytest

from garrison.fusion import cluster as cluster_module
from garrison.fusion.cluster import ANY_COUNTRY, candidate_pairs, cluster, country_keys, is_weak, listed_sites
from garrison.fusion import fuse, presence
from garrison.fusion.compare import (
    comparison_key, compatible, kinds_compatible, place_key, place_score, place_time_score, places_compatible,
    read_report, score, shared_keys, times_compatible, unshared_score_bound,
)
from garrison.fusion.rules import Rules, load_rules
from garrison.model import Claim, Document, Event, Evidence, Place, Precision, Stance, TimeSpan

from .builders import (
    AFRICA_CORPS, AFRICOM, AIR_BASE_101, AL_JUFRA, AL_KHADIM, AN_124, BAMAKO, BENGHAZI, CYRENAICA, HMEIMIM, IL_76,
    LIBYA, MALI, RU_AEROSPACE, RUSSIA, S_400, T_72, TARTUS,
)

RULES = load_rules()
# Two sites 3 km apart on either side of a border: compatible, although their countries differ.
BORDER_WEST = Place(id="test:border-west", name="West Post", lat=20.0, lon=10.0, feature="airbase", country="NE",
                    precision=1)
BORDER_EAST = Place(id="test:border-east", name="East Post", lat=20.0, lon=10.028, feature="airbase", country="TD",
                    precision=1)
SAHEL = Place(id="overlay:sahel", name="Sahel", lat=15.0, lon=3.0, feature="region", precision=3)
PLACES = [AL_KHADIM, AL_JUFRA, BENGHAZI, LIBYA, CYRENAICA, MALI, TARTUS, HMEIMIM, AIR_BASE_101, BAMAKO, BORDER_WEST,
          BORDER_EAST, SAHEL, None]
KINDS = [("REJECT", "refuse"), ("DEPLOY", "deployment"), ("TRANSFER", "delivery"), ("TRANSFER", "sale"),
         ("RETREAT", "withdrawal"), ("BASE_PRESENCE", "withdrawal"), ("BASE_PRESENCE", "access"),
         ("ASSAULT", "air/drone strike"), ("FIGHT", "armed clash"), ("CONSTRUCTION", None), ("MOBILIZE", None)]
PARTIES = [RU_AEROSPACE, AFRICA_CORPS, AFRICOM, RUSSIA, "mil_unit:russian-armed-forces", "armed_group:jnim",
           "norp:russian"]
KIT = [IL_76, AN_124, S_400, T_72]
WORDS = "drone strike convoy base hangar runway troops armour column airlift freighter radar battery".split()


def generated(n_events: int, seed: int) -> tuple[list[Event], dict[str, Document]]:
    """Events of a few long documents and many short ones.  Most events take one of a few dozen settings
    (type, mode, places, time, whether the place is the report's guess), so that many share all of them;
    parties, materiel, words and documents vary freely."""
    rng = random.Random(seed)
    documents: dict[str, Document] = {}
    for k in range(max(4, n_events // 12)):
        published = None if k % 9 == 0 else date(2024, 3, 1) + timedelta(days=rng.randrange(150))
        duplicate_of = f"d{k - 1}" if k % 7 == 3 else None
        documents[f"d{k}"] = Document(text=f"report {k}", id=f"d{k}", outlet=f"Outlet {k % 5}", published=published,
                                      duplicate_of=duplicate_of, similarity=0.95 if duplicate_of else None)
    long_documents = list(documents)[:3]

    def setting():
        type_, mode = rng.choice(KINDS)
        place = rng.choice(PLACES)
        roll = rng.random()
        if roll < 0.35:
            time = None  # undated: the publication date stands in, or nothing does
        elif roll < 0.7:
            first = date(2024, rng.choice((3, 4, 5, 6)), 1)
            time = TimeSpan(first, first + timedelta(days=27), Precision.MONTH)
        else:
            day = date(2024, 3, 1) + timedelta(days=rng.randrange(0, 150, 5))
            time = TimeSpan(day, day, Precision.DAY)
        return (type_, mode if rng.random() < 0.9 else None, place, rng.choice((None, None, None, TARTUS)),
                type_ in ("DEPLOY", "TRANSFER") and rng.random() < 0.5, time,
                place is not None and rng.random() < 0.3, rng.random() < 0.06)

    settings = [setting() for _ in range(40)]
    events: list[Event] = []
    brief = Document(text="a long brief", id="brief", outlet="Brief", published=None)
    documents[brief.id] = brief
    while len(events) < n_events:
        if rng.random() < 0.15:  # a long undated brief: its protests placed by guess, all compatible
            place = rng.choice((AL_JUFRA, AL_JUFRA, BENGHAZI, None))
            words = " ".join(rng.sample(WORDS, 4))
            offset = 100 * len(events)
            events.append(Event(
                type="PROTEST", document_id=brief.id, trigger="protested", actors=rng.sample(PARTIES, 1),
                location=place, attributes={"location_basis": "document"} if place else {},
                claims=[Claim(event_id="", document_id=brief.id, outlet=brief.outlet, stance=Stance.ASSERTED,
                              evidence=[Evidence(offset, offset + len(words), words)])]))
            continue
        doc_id = rng.choice(long_documents) if rng.random() < 0.5 else rng.choice(list(documents))
        document = documents[doc_id]
        common = rng.random() < 0.7
        type_, mode, place, origin, to_place, time, guessed, listing = (
            settings[min(int(rng.expovariate(0.25)), 39)] if common else setting())
        from_dct = False
        if time is None and document.published is not None:
            time, from_dct = TimeSpan(document.published, document.published, Precision.DAY,
                                      anchor=document.published), True
        words = " ".join(rng.sample(WORDS, rng.randrange(3, 8)))
        offset = 100 * len(events)
        for site in ([AL_KHADIM, AL_JUFRA, BENGHAZI] if listing else [place]):
            event = Event(
                type=type_, document_id=doc_id, mode=mode, trigger="verb",
                actors=rng.sample(PARTIES, rng.choice((0, 1, 1, 2))), targets=rng.sample(PARTIES, rng.choice((0, 0, 1))),
                materiel=rng.sample(KIT, rng.choice((0, 0, 1, 2))), location=site, origin=origin,
                destination=site if to_place else None, time=time, time_from_dct=from_dct,
                claims=[Claim(event_id="", document_id=doc_id, outlet=document.outlet, stance=Stance.ASSERTED,
                              evidence=[Evidence(offset, offset + len(words), words)])])
            if listing:
                event.attributes["coordinated_sites"] = ["al-Khadim", "Jufra", "Benghazi"]
            elif guessed:
                event.attributes["location_basis"] = "document"
            events.append(event)
    return events, documents


def reports_of(events, documents, rules=RULES):
    sites = listed_sites(events, rules)
    reports = sorted((read_report(e, documents, rules, sites.get(e.id, ())) for e in events), key=lambda r: r.event.id)
    return cluster_module._unique_events(reports)


def blocked_together(a, b, rules=RULES) -> bool:
    """The blocking, pair by pair: same type family, a country in common or an unknown one, widened windows
    overlapping."""
    if rules.family(a.type) != rules.family(b.type):
        return False
    ka, kb = set(country_keys(a, rules)), set(country_keys(b, rules))
    if not ka & kb and ANY_COUNTRY not in ka | kb:
        return False
    sa, sb = rules.slack_days(a.type), rules.slack_days(b.type)
    return a.start - sa <= b.end + sb and b.start - sb <= a.end + sa


def exhaustive(reports, rules=RULES):
    """Fusion's clustering over every pair of reports: (groups as lists of event ids, weak reports attached)."""
    threshold = rules.value("merge_threshold")
    scored, neighbours = [], defaultdict(list)
    for i in range(len(reports)):
        for j in range(i + 1, len(reports)):
            a, b = reports[i], reports[j]
            if blocked_together(a, b, rules) and compatible(a, b, rules):
                s = score(a, b, rules)
                neighbours[i].append((j, s))
                neighbours[j].append((i, s))
                if s >= threshold:
                    scored.append((-round(s, 9), a.event.id, b.event.id, i, j))
    scored.sort()
    group_of = list(range(len(reports)))
    members = {i: [i] for i in range(len(reports))}

    def ok(i, j):
        return compatible(reports[min(i, j)], reports[max(i, j)], rules)

    def linked(xs, ys):  # complete link, up to the share of failing pairs the rules allow
        allowed = rules.raw["complete_link"]["max_failing_share"] * len(xs) * len(ys) + 1e-9
        failing = 0
        for x in xs:
            for y in ys:
                failing += not ok(x, y)
                if failing > allowed:
                    return False
        return True

    for *_, i, j in scored:
        gi, gj = group_of[i], group_of[j]
        if gi != gj and linked(members[gi], members[gj]):
            keep, drop = min(gi, gj), max(gi, gj)
            for x in members[drop]:
                group_of[x] = keep
            members[keep].extend(members.pop(drop))
    weak = [is_weak(r, rules) for r in reports]
    moves = []
    for i in sorted(members, key=lambda g: reports[g].event.id):
        if len(members[i]) != 1 or not weak[i]:
            continue
        best = {}
        for j, s in neighbours[i]:
            if group_of[j] != group_of[i]:
                best[group_of[j]] = max(best.get(group_of[j], float("-inf")), s)
        fitting = [g for g in best if any(not weak[m] for m in members[g]) and all(ok(i, m) for m in members[g])]
        if len(fitting) == 1 and best[fitting[0]] >= float(rules.raw["weak_attachment"]["min_score"]):
            moves.append((i, fitting[0]))
    for i, g in moves:
        members[g].append(i)
        members.pop(i)
    groups = [[reports[i].event.id for i in sorted(idx)] for _, idx in sorted(members.items())]
    return groups, len(moves)


def _asymmetric_rules() -> Rules:
    """The shipped rules with one change that makes the hard test depend on which report comes first: RETREAT
    groups "access" with "withdrawal", BASE_PRESENCE keeps them apart (a cross-type pair reads both modes in the
    groups of the later report's type first)."""
    raw = copy.deepcopy(RULES.raw)
    raw["mode_groups"]["RETREAT"] = [["withdrawal", "access"]]
    return Rules(raw, RULES.presence)


@pytest.mark.parametrize("seed, asymmetric", [(1, False), (2, False), (5, False), (4, True)])
def test_clustering_by_classes_equals_every_pair_compared(seed, asymmetric):
    rules = _asymmetric_rules() if asymmetric else RULES
    reports = reports_of(*generated(420, seed), rules)
    expected, attached = exhaustive(reports, rules)
    got = [[r.event.id for r in group] for group in cluster(reports, rules)]
    assert got == expected
    # the generated events exercise what the shortcuts skip: big groups, weak reports attached, singletons
    assert max(len(g) for g in expected) >= 20 and attached and sum(len(g) == 1 for g in expected) >= 10
    classes = cluster_module._Classes(reports, rules)
    partners = classes.candidate_partners()
    linked = [c for c in cluster_module._components(partners) if len(c) > 1 and cluster_module._all_pairs_compatible(
        classes, c, partners)]
    assert linked and len(cluster_module._components(partners)) > len(linked)  # both ways of merging used
    if asymmetric:
        assert any(classes.both_ways(c, d) is None for c in range(len(classes.members)) for d in partners[c])


def test_sweep_yields_exactly_the_blocked_pairs():
    reports = reports_of(*generated(300, 4))
    brute = {(i, j) for i in range(len(reports)) for j in range(i + 1, len(reports))
             if blocked_together(reports[i], reports[j])}
    assert set(candidate_pairs(reports, RULES)) == brute


def test_reports_of_one_class_compare_alike():
    """What the classes rest on: two reports with one comparison key pass the hard test with the same reports,
    either way round, and score the same for place and time."""
    reports = reports_of(*generated(300, 5))
    first: dict[tuple, int] = {}
    for i, r in enumerate(reports):
        first.setdefault(comparison_key(r, RULES), i)
    rng = random.Random(5)
    shared = 0
    for _ in range(4000):
        x, y = rng.randrange(len(reports)), rng.randrange(len(reports))
        fx, fy = (first[comparison_key(reports[k], RULES)] for k in (x, y))
        shared += fx != x or fy != y
        for a, b, ca, cb in ((x, y, fx, fy), (y, x, fy, fx)):
            assert compatible(reports[a], reports[b], RULES) == compatible(reports[ca], reports[cb], RULES)
            assert place_time_score(reports[a], reports[b], RULES) == place_time_score(reports[ca], reports[cb], RULES)
            assert score(reports[a], reports[b], RULES) == score(
                reports[a], reports[b], RULES, place_time_score(reports[ca], reports[cb], RULES))
    assert shared > 1000 and len(first) < len(reports) / 2


def test_a_long_report_of_alike_events_is_not_scored_pair_by_pair(monkeypatch):
    """1,500 denials of one report, all placed by the report's guess and undated (a 1 MB brief gives that):
    all compatible, so every pair used to be scored (1.1 million); connected through the first ones, they
    need a few scores each."""
    document = Document(text="a long brief", id="brief", outlet="Brief", published=None)
    events = []
    for k in range(1500):
        words = f"officials denied the reports about the base convoy {k % 40}"
        events.append(Event(type="REJECT", document_id="brief", mode="refuse", trigger="denied",
                            actors=[PARTIES[k % 3]], location=AL_JUFRA, attributes={"location_basis": "document"},
                            claims=[Claim(event_id="", document_id="brief", outlet="Brief", stance=Stance.ASSERTED,
                                          evidence=[Evidence(100 * k, 100 * k + len(words), words)])]))
    reports = reports_of(events, {"brief": document})
    calls = 0
    real_score = cluster_module.score

    def counted(*args, **kwargs):
        nonlocal calls
        calls += 1
        return real_score(*args, **kwargs)

    monkeypatch.setattr(cluster_module, "score", counted)
    groups = cluster(reports, RULES)
    assert sum(len(g) for g in groups) == 1500 and len(groups) < 10
    assert calls < 10 * len(reports)


def _variants(report):
    """The report with one thing the comparison may read changed."""
    yield dataclasses.replace(report, type="DEPLOY" if report.type != "DEPLOY" else "TRANSFER")
    yield dataclasses.replace(report, mode=None if report.mode else "withdrawal")
    for kind in ("day", "week", "month", "dct", "unknown"):
        yield dataclasses.replace(report, time_kind=kind)
    yield dataclasses.replace(report, start=report.start - 40)
    yield dataclasses.replace(report, end=report.end + 40)
    for name in ("location", "origin", "destination"):
        for place in (None, AL_KHADIM, BAMAKO, LIBYA, BORDER_EAST):
            yield dataclasses.replace(report, **{name: place})
        if getattr(report, name) is not None:
            yield dataclasses.replace(report, **{name: dataclasses.replace(getattr(report, name), precision=3)})
    yield dataclasses.replace(report, sites=(AL_KHADIM, AL_JUFRA) if not report.sites else ())
    basis = {} if report.event.attributes.get("location_basis") else {"location_basis": "document"}
    yield dataclasses.replace(report, event=dataclasses.replace(report.event, attributes=basis))


def test_the_comparison_key_holds_everything_the_comparison_reads():
    """A report changed in anything that changes its hard test, its blocking or its place-and-time score
    against some other report has another comparison key."""
    reports = reports_of(*generated(200, 6))
    others = reports[::4]
    for report in reports[:40]:
        for variant in _variants(report):
            if comparison_key(variant, RULES) != comparison_key(report, RULES):
                continue
            assert country_keys(variant, RULES) == country_keys(report, RULES)
            assert RULES.family(variant.type) == RULES.family(report.type)
            for other in others:
                for read in (compatible, place_time_score):
                    assert read(variant, other, RULES) == read(report, other, RULES)
                    assert read(other, variant, RULES) == read(other, report, RULES)


def test_a_pair_cut_short_below_the_threshold_is_one_that_would_not_reach_it():
    # score(…, at_least=t) skips the texts' word overlap where nothing could lift the pair to t
    threshold = RULES.value("merge_threshold")
    reports = reports_of(*generated(200, 5))
    cut = 0
    for i in range(0, len(reports), 3):
        for j in range(i + 1, min(i + 40, len(reports))):
            a, b = reports[i], reports[j]
            full, short = score(a, b, RULES), score(a, b, RULES, at_least=threshold)
            assert (short >= threshold) == (full >= threshold)
            if full >= threshold:
                assert short == full
            cut += short != full
    assert cut > 0  # the shortcut was taken


def test_pairs_left_unscored_are_pairs_that_would_not_reach_the_threshold():
    # where a pair of classes cannot reach the threshold without a shared party, materiel or original report,
    # only the pairs sharing one are scored
    threshold = RULES.value("merge_threshold")
    reports = reports_of(*generated(420, 2))
    classes = cluster_module._Classes(reports, RULES)
    partners = classes.candidate_partners()
    left_out = 0
    for c in range(len(classes.members)):
        for d in partners[c]:
            if d < c:
                continue
            kept = set(classes.pairs_that_may_reach(c, d, threshold))
            every = set(classes.pairs(c, d))
            assert kept <= every
            for i, j in every - kept:
                assert not shared_keys(reports[i]) & shared_keys(reports[j])
                assert score(reports[i], reports[j], RULES) < threshold
            left_out += len(every - kept)
    assert left_out > 500


def test_a_pair_sharing_nothing_scores_at_most_the_unshared_bound():
    reports = reports_of(*generated(300, 3))
    rng = random.Random(3)
    unshared = 0
    for _ in range(3000):
        a, b = rng.sample(reports, 2)
        if shared_keys(a) & shared_keys(b):
            continue
        unshared += 1
        assert score(a, b, RULES) <= unshared_score_bound(a, b, RULES) + 1e-9
    assert unshared > 1000


def test_the_place_key_holds_everything_the_place_comparison_reads():
    """A report changed in anything that changes how its places compare or score against some other report
    has another place key (fusion compares the places of two classes once per pair of place keys)."""
    reports = reports_of(*generated(200, 7))
    others = reports[::4]
    changed = 0
    for report in reports[:40]:
        for variant in _variants(report):
            if place_key(variant, RULES) != place_key(report, RULES):
                changed += 1
                continue
            for other in others:
                for read in (places_compatible, place_score):
                    assert read(variant, other, RULES) == read(report, other, RULES)
                    assert read(other, variant, RULES) == read(other, report, RULES)
    assert changed > 100


def test_the_hard_test_is_its_kinds_places_and_times_parts():
    reports = reports_of(*generated(200, 8))
    rng = random.Random(8)
    passed = 0
    for _ in range(3000):
        a, b = rng.sample(reports, 2)
        parts = (kinds_compatible(a, b, RULES), places_compatible(a, b, RULES), times_compatible(a, b, RULES))
        assert compatible(a, b, RULES) == all(parts)
        passed += all(parts)
    assert 0 < passed < 3000


def test_fusion_leaves_the_garbage_collector_as_it_found_it():
    events, documents = generated(60, 9)
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            happenings = fuse(events, documents)
            presence(happenings, events, documents)
            assert gc.isenabled() == enabled
        gc.enable()
        with pytest.raises(AttributeError):
            fuse([object()], documents)  # not an event: fusion fails, and the collector runs again
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
