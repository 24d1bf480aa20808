"""Hostile and broken inputs (issue 15): each costs itself only, with a named reject, in bounded time and memory."""

from __future__ import annotations

import json
import resource
import time
import zlib

import pytest
from ingest_helpers import collect

from garrison.ingest import REJECT_REASONS
from garrison.ingest.decode import decode
from garrison.ingest.limits import CappedGunzip
from garrison.ingest.reject import Rejected

STORY = ("Chadian officials said a column of armoured vehicles crossed into Libya near the Salvador Pass overnight, "
         "escorted by foreign contractors, and headed towards the Maaten al-Sarra air base.")
WARC_HEAD = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 100\r\n\r\n"


def warc_response(url: str, html: str) -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}".encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2025-01-21T00:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def test_a_warc_header_followed_by_zeros_is_one_reject_and_the_files_beside_it_are_read(tmp_path):
    (tmp_path / "broken.warc").write_bytes(WARC_HEAD + b"\0" * 100)
    for n in range(7):
        (tmp_path / f"good-{n}.warc").write_bytes(
            warc_response(f"https://example.org/{n}", f"<html><body><p>{STORY} Report {n}.</p></body></html>"))
    docs, rejects = collect(str(tmp_path))
    assert len(docs) == 7
    assert [(r.source, r.reason) for r in rejects] == [(str(tmp_path / "broken.warc"), "parse-error")]
    assert "AttributeError" in rejects[0].detail


def gzip_of_zeros(head: bytes, megabytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * (1 << 20)
    return packer.compress(head) + b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()


def test_a_gzipped_warc_bomb_is_refused_quickly_without_growing_memory(tmp_path):
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: 2000000000\r\n\r\n")
    (tmp_path / "bomb.warc.gz").write_bytes(gzip_of_zeros(head, 400))  # 400 MB of zeros in ~400 kB
    (tmp_path / "good.warc").write_bytes(warc_response("https://example.org/a", f"<p>{STORY}</p>"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    docs, rejects = collect(str(tmp_path))
    assert time.monotonic() - started < 20
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # kB: well under 400 MB
    assert len(docs) == 1
    assert [(r.source, r.reason) for r in rejects] == [(str(tmp_path / "bomb.warc.gz"), "decompression-bomb")]
    assert "ratio cap" in rejects[0].detail


def test_the_decompression_caps_are_settings(monkeypatch):
    import io

    from garrison import config

    data = gzip_of_zeros(b"", 1)
    monkeypatch.setattr(config, "INGEST_MAX_DECOMPRESSED_BYTES", 500_000)
    with pytest.raises(Rejected) as refused:
        CappedGunzip(io.BytesIO(data)).read()
    assert refused.value.reason == "decompression-bomb" and "500,000" in refused.value.detail
    # Multi-member gzip (one member per WARC record) is read to the end under the caps.
    two = zlib.compress(b"a" * 1000, wbits=31) + zlib.compress(b"b" * 1000, wbits=31)
    assert CappedGunzip(io.BytesIO(two)).read() == b"a" * 1000 + b"b" * 1000


def test_a_lone_surrogate_in_a_json_line_costs_that_line_only(tmp_path):
    lines = [json.dumps({"text": f"{STORY} Good line {n}."}) for n in range(70)]
    lines.append('{"text": "x \\ud800 troops"}')
    lines += [json.dumps({"text": f"{STORY} Later line {n}."}) for n in range(10)]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    docs, rejects = collect(str(tmp_path / "mixed.jsonl"))
    assert len(docs) == 80
    assert [(r.source, r.reason) for r in rejects] == [(f"{tmp_path / 'mixed.jsonl'}:71", "invalid-unicode")]
    assert "U+D800" in rejects[0].detail and "'text'" in rejects[0].detail


def test_a_lone_surrogate_in_a_title_is_rejected_too(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": STORY, "title": "Bad \ud83d title"}))
    _, (reject,) = collect(str(tmp_path / "one.json"))
    assert reject.reason == "invalid-unicode" and "'title'" in reject.detail


def test_the_language_field_must_be_a_language_code(tmp_path):
    rows = [{"text": STORY, "language": 5}, {"text": STORY + " B", "language": {"code": "en"}},
            {"text": STORY + " C", "language": "EN"}, {"text": STORY + " D", "author": {"name": "x"}}]
    (tmp_path / "langs.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    docs, rejects = collect(str(tmp_path / "langs.jsonl"))
    assert [d.language for d in docs] == ["en"]
    assert [(r.source.rsplit(":", 1)[1], r.reason) for r in rejects] == [
        ("1", "invalid-field"), ("2", "invalid-field"), ("4", "invalid-field")]
    assert "'language'" in rejects[0].detail and "int 5" in rejects[0].detail
    assert "'author'" in rejects[2].detail


def test_deeply_nested_json_is_too_deep_and_the_other_lines_are_read(tmp_path):
    lines = [json.dumps({"text": STORY}), "[" * 100_000 + "]" * 100_000,
             json.dumps({"text": STORY + " Nested.", "x": [[[[1]]]]}), json.dumps({"text": "x", "y": [[[[[[]]]]]] * 1})]
    deep = {"text": STORY + " deep"}
    for _ in range(200):
        deep = {"inner": deep, "text": STORY + " deep"}
    lines.append(json.dumps(deep))
    (tmp_path / "deep.jsonl").write_text("\n".join(lines) + "\n")
    docs, rejects = collect(str(tmp_path / "deep.jsonl"))
    assert len(docs) == 3
    assert [(r.source.rsplit(":", 1)[1], r.reason) for r in rejects] == [("2", "too-deep"), ("5", "too-deep")]
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    _, (reject,) = collect(str(tmp_path / "deep.json"))
    assert reject.reason == "too-deep"


@pytest.mark.parametrize("depth", [254, 300, 5000])
def test_deeply_nested_html_keeps_its_text(tmp_path, depth):
    page = "<html><body>" + "<div>" * depth + f"<p>{STORY}</p>" + "</div>" * depth + "</body></html>"
    (tmp_path / "deep.html").write_text(page)
    (doc,), rejects = collect(str(tmp_path / "deep.html"))
    assert rejects == []
    assert doc.text == STORY and doc.meta["extraction"] == "flat-text-deep-nesting"


def test_ordinary_html_is_still_extracted_by_trafilatura(tmp_path):
    page = "<html><body>" + "<div>" * 40 + f"<article><p>{STORY}</p></article>" + "</div>" * 40 + "</body></html>"
    (tmp_path / "page.html").write_text(page)
    (doc,), _ = collect(str(tmp_path / "page.html"))
    assert doc.text == STORY and "extraction" not in doc.meta


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + "]><lolz>&lol9;</lolz>"
)


@pytest.mark.parametrize("name", ["laughs.html", "laughs.xml", "laughs"])
def test_billion_laughs_markup_is_refused_not_stored_as_text(tmp_path, name):
    (tmp_path / name).write_text(BILLION_LAUGHS)
    docs, (reject,) = collect(str(tmp_path / name))
    assert docs == [] and reject.reason == "unsafe-markup"


def test_external_entities_in_a_feed_are_refused(tmp_path):
    feed = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            f'<rss version="2.0"><channel><title>x</title><item><title>a</title><description>&xxe; {STORY * 5}'
            '</description></item></channel></rss>')
    (tmp_path / "feed.xml").write_text(feed)
    docs, (reject,) = collect(str(tmp_path / "feed.xml"))
    assert docs == [] and reject.reason == "unsafe-markup"


def test_a_feed_naming_an_external_dtd_is_read_without_fetching_it(tmp_path):
    feed = ('<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
            '"http://127.0.0.1:9/rss-0.91.dtd"><rss version="0.91"><channel><title>Desk</title>'
            f'<item><title>a</title><description>{STORY * 5}</description></item></channel></rss>')
    (tmp_path / "feed.rss").write_text(feed)
    (doc,), rejects = collect(str(tmp_path / "feed.rss"))
    assert rejects == [] and doc.title == "a"


def test_one_invalid_byte_does_not_make_a_utf8_file_legacy():
    russian = "Бойцы пересекли границу у Кидаля в понедельник, сообщили официальные лица. " * 20
    data = russian.encode() + b"\xff" + "Ещё одна фраза о колонне.".encode()
    text, encoding = decode(data)
    assert text.startswith(russian) and "\ufffd" in text
    assert encoding == "utf-8 (1 invalid byte sequence replaced)"


def test_a_file_whose_every_accent_is_invalid_utf8_is_still_read_as_legacy():
    french = "Les soldats français ont quitté la base de Gao après l'accord signé à Bamako. " * 10
    text, encoding = decode(french.encode("cp1252"))
    assert not encoding.startswith("utf-8") and "\ufffd" not in text and "français ont quitté" in text


def test_every_new_reason_is_documented():
    from pathlib import Path

    formats = (Path(__file__).parents[2] / "docs" / "formats.md").read_text()
    for reason in REJECT_REASONS:
        assert f"| `{reason}` |" in formats, reason


def test_a_sidecar_line_with_a_bad_field_is_rejected_and_the_file_read_without_it(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY + " Second.")
    (tmp_path / "garrison-metadata.jsonl").write_text(
        '{"file": "a.txt", "language": 7, "outlet": "Desk"}\n{"file": "b.txt", "title": "T \\udc00"}\n')
    docs, rejects = collect(str(tmp_path))
    assert len(docs) == 2 and all(d.outlet != "Desk" and d.language == "en" for d in docs)
    assert [(r.source.rsplit(":", 1)[1], r.reason) for r in rejects] == [("1", "invalid-field"), ("2", "invalid-unicode")]


def test_nul_escapes_and_overlong_metadata_fit_the_store(tmp_path):
    """PostgreSQL refuses NUL characters and values wider than a column: both are cleaned at ingest."""
    row = {"text": f"{STORY}\u0000 More.", "author": "A" * 1000, "outlet": "O" * 500, "id": "r\u00001",
           "url": "https://example.org/\u0000a"}
    (tmp_path / "one.json").write_text(json.dumps(row))
    (doc,), rejects = collect(str(tmp_path / "one.json"))
    assert rejects == [] and "\x00" not in doc.text and "\x00" not in doc.meta["record_id"]
    assert len(doc.author) == 300 and len(doc.outlet) == 200 and doc.url == "https://example.org/a"


def test_an_html_field_that_is_not_a_string_is_a_named_reject(tmp_path):
    """Found by bench/fuzz_readers.py: {"html": {...}} without a text field crashed the JSON reader."""
    (tmp_path / "records.json").write_text(json.dumps([{"html": {"text": "x"}}, {"text": STORY}]))
    docs, rejects = collect(str(tmp_path / "records.json"))
    assert len(docs) == 1
    assert [(r.source.rsplit("#", 1)[1], r.reason) for r in rejects] == [("1", "missing-field")]
    assert "html field is a dict" in rejects[0].detail


def test_a_plain_warc_whose_header_runs_on_is_refused_quickly(tmp_path):
    """warcio gathers header lines by concatenation: zeros after a header cost time growing with their square."""
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: 2000000000\r\n\r\n")
    (tmp_path / "runs-on.warc").write_bytes(head + b"\0" * 60_000_000)
    started = time.monotonic()
    docs, rejects = collect(str(tmp_path / "runs-on.warc"))
    assert time.monotonic() - started < 5  # before: 5.6 s for 30 MB on this machine, growing with the square
    assert docs == [] and all(r.reason == "parse-error" for r in rejects)
