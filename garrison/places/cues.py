"""Feature cues around a place mention: "Jufra *air base*", "the *port of* Tobruk", "*le village de* X".

Recognition reads them (a cue-named area is looked up exactly) and resolution weighs them (a cue favours
candidates of its features); the phrases and the features they point to are data
(``garrison/data/places/cues.tsv``: side, cue, features).
"""

from __future__ import annotations

import csv
import functools
import re

from garrison.places.gazetteer_sources import PLACES_DATA


@functools.cache
def cues() -> list[tuple[re.Pattern, frozenset[str], str, str]]:
    out = []
    with open(PLACES_DATA / "cues.tsv", encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if line.strip() and not line.startswith("#")), delimiter="\t")
        for r in rows:
            phrase = re.escape(r["cue"]).replace(r"\ ", r"\s+")
            if r["side"] == "after":
                pattern = re.compile(rf"^[\s'’s-]*{phrase}\b", re.I)
            else:
                pattern = re.compile(rf"\b{phrase}\s+(?:of\s+|de\s+|du\s+|d['’]\s*)?(?:the\s+)?(?:al[- ])?$", re.I)
            out.append((pattern, frozenset(r["features"].split()), r["side"], r["cue"].lower()))
    return out


def cue_features(text: str, start: int, end: int) -> set[str]:
    before, after = text[max(0, start - 40):start], text[end:end + 30]
    inside = text[start:end]
    found: set[str] = set()
    inside_key = " " + " ".join(inside.lower().split())
    for pattern, features, side, phrase in cues():
        window = after if side == "after" else before
        if pattern.search(window) or (side == "after" and inside_key.endswith(" " + phrase)):
            found |= features  # around the mention, or part of it: "Jufra air base"
    return found
