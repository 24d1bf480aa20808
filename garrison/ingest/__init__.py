"""Ingest: turn a target (file, directory, stdin, URL, feed) into Documents, streaming, with no database.

Bad inputs do not stop a run: each becomes a :class:`Reject` in the stream.  Formats, JSON field
names and reject reasons are documented in docs/formats.md.
"""

from __future__ import annotations

from garrison.ingest.boilerplate import remove_boilerplate
from garrison.ingest.dedup import NearDuplicateIndex
from garrison.ingest.reject import REJECT_REASONS, Reject
from garrison.ingest.sources import DEFAULT_MAX_BYTES, iter_inputs

__all__ = ["DEFAULT_MAX_BYTES", "NearDuplicateIndex", "REJECT_REASONS", "Reject", "iter_inputs", "remove_boilerplate"]
