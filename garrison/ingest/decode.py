"""Bytes to text: refuse binary data, decode UTF-8, fall back to a detected legacy charset."""

from __future__ import annotations

import codecs
import re

from garrison.ingest.reject import Rejected

# File signatures of formats that are certainly not text (first bytes of the file).
BINARY_SIGNATURES: dict[bytes, str] = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive (or DOCX/XLSX)",
    b"\x1f\x8b": "gzip data",
    b"\xd0\xcf\x11\xe0": "OLE document (DOC/XLS)",
    b"\x7fELF": "ELF executable",
    b"SQLite format 3": "SQLite database",
}
SNIFF_BYTES = 8192
# Share of control characters (other than whitespace) above which decoded text is noise.
MAX_CONTROL_SHARE = 0.05


def check_not_binary(data: bytes) -> None:
    head = data[:SNIFF_BYTES]
    for signature, name in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise Rejected("binary", f"binary data ({name})")
    if b"\x00" in head and not _is_utf16(head):
        offset = head.index(b"\x00")
        raise Rejected("binary", f"binary data (NUL byte at offset {offset})")


def _is_utf16(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding).  Raises Rejected("binary" | "decode-error")."""
    check_not_binary(data)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        mostly = _mostly_utf8(data)
        if mostly is not None:
            text, encoding = mostly
        else:
            text, encoding = _decode_legacy(data, error)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise Rejected("binary", f"mostly non-text characters once decoded as {encoding}")
    return text, encoding


_NON_ASCII = re.compile("[^\x00-\x7f]")


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few broken bytes (a truncated copy, one bad paste) stays UTF-8.

    Guessing a legacy charset for the whole file would garble every other non-ASCII letter
    (cp1250 mojibake for Arabic, French or Cyrillic): when the valid multi-byte sequences
    outnumber the bad bytes, the bad ones become U+FFFD and the rest is kept."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid_multibyte = len(_NON_ASCII.findall(text)) - bad - data.count("\ufffd".encode())
    if bad <= 0 or valid_multibyte <= bad:
        return None
    return text, f"utf-8 ({bad} invalid byte sequence{'s' if bad != 1 else ''} replaced)"


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise Rejected(
            "decode-error",
            f"not UTF-8 (bad byte {data[utf8_error.start]:#04x} at offset {utf8_error.start}) "
            "and no other encoding fits",
        )
    return str(best), best.encoding


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff]")  # Cc (not whitespace), Co, Cs


def _control_share(text: str) -> float:
    sample = text[:SNIFF_BYTES]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)
