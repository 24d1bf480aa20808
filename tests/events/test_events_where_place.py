"""The event's place (garrison/events/where.py and the names it reads back, garrison/events/unrecognised.py):
misread town names in locative phrases, a people's word that is a town, one sense per report, "between X and
Y", "Mali's capital", and a paragraph's site over the country a report names most. Our own sentences, on a
small gazetteer of invented towns."""

from __future__ import annotations

import pytest

from garrison.events import stage, unrecognised
from garrison.model import Place, Toponym

from .helpers import analysis, only


def run(a):
    return stage.run([a])[0].events


@pytest.fixture(scope="module")
def where_gazetteer(tmp_path_factory):
    from garrison.places import gazetteer
    from garrison.places.gazetteer_sources import Row

    path = tmp_path_factory.mktemp("gaz") / "where.sqlite"
    rows = [
        Row("country:ML", "Mali", 17.0, -4.0, "country", country="ML", population=20_000_000, importance=7.3,
            source="test"),
        Row("country:GB", "United Kingdom", 54.0, -2.0, "country", country="GB", population=60_000_000,
            importance=7.8, source="test", demonyms=["British", "Brits"]),
        Row("geonames:1", "Bamako", 12.65, -8.0, "city", country="ML", admin1="ML-BKO", population=2_000_000,
            importance=6.3, source="test"),
        Row("geonames:2", "Dorandiba", 14.1, -3.2, "city", country="ML", admin1="ML-4", population=80_000,
            importance=4.9, source="test"),
        Row("geonames:3", "Kessabou", 14.3, -3.0, "city", country="ML", admin1="ML-4", population=3_000,
            importance=3.5, source="test", aliases=["Kessabou-Dioura"]),
        # a town abroad that an old name of the Malian one also points to
        Row("geonames:4", "Tellmore", 40.0, -75.0, "city", country="US", admin1="US-PA", population=20_000,
            importance=4.3, source="test", aliases=["Sanbara"]),
        Row("geonames:5", "Sanbara", 13.8, -4.1, "city", country="ML", admin1="ML-4", population=4_000,
            importance=3.6, source="test"),
        # a town called like a people
        Row("geonames:6", "Brits", 13.5, -5.5, "city", country="ML", admin1="ML-4", population=30_000,
            importance=4.5, source="test"),
        # a region of Mali and a town abroad that shares its name
        Row("overlay:high-plateau", "Vorano Plateau", 15.0, -2.0, "region", country="ML", importance=7.0,
            source="test", aliases=["Vorano"]),
        Row("geonames:7", "Vorano", -2.0, -78.0, "city", country="EC", admin1="EC-1", population=5_000,
            importance=3.7, source="test"),
        Row("icao:GAXX", "Dorandiba Air Base", 14.12, -3.22, "airbase", country="ML", importance=4.0, source="test",
            aliases=["Dorandiba air base"]),
    ]
    gazetteer.build(path, rows=rows, demonyms=[], abbreviations=[])
    return path


@pytest.fixture
def where_gaz(where_gazetteer, monkeypatch):
    monkeypatch.setenv("GARRISON_GAZETTEER", str(where_gazetteer))
    return where_gazetteer


def _read_back(text, name, label, toponyms=()):
    """The shared parse of ``text`` with ``name`` given the model's ``label``, and the names read back."""
    from spacy.tokens import Span

    from garrison import nlp
    from garrison.events import where
    from garrison.places import gazetteer

    doc = next(iter(nlp.pipe([text])))
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    doc.ents = [Span(doc, span.start, span.end, label=label)]
    a = analysis(text)
    a.toponyms.extend(toponyms)
    places = where._Places({})
    for toponym in toponyms:
        for token in doc.char_span(toponym.start, toponym.end, alignment_mode="expand"):
            places.by_token[token.i] = toponym
    unrecognised.add_sites(a, doc, places, lambda: gazetteer.get())
    return {doc[i].text: found.place.name for i, found in places.by_token.items() if found.place is not None}


def test_a_misread_name_after_a_locative_preposition_may_be_a_misspelling(where_gaz):
    # the model calls the town a person; "in" says it is a place, and the spelling is one letter off
    assert _read_back("Two traders were shot in Dorandaba.", "Dorandaba", "PERSON") == {"Dorandaba": "Dorandiba"}
    # not where nothing says it is a place
    assert _read_back("Dorandaba shot two traders.", "Dorandaba", "PERSON") == {}


def test_a_misread_name_in_a_locative_phrase_may_be_a_full_alias_but_an_own_name_comes_first(where_gaz):
    found = _read_back("Militants raided a camp at Kessabou-Dioura overnight.", "Kessabou-Dioura", "FAC")
    assert set(found.values()) == {"Kessabou"}
    # "Sanbara" is the Malian town's own name and only an old name of the American one
    assert _read_back("Youths burnt tyres in Sanbara on Friday.", "Sanbara", "ORG") == {"Sanbara": "Sanbara"}


def test_a_peoples_word_after_a_locative_preposition_is_the_town_of_that_name(where_gaz):
    text = "A school was set alight near Brits in the night."
    start = text.index("Brits")
    people = Toponym("d", start, start + 5, "Brits", mention_label="NORP", score=5.0,
                     place=Place(id="country:GB", name="United Kingdom", lat=54.0, lon=-2.0, feature="country",
                                 country="GB"))
    assert _read_back(text, "Brits", "NORP", [people]) == {"Brits": "Brits"}
    # a people's word as the subject stays the people
    text = "Brits on holiday were robbed at the market."
    people = Toponym("d", 0, 5, "Brits", mention_label="NORP", score=5.0, place=people.place)
    assert _read_back(text, "Brits", "NORP", [people]) == {"Brits": "United Kingdom"}


def test_a_name_resolved_at_another_mention_means_the_same_place_here(where_gaz):
    text = "A mine hit a patrol in central Vorano. The patrol was crossing the dunes in central Vorano."
    second = text.rindex("Vorano")
    region = Toponym("d", second, second + 6, "Vorano", mention_label="GPE", score=8.0,
                     place=Place(id="overlay:high-plateau", name="Vorano Plateau", lat=15.0, lon=-2.0,
                                 feature="region", country="ML", precision=3))
    found = _read_back(text, "patrol", "ORG", [region])
    assert found == {"Vorano": "Vorano Plateau"}  # both mentions: never the Ecuadorian town


def test_an_event_between_two_towns_is_put_at_the_first_the_gazetteer_knows(where_gaz):
    events = run(analysis("Gunmen ambushed a minibus between Zzyxtown and Dorandiba, killing three passengers."))
    event = events[0]
    assert event.location.name == "Dorandiba"
    assert event.attributes["geo_precision"] == 2  # near it, not at it
    # two countries "between" are parties, not reference points
    events = run(analysis("Fighting between Mali and Algeria-backed rebels killed three soldiers.",
                          places={"Mali": (17.0, -4.0, "country")}))
    assert all(e.location is None or e.location.feature == "country" for e in events)


def test_a_countrys_capital_named_by_the_word_is_the_capital_city(where_gaz):
    a = analysis("Dozens of armoured vehicles arrived in Mali's capital on Friday.",
                 places={"Mali": (17.0, -4.0, "country")})
    a.toponyms[0].place.country = "ML"
    event = only(run(a), "TRANSFER")
    assert event.location.name == "Bamako"
    a = analysis("Dozens of armoured vehicles arrived in northern Mali on Friday.",
                 places={"Mali": (17.0, -4.0, "country")})
    a.toponyms[0].place.country = "ML"
    assert only(run(a), "TRANSFER").location.name == "Mali"


def test_a_paragraphs_own_site_beats_the_country_the_report_names_most(where_gaz):
    text = ("Mali receives new drones\n\nMali has received four new drones, the ministry announced during a ceremony "
            "at the Dorandiba air base.\n\nMali says the drones will patrol the north. Mali paid for them itself.")
    a = analysis(text)
    for i, mention in enumerate(_all(text, "Mali")):
        a.toponyms.append(Toponym(a.document.id, mention, mention + 4, "Mali", score=9.0, mention_label="GPE",
                                  place=Place(id="country:ML", name="Mali", lat=17.0, lon=-4.0, feature="country",
                                              country="ML", precision=3)))
    start = text.index("Dorandiba air base")
    a.toponyms.append(Toponym(a.document.id, start, start + len("Dorandiba air base"), "Dorandiba air base", score=8.0, mention_label="FACILITY",
                              place=Place(id="icao:GAXX", name="Dorandiba Air Base", lat=14.12, lon=-3.22,
                                          feature="airbase", country="ML", precision=1)))
    received = [e for e in run(a) if e.type == "TRANSFER" and "received" in (e.trigger or "")]
    assert received and received[0].location.name == "Dorandiba Air Base"


def _all(text, word):
    at, out = text.find(word), []
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def test_a_national_institution_speaks_from_its_countrys_capital(where_gaz):
    # the report names a town, so the capital is not a guess for a report that names none
    a = analysis("Drones struck a market in Dorandiba on Sunday. Mali's foreign ministry condemned the strikes as "
                 "a grave escalation.", places={"Dorandiba": (14.1, -3.2, "city"), "Mali": (17.0, -4.0, "country")})
    a.toponyms[1].place.country = "ML"
    assert only(run(a), "ACCUSE").location.name == "Bamako"
    # an office in a town speaks from that town
    a = analysis("The Malian embassy in Dorandiba condemned the strikes as a grave escalation.",
                 places={"Dorandiba": (14.1, -3.2, "city")})
    assert only(run(a), "ACCUSE").location.name == "Dorandiba"


def test_a_town_naming_a_force_through_its_compounds_says_whose_not_where(where_gaz):
    a = analysis("Four soldiers were killed in fighting with the Dorandiba Defence Brigades near Kessabou.",
                 places={"Dorandiba": (14.1, -3.2, "city"), "Kessabou": (14.3, -3.0, "city")})
    assert only(run(a), "FIGHT").location.name == "Kessabou"


def test_where_the_doers_came_from_is_not_where_they_struck(where_gaz):
    for text in ("Drones hit the market of Kessabou on Sunday.\n\nThe drones were most likely operating from "
                 "Dorandiba, analysts said, after footage showed debris of guided bombs.",
                 "Drones hit the market of Kessabou on Sunday. The aircraft were most likely operating from Dorandiba, "
                 "analysts told reporters, after footage of the aftermath showed debris of the guided bombs."):
        a = analysis(text, places={"Dorandiba": (14.1, -3.2, "city"), "Kessabou": (14.3, -3.0, "city")})
        assaults = [e for e in run(a) if e.type == "ASSAULT"]
        assert len(assaults) == 2 and all(e.location.name == "Kessabou" for e in assaults)


def test_a_sentence_naming_only_the_country_of_the_reports_site_tells_about_the_site(where_gaz):
    text = ("Engineers are building new hangars at the Dorandiba air base.\n\n"
            "The ministry said its engineers in Mali were building the hangars at the request of the government.")
    a = analysis(text, places={"Dorandiba air base": (14.12, -3.22, "airbase"), "Mali": (17.0, -4.0, "country")})
    a.toponyms[0].place.country, a.toponyms[1].place.country = "ML", "ML"
    built = [e for e in run(a) if e.type == "CONSTRUCTION"]
    assert len(built) == 2 and all(e.location.name == "Dorandiba air base" for e in built)
    # a sentence of another country keeps its own
    text = ("Engineers are building new hangars at the Dorandiba air base.\n\n"
            "The ministry said its engineers in Niger were building hangars too.")
    a = analysis(text, places={"Dorandiba air base": (14.12, -3.22, "airbase"), "Niger": (17.0, 9.0, "country")})
    a.toponyms[0].place.country, a.toponyms[1].place.country = "ML", "NE"
    built = [e for e in run(a) if e.type == "CONSTRUCTION"]
    assert [e.location.name for e in built] == ["Dorandiba air base", "Niger"]


def test_what_talks_are_about_is_not_where_they_are_held_and_a_meeting_in_a_country_is_in_its_capital(where_gaz):
    text = ("Mali asked the foreign troops to leave.\n\n"
            "Talks on a British withdrawal are expected to begin next week, two officials said.")
    a = analysis(text, places={"Mali": (17.0, -4.0, "country"), "British": (54.0, -2.0, "country")})
    a.toponyms[0].place.country, a.toponyms[1].place.country = "ML", "GB"
    a.toponyms[1].mention_label = "GPE"  # even read as the country's name, the topic says nothing of the venue
    talks = [e for e in run(a) if e.type == "CONSULT"]
    assert talks and talks[0].location.name == "Bamako"
    assert talks[0].attributes["geo_precision"] == 3  # the country is what is known; its capital stands in


def test_a_sentence_naming_only_the_region_of_the_reports_site_tells_about_the_site(where_gaz):
    text = ("Engineers are building new hangars at the Dorandiba air base.\n\n"
            "Engineers on the Vorano Plateau were building the hangars for the army.")
    a = analysis(text, places={"Dorandiba air base": (14.12, -3.22, "airbase"), "Vorano Plateau": (15.0, -2.0, "region")})
    a.toponyms[0].place.country, a.toponyms[1].place.country = "ML", "ML"
    a.toponyms[1].place.precision = 3
    built = [e for e in run(a) if e.type == "CONSTRUCTION"]
    assert [e.location.name for e in built] == ["Dorandiba air base", "Dorandiba air base"]
    # a region far from the site is another place
    a = analysis(text, places={"Dorandiba air base": (14.12, -3.22, "airbase"), "Vorano Plateau": (24.0, 6.0, "region")})
    a.toponyms[0].place.country, a.toponyms[1].place.country = "ML", "ML"
    a.toponyms[1].place.precision = 3
    built = [e for e in run(a) if e.type == "CONSTRUCTION"]
    assert [e.location.name for e in built] == ["Dorandiba air base", "Vorano Plateau"]


def test_the_place_inside_what_a_source_points_to_is_the_events_not_the_sources():
    text = ("A drone struck a cargo plane at Kamo air base in June, the radio reported.\n\n"
            "In its report, the radio also pointed to the targeting of a second plane that was parked "
            "on the runway at Dorla airfield in December.")
    places = {"Kamo air base": (25.0, 20.0, "airbase"), "Dorla airfield": (27.0, 21.0, "airfield")}
    strikes = [e for e in run(analysis(text, places=places)) if e.type == "ASSAULT"]
    second = max(strikes, key=lambda e: e.claims[0].evidence[0].start)
    # "pointed to …" is the source's act; what it points to keeps its own place, not the earlier strike's base
    assert second.location is not None and second.location.name == "Dorla airfield"
