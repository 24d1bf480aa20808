""""in the country", "dans le pays": a definite country noun points back at the last country the report named.

News style names a country once and then calls it "the country" ("Russia has moved air-defence systems to
eastern Libya. Its forces would have access to four bases in the country."), often with a qualifier of its
continent ("the North African country").  The places stage sees no name there, so the event would fall back to
the report's main place, often the actor's own country.  Here the noun is indexed as a mention of the country
it refers to: the last one named before it as a place (a people's word, "Libyan", only when a continental
qualifier rules out every country named as a place; so is an owner, "Russia's operations"), skipping those the qualifier excludes.  The nouns, their
determiners and the continental qualifiers are lists of ``garrison/data/events/words*.tsv``.  A name that
governs the noun (the subject of its clause) is never what it points back at: "Russia is not leaving its bases in
the country" speaks of another country (of Russia it would say "its own").  "The capital" likewise points back at
the last capital city named, else at the capital of the country last named; "the town", "the city" at the last
town named.
"""

from __future__ import annotations

import functools

from garrison import config
from garrison.events import regional
from garrison.model import Toponym
from garrison.words import word_map, words

_NOUNS = words("events", "anaphoric_country_nouns")
_DETERMINERS = words("events", "anaphoric_country_determiners")
_CONTINENTS = word_map("events", "continent_qualifiers")
_CAPITAL_NOUNS = words("events", "capital_nouns")
_TOWN_NOUNS = words("events", "anaphoric_town_nouns")
_TOWN_FEATURES = frozenset({"city", "town", "village", "locality"})


@functools.cache
def _continent_of() -> dict[str, str]:
    """ISO code → GeoNames continent code (AF, EU, AS, NA, SA, OC, AN)."""
    return {iso: info.get("continentcode") or "" for iso, info in regional.country_info().items()}


@functools.cache
def _country_names() -> dict[str, str]:
    """ISO code → the country's English name, lower-cased."""
    return {iso: (info.get("name") or "").lower() for iso, info in regional.country_info().items()}


def country_place(code: str):
    """The gazetteer's country with ISO code ``code``, or None."""
    return _country_place(code)


def _country_place(code: str):
    configured = config.settings().gazetteer
    return _country_place_in(str(configured) if configured else None, code)


@functools.lru_cache(maxsize=512)
def _country_place_in(gazetteer_path: str | None, code: str):
    from garrison.places import gazetteer as gaz
    from garrison.places.resolve import to_place

    candidate = gaz.get(gazetteer_path).get(f"country:{code}")
    return to_place(candidate) if candidate is not None else None


def _country(found):
    """The country ``found`` names: a country, or the country's own name resolved to a part of it ("eastern
    Libya" → the region of Libya the places stage read there; "Libya" is still named)."""
    place = getattr(found, "place", None)
    if place is None or not place.country or getattr(found, "score", None) == 0.0:
        return None  # score 0: a name the places stage could not match, lent the report's main place
    if place.feature == "country":
        return place
    if found.text.strip().lower() == _country_names().get(place.country):
        return _country_place(place.country)
    return None


def _determined(token, nouns) -> bool:
    """A singular definite or demonstrative noun ("the country", "this nation", "le pays", "du pays")."""
    if token.lower_ not in nouns or token.tag_ in ("NNS", "NNPS"):
        return False
    if any(c.dep_ in ("prep", "nmod") and c.lower_ in ("of", "de", "d'") for c in token.children):
        return False  # "the country of origin", "the capital of Niger": named by its complement
    if any(c.dep_ in ("poss", "nmod:poss", "compound") for c in token.children):
        return False  # "Mali's capital", "the host country": named or qualified otherwise
    back = token.i - 1
    while back >= token.sent.start and token.doc[back].pos_ in ("ADJ", "PROPN", "PUNCT") and token.doc[back].lower_ not in _DETERMINERS:
        back -= 1  # "the North African country", "the West African nation"
    return back >= token.sent.start and token.doc[back].lower_ in _DETERMINERS and token.doc[back].pos_ in ("DET", "ADP")


def _qualifier(token) -> set[str]:
    """The continents a qualifier allows ("North African" → AF); empty when none is said."""
    allowed: set[str] = set()
    for back in range(1, 4):
        j = token.i - back
        if j < token.sent.start:
            break
        codes = _CONTINENTS.get(token.doc[j].lower_)
        if codes:
            allowed |= set(codes.split())
    for child in token.children:  # "le pays sahélien": French puts the adjective after the noun
        if child.i > token.i and child.dep_ == "amod" and child.lower_ in _CONTINENTS:
            allowed |= set(_CONTINENTS[child.lower_].split())
    return allowed


def _commanding(token) -> set[int]:
    """The subjects of the clauses holding ``token`` (and, for "want Russia to help rebuild the country", the
    object that controls an infinitive's subject): a definite noun is not said of a name that governs it — "Russia
    is not leaving its bases in the country" is about another country than Russia (it would say "its own")."""
    out: set[int] = set()
    node = token
    for _ in range(12):
        if node.head.i == node.i:
            break
        child, node = node, node.head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") and c.i != child.i:
                out.add(c.i)
        if child.dep_ in ("xcomp", "ccomp") or node.dep_ == "xcomp":
            for c in node.children:
                if c.dep_ in ("dobj", "obj") and c.i != child.i:
                    out.add(c.i)  # "want Russia to help": Russia is the infinitive's subject
    return out


def _pick(token, named, continent):
    """The country ``token`` points back at: the last named as a place before it that the qualifier allows, other
    than one a governing subject names; else the last named by a people's word or as an owner."""
    allowed = _qualifier(token)
    governing = _commanding(token)
    # the referent, not only the mention: a country that governs the noun is not the one it points back at
    excluded = {_country(f).country for i, f, people in named if i in governing}
    before = [(i, f, people) for i, f, people in named if i < token.i and _country(f).country not in excluded]
    fits = [(i, f, people) for i, f, people in before
            if not allowed or continent.get(_country(f).country) in allowed]
    pick = next((f for i, f, people in reversed(fits) if not people), None)
    if pick is None:
        pick = next((f for i, f, people in reversed(fits)), None)
    return pick


def add(analysis, doc, places) -> None:
    """Index each anaphoric country noun of ``doc`` as a mention of the country it points back at, and each
    anaphoric "the capital" as the capital it points back at."""
    if not any(t.lower_ in _NOUNS or t.lower_ in _CAPITAL_NOUNS or t.lower_ in _TOWN_NOUNS for t in doc):
        return
    named: list[tuple[int, object, bool]] = []  # (token, toponym, by a people's word or owner) of countries
    capitals: list[tuple[int, object]] = []  # (token, toponym) of capital cities named, text order
    seen = set()
    for i in sorted(places.by_token):
        found = places.by_token[i]
        if id(found) in seen:
            continue
        seen.add(id(found))
        if _is_capital(found):
            capitals.append((i, found))
        if _country(found) is None:
            continue
        token = doc[i]
        # a people's word ("Libyan") or an owner ("the centre of Russia's operations") names whose, not which
        # country the report is about: taken only when no country named as a place fits
        people = (getattr(found, "mention_label", None) == "NORP" or token.tag_ == "JJ"
                  or token.dep_ in ("poss", "nmod:poss") or (token.i + 1 < len(doc) and doc[token.i + 1].tag_ == "POS"))
        named.append((i, found, people))
    continent = _continent_of()
    for token in doc:
        if token.i in places.by_token:
            continue
        place = None
        if _determined(token, _NOUNS):
            pick = _pick(token, named, continent)
            place = _country(pick) if pick is not None else None
        elif _determined(token, _CAPITAL_NOUNS):
            # "officials in Damascus said after a delegation visited the capital": the last capital named, else
            # the capital of the country the report last named
            governing = _commanding(token)
            last = next((f for i, f in reversed(capitals) if i < token.i and i not in governing), None)
            if last is not None:
                place = last.place
            else:
                pick = _pick(token, named, continent)
                country = _country(pick) if pick is not None else None
                place = regional.capital_place(country.country) if country is not None else None
        elif _determined(token, _TOWN_NOUNS):
            place = _last_town(analysis, doc, token)
        if place is None:
            continue
        places.by_token[token.i] = Toponym(document_id=analysis.document.id, start=token.idx,
                                           end=token.idx + len(token.text), text=token.text, place=place,
                                           score=1.0, mention_label="GPE")


def _is_capital(found) -> bool:
    place = getattr(found, "place", None)
    if place is None or place.feature != "city" or not place.country:
        return False
    capital = regional.capital_place(place.country)
    return capital is not None and capital.id == place.id


def _last_town(analysis, doc, token):
    """"… killed three men … to stir up dissension in the town": the last town the report named before the noun,
    other than one governing it — also one named inside a force's name ("the X Shoura Council"), which the events
    stage does not take as a place of its own but which names the town the force holds."""
    governing = {doc[i].idx for i in _commanding(token)}
    best = None
    for toponym in analysis.toponyms:
        place = toponym.place
        if (place is None or toponym.end > token.idx or toponym.mention_label == "NORP"
                or getattr(toponym, "score", None) == 0.0 or place.feature == "country"):
            continue
        if any(toponym.start <= at < toponym.end for at in governing):
            continue
        town = place if (place.feature or "") in _TOWN_FEATURES else _town_called(toponym.text, place.country)
        if town is not None and (best is None or toponym.start > best[0]):
            best = (toponym.start, town)
    return best[1] if best is not None else None


def _town_called(name: str, country: str | None):
    """A name the places stage read as a district or region ("Derna" → the district) that the report then calls
    "the town": the town of that name in the same country, the best known."""
    if not country:
        return None
    configured = config.settings().gazetteer
    return _town_called_in(str(configured) if configured else None, name.strip(), country)


@functools.lru_cache(maxsize=1024)
def _town_called_in(gazetteer_path: str | None, name: str, country: str):
    return regional.town_named(gazetteer_path, name, country, _TOWN_FEATURES)
