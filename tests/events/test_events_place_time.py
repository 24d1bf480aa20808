"""Where and when an event happened (garrison/events/where.py, when.py, hinted.py), on sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

from garrison.eval.events import how_the_date_is_stated, states_the_date
from garrison.events import hinted, stage
from garrison.export import acled
from garrison.export.base import Lookups
from garrison.model import Precision

from .helpers import analysis, only


def run(a):
    return stage.run([a])[0].events


def single(events):
    assert len(events) == 1, [(e.type, e.trigger) for e in events]
    return events[0]


@pytest.fixture(scope="module")
def sahel_gazetteer(tmp_path_factory):
    """Two towns called Kouri, one in Burkina Faso's Sahel region and a better known one in Mali."""
    from garrison.places import gazetteer
    from garrison.places.gazetteer_sources import Row

    path = tmp_path_factory.mktemp("gaz") / "sahel.sqlite"
    rows = [
        Row("country:BF", "Burkina Faso", 12.3, -1.5, "country", country="BF", population=20_000_000, source="test",
            codes=["BFA"]),
        Row("country:ML", "Mali", 17.0, -4.0, "country", country="ML", population=20_000_000, source="test"),
        Row("admin1:BF-SAH", "Sahel", 14.1, -0.4, "admin1", country="BF", admin1="BF-SAH", importance=6.0,
            source="test"),
        Row("geonames:1", "Kouri", 14.42, -0.21, "city", country="BF", admin1="BF-SAH", population=2_000,
            source="test"),
        Row("geonames:2", "Kouri", 12.2, -5.9, "city", country="ML", admin1="ML-3", population=30_000, source="test"),
        Row("geonames:3", "Dori", 14.035, -0.035, "city", country="BF", admin1="BF-SAH", population=40_000,
            source="test"),
        Row("geonames:4", "Gorom-Gorom", 14.44, -0.24, "city", country="BF", admin1="BF-SAH", population=10_000,
            source="test", aliases=["Gorom"]),
        # a village of the Sahel region some 170 km from Dori: a namesake of any site "(Dori, Sahel)" names
        Row("geonames:5", "Mansila", 13.2, 0.9, "city", country="BF", admin1="BF-SAH", population=3_000,
            source="test"),
        Row("admin1:BF-CAS", "Cascades", 10.3, -4.5, "admin1", country="BF", admin1="BF-CAS", importance=6.0,
            source="test"),
        Row("admin1:BF-SEN", "Seno", 14.0, -0.1, "admin1", country="BF", admin1="BF-SEN", source="test"),
        # the belt south of the Sahara, better known than Burkina Faso's region of that name
        Row("region:sahel", "Sahel", 15.0, 3.0, "region", population=100_000_000, importance=8.0, source="test"),
    ]
    gazetteer.build(path, rows=rows, demonyms=[], abbreviations=[])
    return path


@pytest.fixture
def sahel(sahel_gazetteer, monkeypatch):
    monkeypatch.setenv("GARRISON_GAZETTEER", str(sahel_gazetteer))
    return sahel_gazetteer


# --- place


def test_the_units_in_brackets_pick_which_place_the_site_is(sahel):
    # the places stage took the better known Kouri, in Mali; the brackets say the one in the Sahel region
    text = "Gunmen attacked a convoy in the area of Kouri (Gorom-Gorom, Sahel) on Tuesday."
    a = analysis(text, places={"Kouri": (12.2, -5.9, "city"), "Sahel": (14.1, -0.4, "admin1")})
    event = single(run(a))
    assert (event.location.name, event.location.country) == ("Kouri", "BF")
    assert event.attributes["geo_precision"] == 2  # "in the area of": near the town, not at it


def test_a_site_missing_from_the_gazetteer_falls_back_to_its_unit_never_to_another_country(sahel):
    text = "Gunmen attacked a convoy in Tinakof (Oudalan, Sahel)."
    a = analysis(text, places={"Sahel": (14.1, -0.4, "admin1")})
    event = single(run(a))
    assert event.location.name == "Sahel"
    assert event.attributes["geo_precision"] == 3


def test_a_namesake_far_from_the_districts_seat_yields_to_the_seat(sahel):
    # the gazetteer's Mansila is in another district of the region: the site it lacks is near Dori
    place = hinted.resolve_with_hints("Mansila", ["Dori", "Sahel"])
    assert (place.name, place.precision) == ("Dori", 2)
    assert hinted.resolve_with_hints("Mansila", ["Sahel"]).name == "Mansila"  # no district: the region's one


def test_a_site_and_its_district_agreeing_on_a_town_outweigh_a_slip_in_the_state(sahel):
    text = "Gunmen killed two traders in the Gorom-Gorom area (Gorom, Cascades)."
    a = analysis(text, places={"Cascades": (10.3, -4.5, "admin1")})
    assert single(run(a)).location.name == "Gorom-Gorom"
    # one name alone is not enough against the unit the coder wrote
    assert hinted.resolve_with_hints("Dori", ["Banfora", "Cascades"]).name == "Cascades"


def test_a_site_the_gazetteer_lacks_stands_in_with_its_innermost_administrative_unit(sahel):
    place = hinted.resolve_with_hints("Tinakof", ["Seno", "Sahel"])
    assert (place.name, place.precision) == ("Seno", 3)
    # an outer unit alone: the country's region, not the better known belt of the same name
    place = hinted.resolve_with_hints("Tinakof", ["Sahel"])
    assert (place.name, place.country) == ("Sahel", "BF")


def test_the_site_written_with_its_units_is_where_its_sentences_event_is_coded(sahel):
    # the coder writes the units after the site the event is coded to, not after the reference town
    text = "Gunmen ambushed a convoy between Dori and Gorom-Gorom (Gorom, Sahel) on Tuesday."
    a = analysis(text, places={"Dori": (14.035, -0.035, "city"), "Gorom-Gorom": (14.44, -0.24, "city"),
                               "Sahel": (14.1, -0.4, "admin1")})
    event = single(run(a))
    assert event.location.name == "Gorom-Gorom"
    assert event.attributes["location_basis"] == "coded"


def test_a_country_in_brackets_is_no_coders_unit(sahel):
    text = "Gunmen ambushed a convoy near Dori, far from the capital of Burkina Faso (BFA)."
    a = analysis(text, places={"Dori": (14.035, -0.035, "city"), "Burkina Faso": (12.3, -1.5, "country")})
    assert single(run(a)).location.name == "Dori"


def test_a_unit_is_found_by_a_near_miss_spelling(sahel):
    place = hinted.resolve_with_hints("Banfora", ["Cascadas"])
    assert (place.name, place.feature) == ("Cascades", "admin1")


def test_brackets_that_hold_no_units_are_left_alone(sahel):
    place = hinted.resolve_with_hints("Kouri", ["coded separately"])
    assert place is None


def test_a_coders_note_says_where_the_event_was_put(sahel):
    text = "Teachers went on strike across the region (coded to Dori, Sahel), demanding unpaid salaries."
    a = analysis(text, places={"Sahel": (14.1, -0.4, "admin1")})
    event = [e for e in run(a) if e.location is not None][0]
    assert event.location.name == "Dori"
    assert event.attributes["location_basis"] == "coded"


def test_a_demonym_is_not_a_place_when_a_real_site_is_in_reach():
    a = analysis("Russian instructors trained soldiers at the Gao airfield.",
                 mentions={"Russian": "NORP"},
                 places={"Russian": (61.5, 105.3, "country"), "Gao airfield": (16.25, -0.0, "airfield")})
    events = run(a)
    assert events and all(e.location is None or e.location.name != "Russian" for e in events)
    event = [e for e in events if e.location is not None][0]
    assert event.location.name == "Gao airfield"


def test_a_demonym_alone_places_nothing():
    a = analysis("Russian gunmen attacked a convoy.", mentions={"Russian": "NORP"},
                 places={"Russian": (61.5, 105.3, "country")})
    event = single(run(a))
    assert event.location is None and "geo_precision" not in event.attributes


def test_a_place_naming_whose_force_it_is_is_not_where():
    a = analysis("Soldiers fought Darfur militias.", places={"Darfur": (13.0, 24.0, "region")})
    assert single(run(a)).location is None


def test_a_place_in_a_forces_name_written_with_of_is_not_where():
    # "the Army of X fighters" names whose the fighters are, as "X militias" does
    a = analysis("At least twelve State of Darfur militants were killed.", places={"Darfur": (13.0, 24.0, "region")})
    assert single(run(a)).location is None


def test_a_place_naming_whose_force_it_is_yields_to_the_site():
    a = analysis("Darfur militias attacked herders near Kutum.",
                 places={"Darfur": (13.0, 24.0, "region"), "Kutum": (14.2, 24.67, "city")})
    event = single(run(a))
    assert event.location.name == "Kutum"
    assert event.attributes["geo_precision"] == 2  # "near"


def test_a_country_yields_to_a_finer_place_inside_it_in_the_same_sentence():
    a = analysis("Russia began using the remote Kufra air base in southern Libya.",
                 places={"Kufra air base": (24.18, 23.31, "airbase"), "Libya": (26.3, 17.2, "country")})
    for toponym in a.toponyms:
        toponym.place.country = "LY"
    event = [e for e in run(a) if e.location is not None][0]
    assert event.location.name == "Kufra air base"
    assert event.attributes["geo_precision"] == 1


def test_a_sentence_without_a_place_continues_the_paragraphs_site_for_the_same_kind_of_event():
    text = "Drones struck a fuel depot at the Kharuba air base. The strike also destroyed two trucks."
    a = analysis(text, places={"Kharuba air base": (31.5, 22.4, "airbase")})
    strikes = [e for e in run(a) if e.type == "ASSAULT"]
    assert [e.location.name for e in strikes] == ["Kharuba air base"] * len(strikes)
    assert len(strikes) == 2 and strikes[1].attributes["location_basis"] == "paragraph"


def test_where_the_doers_are_is_where_they_acted_when_nothing_else_says():
    a = analysis("Residents in Kutum protested against the closure of the market.",
                 places={"Kutum": (14.2, 24.67, "city")})
    event = only(run(a), "PROTEST")
    assert event.location.name == "Kutum"


@pytest.mark.parametrize("feature,words,code", [
    ("city", "in", 1), ("airbase", "at", 1), ("city", "near", 2), ("city", "20 km north of", 2),
    ("admin1", "in", 3), ("country", "in", 3),
])
def test_every_placed_event_carries_acleds_geo_precision(feature, words, code):
    a = analysis(f"Gunmen attacked a convoy {words} Kutum.", places={"Kutum": (14.2, 24.67, feature)})
    if feature in ("admin1", "country"):
        a.toponyms[0].place.precision = 3
    elif feature == "airbase":
        a.toponyms[0].place.precision = 1
    event = single(run(a))
    assert event.attributes["geo_precision"] == code


def test_the_acled_export_writes_the_events_geo_precision():
    a = analysis("Gunmen attacked a convoy near Kutum.", places={"Kutum": (14.2, 24.67, "city")})
    event = single(run(a))
    assert event.location.precision == 2  # the town's own precision says nothing of "near"
    row = acled.event_row(event, Lookups.from_names({}))
    assert row["geo_precision"] == 2 and row["location"] == "Kutum"


# --- time


def test_an_undated_sentence_takes_the_time_its_paragraph_gave_the_same_kind_of_event():
    text = "On 3 November, gunmen attacked a convoy near Kutum. The gunmen also attacked a checkpoint."
    a = analysis(text, places={"Kutum": (14.2, 24.67, "city")},
                 times={"3 November": (date(2024, 11, 3), date(2024, 11, 3), Precision.DAY)})
    attacks = [e for e in run(a) if e.trigger == "attacked"]
    assert len(attacks) == 2
    assert [e.time.start for e in attacks] == [date(2024, 11, 3)] * 2
    assert attacks[1].attributes["time_basis"] == "inherited" and not attacks[1].time_from_dct


def test_the_date_a_paragraph_opens_on_governs_its_other_events():
    text = "On 3 November, soldiers were deployed to Kutum. Residents protested in the market."
    a = analysis(text, places={"Kutum": (14.2, 24.67, "city")},
                 times={"3 November": (date(2024, 11, 3), date(2024, 11, 3), Precision.DAY)})
    protest = only(run(a), "PROTEST")
    assert protest.time.start == date(2024, 11, 3)
    assert protest.attributes["time_basis"] == "paragraph"


def test_no_time_comes_from_an_unrelated_paragraph():
    text = ("Gunmen attacked a convoy near Kutum on 3 November.\n"
            "In another development, armed men attacked a market in Mellit.")
    a = analysis(text, places={"Kutum": (14.2, 24.67, "city"), "Mellit": (14.13, 25.55, "city")},
                 times={"3 November": (date(2024, 11, 3), date(2024, 11, 3), Precision.DAY)})
    attacks = [e for e in run(a) if e.trigger == "attacked"]
    market = next(e for e in attacks if e.location is not None and e.location.name == "Mellit")
    assert market.time_from_dct and market.time.start == date(2024, 11, 22)
    assert market.attributes["time_basis"] == "publication"


def test_a_later_paragraph_retelling_the_same_happening_keeps_its_time():
    text = ("Drones struck a fuel depot on 3 November.\n"
            "The strikes destroyed a cargo plane, officials said.")
    a = analysis(text,
                 times={"3 November": (date(2024, 11, 3), date(2024, 11, 3), Precision.DAY)})
    strikes = [e for e in run(a) if e.type == "ASSAULT"]
    assert strikes[-1].time.start == date(2024, 11, 3) and strikes[-1].attributes["time_basis"] == "inherited"


def test_without_any_time_the_event_carries_the_publication_date_flagged():
    a = analysis("Gunmen attacked a convoy near Kutum.", places={"Kutum": (14.2, 24.67, "city")})
    event = single(run(a))
    assert event.time_from_dct and event.time.start == date(2024, 11, 22)
    assert event.attributes["time_basis"] == "publication"


def test_a_month_stays_an_interval_with_its_precision():
    a = analysis("Gunmen attacked a convoy near Kutum in October.", places={"Kutum": (14.2, 24.67, "city")},
                 times={"October": (date(2024, 10, 1), date(2024, 10, 31), Precision.MONTH)})
    event = single(run(a))
    assert (event.time.start, event.time.end, event.time.precision) == (
        date(2024, 10, 1), date(2024, 10, 31), Precision.MONTH)


def test_a_vague_recent_yields_to_the_stated_day():
    text = "On 3 November, workers went on strike in Kutum, demanding protection after recent looting."
    a = analysis(text, places={"Kutum": (14.2, 24.67, "city")},
                 times={"3 November": (date(2024, 11, 3), date(2024, 11, 3), Precision.DAY),
                        "recent": (date(2024, 8, 22), date(2024, 11, 22), Precision.APPROXIMATE)})
    for event in run(a):
        assert event.time.start == date(2024, 11, 3), (event.trigger, event.time)


# --- the scorer's reading of a stated date


@pytest.mark.parametrize("text,stated", [
    ("On 3 November, gunmen attacked a convoy.", True),
    ("Gunmen attacked a convoy on November 3rd.", True),
    ("Gunmen attacked a convoy on Sunday.", True),
    ("Gunmen attacked a convoy yesterday.", True),
    ("Gunmen attacked a convoy early in the morning.", False),
    ("Gunmen attacked a convoy in November.", False),
    ("Gunmen attacked a convoy on 13 November.", False),
    ("Gunmen on 03/11 attacked a convoy.", True),  # a coder's day/month in figures
    ("Gunmen attacked a convoy (source dated 3/11/2024).", True),
    ("Gunmen attacked a convoy on 13/11.", False),
    ("Gunmen attacked a convoy on Monday.", False),  # 3 November 2024 is a Sunday
    ("Gunmen attacked convoys between Nov.2-4.", True),  # inside a run it writes
    ("Gunmen attacked convoys over 1-5 November.", True),
    ("Gunmen attacked convoys on 1 and 5 November.", False),  # a list names its days, not those between
])
def test_the_scorer_knows_which_notes_state_their_day(text, stated):
    assert states_the_date(text, date(2024, 11, 3)) is stated


@pytest.mark.parametrize("text,how", [
    ("On 3 November, gunmen attacked a convoy.", "day"),
    ("Gunmen attacked a convoy on Nov.3.", "day"),
    ("Gunmen attacked a convoy on 3/11.", "day"),
    ("Gunmen attacked convoys over 1-3 November.", "run"),  # the end of a range is a day of the run
    ("Gunmen attacked convoys on November 3-4.", "run"),
    ("Gunmen attacked convoys on 1 and 3 November.", "run"),
    ("Gunmen attacked convoys during the weekend.", "run"),  # a Sunday
    ("Gunmen attacked convoys over 1-3 November; one more died on 3 November.", "day"),
    ("Gunmen attacked a convoy in November.", None),
])
def test_the_scorer_tells_a_day_written_alone_from_a_day_of_a_run(text, how):
    assert how_the_date_is_stated(text, date(2024, 11, 3)) == how


def test_a_country_in_an_infinitive_of_purpose_is_not_where_the_doers_acted():
    text = ("Nurses gathered outside the town hall in Sebbaga on Monday. Later, exiles marched to the town hall "
            "to plead for an end to the war in Mali.")
    a = analysis(text, places={"Sebbaga": (13.43, 0.53, "city"), "Mali": (17.0, -4.0, "country")})
    event = only(run(a), "PROTEST")
    assert event.location.name == "Sebbaga"
    # with nothing else named, the country still places the event
    b = analysis("Exiles marched to the embassy to plead for an end to the war in Mali.",
                 places={"Mali": (17.0, -4.0, "country")})
    assert only(run(b), "PROTEST").location.name == "Mali"


def test_a_site_no_gazetteer_knows_yields_to_the_town_the_sentence_places_it_near(sahel):
    from garrison.model import Toponym

    text = "Gunmen attacked a gendarmerie post in Tinakof, near Dori."
    a = analysis(text, places={"Dori": (14.035, -0.035, "city")})
    a.toponyms.append(Toponym(a.document.id, text.index("Tinakof"), text.index("Tinakof") + 7, "Tinakof"))
    event = single(run(a))
    assert event.location.name == "Dori"
    assert event.attributes["geo_precision"] == 2  # near the town, not at it


def test_a_coders_site_places_the_notes_sentences_that_name_no_place(sahel):
    text = "Gunmen attacked soldiers on Tuesday. The attack took place near Kouri (Gorom-Gorom, Sahel)."
    a = analysis(text, places={"Kouri": (12.2, -5.9, "city"), "Sahel": (14.1, -0.4, "admin1")})
    first = min(run(a), key=lambda e: e.claims[0].evidence[0].start)
    assert (first.location.name, first.location.country) == ("Kouri", "BF")
    assert first.attributes["location_basis"] == "coded"
    # a report without a coder's site keeps its events unplaced rather than borrowing a later sentence's town
    b = analysis("Gunmen attacked soldiers on Tuesday. The attack took place near Kouri.",
                 places={"Kouri": (12.2, -5.9, "city")})
    first = min(run(b), key=lambda e: e.claims[0].evidence[0].start)
    assert first.attributes.get("location_basis") != "coded"
