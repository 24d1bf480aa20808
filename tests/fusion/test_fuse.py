"""Fusing reports of events into happenings: what counts as one happening, and how it is counted."""

from __future__ import annotations

import copy
import random
from datetime import date

import pytest

from garrison.fusion import fuse
from garrison.fusion.rules import Rules, load_rules
from garrison.model import Precision, Stance
from .builders import (
    AFRICOM, AIR_BASE_101, AL_JUFRA, AL_KHADIM, BENGHAZI, HMEIMIM, IL_76, LIBYA, MALI, RU_AEROSPACE, RUSSIA, S_400,
    TARTUS,
    day, doc, event, index, month, year,
)

STRIKE = "air/drone strike"
RULES = load_rules()


@pytest.fixture
def il76_reports():
    rfi = doc("rfi-khadim", "RFI", date(2024, 11, 21))
    copy = doc("lo-khadim", "Libya Observer", date(2024, 11, 22), duplicate_of="rfi-khadim")
    review = doc("lr-khadim", "Libya Review", date(2024, 11, 23))
    mil_africa = doc("ma-khadim", "Military Africa", date(2024, 6, 14))
    events = [
        event(rfi, "ASSAULT", "A drone hit a Russian Il-76 freighter parked on the apron of al-Khadim air base "
              "last June, the broadcaster learned from Libyan officers.", mode=STRIKE, stance=Stance.REPORTED,
              targets=[RU_AEROSPACE], materiel=[IL_76], location=AL_KHADIM, time=month(2024, 6)),
        event(rfi, "ASSAULT", "A second freighter of the same model was struck on the runway at Jufra last "
              "December.", mode=STRIKE, stance=Stance.REPORTED, targets=[RU_AEROSPACE], materiel=[IL_76],
              location=AL_JUFRA, time=month(2023, 12), offset=300),
        event(copy, "ASSAULT", "A drone hit a Russian Il-76 freighter parked on the apron of al-Khadim air base "
              "last June, the French broadcaster learned.", mode=STRIKE, stance=Stance.REPORTED,
              targets=[RU_AEROSPACE], materiel=[IL_76], location=AL_KHADIM, time=month(2024, 6)),
        event(review, "ASSAULT", "The Ilyushin cargo plane was damaged by a drone in eastern Libya in June, "
              "sources told Libya Review.", mode=STRIKE, stance=Stance.REPORTED, targets=[RU_AEROSPACE],
              materiel=[IL_76], location=LIBYA, time=month(2024, 6)),
        event(mil_africa, "ASSAULT", "Imagery from 11 June shows a scorched Il-76 beside a hangar at al-Khadim.",
              mode=STRIKE, stance=Stance.ASSERTED, targets=[RU_AEROSPACE], materiel=[IL_76], location=AL_KHADIM,
              time=day(2024, 6, 11)),
        event(mil_africa, "ASSAULT", "AFRICOM denied that American forces took any part in the strike at "
              "al-Khadim.", mode=STRIKE, stance=Stance.DENIED, actors=[AFRICOM], targets=[RU_AEROSPACE],
              location=AL_KHADIM, offset=200),
    ]
    return events, index(rfi, copy, review, mil_africa)


def _by_place(happenings):
    return {h.location.id: h for h in happenings}


def test_reports_of_one_strike_fuse_into_one_happening(il76_reports):
    events, documents = il76_reports
    happenings = fuse(events, documents)
    assert len(happenings) == 2  # al-Khadim in June 2024, Jufra in December 2023
    khadim = _by_place(happenings)[AL_KHADIM.id]
    assert len(khadim.event_ids) == 5
    assert khadim.type == "ASSAULT" and khadim.mode == STRIKE


def test_a_syndicated_copy_counts_once_with_its_original(il76_reports):
    events, documents = il76_reports
    khadim = _by_place(fuse(events, documents))[AL_KHADIM.id]
    assert khadim.reports == 3  # RFI (with the Libya Observer copy), Libya Review, Military Africa
    assert khadim.attributes["independent_reports"] == ["lr-khadim", "ma-khadim", "rfi-khadim"]
    assert khadim.outlets == ["Military Africa", "RFI", "Libya Observer", "Libya Review"]
    assert khadim.stances == {"asserted": 1, "denied": 1, "reported": 2}


def test_a_denial_makes_the_happening_contradicted(il76_reports):
    events, documents = il76_reports
    fused = _by_place(fuse(events, documents))
    assert fused[AL_KHADIM.id].contradicted is True
    assert fused[AL_JUFRA.id].contradicted is False
    without_denial = [e for e in events if e.claims[0].stance != Stance.DENIED]
    assert _by_place(fuse(without_denial, documents))[AL_KHADIM.id].contradicted is False


def test_the_fused_place_and_time_are_the_most_precise_the_reports_give(il76_reports):
    events, documents = il76_reports
    khadim = _by_place(fuse(events, documents))[AL_KHADIM.id]
    assert khadim.location.id == AL_KHADIM.id  # not "eastern Libya"
    assert (khadim.time.start, khadim.time.end, khadim.time.precision) == (date(2024, 6, 11), date(2024, 6, 11),
                                                                          Precision.DAY)
    assert (khadim.first_reported, khadim.last_reported) == (date(2024, 6, 14), date(2024, 11, 23))
    assert khadim.targets == [RU_AEROSPACE] and khadim.materiel == [IL_76]


def test_two_strikes_at_one_base_months_apart_are_two_happenings():
    june = doc("a", "RFI", date(2024, 6, 20))
    december = doc("b", "Libya Review", date(2024, 12, 22))
    vague = doc("c", "Military Africa", date(2025, 1, 5))
    events = [
        event(june, "ASSAULT", "A drone struck a Russian transport at al-Khadim on 11 June.", mode=STRIKE,
              targets=[RU_AEROSPACE], materiel=[IL_76], location=AL_KHADIM, time=day(2024, 6, 11)),
        event(december, "ASSAULT", "A drone struck a Russian transport at al-Khadim on 20 December.",
              mode=STRIKE, targets=[RU_AEROSPACE], materiel=[IL_76], location=AL_KHADIM, time=day(2024, 12, 20)),
        event(vague, "ASSAULT", "Russian transports at al-Khadim were struck by drones in 2024.", mode=STRIKE,
              targets=[RU_AEROSPACE], materiel=[IL_76], location=AL_KHADIM, time=year(2024)),
    ]
    happenings = fuse(events, index(june, december, vague))
    assert len(happenings) == 2
    # the year-precision report may join one of them, never bridge the two
    for h in happenings:
        assert not {events[0].id, events[1].id} <= set(h.event_ids)


def test_the_same_strike_at_two_different_bases_is_not_fused():
    a, b = doc("a", "RFI", date(2024, 6, 20)), doc("b", "Libya Review", date(2024, 6, 21))
    events = [
        event(a, "ASSAULT", "A drone struck a Russian transport at al-Khadim.", mode=STRIKE, materiel=[IL_76],
              location=AL_KHADIM, time=day(2024, 6, 11)),
        event(b, "ASSAULT", "A drone struck a Russian transport at Jufra.", mode=STRIKE, materiel=[IL_76],
              location=AL_JUFRA, time=day(2024, 6, 11)),
    ]
    assert len(fuse(events, index(a, b))) == 2


def test_a_town_near_a_base_is_compatible_with_it():
    a, b = doc("a", "RFI", date(2024, 6, 20)), doc("b", "Libya Review", date(2024, 6, 21))
    # al-Khadim lies ~100 km from Benghazi: "near Benghazi" (a town) is too far to be the base itself.
    events = [
        event(a, "ASSAULT", "A drone struck a Russian transport at al-Khadim.", mode=STRIKE, materiel=[IL_76],
              targets=[RU_AEROSPACE], location=AL_KHADIM, time=day(2024, 6, 11)),
        event(b, "ASSAULT", "A drone struck a Russian transport in Benghazi.", mode=STRIKE, materiel=[IL_76],
              targets=[RU_AEROSPACE], location=BENGHAZI, time=day(2024, 6, 11)),
    ]
    assert len(fuse(events, index(a, b))) == 2


def test_redeployment_to_libya_and_to_a_base_in_libya_is_one_happening():
    a = doc("opex", "Opex360", date(2025, 1, 20))
    b = doc("nova", "Agenzia Nova", date(2024, 12, 19))
    c = doc("wsj", "Wall Street Journal", date(2024, 12, 20))
    events = [
        event(a, "DEPLOY", "Russia moved air-defence systems from Tartus to Libya in December.",
              mode="redeployment", actors=[RUSSIA], materiel=[S_400], origin=TARTUS, destination=LIBYA,
              time=month(2024, 12)),
        event(b, "DEPLOY", "Systems shipped out of Tartus were unloaded at al-Khadim on 18 December.",
              mode="redeployment", actors=[RUSSIA], materiel=[S_400], origin=TARTUS, destination=AL_KHADIM,
              time=day(2024, 12, 18)),
        # another move that month, but to Mali and from Hmeimim: a different happening
        event(c, "DEPLOY", "Russian aircraft flew from Hmeimim to Mali in December.", mode="redeployment",
              actors=[RU_AEROSPACE], origin=HMEIMIM, destination=MALI, time=month(2024, 12)),
    ]
    happenings = fuse(events, index(a, b, c))
    assert len(happenings) == 2
    (move,) = [h for h in happenings if len(h.event_ids) == 2]
    assert move.destination.id == AL_KHADIM.id and move.origin.id == TARTUS.id
    assert move.time.start == date(2024, 12, 18)


def test_different_origins_keep_two_moves_apart():
    a, b = doc("a", "RFI", date(2024, 12, 20)), doc("b", "Libya Review", date(2024, 12, 21))
    events = [
        event(a, "DEPLOY", "Russia moved equipment from Tartus to Libya.", mode="redeployment", actors=[RUSSIA],
              origin=TARTUS, destination=LIBYA, time=month(2024, 12)),
        event(b, "DEPLOY", "Russia moved equipment from Hmeimim to Libya.", mode="redeployment", actors=[RUSSIA],
              origin=HMEIMIM, destination=LIBYA, time=month(2024, 12)),
    ]
    assert len(fuse(events, index(a, b))) == 2


def test_undated_unplaced_reports_of_one_actor_stay_apart():
    a, b = doc("a", "RFI", date(2024, 12, 20)), doc("b", "Libya Review", date(2024, 12, 21))
    events = [
        event(a, "DEPLOY", "Russia is sending troops.", actors=[RUSSIA]),
        event(b, "DEPLOY", "Russia has reinforced its contingent.", actors=[RUSSIA]),
    ]
    assert len(fuse(events, index(a, b))) == 2


def test_fusion_is_deterministic(il76_reports):
    events, documents = il76_reports
    expected = [h.to_dict() for h in fuse(events, documents)]
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        assert [h.to_dict() for h in fuse(shuffled, documents)] == expected


def test_an_event_given_twice_is_counted_once(il76_reports):
    events, documents = il76_reports
    assert [h.to_dict() for h in fuse(events + events[:2], documents)] == [h.to_dict() for h in fuse(events, documents)]


def _strike(document, where, when, sentence="Drones struck the base.", **kw):
    return event(document, "ASSAULT", sentence, mode=STRIKE, targets=[RU_AEROSPACE], materiel=[IL_76],
                 location=where, time=when, **kw)


def test_an_undated_unplaced_report_joins_the_only_happening_it_fits():
    a, b = doc("a", "RFI", date(2024, 6, 12)), doc("b", "Libya Review", date(2024, 6, 13))
    vague = doc("c", "Military Africa", date(2024, 6, 14))
    events = [_strike(a, AL_KHADIM, day(2024, 6, 11)), _strike(b, AL_KHADIM, day(2024, 6, 11)),
              event(vague, "ASSAULT", "Russian aircraft came under attack, a source said.", targets=[RU_AEROSPACE])]
    happenings = fuse(events, index(a, b, vague))
    assert len(happenings) == 1 and happenings[0].reports == 3


def test_an_undated_unplaced_report_stays_alone_when_two_happenings_fit():
    a, b = doc("a", "RFI", date(2024, 6, 12)), doc("b", "Libya Review", date(2024, 6, 13))
    vague = doc("c", "Military Africa", date(2024, 6, 14))
    events = [_strike(a, AL_KHADIM, day(2024, 6, 11)), _strike(b, AL_JUFRA, day(2024, 6, 10)),
              event(vague, "ASSAULT", "Russian aircraft came under attack, a source said.", targets=[RU_AEROSPACE])]
    happenings = fuse(events, index(a, b, vague))
    assert len(happenings) == 3


def test_happenings_round_trip_through_json(il76_reports):
    import json

    from garrison.model import Happening

    events, documents = il76_reports
    for h in fuse(events, documents):
        again = Happening.from_dict(json.loads(json.dumps(h.to_dict())))
        assert again == h and again.attributes["independent_reports"] == h.attributes["independent_reports"]


# --- reading parties, places and listing statements ----------------------------------------------------------

def _without(section: str, key: str):
    """The shipped rules with one switch turned off: what fusion did before that reading."""
    import copy

    from garrison.fusion.rules import Rules, load_rules

    rules = load_rules()
    raw = copy.deepcopy(rules.raw)
    raw[section][key]["value"] = False
    return Rules(raw, rules.presence)


def _without_switch(section: str):
    import copy

    from garrison.fusion.rules import Rules, load_rules

    rules = load_rules()
    raw = copy.deepcopy(rules.raw)
    raw[section]["value"] = False
    return Rules(raw, rules.presence)


def test_a_city_and_a_demonym_named_as_parties_are_the_state_they_stand_for():
    a = doc("a", "Agenzia Nova", date(2024, 12, 10))
    b = doc("b", "Bloomberg", date(2024, 12, 12))
    events = [
        event(a, "DEPLOY", "Moscow flew air-defence crews to al-Khadim in December.",
              actors=["gpe:moscow"], destination=AL_KHADIM, time=month(2024, 12)),
        event(b, "DEPLOY", "Russian crews were flown to al-Khadim this month.",
              actors=["norp:russian"], destination=AL_KHADIM, time=month(2024, 12)),
    ]
    assert len(fuse(events, index(a, b))) == 1
    # read as different actors, the pair pays the conflict penalty and stays apart
    assert len(fuse(events, index(a, b), _without("entities", "same_party"))) == 2


def test_a_country_read_from_the_actors_demonym_does_not_keep_a_report_from_its_site():
    a = doc("a", "Agenzia Nova", date(2024, 11, 20))
    b = doc("b", "Libya Update", date(2024, 11, 22))
    maaten = AL_JUFRA.__class__(id="icao:HL56", name="Matan al-Sarra Air Base", lat=21.687, lon=21.831,
                                feature="airbase", country="LY", precision=1)
    russia_place = LIBYA.__class__(id="country:RU", name="Russia", lat=60.0, lon=90.0, feature="country",
                                   country="RU", precision=3)
    events = [
        event(a, "CONSTRUCTION", "Russian engineers are lengthening the runway, sources say.", mode="construction",
              actors=["norp:russian"], location=russia_place, time=month(2024, 11)),
        event(b, "CONSTRUCTION", "Russian engineers are lengthening the runway at Maaten al-Sarra.",
              mode="construction", actors=["norp:russian"], location=maaten, time=month(2024, 11)),
    ]
    (happening,) = fuse(events, index(a, b))
    assert happening.location.id == maaten.id and happening.reports == 2
    assert len(fuse(events, index(a, b), _without("place", "home_country_is_no_place"))) == 2


def test_a_statement_listing_bases_is_one_happening_that_a_report_of_one_base_joins():
    a = doc("a", "Libya Observer", date(2024, 12, 23))
    b = doc("b", "Opex360", date(2024, 12, 24))
    bases = (AL_KHADIM, AL_JUFRA, BENGHAZI)
    listed = "Russian forces use the al-Khadim, Jufra and Benina air bases, according to Agenzia Nova."
    events = [event(a, "BASE_PRESENCE", listed, mode="access", actors=[RUSSIA], location=base, time=month(2024, 12))
              for base in bases]
    for e in events:
        e.attributes["coordinated_sites"] = ["al-Khadim", "Jufra", "Benina"]
    events.append(event(b, "BASE_PRESENCE", "Russia now has access to al-Jufra, officials speculated.",
                        mode="access", stance=Stance.SPECULATED, actors=[RUSSIA], location=AL_JUFRA,
                        time=month(2024, 12)))
    (happening,) = fuse(events, index(a, b))
    assert happening.reports == 2 and len(happening.event_ids) == 4
    # one event per site, each compared at its own base, without the reading of the statement
    assert len(fuse(events, index(a, b), _without_switch("listed_sites"))) > 1


def test_a_report_placed_only_in_the_country_joins_the_one_happening_of_its_site():
    a = doc("a", "The Defense Post", date(2023, 12, 14))
    b = doc("b", "Libya Review", date(2023, 12, 15))
    c = doc("c", "RFI", date(2023, 12, 16))
    events = [
        event(a, "ASSAULT", "A drone struck a Russian cargo plane at al-Jufra on 13 December.", mode=STRIKE,
              targets=[RU_AEROSPACE], location=AL_JUFRA, time=day(2023, 12, 13)),
        event(b, "ASSAULT", "The strike on a Russian plane at Jufra came on 13 December.", mode=STRIKE,
              targets=[RU_AEROSPACE], location=AL_JUFRA, time=day(2023, 12, 13)),
        event(c, "ASSAULT", "An unexplained air strike hit Libya in December.", mode=STRIKE, location=LIBYA,
              time=month(2023, 12)),
    ]
    (happening,) = fuse(events, index(a, b, c))
    assert happening.location.id == AL_JUFRA.id and happening.reports == 3
    assert len(fuse(events, index(a, b, c), _without_key("weak_attachment", "coarse_place_is_weak"))) == 2


def _without_key(section: str, key: str):
    import copy

    from garrison.fusion.rules import Rules, load_rules

    rules = load_rules()
    raw = copy.deepcopy(rules.raw)
    raw[section][key] = False
    return Rules(raw, rules.presence)


def test_a_state_and_its_national_forces_are_not_opposed_actors():
    a = doc("a", "Libya Observer", date(2024, 12, 23))
    b = doc("b", "Libya Review", date(2024, 12, 24))
    events = [
        event(a, "BASE_PRESENCE", "Russia expanded its hold on al-Jufra in December.", actors=[RUSSIA],
              location=AL_JUFRA, time=month(2024, 12)),
        event(b, "BASE_PRESENCE", "The Russian Armed Forces now use al-Jufra, a Libyan officer said.",
              actors=["mil_unit:russian-armed-forces"], location=AL_JUFRA, time=month(2024, 12)),
    ]
    assert len(fuse(events, index(a, b))) == 1
    import copy

    from garrison.fusion.rules import Rules, load_rules

    raw = copy.deepcopy(load_rules().raw)
    raw["entities"]["same_party"]["forces_do_not_conflict"] = False  # read as opposed: the conflict penalty
    assert len(fuse(events, index(a, b), Rules(raw, load_rules().presence))) == 2


def test_a_place_guessed_from_the_rest_of_the_report_does_not_keep_an_event_from_its_happening():
    a = doc("a", "The Defense Post", date(2023, 12, 14))
    c = doc("c", "RFI", date(2023, 12, 16))
    events = [
        event(a, "ASSAULT", "A drone struck a Russian cargo plane at al-Jufra on 13 December.", mode=STRIKE,
              targets=[RU_AEROSPACE], location=AL_JUFRA, time=day(2023, 12, 13)),
        event(c, "ASSAULT", "A Russian plane was hit at Jufra on 13 December.", mode=STRIKE,
              targets=[RU_AEROSPACE], location=AL_JUFRA, time=day(2023, 12, 13)),
        event(c, "ASSAULT", "AFRICOM rejected any link to the strike of 13 December.", mode=STRIKE,
              stance=Stance.DENIED, actors=[AFRICOM], location=AL_KHADIM, time=day(2023, 12, 13), offset=80),
    ]
    events[2].attributes["location_basis"] = "document"  # the sentence names no place: the report's main base
    (happening,) = fuse(events, index(a, c))
    assert happening.location.id == AL_JUFRA.id and happening.contradicted
    assert len(fuse(events, index(a, c), _without("place", "guessed_place_is_no_bar"))) == 2


def test_a_denial_dated_days_after_the_strike_joins_it_and_leaves_it_its_date():
    first = doc("a", "Sahel Wire", date(2023, 12, 10))
    later = doc("b", "Desert Post", date(2023, 12, 14))
    events = [
        event(first, "ASSAULT", "A drone hit a Russian freighter at Jufra on Saturday night.", mode=STRIKE,
              targets=[RU_AEROSPACE], materiel=[IL_76], location=AL_JUFRA, time=day(2023, 12, 9)),
        event(later, "ASSAULT", "On Wednesday the command rejected claims that its drones had hit the Russian "
              "freighter at Jufra.", mode=STRIKE, stance=Stance.DENIED, targets=[RU_AEROSPACE],
              materiel=[IL_76], location=AL_JUFRA, time=day(2023, 12, 13)),
    ]
    (happening,) = fuse(events, index(first, later))
    assert happening.contradicted
    assert happening.time.start == happening.time.end == date(2023, 12, 9)
    assert len(fuse(events, index(first, later), _without("time", "statement_dates"))) == 2


def test_a_move_placed_at_one_end_joins_the_report_that_gives_both():
    a, b, c = doc("a", "Rome Daily", date(2024, 12, 23)), doc("b", "Radar Watch", date(2024, 12, 19)), \
        doc("c", "Harbour News", date(2024, 12, 20))
    events = [
        event(a, "DEPLOY", "Transport planes have been flying out of Hmeimim all month.",
              mode="redeployment", actors=[RU_AEROSPACE], location=HMEIMIM, time=month(2024, 12)),
        event(b, "DEPLOY", "Russian freighters flew from Hmeimim to al-Khadim on 18 December.", mode="redeployment",
              actors=[RU_AEROSPACE], origin=HMEIMIM, destination=AL_KHADIM, time=day(2024, 12, 18)),
        # a place that is neither end of that move
        event(c, "DEPLOY", "Russian freighters were loaded at Tartus this month.", mode="redeployment",
              actors=[RU_AEROSPACE], location=TARTUS, time=month(2024, 12)),
    ]
    happenings = fuse(events, index(a, b, c))
    assert sorted(len(h.event_ids) for h in happenings) == [1, 2]
    (move,) = [h for h in happenings if len(h.event_ids) == 2]
    assert move.origin.id == HMEIMIM.id and move.destination.id == AL_KHADIM.id
    assert len(fuse(events, index(a, b, c), _without("place", "move_ends"))) == 3


def _withdrawal_reports():
    """Eleven outlets date the last US troops' departure from the Bamako air base; one of them gives the month
    the timetable was agreed instead, and one late report dates the final flight two weeks after the rest."""
    events, documents = [], []
    for n in range(11):
        d = doc(f"w{n}", f"Outlet {n}", date(2024, 7, 9))
        documents.append(d)
        when = month(2024, 5) if n == 0 else day(2024, 7, 7)
        events.append(event(d, "BASE_PRESENCE", "The last American troops left Air Base 101 near the capital.",
                            mode="withdrawal", actors=["mil_unit:united-states-armed-forces"],
                            location=AIR_BASE_101, time=when))
    late = doc("w-late", "Late Outlet", date(2024, 7, 25))
    documents.append(late)
    events.append(event(late, "BASE_PRESENCE", "The final transport plane left Air Base 101 on 20 July.",
                        mode="withdrawal", actors=["mil_unit:united-states-armed-forces"], location=AIR_BASE_101,
                        time=day(2024, 7, 20)))
    return events, index(*documents)


def test_one_wrongly_dated_report_does_not_keep_a_late_report_from_a_large_happening():
    events, documents = _withdrawal_reports()
    assert len(fuse(events, documents)) == 1
    strict = copy.deepcopy(RULES.raw)
    strict["complete_link"]["max_failing_share"] = 0.0
    assert len(fuse(events, documents, Rules(strict, RULES.presence))) == 2  # the May report vetoed the late one


def test_a_vague_report_still_cannot_bridge_two_large_happenings():
    events, documents = [], []
    for n in range(10):
        for when in (day(2024, 6, 11), day(2024, 12, 20)):
            d = doc(f"s{n}-{when.start.month}", f"Outlet {n}", when.start)
            documents.append(d)
            events.append(event(d, "ASSAULT", f"A drone struck a Russian transport at al-Khadim, outlet {n} says.",
                                mode=STRIKE, targets=[RU_AEROSPACE], materiel=[IL_76], location=AL_KHADIM, time=when))
    vague = doc("vague", "Military Africa", date(2025, 1, 5))
    documents.append(vague)
    events.append(event(vague, "ASSAULT", "Russian transports at al-Khadim were struck by drones in 2024.",
                        mode=STRIKE, targets=[RU_AEROSPACE], materiel=[IL_76], location=AL_KHADIM, time=year(2024)))
    happenings = fuse(events, index(*documents))
    assert sorted(len(h.event_ids) for h in happenings) in ([10, 11], [10, 10, 1])


def test_strikes_by_two_different_forces_at_one_base_in_one_month_stay_apart():
    a, b = doc("a", "Outlet A", date(2024, 9, 30)), doc("b", "Outlet B", date(2024, 10, 2))
    events = [
        event(a, "ASSAULT", "Insurgent drones hit the hangars of al-Khadim during September.", mode=STRIKE,
              actors=["armed_group:islamic-state-sahel-province"], location=AL_KHADIM, time=month(2024, 9)),
        event(b, "ASSAULT", "Government aircraft bombed positions around the Khadim airfield last month.",
              mode=STRIKE, actors=["mil_unit:united-states-armed-forces"], location=AL_KHADIM,
              time=month(2024, 9)),
    ]
    assert len(fuse(events, index(a, b))) == 2
