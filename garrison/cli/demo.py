"""`garrison demo`: the built-in corpus into a fresh store, processed, then the picture it gives (picture.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from garrison.cli import core
from garrison.cli.picture import WIDTH, print_picture


def demo(
    db: Annotated[str, typer.Option("--db", help="Store for the demo (recreated).")] = "garrison-demo.db",
    corpus: Annotated[Path | None, typer.Option(help="Corpus to read (default: the built-in demo corpus).")] = None,
) -> None:
    """Ingest the built-in demo corpus into a fresh store, process it, and print the picture it gives."""
    path = Path(db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    console = Console(width=min(core.console.width, WIDTH) if core.console.is_terminal else WIDTH)
    steps = (("ingest", lambda: core.ingest(targets=[str(corpus or core.DEMO_CORPUS)], db=str(path), quiet=False)),
             ("process", lambda: core.process(db=str(path))))
    for name, step in steps:
        console.rule(name)
        try:
            step()
        except typer.Exit as done:  # some inputs rejected: the demo goes on with the rest
            if done.exit_code not in (core.EXIT_OK, core.EXIT_SOME_FAILED):
                raise
    store = core.open_store(str(path))
    try:
        print_picture(store, console, db=str(path))
    finally:
        store.close()


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command()(demo)
