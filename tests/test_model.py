"""The record model: JSON round trip and stable ids."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from garrison.model import (
    Analysis,
    Claim,
    DateSource,
    Document,
    Entity,
    Event,
    Evidence,
    Label,
    Mention,
    Place,
    Precision,
    Stance,
    TimeExpression,
    TimeSpan,
    Toponym,
    document_id,
    entity_id,
)


def test_a_document_id_ignores_case_spacing_and_unicode_forms_but_not_words():
    assert document_id("Wagner  is now\nAfrica Corps") == document_id("wagner is now africa corps")
    assert document_id("Ｗagner") == document_id("Wagner")  # NFKC folds full-width letters
    assert document_id("Wagner is now Africa Corps") != document_id("Wagner is not Africa Corps")
    assert Document(text="A").id == document_id("a") and len(Document(text="A").id) == 20


def test_entity_ids_are_readable_and_stable():
    assert entity_id(Label.EQUIPMENT, "S-400 Triumf") == "equipment:s-400-triumf"
    assert Entity(Label.PERSON, "Assimi Goïta").id == "person:assimi-goita"


def test_an_analysis_survives_a_json_round_trip():
    span = TimeSpan(date(2024, 6, 1), date(2024, 6, 30), Precision.MONTH, "2024-06", "last June",
                    date(2024, 11, 22), anchor_inferred=True)
    place = Place("icao:HL59", "Al Khadim", 31.998, 21.19, "airbase", "LY", precision=1)
    doc = Document(text="A drone hit an Il-76 at al-Khadim last June.", published=date(2024, 11, 22),
                   published_source=DateSource.DATELINE, ingested_at=datetime(2024, 11, 23, tzinfo=timezone.utc),
                   meta={"dateline": "Fri. Nov 22nd, 2024"})
    claim = Claim("", doc.id, [Evidence(0, 44, doc.text)], "RFI", ["RFI", "witnesses"], stance=Stance.REPORTED)
    event = Event("ASSAULT", doc.id, "air/drone strike", "hit", materiel=["equipment:il-76"], location=place,
                  time=span, claims=[claim])
    analysis = Analysis(
        doc,
        [Mention(doc.id, 21, 26, "Il-76", Label.EQUIPMENT, "equipment:il-76", "lexicon", 0)],
        [Entity(Label.EQUIPMENT, "Il-76", attributes={"origin_country": "RU"})],
        [Toponym(doc.id, 30, 39, "al-Khadim", place, 0.9, "FACILITY")],
        [TimeExpression(doc.id, 40, 49, "last June", "DATE", "2024-06", span)],
        [event],
    )
    text = json.dumps(analysis.to_dict())
    back = Analysis.from_dict(json.loads(text))
    assert back == analysis
    assert back.events[0].claims[0].event_id == event.id and event.id.startswith("e:")
    assert isinstance(back.events[0].time.start, date) and back.events[0].claims[0].stance is Stance.REPORTED
    assert "nlp_doc" not in analysis.to_dict()
