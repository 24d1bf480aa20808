"""The truth files agree with the corpus and with each other."""

from __future__ import annotations

import importlib.util
import re
from datetime import date

import pytest

from demo_corpus import DEMO, TRUTH, load_jsonl, read_text

EVENT_TYPES = {
    "ASSAULT", "FIGHT", "DEPLOY", "TRANSFER", "BASE_PRESENCE", "ORG_CHANGE", "CONSTRUCTION", "AGREE", "CONSULT",
    "SUPPORT", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "CONCEDE",
}
STANCES = {"asserted", "reported", "denied", "claimed-responsibility", "speculated", "planned", "negated"}
NER_LABELS = {"PERSON", "ORG", "ARMED_GROUP", "MIL_UNIT", "EQUIPMENT", "FACILITY", "GPE", "LOC", "NORP"}
TIMEX_VALUE = re.compile(
    r"^((\d{4}|XXXX)(-(\d\d|XX)(-(\d\d|XX)(T(MO|AF|EV|NI|\d\d:\d\d))?)?|-W\d\d(-WE)?|-Q[1-4]|-H[12])?|\d{3}"
    r"|P(\d+(\.\d+)?|X)[YMWD]|P(\d+Y)?(\d+M)?|PT(\d+|X)[HM]|PAST_REF|PRESENT_REF|FUTURE_REF)$"
)


def test_documents_have_iso_dates_known_sources_and_languages(documents):
    for d in documents:
        date.fromisoformat(d["published"])
        assert d["published_source"] in {"metadata", "dateline", "feed", "inferred"}
        assert d["language"] in {"en", "fr"}
        assert d["outlet"]


def test_every_truth_row_points_at_an_existing_document(documents_by_id, events, span_truth):
    _, rows = span_truth
    referenced = {r["doc"] for r in events} | {r["id"] for r in rows}
    for row in load_jsonl(TRUTH / "duplicates.jsonl"):
        referenced |= {row["original"], row["copy"]}
    assert referenced <= set(documents_by_id)
    for doc in referenced:
        assert read_text(doc)


def test_span_rows_carry_the_whole_file_text_and_each_span_matches_it(span_truth):
    kind, rows = span_truth
    key = {"ner": "entities", "time": "timexes", "geo": "toponyms"}[kind]
    assert len(rows) >= 15
    for row in rows:
        assert row["id"].endswith(".txt")
        assert row["text"] == read_text(row["id"])
        previous_end = 0
        for span in row[key]:
            assert previous_end <= span["start"] < span["end"] <= len(row["text"]), (row["id"], span)
            previous_end = span["end"]
            if "text" in span:
                assert row["text"][span["start"]:span["end"]] == span["text"]


def test_ner_labels_come_from_the_garrison_label_set():
    for row in load_jsonl(TRUTH / "ner.jsonl"):
        assert {e["label"] for e in row["entities"]} <= NER_LABELS


def test_every_ner_label_is_used():
    used = {e["label"] for row in load_jsonl(TRUTH / "ner.jsonl") for e in row["entities"]}
    assert used == NER_LABELS


def test_timexes_are_timex3_values_anchored_to_the_publication_date(documents_by_id):
    rows = load_jsonl(TRUTH / "time.jsonl")
    for row in rows:
        assert row["dct"] == documents_by_id[row["id"]]["published"]
        for t in row["timexes"]:
            assert t["type"] in {"DATE", "TIME", "DURATION", "SET"}
            assert TIMEX_VALUE.match(t["value"]), t
            if t["type"] == "DATE" and re.match(r"^\d{4}-\d\d-\d\d$", t["value"]):
                # only a deadline ("by August 5") may lie after the publication date
                future = date.fromisoformat(t["value"]) > date.fromisoformat(row["dct"])
                assert not future or row["text"][t["start"] - 3:t["start"]] == "by ", t


def test_relative_day_names_resolve_to_that_weekday():
    weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    french = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    checked = 0
    for row in load_jsonl(TRUTH / "time.jsonl"):
        for t in row["timexes"]:
            word = t["text"].lower().split()[0]
            if (word in weekdays or word in french) and re.match(r"^\d{4}-\d\d-\d\d", t["value"]):
                day = date.fromisoformat(t["value"][:10])
                expected = weekdays.index(word) if word in weekdays else french.index(word)
                assert day.weekday() == expected, (row["id"], t)
                checked += 1
    assert checked >= 15


@pytest.mark.parametrize("name,lat,lon", [
    ("al-Khadim air base", 31.998, 21.190), ("al-Jufra air base", 29.198, 16.001),
    ("Ghardabiya air base", 31.06, 16.70), ("Brak al-Shati air base", 27.55, 14.27),
    ("Maaten al-Sarra air base", 21.68, 21.83), ("Hmeimim air base", 35.41, 35.95), ("Tartus", 34.89, 35.88),
    ("Air Base 101 (Bamako-Senou)", 12.53, -7.95),
])
def test_key_sites_have_the_agreed_coordinates(name, lat, lon):
    found = [t for row in load_jsonl(TRUTH / "geo.jsonl") for t in row["toponyms"] if t["name"] == name]
    assert found, name
    for t in found:
        assert abs(t["lat"] - lat) < 0.15 and abs(t["lon"] - lon) < 0.15, t


def test_toponyms_have_plausible_coordinates():
    for row in load_jsonl(TRUTH / "geo.jsonl"):
        for t in row["toponyms"]:
            assert -90 <= t["lat"] <= 90 and -180 <= t["lon"] <= 180
            assert row["text"][t["start"]:t["end"]].strip()


def test_at_least_80_event_rows_across_25_happenings(events):
    assert len(events) >= 80
    assert len({e["happening"] for e in events}) >= 25
    assert len({e["id"] for e in events}) == len(events)


def test_event_evidence_is_a_sentence_of_its_document(events):
    for e in events:
        text = read_text(e["doc"])
        assert e["text"] in text, e["id"]
        start = text.index(e["text"])
        before = text[:start].rstrip()
        assert start == 0 or before.endswith((".", '"', "»", "”", "?", "!")) or text[start - 1] == "\n", e["id"]


def test_event_rows_use_the_ontology_and_stances(events, documents_by_id):
    for e in events:
        assert e["event_type"] in EVENT_TYPES
        assert e["stance"] in STANCES
        assert e["ontology"] == "garrison"
        assert re.match(r"^\d{4}(-\d\d(-\d\d)?)?$", e["date"]), e["id"]
        assert e["outlet"] == documents_by_id[e["doc"]]["outlet"]
        assert e["source_chain"][0] == e["outlet"]
        assert all(a["role"] in {"actor", "target"} for a in e["actors"])
        for key in ("location", "origin", "destination"):
            if e.get(key):
                assert -90 <= e[key]["lat"] <= 90 and -180 <= e[key]["lon"] <= 180


def test_a_happening_keeps_one_event_type_across_reports(events):
    types: dict[str, set[str]] = {}
    for e in events:
        types.setdefault(e["happening"], set()).add(e["event_type"])
    assert {h: t for h, t in types.items() if len(t) > 1} == {}


def test_every_stance_is_exercised_and_most_happenings_are_reported_more_than_once(events):
    assert {e["stance"] for e in events} == STANCES
    docs_per_happening: dict[str, set[str]] = {}
    for e in events:
        docs_per_happening.setdefault(e["happening"], set()).add(e["doc"])
    multi = [h for h, docs in docs_per_happening.items() if len(docs) > 1]
    assert len(multi) >= 20


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_duplicates_are_what_they_claim(documents_by_id):
    rows = load_jsonl(TRUTH / "duplicates.jsonl")
    assert {r["kind"] for r in rows} == {"exact", "near"}
    for r in rows:
        original, copy = read_text(r["original"]), read_text(r["copy"])
        same = " ".join(original.split()) == " ".join(copy.split())
        if r["kind"] == "exact":
            assert same, r
            assert r["original"].rpartition(".")[2][:4] != r["copy"].rpartition(".")[2][:4], "exact copies differ in format"
        else:
            assert not same
            a, b = _shingles(original), _shingles(copy)
            assert len(a & b) / len(a | b) > 0.5, r
        assert documents_by_id[r["original"]]["published"] <= documents_by_id[r["copy"]]["published"]


def test_shipped_truth_is_what_the_annotation_sources_build():
    spec = importlib.util.spec_from_file_location("demo_build_truth", DEMO / "build_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0


def _build_truth_module():
    spec = importlib.util.spec_from_file_location("demo_build_truth_bg", DEMO / "build_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_background_is_true_or_absent_and_history_clauses_are_background(events):
    assert {e.get("background", None) for e in events} <= {True, None}
    background = [e for e in events if e.get("background")]
    assert 0 < len(background) < len(events)
    history = [e for e in events if e["text"].startswith(("Built in the 1980s", "In 2020, AFRICOM published"))]
    assert len(history) >= 3 and all(e.get("background") for e in history)
    # a lede's own happening is news, although the same sentence may carry background ("after it ended ... in March")
    lede_news = {("rfi-2024-11-21-khadim-drone.txt", "khadim-il76-strike-2024-06"),
                 ("defensepost-2024-08-06-agadez-handover.html", "us-leaves-agadez-ab201-2024-08")}
    lede_starts = ("A Russian Il-76", "The United States military on Monday")
    ledes = [e for e in events if (e["doc"], e["happening"]) in lede_news and e["text"].startswith(lede_starts)]
    assert len(ledes) == 2 and not any(e.get("background") for e in ledes)
    lede_context = [e for e in events if e["doc"] == "defensepost-2024-08-06-agadez-handover.html"
                    and e["text"].startswith(lede_starts[1]) and e not in ledes]
    assert lede_context and all(e.get("background") for e in lede_context)


def test_build_truth_refuses_a_background_value_other_than_yes(tmp_path):
    module = _build_truth_module()
    for source in (DEMO / "annotations").iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    lines = (tmp_path / "events.tsv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit("\t", 1)[0] + "\ttrue"
    (tmp_path / "events.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    module.ANNOTATIONS = tmp_path
    with pytest.raises(ValueError, match=r"events.tsv row 2 .*background must be 'yes' or empty"):
        module.build_events()
