"""Reading gold JSONL: the one reader of the evaluation wing, and the one place that turns a bad line into an
error naming ``file:line``.

Every scorer reads its gold through :func:`read_records`, giving the fields a row must have and a function that turns
a row into the scorer's own record (and raises :class:`GoldError` for what it cannot use).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
Row = dict[str, Any]


class GoldError(ValueError):
    """A gold file or line that cannot be used; the message names the file and line."""


def numbered_lines(path: Path) -> Iterator[tuple[str, str]]:
    """(``file:line``, line) for every non-blank line."""
    try:
        handle = Path(path).open(encoding="utf-8")
    except OSError as exc:
        raise GoldError(f"{path}: cannot open ({exc.strerror})") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield f"{path}:{number}", line


def line_number(where: str) -> int:
    """The line number of a ``file:line`` location."""
    return int(where.rsplit(":", 1)[1])


def parse_row(line: str, where: str, required: Iterable[str] = ()) -> Row:
    """One JSON object with its required fields present (not null, not empty), or a GoldError naming ``where``."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GoldError(f"{where}: not JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise GoldError(f"{where}: expected a JSON object")
    for name in required:
        if row.get(name) is None or row[name] == "":
            raise GoldError(f"{where}: missing field '{name}'")
    return row


def _as_row(row: Row, where: str) -> Row:
    return row


def read_records(path: Path, convert: Callable[[Row, str], T] = _as_row, required: Iterable[str] = (),
         errors: list[str] | None = None, limit: int | None = None) -> list[T]:
    """Every usable line of a gold file, each turned into a record by ``convert(row, "file:line")``.

    A bad line raises :class:`GoldError`, unless ``errors`` is a list: then its message is appended there and
    reading goes on with the next line.  ``limit`` stops after that many records.
    """
    required = tuple(required)
    records: list[T] = []
    for where, line in numbered_lines(path):
        if limit is not None and len(records) >= limit:
            break
        try:
            records.append(convert(parse_row(line, where, required), where))
        except GoldError as exc:
            if errors is None:
                raise
            errors.append(str(exc))
    return records
