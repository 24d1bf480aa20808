"""Round 5 of issue 11: a territory is part of the country that a text about its sovereign is about.

Saipan (Northern Mariana Islands), Ponce or San Juan (Puerto Rico) in a story about the United States are not
"abroad": the precision gate keeps them, and they share the sovereign's focus (`sovereign_of` in
`garrison/data/places/words.tsv`).
"""

from __future__ import annotations

from garrison.places.gazetteer_sources import Row
from garrison.places.resolve import Item, resolve_items, sovereign


def town(id_, name, lat, lon, country, admin1, importance):
    return Row(id=id_, name=name, lat=lat, lon=lon, feature="city", country=country, admin1=admin1,
               importance=importance)


def area(id_, name, lat, lon, feature, country, admin1=None, importance=6.0):
    return Row(id=id_, name=name, lat=lat, lon=lon, feature=feature, country=country, admin1=admin1,
               importance=importance)


ROWS = [
    area("c:us", "United States", 39.8, -98.6, "country", "US", importance=10.0),
    area("c:pr", "Puerto Rico", 18.2, -66.5, "country", "PR", importance=6.5),
    area("c:mp", "Northern Mariana Islands", 15.2, 145.7, "country", "MP", importance=4.7),
    area("c:ar", "Argentina", -34.0, -64.0, "country", "AR", importance=8.6),
    area("a:fl", "Florida", 28.6, -82.4, "admin1", "US", "US-FL", importance=7.2),
    area("a:tx", "Texas", 31.3, -99.3, "admin1", "US", "US-TX", importance=7.4),
    town("t:miami", "Miami", 25.77, -80.19, "US", "US-FL", 5.6),
    town("t:seattle", "Seattle", 47.61, -122.33, "US", "US-WA", 5.9),
    town("t:honolulu", "Honolulu", 21.31, -157.86, "US", "US-HI", 5.6),
    town("t:san-juan-ar", "San Juan", -31.54, -68.53, "AR", "AR-J", 5.8),
    town("t:san-juan-pr", "San Juan", 18.47, -66.11, "PR", None, 5.5),
    town("t:saipan", "Saipan", 15.21, 145.75, "MP", None, 4.7),
]


def resolve(gaz, text, names):
    items = [Item(text.index(n), text.index(n) + len(n), n) for n in names]
    return resolve_items(text, items, gaz)


def test_a_territory_belongs_to_its_sovereign():
    assert sovereign("MP") == "US" and sovereign("PR") == "US"
    assert sovereign("US") == "US" and sovereign(None) is None


def test_a_territorys_town_in_a_story_about_its_sovereign_is_not_abroad(tiny):
    gaz = tiny(ROWS)
    text = "The senator flew from Seattle to Honolulu, then on to Saipan, before returning to Miami."
    saipan = resolve(gaz, text, ["Seattle", "Honolulu", "Saipan", "Miami"])[2]
    assert saipan.choice is not None and saipan.choice.id == "t:saipan"


def test_a_territory_shares_its_sovereigns_focus(tiny):
    gaz = tiny(ROWS)
    text = "Flights from Miami to San Juan resumed after the storm hit Florida and Texas."
    items = resolve(gaz, text, ["Miami", "San Juan", "Florida", "Texas"])
    assert items[1].choice.id == "t:san-juan-pr"
