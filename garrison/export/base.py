"""What every export format shares: the lookups a writer asks for, and chunking of its output.

A writer is a pure function ``write(what, records, lookups) -> Iterator[str]``: records in (events,
happenings or presence timelines, in any number), text chunks out.  It keeps no more than a bounded
number of records in memory, so an export of a million events streams through it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from garrison import config
from garrison.model import Document, Entity, Label

CHUNK_CHARS = 1 << 16  # what a writer hands on at once: large enough for few writes, small enough to stream


def label_of(entity_id: str) -> str:
    """An entity id is "<label>:<slug>": its label, upper case, without a store look-up."""
    return entity_id.partition(":")[0].upper()


@dataclass(frozen=True)
class Lookups:
    """What a writer may ask about the ids a record carries.

    ``entity`` and ``document`` answer None for an unknown id; a writer then falls back on the id.
    ``now`` stamps created/modified times, one instant for the whole export.
    """

    entity: Callable[[str], Entity | None] = lambda _id: None
    document: Callable[[str], Document | None] = lambda _id: None
    now: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    def name(self, entity_id: str) -> str:
        found = self.entity(entity_id)
        return found.name if found else entity_id

    @classmethod
    def from_names(cls, names: dict[str, str], documents: dict[str, Document] | None = None) -> Lookups:
        """For callers that already hold the names (``store.entity_names``) and document headers."""
        def entity(entity_id: str) -> Entity | None:
            name = names.get(entity_id)
            if name is None:
                return None
            label = label_of(entity_id)
            return Entity(Label(label) if label in Label.__members__ else Label.ORG, name, entity_id)

        docs = documents or {}
        return cls(entity=entity, document=docs.get)


def chunked(pieces: Iterable[str], size: int = CHUNK_CHARS) -> Iterator[str]:
    """Join small pieces into chunks of about ``size`` characters."""
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))


@functools.cache
def data(name: str) -> dict[str, Any]:
    """A mapping file under garrison/data/export/."""
    return json.loads((config.DATA_DIR / "export" / name).read_text(encoding="utf-8"))


def iso_date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
