"""Toponym resolution: choose, for every place mention of a document, one gazetteer entry.

A candidate's score adds up evidence, each term a named weight in :data:`WEIGHTS`:

* prior: how notable the place is (log10 population or the feature's equivalent);
* match: its own name beats an alias, a transliteration fold or a near-miss spelling;
* cue: the words around the mention ("air base", "port of", "province") agree with its feature;
* focus: the document keeps talking about its country (or admin1 region);
* containment: "Springfield, Illinois", "(Tin-Akoff, Oudalan)", "Ghardabiya near Sirte";
* coherence: it lies near the places the other mentions resolved to.

Resolution runs twice: the first pass gives every mention a provisional place, the
second uses those for focus, containment and coherence.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from garrison.geo import distance_km
from garrison.model import Place
from garrison.places.apposition import apposition
from garrison.places.cues import cue_features
from garrison.places.gazetteer import Candidate, Gazetteer
from garrison.places.gazetteer_sources import PLACES_DATA, abbreviation_keys, read_tsv
from garrison.places.normalise import key
from garrison.places.recognise import stopnames
from garrison.words import alternation, word_list, word_map, words

WEIGHTS = {
    "prior": 1.0,  # per unit of importance (log10 population or the feature's equivalent)
    "match": {"name": 0.0, "alias": -0.3, "code": -0.3, "abbrev": 0.0, "demonym": 0.0, "bare": -0.8, "fuzzy": -1.5},
    "feature": {"admin1": -0.7, "airport": -0.5},
    "cue": 3.0,
    "focus_country": 2.5,
    "focus_admin1": 3.0,
    "contained": 6.0,
    "not_contained": -6.0,
    # Held by a region only by distance (its towns carry another region code: English towns say "England", the
    # region is "North Yorkshire"): the nearer of two namesakes is the one meant, down to this at the reach's edge.
    "contained_far": -2.0,
    # "Tacoma, Washington": the container is the candidate that holds one of the contained name's candidates.
    "contains": 3.0,
    "near": 1.0,  # another mention's place within NEAR_KM
    "demonym_wrong_label": -3.0,
    # A place that is only *also* called this ("Mexico" for Mexico City) ranks below places called this.
    "alias_beside_name": -1.5,
}
NEAR_KM = 250.0
ADMIN1_REACH_KM = 350.0  # a region holds a town with another region code this near its centre
COUNTY_REACH_KM = 250.0  # a county holds a town of its own state this near our (estimated) county point
REGION_REACH_KM = 900.0  # a region, sea or range the gazetteer has no outline of holds what lies this near its point
MAX_CANDIDATES = 60
MAX_SITES = 80
# Features whose places are areas: they say which country a text is about, not where things are.
AREAS = {"country", "continent", "region", "admin1", "admin2", "sea", "ocean", "gulf", "desert", "mountains", "river",
         "lake"}
POINTS = {"city", "airport", "airbase", "naval_base", "port", "landmark"}
REACH_ONLY_AREAS = AREAS - {"country", "admin1", "admin2", "continent"}  # held by distance from their point alone
PRECISION = {"landmark": 1, "airbase": 1, "airport": 1, "naval_base": 1, "port": 1, "canal": 1, "strait": 2, "city": 2}

# Domain words: garrison/data/places/words*.tsv.
_CONNECTOR_RE = re.compile(
    r"^\s*(?:,|\(|\[|\b(?:" + alternation("places", "container_connectors") + r")\b)"
    r"(?:\s*(?:(?:" + alternation("places", "container_noun_articles") + r")\s+)?(?:" + alternation("places", "container_nouns")
    + r")\s+(?:(?:" + alternation("places", "container_noun_of") + r")\s+)?)?\s*", re.I)
_POSSESSIVE_RE = re.compile(r"^['’]s\s+$")
_NEAR_WORDS = word_list("places", "near_words")
_VENUE_WORDS = words("places", "venue_words")


@dataclass
class Item:
    """One mention being resolved."""

    start: int
    end: int
    text: str
    label: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    cues: set[str] = field(default_factory=set)
    container: int | None = None  # index of the mention that contains this one
    container_near: bool = False
    container_word: bool = False  # "X in Y", "Y's X": Y holds X for sure; a comma may only be a list
    via_container: bool = False  # no candidate of X fits its container: X is a place in Y the gazetteer lacks
    contains: list[int] = field(default_factory=list)  # indices of the mentions this one contains
    choice: Candidate | None = None
    score: float | None = None
    fallback: bool = False  # the choice is the document's anchor place, not a match of the name
    unsupported: str | None = None  # why the best candidate was not taken (precision before recall)
    tentative: str | None = None  # proposed by recognition (why it was held back): kept only beside the text's places
    keep_unresolved: bool = False  # no guessed place either: the name is a common word, not a place the text is in

    @property
    def has_name_match(self) -> bool:
        return any(c.match == "name" for c in self.candidates)


_STRIP_CUE = re.compile(
    r"^(?:(?:" + alternation("places", "strip_cue_articles") + r")\s+)?(?:" + alternation("places", "strip_cue_before", space=r"\s+")
    + r")\s+(?:" + alternation("places", "of_words") + r")\s+"
    r"|\s+(?:" + alternation("places", "strip_cue_after", space=r"\s+") + r")$", re.I)


_DIRECTION = re.compile(
    r"(?:\b(?:" + alternation("places", "directions") + r")|\b(?:" + alternation("places", "directions_of") + r")\s+(?:"
    + alternation("places", "direction_of_marks", space=r"\s+") + r"))\s+$", re.I)


_SUBDIVISION = re.compile(r"\s(?:" + alternation("places", "subdivision_nouns") + r")$")


def lookup_mention(gazetteer: Gazetteer, text: str, before: str = "") -> list[Candidate]:
    """Candidates for a mention; "northern Mali" is tried as a whole before "Mali"."""
    m = _DIRECTION.search(before)
    if m:
        found = gazetteer.lookup(m.group().strip() + " " + text.strip(), fuzzy=False)
        if found and found[0].feature == "region":
            return found
    surface = re.sub(r"^(?:the|The|THE)\s+", "", text.strip())
    if surface not in abbreviation_keys():
        surface = re.sub(r"(?:['’]s?|[.,;:])$", "", surface)
    if _SUBDIVISION.search(surface) and not gazetteer.lookup(surface, fuzzy=False):
        # A county or parish the gazetteer lacks: better the document's own town (the fallback) than a
        # same-named place elsewhere ("Suffolk County" is not Suffolk, England).
        return []
    stripped = _STRIP_CUE.sub("", surface).strip()
    found = gazetteer.lookup(surface, fuzzy=False)
    if not found and stripped and stripped != surface:
        found = gazetteer.lookup(stripped, fuzzy=False)  # "Soum province" is Soum before it is South Province
    if not found:
        found = gazetteer.lookup(surface)
    if not found and stripped and stripped != surface:
        found = gazetteer.lookup(stripped)
    if not found and not (set(surface.split()) & facility_words()):
        found = _embedded(gazetteer, surface)
    return found


@functools.cache
def facility_words() -> frozenset[str]:
    return frozenset(r["word"] for r in read_tsv(PLACES_DATA / "facility_words.tsv"))


def _embedded(gazetteer: Gazetteer, surface: str) -> list[Candidate]:
    """A name that contains a place ("Colorado State University", "Dubai World Cup"): the place it names,
    longest capitalised word run first."""
    words = surface.split()
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            part = words[i:i + size]
            if not part[0][:1].isupper() or part[0].lower() in _VENUE_WORDS:
                continue
            if size == 1 and (part[0].casefold() in stopnames() or len(part[0]) < 4 and not part[0].isupper()):
                continue  # "South" of "South Kilburn Estate" is no place
            # "Snake Island" holds no Iceland ("Ísland"); a nationality says whose, not where: the French Quarter
            # is in New Orleans, and the Russian Embassy where the text is, not in Russia.
            found = [c for c in gazetteer.lookup(" ".join(part), fuzzy=False) if c.importance >= 4.5
                     and (size > 1 or c.match != "alias" or part[0].isupper())
                     and not (c.match == "demonym" and c.feature == "country")]
            if found:
                return found
    return []


QUALIFIER_MIN_IMPORTANCE = 5.0  # towns of 100,000 people and more: the ones venues are called after


def _qualifying_town(gazetteer: Gazetteer, surface: str) -> list[Candidate]:
    """The town that ends a venue's name or follows its last "of": "Robinson College Cambridge" -> Cambridge."""
    words = surface.split()
    if len(words) < 2:
        return []
    if "of" in words[:-1]:
        words = words[len(words) - words[::-1].index("of"):]
    for size in range(min(len(words), 3), 0, -1):
        part = words[-size:]
        if size == len(surface.split()) or not part[0][:1].isupper():
            continue
        if size == 1 and (part[0].casefold() in stopnames() or len(part[0]) < 4) or set(part) & facility_words():
            continue  # "Loyola University" is not in University, Florida
        found = [c for c in gazetteer.lookup(" ".join(part), fuzzy=False)
                 if c.feature in POINTS and c.importance >= QUALIFIER_MIN_IMPORTANCE]
        if found:
            return found
    return []


_STATE_INSTITUTION_WORDS = words("places", "state_institution_words")


def _institution_region(gazetteer: Gazetteer, surface: str) -> Candidate | None:
    """The state or province a public institution is named after: "Arizona State University", "University of
    California" (a street or a venue named after a region is not in it: "Pennsylvania Avenue")."""
    if not set(surface.split()) & _STATE_INSTITUTION_WORDS:
        return None
    regions = [c for c in _embedded(gazetteer, surface) if c.feature == "admin1" and c.match == "name"]
    return max(regions, key=lambda c: c.importance) if regions else None


def _candidate_in(c: Candidate, k: Candidate, near: bool) -> bool:
    if c.id == k.id:
        return False
    d = distance_km(c.lat, c.lon, k.lat, k.lon)
    if near or k.feature not in AREAS:
        return d <= 120
    if k.feature == "country":
        return c.country == k.country
    if k.feature == "admin1":
        if c.feature == "admin2":  # counties carry their state's own code: Madison County, Alabama is not in Tennessee
            return c.country == k.country and c.admin1 == k.admin1
        return c.country == k.country and (c.admin1 == k.admin1 or d <= ADMIN1_REACH_KM)
    if k.feature == "admin2":
        # A county or district is tens of kilometres across, but our county points are estimates (the median of a
        # group of towns), so within its state a town up to COUNTY_REACH_KM off is still held.
        same_state = c.admin1 is not None and c.admin1 == k.admin1
        return c.country == k.country and (c.admin1 is None or k.admin1 is None or same_state) and (
            d <= 150 or same_state and d <= COUNTY_REACH_KM)
    if k.feature == "continent":
        return d <= 5000
    return d <= REGION_REACH_KM


def _score(item: Item, c: Candidate, items: Sequence[Item], focus: Counter, focus_admin1: Counter,
           sites: Sequence[tuple[str, float, float, str | None]] = ()) -> float:
    w = WEIGHTS
    s = w["prior"] * c.importance + w["match"].get(c.match, 0.0) + w["feature"].get(c.feature or "", 0.0)
    if c.match == "alias" and c.feature == "city" and item.has_name_match and not _short_form(c.matched, c.name):
        s += w["alias_beside_name"]
    if item.cues and c.feature in item.cues:
        s += w["cue"]
    if item.label == "NORP" and c.match != "demonym":
        s += w["demonym_wrong_label"]
    total = sum(focus.values())
    if total and c.country:
        # A territory shares its sovereign's focus: "San Juan" in a story about the US is Puerto Rico's.
        home = sovereign(c.country)
        s += w["focus_country"] * (focus[c.country] + (focus[home] if home != c.country else 0.0)) / total
    # A place only also called this ("Mexico" for Mexico City) takes no credit for being where the text is:
    # it is there because the text names it in full elsewhere.
    secondary = c.match == "alias" and item.has_name_match
    total1 = sum(focus_admin1.values())
    if total1 and c.admin1 and not secondary:
        s += w["focus_admin1"] * focus_admin1[c.admin1] / total1
    if items and item.container is not None and items[item.container].choice is not None:
        k = items[item.container].choice
        inside = _candidate_in(c, k, item.container_near)
        s += w["contained"] if inside else w["not_contained"]
        if inside and k.feature == "admin1" and c.admin1 != k.admin1:
            s += w["contained_far"] * distance_km(c.lat, c.lon, k.lat, k.lon) / ADMIN1_REACH_KM
        elif inside and k.feature in REACH_ONLY_AREAS:
            # A region held by distance alone ("Croft, Yorkshire"): the namesake nearer its centre is the one meant.
            s += w["contained_far"] * distance_km(c.lat, c.lon, k.lat, k.lon) / REGION_REACH_KM
    if items and item.contains and c.feature in AREAS:
        if any(_candidate_in(k, c, items[i].container_near) for i in item.contains for k in items[i].candidates):
            s += w["contains"]
    if c.feature not in AREAS and sites and not secondary:
        own = key(item.text)
        for site_key, lat, lon, _admin1 in sites:
            if site_key != own and distance_km(c.lat, c.lon, lat, lon) <= NEAR_KM:
                s += w["near"]
                break
    return s


def _site_of(it: Item) -> tuple[str, float, float, str | None] | None:
    """The point place a mention resolved to, as coherence sees it (see :func:`_sites`)."""
    o = it.choice
    if o is None or o.feature in AREAS or it.fallback or it.tentative:
        return None
    return (key(it.text), o.lat, o.lon, o.admin1)


def _sites(items: Sequence[Item]) -> list[tuple[str, float, float, str | None]]:
    """The distinct point places the document's mentions resolved to, for coherence."""
    seen: dict[tuple[str, str], tuple[str, float, float, str | None]] = {}
    for it in items:
        o = it.choice
        if o is not None and o.feature not in AREAS and not it.fallback and not it.tentative:
            seen.setdefault((o.id, key(it.text)), (key(it.text), o.lat, o.lon, o.admin1))
    return list(seen.values())[:MAX_SITES]


_SOVEREIGN_OF = word_map("places", "sovereign_of")


def sovereign(country: str | None) -> str | None:
    """The state a territory belongs to ("MP", the Northern Mariana Islands -> "US"); a state is its own."""
    return _SOVEREIGN_OF.get(country or "", country)


def _site_details(items: Sequence[Item]) -> list[tuple[str, float, float, str | None, float]]:
    """Like :func:`_sites`, with each place's country and importance."""
    seen: dict[tuple[str, str], tuple[str, float, float, str | None, float]] = {}
    for it in items:
        o = it.choice
        if o is not None and o.feature not in AREAS and not it.fallback and not it.tentative:
            seen.setdefault((o.id, key(it.text)), (key(it.text), o.lat, o.lon, o.country, o.importance))
    return list(seen.values())[:MAX_SITES]


DEMONYM_FOCUS = 0.3


def _contribution(it: Item) -> tuple[Counter, Counter]:
    countries: Counter = Counter()
    admin1: Counter = Counter()
    c = it.choice
    if c is None or it.tentative:
        return countries, admin1
    if c.country:
        # An unambiguous mention (one candidate) is firmer evidence than a guess; a nationality ("Japanese") says
        # who, not where.
        if c.match == "demonym":
            countries[c.country] += DEMONYM_FOCUS
        else:
            countries[c.country] += 1.0 if len(it.candidates) == 1 or c.feature == "country" else 0.5
    if c.feature == "admin1" and c.admin1:
        admin1[c.admin1] += 1.0
    elif c.admin1:
        admin1[c.admin1] += 0.3
    return countries, admin1


def _focus(items: Sequence[Item]) -> tuple[Counter, Counter]:
    countries: Counter = Counter()
    admin1: Counter = Counter()
    for it in items:
        c1, a1 = _contribution(it)
        countries.update(c1)
        admin1.update(a1)
    return countries, admin1


def _link_containers(text: str, items: list[Item]) -> None:
    order = sorted(range(len(items)), key=lambda i: items[i].start)
    for a, b in zip(order, order[1:]):
        gap = text[items[a].end:items[b].start]
        m = _CONNECTOR_RE.match(gap)
        if m and m.end() == len(gap) and len(gap) <= 30:
            items[a].container = b
            items[a].container_near = any(word in gap.lower() for word in _NEAR_WORDS)
            items[a].container_word = not gap.strip().startswith((",", "(", "["))
        elif (found := apposition(gap)) is not None:
            # "Lima is a city in Allen County": the text says outright which place holds the first one.
            items[a].container, items[a].container_near, items[a].container_word = b, found[1], True
            items[a].cues |= found[0]
        elif _POSSESSIVE_RE.match(gap) and items[b].container is None:
            items[b].container, items[b].container_word = a, True  # "Niger's Air Base 101"


# What an initialism in running text can name: an area ("UK", "DRC") or a major city ("NYC"), not a village
# that happens to be spelt the same ("OAS", "CHU"), nor a near-miss spelling ("UCLA" is not Uccle).
ACRONYM_FEATURES = {"country", "admin1", "continent", "region", "airbase", "naval_base"}  # curated sites: "T4"
ACRONYM_MIN_IMPORTANCE = 6.0
_ACRONYM = re.compile(r"^[A-Z][A-Z.&]{1,5}$")


def is_acronym(text: str, start: int, surface: str) -> bool:
    """An initialism in running text; a capitalised dateline ("ROME (AP) —") at the start of a line is a name."""
    if not _ACRONYM.match(surface) or surface in abbreviation_keys():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return any(ch.islower() for ch in text[line_start:start])


def acronym_candidates(candidates: list[Candidate]) -> list[Candidate]:
    return [c for c in candidates if c.match != "fuzzy" and (
        c.feature in ACRONYM_FEATURES or c.match in ("code", "abbrev") or c.importance >= ACRONYM_MIN_IMPORTANCE)]


def _abbreviated_region(holders: Sequence[Candidate]) -> bool:
    """A state written as a newspaper abbreviation or a postal code ("CAMP MURRAY, Wash.", "Elgin, IL"): nobody
    lists places that way, so the comma before it is containment, never a list."""
    return bool(holders) and holders[0].feature == "admin1" and holders[0].match in ("abbrev", "code")


def resolve_items(text: str, items: list[Item], gazetteer: Gazetteer, fallback: bool = True) -> list[Item]:
    for it in items:
        if not it.candidates:
            found = lookup_mention(gazetteer, it.text, text[max(0, it.start - 20):it.start])
            if is_acronym(text, it.start, it.text.strip()):
                found = acronym_candidates(found)
            it.candidates = found[:MAX_CANDIDATES]  # most notable first: bounds the work on very common names
        it.cues = cue_features(text, it.start, it.end)
    _link_containers(text, items)
    for it in items:
        if (it.container is not None and it.candidates and _SUBDIVISION.search(it.text.strip())
                and not any(_candidate_in(c, k, it.container_near) for c in it.candidates
                            for k in items[it.container].candidates[:5])):
            # "Scott County, Kentucky" when the gazetteer holds only the Scott Counties of Illinois and Missouri:
            # the county is one the gazetteer lacks, and its state holds what the text puts in it.
            it.candidates = []
    for it in items:  # "X is a city in Allen County, Ohio" with no Allen County to hand: Ohio holds X
        seen = set()
        while (it.container is not None and not items[it.container].candidates
               and items[it.container].container is not None and it.container not in seen):
            seen.add(it.container)
            it.container = items[it.container].container
    for it in items:  # a container none of whose candidates can hold the mention was a list ("Russia, China")
        if it.container is not None:
            holders = items[it.container].candidates
            if not it.candidates or not any(_candidate_in(c, k, it.container_near) for c in it.candidates
                                            for k in holders[:5]):
                if not it.candidates and holders and not it.container_near:
                    # "Bambino Gesu Hospital in Rome", "Sloss Furnaces, Birmingham": a venue the gazetteer lacks
                    # lies in the place the text puts it in.
                    it.via_container = True
                elif ((it.container_word or _abbreviated_region(holders)) and it.candidates and holders
                      and all(c.feature in POINTS for c in it.candidates)):
                    # "August in New Orleans" (a restaurant) is not August, Georgia: a place in New Orleans. An area
                    # out of its container ("the Embassy of Ukraine in Nigeria") is a list or a relation instead.
                    it.candidates, it.via_container = [], True
                else:
                    it.container = None
    for i, it in enumerate(items):
        it.contains = []
    for i, it in enumerate(items):
        if it.container is not None:
            items[it.container].contains.append(i)
    empty: Counter = Counter()
    for it in items:  # pass 1: each mention on its own
        if it.candidates:
            scored = [(_score(it, c, [], empty, empty), c) for c in it.candidates]
            it.score, it.choice = max(scored, key=lambda sc: sc[0])
    for _ in range(2):  # passes 2-3: with the document around it
        focus, focus1 = _focus(items)
        site_counts = Counter(site for it in items if (site := _site_of(it)) is not None)
        sites = list(site_counts)[:MAX_SITES]
        for it in items:
            if it.candidates:
                own_c, own_a = _contribution(it)  # a mention is no evidence for itself
                own_site = _site_of(it)
                f, f1 = focus - own_c, focus1 - own_a
                scored = [(_score(it, c, items, f, f1, sites), c) for c in it.candidates]
                it.score, it.choice = max(scored, key=lambda sc: sc[0])
                # The next mentions see this one's new reading (not last pass's): two namesakes that each follow
                # the other's old choice ("Birmingham and Montgomery") would otherwise swap countries every pass.
                new_c, new_a = _contribution(it)
                focus.subtract(own_c)
                focus.update(new_c)
                focus1.subtract(own_a)
                focus1.update(new_a)
                new_site = _site_of(it)
                if new_site != own_site:
                    if own_site is not None:
                        site_counts[own_site] -= 1
                        if site_counts[own_site] <= 0:
                            del site_counts[own_site]
                    if new_site is not None:
                        site_counts[new_site] += 1
                    sites = list(site_counts)[:MAX_SITES]
    _one_sense_per_document(items)
    _precision_gate(items)
    _confirm_tentative(items)
    place_rivers(items)
    focus, _ = _focus(items)
    if fallback:
        anchor = document_anchor(items, focus)
        total = sum(focus.values())
        if anchor is not None and total and focus[anchor.country] / total < ANCHOR_MIN_SHARE:
            # A text about several countries ("the Russian Embassy in the U.S. capital", a list of tour dates) has
            # no one place its unknown names lie in: they stay unresolved rather than pinned in the likeliest.
            anchor = None
        for it in items:
            if it.choice is None and it.via_container and not it.tentative and items[it.container].choice is not None:
                it.choice, it.score, it.fallback = items[it.container].choice, 0.0, True
        for it in items:
            if it.choice is not None or it.tentative or it.keep_unresolved:
                continue
            # A venue named with its town as a qualifier ("British Embassy Tokyo", "University of Kent") lies there
            # when the text is about that town's country; a town the venue is named after ("Washington Township",
            # "Hampton Avenue") or a country ("Russian Embassy") says less than the document's anchor does.
            towns = [c for c in _qualifying_town(gazetteer, it.text) if focus[c.country] > 0]
            if towns:
                it.choice, it.score = max(towns, key=lambda c: c.importance + focus[c.country]), 0.0
            elif (region := _institution_region(gazetteer, it.text)) is not None and not (
                    anchor is not None and anchor.admin1 == region.admin1):
                it.choice, it.score = region, 0.0  # "Arizona State University" is in Arizona, wherever the text is
            elif anchor is not None:
                # A street, building or venue the gazetteer lacks lies, most often, in the place the text is about.
                it.choice, it.score, it.fallback = anchor, 0.0, True
            elif embedded := _embedded(gazetteer, it.text):  # no anchor: the place a venue's name contains
                it.choice, it.score = max(embedded, key=lambda c: c.importance), 0.0
    return items


def _one_sense_per_document(items: Sequence[Item]) -> None:
    """A name the text pins down once ("central Washington", "Tacoma, Washington", "the port of Tartus") means
    the same place where it recurs bare: the pinned reading is given to the other mentions of that name."""
    pinned: dict[str, Item] = {}
    for it in items:
        c = it.choice
        if c is not None and (c.feature in it.cues or it.container is not None or it.contains) or it.via_container:
            pinned.setdefault(key(it.text), it)
    for it in items:
        sure = pinned.get(key(it.text))
        if sure is None or sure is it or it.choice is None:
            continue
        if it.cues or it.container is not None or it.contains:
            continue  # its own evidence may say otherwise ("Paris, Texas" beside "Paris, France")
        if sure.via_container:  # the name is a place in that container, wherever it recurs
            it.candidates, it.container, it.via_container, it.choice = [], sure.container, True, None
            continue
        same = next((c for c in it.candidates if c.id == sure.choice.id), None)
        if same is not None:
            it.choice = same


# A looser match (a transliteration fold, a near-miss spelling, another place's alternate name) names a small place
# by accident more often than by design: it stands only with evidence from the text.
WEAK_ALIAS_MAX_IMPORTANCE = 5.0  # towns under about 100,000 people
# A small town abroad when the text is plainly about one country is more often a namesake of a local village the
# gazetteer lacks ("Inata" in a note on Burkina Faso) than a place the text went abroad for.
SMALL_PLACE_MAX_IMPORTANCE = 5.0
FOCUS_DOMINANCE = 0.6  # share of the other mentions' weight that makes a country the text's focus
FOCUS_MIN_WEIGHT = 1.5
REGION_KM = 1500.0
# A small town this far from every other place the text names, with nothing in the text placing it, is more often a
# street, venue or neighbourhood named like a town ("Bourbon Street", "on Broadway", "Turtle Rock") than a trip
# across the country; a place the text keeps naming is its subject wherever it lies.
STRAY_TOWN_KM = 450.0
SUBJECT_MENTIONS = 3
STRAY_MARGIN = 1.0  # importance (log10 people) by which a town outranks its namesakes to be the one its name means
FOCUS_SUPPORT = 0.25  # share that lets a country's focus support a loose match there


def is_weak(c: Candidate) -> bool:
    return c.match in ("fuzzy", "bare") or (
        c.match == "alias" and c.feature == "city" and c.importance < WEAK_ALIAS_MAX_IMPORTANCE  # reviewed sites' aliases are sure
        and not _short_form(c.matched, c.name))


def _short_form(matched_key: str, name: str) -> bool:
    """"Guantanamo Bay" for "Naval Station Guantanamo Bay": an alias that is part of the place's own name."""
    own = f" {key(name)} "
    return bool(matched_key) and f" {matched_key} " in own


class _Others:
    """The firm choices of a document's mentions, summed once (country counts, the countries named as such,
    distinct points), so that "the rest of the text" for one mention is a subtraction, not a scan of every
    mention (a long report has thousands)."""

    def __init__(self, items: Sequence[Item]):
        self.countries: Counter = Counter()
        self.named: Counter = Counter()
        self.points: Counter = Counter()
        for it in items:
            if self.counts(it):
                self._add(it.choice, 1)

    @staticmethod
    def counts(it: Item) -> bool:
        return it.choice is not None and not is_weak(it.choice) and not it.tentative

    def _add(self, k: Candidate, n: int) -> None:
        self.countries[k.country] += n
        if k.feature == "country" and k.match != "demonym":  # "Ethiopian" says who, not where
            self.named[k.country] += n
        self.points[(k.lat, k.lon)] += n

    def drop(self, k: Candidate) -> None:
        """A choice the gate has just taken back no longer speaks for the others."""
        self._add(k, -1)

    def region(self, it: Item, c: Candidate) -> bool:
        """Whether the rest of the text (every firm choice but ``it``'s own) is in ``c``'s country, or near it
        and in a country the text names (or it names none)."""
        own = it.choice if self.counts(it) else None
        own_country = own.country if own is not None else _NOBODY
        own_named = own.country if own is not None and own.feature == "country" and own.match != "demonym" else _NOBODY
        own_point = (own.lat, own.lon) if own is not None else None
        if self.countries[c.country] - (c.country == own_country) > 0:
            return True
        named = {country for country, n in self.named.items() if n - (country == own_named) > 0}
        return (not named or c.country in named) and any(
            n - (point == own_point) > 0 and distance_km(point[0], point[1], c.lat, c.lon) <= REGION_KM
            for point, n in self.points.items())


_NOBODY = object()  # no country to subtract (a choice's country may itself be None)

def evidence(it: Item, c: Candidate, items: Sequence[Item], focus: Counter,
             sites: Sequence[tuple[str, float, float, str | None]], others: _Others | None = None) -> set[str]:
    """What in the text, besides the name, points at candidate ``c`` for mention ``it``."""
    found: set[str] = set()
    if it.container is not None and (k := items[it.container].choice) is not None and _candidate_in(
            c, k, it.container_near):
        found.add("admin_hint")
    if it.contains and any((o := items[i].choice) is not None and _candidate_in(o, c, items[i].container_near)
                           for i in it.contains):
        found.add("contains")
    if it.cues and (c.feature in it.cues or c.feature == "city"):
        found.add("cue")
    total = sum(focus.values())
    if total and c.country and focus[c.country] / total >= FOCUS_SUPPORT:
        found.add("focus")
    own = key(it.text)
    if c.feature not in AREAS and any(site_key != own and distance_km(c.lat, c.lon, lat, lon) <= NEAR_KM
                                      for site_key, lat, lon, _a in sites):
        found.add("near")
    # The rest of the text is about this part of the world: its country, or nearby -- unless the text names the
    # countries it is about and this is none of them ("Adjarara" in a note on Burkina Faso is not Adrar, Algeria).
    if (others or _Others(items)).region(it, c):
        found.add("region")
    return found


COMMON_WORD_TOWN_MAX = 4.5  # a village called "West" or "Hope"; Bath, Mobile and Nice are towns in their own right


def is_common_word(name: str) -> bool:
    """A name made of words that are capitalised in text for other reasons ("West", "North West", "Capital")."""
    return all(w.casefold() in stopnames() for w in name.split())


class _NamedUnits:
    """The countries and first-level units the text's resolved names are, counted once and kept up to date as
    the gate leaves names unresolved: asked for every candidate town, a scan of every other name made the gate
    grow with the square of the text's length."""

    def __init__(self, items: Sequence[Item]):
        self.counts: Counter = Counter(self._unit(it, it.choice) for it in items)

    @staticmethod
    def _unit(it: Item, k: Candidate | None) -> tuple | None:
        """The country or first-level unit ``it`` names when it resolves to ``k``, else None."""
        if k is None or it.fallback or k.match == "demonym":
            return None
        if k.feature == "country":
            return ("country", sovereign(k.country))
        if k.feature == "admin1":
            return ("admin1", sovereign(k.country), k.admin1)
        return None

    def drop(self, it: Item, was: Candidate) -> None:
        """``it`` no longer resolves to ``was``."""
        self.counts[self._unit(it, was)] -= 1

    def place(self, it: Item, c: Candidate) -> bool:
        """Some other name of the text is the country or the first-level unit ``c`` lies in."""
        own = self._unit(it, it.choice)
        wanted = (("country", sovereign(c.country)), ("admin1", sovereign(c.country), c.admin1))
        return any(self.counts[w] - (own == w) > 0 for w in wanted)


def _stray_town(it: Item, c: Candidate, units: _NamedUnits,
                sites: Sequence[tuple[str, float, float, str | None, float]], mentions: Counter) -> bool:
    """A small town more than STRAY_TOWN_KM from every notable point place the text's other names resolved to, in no
    region or country the text names ("Manbij" in a text naming Syria, "Tinzaouaten" 1,400 km from Bamako in a
    text naming Mali are where the text went)."""
    if (c.feature != "city" or c.importance >= SMALL_PLACE_MAX_IMPORTANCE or mentions[c.id] >= SUBJECT_MENTIONS
            or it.contains):  # "Collins Avenue in Miami Beach": the text locates things in it, as in a town
        return False
    rivals = [k.importance for k in it.candidates if k.id != c.id]
    if not is_weak(c) and c.importance - max(rivals, default=0.0) >= STRAY_MARGIN:
        # A name only one town bears, or one town of it ten times the size of any other, is that town (a local
        # paper's "Baraboo" or "Ames" beside "Chicago").
        return False
    own = key(it.text)
    # Another small town is no firmer than this one ("Derry" beside a village called "Republic").
    others = [(lat, lon) for site_key, lat, lon, _country, importance in sites
              if site_key != own and importance >= SMALL_PLACE_MAX_IMPORTANCE]
    if not others or any(distance_km(c.lat, c.lon, lat, lon) <= STRAY_TOWN_KM for lat, lon in others):
        return False
    # "Owensboro" in a text about Kentucky; "Tinzaouaten" in a text about Mali
    return not units.place(it, c)


def _precision_gate(items: Sequence[Item]) -> None:
    """Leave unresolved (keeping the ranked candidates) the choices nothing but a loose name supports."""
    firm = [it for it in items if it.choice is not None and not is_weak(it.choice)]
    firm_ids = {id(it) for it in firm}
    sites = _sites(firm)
    notable = _site_details(firm)
    mentions = Counter(it.choice.id for it in firm)
    all_focus, all_focus1 = _focus(firm)
    others = _Others(items)
    units = _NamedUnits(items)
    for it in items:
        c = it.choice
        if c is None:
            continue
        own_c, own_a = _contribution(it) if id(it) in firm_ids else (Counter(), Counter())
        focus, focus1 = all_focus - own_c, all_focus1 - own_a  # no evidence for itself
        found = evidence(it, c, items, focus, sites, others)
        counted = _Others.counts(it)
        total = sum(focus.values())
        top, top_weight = focus.most_common(1)[0] if total else (None, 0.0)
        dominant = total >= FOCUS_MIN_WEIGHT and top_weight / total >= FOCUS_DOMINANCE
        if is_weak(c) and not (found & {"admin_hint", "contains", "focus", "near", "region"}
                               or "cue" in found and not firm):  # a cue vouches for a loose match, not against the text
            it.choice = it.score = None
            it.unsupported = "loose match without evidence"
        elif (dominant and c.country and sovereign(c.country) != sovereign(top) and c.feature == "city"
              and c.importance < SMALL_PLACE_MAX_IMPORTANCE and not found & {"admin_hint", "contains", "near"}):
            it.choice = it.score = None
            it.unsupported = f"small place outside the text's country ({top})"
        elif (c.feature == "admin2" and not found & {"admin_hint", "contains"}
              and (state := _text_state(focus1)) is not None and state != c.admin1):
            # Most county names are borne in many states, and the gazetteer holds only some of the counties: a
            # county of another state than the one the text is about is a namesake of one it lacks.
            it.choice = it.score = None
            it.unsupported = f"a county outside the text's state ({state})"
        elif not found & {"admin_hint", "contains", "near", "cue"} and _stray_town(it, c, units, notable, mentions):
            it.choice = it.score = None
            it.unsupported = "a small town far from the text's other places"
        elif (is_common_word(c.name) or c.match == "alias" and is_common_word(it.text.strip())) and (
                c.feature in ("admin1", "admin2", "landmark") and not found & {"admin_hint", "contains", "focus"}
                or c.feature == "city" and c.importance < COMMON_WORD_TOWN_MAX and not found & {"admin_hint", "contains", "near"}):
            # "the West", "Western countries", "Centre": a word that only names a region of a country the text is
            # not about (West, Cameroon; Western, Ghana) is the word, not the region; "Congress" is the Capitol
            # only in a text about the US.
            it.choice = it.score = None
            it.unsupported = "a common word, and the place it also names is not where the text is"
            it.keep_unresolved = True
        elif (dominant and c.match == "code" and len(c.matched) <= 2 and c.feature != "country" and c.country and sovereign(c.country) != sovereign(top)
              and not found & {"admin_hint", "contains"}):
            # "SA" in a text about South Africa is not South Australia's postal code (two-letter codes collide
            # across countries; "NSW" or "QLD" name one state wherever the text's other places are)
            it.choice = it.score = None
            it.unsupported = f"a code of a region outside the text's country ({top})"
        if counted and it.choice is None:
            others.drop(c)
        if it.choice is None:
            units.drop(it, c)


STATE_FOCUS_MIN_WEIGHT = 1.0  # a state named once, or the state of a few of the text's towns


def _text_state(focus1: Counter) -> str | None:
    """The first-level region the text is plainly about (its share of the regional focus), if any."""
    total = sum(v for v in focus1.values() if v > 0)
    if not total:
        return None
    top, weight = focus1.most_common(1)[0]
    return top if weight >= STATE_FOCUS_MIN_WEIGHT and weight / total >= FOCUS_DOMINANCE else None


TENTATIVE_EVIDENCE = {"admin_hint", "contains", "near"}


def _confirm_tentative(items: Sequence[Item]) -> None:
    """A name recognition only proposed (a small town's name, or one NER called an organisation) is a place when
    the text puts it beside its other places: a container that holds it, or a firm place within NEAR_KM."""
    firm = [it for it in items if not it.tentative and it.choice is not None and not is_weak(it.choice)]
    sites = _sites(firm)
    focus, _ = _focus(firm)  # ("focus" is no evidence here; "region" only says the continent)
    for it in items:
        if not it.tentative or it.choice is None:
            continue
        # Not the text's focus alone: "King", "Johnson" and "Plain" are towns of the country many a text is about.
        if it.choice.match != "name" or not evidence(it, it.choice, items, focus, sites) & TENTATIVE_EVIDENCE:
            it.choice = it.score = None
            it.unsupported = "a proposed name not beside the text's places"


@functools.cache
def river_courses() -> dict[str, list[tuple[float, float]]]:
    """Points along each reviewed river's course, by the river's gazetteer id (``river_courses.tsv``)."""
    courses: dict[str, list[tuple[float, float]]] = {}
    for r in read_tsv(PLACES_DATA / "river_courses.tsv"):
        courses.setdefault(r["river"], []).append((float(r["lat"]), float(r["lon"])))
    return courses


def place_rivers(items: Sequence[Item]) -> None:
    """A river is where the text meets it: of the points along its course, the one nearest the text's other places
    ("the Mississippi" in a story from New Orleans is the river at New Orleans, not at its middle)."""
    courses = river_courses()
    rivers = [it for it in items if it.choice is not None and it.choice.id in courses]
    if not rivers:
        return
    # Point places and the regions and counties around them; a country or a sea is too large to say where.
    places = {(it.choice.lat, it.choice.lon) for it in items
              if it.choice is not None and not it.fallback and not it.tentative
              and (it.choice.feature not in AREAS or it.choice.feature in ("admin1", "admin2"))}
    if not places:
        return
    for it in rivers:
        c = it.choice
        nearest = min([(c.lat, c.lon)] + courses[c.id],
                      key=lambda p: min(distance_km(p[0], p[1], lat, lon) for lat, lon in places))
        if nearest != (c.lat, c.lon):
            it.choice = dataclasses.replace(c, lat=nearest[0], lon=nearest[1])


ANCHOR_VOTE = {"name": 1.0, "other": 0.5}
ANCHOR_MIN_SHARE = 0.4  # of the text's country focus, for its anchor to hold the names the gazetteer lacks
ANCHOR_REGION_VOTE = 0.5  # per mention, for a place in the region the text is most about


def document_anchor(items: Sequence[Item], focus: Counter | None = None) -> Candidate | None:
    """The most mentioned town-level place of a document (else admin1 region) in the country the document is
    most about, first mention breaking ties."""
    top = focus.most_common(1)[0][0] if focus else None
    regions: Counter = Counter()
    for it in items:  # the region the text is about: named outright, or holding the towns it names
        c = it.choice
        if c is not None and not it.fallback and not it.tentative and c.admin1 and (top is None or c.country == top):
            regions[c.admin1] += 1.0 if c.feature == "admin1" else 0.5
    top_region = regions.most_common(1)[0][0] if regions else None
    for features in (POINTS, {"admin1"}, {"country"}):
        counts: Counter = Counter()
        first: dict[str, int] = {}
        chosen: dict[str, Candidate] = {}
        for it in items:
            c = it.choice
            if (c is not None and not it.fallback and not it.tentative and not is_weak(c) and c.feature in features
                    and (top is None or c.country == top)):  # a near-miss spelling ("Helmet": Hemet) anchors nothing
                # A place reached by its own name is surer than one reached by an alias or a looser spelling.
                counts[c.id] += ANCHOR_VOTE.get(c.match, ANCHOR_VOTE["other"]) + (
                    ANCHOR_REGION_VOTE if top_region and c.admin1 == top_region else 0.0)
                first.setdefault(c.id, it.start)
                chosen[c.id] = c
        if counts:
            best = max(counts, key=lambda i: (counts[i], -first[i]))
            return chosen[best]
    return None


def to_place(c: Candidate, fallback: bool = False) -> Place:
    precision = PRECISION.get(c.feature or "", 3)
    if fallback:  # somewhere in or near the anchor place: ACLED's "near a town" at best
        precision = max(precision, 2)
    return Place(id=c.id, name=c.name, lat=c.lat, lon=c.lon, feature=c.feature, country=c.country, admin1=c.admin1,
                 geonameid=c.geonameid, precision=precision)
