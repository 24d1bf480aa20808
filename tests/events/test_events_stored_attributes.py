"""What the demo store keeps of each event: public attributes only, each documented, no parse scratch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from garrison import pipeline
from garrison.cli.main import app
from garrison.store import Store

FORMATS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"
# What the extractor notes from the parse for consolidation: spaCy token numbers and role words.
PARSE_SCRATCH = {"actor_tokens", "object_of_token", "argument_words", "sites", "_coordinated_sites"}


def documented_keys() -> set[str]:
    section = FORMATS.read_text(encoding="utf-8").split("## Event attributes", 1)[1].split("\n## ", 1)[0]
    keys = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            keys.update(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return keys


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    store = Store(f"sqlite:///{db}")
    yield store
    store.close()


def test_no_stored_event_holds_token_numbers_and_every_attribute_is_documented(demo_store):
    documented = documented_keys()
    assert {"trigger_span", "location_basis", "coordinated_sites"} <= documented
    events = demo_store.queries.events(limit=10**9)
    assert len(events) > 100
    texts = {d.id: d.text for d in demo_store.queries.documents(limit=None)}
    for event in events:
        keys = set(event.attributes)
        assert not keys & PARSE_SCRATCH, (event.id, keys & PARSE_SCRATCH)
        assert keys <= documented, (event.id, keys - documented)
        if "continues" in event.attributes:  # a sentence going on with a happening names no act of its own
            assert event.trigger is None and "trigger_span" not in keys
            continue
        start, end = event.attributes["trigger_span"]  # character offsets, not token numbers
        assert texts[event.document_id][start:end] == event.trigger
        assert event.parse_state == {}
    assert any("coordinated_sites" in e.attributes for e in events)
    assert any("continues" in e.attributes for e in events)


def test_the_demo_fuses_through_the_runner_and_leaves_fusion_current(demo_store):
    assert len(demo_store.queries.happenings(limit=10**9)) > 50
    assert pipeline.corpus_state(demo_store, pipeline.STAGES["fusion"])["state"] == "current"
