"""Appositions that say what kind of place a name is and what holds it: "X is a town in Y County",
"X, a village of Y", "the village of X".  Read by recognition (names the text itself calls places) and by
resolution (containment)."""

from __future__ import annotations

import functools
import re

from garrison.words import word_map

APPOSITION_MAX_GAP = 80


@functools.cache
def apposition_nouns() -> dict[str, frozenset[str]]:
    """Kind-of-place nouns ("town", "county", "village") and the features they name."""
    return {noun.lower(): frozenset(features.split()) for noun, features in word_map("places", "apposition_nouns").items()}


@functools.cache
def _apposition_re() -> re.Pattern:
    """The words between a place and the place said to hold it: "X is a small town in (the) Y",
    "X, a village of Y", "X, the capital of Y", "X est une ville du Y"."""
    nouns = "|".join(sorted((re.escape(n).replace(r"\ ", r"\s+") for n in apposition_nouns()), key=len, reverse=True))
    return re.compile(
        r"^\s*,?\s*(?:(?:is|was|lies|remains|est|était)\s+)?(?:(?:also|now|still)\s+)?"
        r"(?:(?:a|an|the|une?|la|le)\s+|l['’]\s*)(?:[\w'’.-]+\s+){0,4}?"
        rf"(?P<noun>{nouns})s?\s+(?:(?:located|situated|lying|just|about)\s+)*"
        r"(?P<rel>in|of|within|near|outside|close\s+to|north\s+of|south\s+of|east\s+of|west\s+of|de|du|des|dans|près\s+de)"
        r"\s+(?:the\s+|la\s+|le\s+|l['’])?(?:(?:north|south|east|west|central|northern|southern|eastern|western)"
        r"(?:[\s-]+\w+ern)?\s+)?(?:(?:part|region|area)\s+of\s+(?:the\s+)?)?$", re.I)


@functools.cache
def settlement_cue_re() -> re.Pattern:
    """ "the village of X", "the town of X": a kind-of-place noun for settlements right before a name."""
    nouns = [n for n, features in apposition_nouns().items() if "city" in features and " " not in n]
    alternatives = "|".join(sorted(map(re.escape, nouns), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})s?\s+of\s+(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?:[ -][A-ZÀ-ÖØ-Þ][\w'’-]+)*)")


def apposition(gap: str) -> tuple[frozenset[str], bool] | None:
    """(features the noun names, whether the relation is only nearness) when ``gap`` is an apposition."""
    if len(gap) > APPOSITION_MAX_GAP or "\n" in gap:
        return None
    m = _apposition_re().match(gap)
    if not m:
        return None
    rel = m.group("rel").lower()
    near = rel not in ("in", "of", "within", "de", "du", "des", "dans")
    return apposition_nouns().get(m.group("noun").lower(), frozenset()), near
