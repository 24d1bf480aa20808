"""Reading gold JSONL: the one place that turns a bad line into an error naming ``file:line``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


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


def parse_row(line: str, where: str, required: Iterable[str] = ()) -> dict[str, Any]:
    """One JSON object with its required fields present (not null), or a GoldError naming ``where``."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GoldError(f"{where}: not JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise GoldError(f"{where}: expected a JSON object")
    for name in required:
        if row.get(name) is None:
            raise GoldError(f"{where}: missing field '{name}'")
    return row
