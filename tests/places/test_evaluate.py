"""Metric arithmetic and the eval command."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from garrison.cli.main import app
from garrison.model import Place
from garrison.eval.places import MAX_ERROR_KM, recognition_metrics, resolution_metrics
FIXTURES = Path(__file__).parent / "fixtures"


def place(lat, lon, gid=None):
    return Place(id="x", name="x", lat=lat, lon=lon, geonameid=gid)


def test_resolution_metrics_arithmetic():
    gold = [{"lat": 0.0, "lon": 0.0, "geonameid": "1"}, {"lat": 0.0, "lon": 0.0, "geonameid": "2"},
            {"lat": 0.0, "lon": 0.0}, {"lat": None, "lon": None}]
    pairs = [(gold[0], place(0.0, 1.0, 1)),  # 111 km: a hit
             (gold[1], place(0.0, 2.0, 3)),  # 222 km: a miss
             (gold[2], None),                # unresolved: the maximum error
             (gold[3], place(0, 0))]         # no gold coordinates: not scored
    m = resolution_metrics(pairs)
    assert m["toponyms"] == 3
    assert m["acc161"] == round(1 / 3, 4)
    assert 222 < m["median_error_km"] < 223
    assert abs(m["mean_error_km"] - (111.2 + 222.4 + MAX_ERROR_KM) / 3) < 1
    assert (m["geonameid_match"], m["with_geonameid"]) == (0.5, 2)
    # the 222 km pin is confidently wrong; the unresolved one is not, it is unresolved
    assert (m["confidently_wrong"], m["unresolved"]) == (round(1 / 3, 4), round(1 / 3, 4))


def test_recognition_metrics_exact_and_overlap():
    gold = {("d", 0, 5), ("d", 10, 15), ("d", 20, 25)}
    pred = {("d", 0, 5), ("d", 10, 13), ("d", 30, 35)}
    m = recognition_metrics(gold, pred)
    assert (m["precision"], m["recall"]) == (round(1 / 3, 4), round(1 / 3, 4))
    assert (m["overlap_precision"], m["overlap_recall"]) == (round(2 / 3, 4), round(2 / 3, 4))


def test_eval_geo_command_gold_toponyms(small_index, monkeypatch):
    monkeypatch.setenv("GARRISON_GAZETTEER", str(small_index))
    result = CliRunner().invoke(app, ["eval", "geo", str(FIXTURES / "gold.jsonl"), "--gold-toponyms", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["mode"] == "resolution" and report["resolution"]["toponyms"] == 3
    assert report["resolution"]["acc161"] >= 2 / 3 - 1e-9  # Paris and Beirut at least


def test_eval_geo_bad_line_names_file_and_line(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a", "text": "x", "toponyms": []}\n{"id": "b", "text": "x"}\n')
    result = CliRunner().invoke(app, ["eval", "geo", str(bad), "--json"])
    assert result.exit_code == 3
    assert "gold.jsonl:2" in result.output and "toponyms" in result.output


def test_geocode_command_json_and_unknown_name(small_index, monkeypatch):
    monkeypatch.setenv("GARRISON_GAZETTEER", str(small_index))
    runner = CliRunner()
    result = runner.invoke(app, ["geocode", "Syrte", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["place"]["geonameid"] == 2210554
    result = runner.invoke(app, ["geocode", "Qwxzville", "--json"])
    [line] = [line for line in result.output.splitlines() if line.startswith("{")]
    assert result.exit_code == 1 and json.loads(line)["place"] is None and "Qwxzville" in result.output
