"""Round 5 of issue 11: towns take the ISO code of the region that really holds them.

GeoNames' admin1 codes ("AU-02") are mapped to the regions' ISO 3166-2 codes ("AU-NSW"). A region's centre says
little about which towns it holds: most of New South Wales' towns lie nearer the Australian Capital Territory's
centre than their own state's. Towns whose region is known (countrystatecity's, for the packaged build) decide
instead.
"""

from __future__ import annotations

import sqlite3

from garrison.places import gazetteer
from garrison.places.gazetteer_sources import Row


def town(id_, name, lat, lon, admin1, population):
    return Row(id=id_, name=name, lat=lat, lon=lon, feature="city", country="AU", admin1=admin1,
               population=population, importance=5.0)


REGIONS = [  # countrystatecity-like centres: New South Wales' lies far inland, the capital territory's near Sydney
    Row(id="r:act", name="Australian Capital Territory", lat=-35.5, lon=149.0, feature="admin1", country="AU",
        admin1="AU-ACT", importance=5.6),
    Row(id="r:nsw", name="New South Wales", lat=-31.9, lon=147.3, feature="admin1", country="AU", admin1="AU-NSW",
        importance=6.9),
    Row(id="r:qld", name="Queensland", lat=-22.2, lon=144.6, feature="admin1", country="AU", admin1="AU-QLD",
        importance=6.7),
]
TOWNS = [
    town("t:canberra", "Canberra", -35.28, 149.13, "AU-01", 370_000),
    town("t:queanbeyan", "Queanbeyan", -35.35, 149.23, "AU-01", 40_000),  # (in NSW, but GeoNames' code here)
    town("t:sydney", "Sydney", -33.87, 151.21, "AU-02", 4_600_000),
    town("t:wollongong", "Wollongong", -34.42, 150.89, "AU-02", 260_000),
    town("t:newcastle", "Newcastle", -32.93, 151.78, "AU-02", 320_000),
    town("t:dubbo", "Dubbo", -32.25, 148.60, "AU-02", 38_000),
    town("t:brisbane", "Brisbane", -27.47, 153.03, "AU-04", 2_300_000),
    town("t:gold-coast", "Gold Coast", -28.0, 153.4, "AU-04", 600_000),
    town("t:townsville", "Townsville", -19.26, 146.82, "AU-04", 180_000),
]


def build(tmp_path, labelled=None):
    path = tmp_path / "au.sqlite"
    gazetteer.build(path, rows=REGIONS + TOWNS, demonyms=[], abbreviations=[])
    db = sqlite3.connect(path)
    if labelled is not None:  # again, as the packaged build does, with towns whose region is known
        db.executemany("UPDATE places SET admin1 = ? WHERE id = ?", [(t.admin1, t.id) for t in TOWNS])
        gazetteer.harmonise_admin1(db, labelled)
    return dict(db.execute("SELECT id, admin1 FROM places"))


def test_without_labelled_towns_the_nearest_centre_decides_and_can_be_wrong(tmp_path):
    codes = build(tmp_path)
    assert codes["t:canberra"] == "AU-ACT" and codes["t:sydney"] == "AU-ACT"  # nearer the ACT's centre than NSW's


def test_labelled_towns_decide_which_region_holds_a_code(tmp_path):
    marks = ([(-35.3 + i / 100, 149.1, "AU-ACT") for i in range(10)]
             + [(-33.9 + i / 10, 151.0, "AU-NSW") for i in range(10)] + [(-32.0 - i / 10, 148.5, "AU-NSW") for i in range(10)]
             + [(-27.5 - i / 10, 153.0, "AU-QLD") for i in range(10)] + [(-19.3, 146.8, "AU-QLD")])
    codes = build(tmp_path, lambda country: marks if country == "AU" else [])
    assert codes["t:canberra"] == "AU-ACT"
    assert codes["t:sydney"] == codes["t:dubbo"] == "AU-NSW"
    assert codes["t:brisbane"] == codes["t:townsville"] == "AU-QLD"


def test_labelled_towns_are_read_with_their_regions_iso_code(tmp_path):
    import json

    from garrison.places.gazetteer_sources import labelled_towns

    country = tmp_path / "AU"
    (country / "states" / "NSW").mkdir(parents=True)
    (country / "states.json").write_text(json.dumps([
        {"name": "New South Wales", "state_code": "NSW", "iso3166_2": "AU-NSW", "latitude": "-31.9", "longitude": "147.3"},
    ]))
    (country / "states" / "NSW" / "cities.json").write_text(json.dumps([
        {"name": "Dubbo", "state_code": "NSW", "latitude": "-32.25", "longitude": "148.60"},
        {"name": "Nowhere", "state_code": "NSW", "latitude": None, "longitude": None},
    ]))
    assert labelled_towns("AU", tmp_path) == [(-32.25, 148.6, "AU-NSW")]
    assert labelled_towns("NZ", tmp_path) == []
