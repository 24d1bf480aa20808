"""Scoring arithmetic, the eval/train commands, and the trained model's round trip."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from garrison.cli.main import app
from garrison.eval import events as evaluate
from garrison.events import classifier, stage
from garrison.model import Analysis, Document

runner = CliRunner()

EVENTS_GOLD = [
    {"id": "a", "text": "Government troops shelled rebel positions outside the town.", "event_type": "ASSAULT"},
    {"id": "b", "text": "The two ministers agreed to extend the ceasefire for a month.", "event_type": "AGREE"},
    {"id": "c", "text": "Police arrested twelve activists at the border crossing.", "event_type": "COERCE"},
    {"id": "d", "text": "The foreign minister condemned the raid as a violation of sovereignty.", "event_type": "ACCUSE"},
    {"id": "e", "text": "It was a quiet afternoon in the capital.", "event_type": "CONSULT"},
]
TRAIN_GOLD = [
    {"id": f"t{i}", "text": text, "event_type": label, "ontology": "PLOVER"}
    for i, (text, label) in enumerate([
        ("Militants attacked an army checkpoint overnight.", "ASSAULT"),
        ("Gunmen stormed a village and killed villagers.", "ASSAULT"),
        ("Artillery pounded the outskirts of the city.", "ASSAULT"),
        ("The parties signed a peace accord in the capital.", "AGREE"),
        ("Both sides agreed on a prisoner exchange.", "AGREE"),
        ("Negotiators reached a deal on the border dispute.", "AGREE"),
        ("The opposition leader praised the new constitution.", "SUPPORT"),
        ("The president welcomed the decision of the court.", "SUPPORT"),
        ("Observers hailed the peaceful vote.", "SUPPORT"),
    ])
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_classification_report_arithmetic():
    gold = ["A", "A", "B", "B", "C"]
    predicted = ["A", "B", "B", "B", "NONE"]
    report = evaluate.classification_report(gold, predicted)
    assert report["accuracy"] == 0.6
    assert report["per_label"]["A"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert report["per_label"]["B"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "support": 2}
    assert report["per_label"]["C"]["f1"] == 0.0
    assert report["macro_f1"] == round((0.6667 + 0.8 + 0.0) / 3, 4)
    assert report["weighted_f1"] == round((0.6667 * 2 + 0.8 * 2) / 5, 4)


def test_eval_events_command_scores_the_rules_in_plover(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", EVENTS_GOLD)
    result = runner.invoke(app, ["eval", "events", str(gold), "--labels", "plover", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["n"] == 5
    assert {"accuracy", "macro_f1", "weighted_f1", "per_label"} <= set(report)
    assert report["per_label"]["ASSAULT"]["recall"] == 1.0
    assert report["per_label"]["COERCE"]["recall"] == 1.0
    assert report["no_event"] >= 1  # the quiet afternoon has no event
    assert report["accuracy"] == pytest.approx(
        sum(1 for label in ("ASSAULT", "AGREE", "COERCE", "ACCUSE", "CONSULT")
            if report["per_label"][label]["recall"] == 1.0) / 5)


def test_eval_events_in_acled_sub_types(tmp_path):
    rows = [{"id": "x", "text": "A drone strike hit a convoy near Sirte.", "event_type": "Explosions/Remote violence",
             "sub_event_type": "Air/drone strike", "ontology": "ACLED"}]
    gold = write_jsonl(tmp_path / "acled.jsonl", rows)
    result = runner.invoke(app, ["eval", "events", str(gold), "--labels", "acled-sub", "--json"])
    assert json.loads(result.stdout)["accuracy"] == 1.0
    result = runner.invoke(app, ["eval", "events", str(gold), "--labels", "case", "--json"])
    assert json.loads(result.stdout)["per_label"] == {
        "AIR_STRIKE": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}}


def test_bad_gold_names_file_line_and_field(tmp_path):
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"id": "1", "text": "Troops clashed.", "event_type": "FIGHT"}\n{"id": "2", "text": "x"}\n')
    result = runner.invoke(app, ["eval", "events", str(gold), "--labels", "plover", "--json"])
    assert result.exit_code == 3
    assert f"{gold}:2" in result.stderr and "event_type" in result.stderr
    result = runner.invoke(app, ["eval", "events", str(gold), "--labels", "klingon"])
    assert result.exit_code == 2


def test_eval_stance_on_a_meantime_style_file(tmp_path):
    text = "The ministry said troops will not withdraw from the base."
    said, withdraw = text.index("said"), text.index("withdraw")
    row = {
        "id": "doc", "dct": "2024-01-01", "text": text,
        "events": [
            {"mid": "1", "start": said, "end": said + 4, "certainty": "CERTAIN", "polarity": "POS",
             "time": "NON_FUTURE"},
            {"mid": "2", "start": withdraw, "end": withdraw + 8, "certainty": "CERTAIN", "polarity": "NEG",
             "time": "FUTURE"},
        ],
        "attributions": [{"cue": "1", "cue_text": "said", "reported": "2", "reported_text": "withdraw",
                          "sources": [{"start": 0, "end": 12, "text": "The ministry"}]}],
    }
    gold = write_jsonl(tmp_path / "stance.jsonl", [row])
    result = runner.invoke(app, ["eval", "stance", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["events"] == 2
    assert report["polarity_accuracy"] == 1.0
    assert report["future_accuracy"] == 1.0
    assert report["stance_accuracy"] == 1.0  # said: asserted; withdraw: negated
    assert report["attribution_accuracy"] == 1.0


def test_train_writes_a_model_that_round_trips_and_the_stage_uses(tmp_path, monkeypatch):
    gold = write_jsonl(tmp_path / "train.jsonl", TRAIN_GOLD)
    out = tmp_path / "model.joblib"
    result = runner.invoke(app, ["train", "events", str(gold), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["classes"] == ["AGREE", "ASSAULT", "SUPPORT"] and report["rows"] == 9
    assert not set(report["unreliable_rule_labels"]) & set(report["classes"])
    classifier.load.cache_clear()
    bundle = classifier.load(str(out))
    texts = [r["text"] for r in TRAIN_GOLD]
    assert classifier.predict(bundle, texts) == [r["event_type"] for r in TRAIN_GOLD]

    # a label the model never saw in training is left to the rules
    assert classifier.predict(bundle, ["Police arrested twelve activists at the border crossing."]) == ["COERCE"]

    scored = runner.invoke(app, ["eval", "events", str(gold), "--model", str(out), "--json"])
    assert json.loads(scored.stdout)["accuracy"] == 1.0

    # the pipeline picks the model up from the settings the environment gives and records its label
    from garrison import config

    monkeypatch.setenv("GARRISON_EVENTS_MODEL", str(out))
    done = stage.run([Analysis(Document(text="The opposition leader praised the new constitution."))],
                     config.settings())[0]
    assert done.events and done.events[0].attributes["model_label"] == "SUPPORT"
    assert done.events[0].type == "SUPPORT"


def test_train_rejects_a_single_label_and_a_bad_model_file(tmp_path):
    gold = write_jsonl(tmp_path / "one.jsonl", TRAIN_GOLD[:3])
    result = runner.invoke(app, ["train", "events", str(gold), "--out", str(tmp_path / "m.joblib")])
    assert result.exit_code == 3 and "two distinct labels" in result.stderr
    bogus = tmp_path / "bogus.joblib"
    bogus.write_bytes(b"not a model")
    result = runner.invoke(app, ["eval", "events", str(write_jsonl(tmp_path / "g.jsonl", EVENTS_GOLD)),
                                 "--model", str(bogus), "--json"])
    assert result.exit_code == 3


ACLED_ROWS = [
    ("Unidentified gunmen killed three civilians in a village near Mopti.", "Attack"),
    ("Militants attacked an army position near Boni, killing four soldiers.", "Armed clash"),
    ("An IED exploded under a military vehicle near Gao.", "Remote explosive/landmine/IED"),
    ("A Turkish drone struck a convoy near Tinzaouaten.", "Air/drone strike"),
    ("The army retook the town of Kidal from the rebels.", "Government regains territory"),
    ("Rebels seized control of the town of Menaka.", "Non-state actor overtakes territory"),
    ("Rioters set fire to government buildings in the capital.", "Violent demonstration"),
    ("Protesters gathered in the capital to demand the departure of foreign troops.", "Peaceful protest"),
    ("Soldiers arrested the mayor of the town.", "Arrest"),
    ("The junta announced the creation of a new military unit.", "Change to group/activity"),
]


def test_acled_sub_event_types_of_typical_conflict_sentences(tmp_path):
    rows = [{"id": str(i), "text": text, "event_type": "x", "sub_event_type": sub, "ontology": "ACLED"}
            for i, (text, sub) in enumerate(ACLED_ROWS)]
    gold = write_jsonl(tmp_path / "acled.jsonl", rows)
    report = evaluate.evaluate_events(gold, "acled-sub")
    assert report["accuracy"] == 1.0, report["confusions"]


def test_heldout_split_is_seeded_disjoint_and_the_size_asked():
    test, train = classifier.heldout_split(50, 0.2, 13)
    assert len(test) == 10 and len(train) == 40 and not set(test) & set(train)
    assert sorted(test + train) == list(range(50))
    assert classifier.heldout_split(50, 0.2, 13) == (test, train)
    assert classifier.heldout_split(50, 0.2, 7)[0] != test
    assert classifier.heldout_split(50, 0.0, 13) == ([], list(range(50)))


def test_train_on_given_rule_readings_equals_training_on_the_texts():
    texts = [r["text"] for r in TRAIN_GOLD]
    labels = [r["event_type"] for r in TRAIN_GOLD]
    readings = classifier.rule_readings(texts)
    given = classifier.train(texts, labels, "plover", "event_type", readings=readings)
    parsed = classifier.train(texts, labels, "plover", "event_type")
    probe = ["Rebels shelled the airport.", "The minister welcomed the truce."]
    assert classifier.predict(given, probe) == classifier.predict(parsed, probe)
    assert given["threshold"] == parsed["threshold"]
    with pytest.raises(ValueError, match="rule readings"):
        classifier.train(texts, labels, "plover", "event_type", readings=readings[:-1])


def test_a_rule_label_the_users_rows_never_carry_goes_to_the_model():
    # this user codes detentions as assaults: the rules' COERCE is wrong on every training row that has it
    rows = TRAIN_GOLD[:6] + [
        {"text": "Police arrested three students outside the university.", "event_type": "ASSAULT"},
        {"text": "Soldiers arrested a journalist at a roadblock.", "event_type": "ASSAULT"},
        {"text": "Police arrested the leaders of the march.", "event_type": "ASSAULT"},
    ]
    texts, labels = [r["text"] for r in rows], [r["event_type"] for r in rows]
    readings = classifier.rule_readings(texts)
    assert [classifier.project(r, "plover") for r in readings[6:]] == ["COERCE"] * 3
    bundle = classifier.train(texts, labels, "plover", "event_type", readings=readings)
    assert "COERCE" in bundle["unreliable_rule_labels"] and not set(bundle["unreliable_rule_labels"]) & set(labels)
    probe = ["Police arrested two traders at the market."]
    [decided] = classifier.predict_detailed(bundle, probe)
    assert (decided.label, decided.decided_by) == ("ASSAULT", classifier.MODEL)

    # a model written before the measure (no such entry) leaves every unseen label to the rules, as before
    older = {k: v for k, v in bundle.items() if k != "unreliable_rule_labels"}
    [kept] = classifier.predict_detailed(older, probe)
    assert (kept.label, kept.decided_by) == ("COERCE", classifier.RULES)
