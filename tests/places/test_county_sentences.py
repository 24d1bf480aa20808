"""Round 5 of issue 11: "X is a town in Y County, Z" and "X, Y, England" sentences (the shape of WikToR's texts and
of local news datelines), written by us, on tiny gazetteers that hold the traps of the real one.

* a county the gazetteer holds only in other states is one it lacks: its state holds the town;
* a county is in its own state only (codes, not distance: Madison County, Alabama borders Tennessee);
* a region whose towns carry another region code (English towns say "England") holds the nearer namesake;
* a state that holds a small namesake of a famous town is the state, however many namesakes rank above it;
* a county holds the towns of its state a little beyond its reach (our county points are estimates);
* two namesakes that only each other places settle on each other (a mention sees the readings just taken).
"""

from __future__ import annotations

import re

from garrison.places.gazetteer_sources import Row
from garrison.places.resolve import Item, resolve_items


def town(id_, name, lat, lon, country, admin1, importance):
    return Row(id=id_, name=name, lat=lat, lon=lon, feature="city", country=country, admin1=admin1,
               importance=importance)


def area(id_, name, lat, lon, feature, country, admin1=None, importance=6.0):
    return Row(id=id_, name=name, lat=lat, lon=lon, feature=feature, country=country, admin1=admin1,
               importance=importance)


def first_place(gaz, marked: str):
    """Resolve the [bracketed] names of ``marked``; the first one's choice."""
    text = re.sub(r"[\[\]]", "", marked)
    items = []
    for m in re.finditer(r"\[([^\]]+)\]", marked):
        start = m.start() - 2 * len(items)
        items.append(Item(start, start + len(m.group(1)), m.group(1)))
    resolve_items(text, items, gaz)
    return items[0].choice


US = [
    area("c:us", "United States", 39.8, -98.6, "country", "US", importance=10.0),
    area("a:ky", "Kentucky", 37.5, -85.3, "admin1", "US", "US-KY", importance=6.5),
    area("a:tn", "Tennessee", 35.9, -86.4, "admin1", "US", "US-TN", importance=6.8),
    area("a:wa", "Washington", 47.4, -120.5, "admin1", "US", "US-WA", importance=6.8),
    # the other states the rows' codes name (a code no region bears is mapped to the nearest region's)
    *[area(f"a:{code}", name, lat, lon, "admin1", "US", f"US-{code}", importance=6.5) for code, name, lat, lon in (
        ("IL", "Illinois", 40.0, -89.2), ("AL", "Alabama", 32.8, -86.8), ("TX", "Texas", 31.3, -99.3),
        ("MS", "Mississippi", 32.7, -89.7), ("DC", "District of Columbia", 38.9, -77.0), ("OH", "Ohio", 40.3, -82.8),
        ("IN", "Indiana", 40.0, -86.3))],
    area("k:scott-il", "Scott County", 39.6, -90.5, "admin2", "US", "US-IL", importance=5.5),
    area("k:madison-al", "Madison County", 34.8, -86.6, "admin2", "US", "US-AL", importance=5.5),
    town("t:georgetown-gy", "Georgetown", 6.8, -58.2, "GY", None, 6.9),
    town("t:georgetown-tx", "Georgetown", 30.6, -97.7, "US", "US-TX", 4.8),
    town("t:georgetown-ky", "Georgetown", 38.2, -84.6, "US", "US-KY", 4.5),
    town("t:jackson-ms", "Jackson", 32.3, -90.2, "US", "US-MS", 5.2),
    town("t:jackson-tn", "Jackson", 35.6, -88.8, "US", "US-TN", 4.8),
    town("t:washington-dc", "Washington", 38.9, -77.0, "US", "US-DC", 7.3),
    town("t:toledo-wa", "Toledo", 46.4, -122.8, "US", "US-WA", 2.9),
    # a dozen more notable Toledos, so that the state's own one ranks far down the list
    *[town(f"t:toledo-{n}", "Toledo", 30.0 + n, -80.0 - n, "US", "US-OH" if n % 2 else "US-IN", 5.4 - n / 20)
      for n in range(12)],
]

ENGLAND = [
    area("c:gb", "United Kingdom", 54.0, -2.0, "country", "GB", importance=8.3),
    area("a:eng", "England", 52.5, -1.5, "admin1", "GB", "GB-ENG", importance=7.7),
    area("a:nyk", "North Yorkshire", 54.1, -1.5, "admin1", "GB", "GB-NYK", importance=5.2),
    town("t:richmond-london", "Richmond", 51.46, -0.30, "GB", "GB-ENG", 4.3),  # 290 km from North Yorkshire's centre
    town("t:richmond-yorks", "Richmond", 54.40, -1.74, "GB", "GB-ENG", 3.7),
]


def test_a_county_the_gazetteer_holds_only_elsewhere_passes_its_state_on(tiny):
    gaz = tiny(US)
    assert first_place(gaz, "[Georgetown] is a city in [Scott County], [Kentucky].").id == "t:georgetown-ky"


def test_a_county_is_in_its_own_state_only(tiny):
    gaz = tiny(US)
    assert first_place(gaz, "[Jackson] is a city in [Madison County], [Tennessee].").id == "t:jackson-tn"


def test_a_region_whose_towns_carry_another_code_holds_the_nearer_namesake(tiny):
    gaz = tiny(ENGLAND)
    assert first_place(gaz, "[Richmond] is a market town in [North Yorkshire], [England].").id == "t:richmond-yorks"
    assert first_place(gaz, "Crowds gathered in [Richmond], [England], on Sunday.").id == "t:richmond-london"


def test_the_state_holding_a_small_namesake_is_the_state_however_far_down_the_namesake_ranks(tiny):
    gaz = tiny(US)
    assert first_place(gaz, "[Toledo] is a city in [Lewis County], [Washington].").id == "t:toledo-wa"


def test_a_county_whose_point_is_only_an_estimate_still_holds_its_states_town(tiny):
    gaz = tiny(US + [
        area("a:ny", "New York", 42.9, -75.5, "admin1", "US", "US-NY", importance=7.5),
        area("k:montgomery-ny", "Montgomery County", 41.6, -75.2, "admin2", "US", "US-NY", importance=5.5),  # 170 km off
        town("t:amsterdam-nl", "Amsterdam", 52.37, 4.89, "NL", None, 7.0),
        town("t:amsterdam-ny", "Amsterdam", 42.94, -74.19, "US", "US-NY", 4.3),
    ])
    assert first_place(gaz, "[Amsterdam] is a city in [Montgomery County], [New York].").id == "t:amsterdam-ny"


def test_two_namesakes_settle_on_each_other_instead_of_swapping_every_pass(tiny):
    # Each pass, each name followed the other's previous reading: Birmingham went to Alabama while Montgomery went
    # to Wales, then both back. A mention now sees the readings the mentions before it just took.
    gaz = tiny([
        town("t:birmingham-gb", "Birmingham", 52.48, -1.89, "GB", "GB-ENG", 6.1),
        town("t:birmingham-al", "Birmingham", 33.52, -86.80, "US", "US-AL", 5.3),
        town("t:montgomery-al", "Montgomery", 32.37, -86.30, "US", "US-AL", 5.3),
        town("t:montgomery-wales", "Montgomery", 52.56, -3.15, "GB", "GB-WLS", 3.0),
    ])
    first = first_place(gaz, "Nurses at [Birmingham] and [Montgomery] hospitals walked out.")
    assert first.id == "t:birmingham-al"
