"""ACLED's CSV: its 31 columns in its order and its codes, and a file that trains `garrison train events`."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from garrison import export
from garrison.cli.main import app
from garrison.events.acled_csv import read_training_rows
from tests.export.conftest import lookups

ACLED_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp").split(",")


def _rows(events):
    text = "".join(export.write("acled", "events", events, lookups()))
    return text, list(csv.DictReader(io.StringIO(text)))


def test_the_header_is_acleds_31_columns_in_order_and_the_codes_are_acleds(events):
    text, rows = _rows(events)
    assert text.splitlines()[0].split(",") == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    strike, parade, change = rows
    assert (strike["event_type"], strike["sub_event_type"], strike["disorder_type"]) == (
        "Explosions/Remote violence", "Air/drone strike", "Political violence")
    assert (strike["time_precision"], parade["time_precision"], change["time_precision"]) == ("3", "1", "2")
    # United States (a state: 1) against Africa Corps (fighting abroad: 8); the parade's army acts alone
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("1", "8", "18")
    assert (parade["inter1"], parade["inter2"], parade["interaction"]) == ("1", "", "10")
    assert (strike["iso"], strike["country"], strike["region"], strike["admin1"]) == (
        "434", "Libya", "Northern Africa", "Cyrenaica")
    assert parade["region"] == "Western Africa" and parade["event_id_cnty"].startswith("MLI")
    assert (strike["geo_precision"], strike["fatalities"], strike["source"], strike["source_scale"]) == (
        "1", "2", "RFI", "International")
    assert strike["notes"] == "A drone hit an Il-76 at al-Khadim. AFRICOM denied any role."
    assert "stance: denied" in strike["tags"] and "cited: RFI <- AFRICOM" in strike["tags"]
    assert change["latitude"] == "" and change["event_type"] == "Strategic developments"


def test_an_exported_file_trains_garrison_train_events_again(events, tmp_path):
    many = [e for _ in range(4) for e in events]
    path = tmp_path / "garrison-acled.csv"
    path.write_text("".join(export.write("acled", "events", many, lookups())))
    rows, skipped = read_training_rows(path)
    assert len(rows) == 12 and not skipped
    model = tmp_path / "model.joblib"
    result = CliRunner().invoke(app, ["train", "events", str(path), "--out", str(model), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["label_set"] == "acled" and model.is_file()
    assert set(report["classes"]) == {"Explosions/Remote violence", "Strategic developments"}


def test_an_event_over_a_few_days_is_one_row_per_day_and_its_fatalities_add_up(events):
    from dataclasses import replace
    from datetime import date

    from garrison.model import Precision, TimeSpan

    clash = replace(events[0], time=TimeSpan(date(2016, 6, 24), date(2016, 6, 26), Precision.DAY, "2016-06-24"),
                    fatalities=7)
    season = replace(events[0], time=TimeSpan(date(2016, 6, 1), date(2016, 6, 30), Precision.DAY, "2016-06"))
    _, rows = _rows([clash, season])
    days = [r for r in rows if "garrison:" + clash.id in r["tags"]]
    # three days, three rows; a run of thirty days is too long to be coded per day: one row
    assert [r["event_date"] for r in days[:3]] == ["2016-06-24", "2016-06-25", "2016-06-26"]
    assert len(rows) == 4 and rows[3]["event_date"] == "2016-06-01"
    assert [int(r["fatalities"]) for r in days[:3]] == [3, 2, 2]
    assert len({r["event_id_cnty"] for r in rows[:3]}) == 3
    assert all(r["time_precision"] == "1" and r["notes"] == days[0]["notes"] for r in days[:3])
    assert days[1]["tags"].endswith("day 2 of 3")
