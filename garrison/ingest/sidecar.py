"""Metadata kept beside plain files: ``garrison-metadata.jsonl`` in a folder describes its files.

Plain text has nowhere to say which outlet published it, under what headline or URL.  Scrapers
and analysts usually know; one JSON object per line, ``{"file": "report.txt", "outlet": …,
"title": …, "url": …, "author": …, "published": "YYYY-MM-DD", "language": …}``, fills those in
for the files it names (paths relative to the folder).  What the sidecar says wins over what
was guessed from the file; the ``--published`` option still wins over both.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from garrison.ingest.documents import FIELD_MAX_CHARS
from garrison.ingest.limits import LANGUAGE_CODE, check_encodable
from garrison.ingest.reject import Reject, Rejected
from garrison.model import DateSource, Document

SIDECAR_NAME = "garrison-metadata.jsonl"
FIELDS = ("title", "url", "outlet", "author", "language")


@dataclass
class Sidecar:
    rows: dict[str, dict[str, Any]]  # file name relative to the folder -> fields
    rejects: list[Reject]


@functools.lru_cache(maxsize=256)
def load(folder: Path) -> Sidecar:
    path = folder / SIDECAR_NAME
    rows: dict[str, dict[str, Any]] = {}
    rejects: list[Reject] = []
    if not path.is_file():
        return Sidecar(rows, rejects)
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            rejects.append(Reject(where, "invalid-json", f"metadata line is not JSON: {exc.msg}"))
            continue
        if not isinstance(row, dict) or not isinstance(row.get("file"), str):
            rejects.append(Reject(where, "missing-field", 'a metadata line needs a "file" naming the file'))
            continue
        problem = _field_problem(row)
        if problem:
            reason, detail = problem
            rejects.append(Reject(where, reason, detail))
            continue
        if row.get("published") is not None:
            try:
                row["published"] = date.fromisoformat(str(row["published"])[:10])
            except ValueError:
                rejects.append(Reject(where, "invalid-json", f'"published" is not YYYY-MM-DD: {row["published"]!r}'))
                continue
        rows[Path(row["file"]).as_posix()] = row
    return Sidecar(rows, rejects)


def _field_problem(row: dict[str, Any]) -> tuple[str, str] | None:
    """A metadata field that is not text, or holds a lone surrogate no store can keep."""
    for name in (*FIELDS, "file", "published"):
        value = row.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            return "invalid-field", f"metadata field {name!r} is a {type(value).__name__}, expected text"
        try:
            check_encodable(value, f"metadata field {name!r}")
        except Rejected as rejected:
            return rejected.reason, rejected.detail
    language = row.get("language")
    if language and not LANGUAGE_CODE.fullmatch(language.strip()):
        return "invalid-field", f"metadata field 'language' must be an ISO 639 code such as \"en\", not {language[:40]!r}"
    return None


def apply(document: Document, row: dict[str, Any], *, user_published: bool) -> Document:
    for name in FIELDS:
        if row.get(name):
            value = " ".join(str(row[name]).replace("\x00", "").split())
            limit = FIELD_MAX_CHARS.get(name)
            setattr(document, name, value[: limit - 1] + "…" if limit and len(value) > limit else value)
    if row.get("published") and not user_published:
        document.published, document.published_source = row["published"], DateSource.METADATA
        document.meta["date_method"] = "sidecar"
    if row.get("outlet"):
        document.meta["outlet_from"] = "sidecar"
    return document


def row_for(path: Path, root: Path) -> dict[str, Any] | None:
    """The metadata row for ``path`` from the sidecar of its own folder or of ``root``."""
    for folder in dict.fromkeys((path.parent, root)):
        rows = load(folder).rows
        if not rows:  # most folders have no sidecar: no path arithmetic for them
            continue
        try:
            key = path.relative_to(folder).as_posix()
        except ValueError:
            continue
        row = rows.get(key)
        if row is not None:
            return row
    return None
