"""First use and rebuilds: the index is built once, says so, and keeps the GeoNames dumps imported into it."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from garrison.cli.main import app
from garrison.places import gazetteer
from garrison.places.gazetteer import Gazetteer

from conftest import FIXTURES, build_small, fixture_rows


def test_an_imported_dump_survives_a_rebuild(tmp_path):
    index = tmp_path / "gaz.sqlite"
    build_small(index)
    dump = tmp_path / "allCountries.txt"
    shutil.copy(FIXTURES / "geonames" / "allCountries.txt", dump)
    result = CliRunner().invoke(app, ["gazetteer", "import", str(dump), "--path", str(index), "--json"])
    assert result.exit_code == 0, result.output
    assert Gazetteer(index).lookup("Fort Example")
    stats = build_small(index)  # a new data or code version compiles the index anew
    assert stats["reimported"] == [str(dump.resolve())]
    assert Gazetteer(index).lookup("Fort Example")[0].id == "geonames:9999002"


def test_a_rebuild_names_an_imported_dump_that_is_gone(tmp_path):
    index = tmp_path / "gaz.sqlite"
    build_small(index)
    dump = tmp_path / "allCountries.txt"
    shutil.copy(FIXTURES / "geonames" / "allCountries.txt", dump)
    gazetteer.remember_import(index, dump)
    dump.unlink()
    stats = build_small(index)
    assert stats["imports_missing"] == [str(dump.resolve())] and not Gazetteer(index).lookup("Fort Example")


def test_a_broken_imports_list_is_named(tmp_path):
    index = tmp_path / "gaz.sqlite"
    gazetteer.imports_manifest(index).write_text("[not json", encoding="utf-8")
    try:
        build_small(index)
    except ValueError as exc:
        assert str(gazetteer.imports_manifest(index)) in str(exc)
    else:
        raise AssertionError("a broken imports list went unnoticed")


def test_a_first_use_that_builds_says_so(tmp_path, capsys, monkeypatch):
    index = tmp_path / "first.sqlite"
    monkeypatch.setattr(gazetteer, "package_rows", lambda: fixture_rows())
    gazetteer.ensure(index)
    assert index.exists() and "building the gazetteer index" in capsys.readouterr().err
    gazetteer.ensure(index)  # once only
    assert capsys.readouterr().err == ""


def test_build_reports_progress(tmp_path):
    seen = []
    gazetteer.build(tmp_path / "p.sqlite", rows=fixture_rows(), demonyms=[], abbreviations=[],
                    progress=lambda phase, done, expected: seen.append((phase, done, expected)))
    assert seen and seen[-1][0] == "indexes" and seen[-1][1] == seen[-1][2] > 0


def test_a_new_index_removes_only_indexes_nobody_built_for_a_week(tmp_path):
    import os
    import time

    from garrison.places.gazetteer import STALE_AFTER_S, remove_stale_indexes

    current = tmp_path / "gazetteer-6-aaaa.sqlite"
    beside = tmp_path / "gazetteer-5-bbbb.sqlite"  # another install's (main beside a branch): in use
    stale = tmp_path / "gazetteer-4-cccc.sqlite"
    for path in (current, beside, stale):
        path.write_bytes(b"x")
    now = time.time()
    os.utime(stale, (now - STALE_AFTER_S - 60, now - STALE_AFTER_S - 60))
    assert remove_stale_indexes(current, now=now) == [stale]
    assert current.exists() and beside.exists() and not stale.exists()
