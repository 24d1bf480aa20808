"""FollowTheMoney: `ftm validate` (the package's own re-parse and clean) keeps every entity and value."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from followthemoney import model

from garrison import export
from tests.export.conftest import lookups


def _entities(events) -> list[dict]:
    return [json.loads(line) for line in "".join(export.write("ftm", "events", events, lookups())).splitlines()]


def test_ftm_validate_accepts_every_entity_unchanged(events, tmp_path):
    written = _entities(events)
    source = tmp_path / "garrison.ftm.jsonl"
    source.write_text("".join(json.dumps(e) + "\n" for e in written))
    ftm = Path(sys.executable).with_name("ftm")
    done = subprocess.run([str(ftm), "validate", "-i", str(source), "-o", str(tmp_path / "out.jsonl")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    validated = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(e["id"], e["schema"], e["properties"]) for e in validated] == [
        (e["id"], e["schema"], e["properties"]) for e in written]


def test_events_carry_dates_parties_address_and_proof_that_resolve(events):
    written = {e["id"]: e for e in _entities(events)}
    for entity in written.values():
        proxy = model.get_proxy(entity, cleaned=False)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in written, (entity["id"], prop.name, value)
    strike = next(e for e in written.values() if e["schema"] == "Event" and "ASSAULT" in e["properties"]["keywords"])
    props = strike["properties"]
    assert props["date"] == ["2024-06"] and props["startDate"] == ["2024-06-01"] and props["endDate"] == ["2024-06-30"]
    assert written[props["addressEntity"][0]]["properties"]["latitude"] == ["31.998"]
    assert written[props["proof"][0]]["schema"] == "Article"
    assert written[props["proof"][0]]["properties"]["publishedAt"] == ["2024-11-22"]
    parties = {written[i]["properties"]["name"][0]: written[i]["schema"] for i in props["involved"]}
    assert parties == {"United States": "PublicBody", "Africa Corps": "Organization", "Il-76": "LegalEntity"}
    roles = sorted(e["properties"]["role"][0] for e in written.values()
                   if e["schema"] == "Documentation" and e["properties"]["entity"] == [strike["id"]])
    assert roles == ["denied", "reported"]
    mentions = [e for e in written.values() if e["schema"] == "Mention"]
    assert {written[m["properties"]["resolved"][0]]["properties"]["name"][0] for m in mentions} >= {"Africa Corps", "T-72B3"}
