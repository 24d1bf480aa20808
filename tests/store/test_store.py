"""The store behaves the same on SQLite and PostgreSQL: every test here runs on both."""

from __future__ import annotations

from datetime import date

import pytest

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
)
from garrison.pipeline import STAGES
from garrison.store import Store, StoreError

ENTITIES = ["mentions", "entities"]

STRIKE = (
    "A drone hit a Russian Il-76 transport on the runway of the al-Khadim air base in eastern Libya last June, "
    "according to the broadcaster."
)
PARADE = "Armoured vehicles including T-72B3 tanks rolled through Bamako on Friday during a parade."

KHADIM = Place("icao:HL59", "Al Khadim air base", 31.998, 21.190, "airbase", "LY", precision=1)
BAMAKO = Place("geonames:2460596", "Bamako", 12.65, -8.0, "city", "ML", precision=2)


@pytest.fixture
def store(store_url):
    s = Store(store_url)
    yield s
    s.close()


def make_doc(text: str, **kwargs) -> Document:
    return Document(text=text, title=kwargs.pop("title", text[:30]), outlet=kwargs.pop("outlet", "RFI"), **kwargs)


def analysed(doc: Document) -> Analysis:
    """An analysis filled in by hand the way the stages fill it in."""
    il76 = Entity(Label.EQUIPMENT, "Il-76", aliases=["Il-76", "Ilyushin"], attributes={"origin_country": "RU"})
    mention = Mention(doc.id, STRIKE.index("Il-76"), STRIKE.index("Il-76") + 5, "Il-76", Label.EQUIPMENT, il76.id)
    start = STRIKE.index("al-Khadim")
    toponym = Toponym(doc.id, start, start + 9, "al-Khadim", KHADIM, 0.9, "FACILITY")
    span = TimeSpan(date(2024, 6, 1), date(2024, 6, 30), Precision.MONTH, "2024-06", "last June", date(2024, 11, 22))
    timex = TimeExpression(doc.id, STRIKE.index("last June"), STRIKE.index("last June") + 9, "last June", "DATE",
                           "2024-06", span)
    claim = Claim("", doc.id, [Evidence(0, len(STRIKE), STRIKE)], "RFI", ["RFI", "the broadcaster"],
                  stance=Stance.REPORTED)
    event = Event("ASSAULT", doc.id, "air/drone strike", "hit", materiel=[il76.id], location=KHADIM, time=span,
                  claims=[claim])
    return Analysis(doc, [mention], [il76], [toponym], [timex], [event])


def test_a_document_is_stored_once_and_read_back_unchanged(store):
    doc = make_doc(STRIKE, published=date(2024, 11, 22), published_source=DateSource.DATELINE, language="en",
                   meta={"dateline": "Fri. Nov 22nd, 2024"})
    assert store.add_document(doc, b"sig") is True
    assert store.add_document(make_doc(STRIKE), b"sig") is False  # same text, same id
    back = store.queries.get_document(doc.id)
    assert back.text == STRIKE and back.published == date(2024, 11, 22)
    assert back.published_source == DateSource.DATELINE and back.meta == {"dateline": "Fri. Nov 22nd, 2024"}
    assert store.queries.get_document(doc.id[:8]).id == doc.id
    assert store.queries.status()["documents"] == 1
    assert list(store.signatures()) == [(doc.id, b"sig")]


def test_full_text_search_finds_titles_and_text_and_tolerates_designations(store):
    store.add_document(make_doc(STRIKE, title="Drone strike at al-Khadim"))
    store.add_document(make_doc(PARADE, title="Parade in Bamako"))
    assert [d.title for d, _ in store.queries.search("Bamako")] == ["Parade in Bamako"]
    hits = store.queries.search("T-72B3")
    assert len(hits) == 1 and "72B3" in hits[0][1] and "[" in hits[0][1]
    assert [d.title for d, _ in store.queries.search("drone Libya")] == ["Drone strike at al-Khadim"]
    assert store.queries.search("Tartus") == []


def test_stage_outputs_round_trip_and_a_rerun_replaces_rather_than_duplicates(store):
    doc = make_doc(STRIKE, published=date(2024, 11, 22))
    store.add_document(doc)
    assert store.pending(["entities", "places", "dates", "events"], limit=10) == [doc.id]
    analysis = analysed(doc)
    for stage in (s for s in STAGES.values() if s.scope == "document"):
        store.save_stage(stage.name, stage.produces, [analysis], 0.5)
        store.save_stage(stage.name, stage.produces, [analysis], 0.5)  # a re-run of the same stage
    assert store.pending(["entities", "places", "dates", "events"], limit=10) == []
    back = store.load_analyses([doc.id])[0]
    assert back.mentions == analysis.mentions
    assert back.entities == analysis.entities
    assert back.toponyms == analysis.toponyms
    assert back.timexes == analysis.timexes
    assert back.events == analysis.events
    info = store.queries.status()
    assert (info["mentions"], info["events"], info["claims"]) == (1, 1, 1)
    assert info["stages"]["events"]["done"] == 1


def test_entities_merge_aliases_across_documents(store):
    first, second = make_doc(STRIKE), make_doc(PARADE)
    for doc in (first, second):
        store.add_document(doc)
    haftar = Entity(Label.PERSON, "Khalifa Haftar", aliases=["Haftar"])
    store.save_stage("entities", ENTITIES, [Analysis(first, [Mention(first.id, 0, 6, "Haftar", Label.PERSON, haftar.id)],
                                           [haftar])], 0.1)
    hafter = Entity(Label.PERSON, "Khalifa Haftar", aliases=["Hafter"])
    store.save_stage("entities", ENTITIES, [Analysis(second, [Mention(second.id, 0, 6, "Hafter", Label.PERSON, hafter.id)],
                                           [hafter])], 0.1)
    (row,) = store.queries.entities(query="hafter")
    assert row["id"] == haftar.id and set(row["aliases"]) == {"Haftar", "Hafter"}
    assert (row["documents"], row["mentions"]) == (2, 2)


def test_a_batch_adds_to_several_stored_entities_and_adds_new_ones_at_once(store):
    first, second = make_doc(STRIKE), make_doc(PARADE)
    for doc in (first, second):
        store.add_document(doc)
    haftar = Entity(Label.PERSON, "Khalifa Haftar", aliases=["Haftar"])
    lna = Entity(Label.ARMED_GROUP, "Libyan National Army", aliases=["LNA"], attributes={"kind": "militia"})
    def mentioned(doc, entities):
        return Analysis(doc, [Mention(doc.id, 0, 6, e.name, e.type, e.id) for e in entities], entities)

    store.save_stage("entities", ENTITIES, [mentioned(first, [haftar, lna])], 0.1)
    seen_again = [Entity(Label.PERSON, "Khalifa Haftar", aliases=["Hafter"]),
                  Entity(Label.ARMED_GROUP, "Libyan National Army", aliases=["ANL"], attributes={"seat": "Benghazi"}),
                  Entity(Label.PERSON, "Saddam Haftar", aliases=["Saddam"])]
    store.save_stage("entities", ENTITIES, [mentioned(second, seen_again)], 0.1)
    rows = {row["id"]: row for row in store.queries.entities(limit=10)}
    assert set(rows[haftar.id]["aliases"]) == {"Haftar", "Hafter"}
    assert set(rows[lna.id]["aliases"]) == {"LNA", "ANL"}
    assert rows[lna.id]["attributes"] == {"kind": "militia", "seat": "Benghazi"}
    assert rows[seen_again[2].id]["name"] == "Saddam Haftar" and len(rows) == 3


def test_events_filter_by_type_place_radius_date_and_stance(store):
    doc = make_doc(STRIKE)
    store.add_document(doc)
    store.save_stage("events", ["events"], [analysed(doc)], 0.1)
    assert len(store.queries.events(type="assault")) == 1
    assert store.queries.events(type="DEPLOY") == []
    assert len(store.queries.events(place="khadim")) == 1
    assert len(store.queries.events(place="LY")) == 1
    assert len(store.queries.events(near=(32.1, 21.1, 25))) == 1  # about 14 km away
    assert store.queries.events(near=(12.65, -8.0, 100)) == []
    assert len(store.queries.events(since=date(2024, 6, 15), until=date(2024, 7, 1))) == 1
    assert store.queries.events(since=date(2024, 7, 1)) == []
    assert len(store.queries.events(stance="reported")) == 1
    assert store.queries.events(stance="denied") == []
    assert len(store.queries.events(actor="il-76")) == 0  # materiel is not an actor


def test_rejects_are_counted_by_reason_without_duplicating_a_source(store):
    store.record_reject("bad.jsonl:3", "invalid-json", "Expecting value")
    store.record_reject("bad.jsonl:3", "invalid-json", "Expecting value")
    store.record_reject("empty.txt", "empty", "no text")
    assert store.queries.status()["rejects"] == {"empty": 1, "invalid-json": 1}
    assert {r["source"]: r["seen"] for r in store.queries.rejects()} == {"bad.jsonl:3": 2, "empty.txt": 1}


def test_an_unreachable_store_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot open store postgresql://garrison:\\*\\*\\*@127.0.0.1:9/x"):
        Store("postgresql://garrison:secret@127.0.0.1:9/x")


def test_fusion_outputs_are_replaced_as_a_whole_and_filtered(store):
    from garrison.model import Happening, Presence

    doc = make_doc(STRIKE, published=date(2024, 11, 22))
    store.add_document(doc)
    store.save_stage("events", ["events"], [analysed(doc)], 0.1)
    (event,) = store.all_events()
    june = event.time
    strike = Happening("ASSAULT", [event.id], "air/drone strike", location=KHADIM, time=june, reports=2,
                       outlets=["RFI", "Libya Observer"], stances={"reported": 2, "denied": 1}, contradicted=True,
                       first_reported=date(2024, 11, 21), last_reported=date(2024, 11, 22))
    presence = Presence("armed_group:africa-corps", KHADIM, date(2024, 6, 1), date(2024, 12, 1),
                        ["equipment:il-76"], [strike.id], 2)
    store.replace_fusion([strike], [presence])
    store.replace_fusion([strike], [presence])  # a second refresh replaces, never adds
    assert store.queries.happenings() == [strike]
    assert store.queries.happenings(contradicted=False) == [] and store.queries.happenings(min_reports=3) == []
    assert store.queries.happenings(type="assault", since=date(2024, 6, 30)) == [strike]
    assert store.queries.presences(actor="africa-corps") == [presence] and store.queries.presences(place="LY") == [presence]
    assert store.queries.presences(place="Bamako") == []
    headers = store.document_headers()
    assert headers[doc.id].published == date(2024, 11, 22) and headers[doc.id].text == ""


def test_a_batch_of_stages_saved_in_one_go_stores_what_saving_them_one_by_one_stores(store):
    doc = make_doc(STRIKE, published=date(2024, 11, 22))
    store.add_document(doc)
    analysis = analysed(doc)
    stages = [s for s in STAGES.values() if s.scope == "document"]
    store.save_batch([(s.name, s.produces, [analysis], 0.5) for s in stages])
    assert store.pending([s.name for s in stages], limit=10) == []
    together = store.load_analyses([doc.id])[0], store.queries.status()
    for stage in stages:  # the same outputs again, stage by stage: replaced, nothing added or lost
        store.save_stage(stage.name, stage.produces, [analysis], 0.5)
    one_by_one = store.load_analyses([doc.id])[0], store.queries.status()
    assert together == one_by_one
    back = together[0]
    assert (back.mentions, back.entities, back.toponyms, back.timexes, back.events) == (
        analysis.mentions, analysis.entities, analysis.toponyms, analysis.timexes, analysis.events)


def test_a_batch_that_fails_while_saving_leaves_none_of_its_stages_saved(store, monkeypatch):
    from garrison.store import rows

    doc = make_doc(PARADE)
    store.add_document(doc)
    analysis = analysed(doc)
    stages = [s for s in STAGES.values() if s.scope == "document"]

    def broken(event):
        raise RuntimeError("disk gone while writing the events")

    monkeypatch.setattr(rows, "event_row", broken)
    with pytest.raises(RuntimeError):
        store.save_batch([(s.name, s.produces, [analysis], 0.5) for s in stages])
    # the entities, places and dates saved before the events are rolled back with them: a re-run redoes the
    # batch whole rather than finding it half done
    assert store.pending(["entities"], limit=10) == [doc.id]
    assert store.load_analyses([doc.id])[0].mentions == []
    assert store.queries.status()["mentions"] == 0
def test_stored_json_is_read_fast_and_a_nan_the_standard_library_wrote_still_reads():
    import math

    from garrison.store.engine import read_json

    assert read_json('{"score": 0.25, "names": ["Al-Khadim", "Senou"]}') == {"score": 0.25,
                                                                            "names": ["Al-Khadim", "Senou"]}
    assert math.isnan(read_json('{"score": NaN}')["score"])
