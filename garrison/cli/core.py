"""Store-backed commands: ingest, process, status, docs, show, entities, places, events, happenings, presence,
export (``demo`` is in demo.py)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from garrison import config

console = Console()
err = Console(stderr=True, soft_wrap=True)  # one-line errors stay one line

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", envvar="GARRISON_DB", help="Store URL or SQLite path (default: ./garrison.db).",
                 show_envvar=True),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables.")]
BackgroundOption = Annotated[
    bool, typer.Option("--include-background", help="Also list background: history and context the reports "
                                                    "recall (\"built in the 1980s\"), not news they report.")
]

DEMO_CORPUS = config.DATA_DIR / "demo" / "corpus"


# Commands that write to the store, and so may create it; every other command only reads one.
WRITING_COMMANDS = frozenset({"ingest", "process", "demo", "corpus"})


def open_store(db: str | None, *, create: bool | None = None):
    """The store for a command, or a one-line error and exit 3.

    A missing SQLite store is created only by a command that writes (``create``, by default
    decided from the running command's name); a read command says "no store at …".  A store that
    cannot be written opens read-only for reading commands and is an error for writing ones."""
    from garrison.store import Store, StoreError

    url = db or config.database_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    if create is None:
        running = _running_command()
        create = running is None or running in WRITING_COMMANDS
    read_only = False
    path = Path(url.split("///", 1)[-1]) if url.startswith("sqlite") and ":memory:" not in url else None
    if path is not None and path.exists() and not _writable(path):
        if create:
            err.print(f"[red]error:[/red] the store at {path} is read-only: this command writes to it")
            raise typer.Exit(EXIT_FATAL)
        read_only = True
    try:
        return Store(url, create=create, read_only=read_only)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_FATAL) from exc


def _running_command() -> str | None:
    """The name of the command being run (typer keeps click's context in its own copy of click)."""
    import importlib

    for module in ("typer._click.globals", "click.globals"):
        try:
            context = importlib.import_module(module).get_current_context(silent=True)
        except (ImportError, AttributeError):
            continue
        if context is not None:
            return context.info_name
    return None


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {option} expects YYYY-MM-DD, got {value!r}")
        raise typer.Exit(EXIT_USAGE) from exc


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )


# ---------------------------------------------------------------------------


def ingest(
    targets: Annotated[list[str], typer.Argument(help="Files, directories, http(s) URLs or feeds, or - for stdin.")],
    db: DbOption = None,
    published: Annotated[
        Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for every document read, source 'user'.")
    ] = None,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not list rejects.")] = False,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Let URLs, feed links and redirects reach loopback and private "
                     "addresses (your intranet); also GARRISON_ALLOW_PRIVATE=1 or a list of networks."),
    ] = False,
    workers: Annotated[
        Optional[int], typer.Option(envvar="GARRISON_INGEST_WORKERS", min=1,
                                    help="Reading processes (default: one per core, from a few hundred documents on).")
    ] = None,
) -> None:
    """Read documents into the store: exact copies are stored once, near-duplicates linked to their original.

    Exit code 0 when every input was read, 1 when some were rejected (the rest is stored), 3 when the store
    cannot be opened.
    """
    from garrison.ingest.into_store import ingest as run_ingest
    from garrison.ingest.parallel import default_workers

    when = parse_date(published, "--published")
    store = open_store(db, create=True)
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)

        def on_item(item, outcome):
            progress.advance(task)
            if outcome == "rejected" and not quiet and not as_json:
                err.print(f"[yellow]rejected[/yellow] {item.source}: {item.reason}: {item.detail}", highlight=False)

        summary = run_ingest(store, targets, published=when, stdin=sys.stdin.buffer, on_item=on_item,
                             allow_private=True if allow_private else None, workers=workers or default_workers())
    if as_json:
        print_json(summary.to_dict())
    else:
        rejected = sum(summary.rejects.values())
        console.print(
            f"stored {summary.stored} document(s) ({summary.near_duplicates} near-duplicate), "
            f"skipped {summary.exact_duplicates} exact duplicate(s) and {summary.already_stored} already stored, "
            f"rejected {rejected}"
            + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(summary.rejects.items()))})" if rejected else "")
        )
    raise typer.Exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


def process(
    db: DbOption = None,
    stage: Annotated[
        Optional[list[str]], typer.Option("--stage", "-s", help="Run only these stages (repeatable).")
    ] = None,
    redo: Annotated[
        bool, typer.Option(help="Forget the chosen stages' earlier work, and that of the stages reading it, "
                                "and run them all again.")
    ] = False,
    limit: Annotated[Optional[int], typer.Option(help="Process at most this many documents.")] = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Documents per batch.")] = None,
    workers: Annotated[
        int, typer.Option(envvar="GARRISON_WORKERS", help="Worker processes (one per core is a good start).")
    ] = 1,
    engine: Annotated[
        str, typer.Option(help="in-process, or ray: Ray actors (--workers of them; pip install 'garrison[ray]').")
    ] = "in-process",
    address: Annotated[
        Optional[str], typer.Option(help="With --engine ray: a cluster (auto, ray://HOST:10001); default: local Ray.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Run the pipeline stages over every document still pending for them (idempotent, resumable).

    Stages run in the order their inputs impose; a stage asked for alone on documents a stage it reads from has
    not processed is refused (exit code 2). Fusion, the corpus-level stage, runs after them whenever the
    events it reads changed. Exit code 0 when every document went through, 1 when a stage failed on some document.
    """
    from garrison import pipeline

    store = open_store(db)
    names = list(stage) if stage else None
    try:
        plan = pipeline.stage_order(names)
        if redo:
            forgotten = pipeline.reset(store, names or [s.name for s in plan])
            names = forgotten if names else None
            plan = pipeline.stage_order(names)
        pipeline.check_requirements(store, plan, names)
    except KeyError as exc:
        err.print(f"[red]error:[/red] {exc.args[0]}")
        raise typer.Exit(EXIT_USAGE) from exc
    except pipeline.UnmetRequirement as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from exc
    document_stages = [s.name for s in plan if s.scope == pipeline.DOCUMENT]
    pending = len(store.pending(document_stages, limit=10**9)) if document_stages else 0
    if limit is not None:
        pending = min(pending, limit)
    if engine not in ("in-process", "ray"):
        err.print(f"[red]error:[/red] --engine is in-process or ray, not {engine!r}")
        raise typer.Exit(EXIT_USAGE)
    chosen_engine = None
    if engine == "ray":
        try:
            import ray  # noqa: F401

            from garrison.engines import ray as ray_engine
        except ImportError as exc:
            err.print("[red]error:[/red] --engine ray needs Ray: pip install 'garrison[ray]'")
            raise typer.Exit(EXIT_USAGE) from exc
        chosen_engine = ray_engine.RayEngine(max(workers, 1), address=address)
    with _progress() as progress:
        task = progress.add_task("processing", total=pending)
        summary = pipeline.run(
            store, names, batch_size=batch_size, limit=limit, workers=workers, engine=chosen_engine,
            on_batch=lambda n: progress.advance(task, n),
        )
    fused = summary.corpus.get("fusion", {})
    if as_json:
        counts = {k: fused[k] for k in ("happenings", "presences") if k in fused}
        print_json(summary.to_dict() | counts)
    else:
        table = Table(title="process", show_edge=False)
        for column in ("stage", "documents", "seconds", "docs/s"):
            table.add_column(column, justify="right" if column != "stage" else "left")
        for name, count in summary.processed.items():
            seconds = summary.seconds[name]
            table.add_row(name, str(count), f"{seconds:.2f}", f"{count / seconds:.1f}" if seconds else "-")
        console.print(table)
        for name, outcome in summary.corpus.items():
            if outcome["ran"]:
                made = ", ".join(f"{outcome[k]} {k}" for k in pipeline.STAGES[name].produces if k in outcome)
                console.print(f"{name}: {made} ({outcome['seconds']:.2f} s)")
            else:
                console.print(f"{name}: not run, {outcome['why']}", highlight=False)
        for doc_id, stage_name, error in summary.failures:
            where = f"{doc_id} in {stage_name}" if doc_id else stage_name
            err.print(f"[red]failed[/red] {where}: {error}", highlight=False)
    raise typer.Exit(EXIT_SOME_FAILED if summary.failures else EXIT_OK)


def status(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts: documents, duplicates, work done per stage, stored records, rejects by reason."""
    from garrison import pipeline

    store = open_store(db)
    info = store.queries.status() | {"recent_rejects": store.queries.rejects(limit=10)}
    order = pipeline.stage_order()
    corpus = {s.name: pipeline.corpus_state(store, s) for s in order if s.scope == pipeline.CORPUS}
    info["corpus_stages"] = {
        name: {"state": c["state"], "waiting_on": c["waiting_on"],
               "finished_at": c["last_run"]["finished_at"] if c["last_run"] else None,
               "seconds": c["last_run"]["seconds"] if c["last_run"] else None,
               "outputs": c["last_run"]["outputs"] if c["last_run"] else {}}
        for name, c in corpus.items()
    }
    if as_json:
        print_json(info)
        return
    console.print(f"[bold]{info['store']}[/bold]")
    console.print(
        f"documents {info['documents']} (near-duplicates {info['near_duplicates']}, "
        f"exact copies skipped {info['exact_copies']}); languages "
        + ", ".join(f"{k}: {v}" for k, v in sorted(info["languages"].items()))
    )
    table = Table(show_edge=False)
    for column in ("stage", "done", "pending", "seconds"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    for s in order:
        if s.scope == pipeline.CORPUS:
            c = info["corpus_stages"][s.name]
            seconds = f"{c['seconds']:.2f}" if c["seconds"] is not None else "-"
            table.add_row(f"{s.name} (corpus)", c["state"], ", ".join(c["waiting_on"]) or "-", seconds)
            continue
        done = info["stages"].get(s.name, {"done": 0, "seconds": 0.0})
        table.add_row(s.name, str(done["done"]), str(info["documents"] - done["done"]), f"{done['seconds']:.2f}")
    console.print(table)
    outputs = {k: v for c in info["corpus_stages"].values() for k, v in c["outputs"].items()}
    console.print(
        "stored: " + ", ".join(f"{k} {info[k]}" for k in ("entities", "mentions", "toponyms", "timexes", "events",
                                                          "claims"))
        + "".join(f", {k} {v}" for k, v in outputs.items())
    )
    if info["rejects"]:
        console.print("rejects: " + ", ".join(f"{k} {v}" for k, v in info["rejects"].items()))
        for reject in info["recent_rejects"]:
            console.print(f"  {reject['source']}: {reject['reason']}: {reject['detail']}", highlight=False,
                          soft_wrap=True)


def docs(
    query: Annotated[Optional[str], typer.Argument(help="Full-text query; omit to list documents.")] = None,
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 20,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet (listing only).")] = None,
    as_json: JsonOption = False,
) -> None:
    """List documents, newest first, or search their titles and texts."""
    store = open_store(db)
    if query:
        hits = store.queries.search(query, limit=limit)
        rows = [(d, snippet) for d, snippet in hits]
    else:
        rows = [(d, None) for d in store.queries.documents(limit=limit, outlet=outlet)]
    if as_json:
        print_json([
            {"id": d.id, "title": d.title, "outlet": d.outlet, "published": d.published,
             "published_source": d.published_source, "language": d.language, "duplicate_of": d.duplicate_of,
             "source": d.source_path, **({"snippet": s} if s is not None else {})}
            for d, s in rows
        ])
        return
    table = Table(show_edge=False)
    for column in ("id", "published", "outlet", "lang", "title" if not query else "match"):
        table.add_column(column, overflow="fold")
    for d, snippet in rows:
        published = f"{d.published or '-'}" + (" ~" if d.published_source == "inferred" else "")
        title = snippet if query else (d.title or d.text[:70].replace("\n", " "))
        if d.duplicate_of:
            title = f"{title} [dim](near-copy of {d.duplicate_of[:10]})[/dim]"
        table.add_row(d.id[:12], published, d.outlet or "-", d.language or "-", title)
    console.print(table)
    if not rows:
        console.print("no documents" + (f" match {query!r}" if query else ""))


def show(
    document_id: Annotated[str, typer.Argument(
        help="A document id, a happening id (h:…) or an event id (e:…), or an unambiguous prefix of one "
             "(≥ 6 characters for a document, ≥ 8 with the h: or e: for the others).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One document with its metadata and what the stages found in it; or one happening with the reports fused
    into it; or one event with its claims and the document it was read from."""
    store = open_store(db)
    if document_id.startswith(("h:", "e:")):
        _show_fused(store, document_id, as_json)
        return
    doc = store.queries.get_document(document_id)
    if doc is None:
        err.print(f"[red]error:[/red] no document with id {document_id!r}")
        raise typer.Exit(EXIT_USAGE)
    analysis = store.queries.analysis(doc.id)
    if as_json:
        print_json(analysis.to_dict())
        return
    console.print(f"[bold]{doc.title or '(untitled)'}[/bold]")
    console.print(
        f"id {doc.id}  outlet {doc.outlet or '-'}  author {doc.author or '-'}  language {doc.language or '-'}\n"
        f"published {doc.published or '-'} ({doc.published_source or 'unknown'})  source {doc.source_path or '-'}"
        + (f"\nnear-duplicate of {doc.duplicate_of} (similarity {doc.similarity:.2f})" if doc.duplicate_of else "")
    )
    console.print()
    console.print(doc.text, highlight=False)
    if analysis.mentions:
        console.print("\n[bold]entities[/bold]: " + "; ".join(
            f"{m.text} [{m.label}]" for m in analysis.mentions[:80]), highlight=False)
    if analysis.toponyms:
        console.print("[bold]places[/bold]: " + "; ".join(
            f"{p.text} → {p.place.name} ({p.place.lat:.3f}, {p.place.lon:.3f})" if p.place else f"{p.text} → ?"
            for p in analysis.toponyms), highlight=False)
    if analysis.timexes:
        console.print("[bold]times[/bold]: " + "; ".join(f"{x.text} = {x.value}" for x in analysis.timexes),
                      highlight=False)
    if analysis.events:
        console.print()
        _print_events(analysis.events, {e.id: e.name for e in analysis.entities})


def _show_fused(store, wanted: str, as_json: bool) -> None:
    """A happening (its reports, each with its claims) or one event, each fact beside the document it came from."""
    from garrison.cli.picture import independent_outlets, print_happening

    queries = store.queries
    happening = queries.find_happening(wanted) if wanted.startswith("h:") else None
    event = queries.find_event(wanted) if wanted.startswith("e:") else None
    if happening is None and event is None:
        kind = "happening" if wanted.startswith("h:") else "event"
        err.print(f"[red]error:[/red] no {kind} with id {wanted!r} (or the prefix is ambiguous)")
        raise typer.Exit(EXIT_USAGE)
    events = queries.happening_events(happening.id) if happening is not None else [event]
    documents = queries.document_sources(sorted({e.document_id for e in events}))
    if as_json:
        print_json({**({"happening": happening.to_dict()} if happening is not None else {}),
                    "events": [e.to_dict() for e in events],
                    "documents": [{"id": doc_id, **header} for doc_id, header in documents.items()]})
        return
    names = queries.entity_names(i for e in events for i in (*e.actors, *e.targets, *e.materiel))
    if happening is not None:
        names |= queries.entity_names(i for i in (*happening.actors, *happening.targets, *happening.materiel))
        outlet_of = {doc_id: header.get("outlet") for doc_id, header in documents.items()}
        published = {doc_id: header.get("published") for doc_id, header in documents.items()}
        console.print(f"happening {happening.id}", style="dim", highlight=False)
        print_happening(console, happening, names, independent_outlets(happening, outlet_of, published), events)
        console.print()
    for e in events:
        header = documents.get(e.document_id, {})
        console.print(escape(f"event {e.id}  from document {e.document_id[:12]}  "
                             f"{header.get('published') or '-'}  {header.get('outlet') or '-'}  "
                             f"{header.get('title') or ''}"), style="dim", highlight=False)
        _print_events([e], names)


def entities(
    query: Annotated[Optional[str], typer.Argument(help="Only entities whose name or alias contains this.")] = None,
    db: DbOption = None,
    type: Annotated[Optional[str], typer.Option("--type", "-t", help="PERSON, ARMED_GROUP, EQUIPMENT …")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Entities found, with type, aliases, mention and document counts."""
    rows = open_store(db).queries.entities(query=query, type=type, limit=limit)
    if as_json:
        print_json(rows)
        return
    table = Table(show_edge=False)
    for column in ("name", "type", "docs", "mentions", "aliases", "attributes"):
        table.add_column(column, overflow="fold")
    for r in rows:
        attributes = ", ".join(f"{k}={v}" for k, v in r["attributes"].items() if k != "source")
        table.add_row(r["name"], r["type"], str(r["documents"]), str(r["mentions"]),
                      ", ".join(a for a in r["aliases"] if a != r["name"])[:80], attributes[:80])
    console.print(table)


def places(
    query: Annotated[Optional[str], typer.Argument(help="Only places whose name contains this.")] = None,
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Places found, with coordinates, documents and mention counts."""
    rows = open_store(db).queries.places(query=query, limit=limit)
    if as_json:
        print_json(rows)
        return
    table = Table(show_edge=False)
    for column in ("name", "country", "feature", "lat", "lon", "docs", "mentions", "id"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(r["name"], r.get("country") or "-", r.get("feature") or "-", f"{r['lat']:.3f}",
                      f"{r['lon']:.3f}", str(r["documents"]), str(r["mentions"]), r["id"])
    console.print(table)


def events(
    db: DbOption = None,
    type: Annotated[Optional[str], typer.Option("--type", "-t", help="Event type, e.g. ASSAULT, DEPLOY.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor or target entity id or name part.")] = None,
    place: Annotated[Optional[str], typer.Option(help="Place name part or ISO country code.")] = None,
    near: Annotated[Optional[str], typer.Option(help="LAT,LON,KM: events within KM of a point.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Events whose time ends on or after YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Events whose time starts on or before YYYY-MM-DD.")] = None,
    stance: Annotated[Optional[str], typer.Option(help="asserted, reported, denied, speculated, planned …")] = None,
    include_background: BackgroundOption = False,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """Events with their claims: evidence sentence, outlet, cited sources and stance."""
    point = None
    if near:
        try:
            lat, lon, km = (float(x) for x in near.split(","))
            point = (lat, lon, km)
        except ValueError as exc:
            err.print(f"[red]error:[/red] --near expects LAT,LON,KM, got {near!r}")
            raise typer.Exit(EXIT_USAGE) from exc
    store = open_store(db)
    found = store.queries.events(
        type=type, actor=actor, place=place, near=point, since=parse_date(since, "--since"),
        until=parse_date(until, "--until"), stance=stance, include_background=include_background, limit=limit,
    )
    if as_json:
        print_json([e.to_dict() for e in found])
        return
    _print_events(found, store.queries.entity_names(i for e in found for i in (*e.actors, *e.targets, *e.materiel)))
    if not found:
        console.print("no events")


def _print_events(found, names: dict[str, str]) -> None:
    def name(entity_id: str) -> str:
        return names.get(entity_id) or entity_id.split(":", 1)[-1]

    for event in found:
        where = event.location.name if event.location else "?"
        if event.origin or event.destination:
            where = f"{event.origin.name if event.origin else '?'} → {event.destination.name if event.destination else where}"
        when = (event.time.value or f"{event.time.start}..{event.time.end}") if event.time else "?"
        if event.time_from_dct:
            when += " (publication date)"
        who = ", ".join(map(name, event.actors)) or "?"
        whom = ", ".join(map(name, event.targets))
        what = ", ".join(map(name, event.materiel))
        console.print(
            f"[bold]{event.type}[/bold]{' / ' + event.mode if event.mode else ''}  {when}  at {where}  "
            f"actor {who}" + (f"  target {whom}" if whom else "") + (f"  materiel {what}" if what else ""),
            highlight=False,
        )
        for claim in event.claims:
            chain = " ← ".join(claim.source_chain) if claim.source_chain else (claim.outlet or "?")
            evidence = claim.evidence[0].text if claim.evidence else ""
            # text in square brackets is not console markup: "[reported]", an editor's "[est]" in pasted text
            console.print(escape(f"   [{claim.stance}] {claim.outlet or '?'}: {chain}"), highlight=False)
            console.print(escape(f"      “{evidence.strip()[:300]}”"), style="dim", highlight=False)


def happenings(
    db: DbOption = None,
    type: Annotated[Optional[str], typer.Option("--type", "-t", help="Event type, e.g. ASSAULT, DEPLOY.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Happenings whose time ends on or after YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Happenings whose time starts on or before YYYY-MM-DD.")] = None,
    min_reports: Annotated[int, typer.Option(help="Only those with at least this many independent reports.")] = 1,
    contradicted: Annotated[
        Optional[bool], typer.Option("--contradicted/--uncontested", help="Only contested, or only uncontested.")
    ] = None,
    include_background: BackgroundOption = False,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """Real-world happenings: the reports of each fused, with corroboration and contradiction counted."""
    store = open_store(db)
    found = store.queries.happenings(type=type, since=parse_date(since, "--since"), until=parse_date(until, "--until"),
                             min_reports=min_reports, contradicted=contradicted,
                             include_background=include_background, limit=limit)
    if as_json:
        print_json([h.to_dict() for h in found])
        return
    names = store.queries.entity_names(i for h in found for i in (*h.actors, *h.targets, *h.materiel))
    table = Table(show_edge=False)
    table.add_column("id", no_wrap=True, min_width=12)
    for column in ("when", "type", "where", "who / what", "reports", "stances", "outlets"):
        table.add_column(column, overflow="fold")
    for h in found:
        who = ", ".join(names.get(i, i) for i in (*h.actors, *h.targets, *h.materiel))
        stances = ", ".join(f"{k} {v}" for k, v in sorted(h.stances.items()))
        table.add_row(
            h.id[:12],  # enough for `garrison show` to find it
            (h.time.value or str(h.time.start)) if h.time else "?",
            h.type + (f" / {h.mode}" if h.mode else ""),
            h.location.name if h.location else "?", who[:80], str(h.reports),
            ("[red]contested[/red] " if h.contradicted else "") + stances, ", ".join(h.outlets)[:60],
        )
    console.print(table)


def presence(
    db: DbOption = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor entity id or part of it, e.g. africa-corps.")] = None,
    place: Annotated[Optional[str], typer.Option(help="Place name part or ISO country code.")] = None,
    include_background: BackgroundOption = False,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 200,
    as_json: JsonOption = False,
) -> None:
    """Presence timelines: which actor is reported where, first and last reported, with which assets, by how
    many independent sources."""
    from garrison.cli.picture import presence_table

    store = open_store(db)
    found = store.queries.presences(actor=actor, place=place, include_background=include_background, limit=limit)
    if as_json:
        print_json([p.to_dict() for p in found])
        return
    if not found:
        console.print("no presence")
        return
    console.print(presence_table(found, store.queries.entity_names(i for p in found for i in (p.actor, *p.materiel))))


def export(
    what: Annotated[str, typer.Argument(help="events, happenings or presence.")],
    db: DbOption = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="csv, jsonl, geojson, stix, ftm, acled, timemap or kml.")
    ] = "csv",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    include_background: BackgroundOption = False,
) -> None:
    """Export for other tools, streamed: CSV/JSON lines/GeoJSON rows, STIX 2.1, FollowTheMoney, ACLED's CSV,
    TimeMap, KML."""
    from garrison import export as exporter
    from garrison.export import source

    if format not in exporter.FORMATS or what not in exporter.KINDS:
        err.print(f"[red]error:[/red] export events|happenings|presence with --format {'|'.join(exporter.FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    if what not in exporter.kinds(format):
        err.print(f"[red]error:[/red] --format {format} exports {', '.join(exporter.kinds(format))}, not {what}")
        raise typer.Exit(EXIT_USAGE)
    store = open_store(db)
    records, lookups = source.stream(store, what, include_background=include_background)
    chunks = exporter.write(format, what, records, lookups)
    if output:
        partial = output.with_name(output.name + ".partial")  # a stopped export leaves no half file under the name
        with partial.open("w", encoding="utf-8") as out:
            for chunk in chunks:
                out.write(chunk)
        partial.replace(output)
        err.print(f"wrote {output}")
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)


def eval_corpus(
    corpus: Annotated[Path, typer.Argument(help="The corpus directory (default: the built-in demo corpus).")] = DEMO_CORPUS,
    truth: Annotated[Optional[Path], typer.Option(help="Truth directory (default: truth/ beside the corpus).")] = None,
    db: Annotated[
        Optional[str], typer.Option("--db", help="Score this already processed store instead of a fresh run.")
    ] = None,
    as_json: JsonOption = False,
    errors: Annotated[bool, typer.Option("--errors", help=(
        "Also list each miss, false positive, wrong place and wrong month with its sentence (under `errors`)."))] = False,
) -> None:
    """Ingest and process a corpus in a fresh store and score documents, duplicates and events against its truth."""
    import tempfile

    from garrison import pipeline
    from garrison.eval.corpus import evaluate
    from garrison.ingest.into_store import ingest as run_ingest

    truth = truth or corpus.parent / "truth"
    if not truth.is_dir():
        err.print(f"[red]error:[/red] no truth directory at {truth}")
        raise typer.Exit(EXIT_USAGE)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(db or str(Path(tmp) / "eval.db"), create=db is None)
        if db is None:
            run_ingest(store, [str(corpus)])
            pipeline.run(store)  # every stage, fusion included, as `garrison process` runs them
        else:
            for name, stage in pipeline.STAGES.items():
                state = pipeline.corpus_state(store, stage)["state"] if stage.scope == pipeline.CORPUS else None
                if state not in (None, "current"):
                    err.print(f"[yellow]warning:[/yellow] {name} is not up to date in this store ({state}): its "
                              f"scores are from its last run, if any (`garrison process` brings it up to date)",
                              highlight=False)
        try:
            result = evaluate(store, corpus, truth, errors=errors)
        except ValueError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(EXIT_FATAL) from exc
        store.close()
    if as_json:
        print_json(result)
        return
    console.print_json(data=result)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    for command in (ingest, process, status, docs, show, entities, places, events, happenings, presence, export):
        app.command()(command)
    eval_app.command("corpus")(eval_corpus)
