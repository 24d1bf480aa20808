"""Commands of the places area: ``gazetteer build|import|info``, ``geocode``, ``eval geo``.

Exit codes: 0 ok; 1 some inputs failed; 2 usage; 3 nothing could be done (bad file, no index).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

gazetteer_app = typer.Typer(help="Build, extend and inspect the offline gazetteer index.", no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)  # one-line errors stay one line
out = Console()

PathOption = typer.Option(None, "--path", help="Index file (default: $GARRISON_GAZETTEER or ~/.garrison/gazetteer-<version>.sqlite).")


def _fail(message: str, code: int = 3) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@gazetteer_app.command("build")
def build_command(path: Path = PathOption, as_json: bool = typer.Option(False, "--json", help="Print stats as JSON."),
                  if_missing: bool = typer.Option(False, "--if-missing", help="Only when no index of this version "
                                                  "exists yet (what `make install` runs).")):
    """Compile the gazetteer from the installed packages and the reviewed overlay (about half a minute), and merge
    in again the GeoNames dumps imported before."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from garrison.places import gazetteer

    target = Path(path) if path else gazetteer.default_path()
    if if_missing and target.exists():
        if as_json:
            print(json.dumps({"path": str(target), "built": False}))
        else:
            out.print(f"up to date: {target}", markup=False)
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, disable=as_json or not err.is_terminal) as bar:
        task = bar.add_task("places", total=gazetteer.EXPECTED_ROWS)

        def report(phase: str, done: int, expected: int) -> None:
            bar.update(task, description=phase, completed=done, total=expected or None)

        stats = gazetteer.build(path, progress=report)
    if as_json:
        print(json.dumps(stats))
    else:
        out.print(f"built {stats['path']}: {stats['places']:,} places, {stats['names']:,} names, "
                  f"{stats['bytes'] / 1e6:.0f} MB in {stats['seconds']} s")
        for name in stats.get("reimported", []):
            out.print(f"merged again: {name}", markup=False)
        for name in stats.get("imports_missing", []):
            err.print(f"[yellow]warning:[/yellow] imported before but gone: {name}", highlight=False)


@gazetteer_app.command("import")
def import_command(files: list[Path] = typer.Argument(..., help="GeoNames dumps: allCountries.txt/.zip, cities*.txt, "
                                                                "alternateNamesV2.txt/.zip, admin1CodesASCII.txt."),
                   path: Path = PathOption, as_json: bool = typer.Option(False, "--json", help="Print stats as JSON.")):
    """Merge GeoNames dump files into the index (import the geoname table before alternate names)."""
    from garrison.places import gazetteer
    from garrison.places.geonames_import import ImportError_, import_file

    index = gazetteer.ensure(path)
    results, failed = [], 0
    for file in files:
        if not file.exists():
            err.print(f"[red]error:[/red] {file}: no such file")
            failed += 1
            continue
        try:
            results.append(import_file(index, file))
            gazetteer.remember_import(index, file)  # a rebuild merges it in again
        except (ImportError_, UnicodeDecodeError, OSError) as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            failed += 1
    if as_json:
        print(json.dumps({"index": str(index), "files": results, "failed": failed}))
    else:
        for r in results:
            out.print(f"{r['file']} ({r['kind']}): {r['places_added']:,} places added, "
                      f"{r['names_added']:,} names added, {r['skipped']:,} skipped")
    if failed:
        raise typer.Exit(3 if not results else 1)


@gazetteer_app.command("info")
def info_command(path: Path = PathOption):
    """Where the index is, how big, when built."""
    from garrison.places import gazetteer

    print(json.dumps(gazetteer.get(path).stats()))


def geocode_command(text: str = typer.Argument(..., help="A place name, or a text whose toponyms to find."),
                    context: str = typer.Option("", "--context", help="Surrounding text for a single name."),
                    as_json: bool = typer.Option(False, "--json", help="Print JSON.")):
    """Resolve a place name, or find and resolve every toponym of a text."""
    from garrison.places import geoparse, resolve_name

    looks_like_name = len(text.split()) <= 5 and not any(p in text for p in ".;:!?")
    if looks_like_name:
        found = resolve_name(text, context=context)
        place = found.place
        if as_json:
            print(json.dumps({"query": text, "place": place.to_dict() if place else None,
                              "candidates": [c.to_dict() for c in found.candidates], "reason": found.reason}))
        if place is None:
            if not found.candidates:
                _fail(f"no place called {text!r} in the gazetteer", 1)
            if not as_json:
                out.print(f"unresolved: {text} ({found.reason or 'no candidate stands out'}); candidates:",
                          markup=False)
                for c in found.candidates:
                    out.print(f"  {c.name} ({c.feature}, {c.country}) {c.lat:.4f}, {c.lon:.4f}  [{c.id}]", markup=False)
            raise typer.Exit(1)
        if not as_json:
            out.print(f"{place.name} ({place.feature}, {place.country}) {place.lat:.4f}, {place.lon:.4f}  [{place.id}]", markup=False)
        return
    toponyms = geoparse(text)
    if as_json:
        print(json.dumps({"toponyms": [t.to_dict() for t in toponyms]}))
        return
    table = Table("span", "text", "place", "feature", "lat", "lon", "id")
    for t in toponyms:
        p = t.place
        table.add_row(f"{t.start}-{t.end}", t.text, p.name if p else "-", p.feature if p else "-",
                      f"{p.lat:.3f}" if p else "", f"{p.lon:.3f}" if p else "", p.id if p else "")
    out.print(table)


def eval_geo_command(gold: Path = typer.Argument(..., help="Gold JSONL: {id, text, toponyms: [{start, end, name, lat, lon, geonameid?}]}."),
                     gold_toponyms: bool = typer.Option(False, "--gold-toponyms", help="Resolve the gold spans only (no recognition)."),
                     limit: int = typer.Option(0, "--limit", help="Only the first N documents."),
                     as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")):
    """Acc@161 km, median/mean error, GeoNames-id matches and (end to end) recognition P/R/F1."""
    from garrison.eval.places import GoldError, evaluate, read_gold

    if not gold.exists():
        _fail(f"{gold}: no such file")
    try:
        docs = read_gold(gold)
    except GoldError as exc:
        _fail(str(exc))
    if limit:
        docs = docs[:limit]
    result = evaluate(docs, gold_toponyms=gold_toponyms)
    if as_json:
        print(json.dumps(result))
        return
    for section in ("recognition", "resolution", "resolution_of_recognised"):
        if section in result:
            table = Table(title=section)
            table.add_column("metric")
            table.add_column("value")
            for k, v in result[section].items():
                table.add_row(k, str(v))
            out.print(table)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.add_typer(gazetteer_app, name="gazetteer")
    app.command("geocode")(geocode_command)
    eval_app.command("geo")(eval_geo_command)
