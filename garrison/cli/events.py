"""Event commands: ``garrison eval events``, ``garrison eval stance`` and ``garrison train events``.

(The store-backed ``garrison events`` listing lives in ``garrison/cli/core.py``.)

Exit codes: 0 ok; 2 usage error (unknown label set, bad option); 3 nothing could be done
(gold or model file missing or unreadable — the message names the file, line and field).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

console = Console()

EXIT_OK, EXIT_USAGE, EXIT_FATAL = 0, 2, 3
LABEL_CHOICES = ("plover", "plover-root", "acled", "acled-sub", "acled-pre2019", "case", "garrison")

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object for scripts.")]
LimitOption = Annotated[Optional[int], typer.Option(help="Score only the first N gold rows (quick checks).")]


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)  # one unwrapped line, so scripts can grep it
    raise typer.Exit(code)


def eval_events(
    gold: Annotated[Path, typer.Argument(help="Events gold JSONL: {id, text, event_type, sub_event_type?, ...}.")],
    labels: Annotated[
        Optional[str],
        typer.Option(help=f"Label set to score in: {', '.join(LABEL_CHOICES)} (default: from the gold's ontology)."),
    ] = None,
    model: Annotated[
        Optional[Path], typer.Option(help="A model file from 'garrison train events' (default: the rules only).")
    ] = None,
    limit: LimitOption = None,
    errors: Annotated[
        Optional[Path], typer.Option(help="Write the misread rows (JSON lines: text, gold, our reading) here.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Classify each gold text's main event and score it: accuracy, macro/weighted F1, per-label P/R/F1,
    and date exact match / location within 25 and 161 km where the gold has them."""
    from garrison.eval import events as evaluate

    if labels is not None and labels not in LABEL_CHOICES:
        _fail(f"--labels must be one of {', '.join(LABEL_CHOICES)}, got {labels!r}", EXIT_USAGE)
    if model is not None and not model.is_file():
        _fail(f"{model}: model file not found", EXIT_FATAL)
    try:
        report = evaluate.evaluate_events(gold, labels, model, limit, errors)
    except evaluate.GoldError as exc:
        _fail(str(exc), EXIT_FATAL)
    except ValueError as exc:
        _fail(str(exc), EXIT_FATAL)
    if as_json:
        _print_json(report)
        return
    console.print(f"[bold]{report['gold']}[/bold]  labels={report['labels']}  n={report['n']}  "
                  f"accuracy={report['accuracy']:.3f}  macro-F1={report['macro_f1']:.3f}  "
                  f"weighted-F1={report['weighted_f1']:.3f}  no event found={report['no_event']} "
                  f"({report['no_event_rate']:.1%})  decided by {report['decided_by']}")
    table = Table("label", "P", "R", "F1", "support")
    for label, scores in report["per_label"].items():
        table.add_row(label, f"{scores['precision']:.3f}", f"{scores['recall']:.3f}", f"{scores['f1']:.3f}",
                      str(scores["support"]))
    console.print(table)
    if report["never_predicted"]:
        console.print(f"never predicted: {', '.join(report['never_predicted'])}")
    if report["confusions"]:
        console.print("most frequent confusions (gold → predicted): " + "; ".join(
            f"{c['gold']} → {c['predicted']} ×{c['count']}" for c in report["confusions"]))
    for key in ("stage_no_event", "date", "location"):
        if report.get(key):
            console.print(f"{key}: {report[key]}")
    if report.get("errors_file"):
        console.print(f"misread rows written to {report['errors_file']}")


def eval_stance(
    gold: Annotated[Path, typer.Argument(help="Factuality gold JSONL (MEANTIME style: events with certainty, "
                                              "polarity, time; attributions cue → reported → sources).")],
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """Score factuality (certainty, polarity, future), the mapped stance and attribution sources."""
    from garrison.eval import stance
    from garrison.eval.gold import GoldError

    try:
        report = stance.evaluate_stance(gold, limit)
    except GoldError as exc:
        _fail(str(exc), EXIT_FATAL)
    if as_json:
        _print_json(report)
        return
    for key in ("events", "certainty_accuracy", "polarity_accuracy", "future_accuracy", "stance_accuracy",
                "attributions", "attribution_accuracy"):
        console.print(f"{key:>22}: {report[key]}")


def train_events(
    gold: Annotated[Path, typer.Argument(help="Events gold JSONL, or an ACLED export (CSV, current or pre-2019 "
                                              "columns), to learn from.")],
    label_field: Annotated[
        str, typer.Option(help="Which gold field to learn: event_type or sub_event_type.")
    ] = "event_type",
    out: Annotated[
        Optional[Path], typer.Option(help="Where to write the model (default: GARRISON_HOME/models/events-<gold>.joblib).")
    ] = None,
    holdout: Annotated[
        float, typer.Option(help="Fraction kept aside to report rules vs trained model on (0 = train on all).")
    ] = 0.0,
    seed: Annotated[int, typer.Option(help="Seed of the held-out split.")] = 13,
    check: Annotated[
        Optional[list[Path]],
        typer.Option(help="Other gold files (other regions, other vocabularies) to compare the trained model "
                          "with the rules alone on; repeatable."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Fit a CPU event-type classifier on top of the rules (TF-IDF word+char n-grams plus the rule reading,
    logistic regression averaged with a modified-Huber linear model), backing off to the rules below a
    confidence threshold chosen by cross-validation.  Where the export gives the actors' interaction codes
    (inter1, inter2), a second model reads them beside the text for rows that have them; texts without
    them keep the text-only model.

    Use it with GARRISON_EVENTS_MODEL=PATH (pipeline) or --model PATH (eval)."""
    from garrison.eval import events as evaluate
    from garrison.events import classifier

    if label_field not in ("event_type", "sub_event_type"):
        _fail(f"--label-field must be event_type or sub_event_type, got {label_field!r}", EXIT_USAGE)
    if not 0.0 <= holdout < 0.9:
        _fail("--holdout must be in [0, 0.9)", EXIT_USAGE)
    from garrison.events import acled_csv, actor_fields

    try:
        if gold.suffix.lower() == ".csv":  # an ACLED export as ACLED distributes it
            rows, skipped = acled_csv.read_training_rows(gold, label_field)
            for message in skipped:
                typer.echo(f"warning: {message}", err=True)
        else:
            rows = evaluate.read_rows(gold, ("text", label_field))
    except (evaluate.GoldError, acled_csv.AcledCsvError) as exc:
        _fail(str(exc), EXIT_FATAL)
    label_set = evaluate.default_label_set(rows)
    if label_field == "sub_event_type":
        label_set = "case" if label_set == "case" else "acled-sub"
    onto_labels = evaluate.gold_labels(rows, label_set, gold)
    test_idx, train_idx = classifier.heldout_split(len(rows), holdout, seed)
    texts = [r["text"] for r in rows]
    fields = [actor_fields.interaction_codes(r) for r in rows]
    try:
        bundle = classifier.train([texts[i] for i in train_idx], [onto_labels[i] for i in train_idx], label_set,
                                  label_field, source=str(gold), fields=[fields[i] for i in train_idx])
    except ValueError as exc:
        _fail(f"{gold}: {exc}", EXIT_FATAL)
    path = classifier.save(bundle, out or classifier.default_path(gold.stem))
    report: dict[str, Any] = {"model": str(path), "rows": len(train_idx), "label_set": label_set,
                              "label_field": label_field, "classes": bundle["classes"],
                              "threshold": bundle["threshold"],
                              # the rules' labels the training rows never carry: the model decides those rows
                              "unreliable_rule_labels": bundle["unreliable_rule_labels"],
                              # rows whose actor interaction codes a second model reads beside the text
                              "actor_fields_rows": bundle["fields_rows"] if bundle["with_fields"] else 0,
                              "actor_fields_threshold": bundle["with_fields"]["threshold"] if bundle["with_fields"]
                              else None}
    if test_idx:
        heldout_texts, heldout_gold = [texts[i] for i in test_idx], [onto_labels[i] for i in test_idx]
        report["heldout"] = _rules_vs_model(bundle, heldout_texts, heldout_gold, label_set,
                                            [fields[i] for i in test_idx]) | {"seed": seed}
        if bundle["with_fields"]:
            # the same rows as text alone (a news report has no actor codes): the text-only model's figure
            report["heldout_text_only"] = _rules_vs_model(bundle, heldout_texts, heldout_gold, label_set)
    checks = []
    for other in check or []:
        try:
            other_rows = evaluate.read_rows(other, ("text",))
            other_labels = evaluate.default_label_set(other_rows)
            other_gold = evaluate.gold_labels(other_rows, other_labels, other)
        except evaluate.GoldError as exc:
            _fail(str(exc), EXIT_FATAL)
        checks.append({"gold": str(other)} | _rules_vs_model(bundle, [r["text"] for r in other_rows], other_gold,
                                                              other_labels,
                                                              [actor_fields.interaction_codes(r) for r in other_rows]))
    if checks:
        report["checks"] = checks
    if as_json:
        _print_json(report)
        return
    console.print(f"wrote {path} ({len(train_idx)} rows, {len(bundle['classes'])} labels, {label_set}, "
                  f"rules decide below confidence {bundle['threshold']})")
    if bundle["with_fields"]:
        console.print(f"rows with the export's actor codes ({bundle['fields_rows']} in training) are read by a "
                      f"model of their own; the rules decide there below {bundle['with_fields']['threshold']}")
    for name, h in [("held-out", report.get("heldout")), ("held-out, text alone", report.get("heldout_text_only"))
                    ] + [(c["gold"], c) for c in checks]:
        if not h:
            continue
        worse = " [yellow]WORSE than the rules alone[/yellow]" if h["trained"]["weighted_f1"] < h["rules"][
            "weighted_f1"] else ""
        console.print(f"{name} n={h['n']} ({h['labels']}): rules weighted-F1 {h['rules']['weighted_f1']:.3f} → "
                      f"trained {h['trained']['weighted_f1']:.3f}; decided by model {h['decided_by']['model']}, "
                      f"rules {h['decided_by']['rules']}{worse}")


def _rules_vs_model(bundle, texts, gold, labels, fields=None) -> dict[str, Any]:
    from garrison.eval import events as evaluate
    from garrison.events import classifier

    readings = classifier.rule_readings(texts)
    rules = [classifier.project(r, labels, set(gold)) for r in readings]
    predictions = classifier.predict_detailed(bundle, texts, readings, label_space=set(gold), labels=labels,
                                              fields=fields)
    before = evaluate.classification_report(gold, rules)
    after = evaluate.classification_report(gold, [p.label for p in predictions])
    keys = ("accuracy", "macro_f1", "weighted_f1")
    return {"n": len(texts), "labels": labels, "rules": {k: before[k] for k in keys},
            "trained": {k: after[k] for k in keys},
            "decided_by": {who: sum(1 for p in predictions if p.decided_by == who)
                           for who in (classifier.MODEL, classifier.RULES)}}


train_app = typer.Typer(help="Fit the optional trainable parts on gold data.", no_args_is_help=True)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    eval_app.command("events")(eval_events)
    eval_app.command("stance")(eval_stance)
    existing = next((g.typer_instance for g in app.registered_groups if g.name == "train"), None)
    target = existing or train_app
    target.command("events")(train_events)
    if existing is None:
        app.add_typer(train_app, name="train")
