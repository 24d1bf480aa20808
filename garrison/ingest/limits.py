"""Bounds on what one input may cost: decompressed size, nesting depth, unencodable text.

Each check raises :class:`Rejected` with its own reason, so a hostile input costs itself only.
The caps are settings in garrison.config (documented in docs/reliability.md).
"""

from __future__ import annotations

import io
import re
import zlib
from typing import Any, BinaryIO

from garrison import config
from garrison.ingest.reject import Rejected

# Below this many decompressed bytes the ratio is not judged: a small file of repeated markup
# compresses very well and is no threat.
RATIO_GRACE_BYTES = 1024 * 1024


class CappedGunzip(io.RawIOBase):
    """Decompress a (multi-member) gzip stream, refusing to expand past a size or a ratio.

    Raises Rejected("decompression-bomb") from read() as soon as either cap is passed, having
    held at most one chunk of output."""

    def __init__(self, stream: BinaryIO, *, max_bytes: int | None = None, max_ratio: int | None = None,
                 chunk: int = 8 * 1024) -> None:
        self._stream = stream
        self._max_bytes = config.INGEST_MAX_DECOMPRESSED_BYTES if max_bytes is None else max_bytes
        self._max_ratio = config.INGEST_MAX_COMPRESSION_RATIO if max_ratio is None else max_ratio
        self._chunk = chunk
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._carry = b""  # input after the end of one gzip member: the start of the next
        self._eof = False
        self.read_in = 0
        self.given_out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending and not self._eof:
            self._pending = self._inflate_some(len(buffer))
        n = min(len(buffer), len(self._pending))
        buffer[:n], self._pending = self._pending[:n], self._pending[n:]
        return n

    def _inflate_some(self, wanted: int) -> bytes:
        source = self._inflate.unconsumed_tail or self._next_input()
        if not source:
            self._eof = True
            return self._inflate.flush()
        try:
            out = self._inflate.decompress(source, max(wanted, self._chunk))
        except zlib.error as error:
            raise Rejected("parse-error", f"corrupt gzip data after {self.read_in:,} bytes ({error})") from None
        if self._inflate.eof:  # the end of one member: the next one starts in unused_data
            rest = self._inflate.unused_data
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._carry = rest
        self.given_out += len(out)
        self._check()
        return out

    def _next_input(self) -> bytes:
        if self._carry:
            carried, self._carry = self._carry, b""
            return carried
        data = self._stream.read(self._chunk)
        self.read_in += len(data)
        return data

    def _check(self) -> None:
        if self.given_out > self._max_bytes:
            raise Rejected(
                "decompression-bomb",
                f"expands past {self._max_bytes:,} bytes (INGEST_MAX_DECOMPRESSED_BYTES) "
                f"from {self.read_in:,} compressed bytes",
            )
        if self.given_out > RATIO_GRACE_BYTES and self.given_out > self._max_ratio * max(self.read_in, 1):
            raise Rejected(
                "decompression-bomb",
                f"expands {self.given_out // max(self.read_in, 1):,} times ({self.read_in:,} compressed bytes "
                f"gave {self.given_out:,}), over the ratio cap of {self._max_ratio} (INGEST_MAX_COMPRESSION_RATIO)",
            )


def check_json_depth(value: Any, max_depth: int | None = None) -> None:
    """Raise Rejected("too-deep") when arrays and objects nest deeper than the cap."""
    cap = config.INGEST_MAX_NESTING_DEPTH if max_depth is None else max_depth
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > cap:
            raise Rejected("too-deep", f"JSON nested more than {cap} levels deep (INGEST_MAX_NESTING_DEPTH)")
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


# Elements that never hold others, and ones whose end tag may be left out (a parser closes them
# itself, so they do not pile up): counting neither keeps the estimate of real depth from above.
_VOID_OR_SELF_CLOSING = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rtc rp".split()
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")


def markup_depth(html: str, stop_at: int | None = None) -> int:
    """How deeply the elements of ``html`` nest (approximately; stops counting past ``stop_at``)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID_OR_SELF_CLOSING or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_at is not None and deepest > stop_at:
                    return deepest
    return deepest


# A language field: an ISO 639 code, optionally with a region or script ("en", "pt-BR", "zh_Hant");
# at most 8 characters, the store's column width.
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,4})?")

_SURROGATE = re.compile("[\ud800-\udfff]")


def check_encodable(value: Any, field: str) -> None:
    """Raise Rejected("invalid-unicode") for a string holding a lone surrogate (no UTF-8 for it)."""
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        if found:
            raise Rejected(
                "invalid-unicode",
                f"{field} holds a lone surrogate U+{ord(found.group()):04X} at character {found.start()}",
            )
    elif isinstance(value, list):
        for item in value:
            check_encodable(item, field)


_ENTITY_DECLARATION = re.compile(r"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


def check_no_entity_declarations(markup: str, what: str) -> None:
    """Refuse markup that declares entities or a DTD internal subset (the stuff of XML bombs)."""
    found = _ENTITY_DECLARATION.search(markup)
    if found:
        raise Rejected(
            "unsafe-markup",
            f"{what} declares entities or a DTD internal subset ({found.group()[:20]!r} at character "
            f"{found.start()}); such documents are refused",
        )
