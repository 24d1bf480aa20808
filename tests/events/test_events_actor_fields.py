"""Training on an export's actor interaction codes (inter1, inter2) beside its notes."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from garrison.cli.main import app
from garrison.events import actor_fields, classifier

TOWNS = ["Kayes", "Segou", "Sikasso", "Koutiala", "Bougouni", "Nioro", "Kita", "Bla"]
# the same words for two of the codebook's types: who was attacked decides, and only the codes say it
NOTE = "Gunmen attacked a group of men near {town}, killing two."
CIVILIANS, STATE = (3, 7), (3, 1)
LABELS = {CIVILIANS: "Violence against civilians", STATE: "Battle-No change of territory"}


def _rows():
    return [(NOTE.format(town=town), codes, LABELS[codes]) for town in TOWNS for codes in (CIVILIANS, STATE)]


def _trained(fields=True):
    rows = _rows()
    texts, codes, labels = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    readings = classifier.rule_readings(texts)
    return classifier.train(texts, labels, "acled-pre2019", "event_type", readings=readings,
                            fields=codes if fields else None)


def test_codes_are_read_as_digits_and_as_the_names_of_current_exports():
    assert actor_fields.interaction_codes({"meta": {"inter1": "1", "inter2": "7"}}) == (1, 7)
    assert actor_fields.interaction_codes({"meta": {"inter1": "Political militia", "inter2": "Civilians"}}) == (3, 7)
    assert actor_fields.interaction_codes({"meta": {"inter1": "Protesters", "inter2": None}}) == (6, 0)
    assert actor_fields.interaction_codes({"meta": {"inter1": "", "inter2": "7"}}) is None
    assert actor_fields.interaction_codes({"text": "no meta at all"}) is None
    # armed against unarmed is one token whichever side the coder put first
    assert "__sides_armed_unarmed__" in actor_fields.tokens((7, 3))
    assert "__sides_armed_unarmed__" in actor_fields.tokens((3, 7))
    assert "__sides_armed_armed_state__" in actor_fields.tokens((3, 1))


def test_a_model_trained_on_an_exports_codes_learns_who_faced_whom():
    bundle = _trained()
    assert bundle["with_fields"] is not None and bundle["fields_rows"] == 16
    probe = [NOTE.format(town="Mopti")] * 2
    assert classifier.predict(bundle, probe, fields=[CIVILIANS, STATE]) == [LABELS[CIVILIANS], LABELS[STATE]]
    # as text alone the two rows are the same words: one label for both, from the text-only model
    alone = classifier.predict(bundle, probe)
    assert alone[0] == alone[1]


def test_a_text_without_codes_gets_what_the_text_only_model_gives():
    with_codes, without = _trained(), _trained(fields=False)
    assert without["with_fields"] is None
    probe = ["Soldiers clashed with rebels near Gao.", "Unknown men shot a trader at the market of Kati."]
    assert classifier.predict_detailed(with_codes, probe) == classifier.predict_detailed(without, probe)


def test_below_its_threshold_the_model_with_codes_leaves_the_rules_their_reading():
    bundle = _trained()
    texts = [NOTE.format(town="Mopti")] * 2
    readings = classifier.rule_readings(texts)
    rules = [classifier.project(r, "acled-pre2019", set(bundle["classes"])) for r in readings]
    assert rules[0] in bundle["classes"]  # a label the model knows: only the threshold decides who reads it
    unsure = dict(bundle, with_fields=dict(bundle["with_fields"], threshold=1.01))
    held = classifier.predict_detailed(unsure, texts, readings, fields=[CIVILIANS, STATE])
    assert [(p.label, p.decided_by) for p in held] == [(rules[0], classifier.RULES)] * 2
    # the text-only model's own threshold does not govern the rows read with codes
    sure = dict(bundle, threshold=1.01, with_fields=dict(bundle["with_fields"], threshold=0.0))
    read = classifier.predict_detailed(sure, texts, readings, fields=[CIVILIANS, STATE])
    assert [(p.label, p.decided_by) for p in read] == [(LABELS[CIVILIANS], classifier.MODEL),
                                                        (LABELS[STATE], classifier.MODEL)]


COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
           "fatalities", "tags", "timestamp"]
NAMES = {1: "State forces", 3: "Political militia", 7: "Civilians"}


def test_train_events_reads_the_codes_of_an_acled_csv_and_scores_with_and_without_them(tmp_path):
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n, (text, (first, second), label) in enumerate(_rows() * 2):
            writer.writerow({"event_id_cnty": f"MLI{n}", "event_type": label, "notes": text,
                             "inter1": NAMES[first], "inter2": NAMES[second], "interaction": f"{first}{second}"})
    result = CliRunner().invoke(app, ["train", "events", str(export), "--out", str(tmp_path / "m.joblib"),
                                      "--holdout", "0.25", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["actor_fields_rows"] == report["rows"] == 24
    assert report["heldout"]["trained"]["accuracy"] == 1.0
    # the held-out rows as text alone cannot be told apart: the model needs the codes for them
    assert report["heldout_text_only"]["trained"]["accuracy"] < 1.0

    # eval --model reads a gold row's codes where it keeps them, as the export gave them
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"id": str(n), "text": NOTE.format(town="Mopti"), "event_type": LABELS[codes],
                                        "ontology": "ACLED", "meta": {"inter1": str(codes[0]),
                                                                      "inter2": str(codes[1])}}) + "\n"
                            for n, codes in enumerate([CIVILIANS, STATE])), encoding="utf-8")
    scored = CliRunner().invoke(app, ["eval", "events", str(gold), "--labels", "acled-pre2019", "--model",
                                      str(tmp_path / "m.joblib"), "--json"])
    assert scored.exit_code == 0, scored.output
    scored = json.loads(scored.stdout)
    assert scored["read_with_actor_codes"] == 2 and scored["accuracy"] == 1.0
