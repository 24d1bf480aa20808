"""GeoJSON: a FeatureCollection of the rows that have coordinates (the others cannot go on a map)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from garrison.export.base import Lookups, chunked, dumps
from garrison.export.rows import ROWS

MEDIA_TYPE = "application/geo+json"
SUFFIX = ".geojson"
KINDS = ("events", "happenings", "presence")


def rows_to_geojson(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    def pieces() -> Iterator[str]:
        yield '{"type":"FeatureCollection","features":['
        first = True
        for row in rows:
            if row.get("latitude") is None or row.get("longitude") is None:
                continue
            feature = {"type": "Feature",
                       "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                       "properties": {k: v for k, v in row.items() if k not in ("latitude", "longitude")}}
            yield ("" if first else ",") + dumps(feature)
            first = False
        yield "]}\n"

    return chunked(pieces())


def write(what: str, records: Iterable[Any], lookups: Lookups) -> Iterator[str]:
    return rows_to_geojson(ROWS[what](records, lookups.name))
