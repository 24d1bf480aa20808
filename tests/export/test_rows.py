"""Exports: one row per claim in ACLED's vocabulary, GeoJSON only for what can go on a map."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from garrison.export import event_rows, to_csv, to_geojson, to_jsonl
from garrison.model import Claim, Event, Evidence, Place, Precision, Stance, TimeSpan

KHADIM = Place("icao:HL59", "Al Khadim", 31.998, 21.19, "airbase", "LY", precision=1)
JUNE = TimeSpan(date(2024, 6, 1), date(2024, 6, 30), Precision.MONTH, "2024-06")
NAMES = {"armed_group:africa-corps": "Africa Corps", "equipment:il-76": "Il-76"}


def strike() -> Event:
    return Event(
        "ASSAULT", "d1", "air/drone strike", "hit", targets=["armed_group:africa-corps"], materiel=["equipment:il-76"],
        location=KHADIM, time=JUNE, claims=[
            Claim("", "d1", [Evidence(0, 20, "A drone hit an Il-76.")], "RFI", ["RFI", "Libyan sources"],
                  stance=Stance.REPORTED),
            Claim("", "d2", [Evidence(5, 40, "AFRICOM denied any role.")], "Reuters", ["Reuters", "AFRICOM"],
                  stance=Stance.DENIED),
        ])


def test_an_event_reported_twice_gives_two_rows_with_their_own_stance_and_source():
    rows = event_rows([strike()], lambda i: NAMES.get(i, i))
    assert [(r["source"], r["stance"], r["source_chain"]) for r in rows] == [
        ("RFI", "reported", "RFI <- Libyan sources"), ("Reuters", "denied", "Reuters <- AFRICOM")]
    assert rows[0]["event_id"] == rows[1]["event_id"]
    assert (rows[0]["event_date"], rows[0]["time_precision"], rows[0]["geo_precision"]) == ("2024-06-01", "month", 1)
    assert (rows[0]["actor2"], rows[0]["materiel"]) == ("Africa Corps", "Il-76")


def test_csv_jsonl_and_geojson_carry_the_same_rows():
    unplaced = Event("ORG_CHANGE", "d3", claims=[Claim("", "d3", [Evidence(0, 5, "Wagner became Africa Corps")])])
    rows = event_rows([strike(), unplaced], lambda i: i)
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert len(parsed) == 3 and parsed[2]["event_type"] == "ORG_CHANGE" and parsed[0]["latitude"] == "31.998"
    assert [json.loads(line)["event_type"] for line in to_jsonl(rows).splitlines()] == [
        "ASSAULT", "ASSAULT", "ORG_CHANGE"]
    features = json.loads(to_geojson(rows))["features"]
    assert len(features) == 2 and features[0]["geometry"]["coordinates"] == [21.19, 31.998]
    assert to_csv([]) == ""
