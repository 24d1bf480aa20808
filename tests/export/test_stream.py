"""Exports straight from a store, page by page: the same output as from the records in memory."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from garrison import export
from garrison.cli.main import app
from garrison.export import source
from garrison.store import Store
from tests.export.conftest import fill_store, lookups, make_events


@pytest.mark.parametrize("format", ["acled", "ftm", "timemap", "kml", "csv"])
def test_a_paged_store_stream_writes_what_the_records_in_memory_write(store_url, format):
    store = Store(store_url)
    fill_store(store)
    records, store_lookups = source.stream(store, "events", page=1)  # a page per event: every boundary crossed
    from_store = "".join(export.write(format, "events", records, store_lookups))
    in_memory = sorted(make_events(), key=lambda e: (e.document_id, e.id))
    expected = "".join(export.write(format, "events", in_memory, lookups()))
    if format == "acled":  # the timestamp column is the moment of export
        def strip(text):
            return [{k: v for k, v in r.items() if k != "timestamp"} for r in csv.DictReader(io.StringIO(text))]
        assert strip(from_store) == strip(expected)
    else:
        assert from_store == expected
    store.close()


def test_the_cli_writes_each_format_and_refuses_a_kind_a_format_cannot_hold(filled_store, tmp_path):
    db = str(filled_store.engine.url.database)
    out = tmp_path / "bundle.json"
    result = CliRunner().invoke(app, ["export", "events", "--db", db, "-f", "stix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sum(o["type"] == "incident" for o in json.loads(out.read_text())["objects"]) == 3
    assert not out.with_name("bundle.json.partial").exists()
    presence = CliRunner().invoke(app, ["export", "presence", "--db", db, "-f", "stix"])
    assert presence.exit_code == 0 and '"located-at"' in presence.stdout
    timemap = json.loads(CliRunner().invoke(app, ["export", "events", "--db", db, "-f", "timemap"]).stdout)
    assert len(timemap["events"]) == 3 and set(timemap["sources"]) == {"doc-rfi", "doc-mw"}
    refused = CliRunner().invoke(app, ["export", "presence", "--db", db, "-f", "acled"])
    assert refused.exit_code == 2 and "acled exports events, not presence" in refused.output
