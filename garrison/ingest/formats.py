"""Which reader handles an input: by file extension, by HTTP Content-Type, or by sniffing bytes."""

from __future__ import annotations

import re
from pathlib import PurePath

# Input kinds and the readers in garrison.ingest.readers.
TEXT, MARKDOWN, HTML, JSON, JSONL, FEED, WARC = "text", "markdown", "html", "json", "jsonl", "feed", "warc"

EXTENSIONS: dict[str, str] = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".json": JSON,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".xml": FEED,
    ".rss": FEED,
    ".atom": FEED,
    ".warc": WARC,
    ".warc.gz": WARC,
}

MEDIA_TYPES: dict[str, str] = {
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "text/plain": TEXT,
    "text/markdown": MARKDOWN,
    "application/json": JSON,
    "application/x-ndjson": JSONL,
    "application/jsonl": JSONL,
    "application/rss+xml": FEED,
    "application/atom+xml": FEED,
    "application/rdf+xml": FEED,
    "application/xml": FEED,
    "text/xml": FEED,
    "application/warc": WARC,
}

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(!doctype\s+html|html|head|body|article|p|div)[\s>]", re.IGNORECASE)


def kind_from_name(name: str) -> str | None:
    """The kind for a file name; None when the name has an extension we do not read.

    A name without an extension returns "" (the caller sniffs its bytes)."""
    path = PurePath(name.lower())
    if path.name.endswith(".warc.gz"):
        return WARC
    if not path.suffix:
        return ""
    return EXTENSIONS.get(path.suffix)


def kind_from_media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return MEDIA_TYPES.get(content_type.split(";")[0].strip().lower())


def sniff(head: bytes) -> str:
    """Guess a kind from the first bytes; plain text when nothing else fits."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    if start.startswith(b"WARC/"):
        return WARC
    if start.startswith(b"<"):
        if _FEED_ROOT.search(start):
            return FEED
        if _HTML_ROOT.search(start) or start[:5].lower() == b"<?xml":
            return HTML
    if start.startswith((b"{", b"[")):
        first_line = start.split(b"\n", 1)[0].strip()
        if start.startswith(b"{") and first_line.endswith(b"}") and b"\n" in start.strip():
            return JSONL
        return JSON
    return TEXT
