"""Event commands: ``garrison eval events``, ``garrison eval stance`` and ``garrison train events``.

(The store-backed ``garrison events`` listing lives in ``garrison/cli/core.py``.)

Exit codes: 0 ok; 2 usage error (unknown label set, bad option); 3 nothing could be done
(gold or model file missing or unreadable — the message names the file, line and field).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

console = Console()

EXIT_OK, EXIT_USAGE, EXIT_FATAL = 0, 2, 3
LABEL_CHOICES = ("plover", "plover-root", "acled", "acled-sub", "case", "garrison")

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
    as_json: JsonOption = False,
) -> None:
    """Classify each gold text's main event and score it: accuracy, macro/weighted F1, per-label P/R/F1,
    and date exact match / location within 25 and 161 km where the gold has them."""
    from garrison.events import evaluate

    if labels is not None and labels not in LABEL_CHOICES:
        _fail(f"--labels must be one of {', '.join(LABEL_CHOICES)}, got {labels!r}", EXIT_USAGE)
    if model is not None and not model.is_file():
        _fail(f"{model}: model file not found", EXIT_FATAL)
    try:
        report = evaluate.evaluate_events(gold, labels, model, limit)
    except evaluate.GoldError as exc:
        _fail(str(exc), EXIT_FATAL)
    except ValueError as exc:
        _fail(str(exc), EXIT_FATAL)
    if as_json:
        _print_json(report)
        return
    console.print(f"[bold]{report['gold']}[/bold]  labels={report['labels']}  n={report['n']}  "
                  f"accuracy={report['accuracy']:.3f}  macro-F1={report['macro_f1']:.3f}  "
                  f"weighted-F1={report['weighted_f1']:.3f}  no event found={report['no_event']}")
    table = Table("label", "P", "R", "F1", "support")
    for label, scores in report["per_label"].items():
        table.add_row(label, f"{scores['precision']:.3f}", f"{scores['recall']:.3f}", f"{scores['f1']:.3f}",
                      str(scores["support"]))
    console.print(table)
    for key in ("date", "location"):
        if report.get(key):
            console.print(f"{key}: {report[key]}")


def eval_stance(
    gold: Annotated[Path, typer.Argument(help="Factuality gold JSONL (MEANTIME style: events with certainty, "
                                              "polarity, time; attributions cue → reported → sources).")],
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """Score factuality (certainty, polarity, future), the mapped stance and attribution sources."""
    from garrison.events import evaluate

    try:
        report = evaluate.evaluate_stance(gold, limit)
    except evaluate.GoldError as exc:
        _fail(str(exc), EXIT_FATAL)
    if as_json:
        _print_json(report)
        return
    for key in ("events", "certainty_accuracy", "polarity_accuracy", "future_accuracy", "stance_accuracy",
                "attributions", "attribution_accuracy"):
        console.print(f"{key:>22}: {report[key]}")


def train_events(
    gold: Annotated[Path, typer.Argument(help="Events gold JSONL, or an ACLED CSV, to learn from.")],
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
    as_json: JsonOption = False,
) -> None:
    """Fit a CPU event-type classifier (TF-IDF word+char n-grams and the rule reading, linear SVM).

    Use it with GARRISON_EVENTS_MODEL=PATH (pipeline) or --model PATH (eval)."""
    from garrison.events import classifier, evaluate

    if label_field not in ("event_type", "sub_event_type"):
        _fail(f"--label-field must be event_type or sub_event_type, got {label_field!r}", EXIT_USAGE)
    if not 0.0 <= holdout < 0.9:
        _fail("--holdout must be in [0, 0.9)", EXIT_USAGE)
    from garrison.events import acled_csv

    try:
        if gold.suffix.lower() == ".csv":  # an ACLED CSV (ACLED's own, or Garrison's export -f acled)
            rows, skipped = acled_csv.read_training_rows(gold, label_field)
            for message in skipped:
                typer.echo(f"warning: {message}", err=True)
        else:
            rows = evaluate.read_jsonl(gold, ("text", label_field))
    except (evaluate.GoldError, acled_csv.AcledCsvError) as exc:
        _fail(str(exc), EXIT_FATAL)
    label_set = evaluate.default_label_set(rows)
    if label_field == "sub_event_type":
        label_set = "case" if label_set == "case" else "acled-sub"
    onto_labels = evaluate.gold_labels(rows, label_set, gold)
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    cut = int(len(rows) * holdout)
    test_idx, train_idx = sorted(order[:cut]), sorted(order[cut:])
    texts = [r["text"] for r in rows]
    try:
        bundle = classifier.train([texts[i] for i in train_idx], [onto_labels[i] for i in train_idx], label_set,
                                  label_field, source=str(gold))
    except ValueError as exc:
        _fail(f"{gold}: {exc}", EXIT_FATAL)
    path = classifier.save(bundle, out or classifier.default_path(gold.stem))
    report: dict[str, Any] = {"model": str(path), "rows": len(train_idx), "label_set": label_set,
                              "label_field": label_field, "classes": bundle["classes"]}
    if test_idx:
        held_texts = [texts[i] for i in test_idx]
        held_gold = [onto_labels[i] for i in test_idx]
        readings = classifier.rule_readings(held_texts)
        rules = [evaluate._project(r, label_set, set(onto_labels)) for r in readings]
        trained = classifier.predict(bundle, held_texts, readings, label_space=set(onto_labels))
        before = evaluate.classification_report(held_gold, rules)
        after = evaluate.classification_report(held_gold, trained)
        report["heldout"] = {
            "n": len(test_idx), "seed": seed,
            "rules": {k: before[k] for k in ("accuracy", "macro_f1", "weighted_f1")},
            "trained": {k: after[k] for k in ("accuracy", "macro_f1", "weighted_f1")},
        }
    if as_json:
        _print_json(report)
        return
    console.print(f"wrote {path} ({len(train_idx)} rows, {len(bundle['classes'])} labels, {label_set})")
    if "heldout" in report:
        h = report["heldout"]
        console.print(f"held-out n={h['n']}: rules macro-F1 {h['rules']['macro_f1']:.3f} → "
                      f"trained {h['trained']['macro_f1']:.3f} (accuracy {h['rules']['accuracy']:.3f} → "
                      f"{h['trained']['accuracy']:.3f})")


train_app = typer.Typer(help="Fit the optional trainable parts on gold data.", no_args_is_help=True)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    eval_app.command("events")(eval_events)
    eval_app.command("stance")(eval_stance)
    existing = next((g.typer_instance for g in app.registered_groups if g.name == "train"), None)
    target = existing or train_app
    target.command("events")(train_events)
    if existing is None:
        app.add_typer(train_app, name="train")
