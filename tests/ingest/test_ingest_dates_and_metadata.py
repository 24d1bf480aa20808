"""Publication dates (metadata, dateline, feed, inferred, user), outlets and languages."""

from __future__ import annotations

import json
from datetime import date

import pytest
from ingest_helpers import FIXTURES, collect

from garrison.ingest.datelines import find_dateline
from garrison.ingest.outlets import outlet_for_url
from garrison.model import DateSource

BODY = (
    "Russian transport aircraft have flown repeatedly between the Syrian coast and eastern Libya, according to "
    "flight-tracking data compiled by independent analysts, who counted more than a dozen rotations."
)


def test_dateline_at_the_top_of_a_text():
    (doc,), _ = collect(str(FIXTURES / "dateline_report.txt"))
    assert (doc.published, doc.published_source) == (date(2024, 11, 22), DateSource.DATELINE)
    assert doc.meta["dateline"] == "Fri. Nov 22nd, 2024"
    assert doc.title is None  # a dateline is not a headline


def test_text_without_dateline_gets_an_inferred_date():
    (doc,), _ = collect(str(FIXTURES / "undated_report.txt"))
    assert doc.published_source == DateSource.INFERRED
    assert date(2025, 1, 12) <= doc.published <= date(2025, 1, 20)
    assert doc.meta["date_evidence"]
    assert doc.text.splitlines()[1].startswith("The images, taken on January 12, 2025")  # prompt cut, sentence kept


def test_french_dateline_and_language():
    (doc,), _ = collect(str(FIXTURES / "french_report.txt"))
    assert (doc.published, doc.published_source) == (date(2024, 11, 22), DateSource.DATELINE)
    assert doc.language == "fr"


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("Fri. Nov 22nd, 2024", date(2024, 11, 22)),
        ("Bamako, 12 March 2025 (AFP) – Malian troops entered the town after a week of heavy fighting nearby.",
         date(2025, 3, 12)),
        ("TRIPOLI, Nov 3, 2024 (Reuters) - Libya's eastern authorities said on Sunday that talks had resumed.",
         date(2024, 11, 3)),
        ("22/11/2024", date(2024, 11, 22)),
        ("11/22/2024", date(2024, 11, 22)),  # only month-first can be valid
        ("05/04/2024", date(2024, 4, 5)),  # ambiguous: day first
        ("2024-11-22T10:00", date(2024, 11, 22)),
        ("vendredi 22 novembre 2024", date(2024, 11, 22)),
        ("1er mars 2025", date(2025, 3, 1)),
        ("Headline of the story\nPublished on 3 March 2025 at 10:00", date(2025, 3, 3)),
        ("Headline\nBy Jane Doe | November 22, 2024", date(2024, 11, 22)),
        ("Mis à jour le 4 avril 2025 à 18h", date(2025, 4, 4)),
        ("Tanker contract awarded\nMarch 01 , 2008", date(2008, 3, 1)),  # tokenised text
    ],
)
def test_dateline_forms(opening, expected):
    found = find_dateline(opening + "\n\n" + BODY)
    assert found is not None and found.date == expected


@pytest.mark.parametrize(
    "opening",
    [
        "On 12 March 2025, Malian troops entered the town after a week of heavy fighting, officials said.",
        "During a press conference given on December 19, the president said the base would stay open.",
        "The deal signed in Moscow on 3 March 2025 allows Russian warships to use the port of Tobruk for repairs.",
        "Troops arrived in Gao on 3 March 2025",
        "31/02/2024",  # not a calendar date
        BODY,
    ],
)
def test_sentences_with_dates_are_not_datelines(opening):
    assert find_dateline(opening + "\n\n" + BODY) is None


def test_html_date_found_only_in_the_body(tmp_path):
    page = ("<html><head><title>Runway works</title></head><body><article>"
            "<p class='date'>Posted: 14 February 2025</p><h1>Runway works</h1>"
            f"<p>{BODY}</p><p>{BODY}</p></article></body></html>")
    (tmp_path / "p.html").write_text(page)
    (doc,), _ = collect(str(tmp_path / "p.html"))
    assert doc.published == date(2025, 2, 14)
    assert doc.published_source in (DateSource.METADATA, DateSource.DATELINE)


def test_html_metadata_date_wins_over_text(tmp_path):
    page = (FIXTURES / "page.html").read_text().replace("<p>Long-range", "<p>On 3 January 2025, long-range")
    (tmp_path / "p.html").write_text(page)
    (doc,), _ = collect(str(tmp_path / "p.html"))
    assert (doc.published, doc.published_source) == (date(2025, 1, 21), DateSource.METADATA)


def test_user_date_overrides_everything(tmp_path):
    docs, _ = collect(str(FIXTURES), published=date(2023, 5, 1))
    assert len(docs) == len(list(FIXTURES.iterdir())) >= 4
    assert all((d.published, d.published_source) == (date(2023, 5, 1), DateSource.USER) for d in docs)


def test_json_date_field_counts_as_metadata_and_bad_dates_are_kept_raw(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"text": "Fri. Nov 22nd, 2024\n\n" + BODY, "date": "2024-11-21"}) + "\n"
                    + json.dumps({"text": "Fri. Nov 22nd, 2024\n\n" + BODY + " Two.", "date": "yesterday-ish"}) + "\n")
    first, second = collect(str(path))[0]
    assert (first.published, first.published_source) == (date(2024, 11, 21), DateSource.METADATA)
    assert (second.published, second.published_source) == (date(2024, 11, 22), DateSource.DATELINE)
    assert second.meta["published_raw"] == "yesterday-ish"


def test_gold_files_dct_is_read_as_the_publication_date(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "t1", "dct": "2008-03-01", "text": BODY}) + "\n")
    (doc,), _ = collect(str(path))
    assert (doc.published, doc.published_source, doc.meta["record_id"]) == (date(2008, 3, 1), DateSource.METADATA, "t1")


def test_outlet_sources_in_order(tmp_path):
    page = (FIXTURES / "page.html").read_text()
    no_site_name = page.replace('<meta property="og:site_name" content="Sahel Defence Monitor">', "")
    no_site_name = no_site_name.replace(" | Sahel Defence Monitor", "").replace(
        "https://sahel-defence.example/2025/01/21/air-defence-libya", "https://www.lemonde.fr/afrique/article/x")
    (tmp_path / "p.html").write_text(no_site_name)
    (doc,), _ = collect(str(tmp_path / "p.html"))
    assert doc.outlet == "Le Monde" and doc.meta["outlet_from"] == "domain-table"


def test_domain_table_matches_subdomains():
    assert outlet_for_url("https://edition.cnn.com/2024/x") == "CNN"
    assert outlet_for_url("https://www.bbc.co.uk/news") == "BBC"
    assert outlet_for_url("https://unknown.example/x") is None
    assert outlet_for_url(None) is None


def test_outlet_table_rows_all_have_a_source():
    from garrison.ingest.outlets import OUTLETS_FILE

    rows = [line.split("\t") for line in OUTLETS_FILE.read_text().splitlines()[1:] if line.strip()]
    assert rows and all(len(row) == 3 and row[2].strip() for row in rows)
