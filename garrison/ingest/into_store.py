"""Ingest into the store: read inputs, drop exact copies, link near-duplicates, store.

The reading itself is the pure ``garrison.ingest`` layer (in worker processes when asked:
garrison.ingest.parallel); this module is the edge that decides, in input order, what is new and
writes it.  Documents are written in batches, one transaction each, so a killed run loses at most
the batch in flight and a re-run skips what is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO, TextIO

from garrison.ingest import Reject
from garrison.ingest.dedup import NearDuplicateIndex
from garrison.ingest.parallel import Reader
from garrison.ingest.sources import plan_inputs
from garrison.model import Document
from garrison.store import Store

BATCH = 64

Outcome = str  # stored | near-duplicate | exact-duplicate | already-stored | rejected


@dataclass
class IngestSummary:
    stored: int = 0
    already_stored: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    rejects: Counter = field(default_factory=Counter)

    @property
    def failed(self) -> bool:
        return bool(self.rejects)

    def count(self, outcome: Outcome, reason: str | None = None) -> None:
        if outcome == "rejected":
            self.rejects[reason] += 1
        elif outcome == "already-stored":
            self.already_stored += 1
        elif outcome == "exact-duplicate":
            self.exact_duplicates += 1
        else:
            self.stored += 1
            self.near_duplicates += outcome == "near-duplicate"

    def to_dict(self) -> dict:
        return {
            "stored": self.stored,
            "already_stored": self.already_stored,
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

    def add_batch(self, docs: list[Document], signatures: list[bytes | None] | None = None) -> list[Outcome]:
        """Decide for each document in order whether it is new, a near-copy or a copy; store the new ones.

        ``signatures`` are the documents' MinHash signatures where the reader made them already."""
        stored = self.store.existing_ids([d.id for d in docs])
        outcomes: list[Outcome] = []
        new: list[tuple[Document, bytes]] = []
        copies: list[Document] = []
        for doc, signature in zip(docs, signatures or [None] * len(docs)):
            if doc.id in stored:
                copies.append(doc)
                outcomes.append("copy")
                continue
            if signature is None:
                signature = self.index.signature(doc.text)
            match = self.index.find(signature)
            if match is not None:
                doc.duplicate_of, doc.similarity = match
            self.index.add(doc.id, signature)
            stored.add(doc.id)
            new.append((doc, signature))
            outcomes.append("near-duplicate" if match else "stored")
        self.store.add_documents(new)
        copy_outcomes = iter(
            "exact-duplicate" if self.store.add_copy(doc.id, doc) else "already-stored" for doc in copies
        )
        return [next(copy_outcomes) if o == "copy" else o for o in outcomes]


def ingest(
    store: Store,
    targets: Iterable[str],
    *,
    published: date | None = None,
    stdin: TextIO | BinaryIO | None = None,
    on_item: Callable[[Document | Reject, Outcome], None] | None = None,
    allow_private: bool | None = None,
    workers: int = 1,
) -> IngestSummary:
    """Read ``targets`` into ``store``.  ``workers`` > 1 reads with that many worker processes once the input
    has more than a few hundred documents (garrison.ingest.parallel); the store ends up the same."""
    summary = IngestSummary()
    ingestor = Ingestor(store)
    pending: list[Document] = []
    signatures: list[bytes | None] = []

    def flush() -> None:
        for doc, outcome in zip(pending, ingestor.add_batch(pending, signatures)):
            summary.count(outcome)
            if on_item:
                on_item(doc, outcome)
        pending.clear()
        signatures.clear()

    with Reader(workers) as reader:
        for target in targets:
            plan = plan_inputs(target, published=published, stdin=stdin, allow_private=allow_private)
            for item, signature in reader.read(plan):
                if isinstance(item, Reject):
                    store.record_reject(item.source, item.reason, item.detail)
                    summary.count("rejected", item.reason)
                    if on_item:
                        on_item(item, "rejected")
                    continue
                pending.append(item)
                signatures.append(signature)
                if len(pending) >= BATCH:
                    flush()
    if pending:
        flush()
    return summary
