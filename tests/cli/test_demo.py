"""The demo ends on the picture (presence, then corroborated happenings with their contradictions, then how to
browse it), and every listing and export leaves background out unless asked."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from garrison.cli.main import app
from garrison.cli.picture import WIDTH, print_picture
from garrison.fusion import fuse, presence
from garrison.model import Analysis, Claim, Document, Entity, Event, Evidence, Label, Place, Precision, TimeSpan
from garrison.store import Store

KHADIM = Place("overlay:al-khadim", "al-Khadim Air Base", 31.99, 21.19, "airbase", "LY", precision=1)
JUFRA = Place("icao:HL69", "Al Jufra air base", 29.1981, 16.001, "airbase", "LY", precision=1)
AFRICA_CORPS = Entity(Label.ARMED_GROUP, "Africa Corps")
LIBYA_STATE = Entity(Label.GPE, "Libya", attributes={"country": "LY"})
SU24 = Entity(Label.EQUIPMENT, "Su-24")
JUNE = TimeSpan(date(2024, 6, 5), date(2024, 6, 5), Precision.DAY, value="2024-06-05")
EIGHTIES = TimeSpan(date(1980, 1, 1), date(1989, 12, 31), Precision.DECADE, value="198")


def _report(outlet: str, published: date, sentence: str, *, type: str, stance: str, place: Place, when: TimeSpan,
            actors=(), materiel=(), background: bool = False, chain=()) -> Analysis:
    doc = Document(text=f"{sentence} Our own test sentence from {outlet}.", outlet=outlet, published=published,
                   language="en", title=f"{outlet} report")
    claim = Claim("", doc.id, [Evidence(0, len(sentence), sentence)], outlet=outlet, stance=stance,
                  source_chain=list(chain))
    event = Event(type, doc.id, trigger=sentence.split()[1], actors=[a.id for a in actors],
                  materiel=[m.id for m in materiel], location=place, time=when, claims=[claim],
                  attributes={"background": True} if background else {})
    return Analysis(document=doc, entities=[*actors, *materiel], events=[event])


def _analyses() -> list[Analysis]:
    return [
        _report("Alpha News", date(2024, 6, 10), "Africa Corps deployed two Su-24 jets to al-Khadim on 5 June.",
                type="DEPLOY", stance="asserted", place=KHADIM, when=JUNE, actors=[AFRICA_CORPS], materiel=[SU24]),
        _report("Beta Wire", date(2024, 6, 12), "Officials say Africa Corps deployed Su-24 jets to al-Khadim.",
                type="DEPLOY", stance="reported", place=KHADIM, when=JUNE, actors=[AFRICA_CORPS], materiel=[SU24],
                chain=["Beta Wire", "Libyan officials"]),
        _report("Gamma Post", date(2024, 6, 13), "Moscow denied that Africa Corps deployed Su-24 jets to al-Khadim.",
                type="DEPLOY", stance="denied", place=KHADIM, when=JUNE, actors=[AFRICA_CORPS], materiel=[SU24],
                chain=["Gamma Post", "Kremlin spokesman"]),
        _report("Delta Daily", date(2024, 6, 20), "Libya built the Jufra air base in the 1980s.",
                type="CONSTRUCTION", stance="asserted", place=JUFRA, when=EIGHTIES, actors=[LIBYA_STATE],
                background=True),
    ]


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    monkeypatch.chdir(tmp_path)  # a short store path, as the demo's own, keeps the last line within the width
    path = Path("picture.db")
    store = Store(f"sqlite:///{path}")
    analyses = _analyses()
    store.add_documents([(a.document, None) for a in analyses])
    store.save_stage("entities", ("entities",), analyses, 0.0)
    store.save_stage("events", ("events",), analyses, 0.0)
    events, documents = store.all_events(), store.document_headers()
    happenings = fuse(events, documents)
    store.replace_fusion(happenings, presence(happenings, events, documents))
    store.close()
    return str(path)


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_listings_and_exports_leave_background_out_unless_asked(db):
    listed = {
        "events": json.loads(run("events", "--db", db, "--json").stdout),
        "happenings": json.loads(run("happenings", "--db", db, "--json").stdout),
        "presence": json.loads(run("presence", "--db", db, "--json").stdout),
    }
    everything = {
        "events": json.loads(run("events", "--db", db, "--json", "--include-background").stdout),
        "happenings": json.loads(run("happenings", "--db", db, "--json", "--include-background").stdout),
        "presence": json.loads(run("presence", "--db", db, "--json", "--include-background").stdout),
    }
    assert len(listed["events"]) == 3 and len(everything["events"]) == 4
    assert [h["type"] for h in listed["happenings"]] == ["DEPLOY"]
    assert {h["type"] for h in everything["happenings"]} == {"DEPLOY", "CONSTRUCTION"}
    assert [(p["actor"], p["place"]["id"]) for p in listed["presence"]] == [("armed_group:africa-corps", KHADIM.id)]
    background_rows = [p for p in everything["presence"] if p["attributes"].get("background")]
    assert [(p["actor"], p["place"]["id"]) for p in background_rows] == [("gpe:libya", JUFRA.id)]
    for kind, count, with_background in (("events", 3, 4), ("happenings", 1, 2), ("presence", 1, 2)):
        plain = run("export", kind, "--db", db, "--format", "jsonl").stdout.splitlines()
        full = run("export", kind, "--db", db, "--format", "jsonl", "--include-background").stdout.splitlines()
        assert (len(plain), len(full)) == (count, with_background), kind


def test_the_picture_is_presence_then_corroborated_happenings_with_who_denies_then_how_to_browse(db):
    console = Console(width=WIDTH, record=True, color_system=None)
    store = Store(f"sqlite:///{db}")
    try:
        print_picture(store, console, db=db)
    finally:
        store.close()
    text = console.export_text()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= WIDTH
    presence_at = text.index("presence: who is reported where")
    happenings_at = text.index("happenings reported by two or more independent outlets")
    assert presence_at < happenings_at
    table = text[presence_at:happenings_at]
    assert "Africa Corps" in table and "al-Khadim Air Base (LY)" in table and "Su-24" in table
    assert "Jufra" not in table  # background
    assert "2024-06-05" in table
    story = text[happenings_at:]
    assert "3 independent outlets: Alpha News, Beta Wire, Gamma Post" in story
    assert "contested" in story and "denied: Gamma Post ← Kremlin spokesman" in story
    assert "1980" not in story
    assert [line for line in lines if line.strip()][-1].startswith(f"open it in the web app: garrison serve --db {db}")


def test_demo_runs_a_corpus_and_ends_on_the_picture(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Russian forces deploy to Bamako\n\nBAMAKO, 3 March 2025 - Russian troops arrived "
                                  "at Air Base 101 in Bamako on Monday, the army said.\n")
    (corpus / "b.txt").write_text("Troops land in Mali\n\nBAMAKO, 4 March 2025 - A column of Russian troops reached "
                                  "Bamako on Monday, officials said.\n")
    db = Path("demo.db")
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("presence: who is reported where") < out.index("happenings reported by two or more")
    assert [line for line in out.splitlines() if line.strip()][-1].startswith(
        f"open it in the web app: garrison serve --db {db}")
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    assert Path(db).exists()


def test_a_happenings_time_reads_as_dates_not_as_a_timex_reference():
    from garrison.cli.picture import _when
    from garrison.model import Happening

    def when(value):
        return _when(Happening("DEPLOY", time=TimeSpan(date(2024, 12, 1), date(2024, 12, 20), Precision.MONTH,
                                                       value=value)))

    assert [when(v) for v in ("PRESENT_REF", "2025-04-02TNI", "2024-W30", "2024-06")] == [
        "2024-12-01 → 2024-12-20", "2025-04-02", "2024-W30", "2024-06"]
