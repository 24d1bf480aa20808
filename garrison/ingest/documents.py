"""Assemble a Document from what a reader found: clean the text, then settle date, language, outlet."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from garrison.ingest.boilerplate import remove_boilerplate
from garrison.ingest.datelines import find_dateline
from garrison.ingest.language import detect_language
from garrison.ingest.limits import check_encodable
from garrison.ingest.outlets import choose_outlet
from garrison.ingest.reject import Rejected
from garrison.model import DateSource, Document

TITLE_MAX_CHARS = 160
# The store's column widths (garrison/store/schema.py): PostgreSQL refuses a longer value, and a
# scraped byline of a whole paragraph is a scraping error, not an author.
FIELD_MAX_CHARS = {"author": 300, "outlet": 200}


@dataclass
class Found:
    """What a reader could tell about one document before cleaning."""

    text: str
    source_path: str
    content_type: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None  # a name the source gives (JSON field)
    site_name: str | None = None  # og:site_name / trafilatura sitename
    feed_title: str | None = None
    author: str | None = None
    published: date | None = None
    published_source: DateSource | None = None  # how ``published`` was found by the reader
    language: str | None = None
    html: str | None = None  # the page, for htmldate's extensive search when metadata had no date
    meta: dict[str, Any] = field(default_factory=dict)


def normalise_whitespace(text: str) -> str:
    text = text.replace("\x00", "")  # a JSON \u0000 escape: no meaning in text, and PostgreSQL refuses it
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def build_document(found: Found, *, user_published: date | None = None) -> Document:
    """Raises Rejected("empty") when nothing readable is left, Rejected("invalid-unicode") for text
    no store could hold."""
    for name in ("text", "title", "url", "outlet", "site_name", "feed_title", "author", "language"):
        check_encodable(getattr(found, name), name)
    text = remove_boilerplate(normalise_whitespace(found.text))
    if not text:
        raise Rejected("empty", f"no text left in {found.content_type} input after cleaning")
    meta = dict(found.meta)
    published, published_source = _publication_date(found, text, meta, user_published)
    outlet, outlet_from = choose_outlet(given=found.outlet, site_name=found.site_name, url=found.url,
                                        feed_title=found.feed_title)
    if outlet_from:
        meta["outlet_from"] = outlet_from
    return Document(
        text=text,
        title=_clean_field(found.title),
        url=found.url.replace("\x00", "").strip() or None if found.url else None,
        outlet=_bounded(_clean_field(outlet), "outlet"),
        author=_bounded(_clean_field(found.author), "author"),
        published=published,
        published_source=published_source,
        language=found.language or detect_language(text),
        source_path=found.source_path,
        content_type=found.content_type,
        meta={key: value.replace("\x00", "") if isinstance(value, str) else value for key, value in meta.items()},
    )


def _clean_field(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.replace("\x00", "").split())
    return value or None


def _bounded(value: str | None, name: str) -> str | None:
    limit = FIELD_MAX_CHARS[name]
    return value if value is None or len(value) <= limit else value[: limit - 1] + "…"


def _publication_date(found: Found, text: str, meta: dict[str, Any],
                      user_published: date | None) -> tuple[date | None, DateSource | None]:
    if user_published is not None:
        return user_published, DateSource.USER
    if found.published is not None:
        return found.published, found.published_source or DateSource.METADATA
    dateline = find_dateline(text)
    if dateline:
        meta["dateline"] = dateline.text
        return dateline.date, DateSource.DATELINE
    if found.html:
        from_body = _htmldate_extensive(found.html, found.url)
        if from_body:
            meta["date_method"] = "htmldate-extensive"
            return from_body, DateSource.METADATA
    inferred = _infer_from_text(text)
    if inferred:
        when, evidence = inferred
        meta["date_evidence"] = evidence
        return when, DateSource.INFERRED
    return None, None


def _htmldate_extensive(html: str, url: str | None) -> date | None:
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=True, original_date=True, url=url)
    except Exception:  # htmldate on hostile markup: no date rather than no document
        return None
    if not found:
        return None
    when = date.fromisoformat(found[:10])
    # htmldate pads a bare year (from a URL path or a copyright line) to 1 January: not a date.
    if (when.month, when.day) == (1, 1) and when.isoformat() not in html and "1 jan" not in html.lower():
        return None
    return when


def _infer_from_text(text: str) -> tuple[date, str] | None:
    try:
        from garrison.dates import infer_document_date
    except ImportError:  # the dates area is optional for ingest; without it there is no inference
        return None
    return infer_document_date(text)


def first_line_title(text: str) -> str | None:
    """A plain text's headline: its first line, or the one after a dateline, when it reads as one
    (short, no full stop, not itself a date)."""
    lines = [line.strip().lstrip("#").strip() for line in text.strip().splitlines()]
    lines = [line for line in lines if line][:2]
    if lines and find_dateline(lines[0]):
        lines = lines[1:]
    for line in lines[:1]:
        if len(line) <= TITLE_MAX_CHARS and not line.endswith((".", ",", ";", "–", "-")) and not find_dateline(line):
            return line
    return None
