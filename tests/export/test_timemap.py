"""TimeMap: the export passes TimeMap's own field rules, checked by Joi in Node (installed by make install)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from garrison import export
from tests.export.conftest import lookups

VALIDATOR = Path(__file__).with_name("timemap_validate.js")
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"  # `make install` (npm ci) puts Joi there


def _validate(text: str) -> dict:
    node = shutil.which("node")
    assert node, "Node.js is needed to run TimeMap's validation (Debian's nodejs)"
    assert (NODE_MODULES / "joi").is_dir(), f"Joi is missing from {NODE_MODULES}: run make install"
    done = subprocess.run([node, str(VALIDATOR)], input=text, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NODE_PATH": str(NODE_MODULES)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_events_associations_and_sources_pass_timemaps_validation(events):
    text = "".join(export.write("timemap", "events", events, lookups()))
    report = _validate(text)
    assert report == {"errors": [], "events": 3, "associations": 10, "sources": 2}
    domain = json.loads(text)
    strike = domain["events"][0]
    assert (strike["date"], strike["latitude"], strike["category"]) == ("06/01/2024", "31.998", "ASSAULT")
    assert {"stance:denied", "actor:Africa Corps"} <= set(strike["associations"])
    assert domain["sources"]["doc-mw"]["date"] == "01/19/2025" and domain["sources"]["doc-mw"]["paths"] == []


def test_the_validation_catches_a_broken_export(events):
    domain = json.loads("".join(export.write("timemap", "events", events, lookups())))
    domain["events"][0]["latitude"] = 31.998  # a number where TimeMap wants a string
    del domain["sources"]["doc-mw"]["paths"]
    errors = _validate(json.dumps(domain))["errors"]
    assert any("latitude" in e for e in errors) and any('"paths" is required' in e for e in errors)
