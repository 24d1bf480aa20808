"""The places stage over analyses, and the real gazetteer on military-site reporting (our own sentences)."""

from __future__ import annotations

import pytest

from garrison.model import Analysis, Document, Label, Mention
from garrison.places import stage
from garrison.places.resolve import distance_km


def test_stage_uses_entity_mentions_when_present(small_index, monkeypatch):
    monkeypatch.setenv("GARRISON_GAZETTEER", str(small_index))
    text = "Officials in Benghazi met envoys from Lebanon and Jane Smith."
    doc = Document(text=text)
    mentions = [Mention(doc.id, 13, 21, "Benghazi", Label.GPE), Mention(doc.id, 38, 45, "Lebanon", Label.GPE),
                Mention(doc.id, 50, 60, "Jane Smith", Label.PERSON)]
    [analysis] = stage.run([Analysis(document=doc, mentions=mentions)])
    found = {t.text: t.place for t in analysis.toponyms}
    assert set(found) == {"Benghazi", "Lebanon"}
    assert found["Benghazi"].geonameid == 88319 and found["Benghazi"].precision == 2
    assert found["Lebanon"].id == "country:LB" and found["Lebanon"].precision == 3


def test_stage_reads_the_gazetteer_its_settings_name_not_the_environment(small_index, monkeypatch, tmp_path):
    from garrison.config import Settings

    monkeypatch.setenv("GARRISON_GAZETTEER", str(tmp_path / "missing" / "index.sqlite"))
    text = "Officials in Benghazi met envoys."
    doc = Document(text=text)
    [analysis] = stage.run([Analysis(document=doc, mentions=[Mention(doc.id, 13, 21, "Benghazi", Label.GPE)])],
                           Settings(gazetteer=small_index))
    assert [t.place.geonameid for t in analysis.toponyms] == [88319]
    assert not (tmp_path / "missing").exists()


SITES = [  # (sentence of ours, mention, true lat, lon)
    ("Cargo flights landed at the al-Khadim base east of Benghazi.", "al-Khadim", 31.9985, 21.1918),
    ("A jamming aircraft was hit on the runway at Jufra air base.", "Jufra", 29.198, 16.0),
    ("Transport planes now use Ghardabiya, close to Syrte.", "Ghardabiya", 31.06, 16.59),
    ("Engineers extended the strip at Brak al-Shati in the Fezzan.", "Brak al-Shati", 27.65, 14.27),
    ("Supplies move through Maaten al-Sarra toward Chad.", "Maaten al-Sarra", 21.69, 21.83),
    ("Warships may dock in the port of Torbruk instead of Tartous.", "Torbruk", 32.08, 23.96),
    ("Warships may dock in Torbruk instead of Tartous.", "Tartous", 34.89, 35.87),
    ("Russian jets left Hmeimim for the last time.", "Hmeimim", 35.40, 35.95),
    ("New hangars rose at air base 101 in Bamako.", "air base 101", 12.53, -7.95),
    ("Militia convoys were seen near Sirte and Benghazi.", "Sirte", 31.21, 16.59),
    ("Militia convoys were seen near Sirte and Benghazi.", "Benghazi", 32.11, 20.07),
]


@pytest.mark.parametrize("sentence, name, lat, lon", SITES)
def test_military_sites_resolve_within_25_km(sites, sentence, name, lat, lon):
    from garrison.places.resolve import Item, resolve_items

    start = sentence.index(name)
    items = [Item(start, start + len(name), name)]
    resolve_items(sentence, items, sites)
    place = items[0].choice
    assert place is not None and distance_km(place.lat, place.lon, lat, lon) <= 25


@pytest.mark.parametrize("name, lat, lon, within", [("Fezzan", 26.0, 14.0, 300), ("Cyrenaica", 30.5, 22.0, 400),
                                                     ("northern Mali", 19.0, -1.5, 400)])
def test_regions_resolve_to_centroids(sites_index, name, lat, lon, within):
    from garrison.places import geocode

    place = geocode(name, gazetteer_path=sites_index)
    assert place is not None and place.precision == 3
    assert distance_km(place.lat, place.lon, lat, lon) <= within


def test_end_to_end_with_spacy_finds_bases_ner_mislabels(sites_index):
    from garrison.places import geoparse

    text = ("Russia moved S-400 batteries from Hmeimim to al-Khadim, officials in Washington said. "
            "The Libyan National Army controls Cyrenaica.")
    found = {t.text: t.place for t in geoparse(text, gazetteer_path=sites_index)}
    assert {"Hmeimim", "al-Khadim", "Cyrenaica", "Libyan"} <= set(found)
    assert found["al-Khadim"].feature == "airbase" and found["Libyan"].country == "LY"
    assert found["Washington"].country == "US"


def test_end_to_end_direction_regions_and_misspelt_ports(sites_index):
    from garrison.places import geoparse

    text = ("Mercenaries took heavy losses in northern Mali last summer. "
            "Ships could use the port of Torbruk in Libya if Tartus closes.")
    found = {t.text: t.place for t in geoparse(text, gazetteer_path=sites_index)}
    assert found["Mali"].id == "overlay:northern-mali"
    assert found["Torbruk"].name == "Tobruk"
    assert distance_km(found["Tartus"].lat, found["Tartus"].lon, 34.9, 35.87) < 25
