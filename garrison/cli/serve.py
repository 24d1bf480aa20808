"""``garrison serve``: the JSON API and the web app on one port, loopback unless a token guards it."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from garrison.cli.core import EXIT_USAGE, DbOption, err, open_store


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        Optional[str], typer.Option(envvar="GARRISON_TOKEN", show_envvar=True,
                                    help="Bearer token that writes (POST /api/ingest) must carry.")
    ] = None,
    process: Annotated[bool, typer.Option(help="Process ingested uploads in the background.")] = True,
) -> None:
    """Serve the API under /api/ (docs at /api/docs) and the web app at / — map, timeline, evidence, presence."""
    import uvicorn

    from garrison.api.app import create_app
    from garrison.api.security import BindRefused, check_bind

    try:
        check_bind(host, token)
    except BindRefused as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    store = open_store(db)
    app = create_app(store, token=token, host=host, process_uploads=process)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"Garrison on http://{shown}:{port}/ (API docs: http://{shown}:{port}/api/docs), store "
              f"{store.redacted_url}; writes {'need the token' if token else 'are disabled (no --token)'}")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command()(serve)
