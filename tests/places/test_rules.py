"""Resolution rules, one at a time, each on a gazetteer holding only the places the sentence could mean."""

from __future__ import annotations

from garrison.places.normalise import key
from garrison.places.resolve import Item, is_acronym, resolve_items
from garrison.places.gazetteer_sources import Row


def town(id, name, lat, lon, country, admin1=None, importance=5.0, aliases=(), feature="city"):
    return Row(id=id, name=name, lat=lat, lon=lon, feature=feature, country=country, admin1=admin1,
               importance=importance, aliases=list(aliases))


def country(code, name, lat, lon, importance=8.0, aliases=(), demonyms=()):
    return Row(id=f"country:{code}", name=name, lat=lat, lon=lon, feature="country", country=code,
               importance=importance, aliases=list(aliases), demonyms=list(demonyms))


def resolve(gaz, text, names):
    items = []
    for name in names:
        start = text.index(name)
        items.append(Item(start, start + len(name), name))
    resolve_items(text, items, gaz)
    return items


WASHINGTONS = [
    town("dc", "Washington", 38.9, -77.04, "US", "US-DC", importance=7.3),  # the capital, its bonus included
    town("wa", "Washington", 47.75, -120.74, "US", "US-WA", importance=6.85, feature="admin1"),
    town("tacoma", "Tacoma", 47.25, -122.44, "US", "US-WA", importance=5.3),
    town("seattle", "Seattle", 47.61, -122.33, "US", "US-WA", importance=5.8),
    town("arlington", "Arlington", 38.88, -77.1, "US", "US-VA", importance=5.3),
]


def test_the_name_after_a_town_and_comma_is_the_region_that_holds_it(tiny):
    text = "Officials in Arlington say a bakery in Tacoma, Washington shares its recipes."
    items = resolve(tiny(WASHINGTONS), text, ["Arlington", "Tacoma", "Washington"])
    assert items[2].choice.id == "wa"  # though the capital is the better known and lies near Arlington


def test_a_name_pinned_down_once_keeps_that_meaning_where_it_recurs(tiny):
    text = "The crew drove to central Washington on Monday. Back home in Washington, they rested."
    first, second = text.index("Washington"), text.rindex("Washington")
    items = [Item(first, first + 10, "Washington"), Item(second, second + 10, "Washington")]
    resolve_items(text, items, tiny(WASHINGTONS))
    assert [it.choice.id for it in items] == ["wa", "wa"]


def test_a_state_national_guard_is_the_state_not_the_country(tiny):
    gaz = tiny([country("GE", "Georgia", 42.0, 43.5, importance=8.1),
                town("ga", "Georgia", 32.75, -83.5, "US", "US-GA", importance=7.0, feature="admin1")])
    [item] = resolve(gaz, "She joined the Georgia National Guard last year.", ["Georgia"])
    assert item.choice.id == "ga"


def test_saint_is_one_name_however_it_is_abbreviated(tiny):
    assert key("St. Petersburg") == key("Saint Petersburg") == "saint petersburg"
    assert key("Ft. Worth") == "fort worth" and key("Main St") == "main st"
    gaz = tiny([town("spb", "Saint Petersburg", 59.94, 30.31, "RU", importance=6.7),
                town("fl", "St. Petersburg", 27.77, -82.68, "US", "US-FL", importance=5.4),
                country("RU", "Russia", 60.0, 100.0, importance=9.6)])
    items = resolve(gaz, "Russia will close the consulate in St. Petersburg.", ["Russia", "St. Petersburg"])
    assert items[1].choice.id == "spb"


def test_an_initialism_in_running_text_is_not_a_village_spelt_the_same(tiny):
    gaz = tiny([town("oas", "Oas", 13.26, 123.5, "PH", importance=4.8), WASHINGTONS[0]])
    items = resolve(gaz, "The meeting at the OAS in Washington ended late.", ["OAS", "Washington"])
    assert items[0].choice.id == "dc" and items[0].fallback  # the document's own town, not Oas in the Philippines


def test_a_capitalised_dateline_is_a_name_not_an_initialism():
    text = "ROME (AP) — Talks at the OAS went on."
    assert not is_acronym(text, 0, "ROME")
    assert is_acronym(text, text.index("OAS"), "OAS")


def test_a_venue_qualified_by_its_town_lies_in_that_town(tiny):
    gaz = tiny([town("tokyo", "Tokyo", 35.69, 139.69, "JP", importance=7.0),
                town("osaka", "Osaka", 34.69, 135.5, "JP", importance=6.4),
                country("JP", "Japan", 35.68, 139.75, demonyms=["Japanese"])])
    text = "Officials in Osaka and Japan's envoys met at the British Embassy Tokyo."
    items = resolve(gaz, text, ["Osaka", "Japan", "British Embassy Tokyo"])
    assert items[2].choice.id == "tokyo" and not items[2].fallback


def test_a_street_named_after_a_town_lies_in_the_town_the_text_is_about(tiny):
    gaz = tiny([town("hampton", "Hampton", 37.03, -76.35, "US", "US-VA", importance=5.1),
                town("stl", "St. Louis", 38.63, -90.2, "US", "US-MO", importance=5.5)])
    items = resolve(gaz, "Thieves struck on Hampton Avenue in St. Louis.", ["Hampton Avenue", "St. Louis"])
    assert items[0].choice.id == "stl" and items[0].fallback


def test_a_place_only_also_called_this_takes_no_credit_for_the_text_naming_it_in_full(tiny):
    gaz = tiny([country("MX", "Mexico", 23.0, -102.0, importance=9.6),
                town("cdmx", "Mexico City", 19.43, -99.13, "MX", "MX-09", importance=8.1, aliases=["Mexico"])])
    text = "MEXICO CITY (AP) — Mexico's Senate passed a resolution in Mexico City."
    items = resolve(gaz, text, ["MEXICO CITY", "Mexico", "Mexico City"])
    assert items[1].choice.id == "country:MX"


def test_landmarks_stand_for_their_city_and_rivers_are_known(sites):
    items = resolve(sites, "The White House and the Kremlin traded barbs over the Yangtze.",
                    ["White House", "Kremlin", "Yangtze"])
    assert [it.choice.feature for it in items] == ["landmark", "landmark", "river"]
    assert items[0].choice.country == "US" and items[1].choice.country == "RU"


def test_a_venue_in_a_town_is_there_not_at_a_same_named_place_elsewhere(tiny):
    gaz = tiny([town("august", "August", 33.47, -81.97, "US", "US-GA", importance=4.3),
                town("nola", "New Orleans", 29.95, -90.07, "US", "US-LA", importance=5.6)])
    text = "She cooked at August in New Orleans for years. Diners still love August."
    first, second = text.index("August"), text.rindex("August")
    items = [Item(first, first + 6, "August"), Item(text.index("New Orleans"), text.index("New Orleans") + 11,
                                                     "New Orleans"), Item(second, second + 6, "August")]
    resolve_items(text, items, gaz)
    assert [it.choice.id for it in items] == ["nola", "nola", "nola"]  # the second mention follows the first


def test_a_country_out_of_its_container_is_a_relation_not_a_venue(tiny):
    gaz = tiny([country("UA", "Ukraine", 49.0, 32.0), country("NG", "Nigeria", 10.0, 8.0)])
    items = resolve(gaz, "The Embassy of Ukraine in Nigeria opened a trade mission.", ["Ukraine", "Nigeria"])
    assert items[0].choice.id == "country:UA"


def test_a_country_possessive_says_which_of_two_same_named_bases_is_meant(sites):
    text = "The last troops left Niger's Air Base 101 on Sunday; Mali's Air Base 101 stayed busy."
    niger, mali = text.index("Air Base 101"), text.rindex("Air Base 101")
    items = [Item(text.index("Niger"), text.index("Niger") + 5, "Niger"), Item(niger, niger + 12, "Air Base 101"),
             Item(text.index("Mali"), text.index("Mali") + 4, "Mali"), Item(mali, mali + 12, "Air Base 101")]
    resolve_items(text, items, sites)
    assert (items[1].choice.country, items[3].choice.country) == ("NE", "ML")


def test_a_curated_base_known_by_a_short_code_is_not_taken_for_an_initialism(sites):
    [item] = resolve(sites, "Israeli jets struck the runway at T4 overnight.", ["T4"])
    assert item.choice.feature == "airbase" and item.choice.country == "SY"
