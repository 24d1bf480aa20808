"""`garrison eval ner`: the arithmetic on a gold small enough to check by hand, and the command's contract."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from garrison.cli.main import app
from garrison.eval.entities import IDENTITY, load_label_map, score

GOLD = [[(0, 5, "PERSON"), (10, 20, "EQUIPMENT"), (30, 40, "ORG")]]
PREDICTED = [[(0, 5, "PERSON"), (10, 18, "EQUIPMENT"), (30, 40, "ARMED_GROUP"), (50, 55, "GPE")]]


def test_exact_and_partial_arithmetic():
    report = score(GOLD, PREDICTED, IDENTITY)
    assert report["PERSON"]["exact"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "predicted": 1, "gold": 1}
    assert report["EQUIPMENT"]["exact"]["f1"] == 0.0
    assert report["EQUIPMENT"]["partial"]["f1"] == 1.0
    assert report["ORG"]["recall"] == 0.0  # ARMED_GROUP is not ORG without a family map
    micro = report["micro"]
    assert (micro["exact"]["tp"], micro["exact"]["predicted"], micro["exact"]["gold"]) == (1, 4, 3)
    assert micro["precision"] == 0.25 and micro["recall"] == round(1 / 3, 4)
    assert micro["f1"] == round(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3), 4)
    assert micro["partial"]["tp"] == 2


def test_a_gold_span_is_matched_once():
    report = score([[(0, 10, "LOC")]], [[(0, 4, "LOC"), (5, 10, "LOC")]], IDENTITY)
    assert report["LOC"]["partial"]["tp"] == 1
    assert report["LOC"]["partial"]["precision"] == 0.5


def test_re3d_families():
    re3d = load_label_map("re3d")
    gold = [[(0, 5, "Organisation"), (10, 20, "Location"), (30, 35, "Weapon"), (40, 45, "Temporal")]]
    predicted = [[(0, 5, "ARMED_GROUP"), (10, 20, "FACILITY"), (30, 35, "EQUIPMENT"), (40, 45, "GPE")]]
    report = score(gold, predicted, re3d)
    assert report["ORGANISATION"]["f1"] == 1.0
    assert report["EQUIPMENT"]["f1"] == 1.0
    assert report["LOCATION"]["exact"]["tp"] == 1
    assert report["LOCATION"]["exact"]["predicted"] == 2  # the GPE over the ignored Temporal span is a false positive
    assert "Temporal" not in report


@pytest.fixture
def gold_file(tmp_path):
    rows = [
        {"id": "a", "text": "Wagner fighters guarded S-300 launchers at Hmeimim.",
         "entities": [{"start": 0, "end": 6, "label": "ARMED_GROUP", "text": "Wagner"},
                      {"start": 24, "end": 29, "label": "EQUIPMENT", "text": "S-300"},
                      {"start": 43, "end": 50, "label": "FACILITY", "text": "Hmeimim"}]},
        {"id": "b", "text": "Nothing to see.", "entities": []},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_cli_json(gold_file):
    result = CliRunner().invoke(app, ["eval", "ner", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for label in ("ARMED_GROUP", "EQUIPMENT", "FACILITY"):
        assert report[label]["exact"]["recall"] == 1.0
        assert report[label]["recall"] == report[label]["exact"]["recall"]
        assert set(report[label]["partial"]) >= {"precision", "recall", "f1"}
    assert report["documents"] == 2


def test_cli_bad_line_names_file_line_and_field(gold_file):
    with gold_file.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "c", "text": "short", "entities": [{"start": 0, "end": 99, "label": "ORG"}]}\n')
    result = CliRunner().invoke(app, ["eval", "ner", str(gold_file), "--json"])
    assert result.exit_code == 1
    assert f"{gold_file}:3: entities[0]" in result.stderr
    assert json.loads(result.stdout)["documents"] == 2


def test_cli_exit_codes(tmp_path, gold_file):
    assert CliRunner().invoke(app, ["eval", "ner", str(tmp_path / "missing.jsonl")]).exit_code == 3
    assert CliRunner().invoke(app, ["eval", "ner", str(gold_file), "--labels", "nope"]).exit_code == 2
    empty = tmp_path / "empty.jsonl"
    empty.write_text("not json\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["eval", "ner", str(empty)]).exit_code == 3


def test_errors_file_classifies_each_miss(tmp_path):
    text = "Colonel Ines Barre met the regime's envoy in Lagos."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "d1", "text": text, "entities": [
        {"start": 0, "end": text.index(" met"), "label": "PERSON"},
        {"start": text.index("envoy"), "end": text.index(" in"), "label": "PERSON"}]}) + "\n", encoding="utf-8")
    errors = tmp_path / "errors.tsv"
    result = CliRunner().invoke(app, ["eval", "ner", str(gold), "--json", "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in errors.read_text(encoding="utf-8").splitlines()]
    assert rows[0][:4] == ["kind", "family", "label", "text"]
    by_text = {row[3]: row[0] for row in rows[1:]}
    # names-only scoring (no label map): our name mention against a gold span with the title
    assert by_text["Ines Barre"] == "FP-boundary"
    assert by_text["Colonel Ines Barre"] == "FN-boundary"
    assert by_text["envoy"] == "FN-missed"
    assert by_text["Lagos"] == "FP-spurious"
