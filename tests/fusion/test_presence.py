"""Presence timelines: who the fused happenings place where, when, with what."""

from __future__ import annotations

from datetime import date

from garrison.fusion import fuse, presence
from garrison.model import Stance

from .builders import (
    AFRICA_CORPS, AFRICOM, AIR_BASE_101, AL_KHADIM, BAMAKO, IL_76, RU_AEROSPACE, RUSSIA, T_72, day, doc, event,
    index, month,
)

TURKEY = "gpe:turkey"
WAGNER = "armed_group:wagner"
AL_WATIYA_ID = "overlay:al-watiya-air-base"


def _timeline(events, documents):
    happenings = fuse(events, documents)
    return happenings, {(p.actor, p.place.id): p for p in presence(happenings, events, documents)}


def test_africa_corps_at_air_base_101_from_works_and_a_deployment():
    works = doc("dp-works", "The Defense Post", date(2024, 10, 24))
    works_2 = doc("ja-works", "Jeune Afrique", date(2025, 1, 20))
    arrival = doc("ma-armour", "Military Africa", date(2025, 1, 19))
    events = [
        event(works, "CONSTRUCTION", "Satellite images show new hangars going up for Africa Corps at Air Base "
              "101 in October.", mode="construction", stance=Stance.REPORTED, actors=[AFRICA_CORPS],
              location=AIR_BASE_101, time=month(2024, 10)),
        event(works_2, "CONSTRUCTION", "Les travaux menés en octobre à la base aérienne 101 pour l'Africa Corps.",
              mode="construction", stance=Stance.REPORTED, actors=[AFRICA_CORPS], location=AIR_BASE_101,
              time=month(2024, 10)),
        event(arrival, "DEPLOY", "An Africa Corps column with T-72B3 tanks reached Air Base 101 on 17 January.",
              mode="arrival", actors=[AFRICA_CORPS], materiel=[T_72], destination=AIR_BASE_101,
              time=day(2025, 1, 17)),
    ]
    happenings, rows = _timeline(events, index(works, works_2, arrival))
    assert len(happenings) == 2
    row = rows[(AFRICA_CORPS, AIR_BASE_101.id)]
    assert (row.first_reported, row.last_reported) == (date(2024, 10, 1), date(2025, 1, 17))
    assert row.materiel == [T_72]
    assert row.reports == 3
    assert len(row.happening_ids) == 2
    works_id = next(h.id for h in happenings if h.type == "CONSTRUCTION")
    assert row.happening_ids[0] == works_id  # in time order
    assert row.attributes["tentative"] is False
    assert row.attributes["types"] == ["CONSTRUCTION", "DEPLOY"]


def test_a_supplier_is_not_placed_where_it_delivers_but_the_receiving_force_is():
    d = doc("armour", "Military Africa", date(2025, 1, 19))
    events = [event(d, "TRANSFER", "Russia delivered T-72B3 tanks to the Africa Corps in Bamako.",
                    mode="delivery", actors=[RUSSIA], targets=[AFRICA_CORPS], materiel=[T_72], destination=BAMAKO,
                    time=day(2025, 1, 17))]
    _, rows = _timeline(events, index(d))
    assert set(rows) == {(AFRICA_CORPS, BAMAKO.id)}
    assert rows[(AFRICA_CORPS, BAMAKO.id)].materiel == [T_72]


def test_a_struck_force_is_placed_but_a_party_named_only_in_a_denial_is_not():
    a = doc("rfi", "RFI", date(2024, 11, 21))
    b = doc("ma", "Military Africa", date(2024, 6, 14))
    events = [
        event(a, "ASSAULT", "A drone hit a Russian Il-76 at al-Khadim in June.", mode="air/drone strike",
              stance=Stance.REPORTED, targets=[RU_AEROSPACE, IL_76], location=AL_KHADIM,
              time=month(2024, 6)),
        event(b, "ASSAULT", "AFRICOM denied any part in the strike at al-Khadim.", mode="air/drone strike",
              stance=Stance.DENIED, actors=[AFRICOM], targets=[RU_AEROSPACE], location=AL_KHADIM),
    ]
    happenings, rows = _timeline(events, index(a, b))
    assert len(happenings) == 1 and happenings[0].contradicted
    assert set(rows) == {(RU_AEROSPACE, AL_KHADIM.id)}
    assert rows[(RU_AEROSPACE, AL_KHADIM.id)].materiel == [IL_76]


def test_denied_happenings_place_nobody_and_speculated_ones_are_flagged():
    from garrison.model import Place

    watiya = Place(id=AL_WATIYA_ID, name="Al-Watiya Air Base", lat=32.4747, lon=11.8997, feature="airbase",
                   country="LY", precision=1)
    a = doc("lo", "Libya Observer", date(2025, 2, 12))
    b = doc("wsj", "Wall Street Journal", date(2024, 12, 20))
    events = [
        event(a, "BASE_PRESENCE", "Ankara denied building a drone base at al-Watiya.", mode="expansion",
              stance=Stance.DENIED, actors=[TURKEY], location=watiya, time=month(2025, 2)),
        event(b, "BASE_PRESENCE", "Moscow may seek access to al-Khadim, officials speculated.", mode="access",
              stance=Stance.SPECULATED, actors=[RUSSIA], location=AL_KHADIM, time=month(2024, 12)),
    ]
    _, rows = _timeline(events, index(a, b))
    assert (TURKEY, AL_WATIYA_ID) not in rows
    row = rows[(RUSSIA, AL_KHADIM.id)]
    assert row.attributes["tentative"] is True
    assert row.attributes["tentative_happening_ids"] == row.happening_ids


def test_org_changes_place_nobody():
    d = doc("lm", "Le Monde", date(2023, 12, 2))
    events = [event(d, "ORG_CHANGE", "Wagner's men in Mali were folded into the new Africa Corps.",
                    mode="creation", actors=[WAGNER, AFRICA_CORPS], location=BAMAKO, time=month(2023, 11))]
    assert presence(fuse(events, index(d)), events, index(d)) == []


def test_presence_is_deterministic():
    d1 = doc("a", "RFI", date(2024, 10, 24))
    d2 = doc("b", "Military Africa", date(2025, 1, 19))
    events = [
        event(d1, "CONSTRUCTION", "Works for Africa Corps at Air Base 101.", actors=[AFRICA_CORPS],
              location=AIR_BASE_101, time=month(2024, 10)),
        event(d2, "DEPLOY", "Africa Corps troops arrived in Bamako.", actors=[AFRICA_CORPS, RUSSIA],
              destination=BAMAKO, time=day(2025, 1, 17)),
    ]
    first = [p.to_dict() for p in presence(fuse(events, index(d1, d2)), events, index(d1, d2))]
    second = [p.to_dict() for p in presence(list(reversed(fuse(events[::-1], index(d1, d2)))), events[::-1],
                                            index(d2, d1))]
    assert first == second
    # by actor id, then first reported
    assert [(p["actor"], p["place"]["id"]) for p in first] == [
        (RUSSIA, BAMAKO.id), (AFRICA_CORPS, AIR_BASE_101.id), (AFRICA_CORPS, BAMAKO.id)]
