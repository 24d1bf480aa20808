"""Anaphoric country nouns and "the capital" (garrison/events/country_anaphor.py): "in the country", "dans le
pays", "the West African nation" point back at the last country named — not at one that governs the noun, and
within the continent a qualifier says — and "the capital" at the last capital named, else the last country's.
Our own sentences, on a small gazetteer (real ISO codes, for the continents and capitals GeoNames gives them)."""

from __future__ import annotations

import pytest

from garrison.events import stage
from garrison.model import Analysis, Document, Place, Toponym

COUNTRIES = {"Mali": ("ML", 17.0, -4.0), "Niger": ("NE", 17.6, 8.1), "France": ("FR", 46.0, 2.0),
             "Malian": ("ML", 17.0, -4.0), "French": ("FR", 46.0, 2.0)}
TOWNS = {"Bamako": ("ML", 12.65, -8.0), "Dorandiba": ("ML", 14.1, -3.2), "Niamey": ("NE", 13.5, 2.1),
         "Kessabou": ("ML", 14.3, -3.0)}


@pytest.fixture(scope="module")
def anaphor_gazetteer(tmp_path_factory):
    from garrison.places import gazetteer
    from garrison.places.gazetteer_sources import Row

    path = tmp_path_factory.mktemp("gaz") / "anaphor.sqlite"
    rows = [Row(f"country:{code}", name, lat, lon, "country", country=code, population=10_000_000, importance=7.0,
                source="test") for name, (code, lat, lon) in COUNTRIES.items() if not name.endswith(("an", "ch"))]
    rows += [Row(f"geonames:{i}", name, lat, lon, "city", country=code, admin1=f"{code}-1", population=500_000 - i,
                 importance=5.0 - i / 10, source="test") for i, (name, (code, lat, lon)) in enumerate(TOWNS.items(), 1)]
    gazetteer.build(path, rows=rows, demonyms=[], abbreviations=[])
    return path


@pytest.fixture
def gaz(anaphor_gazetteer, monkeypatch):
    monkeypatch.setenv("GARRISON_GAZETTEER", str(anaphor_gazetteer))
    return anaphor_gazetteer


def _analysis(text: str, language: str = "en") -> Analysis:
    """What the places stage would give: every country and town name of the text resolved, a people's word as
    NORP; "the country" and "the capital" are left to the events stage."""
    a = Analysis(Document(text=text, outlet="Test Wire", language=language))
    for table, feature in ((COUNTRIES, "country"), (TOWNS, "city")):
        for name, (code, lat, lon) in table.items():
            at = text.find(name)
            while at >= 0:
                if not text[at + len(name):at + len(name) + 1].isalpha() and (at == 0 or not text[at - 1].isalpha()):
                    ident = f"country:{code}" if feature == "country" else f"geonames:{list(TOWNS).index(name) + 1}"
                    own = next(n for n, (c, _, _) in table.items() if c == code) if feature == "country" else name
                    place = Place(id=ident, name=own, lat=lat, lon=lon, feature=feature, country=code,
                                  precision=3 if feature == "country" else 2)
                    label = "NORP" if name.endswith(("an", "ch")) else "GPE"
                    a.toponyms.append(Toponym(a.document.id, at, at + len(name), name, place=place, score=9.0,
                                              mention_label=label))
                at = text.find(name, at + 1)
    return a


def _indexed(text: str, language: str = "en", a: Analysis | None = None) -> dict[str, str]:
    """word → the place name the events stage's place index gives it, for the anaphoric words of ``text``."""
    from garrison import nlp
    from garrison.events import where

    a = a or _analysis(text, language)
    doc = next(iter(nlp.pipe([text], language)))
    places = where._places(a, doc)
    return {doc[i].lower_: found.place.name for i, found in places.by_token.items()
            if doc[i].lower_ in ("country", "nation", "pays", "capital", "capitale", "town", "city")
            and found.place is not None}


def _events(text: str):
    return stage.run([_analysis(text)])[0].events


def test_the_country_is_the_last_country_named_as_a_place_not_a_peoples_word(gaz):
    text = ("France has flown two transport aircraft to Mali. French troops would have access to three bases in "
            "the country.")
    assert _indexed(text) == {"country": "Mali"}
    presence = [e for e in _events(text) if e.type == "BASE_PRESENCE"]
    assert presence and presence[0].location.name == "Mali"


def test_a_country_that_governs_the_noun_is_not_the_one_it_points_back_at(gaz):
    # France is the subject of the clause holding "the country": it would be "its own"; Niger is meant
    text = "France is withdrawing its soldiers from Niger but is not leaving its last base in the country."
    assert _indexed(text) == {"country": "Niger"}
    # the referent, not only the mention: France named earlier is still not meant
    text = ("France sent envoys to Niger last week. Officials in Niamey want France to fund the repairs and to help "
            "rebuild the country, a minister said.")
    assert _indexed(text)["country"] == "Niger"


def test_an_owner_is_taken_only_when_no_country_named_as_a_place_fits(gaz):
    text = "Mali is set to become the hub of France's operations, diplomats said. Trainers would stay in the country."
    assert _indexed(text) == {"country": "Mali"}


def test_a_continental_qualifier_rules_out_countries_elsewhere(gaz):
    text = "France and the Malian junta are drafting a deal that would keep trainers in the West African country."
    assert _indexed(text) == {"country": "Mali"}


def test_a_country_noun_with_its_own_complement_or_indefinite_points_back_at_nothing(gaz):
    assert _indexed("France said the drones came from Mali, the country of origin of the convoy.") == {}
    assert _indexed("France said the drones had been sold to Mali by a country it did not name.") == {}


def test_the_capital_is_the_last_capital_named_else_the_capital_of_the_last_country(gaz):
    text = "Officials in Bamako said a French delegation visited the capital on Tuesday."
    assert _indexed(text) == {"capital": "Bamako"}
    meeting = [e for e in _events(text) if e.type == "CONSULT"]
    assert meeting and meeting[0].location.name == "Bamako"
    # no capital named: the capital of the country last named (never France, which governs the noun)
    text = "France sent envoys to Dorandiba in Mali last week. The envoys then toured the capital."
    assert _indexed(text) == {"capital": "Bamako"}


def test_french_le_pays_points_back_at_the_last_country_named(gaz):
    text = "La France a retiré ses soldats du Niger. Des instructeurs resteront dans le pays jusqu'en mars."
    assert _indexed(text, "fr") == {"pays": "Niger"}


def test_the_town_is_the_last_town_named_even_inside_a_forces_name(gaz):
    text = "Soldiers entered Dorandiba on Monday. Residents said gunmen had fired on a market in the town."
    assert _indexed(text) == {"town": "Dorandiba"}
    # the places stage read the name inside the force's name as a district; "the town" says it is the town
    text = "The Kessabou Defence Council says it killed two men sent to stir up trouble in the town."
    a = Analysis(Document(text=text, outlet="Test Wire"))
    at = text.index("Kessabou")
    a.toponyms.append(Toponym(a.document.id, at, at + 8, "Kessabou", score=7.0, mention_label="GPE",
                              place=Place(id="test:kessabou-district", name="Kessabou District", lat=15.0, lon=-2.5,
                                          feature="admin1", country="ML", precision=3)))
    assert _indexed(text, a=a) == {"town": "Kessabou"}


def test_a_second_subject_naming_a_local_chapter_places_the_act(gaz):
    # a loose parse gives "staged" two subjects: the association and its local chapter
    from .helpers import analysis

    a = analysis("The Union of Market Traders, Dorandiba chapter staged a protest over new taxes.",
                 places={"Dorandiba": (14.1, -3.2, "city")})
    protests = [e for e in stage.run([a])[0].events if e.type == "PROTEST"]
    assert protests and protests[0].location.name == "Dorandiba"


def test_a_french_sentence_opening_on_an_unaccented_capital_a_is_placed_by_it(gaz):
    # "A Dorandiba" is "À Dorandiba": the capital's accent dropped, as the French press often prints it
    from .helpers import analysis

    text = ("Les soldats français ont quitté la base de Kessabou lundi. A Dorandiba, les soldats maliens ont quitté "
            "le camp dans la nuit.")
    a = analysis(text, places={"Kessabou": (14.3, -3.0, "city"), "Dorandiba": (14.1, -3.2, "city")})
    a.document = Document(text=text, outlet="Test Wire", published=a.document.published, language="fr")
    second = text.index("A Dorandiba")
    events = stage.run([a])[0].events
    later = [e for e in events if e.attributes.get("trigger_span", [0])[0] > second]
    assert later and all(e.location.name == "Dorandiba" for e in later), [(e.type, e.trigger) for e in events]
