"""Sites an analyst reads off a report's framing rather than its verbs: works on a facility of their own are not put
at another happening's site (conventions rule 3), and a site that is to take over from another site of an actor is
that actor's prospective site (garrison/events/prospective.py).  Our own sentences, on a small gazetteer."""

from __future__ import annotations

import pytest

from garrison.events import stage
from garrison.model import Analysis, Document, Label, Mention, Place, Toponym

COUNTRIES = {"Mali": ("ML", 17.0, -4.0), "Libya": ("LY", 27.0, 17.0), "Syria": ("SY", 35.0, 38.0),
             "Russia": ("RU", 60.0, 90.0)}
SITES = {"Kessaba air base": ("ML", 12.5, -7.9, "airbase"), "Dorandi": ("ML", 12.6, -8.0, "city"),
         "Zawarin": ("LY", 32.1, 23.9, "city"), "Qalamoun": ("SY", 34.9, 35.9, "city"),
         "Hasrat": ("LY", 29.1, 16.0, "airbase"), "Wadi Sel": ("LY", 31.0, 16.7, "airbase")}


@pytest.fixture(scope="module")
def small_gazetteer(tmp_path_factory):
    from garrison.places import gazetteer
    from garrison.places.gazetteer_sources import Row

    path = tmp_path_factory.mktemp("gaz") / "prospective.sqlite"
    rows = [Row(f"country:{code}", name, lat, lon, "country", country=code, population=10_000_000, importance=7.0,
                source="test") for name, (code, lat, lon) in COUNTRIES.items()]
    gazetteer.build(path, rows=rows, demonyms=[], abbreviations=[])
    return path


@pytest.fixture
def gaz(small_gazetteer, monkeypatch):
    monkeypatch.setenv("GARRISON_GAZETTEER", str(small_gazetteer))


def _analysis(text: str, actors: dict[str, str]) -> Analysis:
    a = Analysis(Document(text=text, outlet="Test Wire"))
    for table in (COUNTRIES, SITES):
        for name, value in table.items():
            code, lat, lon = value[:3]
            feature = value[3] if len(value) > 3 else "country"
            at = text.find(name)
            while at >= 0:
                place = Place(id=f"test:{name.lower()}", name=name, lat=lat, lon=lon, feature=feature, country=code,
                              precision=3 if feature == "country" else 1)
                a.toponyms.append(Toponym(a.document.id, at, at + len(name), name, place=place, score=9.0,
                                          mention_label="GPE" if feature in ("country", "city") else "FAC"))
                at = text.find(name, at + 1)
    for name, label in actors.items():
        at = text.find(name)
        while at >= 0:
            a.mentions.append(Mention(a.document.id, at, at + len(name), name, Label(label)))
            at = text.find(name, at + 1)
    return a


def _events(text: str, actors: dict[str, str]):
    return stage.run([_analysis(text, actors)])[0].events


WORKS = ("Satellite pictures show that engineers are building new hangars at the Kessaba air base near Dorandi.\n"
         "The junta chief spoke in Dorandi on Monday.\n"
         "\"We are working on {works},\" he said.")


def test_works_on_a_facility_of_their_own_take_the_country_not_another_sites(gaz):
    events = _events(WORKS.format(works="the construction of a drone factory"), {})
    building, factory = (next(e for e in events if e.trigger == word) for word in ("building", "construction"))
    assert building.location.name == "Kessaba air base"
    assert factory.location.name == "Mali"
    assert factory.attributes["location_basis"] == "country"
    assert factory.attributes["geo_precision"] == 3


def test_works_on_the_facility_the_site_was_told_with_stay_at_the_site(gaz):
    events = _events(WORKS.format(works="the construction of the hangars"), {})
    hangars = next(e for e in events if e.trigger == "construction")
    assert hangars.location.name == "Kessaba air base"
    assert hangars.attributes["location_basis"] == "document"



def _taking_over(events):
    return [e for e in events if e.type == "BASE_PRESENCE" and e.location is not None
            and e.location.name == "Zawarin"]


def test_a_port_to_take_over_from_another_site_is_the_clause_actors_prospective_site(gaz):
    text = ("While waiting for the port of Zawarin to possibly take over from that of Qalamoun, Russia would have "
            "access to the bases of Hasrat and Wadi Sel.")
    events = _events(text, {"Russia": "GPE"})
    [port] = _taking_over(events)
    assert port.actors and port.actors == next(e for e in events if e.trigger == "access").actors
    assert port.mode == "headquarters or base established"
    assert port.claims[0].stance.value in ("speculated", "planned")
    assert not port.attributes.get("background"), "what is waited for is not a purpose"
    assert not [e for e in events if e.type == "FIGHT"]


def test_a_site_a_relative_clause_says_will_replace_another_is_planned(gaz):
    text = "Russia is enlarging the port of Zawarin, which will replace the naval base at Qalamoun."
    [port] = _taking_over(_events(text, {"Russia": "GPE"}))
    assert port.claims[0].stance.value == "planned"
    assert port.attributes["location_basis"] == "syntax"


def test_no_prospective_site_without_an_actor_or_without_a_site_replaced(gaz):
    assert not _taking_over(_events("The port of Zawarin could take over from that of Qalamoun.", {}))
    assert not _taking_over(_events("Russia said the port of Zawarin could take over more trade.", {"Russia": "GPE"}))


def test_forces_taking_over_a_town_are_no_prospective_site(gaz):
    events = _events("Rebels took over the town of Zawarin from the army on Monday.", {"Rebels": "ARMED_GROUP"})
    assert not [e for e in events if e.type == "BASE_PRESENCE" and e.trigger and "took" in e.trigger]


def test_a_site_taking_over_is_no_capture_of_territory_in_the_codebook():
    from garrison import nlp
    from garrison.events import codebook

    def fights(text):
        doc = next(iter(nlp.pipe([text], "en")))
        return [e for e in codebook.evidence(doc) if e.type == "FIGHT"]

    assert not fights("While waiting for the port of Zawarin to take over from that of Qalamoun, the army waits.")
    assert fights("Rebels took over the town of Zawarin on Monday.")


def test_a_french_site_that_would_replace_another_is_a_prospective_site(gaz):
    text = "La Russie agrandit le port de Zawarin, qui pourrait remplacer la base navale de Qalamoun."
    a = _analysis(text, {"Russie": "GPE"})
    a.document = Document(text=text, outlet="Test Wire", language="fr")
    [port] = _taking_over(stage.run([a])[0].events)
    assert port.actors and port.claims[0].stance.value == "speculated"
