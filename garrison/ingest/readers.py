"""One reader per input kind.  Each yields Documents and Rejects and never raises for bad input."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, BinaryIO

from garrison import config
from garrison.ingest import formats
from garrison.ingest.datelines import find_date
from garrison.ingest.decode import check_not_binary, decode
from garrison.ingest.documents import Found, build_document, first_line_title
from garrison.ingest.fetch import Fetched, is_url
from garrison.ingest.limits import (
    LANGUAGE_CODE,
    CappedGunzip,
    check_encodable,
    check_json_depth,
    check_no_entity_declarations,
    markup_depth,
)
from garrison.ingest.reject import Reject, Rejected
from garrison.model import DateSource, Document

Output = Iterator[Document | Reject]

# Extraction failures already become Rejects naming the input; the libraries' own log lines
# about them would only repeat that, without the file name.
for _library in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_library).setLevel(logging.CRITICAL)

# JSON record fields: the canonical name first, then the aliases accepted for it (docs/formats.md).
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body"),
    "html": ("html",),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "site_name"),
    "author": ("author", "byline"),
    "published": ("published", "date", "published_at", "dct"),  # dct: the gold time format's field
    "language": ("language", "lang"),
    "id": ("id",),
}
# A feed entry whose own content is at least this long is the full text; shorter ones are teasers.
FULL_TEXT_MIN_CHARS = 600


@dataclass
class Options:
    max_bytes: int
    published: date | None = None
    fetch: Any = None  # callable(url) -> Fetched, raising Rejected; None: no network
    max_feed_entries: int = 100


def emit(found: Found, options: Options) -> Document | Reject:
    try:
        return build_document(found, user_published=options.published)
    except Rejected as rejected:
        return rejected.to_reject(found.source_path)


def read_document(kind: str, data: bytes, source: str, options: Options, *, url: str | None = None) -> Output:
    """Readers for kinds that hold their input in memory (bounded by max_bytes by the caller)."""
    try:
        if not data.strip():
            raise Rejected("empty", f"{source} is empty")
        if kind == formats.FEED:
            yield from read_feed(data, source, options, feed_url=url)
            return
        check_not_binary(data)
        if kind == formats.JSON:
            yield from read_json(data, source, options)
            return
        text, encoding = decode(data)
        meta = {} if encoding == "utf-8" else {"encoding": encoding}
        if kind == formats.HTML:
            yield emit(html_found(text, source, url=url, meta=meta), options)
        elif kind == formats.JSONL:
            yield from read_json_lines(iter(data.splitlines(keepends=True)), source, options)
        else:
            body = strip_markdown(text) if kind == formats.MARKDOWN else text
            title = first_line_title(text if kind == formats.MARKDOWN else body)
            yield emit(Found(body, source, kind, title=title, url=url, meta=meta), options)
    except Rejected as rejected:
        yield rejected.to_reject(source)


# ---------------------------------------------------------------------------
# Markdown


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S))(.+?)\1")
_MD_RULE = re.compile(r"^\s*([-*_]\s*){3,}$", re.MULTILINE)


def strip_markdown(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_RULE.sub("", text)
    return _MD_EMPHASIS.sub(r"\2", text)


# ---------------------------------------------------------------------------
# HTML


_HAS_HTML_ROOT = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)


def html_found(html: str, source: str, *, url: str | None = None, meta: dict[str, Any] | None = None,
               content_type: str = formats.HTML) -> Found:
    """Main text and metadata of a page (trafilatura; htmldate for the date from metadata only)."""
    import trafilatura

    meta = dict(meta or {})
    check_no_entity_declarations(html, "the page")
    cap = config.INGEST_MAX_NESTING_DEPTH
    if markup_depth(html, stop_at=cap) > cap:
        # lxml stops building the tree about 255 levels down and drops the text below: read it flat.
        text = flat_text(html)
        return Found(text, source, content_type, url=url, meta=meta | {"extraction": "flat-text-deep-nesting"})
    if not _HAS_HTML_ROOT.search(html[:2048]):
        html = f"<html><body>{html}</body></html>"  # fragments: trafilatura wants a document
    try:
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        fields = extracted.as_dict() if extracted is not None else {}
        text = fields.get("text") or ""
        if not text.strip():
            # Truncated or tiny pages defeat main-text extraction: keep whatever text the page has.
            text = trafilatura.html2txt(html) or ""
            meta["extraction"] = "all-text"
    except Exception as error:  # lxml/trafilatura on hostile markup: a bad input, not a crash
        raise Rejected("parse-error", f"HTML could not be parsed ({type(error).__name__}: {error})") from None
    published = _parse_date(fields.get("date"))
    if fields.get("url") and url and fields["url"] != url:
        meta["canonical_url"] = fields["url"]
    return Found(
        text,
        source,
        content_type,
        title=fields.get("title"),
        url=url or fields.get("url"),
        site_name=fields.get("sitename"),
        author=fields.get("author"),
        published=published,
        published_source=DateSource.METADATA if published else None,
        html=html,
        meta=meta,
    )


def flat_text(html: str) -> str:
    """The text of markup without building a tree (no depth limit), skipping scripts and styles."""
    from html.parser import HTMLParser

    pieces: list[str] = []
    skipping = 0

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            nonlocal skipping
            if tag in ("script", "style", "template"):
                skipping += 1
            elif tag in ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section"):
                pieces.append("\n")

        def handle_endtag(self, tag: str) -> None:
            nonlocal skipping
            if tag in ("script", "style", "template") and skipping:
                skipping -= 1

        def handle_data(self, data: str) -> None:
            if not skipping:
                pieces.append(data)

    collector = Collector(convert_charrefs=True)
    collector.feed(html)
    collector.close()
    return re.sub(r"[ \t]+", " ", "".join(pieces))


def _parse_date(value: Any) -> date | None:
    """A date from metadata: ISO strings, epoch seconds, or a written date ("22 November 2024")."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        found = find_date(value)
        return found[0] if found else None


# ---------------------------------------------------------------------------
# JSON and JSON lines


def read_json(data: bytes, source: str, options: Options) -> Output:
    """A JSON file: one record, or an array of records (``path#N``); JSON lines are accepted too."""
    text, _ = decode(data)
    try:
        value = json.loads(text)
    except RecursionError:
        raise Rejected("too-deep", f"JSON nested more than {config.INGEST_MAX_NESTING_DEPTH} levels deep") from None
    except json.JSONDecodeError as error:
        if text.lstrip().startswith("{") and "\n" in text.strip():
            yield from read_json_lines(iter(data.splitlines(keepends=True)), source, options)
            return
        raise Rejected("invalid-json", f"line {error.lineno} column {error.colno}: {error.msg}") from None
    if isinstance(value, list):
        for index, item in enumerate(value, 1):
            where = f"{source}#{index}"
            try:
                check_json_depth(item, config.INGEST_MAX_NESTING_DEPTH - 1)
            except Rejected as rejected:
                yield rejected.to_reject(where)
                continue
            yield json_record(item, where, options)
    else:
        check_json_depth(value)
        yield json_record(value, source, options)


def read_json_lines(lines: Iterator[bytes], source: str, options: Options, *, first_number: int = 1) -> Output:
    """JSON lines, one record per line (``path:LINE``, counted from ``first_number``); a line over max_bytes is
    skipped as too-large."""
    for number, line in enumerate(lines, first_number):
        where = f"{source}:{number}"
        if isinstance(line, TooLongLine):
            yield Reject(where, "too-large", f"line {number} is {line.length:,} bytes, over the limit of {options.max_bytes:,}")
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
            check_json_depth(value)
        except json.JSONDecodeError as error:
            yield Reject(where, "invalid-json", f"line {number} column {error.colno}: {error.msg}")
            continue
        except UnicodeDecodeError as error:
            yield Reject(where, "decode-error", f"line {number} is not UTF-8 ({error.reason} at byte {error.start})")
            continue
        except RecursionError:
            yield Reject(where, "too-deep", f"line {number} nests more than {config.INGEST_MAX_NESTING_DEPTH} levels deep")
            continue
        except Rejected as rejected:
            yield Reject(where, rejected.reason, f"line {number}: {rejected.detail}")
            continue
        yield json_record(value, where, options)


def json_record(value: Any, source: str, options: Options) -> Document | Reject:
    try:
        return _json_record(value, source, options)
    except Rejected as rejected:
        return rejected.to_reject(source)


def _json_record(value: Any, source: str, options: Options) -> Document | Reject:
    if not isinstance(value, dict):
        return Reject(source, "invalid-json", f"expected a JSON object, found {type(value).__name__}")
    fields = {name: _first_present(value, aliases) for name, aliases in JSON_FIELDS.items()}
    for name, field_value in fields.items():
        check_encodable(field_value, f"field {name!r}")
    text, html = fields["text"], fields["html"]
    if text is None and html is None:
        names = "|".join(JSON_FIELDS["text"])
        return Reject(source, "missing-field", f"no text field ({names}) in record with keys {sorted(value)[:8]}")
    if text is not None and not isinstance(text, str):
        return Reject(source, "missing-field", f"text field is a {type(text).__name__}, not a string")
    if text is None and not isinstance(html, str):
        return Reject(source, "missing-field", f"html field is a {type(html).__name__}, not a string")
    language = fields["language"]
    if language is not None and not (isinstance(language, str) and LANGUAGE_CODE.fullmatch(language.strip())):
        shown = f"{type(language).__name__} {language!r}"[:60]
        raise Rejected("invalid-field", f"field 'language' must be an ISO 639 code such as \"en\", not {shown}")
    for name in ("title", "url", "outlet", "author"):
        _check_scalar(fields[name], name)
    meta: dict[str, Any] = {}
    if fields["id"] is not None:
        meta["record_id"] = fields["id"]
    published = _parse_date(fields["published"])
    if fields["published"] and published is None:
        meta["published_raw"] = str(fields["published"])[:100]
    if text is None and isinstance(html, str):
        try:
            found = html_found(html, source, url=_str(fields["url"]), meta=meta, content_type=formats.JSON)
        except Rejected as rejected:
            return rejected.to_reject(source)
    else:
        found = Found(text, source, formats.JSON, meta=meta, url=_str(fields["url"]))
    found.title = _str(fields["title"]) or found.title
    found.outlet = _str(fields["outlet"])
    found.author = _str(fields["author"]) or found.author
    if published:
        found.published, found.published_source = published, DateSource.METADATA
    found.language = language.strip().replace("_", "-").lower() if language else None
    return emit(found, options)


def _check_scalar(value: Any, name: str) -> None:
    """A metadata field is a string or a number (a list of them for several authors), not an object."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if item is not None and (isinstance(item, (dict, list)) or not isinstance(item, (str, int, float))):
            raise Rejected("invalid-field", f"field {name!r} is a {type(item).__name__}, expected text")


def _first_present(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        if record.get(name) not in (None, ""):
            return record[name]
    return None


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):  # e.g. several authors
        value = ", ".join(str(v) for v in value)
    return str(value).strip() or None


class TooLongLine(bytes):
    """Stands for a line that was skipped because it was longer than allowed."""

    length: int


def bounded_lines(stream: BinaryIO, max_bytes: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """Lines of a binary stream; a line over max_bytes is drained (never held) and given as TooLongLine."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            length = len(line)
            while True:
                rest = stream.readline(chunk)
                length += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            marker = TooLongLine()
            marker.length = length
            yield marker
            continue
        yield line


# ---------------------------------------------------------------------------
# RSS / Atom


def read_feed(data: bytes, source: str, options: Options, *, feed_url: str | None = None) -> Output:
    """One Document per entry, at most options.max_feed_entries; entries with a teaser only are
    fetched from their link when a fetcher is available."""
    import feedparser

    check_safe_xml(data)
    # The feed's own URL lets feedparser resolve relative entry links.
    try:
        parsed = feedparser.parse(data, response_headers={"content-location": feed_url} if feed_url else None)
    except Exception as error:  # feedparser on hostile markup (a &#xD800; reference …): this feed only
        raise Rejected("parse-error", f"feed could not be parsed ({type(error).__name__}: {error})") from None
    entries = parsed.entries
    if not entries:
        problem = getattr(parsed, "bozo_exception", None)
        if problem is not None:
            raise Rejected("parse-error", f"not a readable RSS/Atom feed ({type(problem).__name__}: {problem})")
        raise Rejected("empty", "feed has no entries")
    feed_title = parsed.feed.get("title")
    for number, entry in enumerate(entries[: options.max_feed_entries], 1):
        try:
            yield from _feed_entry(entry, number, source, feed_title, options)
        except Rejected as rejected:  # one bad entry (a binary link target …); the feed goes on
            yield Reject(f"{source}#{number}", rejected.reason, f"entry {number}: {rejected.detail}")


def check_safe_xml(data: bytes) -> None:
    """Refuse XML that declares entities, names external entities, or carries a DTD internal subset.

    feedparser's expat does not expand external entities, but its loose fallback parser keeps the
    declarations' markup as text, and a billion-laughs tree should never reach either of them.
    A DOCTYPE naming an external DTD only (RSS 0.91) is allowed: the DTD is never fetched."""
    import xml.parsers.expat

    import defusedxml.ElementTree
    from defusedxml import DefusedXmlException

    check_no_entity_declarations(data[: 1 << 20].decode("utf-8", errors="replace"), "the feed")
    # and as feedparser will read it (a BOM, the XML declaration's encoding): in UTF-16 the declarations
    # are no UTF-8 text, and a lower-case "<!entity", which expat refuses, went to the loose parser unseen
    check_no_entity_declarations(_as_feedparser_decodes(data), "the feed")
    # and as its byte-order mark says, leniently: a UTF-16 feed with a lone surrogate fails strict decoding,
    # and feedparser then reads it as a single-byte text where the declarations do not show
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        check_no_entity_declarations(data[: 1 << 20].decode("utf-16", errors="replace"), "the feed")
    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as refused:
        raise Rejected("unsafe-markup", f"the feed is refused: {refused}") from None
    except (SyntaxError, xml.parsers.expat.ExpatError, ValueError):
        pass  # not well-formed: feedparser's loose parser reads it, and it expands nothing


def _as_feedparser_decodes(data: bytes) -> str:
    from feedparser.encodings import convert_to_utf8

    try:
        converted = convert_to_utf8({}, data[: 1 << 20], {})
    except Exception:  # noqa: BLE001 — feedparser cannot decode it either, and says so when it parses
        return ""
    return converted.decode("utf-8", errors="replace")


def _feed_entry(entry: Any, number: int, source: str, feed_title: str | None, options: Options) -> Output:
    where = f"{source}#{number}"
    link = entry.get("link") if is_url(entry.get("link") or "") else None  # a bare guid is no link
    published = _entry_date(entry)
    content_html = _entry_content(entry)
    text = _fragment_text(content_html) if content_html else ""
    meta: dict[str, Any] = {"feed_entry": number}
    if entry.get("id"):
        meta["entry_id"] = entry["id"]
    found: Found | None = None
    if len(text) >= FULL_TEXT_MIN_CHARS or (not link and text):
        found = Found(text, where, formats.FEED, meta=meta | {"text_from": "entry"})
    elif link and options.fetch is not None:
        try:
            fetched: Fetched = options.fetch(link)
        except Rejected as rejected:
            yield Reject(where, rejected.reason, f"entry {number}: {rejected.detail}")
            return
        decoded, _ = decode(fetched.content) if fetched.content.strip() else ("", "utf-8")
        found = html_found(decoded, where, url=fetched.url, meta=meta | {"text_from": "link"},
                           content_type=formats.FEED)
    elif text:
        found = Found(text, where, formats.FEED, meta=meta | {"text_from": "summary"})
    if found is None:
        yield Reject(where, "feed-entry", f"entry {number} ({entry.get('title', 'untitled')!r}) has neither text nor link")
        return
    found.url = found.url or link
    found.title = entry.get("title") or found.title
    found.author = entry.get("author") or found.author
    found.feed_title = feed_title
    if published:
        found.published, found.published_source = published, DateSource.FEED
    yield emit(found, options)


def _entry_content(entry: Any) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    if contents:
        return max(contents, key=len)
    return entry.get("summary", "") or ""


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return date(*parsed[:3])
            except (TypeError, ValueError):
                continue
    return None


def _fragment_text(fragment: str) -> str:
    import trafilatura

    if "<" not in fragment:
        return fragment.strip()
    return (trafilatura.html2txt(f"<html><body>{fragment}</body></html>") or "").strip()


# ---------------------------------------------------------------------------
# WARC


def read_warc(stream: BinaryIO, source: str, options: Options, *, gzipped: bool | None = None) -> Output:
    """HTML responses of a WARC (plain or gzipped); each record is ``path#N`` (its record number)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    if gzipped is None:  # a stream that cannot seek (stdin) is told by its caller, who sniffed it
        gzipped = _peek(stream, 2) == b"\x1f\x8b"
    if not _starts_like_warc(stream):
        yield Reject(source, "parse-error", "not a WARC file (no WARC/1.x header at the start)")
        return
    if gzipped:  # decompressed here, under the size and ratio caps, rather than inside warcio
        stream = CappedGunzip(stream)  # type: ignore[assignment]
    try:
        for number, record in enumerate(_guarded_archive_iterator(ArchiveIterator)(stream), 1):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if formats.kind_from_media_type(content_type) != formats.HTML:
                continue
            where = f"{source}#{number}"
            status = record.http_headers.get_statuscode()
            if not (status or "").startswith("2"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read(options.max_bytes + 1)
            if len(body) > options.max_bytes:
                yield Reject(where, "too-large", f"record {number} ({url}) is over {options.max_bytes:,} bytes")
                continue
            meta = {"warc_date": record.rec_headers.get_header("WARC-Date")}
            try:
                text, _ = decode(body)
            except Rejected as rejected:
                yield rejected.to_reject(where)
                continue
            try:
                yield emit(html_found(text, where, url=url, meta=meta, content_type=formats.WARC), options)
            except Rejected as rejected:
                yield rejected.to_reject(where)
    except Rejected as rejected:  # a cap of the decompressing stream
        yield Reject(source, rejected.reason, f"after record {number}: {rejected.detail}")
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as error:
        yield Reject(source, "parse-error", f"unreadable WARC after record {number}: {error}")
    except Exception as error:  # warcio on malformed headers (AttributeError, KeyError …): this file only
        yield Reject(source, "parse-error", f"malformed WARC record after record {number} ({type(error).__name__}: {error})")


def _guarded_archive_iterator(base: type) -> type:
    """warcio's ArchiveIterator with two changes: header lines are capped, and it does not write.

    warcio gathers a header line by concatenating blocks until a newline, so a WARC whose header
    runs on (zeros after ``WARC/1.0``) costs time growing with the square of its length and memory
    with its length; past INGEST_MAX_HEADER_LINE_BYTES the file is a parse-error.  warcio also
    writes a multi-line warning to stderr for each record with a wrong Content-Length and reads
    on: the record is kept, and the user's terminal is not flooded."""

    class GuardedArchiveIterator(base):  # type: ignore[misc, valid-type]
        INC_RECORD = ""

        def __init__(self, fileobj: BinaryIO) -> None:
            super().__init__(fileobj)
            unbounded, cap = self.reader.readline, config.INGEST_MAX_HEADER_LINE_BYTES

            def readline(length: int | None = None) -> bytes:
                wanted = cap + 1 if not length or length < 0 else min(length, cap + 1)
                line = unbounded(wanted)
                if len(line) > cap and not line.endswith(b"\n"):
                    raise Rejected("parse-error", f"a header line runs past {cap:,} bytes "
                                                  "(INGEST_MAX_HEADER_LINE_BYTES)")
                return line

            self.reader.readline = readline

    return GuardedArchiveIterator


def _peek(stream: BinaryIO, size: int) -> bytes:
    if not stream.seekable():
        return b""
    position = stream.tell()
    head = stream.read(size)
    stream.seek(position)
    return head


def _starts_like_warc(stream: BinaryIO) -> bool:
    """Check the first record header without consuming the stream (warcio accepts any text as ARC)."""
    import zlib

    if not stream.seekable():
        return True
    position = stream.tell()
    head = stream.read(4096)
    stream.seek(position)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")
