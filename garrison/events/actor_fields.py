"""The actor kinds an ACLED export row carries beside its notes (``inter1``, ``inter2``), for a trained model.

ACLED's coders give each event's two actors an interaction code (state forces, rebels, political and
identity militias, rioters, protesters, civilians, external forces: ``interactions.tsv``).  Who faced
whom is most of what separates the codebook's types (two armed sides fight a battle; an armed side
against civilians is violence against civilians; protesters and rioters make a protest or a riot),
so a model trained on a user's export reads those codes when a row has them.  Exports before 2023
give the codes as digits ("1", "7"), later ones as names ("State forces", "Protesters"); both are read.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from garrison.events import lexicon

Codes = tuple[int, int]  # (inter1, inter2); 0 where the export names no second actor


def _key(name: str) -> str:
    # "Political militia" (current exports) and "Political militias" (the codebook's heading) are one kind
    return name.strip().lower().removesuffix("s")


@functools.cache
def _codes_by_name() -> dict[str, int]:
    return {_key(row["name"]): int(code) for code, row in lexicon.interactions().items()}


def _code(value: Any) -> int:
    text = str(value or "").strip()
    if not text:
        return 0
    if text.isdigit():
        return int(text) if text in lexicon.interactions() else 0
    return _codes_by_name().get(_key(text), 0)


def interaction_codes(row: Mapping[str, Any]) -> Codes | None:
    """The row's (inter1, inter2), from its ``meta`` (the events gold JSONL, a read ACLED CSV); None
    when the row carries no known code for its first actor."""
    meta = row.get("meta") or {}
    first, second = _code(meta.get("inter1")), _code(meta.get("inter2"))
    if first == 0:
        return None
    return first, second


def kind(code: int) -> str:
    """What the codebook says of an actor of this code: "armed_state", "armed", "unarmed" or "none"."""
    row = lexicon.interactions().get(str(code))
    if row is None:
        return "none"
    if row["armed"] != "yes":
        return "unarmed"
    return "armed_state" if row["state"] == "yes" else "armed"


def tokens(codes: Codes | None) -> list[str]:
    """The codes as model tokens: each side's code and kind, and the unordered pair of each (ACLED's
    two-digit interaction, and armed against unarmed whichever side the coder put first)."""
    if codes is None:
        return []
    first, second = codes
    low, high = sorted(codes)
    kinds = sorted((kind(first), kind(second)))
    return [f"__inter1_{first}__", f"__inter2_{second}__", f"__interaction_{low}{high}__",
            f"__side1_{kind(first)}__", f"__side2_{kind(second)}__", f"__sides_{kinds[0]}_{kinds[1]}__"]
