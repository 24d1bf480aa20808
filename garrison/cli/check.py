"""``garrison check``: verify a store and say what a repair would do."""

from __future__ import annotations

from typing import Annotated

import typer

from garrison.cli.core import (
    EXIT_FATAL,
    EXIT_OK,
    EXIT_SOME_FAILED,
    DbOption,
    JsonOption,
    console,
    err,
    open_store,
)
from garrison.cli.core import print_json as print_json_out


def check(
    db: DbOption = None,
    repair: Annotated[bool, typer.Option("--repair", help="Apply the safe repairs it lists (full-text rows, "
                                         "orphan rows) in one transaction.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Verify a store: schema version, file integrity, full-text rows in step with documents, no orphan rows.

    Exit code 0 when the store is sound (or was repaired), 1 when problems remain, 3 when there is no store.
    """
    from garrison.store.check import check_store, repair_store

    store = open_store(db, create=False)
    if repair and getattr(store, "read_only", False):
        err.print(f"[red]error:[/red] the store at {store.redacted_url} is read-only: it cannot be repaired")
        raise typer.Exit(EXIT_FATAL)
    findings = check_store(store)
    repaired = 0
    if repair and any(f.repairable for f in findings):
        repaired = repair_store(store, [f for f in findings if f.repairable])
        findings = check_store(store)
    if as_json:
        print_json_out({"store": store.redacted_url, "findings": [f.to_dict() for f in findings],
                        "rows_repaired": repaired})
    else:
        if repaired:
            console.print(f"repaired: {repaired} row(s) changed")
        if not findings:
            console.print(f"{store.redacted_url}: sound (schema current, full text in step, no orphan rows)")
        for finding in findings:
            action = "would repair" if finding.repairable else "to do"
            console.print(f"{finding.check}: {finding.problem}: {finding.count} — {action}: {finding.repair}",
                          highlight=False)
        if any(f.repairable for f in findings) and not repair:
            console.print("run `garrison check --repair` to apply the repairs marked 'would repair'")
    store.close()
    raise typer.Exit(EXIT_SOME_FAILED if findings else EXIT_OK)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command()(check)
