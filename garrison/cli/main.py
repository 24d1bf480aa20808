"""The ``garrison`` command: a thin shell over the functional core.

Each area keeps its commands in its own module ``garrison/cli/<area>.py`` exposing
``register(app, eval_app)``; this file only assembles them.

Exit codes (for scripts): 0 success; 1 some inputs failed or were rejected (the rest
was processed); 2 usage error; 3 nothing could be done (store unreachable, bad file).
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="garrison",
    help="Read news at scale into a sourced, geolocated, time-resolved picture of military presence and activity.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure quality against gold JSONL (formats in the README).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

AREAS = ("core", "demo", "entities", "places", "dates", "events", "serve", "check")

for area in AREAS:
    try:
        module = importlib.import_module(f"garrison.cli.{area}")
    except ModuleNotFoundError as exc:  # an area not built yet must not break the others
        if exc.name != f"garrison.cli.{area}":
            raise
        continue
    module.register(app, eval_app)


def main() -> None:
    """The console entry point: the store failing under a running command (a full disk, a store made
    read-only, a lost server) is one line and exit 3, never a traceback."""
    import sys

    try:
        app()
    except Exception as exc:
        reason = store_failure(exc)
        if reason is None:
            raise
        sys.stderr.write(f"error: the store could not be used: {reason}\n")
        sys.exit(3)


def store_failure(exc: BaseException) -> str | None:
    """One line for a failure of the store or of the disk under it; None for any other error."""
    import errno

    from sqlalchemy.exc import DBAPIError, OperationalError

    from garrison.store import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, (OperationalError, DBAPIError)):
        return " ".join(str(exc.orig or exc).split())[:300]
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EFBIG):
        return f"{exc.strerror} ({exc.filename or 'store'})"
    return None


if __name__ == "__main__":
    main()
