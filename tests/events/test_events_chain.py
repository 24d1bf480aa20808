"""The whole chain — entities, places (on a tiny gazetteer of our own), dates, events — on one short report."""

from __future__ import annotations

from datetime import date

import pytest

from garrison.model import Analysis, Document, Precision, Stance

TEXT = (
    "Tripoli, 20 January 2025. A drone struck a Russian Il-76 transport aircraft last June at the Al Khadim "
    "air base in eastern Libya, the radio station Libya Al-Ahrar reported. "
    "According to Western officials cited by Reuters, Russia has moved troops and radars from Tartus "
    "to Benghazi. The Libyan National Army has not made any announcement about any delivery of tanks."
)


@pytest.fixture(scope="module")
def tiny_gazetteer(tmp_path_factory):
    from garrison.places import gazetteer
    from garrison.places.gazetteer_sources import Row

    path = tmp_path_factory.mktemp("gaz") / "tiny.sqlite"
    rows = [
        Row("country:LY", "Libya", 27.0, 17.0, "country", country="LY", population=6_000_000, importance=1.0,
            source="test"),
        Row("geonames:88319", "Benghazi", 32.1167, 20.0667, "city", country="LY", geonameid=88319,
            population=650_000, source="test"),
        Row("geonames:2210247", "Tripoli", 32.8872, 13.1913, "city", country="LY", geonameid=2210247,
            population=1_150_000, source="test"),
        Row("geonames:163345", "Tartus", 34.889, 35.8866, "port", country="SY", geonameid=163345,
            population=115_000, source="test", aliases=["Tartous"]),
        Row("icao:HL59", "Al Khadim Air Base", 31.9986, 21.1919, "airbase", country="LY", source="test",
            aliases=["Al Khadim", "Al-Khadim", "Al Khadim air base"]),
    ]
    gazetteer.build(path, rows=rows, demonyms=[("Libyan", "country:LY", "en")], abbreviations=[])
    return path


@pytest.fixture(scope="module")
def chain(tiny_gazetteer):
    mp = pytest.MonkeyPatch()
    mp.setenv("GARRISON_GAZETTEER", str(tiny_gazetteer))
    import importlib

    batch = [Analysis(Document(text=TEXT, outlet="Test Wire", published=date(2025, 1, 20)))]
    for name in ("entities", "places", "dates", "events"):
        batch = importlib.import_module(f"garrison.{name}.stage").run(batch)
    mp.undo()
    return batch[0]


def test_the_strike_is_placed_at_the_air_base_and_dated_to_its_month(chain):
    strike = next(e for e in chain.events if e.type == "ASSAULT")
    assert strike.mode == "air/drone strike"
    assert strike.location is not None and strike.location.id == "icao:HL59"
    assert (strike.time.start, strike.time.precision, strike.time_from_dct) == (date(2024, 6, 1), Precision.MONTH,
                                                                               False)
    assert strike.claims[0].stance == Stance.REPORTED


def test_the_move_has_origin_destination_and_a_chain(chain):
    move = next(e for e in chain.events if e.type == "DEPLOY")
    assert move.origin is not None and move.origin.name == "Tartus"
    assert move.destination is not None and move.destination.name == "Benghazi"
    assert move.claims[0].source_chain == ["Reuters", "Western officials"]


def test_the_unannounced_delivery_is_negated(chain):
    delivery = next(e for e in chain.events if e.type == "TRANSFER")
    assert delivery.claims[0].stance == Stance.NEGATED


def test_eval_scores_date_and_distance_through_the_chain(tiny_gazetteer, tmp_path, monkeypatch):
    import json

    from garrison.eval import events as evaluate

    monkeypatch.setenv("GARRISON_GAZETTEER", str(tiny_gazetteer))
    rows = [
        {"id": "near", "text": "On 3 May 2024 a drone struck a convoy in Benghazi.", "date": "2024-05-03",
         "event_type": "ASSAULT", "location": {"name": "Benghazi", "lat": 32.2, "lon": 20.1}},
        {"id": "far", "text": "On 4 May 2024 a drone struck a convoy in Tripoli.", "date": "2024-05-05",
         "event_type": "ASSAULT", "location": {"name": "Sirte", "lat": 31.2, "lon": 16.59}},
    ]
    gold = tmp_path / "located.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = evaluate.evaluate_events(gold, "plover")
    assert report["location"] == {"n": 2, "available": True, "located": 2, "within_25km": 0.5,
                                  "within_161km": 0.5, "within_25km_first_site": 0.5}
    assert report["date"]["n"] == 2 and report["date"]["exact"] == 0.5


def test_a_row_coded_to_one_day_of_the_run_the_note_states_counts_as_exact(tiny_gazetteer, tmp_path, monkeypatch):
    import json

    from garrison.eval import events as evaluate

    monkeypatch.setenv("GARRISON_GAZETTEER", str(tiny_gazetteer))
    text = "Fighting between two militias went on in Benghazi over 3-5 May 2024."
    # ACLED's way: one row per day, each with the same note
    rows = [{"id": f"day{d}", "text": text, "date": f"2024-05-0{d}", "event_type": "FIGHT"} for d in (3, 5)]
    rows.append({"id": "one day", "text": "A drone struck a convoy in Benghazi on 7 May 2024.", "date": "2024-05-07",
                 "event_type": "ASSAULT"})
    gold = tmp_path / "days.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    date_report = evaluate.evaluate_events(gold, "plover")["date"]
    # "3-5 May" states the 3rd and the 5th as days of its run; "7 May" is written alone
    assert date_report["n_stated"] == 3
    # the event is dated to the run the note writes: exact for each of its rows, as the export writes one per day
    assert date_report["exact_stated"] == 1.0
    assert date_report["exact_stated_first_day"] == 0.6667  # by the run's first day alone: the 3rd and the 7th
    assert date_report["day_of_run_stated"] == 1.0
    assert (date_report["n_stated_alone"], date_report["exact_stated_alone"]) == (1, 1.0)
