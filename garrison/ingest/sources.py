"""Walk a target (file, directory, stdin, URL) and hand each input to its reader.

Reading is planned first: :func:`plan_inputs` yields, in input order, units of reading.  A :class:`Portable`
unit (a text, Markdown, HTML or JSON file; a chunk of JSON lines) needs nothing of the process that planned it,
so a pool of worker processes can read it (garrison.ingest.parallel); the rest (stdin, URLs, feeds that fetch
their entries' pages, WARC archives, sidecar rejects) is read where it is planned.  :func:`iter_inputs` runs
the same plan in this process, so both ways read the same documents in the same order.
"""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import httpx

from garrison import config
from garrison.ingest import formats, sidecar
from garrison.ingest.fetch import DEFAULT_TIMEOUT, fetch, is_url, make_client
from garrison.ingest.readers import (
    Options,
    Output,
    bounded_lines,
    read_document,
    read_json_lines,
    read_warc,
)
from garrison.ingest.reject import Reject, Rejected
from garrison.model import Document

# Single-document files (and each JSON line, WARC record, HTTP body) above this are rejected as
# too-large without being read; JSON-lines and WARC files themselves are streamed at any size.
DEFAULT_MAX_BYTES = config.INGEST_MAX_BYTES
SNIFF_BYTES = 4096
# A chunk of JSON lines handed to a reader at once: enough to be worth a trip to a worker process, small
# enough that a chunk of long lines stays a few megabytes.
CHUNK_LINES = 128
CHUNK_BYTES = 4 << 20
# Kinds whose reading needs nothing but the file: the kinds a worker process reads.
PORTABLE_KINDS = frozenset({formats.TEXT, formats.MARKDOWN, formats.HTML, formats.JSON})


@dataclass(frozen=True)
class Portable:
    """A unit of reading that needs nothing of the process that planned it (no network, no open stream):
    ``read(*args)`` may run in a worker process.  ``documents`` is how many documents it may hold."""

    read: Callable[..., Output]
    args: tuple[Any, ...]
    documents: int = 1

    def __call__(self) -> Output:
        return self.read(*self.args)


# A unit of a plan: portable, or the items themselves, read lazily in the planning process.
Unit = Portable | Iterable[Document | Reject]


def iter_inputs(
    target: str,
    *,
    published: date | None = None,
    stdin: TextIO | BinaryIO | None = None,
    client: httpx.Client | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_feed_entries: int = 100,
    timeout: float = DEFAULT_TIMEOUT,
    allow_private: bool | Iterable[str] | None = None,
) -> Iterator[Document | Reject]:
    """Documents and Rejects from ``target``, lazily, in a stable order; never raises for bad input.

    ``target`` is a file, a directory (walked recursively in sorted order, hidden entries skipped),
    "-" for ``stdin`` (default sys.stdin), or an http(s) URL of a page or an RSS/Atom feed.
    ``published`` overrides every document's publication date (source ``user``).  ``client`` is used
    for HTTP when given (a client with a timeout is made otherwise); either way every URL and
    redirect hop must resolve to a public address unless ``allow_private`` (default: the setting
    ``GARRISON_ALLOW_PRIVATE``) opens loopback and private networks: True for all, or CIDR strings
    for some (garrison.ingest.netguard).
    """
    for unit in plan_inputs(target, published=published, stdin=stdin, client=client, max_bytes=max_bytes,
                            max_feed_entries=max_feed_entries, timeout=timeout, allow_private=allow_private):
        yield from unit() if isinstance(unit, Portable) else unit


def plan_inputs(
    target: str,
    *,
    published: date | None = None,
    stdin: TextIO | BinaryIO | None = None,
    client: httpx.Client | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_feed_entries: int = 100,
    timeout: float = DEFAULT_TIMEOUT,
    allow_private: bool | Iterable[str] | None = None,
) -> Iterator[Unit]:
    """The units of reading ``target``, in input order (the arguments are :func:`iter_inputs`'s)."""
    if allow_private is None:
        allow_private = config.FETCH_ALLOW_PRIVATE
    elif not isinstance(allow_private, bool):
        allow_private = tuple(allow_private)
    with ExitStack() as stack:
        http: httpx.Client | None = client

        def fetcher(url: str):
            nonlocal http
            if http is None:
                http = stack.enter_context(make_client(timeout, allow_private=allow_private))
            return fetch(http, url, max_bytes=max_bytes, deadline=4 * timeout, allow_private=allow_private)

        options = Options(max_bytes=max_bytes, published=published, fetch=fetcher, max_feed_entries=max_feed_entries)
        if not target.strip():
            yield [Reject(repr(target), "unreachable", "empty target: give a file, a directory, - or a URL")]
        elif target == "-":
            yield from _plan_stdin(stdin if stdin is not None else sys.stdin, options)
        elif is_url(target):
            yield _read_url(target, options)
        else:
            path = Path(target)
            if path.is_dir():
                yield from _plan_files(walk(path), path, options)
            elif path.exists():
                yield from _plan_files([path], path.parent, options)
            else:
                yield [Reject(target, "unreachable", f"no such file or directory: {target}")]


def walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in sorted order (files of a folder before its subfolders).

    Hidden files and metadata sidecars are skipped: they describe documents, they are not ones.
    """
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name != sidecar.SIDECAR_NAME:
                yield Path(folder) / name


def _plan_files(files: Iterable[Path], root: Path, options: Options) -> Iterator[Unit]:
    """Read files, filling in what a metadata sidecar beside them says (see garrison.ingest.sidecar)."""
    portable = dataclasses.replace(options, fetch=None)
    reported: set[Path] = set()
    for file in files:
        rejects: list[Reject] = []
        for folder in dict.fromkeys((file.parent, root)):
            if folder not in reported:
                reported.add(folder)
                rejects.extend(sidecar.load(folder).rejects)
        if rejects:
            yield rejects
        row = sidecar.row_for(file, root)
        kind = formats.kind_from_name(file.name)
        if kind == formats.JSONL:
            yield from _plan_json_lines_file(file, row, portable)
        elif kind in PORTABLE_KINDS:
            yield Portable(read_file_with_metadata, (file, row, portable))
        else:  # feeds fetch their entries' pages, archives stream, a name without extension is sniffed
            yield read_file_with_metadata(file, row, options)


def read_file_with_metadata(path: Path, row: dict[str, Any] | None, options: Options) -> Output:
    for item in read_file(path, options):
        yield _with_metadata(item, row, options)


def _with_metadata(item: Document | Reject, row: dict[str, Any] | None, options: Options) -> Document | Reject:
    if row is not None and isinstance(item, Document):
        return sidecar.apply(item, row, user_published=options.published is not None)
    return item


def read_json_lines_with_metadata(lines: list[bytes], source: str, first_number: int, row: dict[str, Any] | None,
                                  options: Options) -> Output:
    for item in read_json_lines(iter(lines), source, options, first_number=first_number):
        yield _with_metadata(item, row, options)


def _line_chunks(lines: Iterator[bytes], source: str, row: dict[str, Any] | None, options: Options) -> Iterator[Unit]:
    """Portable chunks of JSON lines, numbered as in the whole input."""
    number, chunk, size = 1, [], 0

    def unit() -> Portable:
        return Portable(read_json_lines_with_metadata, (chunk, source, number, row, options), documents=len(chunk))

    try:
        for line in lines:
            chunk.append(line)
            size += len(line)
            if len(chunk) >= CHUNK_LINES or size >= CHUNK_BYTES:
                yield unit()
                number, chunk, size = number + len(chunk), [], 0
    except (OSError, Rejected):  # the lines read before the input failed are read; the caller reports the failure
        if chunk:
            yield unit()
        raise
    if chunk:
        yield unit()


def _plan_json_lines_file(path: Path, row: dict[str, Any] | None, options: Options) -> Iterator[Unit]:
    source = str(path)
    try:
        with path.open("rb") as handle:
            yield from _line_chunks(bounded_lines(handle, options.max_bytes), source, row, options)
    except OSError as error:
        yield [Reject(source, "unreachable", f"cannot read {source}: {error.strerror or error}")]


def read_file(path: Path, options: Options) -> Output:
    source = str(path)
    kind = formats.kind_from_name(path.name)
    if kind is None:
        yield Reject(source, "unsupported-type", f"{path.suffix or path.name} files are not read (see docs/formats.md)")
        return
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            if not kind:
                kind = formats.sniff(handle.read(SNIFF_BYTES))
                handle.seek(0)
            if kind == formats.JSONL:
                yield from read_json_lines(bounded_lines(handle, options.max_bytes), source, options)
            elif kind == formats.WARC:
                yield from read_warc(handle, source, options)
            elif size > options.max_bytes:
                yield Reject(source, "too-large",
                             f"{size:,} bytes, over the limit of {options.max_bytes:,} for one {kind} document")
            else:
                data = handle.read(options.max_bytes + 1)  # a pipe or device reports size 0: bound it anyway
                if len(data) > options.max_bytes:
                    yield Reject(source, "too-large", f"over the limit of {options.max_bytes:,} bytes for one {kind} document")
                else:
                    yield from read_document(kind, data, source, options)
    except Rejected as rejected:  # a reader's last word on a bad input it did not turn into a Reject itself
        yield rejected.to_reject(source)
    except OSError as error:
        yield Reject(source, "unreachable", f"cannot read {source}: {error.strerror or error}")


def _plan_stdin(stdin: TextIO | BinaryIO, options: Options) -> Iterator[Unit]:
    binary: BinaryIO = getattr(stdin, "buffer", None) or stdin  # type: ignore[assignment]
    try:
        head = binary.read(SNIFF_BYTES)
        if isinstance(head, str):  # a text stream without a buffer (io.StringIO)
            text = head + binary.read(options.max_bytes + 1)  # type: ignore[operator]
            binary = io.BytesIO(text.encode("utf-8"))
            head = binary.read(SNIFF_BYTES)
        kind = formats.sniff(head)
        stream = _Prefixed(head, binary)
        if kind == formats.JSONL:
            yield from _line_chunks(bounded_lines(stream, options.max_bytes), "-", None,
                                    dataclasses.replace(options, fetch=None))
        elif kind == formats.WARC:
            yield _stdin_failures(read_warc(stream, "-", options, gzipped=head.startswith(b"\x1f\x8b")))
        else:
            data = stream.read(options.max_bytes + 1)
            if len(data) > options.max_bytes:
                yield [Reject("-", "too-large", f"standard input is over the limit of {options.max_bytes:,} bytes")]
            else:
                yield _stdin_failures(read_document(kind, data, "-", options))
    except (Rejected, OSError) as error:
        yield _stdin_failures(error=error)


def _stdin_failures(items: Iterable[Document | Reject] = (), error: Exception | None = None) -> Output:
    """The items, and a Reject for standard input where reading it failed (``error``, or while reading them)."""
    try:
        yield from items
        if error is not None:
            raise error
    except Rejected as rejected:
        yield rejected.to_reject("-")
    except OSError as failure:
        yield Reject("-", "unreachable", f"cannot read standard input: {failure}")


class _Prefixed(io.RawIOBase):
    """A binary stream that replays ``head`` before the rest of ``stream`` (for sniffed stdin)."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head, self._stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        return _readline(self, size)

    def read(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        if size is None or size < 0:
            head, self._head = self._head, b""
            return head + self._stream.read()
        chunks, wanted = [], size
        while wanted > 0:
            buffer = bytearray(min(wanted, 1 << 20))
            n = self.readinto(buffer)
            if not n:
                break
            chunks.append(bytes(buffer[:n]))
            wanted -= n
        return b"".join(chunks)


def _readline(stream: _Prefixed, size: int | None) -> bytes:
    limit = size if size is not None and size >= 0 else sys.maxsize
    if stream._head:
        newline = stream._head.find(b"\n", 0, limit)
        if newline >= 0:
            line, stream._head = stream._head[: newline + 1], stream._head[newline + 1 :]
            return line
        line, stream._head = stream._head[:limit], stream._head[limit:]
        if len(line) >= limit:
            return line
        return line + stream._stream.readline(limit - len(line))
    return stream._stream.readline(limit)


def _read_url(url: str, options: Options) -> Output:
    try:
        fetched = options.fetch(url)
    except Rejected as rejected:
        yield rejected.to_reject(url)
        return
    kind = formats.kind_from_media_type(fetched.content_type) or formats.sniff(fetched.content[:SNIFF_BYTES])
    if kind == formats.FEED and formats.sniff(fetched.content[:SNIFF_BYTES]) == formats.HTML:
        kind = formats.HTML  # XHTML pages served as application/xml
    if kind == formats.WARC:
        yield from read_warc(io.BytesIO(fetched.content), url, options)
        return
    yield from read_document(kind, fetched.content, url, options, url=fetched.url)

