"""Presence timelines: who the fused happenings place where, when, with what."""

from __future__ import annotations

from datetime import date

from garrison.fusion import fuse, presence
from garrison.model import Place, Precision, Stance, TimeSpan

from .builders import (
    AFRICA_CORPS, AFRICOM, AIR_BASE_101, AL_JUFRA, AL_KHADIM, BAMAKO, IL_76, LIBYA, MALI, RU_AEROSPACE, RUSSIA, T_72,
    day, doc, event, index, month,
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


# --- presence from every event that places a party, each at its own site ------------------------------------

GHARDABIYA = Place(id="icao:HLGD", name="Gardabya Airport", lat=31.0635, lon=16.595, feature="airbase",
                   country="LY", precision=1)
BRAK = Place(id="icao:HLBQ", name="Brak Al-Shati air base", lat=27.65, lon=14.2725, feature="airbase",
             country="LY", precision=1)
NORP_RUSSIAN = "norp:russian"
DRONE = "equipment:drone-unspecified"
S_300 = "equipment:s-300"


def _rows(events, documents):
    return {(p.actor, p.place.id): p for p in presence(fuse(events, documents), events, documents)}


def test_each_base_of_a_listed_access_gets_its_own_row_and_a_syndicated_copy_counts_once():
    original = doc("orig", "Opex360", date(2024, 12, 20))
    copy = doc("copy", "Zone Militaire Mirror", date(2024, 12, 21), duplicate_of="orig")
    other = doc("other", "Libya Observer", date(2024, 12, 23))
    sentence = "Moscow would have access to the bases of al-Khadim, al-Jufra, Ghardabiya and Brak al-Shati."
    events = []
    for d in (original, copy):
        for n, base in enumerate((AL_KHADIM, AL_JUFRA, GHARDABIYA, BRAK)):
            events.append(event(d, "BASE_PRESENCE", sentence, mode="access", stance=Stance.SPECULATED,
                                actors=[RUSSIA], location=base, time=month(2024, 12), offset=n))
    events.append(event(other, "BASE_PRESENCE", "Russian forces use al-Jufra, officials said.", mode="access",
                        stance=Stance.REPORTED, actors=[RUSSIA], location=AL_JUFRA, time=month(2024, 12)))
    rows = _rows(events, index(original, copy, other))
    assert {site for actor, site in rows if actor == RUSSIA} == {AL_KHADIM.id, AL_JUFRA.id, GHARDABIYA.id, BRAK.id}
    assert rows[(RUSSIA, AL_KHADIM.id)].reports == 1  # the copy is not a second source
    assert rows[(RUSSIA, AL_KHADIM.id)].attributes["sources"] == ["orig"]
    jufra = rows[(RUSSIA, AL_JUFRA.id)]
    assert jufra.reports == 2 and jufra.attributes["stances"] == {"reported": 1, "speculated": 1}
    assert jufra.attributes["tentative"] is False and rows[(RUSSIA, BRAK.id)].attributes["tentative"] is True


def test_a_strike_on_a_partys_aircraft_places_its_owner_with_the_aircraft_not_the_distant_striker():
    d = doc("rfi", "RFI", date(2024, 11, 21))
    events = [event(d, "ASSAULT", "A drone hit a Russian Il-76 at al-Khadim in June.", mode="air/drone strike",
                    actors=["armed_group:unknown-drone-operators"], targets=[NORP_RUSSIAN, IL_76], materiel=[DRONE],
                    location=AL_KHADIM, time=month(2024, 6))]
    rows = _rows(events, index(d))
    # the demonym stands for its country; the drone is the striker's, not the owner's
    assert set(rows) == {(RUSSIA, AL_KHADIM.id)}
    assert rows[(RUSSIA, AL_KHADIM.id)].materiel == [IL_76]
    assert (rows[(RUSSIA, AL_KHADIM.id)].first_reported, rows[(RUSSIA, AL_KHADIM.id)].last_reported) == (
        date(2024, 6, 1), date(2024, 6, 30))


def test_a_direct_attack_places_the_attacker_and_a_party_hit_without_assets_is_not_placed():
    d = doc("dp", "The Defense Post", date(2024, 7, 29))
    events = [event(d, "ASSAULT", "Wagner fighters attacked Russian interests near Bamako.", mode="attack",
                    actors=[WAGNER], targets=[NORP_RUSSIAN], location=BAMAKO, time=day(2024, 7, 27))]
    assert set(_rows(events, index(d))) == {(WAGNER, BAMAKO.id)}


def test_a_parade_places_the_party_with_the_equipment_whatever_type_it_was_given():
    d = doc("ma", "Military Africa", date(2025, 1, 19))
    events = [event(d, "ORG_CHANGE", "paraded T-72B3 tanks of the Africa Corps through Bamako on Friday.",
                    mode="change to group/activity", actors=[AFRICA_CORPS], materiel=[T_72], location=BAMAKO,
                    time=day(2025, 1, 17))]
    assert events[0].trigger == "paraded"
    rows = _rows(events, index(d))
    assert set(rows) == {(AFRICA_CORPS, BAMAKO.id)} and rows[(AFRICA_CORPS, BAMAKO.id)].materiel == [T_72]
    events[0].trigger = "reorganised"  # the same event without a display trigger places nobody (ORG_CHANGE)
    assert _rows(events, index(d)) == {}


def test_a_country_row_keeps_only_what_no_site_inside_it_says():
    a = doc("wsj", "Wall Street Journal", date(2024, 12, 20))
    b = doc("lo", "Libya Observer", date(2024, 12, 23))
    events = [
        event(a, "DEPLOY", "Russia moved S-300 systems to Libyan soil.", mode="redeployment", actors=[RUSSIA],
              materiel=[S_300], destination=LIBYA, time=month(2024, 12)),
        event(a, "DEPLOY", "Russia also flew resources into Libya.", mode="redeployment", actors=[RUSSIA],
              destination=LIBYA, time=month(2024, 12), offset=50),
        event(b, "BASE_PRESENCE", "Russian aircraft now use al-Khadim.", mode="access", actors=[RUSSIA],
              location=AL_KHADIM, time=month(2024, 12)),
        event(b, "DEPLOY", "Russian troops arrived in Mali.", mode="arrival", actors=[RUSSIA], destination=MALI,
              time=month(2024, 12), offset=40),
    ]
    rows = _rows(events, index(a, b))
    assert set(rows) == {(RUSSIA, AL_KHADIM.id), (RUSSIA, LIBYA.id), (RUSSIA, MALI.id)}
    libya = rows[(RUSSIA, LIBYA.id)]
    assert libya.materiel == [S_300] and libya.attributes["finer_sites"] == [AL_KHADIM.id]
    assert "finer_sites" not in rows[(RUSSIA, MALI.id)].attributes  # nothing finer known in Mali: kept whole

    events[0].materiel = []  # once the country row says nothing the base does not, it goes
    rows = _rows(events, index(a, b))
    assert (RUSSIA, LIBYA.id) not in rows and (RUSSIA, AL_KHADIM.id) in rows


def test_a_coarse_report_takes_the_site_its_happening_gives():
    a = doc("rfi", "RFI", date(2024, 6, 14))
    b = doc("lr", "Libya Review", date(2024, 6, 15))
    events = [
        event(a, "ASSAULT", "A drone hit a Russian Il-76 at al-Khadim on 12 June.", mode="air/drone strike",
              targets=[NORP_RUSSIAN, IL_76], location=AL_KHADIM, time=day(2024, 6, 12)),
        event(b, "ASSAULT", "A Russian Il-76 was hit by a drone in Libya on 12 June.", mode="air/drone strike",
              targets=[RUSSIA, IL_76], location=LIBYA, time=day(2024, 6, 12)),
    ]
    happenings = fuse(events, index(a, b))
    assert len(happenings) == 1
    rows = {(p.actor, p.place.id): p for p in presence(happenings, events, index(a, b))}
    assert set(rows) == {(RUSSIA, AL_KHADIM.id)} and rows[(RUSSIA, AL_KHADIM.id)].reports == 2


def test_background_presence_is_marked_and_news_at_the_same_site_unmarks_it():
    a = doc("hist", "Le Monde", date(2024, 12, 12))
    b = doc("news", "RFI", date(2025, 1, 20))
    history = event(a, "CONSTRUCTION", "The base was built by Russia in the 1980s.", mode="construction",
                    actors=[RUSSIA], location=AL_KHADIM,
                    time=TimeSpan(date(1980, 1, 1), date(1989, 12, 31), Precision.DECADE, value="198"))
    history.attributes["background"] = True
    rows = _rows([history], index(a))
    assert rows[(RUSSIA, AL_KHADIM.id)].attributes["background"] is True
    happening = fuse([history], index(a))[0]
    assert happening.attributes["background"] is True

    news = event(b, "BASE_PRESENCE", "Russian aircraft landed at al-Khadim this week.", mode="access",
                 actors=[RUSSIA], location=AL_KHADIM, time=month(2025, 1))
    rows = _rows([history, news], index(a, b))
    row = rows[(RUSSIA, AL_KHADIM.id)]
    assert "background" not in row.attributes and row.first_reported == date(1980, 1, 1)
    by_type = {h.type: h for h in fuse([history, news], index(a, b))}
    assert by_type["CONSTRUCTION"].attributes["background"] is True and "background" not in by_type[
        "BASE_PRESENCE"].attributes


def test_common_nouns_and_stateless_organisations_are_not_listed_but_a_capital_stands_for_its_state():
    d = doc("dp", "The Defense Post", date(2024, 7, 29))
    events = [event(d, "DEPLOY", "Moscow sent troops and rebels moved to Bamako, Reuters said.", mode="deployment",
                    actors=["gpe:moscow", "armed_group:rebels", "org:reuters"], destination=BAMAKO,
                    time=day(2024, 7, 27))]
    assert set(_rows(events, index(d))) == {(RUSSIA, BAMAKO.id)}


def test_a_guessed_place_gives_way_to_the_site_of_the_happening_it_joined():
    a = doc("a", "The Defense Post", date(2023, 12, 16))
    c = doc("c", "RFI", date(2023, 12, 14))  # the guessing report first: the happening must not take its place
    events = [
        event(a, "ASSAULT", "A drone struck a Russian cargo plane at al-Jufra on 13 December.",
              mode="air/drone strike", targets=[NORP_RUSSIAN, IL_76], location=AL_JUFRA, time=day(2023, 12, 13)),
        event(c, "ASSAULT", "A Russian plane was hit on 13 December, the radio said.", mode="air/drone strike",
              targets=[NORP_RUSSIAN, IL_76], location=AL_KHADIM, time=day(2023, 12, 13)),
    ]
    events[1].attributes["location_basis"] = "document"
    rows = _rows(events, index(a, c))
    assert set(rows) == {(RUSSIA, AL_JUFRA.id)} and rows[(RUSSIA, AL_JUFRA.id)].reports == 2
    assert [h.location.id for h in fuse(events, index(a, c))] == [AL_JUFRA.id]
