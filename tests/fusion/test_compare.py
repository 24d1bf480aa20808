"""The pair test fusion relies on: places, times, modes and the blocking of candidate pairs."""

from __future__ import annotations

from datetime import date

from garrison.eval.synthetic import events_corpus
from garrison.fusion.cluster import candidate_pairs
from garrison.fusion.compare import compatible, place_relation, read_report
from garrison.fusion.rules import load_rules
from garrison.model import Place, Stance

from .builders import (
    AIR_BASE_101, AL_JUFRA, AL_KHADIM, BAMAKO, BENGHAZI, CYRENAICA, HMEIMIM, LIBYA, MALI, TARTUS, doc, event,
    day, index, month,
)

RULES = load_rules()
OSLK = Place(id="icao:OSLK", name="Bassel Al-Assad International Airport", lat=35.4011, lon=35.9487,
             feature="airport", country="SY", precision=1)
SAHEL = Place(id="overlay:sahel", name="Sahel", lat=15.0, lon=3.0, feature="region", precision=3)


def test_place_relations_follow_precision():
    assert place_relation(AL_KHADIM, AL_KHADIM, RULES) == "same"
    assert place_relation(HMEIMIM, OSLK, RULES) == "near"  # one field entered twice
    assert place_relation(AIR_BASE_101, BAMAKO, RULES) == "near"  # a base and the town it is named after
    assert place_relation(AL_KHADIM, AL_JUFRA, RULES) is None  # two bases of one country
    assert place_relation(AL_KHADIM, BENGHAZI, RULES) is None  # ~100 km: not the town's base
    assert place_relation(LIBYA, AL_KHADIM, RULES) == "contains"
    assert place_relation(AL_KHADIM, CYRENAICA, RULES) == "contains"
    assert place_relation(LIBYA, CYRENAICA, RULES) == "region_pair"
    assert place_relation(MALI, AL_KHADIM, RULES) is None
    assert place_relation(SAHEL, BAMAKO, RULES) == "contains"  # a region without a country: by radius
    assert place_relation(SAHEL, TARTUS, RULES) is None
    assert place_relation(None, TARTUS, RULES) == "unknown"


def test_modes_in_different_groups_are_different_happenings():
    assert not RULES.modes_compatible("BASE_PRESENCE", "access", "BASE_PRESENCE", "withdrawal")
    assert RULES.modes_compatible("BASE_PRESENCE", "access", "BASE_PRESENCE", "expansion")
    assert RULES.modes_compatible("RETREAT", "withdrawal", "BASE_PRESENCE", "withdrawal")
    assert not RULES.modes_compatible("RETREAT", "withdrawal", "BASE_PRESENCE", "access")
    assert RULES.modes_compatible("ASSAULT", "air/drone strike", "FIGHT", "armed clash")
    assert not RULES.types_compatible("ASSAULT", "DEPLOY")


def test_a_publication_date_stands_in_only_for_a_recent_past():
    early = doc("a", "RFI", date(2024, 6, 20))
    late = doc("b", "Libya Review", date(2024, 11, 21))
    dated = read_report(event(early, "ASSAULT", "A drone hit the base in June.", location=AL_KHADIM,
                              time=month(2024, 6)), index(early), RULES)
    undated_soon = read_report(event(early, "ASSAULT", "The base was hit.", location=AL_KHADIM), index(early), RULES)
    undated_late = read_report(event(late, "ASSAULT", "The base was hit.", location=AL_KHADIM), index(late), RULES)
    assert undated_soon.time_kind == "dct"
    assert compatible(dated, undated_soon, RULES)
    assert not compatible(dated, undated_late, RULES)


def _statement_dates_off():
    import copy

    from garrison.fusion.rules import Rules

    raw = copy.deepcopy(RULES.raw)
    raw["time"]["statement_dates"]["value"] = False
    return Rules(raw, RULES.presence)


def test_a_denial_is_dated_by_its_statement_and_the_happening_came_before_it():
    first = doc("a", "Sahel Wire", date(2023, 12, 10))
    later = doc("b", "Desert Post", date(2023, 12, 14))
    docs = index(first, later)
    strike = read_report(event(first, "ASSAULT", "A drone hit a cargo plane at Jufra on Saturday night.",
                               location=AL_JUFRA, time=day(2023, 12, 9)), docs, RULES)
    denial_event = event(later, "ASSAULT", "On Wednesday the command rejected claims that its aircraft were involved at Jufra.",
                         stance=Stance.DENIED, location=AL_JUFRA, time=day(2023, 12, 13))
    denial = read_report(denial_event, docs, RULES)
    told_that_day = read_report(event(later, "ASSAULT", "A second drone hit the runway at Jufra on Wednesday.",
                                      location=AL_JUFRA, time=day(2023, 12, 13)), docs, RULES)
    after = read_report(event(later, "ASSAULT", "Another drone hit Jufra a week later.", location=AL_JUFRA,
                              time=day(2023, 12, 20)), docs, RULES)
    assert compatible(strike, denial, RULES) and denial.statement_dated
    assert not compatible(strike, told_that_day, RULES)  # an assertion's date is the happening's
    assert not compatible(after, denial, RULES)  # a denial cannot be of what came after it
    assert denial.time_kind == "dct"  # as weak as a publication date
    assert not compatible(strike, read_report(denial_event, docs, _statement_dates_off()), RULES)


def test_a_plan_is_dated_by_its_announcement_and_the_happening_comes_after_it():
    spring = doc("a", "Levant Desk", date(2025, 4, 10))
    friday = doc("b", "Levant Desk", date(2025, 4, 19))
    summer = doc("c", "Gulf Courier", date(2025, 5, 21))
    docs = index(spring, friday, summer)
    done = read_report(event(summer, "RETREAT", "The last convoy left the Libyan camp on Tuesday.",
                             location=LIBYA, time=day(2025, 5, 20)), docs, RULES)
    undated_plan = read_report(event(spring, "RETREAT", "The United States will pull its troops out of Libya.",
                                     stance=Stance.PLANNED, location=LIBYA), docs, RULES)
    undated_news = read_report(event(spring, "RETREAT", "The troops have left Libya.", location=LIBYA), docs, RULES)
    announced = read_report(event(friday, "RETREAT", "The ministry said on Friday it would withdraw its troops.",
                                  stance=Stance.PLANNED, location=LIBYA, time=day(2025, 4, 18)), docs, RULES)
    for_autumn = read_report(event(friday, "RETREAT", "The troops will leave Libya in September.",
                                   stance=Stance.PLANNED, location=LIBYA, time=month(2025, 9)), docs, RULES)
    assert compatible(undated_plan, done, RULES) and not compatible(undated_news, done, RULES)
    assert compatible(announced, done, RULES) and announced.statement_dated
    assert not compatible(for_autumn, done, RULES) and not for_autumn.statement_dated  # its own, future date


def test_an_undated_background_report_may_recall_a_happening_long_before():
    arrival_day = doc("a", "Sahel Wire", date(2024, 1, 26))
    spring = doc("b", "Desert Post", date(2024, 5, 15))
    docs = index(arrival_day, spring)
    arrival = read_report(event(arrival_day, "DEPLOY", "Two hundred instructors flew into Bamako on "
                                "Wednesday.", location=BAMAKO, time=day(2024, 1, 24)), docs, RULES)
    recalled = event(spring, "DEPLOY", "Instructors had flown into Bamako in the winter, the report recalled.",
                     location=BAMAKO)
    news = read_report(recalled, docs, RULES)
    recalled.attributes["background"] = True
    assert not compatible(arrival, news, RULES)  # news undated: about the last weeks
    assert compatible(arrival, read_report(recalled, docs, RULES), RULES)


def test_blocking_keeps_every_compatible_pair():
    events, documents, _ = events_corpus(400, seed=11)
    # some events without a place compare with every country
    for e in events[::17]:
        e.location = None
        e.destination = None
    reports = sorted((read_report(e, documents, RULES) for e in events), key=lambda r: r.event.id)
    candidates = set(candidate_pairs(reports, RULES))
    brute = {(i, j) for i in range(len(reports)) for j in range(i + 1, len(reports))
             if compatible(reports[i], reports[j], RULES)}
    assert brute and brute <= candidates
    assert len(candidates) < len(reports) * (len(reports) - 1) // 20  # and it is not all pairs


def test_every_rule_carries_a_note():
    raw = RULES.raw
    for section in ("type_compatibility", "mode_groups", "place", "time", "entities", "mode_bonus", "text",
                    "duplicate_bonus", "merge_threshold", "stances"):
        assert "note" in raw[section] or "source" in raw[section], section
    for pair in raw["type_compatibility"]["pairs"]:
        assert pair["note"]
    assert RULES.presence["source"]
    for section in ("labels", "actors", "coarse_rows"):
        assert RULES.presence[section]["note"], section
    for name, spec in (*RULES.presence["types"].items(), *RULES.presence["trigger_rules"].items()):
        assert spec["note"], name


def test_a_delivery_dated_by_its_shipment_meets_the_report_of_its_arrival():
    early, late = doc("a", "Outlet A", date(2025, 1, 5)), doc("b", "Outlet B", date(2025, 1, 19))
    documents = index(early, late)
    shipped = read_report(event(early, "TRANSFER", "The armour was shipped from the coast in December.",
                                mode="delivery", location=BAMAKO, time=month(2024, 12)), documents, RULES)
    arrived = read_report(event(late, "TRANSFER", "The column of armour was filmed arriving on 17 January.",
                                mode="delivery", location=BAMAKO, time=day(2025, 1, 17)), documents, RULES)
    as_deployment = read_report(event(late, "DEPLOY", "The column of armour was filmed arriving on 17 January.",
                                      location=BAMAKO, time=day(2025, 1, 17)), documents, RULES)
    assert compatible(shipped, arrived, RULES)
    # the same two dates pass whichever of the two compatible types the reports were given
    assert compatible(shipped, as_deployment, RULES) == compatible(shipped, arrived, RULES)
    next_spring = read_report(event(late, "TRANSFER", "More armour arrived on 3 March.", mode="delivery",
                                    location=BAMAKO, time=day(2025, 3, 3)), documents, RULES)
    assert not compatible(shipped, next_spring, RULES)
