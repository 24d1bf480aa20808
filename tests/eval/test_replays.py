"""Fusion replays on the truth: fusing the truth's own rows, and fusing what a store extracted."""

from __future__ import annotations

import json

from garrison.eval.corpus import store_replay
from garrison.eval.fusion import gold_replay, gold_time_span
from garrison.ingest.into_store import ingest
from garrison.model import Analysis, Claim, Event, Evidence, Place, Precision, Stance
from garrison.store import Store

KHADIM = {"name": "al-Khadim air base", "lat": 31.998, "lon": 21.19, "country": "Libya"}
BAMAKO = {"name": "Bamako", "lat": 12.65, "lon": -8.0, "country": "Mali"}


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_a_truth_date_names_its_span():
    assert gold_time_span("2024-06").precision == Precision.MONTH
    assert (gold_time_span("2024-06").start.day, gold_time_span("2024-06").end.day) == (1, 30)
    assert gold_time_span("2024").precision == Precision.YEAR and gold_time_span(None) is None


def test_gold_replay_fuses_reports_of_one_happening_and_keeps_others_apart(tmp_path):
    write_jsonl(tmp_path / "documents.jsonl", [
        {"doc": "rfi.txt", "published": "2024-06-20", "outlet": "RFI"},
        {"doc": "nova.txt", "published": "2024-06-21", "outlet": "Agenzia Nova"},
        {"doc": "mali.txt", "published": "2024-11-02", "outlet": "Le Monde"},
    ])
    write_jsonl(tmp_path / "duplicates.jsonl", [])
    strike = {"event_type": "ASSAULT", "sub_event_type": "air/drone strike", "date": "2024-06", "location": KHADIM,
              "happening": "h1", "stance": "reported"}
    write_jsonl(tmp_path / "events.jsonl", [
        {"id": "r1", "doc": "rfi.txt", "text": "A drone struck al-Khadim in June.", "outlet": "RFI", **strike},
        {"id": "r2", "doc": "nova.txt", "text": "Drones hit the base at al-Khadim.", "outlet": "Agenzia Nova",
         **strike},
        {"id": "r3", "doc": "mali.txt", "text": "Troops arrived in Bamako.", "event_type": "DEPLOY",
         "date": "2024-11", "location": BAMAKO, "happening": "h2", "outlet": "Le Monde"},
    ])
    result = gold_replay(str(tmp_path))
    assert result["items"] == 3 and result["gold_happenings"] == 2
    assert result["fused_happenings"] == 2
    assert result["pairwise"]["f1"] == 1.0 and result["bcubed"]["f1"] == 1.0


def test_store_replay_matches_stored_events_to_truth_rows_and_counts_the_rest(tmp_path):
    corpus, truth = tmp_path / "corpus", tmp_path / "truth"
    corpus.mkdir(), truth.mkdir()
    texts = {"a.txt": "Paris, 20 June 2024 –\n\nA drone struck al-Khadim air base in June, RFI said.",
             "b.txt": "Rome, 21 June 2024 –\n\nDrones hit the al-Khadim base in Libya this June, Nova said."}
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    sentences = {name: text.split("\n\n")[1] for name, text in texts.items()}
    write_jsonl(truth / "events.jsonl", [
        {"doc": "a.txt", "text": sentences["a.txt"], "event_type": "ASSAULT", "happening": "h1"},
        {"doc": "b.txt", "text": sentences["b.txt"], "event_type": "ASSAULT", "happening": "h1"},
        {"doc": "b.txt", "text": sentences["b.txt"], "event_type": "DEPLOY", "happening": "h2"},  # never extracted
    ])
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    ingest(store, [str(corpus)])
    khadim = Place("icao:HL59", "Al Khadim", 31.998, 21.19, "airbase", "LY", precision=1)
    june = gold_time_span("2024-06")
    analyses = []
    for document in store.queries.documents():
        sentence = next(s for s in sentences.values() if s in document.text)
        start = document.text.index(sentence)
        event = Event("ASSAULT", document.id, "air/drone strike", "struck", location=khadim, time=june, claims=[
            Claim("", document.id, [Evidence(start, start + len(sentence), sentence)], document.outlet,
                  stance=Stance.ASSERTED)])
        analyses.append(Analysis(document, events=[event]))
    store.save_stage("events", ["events"], analyses, 0.0)
    store.close()

    result = store_replay(f"sqlite:///{tmp_path / 's.db'}", str(corpus), str(truth))
    assert result["events"] == 2 and result["gold_rows_unmatched"] == 1
    assert result["items"] == 2 and result["pairwise"]["f1"] == 1.0
