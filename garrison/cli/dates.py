"""Commands of the dates area: ``garrison timex`` and ``garrison eval time``.

Exit codes: 0 ok; 2 usage error (bad --dct); 3 nothing could be done (gold file missing or unreadable).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table


def _parse_dct(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"--dct must be YYYY-MM-DD, got {value!r}") from None


def timex(
    text: str = typer.Argument(..., help="The text to read; '-' reads standard input."),
    dct: str | None = typer.Option(None, "--dct", help="Publication date YYYY-MM-DD; without it the date is inferred from the text."),
    language: str = typer.Option("en", "--language", "-l", help="Language of the text: en or fr."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
) -> None:
    """Find the time expressions in TEXT and resolve them against the publication date.

    Without --dct the date is inferred from the latest explicit day in the text. Exit codes: 0 ok, 2 bad option.
    """
    from garrison.dates import infer_document_date
    from garrison.dates.recognise import find_time_expressions

    if text == "-":
        text = sys.stdin.read()
    anchor = _parse_dct(dct)
    inferred = None
    if anchor is None:
        inferred = infer_document_date(text)
        anchor = inferred[0] if inferred else None
    expressions = find_time_expressions(text, anchor, language=language, anchor_inferred=inferred is not None)
    if as_json:
        print(json.dumps({
            "dct": anchor.isoformat() if anchor else None,
            "dct_inferred": inferred is not None,
            "dct_evidence": inferred[1] if inferred else None,
            "timexes": [t.to_dict() for t in expressions],
        }, ensure_ascii=False))
        return
    console = Console()
    if inferred:
        console.print(f"[dim]publication date inferred: {anchor} from {inferred[1]}[/dim]")
    table = Table("start", "end", "text", "type", "value", "span", "precision")
    for t in expressions:
        span = f"{t.span.start} … {t.span.end}" if t.span else ""
        table.add_row(str(t.start), str(t.end), t.text, t.type, t.value or "", span, t.span.precision if t.span else "")
    console.print(table)


def eval_time(
    gold: Path = typer.Argument(..., help="Gold JSONL: {id, dct, text, timexes: [{start, end, text, type, value}]}."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    limit: int | None = typer.Option(None, "--limit", help="Score only the first N documents."),
    errors: Path | None = typer.Option(None, "--errors", help="Write every miss, spurious and mismatched expression here as JSONL."),
    scope: str = typer.Option("auto", "--scope", help="Text scored: 'all', 'lines:N' (first N lines), or 'auto' "
                              "(the first N lines when only they carry annotation, as MEANTIME's first 6)."),
) -> None:
    """Score time expressions TempEval-3 style: strict/relaxed span P/R/F1, type and value accuracy, value F1.

    Exit codes: 0 ok, 2 bad option, 3 gold file missing or unreadable (the message names file, line and field).
    """
    from itertools import islice

    from garrison.dates.recognise import find_time_expressions
    from garrison.eval.dates import GoldError, detect_scope, evaluate, read_gold

    if not gold.is_file():
        print(f"error: {gold}: no such file", file=sys.stderr)
        raise typer.Exit(3)
    try:
        documents = list(islice(read_gold(gold), limit))
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(3) from None
    if scope == "all":
        lines = None
    elif scope == "auto":
        lines = detect_scope(documents)
    elif scope.startswith("lines:") and scope[6:].isdigit():
        lines = int(scope[6:])
    else:
        print(f"error: --scope must be all, auto or lines:N, got {scope!r}", file=sys.stderr)
        raise typer.Exit(2)
    tally = evaluate(documents, lambda d: find_time_expressions(d.text, d.dct, language=d.language), keep_errors=errors is not None, lines=lines)
    result = {"gold": str(gold), "documents": len(documents), "scope": f"lines:{lines}" if lines else "all",
              **tally.metrics()}
    if errors is not None:
        with open(errors, "w", encoding="utf-8") as handle:
            for row in tally.errors:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    if as_json:
        print(json.dumps(result))
        return
    table = Table("metric", "value")
    for key, value in result.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    Console().print(table)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command("timex")(timex)
    eval_app.command("time")(eval_time)
