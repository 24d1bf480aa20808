"""TempEval-3 style scoring, checked by hand on a gold file of two documents written for this test.

fixtures/tiny_time_gold.jsonl: 6 gold expressions.  The system finds 6: 'last June', 'Wednesday',
'three months', 'now' (not in the gold), 'early 2023' (gold: 'in early 2023'), 'yesterday'
(gold value deliberately wrong: 2024-11-20), and misses 'a while'.
  strict matches 4  -> P = R = 4/6, F1 = 0.6667
  relaxed matches 5 -> P = R = 5/6, F1 = 0.8333
  types right 5/5 -> 1.0; values right 4/5 -> 0.8; value F1 = 0.8 × 0.8333 = 0.6667
"""

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from garrison.cli.main import app
from garrison.eval.dates import GoldDocument, GoldTimex, detect_scope, evaluate, line_limit, read_gold
from garrison.dates.recognise import find_time_expressions

GOLD = Path(__file__).parent / "fixtures" / "tiny_time_gold.jsonl"


def test_metric_arithmetic():
    tally = evaluate(list(read_gold(GOLD)), lambda d: find_time_expressions(d.text, d.dct))
    m = tally.metrics()
    assert (m["gold_timexes"], m["system_timexes"], m["strict_matches"], m["relaxed_matches"]) == (6, 6, 4, 5)
    assert m["strict_f1"] == pytest.approx(4 / 6)
    assert m["relaxed_precision"] == pytest.approx(5 / 6)
    assert m["relaxed_f1"] == pytest.approx(5 / 6)
    assert m["type_accuracy"] == 1.0
    assert m["value_accuracy"] == pytest.approx(0.8)
    assert m["value_f1"] == pytest.approx(0.8 * 5 / 6)


def test_cli_prints_one_json_object():
    result = CliRunner().invoke(app, ["eval", "time", str(GOLD), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["scope"] == "all"
    assert data["value_f1"] == pytest.approx(0.8 * 5 / 6)
    for key in ("strict_f1", "relaxed_f1", "type_accuracy", "value_accuracy", "value_f1"):
        assert key in data


def test_cli_names_file_line_and_field_of_bad_gold(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(GOLD.read_text().splitlines()[0] + "\n" + '{"id": "x", "text": "t", "timexes": []}\n')
    result = CliRunner().invoke(app, ["eval", "time", str(bad), "--json"])
    assert result.exit_code == 3
    assert f"{bad}:2: missing field 'dct'" in result.output


def test_scope_limits_scoring_to_the_annotated_lines():
    text = "Title\nMarch 3 , 2008\nFirst line .\nSecond line .\nThird .\nFourth .\nUnannotated today ."
    assert text[: line_limit(text, 6)].endswith("Fourth .\n")
    assert detect_scope(list(read_gold(GOLD))) is None  # one-line documents: the whole text is scored
    annotated = GoldDocument("m", date(2008, 3, 3), text, (GoldTimex(6, 20, "March 3 , 2008", "DATE", "2008-03-03"),))
    assert detect_scope([annotated]) == 2
    tally = evaluate([annotated], lambda d: find_time_expressions(d.text, d.dct), lines=2)
    assert (tally.gold, tally.system, tally.strict) == (1, 1, 1)  # 'today' in line 7 is not scored


def test_timex_command_json():
    result = CliRunner().invoke(app, ["timex", "Russia moved S-400 systems last June.", "--dct", "2024-11-22", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(t["text"], t["value"]) for t in data["timexes"]] == [("last June", "2024-06")]


def test_timex_command_rejects_a_bad_dct():
    result = CliRunner().invoke(app, ["timex", "last June", "--dct", "22/11/2024"])
    assert result.exit_code == 2


def test_timex_command_infers_the_date_when_none_is_given():
    text = "On December 19, the president spoke. Footage aired on January 9 showed tanks. Plans for 2025 were shown."
    result = CliRunner().invoke(app, ["timex", "-", "--json"], input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["dct"], data["dct_inferred"]) == ("2025-01-09", True)
    values = {t["text"]: (t["value"], t["span"]["anchor_inferred"]) for t in data["timexes"]}
    assert values["December 19"] == ("2024-12-19", True)
    assert values["2025"] == ("2025", False)
