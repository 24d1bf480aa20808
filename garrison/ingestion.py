"""Ingest into the store: read inputs, drop exact copies, link near-duplicates, store.

The reading itself is the pure ``garrison.ingest`` layer; this module is the edge that
decides what is new and writes it.  Each document is stored in its own transaction, so a
killed run loses at most the document in flight and a re-run skips what is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from garrison.ingest import Reject, iter_inputs
from garrison.ingest.dedup import NearDuplicateIndex
from garrison.model import Document
from garrison.store import Store


@dataclass
class IngestSummary:
    stored: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    rejects: Counter = field(default_factory=Counter)
    reject_lines: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.rejects)

    def to_dict(self) -> dict:
        return {
            "stored": self.stored,
            "exact_duplicates": self.exact_duplicates,
            "near_duplicates": self.near_duplicates,
            "rejects": dict(sorted(self.rejects.items())),
        }


class Ingestor:
    """Holds the near-duplicate index for one process, rebuilt from the stored signatures."""

    def __init__(self, store: Store, *, near_threshold: float = 0.7):
        self.store = store
        self.index = NearDuplicateIndex(threshold=near_threshold)
        for doc_id, signature in store.signatures():
            self.index.add(doc_id, signature)

    def add(self, doc: Document, summary: IngestSummary) -> str:
        """Store one document; returns 'stored', 'near-duplicate' or 'exact-duplicate'."""
        if self.store.has_document(doc.id):
            self.store.add_copy(doc.id, doc)
            summary.exact_duplicates += 1
            return "exact-duplicate"
        signature = self.index.signature(doc.text)
        match = self.index.find(signature)
        if match is not None:
            doc.duplicate_of, doc.similarity = match
        if not self.store.add_document(doc, signature):  # another process stored it meanwhile
            summary.exact_duplicates += 1
            return "exact-duplicate"
        self.index.add(doc.id, signature)
        if match is not None:
            summary.near_duplicates += 1
        summary.stored += 1
        return "near-duplicate" if match is not None else "stored"

    def reject(self, rejected: Reject, summary: IngestSummary) -> None:
        self.store.record_reject(rejected.source, rejected.reason, rejected.detail)
        summary.rejects[rejected.reason] += 1
        summary.reject_lines.append(f"{rejected.source}: {rejected.reason}: {rejected.detail}")


def ingest(
    store: Store,
    targets: Iterable[str],
    *,
    published: date | None = None,
    stdin: TextIO | None = None,
    on_item: Callable[[Document | Reject, str], None] | None = None,
) -> IngestSummary:
    summary = IngestSummary()
    ingestor = Ingestor(store)
    for target in targets:
        for item in iter_inputs(target, published=published, stdin=stdin):
            if isinstance(item, Reject):
                ingestor.reject(item, summary)
                outcome = "rejected"
            else:
                outcome = ingestor.add(item, summary)
            if on_item:
                on_item(item, outcome)
    return summary
