"""Places named with their administrative units, and coders' notes that say where an event is placed.

Conflict notes write a site with the units that hold it, "in the area of Tin-Akoff (Tin-Akoff, Oudalan)",
"near Garsila (Wadi Salih, Central Darfur)", and say where a vague place was put, "(coded to El Fasher,
North Darfur)".  The units pick which of the places called X is meant (the one inside them), and a
name the places stage left unresolved or resolved elsewhere is looked up inside them; the units
themselves are hints, never the event's place while the site they qualify is known.  Only when the
site is not in the gazetteer does the second unit (the district, often a same-named town) or the
first-level unit stand in, with its coarser precision.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from garrison import config
from garrison.events import unrecognised
from garrison.geo import distance_km
from garrison.model import Place, Toponym
from garrison.places.apposition import apposition_nouns
from garrison.words import alternation, words

_UNIT_FEATURES = {"admin1", "admin2", "country", "region"}
_SETTLEMENT_FEATURES = {"city", "landmark", "airbase", "airport", "naval_base", "port", "admin2"}
# "the Sirba area (Sirba, West Darfur)": a kind-of-place word may sit between the name and its units
_VICINITY_NOUNS = words("events", "vicinity_nouns")
_NAME_PARTICLES = words("events", "place_name_particles")


@functools.cache
def _hints_re() -> re.Pattern:
    return re.compile(r"\((?P<hints>[^()\n]{2,80})\)")


@functools.cache
def _coded_re() -> re.Pattern:
    return re.compile(r"\b(?:" + alternation("events", "coded_to_cues") + r")\s+(?P<rest>[^()\n;.]{2,80})", re.I)


@functools.cache
def _coded_before_re() -> re.Pattern:
    """A coder's cue right before a name: "(coded to El Matamma (Al Matama, River Nile)"."""
    return re.compile(r"\b(?:" + alternation("events", "coded_to_cues") + r")\s*$", re.I)


def _gazetteer():
    from garrison.places import gazetteer as gaz

    return gaz.get(config.settings().gazetteer)


def _units(gazetteer, hints: list[str]) -> list:
    """Candidates for the outermost unit named (the last hint): first-level units, regions, countries; by a
    near-miss spelling when no hint is a unit's name as written ("Middle Shabelle" for Middle Shebelle)."""
    for fuzzy in (False, True):
        for hint in reversed(hints):
            found = [c for c in gazetteer.lookup(hint, fuzzy=fuzzy) if (c.feature or "") in _UNIT_FEATURES]
            if found:
                return found
    return []


# A first-level unit's extent is not in the gazetteer (centroids only) and towns' admin1 codes lag behind
# redrawn units (Sudan's Darfur states, 2012): a town of the same country this near the centroid counts.
_UNIT_REACH_KM = 350.0


def _inside(candidate, unit) -> bool:
    if candidate.id == unit.id or candidate.country != unit.country:
        return False
    if unit.feature == "country":
        return True
    if candidate.admin1 and candidate.admin1 == unit.admin1:
        return True
    return distance_km(candidate.lat, candidate.lon, unit.lat, unit.lon) <= _UNIT_REACH_KM


def _closeness(candidate, units) -> tuple:
    """Same first-level code first, then the nearest to a unit's centroid, then the better known."""
    same = any(candidate.admin1 and candidate.admin1 == u.admin1 for u in units)
    km = min(distance_km(candidate.lat, candidate.lon, u.lat, u.lon) for u in units)
    return (not same, km, -candidate.importance)


def resolve_with_hints(name: str, hints: list[str], gazetteer=None) -> Place | None:
    """The place called ``name`` inside the units ``hints`` name (innermost first, outermost last).

    None when the outermost unit is not a known unit: the brackets then hold something else.
    """
    from garrison.places.resolve import to_place

    gazetteer = gazetteer or _gazetteer()
    units = _units(gazetteer, hints)
    if not units:
        return None
    districts = _district_seats(gazetteer, hints[:-1], units)
    for candidate_name, fuzzy in [(name, False), (name, True)]:
        found = [c for c in _settlements(gazetteer, candidate_name, fuzzy) if any(_inside(c, u) for u in units)]
        if districts:
            # "Um Kaddada (Melit, North Darfur)": a namesake far from the district's seat is in another district
            found = [c for c in found if _near_any(c, districts, _DISTRICT_REACH_KM)]
        if found:
            return to_place(min(found, key=lambda c: _closeness(c, units)))
    if districts:
        # the site is not in the gazetteer: its district's same-named seat stands in, near the site
        place = to_place(min(districts, key=lambda c: _closeness(c, units)))
        place.precision = max(place.precision, 2)
        return place
    agreed = _agreed_town(gazetteer, name, hints[:-1], units)
    if agreed is not None:
        return to_place(agreed)
    return to_place(_smallest_unit(gazetteer, hints, units))


_ADMIN_FEATURES = {"admin1", "admin2"}


def _smallest_unit(gazetteer, hints: list[str], units):
    """The unit that stands in for a site the gazetteer lacks: the innermost administrative unit named inside
    the outer one ("Zzz (Oudalan, Sahel)": the province, nearer the site than the region's centroid), else
    the outer one, an administrative unit before a geographic region of the same name (Burkina Faso's
    Sahel region, not the Sahel)."""
    countries = {u.country for u in units if u.country}
    for hint in hints[:-1]:
        inner = [c for c in gazetteer.lookup(hint, fuzzy=False)
                 if (c.feature or "") in _ADMIN_FEATURES and c.country in countries and all(c.id != u.id for u in units)]
        if inner:
            return max(inner, key=lambda c: c.importance)
    return max(units, key=lambda c: ((c.feature or "") in _ADMIN_FEATURES, c.importance))


# A second-level unit (a Sudanese locality, a Burkinabe department) reaches this far from its seat; a town
# of the site's name beyond it is a namesake in another unit of the same state.
_DISTRICT_REACH_KM = 100.0


def _settlements(gazetteer, name: str, fuzzy: bool) -> list:
    return [c for c in gazetteer.lookup(name, fuzzy=fuzzy) if (c.feature or "") in _SETTLEMENT_FEATURES]


def _near_any(candidate, others, km: float) -> bool:
    return any(distance_km(candidate.lat, candidate.lon, o.lat, o.lon) <= km for o in others)


def _district_seats(gazetteer, districts: list[str], units) -> list:
    """Towns named like the inner units ("Melit" → Mellit), inside the outer one: the districts' seats."""
    for district in districts:
        found = [c for c in _settlements(gazetteer, district, False) if any(_inside(c, u) for u in units)]
        if found:
            return found
    return []


def _agreed_town(gazetteer, name: str, districts: list[str], units):
    """"Ed Daein (Ad Duayn, West Darfur)": nothing of the name lies in the unit written, but the site and its
    district name the same town of the unit's country — two spellings agreeing outweigh a slip in the state."""
    countries = {u.country for u in units if u.country}
    by_name = {c.id: c for c in _settlements(gazetteer, name, False) if c.country in countries}
    for district in districts:
        agreed = [c for c in _settlements(gazetteer, district, False) if c.id in by_name]
        if len(agreed) == 1:
            return agreed[0]
    return None


def _name_before(doc, char: int):
    """The proper-name tokens ending right before character ``char`` ("Um Kaddada (…"), skipping a
    kind-of-place word ("the Ed Daein area (…"); (first, last) token or None."""
    span = doc.char_span(0, char, alignment_mode="contract") if char > 0 else None
    if span is None or len(span) == 0:
        return None
    i = span.end - 1
    while i >= 0 and (doc[i].lower_ in _VICINITY_NOUNS or doc[i].lower_ in apposition_nouns()):
        i -= 1
    last = i
    while i >= 0 and (doc[i].text[:1].isupper() or doc[i].text in ("-", "'") or
                      (doc[i].lower_ in _NAME_PARTICLES and i < last)):
        if doc[i].sent.start != doc[last].sent.start:
            break
        i -= 1
    first = i + 1
    while first <= last and (doc[first].text in _NAME_PARTICLES or doc[first].text in ("-", "'")):
        first += 1
    return (doc[first], doc[last]) if first <= last else None


def _hint_list(text: str) -> list[str]:
    return [h.strip() for h in text.split(",") if h.strip()]


def apply(analysis, doc, places) -> None:
    """Re-resolve each "X (Y, Z)" site inside its units, drop the units from the index, note "coded to X";
    look up the town names the places stage left out where the sentence shows them to be places
    (:mod:`garrison.events.unrecognised`)."""
    unrecognised.add_sites(analysis, doc, places, _gazetteer)
    _contained_in_town(analysis, doc, places)
    text = analysis.document.text
    if "(" not in text and not _coded_re().search(text):
        return
    gazetteer = None
    hinted_sites: dict[int, list] = {}  # sentence start → the sites written with their units there
    for match in _hints_re().finditer(text):
        hints = _hint_list(match.group("hints"))
        coded = _coded_re().match(match.group("hints"))
        if coded:  # "(coded to El Fasher, North Darfur)"
            parts = _hint_list(coded.group("rest"))
            if len(parts) < 2:
                continue
            gazetteer = gazetteer or _gazetteer()
            place = resolve_with_hints(parts[0], parts[1:], gazetteer)
            if place is not None:
                _drop(doc, places, match.start("hints"), match.end("hints"))
                start = match.start("hints") + coded.start("rest")
                _note_coded(analysis, doc, places, start, start + len(parts[0]), place)
            continue
        if not 1 <= len(hints) <= 3 or not all(h[:1].isupper() for h in hints):
            continue
        named = _name_before(doc, match.start())
        if named is None:
            continue
        first, last = named
        name = text[first.idx:last.idx + len(last)]
        gazetteer = gazetteer or _gazetteer()
        place = resolve_with_hints(name, hints, gazetteer)
        if place is None:
            continue
        toponym = Toponym(document_id=analysis.document.id, start=first.idx, end=last.idx + len(last), text=name,
                          place=place, mention_label="GPE")
        for i in range(first.i, last.i + 1):
            places.by_token[i] = toponym
        _drop(doc, places, match.start("hints"), match.end("hints"))
        if _coded_before_re().search(text[max(0, first.idx - 40):first.idx]):
            places.coded[first.sent.start] = toponym  # "(coded to El Matamma (Al Matama, River Nile)"
        if all((u.feature or "") != "country" for u in _units(gazetteer, hints)):
            # a coder's units (district, state), not a country's name or abbreviation ("Congo (DRC)")
            hinted_sites.setdefault(first.sent.start, []).append(toponym)
    for sentence, sites in hinted_sites.items():
        if len(sites) == 1 and sentence not in places.coded:
            # a coder writes the units after the site the event is coded to: "ambushed a convoy between
            # Balad and Jowhar (Jowhar, Middle Shabelle)", "near Kondobei (Sirba, West Darfur), after … killed
            # a civilian in El Geneina (coded separately)"
            places.coded[sentence] = sites[0]
    for match in _coded_re().finditer(text):
        if text[:match.start()].rstrip().endswith("("):
            continue  # bracketed: handled above
        # "location coded to El Geneina (El Geneina, West Darfur)": the site after the cue
        span = doc.char_span(match.start("rest"), match.end("rest"), alignment_mode="expand")
        if span is None:
            continue
        found = next((places.by_token[t.i] for t in span if t.i in places.by_token), None)
        if found is not None and getattr(found, "place", None) is not None:
            places.coded[span[0].sent.start] = found


def _note_coded(analysis, doc, places, start: int, end: int, place: Place) -> None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return
    toponym = Toponym(document_id=analysis.document.id, start=span.start_char, end=span.end_char, text=span.text,
                      place=place, mention_label="GPE")
    for token in span:
        places.by_token[token.i] = toponym
    places.coded[span[0].sent.start] = toponym


def _drop(doc, places, start: int, end: int) -> None:
    """The units in brackets qualify the site before them: they are not places of the event."""
    for token in doc.char_span(start, end, alignment_mode="expand") or []:
        places.by_token.pop(token.i, None)


# "Wentworth, Durban": a quarter or suburb written with its town lies this near the town's centre
_TOWN_REACH_KM = 50.0
_TOWN_FEATURES = {"city"}


def _contained_in_town(analysis, doc, places) -> None:
    """"marched through Wentworth, Durban", "in Highfields, Harare": a name followed by a town is inside that
    town.  When the name's place lies in another country (a namesake abroad: the gazetteer lacks the quarter)
    or is unknown, a namesake near the town is taken, else the town stands in, near the site (precision 2).
    A list of towns ("in Assiut, Alexandria, and Suez", "Bamako, Niamey and Ouagadougou") is left alone."""
    gazetteer = None
    for i, found in sorted(places.by_token.items()):
        if i + 2 >= len(doc) or doc[i + 1].text != "," or places.by_token.get(i + 1) is not None:
            continue
        container = places.by_token.get(i + 2)
        town = getattr(container, "place", None)
        if (container is None or container is found or town is None or town.feature not in _TOWN_FEATURES
                or getattr(container, "score", None) == 0.0):
            continue
        first = doc.char_span(found.start, found.end, alignment_mode="expand")
        last = doc.char_span(container.start, container.end, alignment_mode="expand")
        if first is None or last is None or first.end != i + 1 or last.start != i + 2:
            continue
        if _in_list(doc, places, first.start, last.end):
            continue
        place = getattr(found, "place", None)
        if place is not None and place.country == town.country and getattr(found, "score", None) != 0.0:
            continue  # a place of the town's own country: the places stage's reading stands
        gazetteer = gazetteer or _gazetteer()
        from garrison.places.resolve import to_place

        near = [c for c in _settlements(gazetteer, found.text, False)
                if c.country == town.country and distance_km(c.lat, c.lon, town.lat, town.lon) <= _TOWN_REACH_KM]
        if near:
            inside = to_place(min(near, key=lambda c: distance_km(c.lat, c.lon, town.lat, town.lon)))
        else:
            inside = replace(town, precision=max(town.precision, 2))
        toponym = Toponym(document_id=analysis.document.id, start=found.start, end=found.end, text=found.text,
                          place=inside, score=getattr(found, "score", None), mention_label="GPE")
        for t in first:
            places.by_token[t.i] = toponym


def _in_list(doc, places, start: int, end: int) -> bool:
    """Whether the pair of names between tokens ``start`` and ``end`` is part of a longer list of places."""
    after = list(doc[end:min(len(doc), end + 3)])
    if after and (after[0].text in (",", ";") or after[0].dep_ == "cc"):
        if any(places.by_token.get(t.i) is not None for t in after[1:]):
            return True
    if start >= 2 and doc[start - 1].text == "," and places.by_token.get(start - 2) is not None:
        return True
    return False
