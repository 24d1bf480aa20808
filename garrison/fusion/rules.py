"""The fusion rules (garrison/data/fusion/rules.json), loaded once and read through small helpers."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "fusion" / "rules.json"
PRESENCE_PATH = RULES_PATH.with_name("presence.json")


@dataclass(frozen=True)
class ScoreWeights:
    """The weights of the pair score that entities, text and reports give, read once from the rules."""

    parties: float
    parties_conflict: float
    materiel: float
    materiel_conflict: float
    mode_bonus: float
    cross_type: float
    same_document: float
    text: float
    duplicate: float
    duplicate_min_similarity: float


@dataclass(frozen=True)
class Rules:
    raw: dict[str, Any]
    presence: dict[str, Any]  # presence.json: which events place whom where

    # -- types and modes ---------------------------------------------------------
    @functools.cached_property
    def compatible_types(self) -> frozenset[frozenset[str]]:
        return frozenset(frozenset(p["types"]) for p in self.raw["type_compatibility"]["pairs"])

    def types_compatible(self, a: str, b: str) -> bool:
        return a == b or frozenset((a, b)) in self.compatible_types

    def family(self, event_type: str) -> str:
        """The connected component of the compatibility graph the type belongs to: the blocking key."""
        return self._families.get(event_type, event_type)

    @functools.cached_property
    def _families(self) -> dict[str, str]:
        parent: dict[str, str] = {}

        def root(t: str) -> str:
            while parent.setdefault(t, t) != t:
                t = parent[t]
            return t

        for pair in sorted(sorted(p) for p in self.compatible_types):
            a, b = root(pair[0]), root(pair[1])
            if a != b:
                parent[max(a, b)] = min(a, b)
        return {t: root(t) for t in list(parent)}

    def mode_group(self, event_type: str, mode: str | None) -> int | None:
        groups = self.raw["mode_groups"].get(event_type)
        if not mode or not isinstance(groups, list):
            return None
        for i, group in enumerate(groups):
            if mode in group:
                return i
        return None

    def modes_compatible(self, type_a: str, mode_a: str | None, type_b: str, mode_b: str | None) -> bool:
        if type_a == type_b:
            ga, gb = self.mode_group(type_a, mode_a), self.mode_group(type_b, mode_b)
            return ga is None or gb is None or ga == gb
        # Across types, read both modes in the groups of whichever type has groups (RETREAT "withdrawal" is
        # BASE_PRESENCE's "withdrawal", not its "access").
        for groups_of in (type_b, type_a):
            ga, gb = self.mode_group(groups_of, mode_a), self.mode_group(groups_of, mode_b)
            if ga is not None and gb is not None:
                return ga == gb
        return True

    # -- places ------------------------------------------------------------------
    @property
    def place(self) -> dict[str, Any]:
        return self.raw["place"]

    @functools.cached_property
    def coarse_features(self) -> frozenset[str]:
        return frozenset(self.place["coarse_features"])

    @functools.cached_property
    def move_types(self) -> frozenset[str]:
        spec = self.place["move_ends"]
        return frozenset(spec["types"]) if spec["value"] else frozenset()

    def max_km(self, precision_a: int, precision_b: int) -> float:
        a, b = sorted((min(max(precision_a, 1), 2), min(max(precision_b, 1), 2)))
        return float(self.place["max_km"][f"{a}-{b}"])

    def region_radius_km(self, feature: str | None) -> float:
        radii = self.place["region_radius_km"]
        return float(radii.get(feature or "", radii["default"]))

    # -- time --------------------------------------------------------------------
    def slack_days(self, event_type: str) -> int:
        slack = self._slack_days
        return slack.get(event_type, slack["default"])

    @functools.cached_property
    def _slack_days(self) -> dict[str, int]:
        return {t: int(days) for t, days in self.raw["time"]["slack_days"].items() if not isinstance(days, str)}

    def dct_lookback_days(self, event_type: str) -> int:
        lookback = self.raw["time"]["dct_lookback_days"]
        return int(lookback.get(event_type, lookback["default"]))

    def statement_kind(self, precision: str) -> str:
        """The time kind a statement's own date compares as (time.statement_dates.compare_as)."""
        return str(self.raw["time"]["statement_dates"].get("compare_as") or precision)

    @functools.cached_property
    def statement_bounds(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """The stances whose report is dated by its statement (time.statement_dates), by where the happening
        lies: ("before", denials …), ("after", plans …); empty when the rule is off."""
        spec = self.raw["time"].get("statement_dates") or {}
        if not spec.get("value"):
            return ()
        return tuple((bound, frozenset(spec[bound])) for bound in ("before", "after"))

    def time_strength(self, precision: str) -> float:
        return float(self.raw["time"]["strength"].get(precision, 0.0))

    # -- scoring -----------------------------------------------------------------
    @property
    def entities(self) -> dict[str, Any]:
        return self.raw["entities"]

    @functools.cached_property
    def party_labels(self) -> frozenset[str]:
        return frozenset(self.raw["entities"]["party_labels"])

    def value(self, key: str) -> float:
        return float(self.raw[key]["value"])

    @property
    def cross_type_penalty(self) -> float:
        return float(self.raw["type_compatibility"]["cross_type_penalty"])

    @functools.cached_property
    def score_weights(self) -> ScoreWeights:
        ent = self.raw["entities"]
        return ScoreWeights(
            parties=float(ent["parties_weight"]), parties_conflict=float(ent["parties_conflict_penalty"]),
            materiel=float(ent["materiel_weight"]), materiel_conflict=float(ent["materiel_conflict_penalty"]),
            mode_bonus=self.value("mode_bonus"), cross_type=self.cross_type_penalty,
            same_document=self.value("same_document_bonus"), text=float(self.raw["text"]["weight"]),
            duplicate=self.value("duplicate_bonus"),
            duplicate_min_similarity=float(self.raw["duplicate_bonus"]["min_text_similarity"]))

    # -- stances and presence ----------------------------------------------------
    @functools.cached_property
    def positive_stances(self) -> frozenset[str]:
        return frozenset(self.raw["stances"]["positive"])

    @functools.cached_property
    def negative_stances(self) -> frozenset[str]:
        return frozenset(self.raw["stances"]["negative"])

    @functools.cached_property
    def tentative_stances(self) -> frozenset[str]:
        return frozenset(self.raw["stances"]["tentative"])

    @functools.cached_property
    def presence_labels(self) -> dict[str, frozenset[str]]:
        """presence.json's lists of entity labels, by name (``assets``, and those a placement accepts)."""
        return {name: frozenset(labels) for name, labels in self.presence["labels"].items() if isinstance(labels, list)}


def load_rules(path: Path | str | None = None, presence_path: Path | str | None = None) -> Rules:
    """The rules in ``path`` and the presence rules in ``presence_path`` (default: the shipped files)."""
    return _load(str(path or RULES_PATH), str(presence_path or PRESENCE_PATH))


@functools.cache
def _load(path: str, presence_path: str) -> Rules:
    with open(path, encoding="utf-8") as fh:
        raw = json.load(fh)
    with open(presence_path, encoding="utf-8") as fh:
        return Rules(raw, json.load(fh))
