"""The demo corpus itself: enough reports, in the promised languages, formats and shapes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

from demo_corpus import CONTENT_ENCODED, CORPUS, read_text

MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]


def test_at_least_42_english_and_6_french_reports(documents):
    languages = [d["language"] for d in documents]
    assert languages.count("en") >= 42
    assert languages.count("fr") >= 6


def test_every_corpus_file_is_listed_and_every_record_of_multi_record_files(documents):
    listed = {d["doc"].partition("#")[0] for d in documents}
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file()}
    assert listed == on_disk - {"garrison-metadata.jsonl"}  # the outlets sidecar describes documents
    jsonl_records = sum(1 for line in (CORPUS / "reports.jsonl").read_text().splitlines() if line.strip())
    feed_items = len(ET.parse(CORPUS / "libyaobserver-feed.xml").getroot().findall("./channel/item"))
    ids = {d["doc"] for d in documents}
    assert {f"reports.jsonl#{n}" for n in range(1, jsonl_records + 1)} <= ids
    assert {f"libyaobserver-feed.xml#{n}" for n in range(1, feed_items + 1)} <= ids


def test_reports_are_120_to_450_words(texts):
    too_short_or_long = {doc: len(t.split()) for doc, t in texts.items() if not 120 <= len(t.split()) <= 450}
    assert too_short_or_long == {}


def test_french_reports_read_as_french_and_english_ones_as_english(documents, texts):
    def share(text, words):
        tokens = re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", text.lower())
        return sum(t in words for t in tokens) / len(tokens)

    french = {"le", "la", "les", "des", "du", "une", "est", "dans", "avec", "pour", "qui", "sur", "et"}
    english = {"the", "of", "and", "to", "in", "was", "is", "with", "for", "that", "on", "by"}
    for d in documents:
        text = texts[d["doc"]]
        if d["language"] == "fr":
            assert share(text, french) > share(text, english), d["doc"]
        else:
            assert share(text, english) > share(text, french), d["doc"]


def test_most_reports_are_plain_text_with_a_dateline_that_matches_the_publication_date(documents):
    txt = [d for d in documents if d["doc"].endswith(".txt")]
    assert len(txt) > len(documents) / 2
    for d in txt:
        if d["published_source"] != "dateline":
            continue
        first_line = read_text(d["doc"]).splitlines()[0].lower()
        published = date.fromisoformat(d["published"])
        month = MONTHS_EN[published.month - 1] if d["language"] == "en" else MONTHS_FR[published.month - 1]
        assert str(published.year) in first_line, d["doc"]
        assert month[:3] in first_line, d["doc"]
        assert re.search(rf"(?<!\d){published.day}(?!\d)", first_line), d["doc"]


def test_two_or_three_reports_carry_no_date_and_say_enough_to_infer_it(documents):
    undated = [d for d in documents if d["published_source"] == "inferred"]
    assert 2 <= len(undated) <= 3
    for d in undated:
        text = read_text(d["doc"])
        first_line = text.splitlines()[0]
        assert not re.search(r"\b20\d\d\b", first_line), d["doc"]
        assert re.search(r"\b(yesterday|today|two days after)\b", text, re.I), d["doc"]


def test_html_pages_carry_site_author_and_publication_metadata(documents):
    pages = [d for d in documents if d["doc"].endswith(".html")]
    assert len(pages) >= 2
    for d in pages:
        page = (CORPUS / d["doc"]).read_text(encoding="utf-8")
        site = re.search(r'<meta property="og:site_name" content="([^"]+)"', page)
        assert site and site.group(1) == d["outlet"]
        assert re.search(r'<meta name="author" content="[^"]+"', page)
        published = re.search(r'<meta property="article:published_time" content="(\d{4}-\d\d-\d\d)', page)
        assert published and published.group(1) == d["published"]
        assert "<nav" in page and "<footer" in page


def test_the_feed_is_rss_2_with_full_text_items(documents_by_id):
    root = ET.parse(CORPUS / "libyaobserver-feed.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert len(items) >= 3
    assert any(item.find(CONTENT_ENCODED) is not None for item in items)
    assert any(item.find(CONTENT_ENCODED) is None for item in items)
    for n, item in enumerate(items, start=1):
        assert len(read_text(f"libyaobserver-feed.xml#{n}").split()) >= 120
        assert item.findtext("title") == documents_by_id[f"libyaobserver-feed.xml#{n}"]["title"]


def test_jsonl_records_have_the_agreed_fields(documents_by_id):
    lines = (CORPUS / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 3
    for n, line in enumerate(lines, start=1):
        record = json.loads(line)
        assert set(record) == {"text", "title", "url", "outlet", "author", "published", "language"}
        truth = documents_by_id[f"reports.jsonl#{n}"]
        assert record["published"][:10] == truth["published"]
        assert (record["outlet"], record["language"]) == (truth["outlet"], truth["language"])


def test_the_corpus_spells_names_several_ways(texts):
    corpus = "\n".join(texts.values())
    for variants in [("Jufra", "Joufra"), ("Tartus", "Tartous"), ("Hmeimim", "Khmeimim"), ("Haftar", "Hafter"),
                     ("al-Khadim", "Al Khadim")]:
        for spelling in variants:
            assert spelling in corpus, spelling


def test_reports_use_relative_dates_attributions_and_hedges(texts):
    corpus = "\n".join(texts.values())
    for phrase in ["last June", "a few days", "the end of November", "on Wednesday", "according to",
                   "cited by", "in an interview with", "denied", "could", "would have access", "probably",
                   "is set to become", "will be"]:
        assert phrase in corpus, phrase


def test_the_metadata_sidecar_names_the_outlet_the_truth_gives_for_each_plain_text_report(documents):
    import json

    sidecar = [json.loads(line) for line in (CORPUS / "garrison-metadata.jsonl").read_text().splitlines()]
    truth = {d["doc"]: d["outlet"] for d in documents}
    assert {row["file"]: row["outlet"] for row in sidecar} == {
        doc: outlet for doc, outlet in truth.items() if doc.endswith(".txt")}
