"""What a bad input turns into: a :class:`Reject`, yielded in the stream so that the run goes on."""

from __future__ import annotations

from dataclasses import dataclass

# The fixed set of reasons (documented in docs/formats.md); scripts may switch on them.
REJECT_REASONS: frozenset[str] = frozenset(
    {
        "empty",  # nothing left once decoded and cleaned
        "binary",  # NUL bytes, a known binary signature, or mostly control characters
        "decode-error",  # not UTF-8 and no plausible legacy encoding either
        "invalid-json",  # a JSON document or JSON line that does not parse
        "missing-field",  # a JSON record without any text field
        "too-large",  # over max_bytes (a single-document file, one JSON line, one response)
        "parse-error",  # a feed, WARC or other container that cannot be read
        "unsupported-type",  # a file extension or content type we do not read
        "unreachable",  # DNS, connection refused, connection reset
        "http-error",  # an HTTP status of 400 or more
        "redirect-loop",  # more redirects than the client allows
        "timeout",  # connect or read timeout
        "feed-entry",  # a feed entry with neither text nor link
        "decompression-bomb",  # a compressed input expanding past the size or ratio cap
        "too-deep",  # JSON nested deeper than the nesting cap
        "invalid-unicode",  # a lone surrogate (a JSON \ud800 escape) that no text can hold
        "invalid-field",  # a JSON or sidecar field of the wrong type or form (a number as language …)
        "unsafe-markup",  # XML with entity declarations, external entities or a DTD internal subset
        "blocked-address",  # a URL or redirect to a loopback, private, link-local or reserved address
    }
)


@dataclass
class Reject:
    """One input that could not be read; iteration continues with the next one."""

    source: str  # "path", "path:LINE", "path#ITEM", a URL, or "-" for stdin
    reason: str  # one of REJECT_REASONS
    detail: str  # one human line naming what was wrong

    def __post_init__(self) -> None:
        if self.reason not in REJECT_REASONS:
            raise ValueError(f"unknown reject reason {self.reason!r}")
        self.detail = " ".join(self.detail.split())

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}: {self.detail}"

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason, "detail": self.detail}


class Rejected(Exception):
    """Raised inside the ingest layer and turned into a yielded :class:`Reject` at the boundary."""

    def __init__(self, reason: str, detail: str, source: str | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.source = source

    def to_reject(self, source: str) -> Reject:
        return Reject(self.source or source, self.reason, self.detail)
