"""Town names the places stage left out, read back where the sentence shows them to be places
(garrison/events/unrecognised.py), and the place choices built on them (garrison/events/where.py)."""

from __future__ import annotations

import pytest

from garrison.events import stage, unrecognised
from garrison.model import Toponym

from .helpers import analysis, only


def run(a):
    return stage.run([a])[0].events


@pytest.fixture(scope="module")
def towns_gazetteer(tmp_path_factory):
    """Two towns called Kouri (a village in Burkina Faso, a better known town in Mali), and a few others."""
    from garrison.places import gazetteer
    from garrison.places.gazetteer_sources import Row

    path = tmp_path_factory.mktemp("gaz") / "towns.sqlite"
    rows = [
        Row("country:BF", "Burkina Faso", 12.3, -1.5, "country", country="BF", population=20_000_000,
            importance=7.3, source="test", demonyms=["Burkinabe"]),
        Row("country:ML", "Mali", 17.0, -4.0, "country", country="ML", population=20_000_000, importance=7.3,
            source="test"),
        Row("geonames:1", "Kouri", 14.42, -0.21, "city", country="BF", admin1="BF-SAH", population=2_000,
            importance=3.3, source="test"),
        Row("geonames:2", "Kouri", 12.2, -5.9, "city", country="ML", admin1="ML-3", population=30_000,
            importance=4.5, source="test"),
        Row("geonames:3", "Sebbaga", 13.43, 0.53, "city", country="BF", admin1="BF-SAH", population=9_000,
            importance=4.0, source="test"),
        Row("geonames:4", "Tambaoui", 12.6, -1.1, "city", country="BF", admin1="BF-CEN", population=60_000,
            importance=4.8, source="test", aliases=["Tambawi"]),
        Row("geonames:5", "Nabrouga", 11.2, -0.3, "city", country="BF", admin1="BF-CES", population=8_000,
            importance=3.9, source="test"),
        Row("geonames:6", "Nabrouga", 11.3, -0.4, "city", country="ML", admin1="ML-2", population=9_000,
            importance=3.95, source="test"),
        Row("admin1:BF-CEN", "Centre", 12.4, -1.5, "admin1", country="BF", admin1="BF-CEN", importance=6.0,
            source="test"),
        Row("geonames:9", "Ouagadougou", 12.37, -1.53, "city", country="BF", admin1="BF-CEN", population=1_500_000,
            importance=6.2, source="test"),
        Row("admin1:BF-LUV", "Luvira", 13.0, -2.0, "admin1", country="BF", admin1="BF-LUV", importance=5.5,
            source="test"),
        Row("geonames:7", "Luvira Seat", 13.2, -2.3, "city", country="BF", admin1="BF-LUV", population=80_000,
            importance=4.9, source="test"),
        Row("geonames:8", "Small Luvira", 13.1, -1.9, "city", country="BF", admin1="BF-LUV", population=5_000,
            importance=3.7, source="test"),
        Row("geonames:10", "Chapel", 14.0, -3.0, "city", country="ML", admin1="ML-4", population=4_000,
            importance=3.6, source="test"),
        Row("geonames:12", "Tampouy", 12.40, -1.56, "city", country="BF", admin1="BF-CEN", population=20_000,
            importance=4.3, source="test"),
        Row("geonames:11", "Kalzūr", 12.9, -0.9, "city", country="BF", admin1="BF-CES", population=7_000,
            importance=3.8, source="test"),
    ]
    gazetteer.build(path, rows=rows, demonyms=[], abbreviations=[])
    return path


@pytest.fixture
def towns(towns_gazetteer, monkeypatch):
    monkeypatch.setenv("GARRISON_GAZETTEER", str(towns_gazetteer))
    return towns_gazetteer


def test_a_town_after_a_locative_preposition_is_a_place_even_when_no_stage_took_it(towns):
    # the hand-made analysis has no toponym at all: what the places stage leaves out when the model
    # calls a town a person or an organisation
    event = only(run(analysis("Angry traders blocked the main road in Sebbaga on Monday.")), "PROTEST")
    assert (event.location.name, event.location.country) == ("Sebbaga", "BF")
    assert event.attributes["location_basis"] in ("syntax", "sentence")


def test_a_town_qualifying_local_people_is_where_they_acted(towns):
    event = only(run(analysis("Hundreds of Tambaoui residents protested against the new market tax.")), "PROTEST")
    assert event.location.name == "Tambaoui"


def test_a_town_naming_a_local_institution_places_what_happened_there(towns):
    events = run(analysis("A Tambaoui bank branch was burnt by angry depositors."))
    assert [e.location.name for e in events if e.location is not None] == ["Tambaoui"] * len(events)
    assert events


def test_a_country_the_report_names_picks_the_namesake():
    candidates = [_Candidate("Kouri", "city", "BF", 3.3), _Candidate("Kouri", "city", "ML", 4.5)]
    assert unrecognised.pick(candidates, {"BF"}).country == "BF"
    assert unrecognised.pick(candidates, set()).country == "ML"  # clearly better known, no country named
    close = [_Candidate("Nabrouga", "city", "BF", 3.9), _Candidate("Nabrouga", "city", "ML", 3.95)]
    assert unrecognised.pick(close, set()) is None  # the text cannot tell


def test_a_named_country_picks_the_namesake_in_a_whole_report(towns):
    a = analysis("In Burkina Faso, farmers protested in Kouri against land grabs.",
                 places={"Burkina Faso": (12.3, -1.5, "country")})
    a.toponyms[0].place.country = "BF"
    event = only(run(a), "PROTEST")
    assert (event.location.name, event.location.country) == ("Kouri", "BF")


def test_a_name_that_is_not_in_a_place_phrase_is_not_looked_up(towns):
    # "Kouri" here is a person's name: nothing in the sentence says it is a place
    events = run(analysis("Soldiers arrested Kouri and two of his brothers."))
    assert all(e.location is None for e in events)


def test_a_stand_in_for_an_unmatched_name_yields_to_a_place_the_sentence_names(towns):
    # the places stage could not match "Upper Wadi region" and gave it the report's main place (score 0)
    a = analysis("Drones hit militant bases near Sebbaga town in the Upper Wadi region.",
                 places={"Upper Wadi region": (39.7, -98.5, "country")})
    a.toponyms[0].score = 0.0
    event = only(run(a), "ASSAULT")
    assert event.location.name == "Sebbaga"


def test_a_loose_alias_is_taken_only_where_the_sentence_vouches_for_it(towns):
    # the places stage found "Tambawi" but left it unresolved: an alias nothing in a short note supports
    text = "Gunmen shot a student in Tambawi."
    a = analysis(text)
    a.toponyms.append(Toponym(a.document.id, text.index("Tambawi"), text.index("Tambawi") + 7, "Tambawi"))
    event = only(run(a), "ASSAULT")
    assert event.location.name == "Tambaoui"
    b = analysis("Gunmen shot Tambawi, a student.")
    assert all(e.location is None for e in run(b))


def _luvira(text):
    a = analysis(text, places={"Luvira": (13.0, -2.0, "admin1")})
    region = a.toponyms[0].place
    region.country, region.admin1, region.precision = "BF", "BF-LUV", 3
    return a


def test_a_report_naming_only_a_region_puts_its_event_at_the_regions_main_town(towns):
    event = only(run(_luvira("Suspected party cadres attacked three candidates in Luvira.")), "ASSAULT")
    assert event.location.name == "Luvira Seat"
    assert event.attributes["geo_precision"] == 3  # somewhere in the region, as ACLED codes it
    assert event.attributes["location_text"] == "Luvira"


def test_a_report_that_names_towns_leaves_a_region_level_event_at_the_region(towns):
    a = _luvira("Suspected party cadres attacked three candidates in Luvira. Police later arrested two men "
                "in Sebbaga.")
    event = [e for e in run(a) if e.type == "ASSAULT"][0]
    assert event.location.name == "Luvira"


def test_a_report_that_names_countries_looks_no_further_than_their_neighbours():
    tunis = [_Candidate("Tunis", "city", "TN", 7.3), _Candidate("Tunis", "city", "ID", 0.3)]
    assert unrecognised.pick(tunis, {"DZ"}).country == "TN"  # "Algerian lawyers protested in Tunis"
    palmyra = [_Candidate("Palmyra", "city", "US", 4.0)]
    assert unrecognised.pick(palmyra, {"SY", "RU"}) is None  # a report on Syria
    assert unrecognised.pick(palmyra, set()).country == "US"


def test_a_misspelt_town_in_a_place_phrase_is_found_by_its_near_miss_spelling(towns):
    event = only(run(analysis("Party cadres attacked a rival candidate in Tambaouii.")), "ASSAULT")
    assert event.location.name == "Tambaoui"


def test_a_report_that_is_one_unpunctuated_line_is_read_not_dropped_as_a_headline(towns):
    event = only(run(analysis("Court clerks protested in Sebbaga")), "PROTEST")
    assert event.location.name == "Sebbaga"


def test_a_coders_cue_before_a_bracketed_site_places_the_sentence_even_when_its_bracket_is_left_open(towns):
    text = "Looting: gunmen stormed a clinic in Goz Tenga (coded to Small Luvira (Luvira Seat, Luvira) and looted it."
    event = [e for e in run(analysis(text)) if e.trigger == "stormed"][0]
    assert event.location.name == "Small Luvira"
    assert event.attributes["location_basis"] == "coded"


def test_a_coders_location_places_a_move_too(towns):
    text = ("Movement of forces: soldiers deployed forces to Sebbaga, "
            "location coded to Small Luvira (Luvira Seat, Luvira).")
    event = only(run(analysis(text)), "DEPLOY")
    assert event.location.name == "Small Luvira"
    assert event.destination is not None and event.destination.name == "Sebbaga"  # the move keeps its path


def test_a_town_a_direction_is_measured_from_is_the_place(towns):
    event = only(run(analysis("A fierce battle between two clan militias has erupted west of Sebbaga.")), "FIGHT")
    assert event.location.name == "Sebbaga"


def test_a_town_is_read_from_a_name_closed_by_its_kind_of_place_words(towns):
    event = only(run(analysis("Gunmen attacked a farm in Tambaoui Local Government Area, killing four.")), "ASSAULT")
    assert event.location.name == "Tambaoui"


def _burkina(text):
    a = analysis(text, places={"Burkina Faso": (12.3, -1.5, "country")})
    a.toponyms[0].place.country = "BF"
    return a


def test_an_event_at_a_national_institution_is_placed_in_the_capital_of_the_one_country_named(towns):
    a = _burkina("Teachers from all regions of Burkina Faso held a sit-in outside the Ministry of Finance.")
    event = [e for e in run(a) if e.location is not None][0]
    assert event.location.name == "Ouagadougou"
    assert event.attributes["location_basis"] == "capital"


def test_a_national_institution_does_not_move_an_event_of_a_report_that_names_its_town(towns):
    a = _burkina("Teachers from Burkina Faso held a sit-in outside the Ministry of Finance in Sebbaga.")
    event = [e for e in run(a) if e.location is not None][0]
    assert event.location.name == "Sebbaga"


# --- helpers


class _Candidate:
    def __init__(self, name, feature, country, importance, match="name"):
        self.name, self.feature, self.country, self.importance, self.match = name, feature, country, importance, match


def test_a_particle_that_is_an_english_preposition_ends_the_name_before_it(towns):
    # "at" joins Arabic names ("at-Tall"), but here it heads the place: "Ansar Dine at Sebbaga" is no name
    event = only(run(analysis("Troops fought Ansar Dine at Sebbaga on Friday.")), "FIGHT")
    assert event.location.name == "Sebbaga"


def test_a_name_continued_by_of_and_a_name_is_an_institution_not_a_town(towns):
    event = only(run(analysis("Nurses protested outside the Chapel of Saint Anne in Sebbaga.")), "PROTEST")
    assert event.location.name == "Sebbaga"
    event = only(run(analysis("Nurses protested outside the Chapel University of Mines in Sebbaga.")), "PROTEST")
    assert event.location.name == "Sebbaga"


def test_a_name_lent_the_reports_main_place_is_looked_up_in_that_country_only(towns):
    # the places stage could not match "Nabrouga District" and lent it the report's country, Mali (score 0):
    # the name before the kind-of-place word is Mali's Nabrouga, not Burkina Faso's
    text = "Angry traders blocked the main road in Nabrouga District."
    a = analysis(text, places={"Nabrouga District": (17.0, -4.0, "country")})
    a.toponyms[0].place.country, a.toponyms[0].score = "ML", 0.0
    event = only(run(a), "PROTEST")
    assert (event.location.name, event.location.country) == ("Nabrouga", "ML")


def _misread(text, name, label):
    """The shared parse of ``text`` with ``name`` given the model's wrong ``label``, and the names found."""
    from spacy.tokens import Span

    from garrison import nlp
    from garrison.events import where
    from garrison.places import gazetteer

    doc = next(iter(nlp.pipe([text])))
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    doc.ents = [Span(doc, span.start, span.end, label=label)]
    places = where._Places({})
    unrecognised.add_sites(analysis(text), doc, places, lambda: gazetteer.get())
    return {doc[i].text: found.place.name for i, found in places.by_token.items()}


def test_a_misread_name_qualifying_a_kind_of_place_is_matched_by_its_spelling_too(towns):
    assert _misread("Police set up roadblocks in the Kalzour area.", "Kalzour", "NORP") == {"Kalzour": "Kalzūr"}
    # in a bare locative phrase a misread name needs its exact name
    assert _misread("Police set up roadblocks in Kalzour.", "Kalzour", "NORP") == {}


def _with_town(text, quarter):
    """``text`` naming ``quarter`` resolved abroad (a namesake in Mali) and Ouagadougou resolved."""
    a = analysis(text, places={quarter: (14.0, -3.0, "city"), "Ouagadougou": (12.37, -1.53, "city")})
    a.toponyms[0].place.country, a.toponyms[1].place.country = "ML", "BF"
    return a


def test_a_name_written_with_its_town_is_inside_the_town(towns):
    # the places stage took a namesake abroad; the gazetteer knows one in the town
    event = only(run(_with_town("Traders protested in Tampouy, Ouagadougou.", "Tampouy")), "PROTEST")
    assert (event.location.name, event.location.country) == ("Tampouy", "BF")
    # a quarter the gazetteer lacks: the town stands in
    event = only(run(_with_town("Traders protested in Gounghin, Ouagadougou.", "Gounghin")), "PROTEST")
    assert event.location.name == "Ouagadougou"
    assert event.attributes["location_text"] == "Gounghin"


def test_a_list_of_towns_is_not_read_as_a_name_and_its_town(towns):
    a = _with_town("Traders protested in Gounghin, Ouagadougou and Sebbaga.", "Gounghin")
    a.toponyms.append(Toponym(a.document.id, a.document.text.index("Sebbaga"), a.document.text.index("Sebbaga") + 7,
                              "Sebbaga", place=a.toponyms[1].place))
    # a list of towns: one protest per town (ACLED's one row per location), the first still the namesake it was
    first = next(e for e in run(a) if e.type == "PROTEST")
    assert first.location.country == "ML" and first.attributes["location_text"] == "Gounghin"
