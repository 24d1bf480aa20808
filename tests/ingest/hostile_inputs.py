"""Generated hostile inputs for every reader, and one way to feed each reader (for tests and bench/fuzz_readers.py).

A reader passes when it only ever yields Documents and Rejects (never raises), every Document it yields can be
stored (UTF-8 encodable, no NUL), and every Reject has a known reason.
"""

from __future__ import annotations

import io
import json
import tempfile
import zlib
from pathlib import Path

from hypothesis import strategies as st

from garrison.ingest import REJECT_REASONS, Reject, iter_inputs, sidecar
from garrison.ingest.readers import Options, bounded_lines, read_document, read_json_lines, read_warc
from garrison.model import Document

# The characters that break text handling: NUL and controls, lone surrogates, bidi overrides, joiners,
# combining marks, emoji sequences, BOMs, line and paragraph separators, replacement characters.
SPECIALS = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\udc80", "\u202e", "\u202d", "\u2066",
            "\u200d", "\u200b", "\u200c", "\u0301", "\u0338", "\u20dd", "\ufeff", "\ufffd", "\ufffe", "\u2028",
            "\u2029", "\r", "\n", "\t", "👩‍👩‍👧", "🏳️‍🌈", "\U0010ffff", "&", "<", ">", "&amp;", "&#0;",
            "&#xD800;", "]]>", "<!--", "<![CDATA[", "<!ENTITY", "\\u0000", '"', "\\"]
WORDS = ["troops", "Kidal", "Wagner", "12 March 2025", "Bamako (AFP) –", "Il-76", "T-72B3", "border", "base"]

hostile_text = st.lists(
    st.one_of(st.text(st.characters(exclude_categories=()), max_size=20), st.sampled_from(SPECIALS),
              st.sampled_from(WORDS)),
    max_size=40,
).map("".join)
KINDS = ("text", "markdown", "html", "json", "jsonl", "feed", "warc", "sidecar", "sniffed")


def as_bytes(text: str, how: str) -> bytes:
    if how == "utf-16":
        return text.encode("utf-16", errors="surrogatepass")
    if how == "cp1252":
        return text.encode("cp1252", errors="replace")
    return text.encode("utf-8", errors="surrogatepass")  # lone surrogates become invalid UTF-8


encoded = st.tuples(hostile_text, st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1252"])).map(lambda p: as_bytes(*p))
raw = st.one_of(encoded, st.binary(max_size=300))

tags = st.sampled_from(["div", "p", "span", "article", "li", "table", "td", "b", "script", "style", "body", "html"])


@st.composite
def html_pages(draw) -> bytes:
    depth = draw(st.integers(0, 400))
    tag = draw(tags)
    body = draw(hostile_text)
    head = draw(st.sampled_from(["", "<!DOCTYPE html>", '<?xml version="1.0"?>', "<html><head><title>T</title>",
                                 '<meta charset="utf-8">', "<!DOCTYPE x [<!ENTITY a 'b'>]>"]))
    close = draw(st.booleans())
    page = head + f"<{tag}>" * depth + body + (f"</{tag}>" * depth if close else "")
    return as_bytes(page, draw(st.sampled_from(["utf-8", "cp1252"])))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(["text", "x", "title"]), children, max_size=3)),
    max_leaves=12,
)
FIELDS = ["text", "content", "body", "html", "title", "headline", "url", "link", "outlet", "source", "author",
          "byline", "published", "date", "dct", "language", "lang", "id"]


@st.composite
def json_records(draw) -> str:
    record = draw(st.dictionaries(st.sampled_from(FIELDS), st.one_of(hostile_text, json_values), max_size=6))
    if draw(st.booleans()):
        record["text"] = draw(hostile_text)
    return json.dumps(record, ensure_ascii=draw(st.booleans()))


json_documents = st.one_of(json_records(), st.lists(json_records(), max_size=4).map(lambda r: "[" + ",".join(r) + "]"),
                           st.text(max_size=50)).map(lambda s: s.encode("utf-8", errors="surrogatepass"))
json_lines = st.lists(st.one_of(json_records(), st.text(max_size=30)), max_size=6).map(
    lambda lines: "\n".join(lines).encode("utf-8", errors="surrogatepass"))


@st.composite
def feeds(draw) -> bytes:
    entries = "".join(
        f"<item><title>{draw(hostile_text)}</title><description>{draw(hostile_text)}</description>"
        f"<pubDate>{draw(st.sampled_from(['Mon, 02 Dec 2024 08:00:00 GMT', 'garbage', '']))}</pubDate></item>"
        for _ in range(draw(st.integers(0, 3)))
    )
    root = draw(st.sampled_from(["rss", "feed", "rdf:RDF"]))
    prolog = draw(st.sampled_from(['<?xml version="1.0"?>', "", '<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]>']))
    return as_bytes(f'{prolog}<{root} version="2.0"><channel><title>{draw(hostile_text)}</title>{entries}</channel>'
                    f'</{root}>'[: draw(st.integers(10, 5000))], "utf-8")


@st.composite
def warcs(draw) -> bytes:
    records = []
    for _ in range(draw(st.integers(0, 3))):
        html = draw(hostile_text).encode("utf-8", errors="surrogatepass")
        status = draw(st.sampled_from(["200 OK", "404 Not Found", "garbage"]))
        http = b"HTTP/1.1 " + status.encode() + b"\r\nContent-Type: text/html\r\n\r\n" + html
        declared = len(http) + draw(st.sampled_from([0, 0, 0, -5, 7, 10**9]))
        headers = [b"WARC/1.0", b"WARC-Type: " + draw(st.sampled_from([b"response", b"request", b"warcinfo", b""])),
                   b"Content-Type: application/http; msgtype=response", b"Content-Length: %d" % declared]
        if draw(st.booleans()):
            headers.append(b"WARC-Target-URI: " + draw(st.sampled_from([b"http://example.org/", b"", b"\xff\xfe"])))
        record = b"\r\n".join(headers) + b"\r\n\r\n" + http + b"\r\n\r\n"
        if draw(st.booleans()):
            record = record[: draw(st.integers(0, len(record)))] + draw(st.binary(max_size=40))
        records.append(zlib.compress(record, wbits=31) if draw(st.booleans()) else record)
    return b"".join(records) or b"WARC/1.0\r\n"


sidecar_lines = st.lists(
    st.one_of(
        st.dictionaries(st.sampled_from(["file", "title", "url", "outlet", "author", "published", "language"]),
                        st.one_of(hostile_text, json_values), max_size=5).map(json.dumps),
        st.text(max_size=30),
    ),
    max_size=5,
).map(lambda lines: "\n".join(lines).encode("utf-8", errors="surrogatepass"))

INPUTS = {
    "text": raw, "markdown": raw, "html": st.one_of(html_pages(), raw), "json": json_documents,
    "jsonl": json_lines, "feed": st.one_of(feeds(), raw), "warc": warcs(), "sidecar": sidecar_lines,
    "sniffed": st.one_of(raw, html_pages(), json_lines, feeds(), warcs()),
}


def read(kind: str, data: bytes, *, max_bytes: int = 1 << 20) -> list[Document | Reject]:
    """Feed one reader ``data`` the way ingest would; an exception escaping here is a crash."""
    options = Options(max_bytes=max_bytes)
    if kind == "jsonl":
        return list(read_json_lines(bounded_lines(io.BytesIO(data), max_bytes), "fuzz", options))
    if kind == "warc":
        return list(read_warc(io.BytesIO(data), "fuzz", options))
    if kind == "sniffed":
        return list(iter_inputs("-", stdin=io.BytesIO(data), max_bytes=max_bytes))
    if kind == "sidecar":
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / sidecar.SIDECAR_NAME).write_bytes(data)
            (Path(folder) / "a.txt").write_text("Troops crossed the border near Kidal on Monday, officials said.")
            loaded = sidecar.load.__wrapped__(Path(folder))
            items: list[Document | Reject] = list(loaded.rejects)
            documents = list(iter_inputs(folder))
            return items + documents
    return list(read_document(kind, data, "fuzz", options))


def problems(items: list[Document | Reject]) -> list[str]:
    """What is wrong with a reader's output, if anything (empty list: sound)."""
    found = []
    for item in items:
        if isinstance(item, Reject):
            if item.reason not in REJECT_REASONS:
                found.append(f"unknown reason {item.reason}")
            continue
        if not isinstance(item, Document):
            found.append(f"yielded a {type(item).__name__}")
            continue
        for name in ("text", "title", "url", "outlet", "author", "language"):
            value = getattr(item, name)
            if value is None:
                continue
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                found.append(f"{name} is not UTF-8 encodable")
            if "\x00" in value:
                found.append(f"{name} holds NUL")
        if not item.text.strip():
            found.append("a document with no text")
        try:
            json.dumps(item.meta)
        except (TypeError, ValueError) as error:
            found.append(f"meta is not JSON: {error}")
    return found
