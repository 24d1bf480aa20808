"""Commands of the entities area: ``garrison eval ner``.

Exit codes: 0 ok; 1 some gold lines could not be read (the rest was scored); 2 usage error
(unknown label map); 3 nothing could be done (gold file missing, unreadable or without a usable line).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table


def eval_ner(
    gold: Path = typer.Argument(..., help='Gold JSONL: {"id", "text", "entities": [{"start", "end", "label", "text"}]}.'),
    labels: str | None = typer.Option(None, "--labels", help="Label map: a bundled name (re3d) or a JSON file "
                                      "with 'gold', 'predicted' and 'ignored_gold'. Without it labels compare as they are."),
    limit: int | None = typer.Option(None, "--limit", help="Score only the first N documents."),
    bare: bool = typer.Option(False, "--bare", help="Score the spaCy model's own entities instead of the stage (baseline)."),
    errors: Path | None = typer.Option(None, "--errors", help="Also write every exact-match error to this TSV "
                                       "(kind: FP-boundary/-label/-spurious/-ignored, FN-boundary/-label/-missed; "
                                       "family, our label, text, overlapping spans, document id) for error analysis."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: per label (and 'micro') "
                                 "exact and partial precision/recall/F1, with the exact figures also at the label's top level."),
) -> None:
    """Score the entities stage on NER gold: span-level exact and partial precision, recall and F1 per label."""
    from garrison.eval.entities import evaluate, load_label_map
    from garrison.eval.gold import GoldError

    try:
        load_label_map(labels)
    except ValueError as exc:
        print(f"error: --labels: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    if not gold.is_file():
        print(f"error: {gold}: no such file", file=sys.stderr)
        raise typer.Exit(3)
    try:
        report = evaluate(gold, labels, limit, bare=bare, errors_to=errors)
    except (OSError, UnicodeDecodeError, GoldError) as exc:
        print(f"error: {gold}: cannot read ({exc})", file=sys.stderr)
        raise typer.Exit(3) from None
    for error in report["errors"]:
        print(f"error: {error}", file=sys.stderr)
    if report["documents"] == 0:
        print(f"error: {gold}: no usable gold line", file=sys.stderr)
        raise typer.Exit(3)
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        table = Table("label", "gold", "predicted", "exact P", "exact R", "exact F1", "partial P", "partial R", "partial F1",
                      title=f"{gold.name}: {report['documents']} documents, label map {report['label_map']}")
        for label, row in report.items():
            if not isinstance(row, dict) or "exact" not in row:
                continue
            e, p = row["exact"], row["partial"]
            table.add_row(label, str(e["gold"]), str(e["predicted"]), f"{e['precision']:.3f}", f"{e['recall']:.3f}",
                          f"{e['f1']:.3f}", f"{p['precision']:.3f}", f"{p['recall']:.3f}", f"{p['f1']:.3f}")
        Console().print(table)
    if report["errors"]:
        raise typer.Exit(1)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    eval_app.command("ner")(eval_ner)
