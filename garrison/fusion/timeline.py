"""Presence timelines: which actor the fused happenings place at which site, first and last reported, with
which assets.

Which happenings place whom where is data (``presence`` in rules.json).  A happening that is only denied or
negated places nobody; one that is only speculated or planned still does, but the presence is flagged
``tentative`` unless some other happening establishes it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from garrison.fusion.rules import Rules, load_rules
from garrison.model import Happening, Place, Presence


def entity_label(entity_id: str) -> str | None:
    """The label an entity id starts with ("mil_unit:africa-corps" → "mil_unit"), None if it has none."""
    head, sep, _ = entity_id.partition(":")
    return head.lower() if sep else None


def standing(happening: Happening, rules: Rules) -> str:
    """"established" (some independent report asserts, reports or claims it), "tentative" (only speculated or
    planned), or "none" (only denied or negated, or no stance at all)."""
    held = {s for s, n in happening.stances.items() if n}
    if held & rules.positive_stances:
        return "established"
    if held & rules.tentative_stances:
        return "tentative"
    if not held:  # no claims at all: extracted without a stance reading, so take it as reported
        return "established"
    return "none"


def placed(happening: Happening, rules: Rules) -> list[tuple[str, Place]]:
    """(entity id, place) pairs the happening places, in the order of its fields."""
    spec = rules.presence["types"].get(happening.type)
    if spec is None:
        return []
    place = next((getattr(happening, name) for name in spec["places"] if getattr(happening, name) is not None),
                 None)
    if place is None:
        return []
    denied_only = set(happening.attributes.get("denied_only_entities") or ())
    party_labels = set(rules.presence["party_labels"])
    force_labels = set(rules.presence["force_labels"])
    out: list[tuple[str, Place]] = []
    for role in spec["roles"]:
        for entity in getattr(happening, role):
            label = entity_label(entity)
            if label is None or label in party_labels:
                out.append((entity, place))
    for role in spec["force_roles"]:
        for entity in getattr(happening, role):
            if entity_label(entity) in force_labels:
                out.append((entity, place))
    seen: set[str] = set(denied_only)
    return [(e, p) for e, p in out if not (e in seen or seen.add(e))]


def presence(happenings: list[Happening], rules: Rules | None = None) -> list[Presence]:
    """Per (actor entity id × place id): first/last reported time, materiel, happening ids, reports."""
    rules = rules or load_rules()
    rows: dict[tuple[str, str], dict] = {}
    for h in sorted(happenings, key=lambda h: h.id):
        state = standing(h, rules)
        if state == "none":
            continue
        first, last = _when(h)
        for actor, place in placed(h, rules):
            row = rows.setdefault((actor, place.id), {
                "place": place, "first": None, "last": None, "materiel": defaultdict(int), "happenings": [],
                "reports": set(), "states": set(), "types": set(), "stances": defaultdict(int),
                "tentative": [],
            })
            if place.precision < row["place"].precision:
                row["place"] = place
            row["first"] = _earliest(row["first"], first)
            row["last"] = _latest(row["last"], last)
            for item in h.materiel:
                if item not in (h.attributes.get("denied_only_entities") or ()):
                    row["materiel"][item] += 1
            row["happenings"].append(h)
            row["reports"].update(h.attributes.get("independent_reports") or [f"{h.id}#{n}" for n in range(h.reports)])
            row["states"].add(state)
            row["types"].add(h.type)
            for stance, n in h.stances.items():
                row["stances"][stance] += n
            if state == "tentative":
                row["tentative"].append(h.id)
    out = []
    for (actor, _), row in rows.items():
        ordered = sorted(row["happenings"], key=lambda h: (_when(h)[0] or date.max, h.id))
        out.append(Presence(
            actor=actor, place=row["place"], first_reported=row["first"], last_reported=row["last"],
            materiel=sorted(row["materiel"], key=lambda m: (-row["materiel"][m], m)),
            happening_ids=[h.id for h in ordered],
            reports=len(row["reports"]),
            attributes={
                "tentative": "established" not in row["states"],
                "tentative_happening_ids": sorted(row["tentative"]),
                "types": sorted(row["types"]),
                "stances": dict(sorted(row["stances"].items())),
            },
        ))
    out.sort(key=lambda p: (p.actor, p.first_reported or date.max, p.place.id))
    return out


def _when(h: Happening) -> tuple[date | None, date | None]:
    """The happening's own time when it has one, else when it was first and last reported."""
    if h.time is not None and not h.attributes.get("time_from_dct"):
        return h.time.start, h.time.end
    return h.first_reported or (h.time.start if h.time else None), h.last_reported or (h.time.end if h.time else None)


def _earliest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


def _latest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)


__all__ = ["presence", "placed", "standing", "entity_label"]
