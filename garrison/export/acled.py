"""ACLED's CSV: its 31 columns in its order, with its codes, one row per event and day (an event over a few days
is one row per day, as ACLED codes it).

A file written here loads where ACLED's own exports load (their column names, ISO numeric country
codes, codebook precisions and actor-type codes), and trains ``garrison train events`` again: the
notes column carries the evidence sentences and event_type/sub_event_type the ACLED labels of the
event's type and mode.  The mappings are data: garrison/data/export/acled.json and source_scales.tsv.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from garrison import config
from garrison.export.base import CHUNK_CHARS, Lookups, data, label_of
from garrison.model import Event, Precision

MEDIA_TYPE = "text/csv"
SUFFIX = ".csv"
KINDS = ("events",)


def columns() -> list[str]:
    return list(data("acled.json")["columns"])


@functools.cache
def _source_scales() -> dict[str, str]:
    scales = {}
    path = config.DATA_DIR / "export" / "source_scales.tsv"
    rows = (line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    for row in csv.DictReader(rows, delimiter="\t"):
        scales[row["outlet"].casefold()] = row["scale"]
    return scales


@functools.cache
def country(iso2: str | None) -> tuple[str, str, str, str]:
    """(ISO 3166 numeric, alpha-3, name, ACLED region) of an ISO alpha-2 code; empty strings when unknown."""
    if not iso2:
        return "", "", "", ""
    import pycountry

    found = pycountry.countries.get(alpha_2=iso2.upper())
    if found is None:
        return "", "", "", ""
    region = ""
    try:
        from countryinfo import CountryInfo

        info = CountryInfo(found.alpha_2).info()
        m49 = info.get("intermediateregion") or info.get("subregion") or ""
        region = data("acled.json")["region"].get(m49, "")
    except Exception:  # noqa: BLE001 — a country countryinfo lacks has no region, nothing worse
        region = ""
    return str(int(found.numeric)), found.alpha_3, getattr(found, "common_name", None) or found.name, region


def _acled_labels(event: Event) -> tuple[str, str]:
    from garrison.events.lexicon import ontology

    onto = ontology()
    if event.type not in onto.types:
        return "", ""
    try:
        return onto.project(event.type, event.mode, "acled"), onto.project(event.type, event.mode, "acled-sub")
    except (KeyError, ValueError):
        return "", ""


def inter_code(entity_id: str, lookups: Lookups) -> int:
    spec = data("acled.json")["inter"]
    entity = lookups.entity(entity_id)
    if entity is not None and entity.attributes.get(spec["foreign_attribute"]):
        return int(spec["foreign_code"])
    return int(spec["by_label"].get(label_of(entity_id), spec["foreign_code"]))


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction: the lower code first; a sole actor's code times ten."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _time_precision(event: Event) -> int | None:
    spec = data("acled.json")["time_precision"]
    if event.time is None:
        return None
    if event.time_from_dct:
        return int(spec["from_publication"])
    return int(spec.get(str(event.time.precision), 3))


def _source_scale(outlets: list[str]) -> str:
    scales = _source_scales()
    found = []
    for outlet in outlets:
        scale = scales.get(outlet.casefold())
        if scale and scale not in found:
            found.append(scale)
    return "-".join(found)


def event_row(event: Event, lookups: Lookups) -> dict[str, Any]:
    acled = data("acled.json")
    place = event.location
    numeric, alpha3, country_name, region = country(place.country if place else None)
    event_type, sub_event_type = _acled_labels(event)
    actors, targets = list(event.actors), list(event.targets)
    inter1 = inter_code(actors[0], lookups) if actors else None
    inter2 = inter_code(targets[0], lookups) if targets else None
    outlets: list[str] = []
    for claim in event.claims:
        if claim.outlet and claim.outlet not in outlets:
            outlets.append(claim.outlet)
    notes = " ".join(e.text.strip() for claim in event.claims for e in claim.evidence)
    tags = [f"garrison:{event.id}", *(f"stance: {c.stance}" for c in event.claims)]
    tags += [f"cited: {' <- '.join(c.source_chain)}" for c in event.claims if len(c.source_chain) > 1]
    if event.materiel:
        tags.append("materiel: " + ", ".join(map(lookups.name, event.materiel)))
    return {
        "event_id_cnty": f"{alpha3 or 'XXX'}{event.id.removeprefix('e:').upper()[:12]}",
        "event_date": event.time.start.isoformat() if event.time else "",
        "year": event.time.start.year if event.time else "",
        "time_precision": _time_precision(event) or "",
        "disorder_type": acled["disorder_type"].get(event_type, ""),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": lookups.name(actors[0]) if actors else "",
        "assoc_actor_1": "; ".join(map(lookups.name, actors[1:])),
        "inter1": inter1 or "",
        "actor2": lookups.name(targets[0]) if targets else "",
        "assoc_actor_2": "; ".join(map(lookups.name, targets[1:])),
        "inter2": inter2 or "",
        "interaction": interaction(inter1, inter2) or "",
        "civilian_targeting": "Civilian targeting" if inter2 == acled["inter"]["civilians"] else "",
        "iso": numeric,
        "region": region,
        "country": country_name,
        "admin1": (place.admin1 or "") if place else "",
        "admin2": "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": place.lat if place else "",
        "longitude": place.lon if place else "",
        "geo_precision": (event.attributes.get("geo_precision") or place.precision) if place else "",
        "source": "; ".join(outlets),
        "source_scale": _source_scale(outlets),
        "notes": notes,
        "fatalities": event.fatalities or 0,
        "tags": "; ".join(tags),
        "timestamp": int(lookups.now.timestamp()),
    }


def coded_days(event: Event) -> list[date]:
    """The days ACLED would code the event on: each day of a run of two to ``multi_day.max_days`` days (acled.json),
    else its first day; none for an undated event."""
    span = event.time
    if span is None:
        return []
    days = (span.end - span.start).days + 1
    if event.time_from_dct or span.precision != Precision.DAY or not 1 < days <= int(
            data("acled.json")["multi_day"]["max_days"]):
        return [span.start]
    return [span.start + timedelta(days=i) for i in range(days)]


def day_rows(event: Event, lookups: Lookups) -> list[dict[str, Any]]:
    """The event's rows: one per day for an event dated to a run of a few days, as ACLED codes them
    (:func:`coded_days`), else the one row of :func:`event_row`."""
    row = event_row(event, lookups)
    days = coded_days(event)
    if len(days) < 2:
        return [row]
    share, extra = divmod(int(row["fatalities"] or 0), len(days))
    rows = []
    for i, day in enumerate(days):
        rows.append(row | {
            "event_id_cnty": f"{row['event_id_cnty']}{i + 1}",
            "event_date": day.isoformat(),
            "year": day.year,
            "fatalities": share + (i < extra),
            "tags": f"{row['tags']}; day {i + 1} of {len(days)}",
        })
    return rows


def write(what: str, records: Iterable[Event], lookups: Lookups) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(), lineterminator="\n")
    writer.writeheader()
    for event in records:
        writer.writerows(day_rows(event, lookups))
        if out.tell() >= CHUNK_CHARS:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
