"""Round 5 of issue 11: a small town far from everything else a text names is not taken on its name alone.

A street, venue or neighbourhood is often named like a small town elsewhere ("Bourbon" street, "Hubbard" street);
when several towns bear the name, nothing in the text places the one chosen and it lies far from the text's notable
places, the mention is read as a place of the text's own town (the anchor) instead. The text can still vouch for the town: a container ("Bourbon,
Indiana"), a region or a country it names (a large country's towns lie far apart), a notable place nearby, or repeated mention. A nationality inside a
venue's name ("French Quarter") says whose the venue is, not where it is. A city's short name ("Newcastle" for
Newcastle upon Tyne) is not a lesser alias beside a village that bears it.
"""

from __future__ import annotations

from garrison.places.gazetteer_sources import Row
from garrison.places.resolve import Item, resolve_items


def town(id_, name, lat, lon, country, admin1, importance):
    return Row(id=id_, name=name, lat=lat, lon=lon, feature="city", country=country, admin1=admin1,
               importance=importance)


def area(id_, name, lat, lon, feature, country, admin1=None, importance=6.0, demonyms=()):
    return Row(id=id_, name=name, lat=lat, lon=lon, feature=feature, country=country, admin1=admin1,
               importance=importance, demonyms=list(demonyms))


ROWS = [
    area("c:us", "United States", 39.8, -98.6, "country", "US", importance=10.0),
    area("c:fr", "France", 46.6, 2.4, "country", "FR", importance=9.3, demonyms=["French"]),
    area("c:sy", "Syria", 35.0, 38.0, "country", "SY", importance=8.7),
    area("a:in", "Indiana", 40.0, -86.3, "admin1", "US", "US-IN", importance=6.8),
    area("a:ky", "Kentucky", 37.5, -85.3, "admin1", "US", "US-KY", importance=6.5),
    town("t:new-orleans", "New Orleans", 29.95, -90.07, "US", "US-LA", 5.6),
    town("t:baton-rouge", "Baton Rouge", 30.45, -91.15, "US", "US-LA", 5.3),
    town("t:bourbon", "Bourbon", 41.30, -86.12, "US", "US-IN", 3.3),  # a small town in Indiana, 1,300 km away
    town("t:bourbon-mo", "Bourbon", 38.15, -91.24, "US", "US-MO", 3.1),
    town("t:baraboo", "Baraboo", 43.47, -89.74, "US", "US-WI", 4.1),
    town("t:phoenix", "Phoenix", 33.45, -112.07, "US", "US-AZ", 6.2),
    town("t:ames-ia", "Ames", 42.03, -93.62, "US", "US-IA", 4.8),  # 500 km from Chicago
    town("t:ames-tx", "Ames", 30.05, -94.74, "US", "US-TX", 3.0),
    town("t:indianapolis", "Indianapolis", 39.77, -86.16, "US", "US-IN", 5.9),
    town("t:louisville", "Louisville", 38.25, -85.76, "US", "US-KY", 5.8),
    town("t:chicago", "Chicago", 41.88, -87.63, "US", "US-IL", 6.4),
    town("t:owensboro", "Owensboro", 37.77, -87.11, "US", "US-KY", 4.8),
    town("t:austin", "Austin", 30.27, -97.74, "US", "US-TX", 6.0),
    town("t:manbij", "Manbij", 36.53, 37.95, "SY", "SY-HL", 4.9),
]


def resolve(gaz, text, names):
    items = []
    for name in names:
        start = text.index(name, items[-1].end if items and text.find(name, items[-1].end) >= 0 else 0)
        items.append(Item(start, start + len(name), name))
    return resolve_items(text, items, gaz)


def test_a_street_named_like_a_far_small_town_is_in_the_texts_town(tiny):
    gaz = tiny(ROWS)
    text = "The parade in New Orleans rolled down Bourbon past the old bars, and New Orleans stayed up late."
    items = resolve(gaz, text, ["New Orleans", "Bourbon", "New Orleans"])
    bourbon = items[1]
    assert bourbon.unsupported == "a small town far from the text's other places"
    assert bourbon.fallback and bourbon.choice.id == "t:new-orleans"


def test_the_text_can_still_vouch_for_the_far_town(tiny):
    gaz = tiny(ROWS)
    contained = "The parade in New Orleans was large. Bourbon, Indiana held a smaller one."
    assert resolve(gaz, contained, ["New Orleans", "Bourbon", "Indiana"])[1].choice.id == "t:bourbon"
    near = "The parade in New Orleans was large; Bourbon had one too, said a man from Indianapolis."
    assert resolve(gaz, near, ["New Orleans", "Bourbon", "Indianapolis"])[1].choice.id == "t:bourbon"
    repeated = "Bourbon is quiet. In New Orleans they partied, but Bourbon slept, and Bourbon woke early."
    items = resolve(gaz, repeated, ["Bourbon", "New Orleans", "Bourbon", "Bourbon"])
    assert all(items[i].choice.id == "t:bourbon" for i in (0, 2, 3))


def test_a_town_in_a_region_the_text_names_is_no_stray(tiny):
    gaz = tiny(ROWS)
    text = "Kentucky schools get more money. Owensboro schools were pleased, a spokesman in Chicago said."
    items = resolve(gaz, text, ["Kentucky", "Owensboro", "Chicago"])
    assert items[1].choice.id == "t:owensboro" and not items[1].fallback


def test_a_town_in_a_country_the_text_names_is_no_stray(tiny):
    gaz = tiny(ROWS)
    text = "A soldier from Austin died in Syria. The blast near Manbij was the worst in Syria this year, Austin heard."
    items = resolve(gaz, text, ["Austin", "Syria", "Manbij", "Syria", "Austin"])
    assert items[2].choice.id == "t:manbij"


def test_a_name_only_one_town_bears_is_that_town_however_far_the_texts_other_places(tiny):
    gaz = tiny(ROWS)
    text = "The Baraboo couple retired to Phoenix last year."
    assert resolve(gaz, text, ["Baraboo", "Phoenix"])[0].choice.id == "t:baraboo"


def test_a_town_ten_times_the_size_of_its_namesakes_is_what_its_name_means(tiny):
    gaz = tiny(ROWS)
    text = "The Ames council approved the plan, with money from Chicago investors."
    assert resolve(gaz, text, ["Ames", "Chicago"])[0].choice.id == "t:ames-ia"


def test_a_lone_small_town_is_taken_when_the_text_names_no_other_point(tiny):
    gaz = tiny(ROWS)
    text = "The fair in Bourbon drew a crowd."
    assert resolve(gaz, text, ["Bourbon"])[0].choice.id == "t:bourbon"


def test_a_nationality_in_a_venues_name_does_not_put_the_venue_in_that_country(tiny):
    gaz = tiny(ROWS)
    text = "The street grid of the French Quarter bends with the river in New Orleans."
    quarter = resolve(gaz, text, ["French Quarter", "New Orleans"])[0]
    assert quarter.choice.id == "t:new-orleans" and quarter.fallback


def test_a_citys_short_name_is_no_lesser_alias_beside_a_village_bearing_it(tiny):
    # "Newcastle" is part of "Newcastle upon Tyne": no "only also called this" penalty against the village called
    # Newcastle alone; the neighbour decides.
    gaz = tiny([
        Row(id="t:newcastle-upon-tyne", name="Newcastle upon Tyne", lat=54.98, lon=-1.61, feature="city", country="GB",
            admin1="GB-ENG", importance=5.4, aliases=["Newcastle"]),
        town("t:newcastle-nir", "Newcastle", 54.22, -5.89, "GB", "GB-NIR", 3.9),
        town("t:sunderland", "Sunderland", 54.91, -1.38, "GB", "GB-ENG", 5.2),
    ])
    text = "Newcastle and Sunderland fans filled the trains."
    assert resolve(gaz, text, ["Newcastle", "Sunderland"])[0].choice.id == "t:newcastle-upon-tyne"
