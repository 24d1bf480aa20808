"""The command line as a user meets it: exit codes, summaries, --json output."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from garrison.cli.main import app

STRIKE = """Fri. Nov 22nd, 2024

A drone struck a Russian Il-76 cargo aircraft on the runway of the al-Khadim air base in eastern Libya last June,
the broadcaster reported, citing local sources. The US command for Africa denied any part in the attack.
"""
PARADE = """Tanks and armoured personnel carriers were shown in the streets of Bamako during a parade on
January 17, 2025, the Malian state broadcaster said. The vehicles, T-72B3 tanks and BTR-82A carriers among them, are
thought to have come by sea. The army has not made any announcement about a delivery. On January 20, the vehicles
were moved to the air base near the airport.
"""


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "strike.txt").write_text(STRIKE)
    (root / "parade.txt").write_text(PARADE)
    (root / "empty.txt").write_text("")
    (root / "lines.jsonl").write_text(
        json.dumps({"text": "Russian forces moved S-400 launchers to Libya.", "outlet": "Reuters",
                    "published": "2025-01-04", "title": "S-400 to Libya"}) + "\n{broken\n"
    )
    return root


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result


def test_ingest_reports_rejects_by_reason_and_exit_code_1_and_a_rerun_stores_nothing_new(corpus, tmp_path):
    db = str(tmp_path / "g.db")
    first = run("ingest", str(corpus), "--db", db, "--json")
    assert first.exit_code == 1
    summary = json.loads(first.stdout)
    assert summary["stored"] == 3
    assert summary["rejects"] == {"empty": 1, "invalid-json": 1}
    again = json.loads(run("ingest", str(corpus), "--db", db, "--json").stdout)
    assert (again["stored"], again["already_stored"], again["exact_duplicates"]) == (0, 3, 0)
    status = json.loads(run("status", "--db", db, "--json").stdout)
    assert status["documents"] == 3 and status["rejects"] == {"empty": 1, "invalid-json": 1}
    assert sorted(r["source"].rsplit("/", 1)[-1] for r in status["recent_rejects"]) == ["empty.txt", "lines.jsonl:2"]


def test_publication_dates_come_from_the_dateline_the_json_field_or_the_text(corpus, tmp_path):
    db = str(tmp_path / "g.db")
    run("ingest", str(corpus), "--db", db)
    listed = {d["title"] or "": d for d in json.loads(run("docs", "--db", db, "--json").stdout)}
    by_source = {d["source"].rsplit("/", 1)[-1]: d for d in listed.values()}
    assert (by_source["strike.txt"]["published"], by_source["strike.txt"]["published_source"]) == (
        "2024-11-22", "dateline")
    assert by_source["parade.txt"]["published_source"] == "inferred"
    assert by_source["parade.txt"]["published"] == "2025-01-20"
    assert [d["published"] for d in listed.values() if d["title"] == "S-400 to Libya"] == ["2025-01-04"]


def test_published_option_overrides_what_the_documents_say(corpus, tmp_path):
    db = str(tmp_path / "g.db")
    run("ingest", str(corpus / "strike.txt"), "--db", db, "--published", "2024-12-01")
    (doc,) = json.loads(run("docs", "--db", db, "--json").stdout)
    assert (doc["published"], doc["published_source"]) == ("2024-12-01", "user")
    assert run("ingest", str(corpus), "--db", db, "--published", "1st of May").exit_code == 2


def test_search_show_and_unknown_ids(corpus, tmp_path):
    db = str(tmp_path / "g.db")
    run("ingest", str(corpus), "--db", db)
    hits = json.loads(run("docs", "T-72B3", "--db", db, "--json").stdout)
    assert len(hits) == 1 and "72B3" in hits[0]["snippet"]
    shown = json.loads(run("show", hits[0]["id"][:10], "--db", db, "--json").stdout)
    assert "T-72B3" in shown["document"]["text"]
    assert run("show", "doesnotexist", "--db", db).exit_code == 2


def test_usage_and_store_errors_have_their_own_exit_codes(tmp_path):
    assert run("process", "--db", str(tmp_path / "g.db"), "--stage", "nonsense").exit_code == 2
    unreachable = run("status", "--db", "postgresql://nobody@127.0.0.1:9/none")
    assert unreachable.exit_code == 3 and "cannot open store" in unreachable.stderr


def test_process_fuses_reports_and_the_results_can_be_listed_and_exported(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(STRIKE)
    (root / "b.txt").write_text(
        "Sat. Nov 23rd, 2024\n\nA drone struck a Russian Il-76 transport plane at al-Khadim air base in eastern "
        "Libya in June, Libyan military sources told reporters.\n")
    db = str(tmp_path / "g.db")
    run("ingest", str(root), "--db", db)
    processed = run("process", "--db", db, "--json")
    assert processed.exit_code == 0, processed.stderr
    assert json.loads(processed.stdout)["happenings"] >= 1
    happenings = json.loads(run("happenings", "--db", db, "--type", "ASSAULT", "--json").stdout)
    assert any(h["reports"] == 2 for h in happenings), happenings  # the two reports of the strike, fused
    exported = run("export", "events", "--db", db, "--format", "csv")
    assert exported.exit_code == 0 and exported.stdout.startswith("event_id,event_date")
    assert run("export", "nonsense", "--db", db).exit_code == 2
    presence = run("presence", "--db", db, "--json")
    assert presence.exit_code == 0 and isinstance(json.loads(presence.stdout), list)


def test_a_stage_asked_for_before_the_stages_it_reads_from_is_refused_naming_them(corpus, tmp_path):
    db = str(tmp_path / "g.db")
    run("ingest", str(corpus), "--db", db)
    assert run("process", "--db", db, "--stage", "entities", "--stage", "dates").exit_code == 0
    refused = run("process", "--db", db, "--stage", "events")
    assert refused.exit_code == 2
    assert ("events needs places, which has not run on 3 document(s): run `garrison process --stage places` first"
            in refused.stderr)
    status = json.loads(run("status", "--db", db, "--json").stdout)
    assert status["events"] == 0 and "events" not in status["stages"]
    assert status["corpus_stages"]["fusion"]["state"] == "waiting"

    assert run("process", "--db", db, "--stage", "places").exit_code == 0
    done = run("process", "--db", db, "--stage", "events", "--json")
    assert done.exit_code == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["processed"] == {"events": 3}
    assert summary["corpus"]["fusion"]["ran"] and summary["happenings"] >= 1  # fusion follows the events it reads
    again = json.loads(run("process", "--db", db, "--json").stdout)
    assert not again["corpus"]["fusion"]["ran"] and "up to date" in again["corpus"]["fusion"]["why"]
    status = json.loads(run("status", "--db", db, "--json").stdout)
    assert status["corpus_stages"]["fusion"]["state"] == "current"


def test_redo_of_a_stage_redoes_what_reads_it(corpus, tmp_path):
    db = str(tmp_path / "g.db")
    run("ingest", str(corpus), "--db", db)
    assert run("process", "--db", db).exit_code == 0
    redone = json.loads(run("process", "--db", db, "--stage", "places", "--redo", "--json").stdout)
    assert redone["processed"] == {"places": 3, "events": 3} and redone["corpus"]["fusion"]["ran"]


def test_show_takes_a_happening_or_an_event_id_and_prints_each_report_beside_its_document(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(STRIKE)
    (root / "b.txt").write_text(
        "Sat. Nov 23rd, 2024\n\nA drone struck a Russian Il-76 transport plane at al-Khadim air base in eastern "
        "Libya in June, Libyan military sources told reporters.\n")
    db = str(tmp_path / "g.db")
    run("ingest", str(root), "--db", db)
    assert run("process", "--db", db).exit_code == 0
    (fused,) = [h for h in json.loads(run("happenings", "--db", db, "--type", "ASSAULT", "--json").stdout)
                if h["reports"] == 2]
    shown = json.loads(run("show", fused["id"][:12], "--db", db, "--json").stdout)
    assert shown["happening"]["id"] == fused["id"]
    assert len({e["document_id"] for e in shown["events"]}) == 2
    assert {d["id"] for d in shown["documents"]} == {e["document_id"] for e in shown["events"]}
    printed = run("show", fused["id"], "--db", db)
    assert printed.exit_code == 0 and "al-Khadim" in printed.stdout and "Libyan military sources" in printed.stdout
    assert fused["id"][:12] in run("happenings", "--db", db, "--type", "ASSAULT").stdout

    event = shown["events"][0]
    alone = json.loads(run("show", event["id"], "--db", db, "--json").stdout)
    assert [e["id"] for e in alone["events"]] == [event["id"]] and "happening" not in alone
    assert alone["documents"][0]["id"] == event["document_id"]
    assert run("show", "h:0000000000", "--db", db).exit_code == 2
    assert run("show", "e:", "--db", db).exit_code == 2  # too short a prefix to name one event
