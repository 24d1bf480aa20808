"""A garrison-metadata.jsonl beside plain files supplies what plain text cannot say about itself."""

from __future__ import annotations

import json
from datetime import date

from garrison.ingest import Reject, iter_inputs
from garrison.model import DateSource, Document

REPORT = "Paris, 21 November 2024 –\n\nLibya: Russian plane hit at al-Khadim\n\nA drone hit an Il-76 in June, sources said."
OTHER = "Tanks were paraded in Bamako on Friday, the army said, in a show of new equipment."


def test_the_sidecar_names_the_outlet_and_the_url_and_is_not_read_as_a_document(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(OTHER)
    (tmp_path / "garrison-metadata.jsonl").write_text(
        json.dumps({"file": "a.txt", "outlet": "RFI", "url": "https://example.org/a"}) + "\n"
        + json.dumps({"file": "sub/b.txt", "outlet": "Maliweb", "published": "2025-01-19"}) + "\n"
    )
    docs = {d.source_path.rsplit("/", 1)[-1]: d for d in iter_inputs(str(tmp_path))}
    assert set(docs) == {"a.txt", "b.txt"}
    assert (docs["a.txt"].outlet, docs["a.txt"].url) == ("RFI", "https://example.org/a")
    assert docs["a.txt"].title == "Libya: Russian plane hit at al-Khadim"  # the headline after the dateline
    assert (docs["a.txt"].published, docs["a.txt"].published_source) == (date(2024, 11, 21), DateSource.DATELINE)
    assert (docs["b.txt"].outlet, docs["b.txt"].published) == ("Maliweb", date(2025, 1, 19))
    assert docs["b.txt"].published_source == DateSource.METADATA


def test_a_single_file_finds_the_sidecar_of_its_folder_and_the_published_option_still_wins(tmp_path):
    (tmp_path / "b.txt").write_text(OTHER)
    (tmp_path / "garrison-metadata.jsonl").write_text(
        json.dumps({"file": "b.txt", "outlet": "Maliweb", "published": "2025-01-19"}) + "\n")
    (doc,) = iter_inputs(str(tmp_path / "b.txt"), published=date(2025, 2, 1))
    assert (doc.outlet, doc.published, doc.published_source) == ("Maliweb", date(2025, 2, 1), DateSource.USER)


def test_bad_sidecar_lines_are_rejected_by_line_and_the_rest_still_applies(tmp_path):
    (tmp_path / "b.txt").write_text(OTHER)
    (tmp_path / "garrison-metadata.jsonl").write_text(
        "{oops\n" + json.dumps({"outlet": "nobody"}) + "\n"
        + json.dumps({"file": "b.txt", "published": "last week"}) + "\n"
        + json.dumps({"file": "b.txt", "outlet": "Maliweb"}) + "\n")
    items = list(iter_inputs(str(tmp_path)))
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [(r.source.rsplit("/", 1)[-1], r.reason) for r in rejects] == [
        ("garrison-metadata.jsonl:1", "invalid-json"),
        ("garrison-metadata.jsonl:2", "missing-field"),
        ("garrison-metadata.jsonl:3", "invalid-json"),
    ]
    (doc,) = [i for i in items if isinstance(i, Document)]
    assert doc.outlet == "Maliweb"
