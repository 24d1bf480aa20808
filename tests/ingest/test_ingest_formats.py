"""Every accepted input format becomes Documents with their text and metadata."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date

from ingest_helpers import FIXTURES, collect

from garrison.model import DateSource

ARTICLE = (
    "Russian military engineers have begun extending the runway at the Maaten al-Sarra air base, "
    "according to satellite images reviewed by analysts. The site lies near the borders with Chad and Sudan "
    "and could serve as a logistics hub for operations further south."
)


def test_plain_text_file_keeps_paragraphs_and_drops_furniture():
    (doc,), rejects = collect(str(FIXTURES / "dateline_report.txt"))
    assert rejects == []
    assert doc.content_type == "text"
    assert doc.source_path.endswith("dateline_report.txt")
    assert "Share this article" not in doc.text and "Subscribe to our newsletter" not in doc.text
    assert "\n\nAccording to the broadcaster" in doc.text
    assert doc.text.rstrip().endswith("at Al Jufra.")
    assert doc.language == "en"


def test_markdown_heading_becomes_title_and_markup_is_removed(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(f"# Runway works at Maaten al-Sarra\n\n**Satellite** images [show](https://x.example) new works.\n\n{ARTICLE}\n")
    (doc,), _ = collect(str(path))
    assert doc.title == "Runway works at Maaten al-Sarra"
    assert doc.content_type == "markdown"
    assert "Satellite images show new works." in doc.text
    assert "**" not in doc.text and "](" not in doc.text and not doc.text.startswith("#")


def test_html_page_gives_main_text_and_metadata():
    (doc,), rejects = collect(str(FIXTURES / "page.html"))
    assert rejects == []
    assert doc.title == "Russian air defence systems moved to eastern Libya"
    assert doc.outlet == "Sahel Defence Monitor"
    assert doc.author == "Amina Keita"
    assert doc.url == "https://sahel-defence.example/2025/01/21/air-defence-libya"
    assert (doc.published, doc.published_source) == (date(2025, 1, 21), DateSource.METADATA)
    assert "Long-range air defence batteries" in doc.text and "declined to comment" in doc.text
    for furniture in ("Share this article", "Read more", "cookies", "Follow us", "All rights reserved", "Home |"):
        assert furniture not in doc.text


def test_json_object_with_aliased_fields(tmp_path):
    record = {"headline": "Runway extended", "body": ARTICLE, "link": "https://www.rfi.fr/en/africa/x",
              "byline": "A. Reporter", "published_at": "2025-02-03T10:00:00Z", "lang": "en"}
    path = tmp_path / "one.json"
    path.write_text(json.dumps(record))
    (doc,), _ = collect(str(path))
    assert (doc.title, doc.author, doc.url) == ("Runway extended", "A. Reporter", "https://www.rfi.fr/en/africa/x")
    assert doc.outlet == "RFI"  # from the domain table, as the record names no outlet
    assert (doc.published, doc.published_source) == (date(2025, 2, 3), DateSource.METADATA)
    assert doc.content_type == "json"


def test_json_array_items_are_numbered(tmp_path):
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"text": ARTICLE, "outlet": "Agency A"}, {"content": ARTICLE + " More."}]))
    docs, _ = collect(str(path))
    assert [d.source_path for d in docs] == [f"{path}#1", f"{path}#2"]
    assert docs[0].outlet == "Agency A"


def test_json_lines_with_every_alias(tmp_path):
    rows = [
        {"text": ARTICLE, "title": "A", "url": "https://a.example/1", "outlet": "Outlet A", "author": "X",
         "published": "2024-11-22", "language": "en"},
        {"content": ARTICLE + " Two.", "headline": "B", "link": "https://b.example/2", "source": "Outlet B",
         "byline": "Y", "date": "22 November 2024", "lang": "en"},
        {"body": ARTICLE + " Three.", "site_name": "Outlet C", "published_at": 1732233600},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    docs, rejects = collect(str(path))
    assert rejects == []
    assert [d.source_path for d in docs] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert [d.outlet for d in docs] == ["Outlet A", "Outlet B", "Outlet C"]
    assert [d.title for d in docs[:2]] == ["A", "B"]
    assert all(d.published == date(2024, 11, 22) for d in docs)


def test_html_inside_a_json_record_is_extracted(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"html": (FIXTURES / "page.html").read_text(), "source": "Monitor"}) + "\n")
    (doc,), _ = collect(str(path))
    assert "Long-range air defence batteries" in doc.text and "<p>" not in doc.text
    assert doc.outlet == "Monitor"


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Libya Desk</title><link>https://desk.example/</link>
<item><title>Hangars rise at southern base</title><link>https://desk.example/hangars</link>
<pubDate>Tue, 21 Jan 2025 09:00:00 GMT</pubDate><author>desk@example.com (Desk Team)</author>
<description><![CDATA[<p>{full}</p>]]></description></item>
<item><title>Convoy seen near Sabha</title><guid>convoy-1</guid>
<pubDate>Wed, 22 Jan 2025 09:00:00 GMT</pubDate><description>A convoy of trucks was seen near Sabha.</description></item>
</channel></rss>"""


def test_rss_file_gives_one_document_per_entry(tmp_path):
    path = tmp_path / "desk.xml"
    path.write_text(RSS.format(full=" ".join([ARTICLE] * 4)))
    docs, rejects = collect(str(path))
    assert rejects == []
    assert [d.title for d in docs] == ["Hangars rise at southern base", "Convoy seen near Sabha"]
    assert [d.source_path for d in docs] == [f"{path}#1", f"{path}#2"]
    assert all(d.published_source == DateSource.FEED for d in docs)
    assert [d.published for d in docs] == [date(2025, 1, 21), date(2025, 1, 22)]
    assert docs[0].outlet == "Libya Desk" and docs[0].url == "https://desk.example/hangars"
    assert docs[1].text == "A convoy of trucks was seen near Sabha."
    assert docs[1].meta["text_from"] == "entry"


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Sahel Watch</title><id>urn:sahel</id><updated>2025-03-12T00:00:00Z</updated>
<entry><title>Drone strike reported near Kidal</title><id>urn:1</id><updated>2025-03-12T10:00:00Z</updated>
<content type="html">&lt;p&gt;{full}&lt;/p&gt;</content></entry></feed>"""


def test_atom_file(tmp_path):
    path = tmp_path / "watch.atom"
    path.write_text(ATOM.format(full=" ".join([ARTICLE] * 4)))
    (doc,), _ = collect(str(path))
    assert doc.title == "Drone strike reported near Kidal"
    assert doc.outlet == "Sahel Watch"
    assert doc.published == date(2025, 3, 12)
    assert doc.text.startswith("Russian military engineers")


def write_warc(path, pages):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for url, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)


def test_warc_gz_yields_html_responses_only(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    page = (FIXTURES / "page.html").read_bytes()
    write_warc(path, [
        ("https://sahel-defence.example/a", "text/html; charset=utf-8", page),
        ("https://sahel-defence.example/logo.png", "image/png", b"\x89PNG\r\n"),
        ("https://sahel-defence.example/b", "text/html", page.replace(b"Benghazi", b"Tobruk")),
    ])
    docs, rejects = collect(str(path))
    assert rejects == []
    assert [d.url for d in docs] == ["https://sahel-defence.example/a", "https://sahel-defence.example/b"]
    assert all(d.content_type == "warc" and d.source_path.startswith(f"{path}#") for d in docs)
    assert "Tobruk" in docs[1].text and docs[0].published == date(2025, 1, 21)


def test_uncompressed_warc(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://x.example/", "text/html", (FIXTURES / "page.html").read_bytes())])
    (doc,), _ = collect(str(path))
    assert doc.title.startswith("Russian air defence")


def test_directory_is_walked_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/2.txt", "a/1.txt", "z.txt", "c.txt", ".hidden.txt", ".git/x.txt"):
        (tmp_path / name).write_text(f"{ARTICLE} ({name})")
    docs, _ = collect(str(tmp_path))
    order = [d.source_path.removeprefix(str(tmp_path) + "/") for d in docs]
    assert order == ["c.txt", "z.txt", "a/1.txt", "b/2.txt"]
    assert [d.source_path for d in collect(str(tmp_path))[0]] == [d.source_path for d in docs]


def test_file_without_extension_is_sniffed(tmp_path):
    shutil.copy(FIXTURES / "page.html", tmp_path / "saved-page")
    (doc,), _ = collect(str(tmp_path / "saved-page"))
    assert doc.content_type == "html" and doc.outlet == "Sahel Defence Monitor"


def test_stdin_text_binary_and_jsonl():
    (doc,), _ = collect("-", stdin=io.StringIO(ARTICLE))
    assert doc.source_path == "-" and doc.text == ARTICLE
    (doc,), _ = collect("-", stdin=io.BytesIO(ARTICLE.encode("utf-8")))
    assert doc.text == ARTICLE
    lines = "\n".join(json.dumps({"text": f"{ARTICLE} {n}"}) for n in range(3)) + "\nnot json\n"
    docs, rejects = collect("-", stdin=io.BytesIO(lines.encode()))
    assert [d.source_path for d in docs] == ["-:1", "-:2", "-:3"]
    assert [(r.source, r.reason) for r in rejects] == [("-:4", "invalid-json")]


def test_stdin_html_is_extracted():
    (doc,), _ = collect("-", stdin=io.BytesIO((FIXTURES / "page.html").read_bytes()))
    assert doc.content_type == "html" and "Home |" not in doc.text
