"""Type conventions read from the ontology's definitions (docs/ontology.md), decided once a trigger's
arguments are known: what moves, and whether the clause states a presence at a site or a movement.

1. **What moves.** DEPLOY is forces, or the systems they operate, moved; TRANSFER is arms or equipment
   passing to another party.  A movement trigger that is ambiguous between the two ("transfer", "arrive";
   « transférer », « transfert ») whose moved thing is materiel alone — no personnel in the clause, and not a
   carrier (an aircraft, a ship) moving under its own power — tells equipment delivered: TRANSFER/delivery
   ("the drones were transferred to the army", "tanks arrived in the capital").  With personnel in the clause
   it stays a deployment ("instructors and an air-defence system arrived").
2. **Stationing at a site.** A stationing trigger ("deploy", "station", "install"; « déployer »,
   « stationner ») whose place is a military site (an air base, a port, a garrison: a place resolved as a
   site, or a site noun heading the locative phrase) states a presence at that site: BASE_PRESENCE /
   stationing.  Into a country, a region or a town it is a deployment into a theatre (DEPLOY).  Arrival and
   movement triggers keep DEPLOY at any place: they tell the move, not the presence.

   A site is a site however the report names it again.  News names a site in full once ("the T4 air base",
   "Air Base 201") and then by its bare name ("install a system at T4"), and points back at it with "there"
   ("visited the Palmyra air base to assess whether Turkey could deploy drones there"): a bare name the report
   has given a site noun, and a "there" whose nearest place named before it in the sentence is a site, name
   the site (stop 24).

The trigger phrases and nouns these rules read are lists of garrison/data/events/words*.tsv.  The new
BASE_PRESENCE mode projects onto ACLED, CASE and PLOVER as DEPLOY/deployment does, so the projections do not
change; Garrison's own presence picture gains the site.
"""

from __future__ import annotations

from dataclasses import replace

from garrison.places.recognise import SITE_FEATURES
from garrison.events.syntax import governing_verb
from garrison.events.country_anaphor import country_place
from garrison.events.where import OWN_BASES, _adjectival, _is_stand_in
from garrison.model import Label, Toponym
from garrison.words import word_map, words

_PEOPLE = {Label.PERSON, Label.MIL_UNIT, Label.ARMED_GROUP}


# every language's words at once, as the stages read mixed-language text (garrison.words)
_THEME_TYPED = word_map("events", "theme_typed_triggers")
_PERSONNEL = words("events", "personnel_nouns")
_CARRIERS = words("events", "carrier_nouns")
_MATERIEL_NOUNS = words("events", "materiel_nouns")
_STATIONING = word_map("events", "stationing_triggers")
_SITE_NOUNS = words("events", "site_nouns")
_PLACE_ADVERBS = words("events", "place_adverbs")


def by_theme(hit, head, roles, materiel: list, mentions) -> tuple[str, str]:
    """(type, mode) of a movement trigger told of materiel alone (rule 1); the hit's own otherwise."""
    if hit.phrase not in _THEME_TYPED:
        return hit.type, hit.mode
    moved = roles.themes or roles.actors or roles.subjects
    if head.pos_ in ("NOUN", "PROPN"):
        moved = [*moved, *head.children]
    moved_words = {t.lower_ for token in moved for t in token.subtree if not _names_a_vehicle(t)}
    clause = {t.lower_ for t in head.subtree if not _names_a_vehicle(t)} | moved_words
    if clause & _PERSONNEL or moved_words & _CARRIERS:
        return hit.type, hit.mode
    if mentions.within((t for token in moved for t in token.subtree), _PEOPLE):
        return hit.type, hit.mode
    if not (materiel or moved_words & _MATERIEL_NOUNS):
        return hit.type, hit.mode
    new_type, _, mode = _THEME_TYPED[hit.phrase].partition("/")
    return new_type, mode


def _names_a_vehicle(token) -> bool:
    """"armoured *personnel* carriers", "*troop* transports", « des transports de *troupes* »: a personnel noun
    that classifies another noun (a compound, or a « de » complement) names a kind of vehicle, not people moved.
    ("a convoy of troops", « un convoi de troupes », « un contingent de militaires » still carry people.)"""
    if token.lower_ not in _PERSONNEL or token.dep_ not in ("compound", "nmod") or token.head.pos_ != "NOUN":
        return False
    return token.head.lower_ not in _PERSONNEL | _MATERIEL_NOUNS | _CARRIERS


def by_site(hit, event_type: str, mode: str, head, chosen) -> tuple[str, str]:
    """(type, mode) of a stationing trigger whose place is a military site (rule 2); the given one otherwise."""
    if event_type != "DEPLOY" or hit.phrase not in _STATIONING:
        return event_type, mode
    if _at_named_site(head, chosen) or _site_phrase(head) or _there_at_site(head):
        new_type, _, new_mode = _STATIONING[hit.phrase].partition("/")
        return new_type, new_mode
    return event_type, mode


def _at_named_site(head, chosen) -> bool:
    """The clause's own place is a military site: resolved as one, or named with a site noun ("the Kavala air
    base", « la base aérienne de Kavala »).  A place inherited from the paragraph counts when the clause points
    at it ("there", « y »): the stationing rule reads it only then."""
    location = chosen.location
    # "station drones there": the parser may hang the adverb on the object; its verb is what counts
    pointed = any(t.lower_ in _PLACE_ADVERBS and getattr(governing_verb(t.head), "i", None) == head.i
                  for t in head.subtree if t.i != head.i)
    if location is None or (chosen.basis not in OWN_BASES and not pointed):
        return False
    place = getattr(location, "place", None)
    if place is not None and place.feature in SITE_FEATURES:
        return True
    text = getattr(location, "text", "") or ""
    return any(word.lower() in _SITE_NOUNS for word in text.split())


def _site_phrase(head) -> bool:
    """A locative phrase of the trigger headed by a site noun ("at the new air base", « sur la base »), or by a
    name the report gave a site noun before ("at T4" after "the T4 air base")."""
    named = _named_sites(head.doc)
    for child in head.children:
        if child.dep_ in ("prep", "obl", "obl:mod", "nmod"):
            nouns = [c for c in child.children if c.dep_ in ("pobj", "obj")] if child.dep_ == "prep" else [child]
            # (the parser may make the name a compound of the next word: "at T4 first")
            names = [t for n in nouns for t in (n, *n.children) if t is n or t.dep_ == "compound"]
            if any(n.lower_ in _SITE_NOUNS for n in nouns) or any(
                    t.pos_ == "PROPN" and t.text in named for t in names):
                return True
    return False


def _named_sites(doc) -> frozenset[str]:
    """The names the report gives a site noun: "T4" of "the T4 air base", "Tiyas" of "T4, also known as the Tiyas
    air base", "Hmeimim" of « la base de Hmeimim »."""
    found = set()
    for token in doc:
        if token.lower_ in _SITE_NOUNS:
            for child in token.children:
                if child.pos_ == "PROPN" and child.dep_ in ("compound", "nmod", "appos", "flat", "flat:name"):
                    found.add(child.text)
            if token.dep_ == "appos" and token.head.pos_ == "PROPN":  # "T4, also known as the Tiyas air base"
                found.add(token.head.text)
    return frozenset(found)


def _there_at_site(head) -> bool:
    """"… visited T4 and the Palmyra air base to assess whether Turkey could deploy drones *there*": the trigger's
    place adverb stands for the nearest place named before it in the sentence (a subject names a doer, not a
    place), and that place is a site."""
    named = _named_sites(head.doc)
    for adverb in head.subtree:
        if adverb.i == head.i or adverb.lower_ not in _PLACE_ADVERBS:
            continue
        if getattr(governing_verb(adverb.head), "i", None) != head.i:
            continue
        for token in reversed(head.sent[: adverb.i - head.sent.start]):
            if token.lower_ in _SITE_NOUNS or (token.pos_ == "PROPN" and token.text in named):
                return True
            if token.pos_ == "PROPN" and token.dep_ not in ("nsubj", "nsubjpass", "nsubj:pass", "compound"):
                return False
    return False


# ---------------------------------------------------------------------------
# 3. works on a facility of their own are not at the report's site of works


_WORKS_TYPES = words("events", "works_types")
_THEME_PREPS = words("events", "works_theme_preps")


def own_facility_place(head, event_type: str, chosen, focus, by_token: dict):
    """The place of works whose sentence names no place but names the facility worked on ("we are working on the
    installation of a factory"), when the choice borrowed the report's site of works from another happening.

    ``where.choose`` lends a sentence that names no place the first site the report put works of its kind at: a
    retelling of the same works ("the buildings are almost finished").  A facility noun that the sentence naming
    that site never used tells other works, at a site the report does not name: the works are known only by the
    country the report is telling about there, the country of the nearest place named before them (the borrowed
    site's own country when none is), at country precision.  Returns the PlaceChoice to use."""
    site = focus.sites.get(event_type) if focus is not None else None
    if (event_type not in _WORKS_TYPES or site is None or chosen.location is not site or chosen.basis != "document"
            or chosen.destination is not None):
        return chosen
    facilities = _worked_on(head)
    if not facilities or facilities & _words_of_sentence(head.doc, site):
        return chosen
    found = _nearest_country(head, by_token) or _country_toponym(site, site)
    if found is None:
        return chosen
    return replace(chosen, location=found, basis="country", geo_precision=3)


def _worked_on(head) -> set[str]:
    """The nouns naming what the works build or install: the object ("building a factory"), or the "of" phrase of a
    works noun ("the installation of the arms factory", « la construction d'une usine »)."""
    nouns = [c for c in head.children if c.dep_ in ("dobj", "obj")]
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _THEME_PREPS:
            nouns += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ == "nmod" and any(g.dep_ == "case" and g.lower_ in _THEME_PREPS for g in child.children):
            nouns.append(child)
    return {n.lower_ for n in nouns if n.pos_ == "NOUN"}


def _words_of_sentence(doc, found) -> set[str]:
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    return {t.lower_ for t in span.sent} if span is not None else set()


def _nearest_country(head, by_token: dict):
    """A country toponym for the nearest place named by its own name before ``head`` that has a country (a people's
    word, a stand-in for the report's main place and a common noun read as a country, "the nation", excluded: the
    country noun's referent is a guess of its own)."""
    doc = head.doc
    for i in sorted((i for i in by_token if 0 <= i < head.i), reverse=True):
        found = by_token[i]
        place = getattr(found, "place", None)
        if (place is None or not place.country or _is_stand_in(found) or _adjectival(found, doc[i])
                or not found.text[:1].isupper()):
            continue
        return _country_toponym(found, found)
    return None


def _country_toponym(found, at):
    place = getattr(found, "place", None)
    country = country_place(place.country) if place is not None and place.country else None
    if country is None:
        return None
    if place.feature == "country":
        return found
    return Toponym(document_id=getattr(at, "document_id", ""), start=at.start, end=at.end, text=country.name,
                   place=country, score=getattr(at, "score", None), mention_label=getattr(at, "mention_label", None))
