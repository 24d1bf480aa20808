"""Where an event happened: the place choice of the event extractor.

Reads the places stage's toponyms over the shared parse.  The order of preference (docs/formats.md,
``location_basis``): a place in the trigger's own phrases, then one elsewhere in its sentence, then the
focus of its paragraph or of the document when nothing in the sentence names where.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from garrison.events import attribution as attribution_mod
from garrison.events import country_anaphor, hinted, regional
from garrison.events.syntax import governing_verb
from garrison.events.when import dateline_range, paragraph_of
from garrison.events.syntax import subject as subject_of
from garrison.geo import distance_km
from garrison.intervals import Intervals
from garrison.model import Analysis, Label, Place
from garrison.words import word_map, words

MOVE_TYPES = {"DEPLOY", "TRANSFER", "RETREAT"}
MEETING_TYPES = {"CONSULT"}  # meetings and talks: held at a venue in a town
VERBAL_TYPES = {"ACCUSE", "REJECT", "REQUEST", "THREATEN", "SUPPORT", "AGREE", "CONSULT", "SANCTION"}
# Domain words live in garrison/data/events/words*.tsv (one file per language).
_ORIGIN_PREPS = words("events", "origin_preps")
_DESTINATION_PREPS = words("events", "destination_preps")
_LOCATION_PREPS = words("events", "location_preps")
_REFERENCE_WORDS = words("events", "reference_point_words")
_WAYPOINT_PREPS = words("events", "waypoint_preps")


@dataclass
class _Places:
    by_token: dict[int, object]  # token index → Toponym (its place None when the gazetteer could not resolve it)
    # sentence start token → the place a coder's note ties the sentence's events to ("coded to X")
    coded: dict[int, object] = field(default_factory=dict)
    # where the report was filed ("LONDON, Dec 13 (Reuters) -"): not a place of what its sentence tells, whatever
    # the parse makes of it (a report filed in London about Syria); it only refines the lede's country
    dateline: object | None = None


def _places(analysis: Analysis, doc) -> _Places:
    """Resolved toponyms first; a place the gazetteer could not resolve still names where, without coordinates.

    A name followed by its administrative units ("Tin-Akoff (Tin-Akoff, Oudalan)") is resolved inside
    them, and the units in brackets become hints, not places of their own (:mod:`garrison.events.hinted`).
    """
    index: dict[int, object] = {}
    ordered = sorted(analysis.toponyms, key=lambda t: t.place is None)
    names = _NamedBodies(analysis)
    dateline = dateline_range(analysis.document.text)
    filed_at = None
    for toponym in ordered:
        if names.contain(toponym):
            continue
        if dateline is not None and dateline[0] <= toponym.start < dateline[1]:
            filed_at = filed_at or toponym
            continue
        span = doc.char_span(toponym.start, toponym.end, alignment_mode="expand")
        if span is not None and not _in_figure_of_speech(span.root):
            for token in span:
                index.setdefault(token.i, toponym)
    places = _Places(index, dateline=filed_at)
    hinted.apply(analysis, doc, places)
    country_anaphor.add(analysis, doc, places)
    return places


_FORCE_LABELS = frozenset({Label.ARMED_GROUP, Label.MIL_UNIT})
_FIGURATIVE_NOUNS = tuple(tuple(phrase.split()) for phrase in words("events", "figurative_place_nouns"))
_OF_WORDS = frozenset({"of", "to", "de", "du", "des", "d'", "d’"})


def _is_figurative_noun(token) -> bool:
    for phrase in _FIGURATIVE_NOUNS:
        if token.lower_ != phrase[-1] and token.lemma_.lower() != phrase[-1]:
            continue
        before = [t.lower_ for t in token.doc[max(0, token.i - len(phrase) + 1):token.i]]
        if before == list(phrase[:-1]):
            return True
    return False


def _in_figure_of_speech(root) -> bool:
    """"Europe's southern doorstep", "the gateway to Africa", "aux portes de l'Europe": a place named as the
    owner of a figure of speech for an edge or a sway says where nothing happens; a real site in reach should
    be chosen instead (the owner's name is kept as a toponym: it is still a place the report names)."""
    head = root.head
    if head.i == root.i:
        return False
    if root.dep_ in ("poss", "nmod", "nmod:poss") and _is_figurative_noun(head):
        return True
    return (root.dep_ in ("pobj", "obl") and head.lower_ in _OF_WORDS and head.head.i != head.i
            and _is_figurative_noun(head.head))


class _NamedBodies:
    """"Africa Corps", "Islamic State Sahel": a place name inside the name of a force says nothing of where the
    act was.  An institution's name does ("Benghazi Medical Centre", "University of Zambia"), and a demonym
    ("Russian Ministry of Defence") is read as such elsewhere."""

    def __init__(self, analysis: Analysis):
        own = {(t.start, t.end) for t in analysis.toponyms}
        self.names = Intervals((m.start, m.end) for m in analysis.mentions
                               if m.label in _FORCE_LABELS and (m.start, m.end) not in own)

    def contain(self, toponym) -> bool:
        return toponym.mention_label in ("GPE", "LOC") and self.names.contains(toponym.start, toponym.end)


def _first_place(places: _Places, tokens) -> object | None:
    """The most precise place among ``tokens`` ("in Niamey, Niger" → Niamey), the earlier on a tie."""
    best, best_rank = None, None
    for token in sorted(tokens, key=lambda t: t.i):
        found = places.by_token.get(token.i)
        if found is None or _adjectival(found, token):
            continue
        rank = _precision_rank(found)
        if best_rank is None or rank < best_rank:
            best, best_rank = found, rank
    return best


def _precision_rank(found) -> int:
    """1 a site (base, port), 2 a town, 3 a region, 4 a country; an unresolved name counts as a town."""
    place = getattr(found, "place", None)
    if place is None:
        return 2
    if place.feature == "country":
        return 4
    return max(1, min(3, place.precision))


def _is_stand_in(found) -> bool:
    """A name the places stage could not match and gave the report's main place instead (score 0): it
    says less about where than any place the sentence names by its own name."""
    return getattr(found, "score", None) == 0.0 and getattr(found, "place", None) is not None


def _without(places: _Places, skip: set[int]) -> _Places:
    if not skip:
        return places
    # a copy, then the few skipped tokens dropped: once per event, so it must not walk the document's places
    kept = dict(places.by_token)
    for i in skip:
        kept.pop(i, None)
    return _Places(kept, places.coded)


_SOURCE_DEPS = ("nsubj", "nsubjpass", "csubj", "agent", "dative")
_CLAUSE_DEPS = ("ccomp", "xcomp", "advcl", "parataxis")


def _attribution_tokens(head) -> set[int]:
    """Tokens of the attribution around a trigger: "told a Libyan outlet", "according to sources in Benghazi".

    A place there says where the source is, not where the event happened.  Read once per token of a
    document (an event's trigger is often its sentence's root, asked again for the sentence); a new set
    each call, which the caller may change.
    """
    known = attribution_mod.token_index(head.doc).attribution_tokens
    if head.i not in known:
        known[head.i] = frozenset(_read_attribution_tokens(head))
    return set(known[head.i])


def _read_attribution_tokens(head) -> set[int]:
    skip: set[int] = set()
    node, child = head, None
    for _ in range(8):
        if child is not None and (attribution_mod.is_report(node) or attribution_mod.is_denial(node)):
            # the source's side: who says it, to whom, through what — but "images show works at X" keeps X
            clause = child.dep_ in _CLAUSE_DEPS
            for other in node.children:
                if other.i == child.i:  # spaCy makes a new Token object on each access: compare positions
                    continue
                if other.dep_ in _SOURCE_DEPS or (clause and other.dep_ in ("dobj", "prep", "npadvmod")) or (
                    other.dep_ == "prep" and other.lower_ in ("to", "with")
                ):
                    skip |= {t.i for t in other.subtree}
        if node.head.i == node.i:  # the root ("is" would never hold: each access makes a new Token object)
            break
        node, child = node.head, node
    sent, doc = head.sent, head.doc
    for i in attribution_mod.token_index(doc).at(("according", "selon", "d'après"), sent.start, sent.end):
        token = doc[i]
        if token.lower_ == "according" and not any(t.i == head.i for t in token.subtree):
            skip |= {t.i for t in token.subtree}
        elif token.lower_ in ("selon", "d'après") and token.head.i != head.i and not any(
            t.i == head.i for t in token.head.subtree
        ):
            skip |= {t.i for t in token.head.subtree}
    skip.discard(head.i)
    return skip


def _adjectival(found, token) -> bool:
    """"a Russian cargo plane", "Darfur communal militia": a demonym or a name qualifying a force names
    whose, not where."""
    if token.head.lower_ in _TERRITORY_NOUNS:
        return False  # "on Libyan soil" is in Libya
    label = getattr(found, "mention_label", None) or getattr(found, "label", None)
    if label == "NORP" or (token.tag_ == "JJ" and token.ent_type_ in ("NORP", "")):
        return True
    # "the Benghazi Defence Brigades": up the chain of the name's compounds to the noun they qualify
    node = token
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.lower_ in _OF_WORDS and node.head.head.pos_ == "PROPN" and (
                node.head.head.dep_ in ("compound", "nmod", "amod")):
            # "State of Sinai militants": a name of a force written with "of" is still the name qualifying the force
            node = node.head.head
        if node.dep_ not in ("compound", "nmod", "amod") or node.head is node:
            return False
        node = node.head
        if node.lower_.strip(_QUOTES) in _FORCE_NOUNS:
            return True
        if node.pos_ != "PROPN":
            return False
    return False


_QUOTES = "\"'“”‘’\x93\x94"  # quotes glued to the name's words ("Brigades”; cp1252 quotes read as C1 controls)


_TERRITORY_NOUNS = words("events", "territory_nouns")
_FORCE_NOUNS = words("events", "force_nouns")


def _locate(head, places: _Places, event_type: str):
    """(location, origin, destination, basis) as toponyms or unresolved mentions.

    ``basis`` says how the location was found: "syntax" (attached to the trigger or its
    arguments), "sentence" (the nearest place in a locative phrase of the sentence) or None.
    """
    places = _without(places, _attribution_tokens(head))
    locate = _locate_in if head.lang_ == "en" else _locate_by_markers
    location, origin, destination, nearest = locate(head, places, event_type)
    if location is not None:
        return location, origin, destination, "syntax"
    if nearest is not None:
        return nearest, origin, destination, "sentence"
    return None, origin, destination, None


def _locate_in(head, places: _Places, event_type: str):
    sent = head.sent
    origin = destination = location = None
    to_prep = from_prep = None
    verb = head if head.pos_ in ("VERB", "AUX") else (governing_verb(head) or head)
    preps = [c for c in head.children if c.dep_ == "prep"]
    if verb is not head:
        preps += [c for c in verb.children if c.dep_ == "prep"]
    preps.sort(key=lambda t: t.i)
    if event_type in MOVE_TYPES:
        # "moved troops and radars from Tartus to Benghazi": the parser may hang the path on the object
        subject = subject_of(verb)
        skip = {t.i for t in subject.subtree} if subject is not None else set()
        path_preps = preps + sorted(
            (t for t in verb.subtree if t.dep_ == "prep" and t not in preps and t.i not in skip
             and t.head.dep_ in ("dobj", "nsubjpass", "conj", "appos")),
            key=lambda t: t.i)
        to_prep = next((p for p in path_preps if p.lower_ in _DESTINATION_PREPS), None)
        from_prep = next((p for p in path_preps if p.lower_ in _ORIGIN_PREPS), None)
        if to_prep is None and from_prep is not None:
            # "from Tartous towards Libya": the parser may hang the destination on the origin's name
            to_prep = next((t for t in from_prep.subtree if t.dep_ == "prep" and t.lower_ in _DESTINATION_PREPS), None)
        if to_prep is not None:
            destination = _first_place(places, list(to_prep.subtree))
        if from_prep is not None:
            origin = _first_place(places, list(from_prep.subtree))
            if origin is None:
                # "from its base in Tartous to Libya": the parser often hangs "in Tartous" on the verb
                stop = to_prep.i if to_prep is not None and to_prep.i > from_prep.i else sent.end
                origin = _first_place(places, [t for t in sent if from_prep.i < t.i < stop])
    if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
        # "Mali, where Russia has consolidated its presence"
        location = _first_place(places, [verb.head, *verb.head.lefts, *[c for c in verb.head.children if c.dep_ == "conj"]])
    predicative = _predicative(head)
    subject = subject_of(verb, passive=predicative)
    actor_tokens = {t.i for t in subject.subtree} if subject is not None else set()
    actor_tokens |= _reference_clauses(verb, head)
    if event_type in MOVE_TYPES:
        # "shipped by rail and sea from Russia, via the port of Conakry": where a move starts, however the parser
        # hangs it, and a stop on the way are not where the move went
        for prep in verb.subtree:
            if prep.dep_ == "prep" and (prep.lower_ in _WAYPOINT_PREPS or prep.lower_ in _ORIGIN_PREPS) and (
                    head not in prep.subtree):
                actor_tokens |= {t.i for t in prep.subtree}
    if origin is not None and from_prep is not None:
        # where a move starts is its origin, never the event's location
        actor_tokens |= {t.i for t in from_prep.subtree if not (to_prep is not None and t in to_prep.subtree)}
    if location is None and predicative and actor_tokens:
        # "The X base is set to become a logistics center (in Africa)": the subject is the site
        location = _first_place(places, [t for t in sent if t.i in actor_tokens])
        actor_tokens = set()
    actor_tokens |= _countries_of_purpose(verb, places)
    speaker_place = None
    if event_type in VERBAL_TYPES:
        # "accused Russia of turning eastern Libya into …": the addressee and the content of words
        # are not where they were said
        for child in verb.children:
            if child.dep_ == "dobj" and verb.lower_ in _VENUE_OBJECT_VERBS:
                continue  # "a delegation visited the capital": what is visited is where the meeting is
            if child.dep_ in ("dobj", "dative", "ccomp", "xcomp") or (child.dep_ == "prep" and child.lower_ == "of"):
                actor_tokens |= {t.i for t in child.subtree}
        # "Talks on a US withdrawal are expected to begin": what the talks are about (the act the extractor reads
        # them by, or a phrase of the trigger noun) is not where they are held
        if head.dep_ == "pobj" and head.head.lower_ in _TOPIC_PREPS:
            actor_tokens |= {t.i for t in head.head.subtree}
        if head.pos_ in ("NOUN", "PROPN"):
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in _TOPIC_PREPS:
                    actor_tokens |= {t.i for t in child.subtree}
        if subject is not None and head.pos_ in ("VERB", "AUX"):
            # "Washington accuses …": a capital speaking for its government says it there
            speaker_place = _first_place(places, [subject]) or _speakers_seat(places, subject)
        preps = [p for p in preps if p.i not in actor_tokens]
    if location is None:
        # every locative phrase of the trigger and its verb: "in Niger, at the Dirkou airfield" → the airfield
        location = _first_place(places, [t for p in preps if p.lower_ in _LOCATION_PREPS for t in p.subtree])
    if location is None and speaker_place is not None:
        location = speaker_place
    if location is None:
        # a place inside the trigger's own phrase ("the bombing of a plane at Jufra air base")
        inner = [t for t in head.subtree if t.i != head.i and t.i not in actor_tokens]
        location = _first_place(places, inner)
    if location is None and event_type not in MOVE_TYPES:
        location = _first_place(places, [t for t in verb.subtree if t.i not in actor_tokens and _in_locative(t)])
    if destination is not None:
        location = destination
    nearest = None
    if location is None and event_type not in MOVE_TYPES:
        nearest = _nearest_place(places, head, sent, actor_tokens) or _span_place(places, sent, actor_tokens)
    return location, origin, destination, nearest


def _speakers_seat(places: _Places, subject):
    """Where a speaker that is an office speaks from: "the Russian embassy in Washington rejected …" (a place in
    a locative phrase of the subject), "Syria's foreign ministry condemned …" (a national institution sits in
    its country's capital)."""
    inside = [t for t in subject.subtree if t.i != subject.i and _in_locative(t)]
    found = _first_place(places, inside)
    if found is not None and _precision_rank(found) <= 2:
        return found
    words_ = " " + " ".join(t.lower_ for t in subject.subtree) + " "
    if not any(f" {phrase} " in words_ for phrase in _NATIONAL_INSTITUTIONS):
        return None
    for token in subject.subtree:
        country = places.by_token.get(token.i)
        if (token.dep_ == "poss" and getattr(country, "place", None) is not None
                and country.place.feature == "country" and not _is_stand_in(country)):
            return regional.capital_of(country)
    return None


def _reference_clauses(verb, head) -> set[int]:
    """"… met Putin in the Kremlin, days after floods devastated the city of Derna": a clause of its own
    (a subject and a verb) introduced by "after", "since", "following" tells the happening the act is dated
    from, and its places are that happening's."""
    skipped: set[int] = set()
    for child in verb.children:
        if child.dep_ != "advcl" or child.i == head.i or head in child.subtree:
            continue
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
        if marks & _REFERENCE_WORDS and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            skipped |= {t.i for t in child.subtree}
    return skipped


def _countries_of_purpose(verb, places: _Places) -> set[int]:
    """"marched to Parliament to plead for mediation in the crisis in Congo": a country inside an infinitive
    of purpose is what the doers want something done about, not where they acted (a town there may be the
    goal itself, "advanced to retake Sirte", and is kept)."""
    skip: set[int] = set()
    for clause in verb.children:
        if clause.dep_ not in ("xcomp", "advcl") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        for token in clause.subtree:
            found = places.by_token.get(token.i)
            if found is not None and _precision_rank(found) == 4:
                skip.add(token.i)
    return skip


def _predicative(head) -> bool:
    """"The X base is set to become a hub", "will serve as a staging post": the trigger names what the subject is."""
    if head.dep_ in ("attr", "oprd"):
        return True
    # "described the move as a rebranding" is a speaker's view, not what its subject is
    return head.dep_ == "pobj" and head.head.lower_ == "as" and head.head.head.lower_ in _SERVE_VERBS


_SERVE_VERBS = words("events", "serve_verbs")
_VENUE_OBJECT_VERBS = words("events", "venue_object_verbs")


_MARKER_DESTINATION = words("events", "marker_destination")
_MARKER_ORIGIN = words("events", "marker_origin")
_MARKER_LOCATION = words("events", "marker_location")
_UNACCENTED_MARKERS = word_map("events", "unaccented_capital_markers")


def _marker(token) -> str | None:
    """The preposition in front of a place name ("vers la Libye", "sur la base aérienne d'al-Khadim")."""
    for back in range(1, 4):
        j = token.i - back
        if j < token.sent.start:
            return None
        word = token.doc[j]
        if word.lower_ in _MARKER_LOCATION:
            return word.lower_
        if word.text in _UNACCENTED_MARKERS and (j == token.sent.start or token.doc[j - 1].is_punct):
            # "A Tartous, les navires …": French print often drops the accent of a capital, and a sentence does
            # not open on the verb "a"; the capital A before a place is the preposition "à"
            return _UNACCENTED_MARKERS[word.text]
        if word.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "PUNCT"):
            return None
    return None


def _locate_by_markers(head, places: _Places, event_type: str):
    """Places by their prepositions, for parses too loose to follow (the small French model).

    The trigger's own subtree first, then the nearest marked place in the sentence; moves take
    "vers/à X" as destination and "de/depuis X" as origin.
    """
    sent = head.sent
    subject = {t.i for c in head.children if c.dep_ in ("nsubj",) for t in c.subtree}
    marked = []
    for token in sent:
        found = places.by_token.get(token.i)
        if found is None or token.i in subject or _adjectival(found, token):
            continue
        if marked and marked[-1][1] is found:
            continue
        marker = _marker(token)
        if marker is not None:
            marked.append((token, found, marker))
    origin = destination = None
    if event_type in MOVE_TYPES:
        after = [m for m in marked if m[0].i > head.i]
        destination = next((f for t, f, m in after if m in _MARKER_DESTINATION), None)
        origin = next((f for t, f, m in after if m in _MARKER_ORIGIN and f is not destination), None)
    own = [m for m in marked if head.left_edge.i <= m[0].i <= head.right_edge.i and m[0].i != head.i]
    location = destination or (min(own, key=lambda m: (_precision_rank(m[1]), m[0].i))[1] if own else None)
    nearest = None
    if location is None and marked:
        nearest = min(marked, key=lambda m: (abs(m[0].i - head.i), _precision_rank(m[1])))[1]
    return location, origin, destination, nearest


def _nearest_place(places: _Places, head, sent, skip: set[int]):
    best, best_distance = None, None
    for token in sent:
        if token.i in skip:
            continue
        found = places.by_token.get(token.i)
        # "drones operating from Kidal": where the doers came from is not where an act that moves nothing was
        if found is not None and not _adjectival(found, token) and _in_locative(token, _ORIGIN_PREPS):
            distance = abs(token.i - head.i)
            if best_distance is None or distance < best_distance:
                best, best_distance = found, distance
    return best


def _span_place(places: _Places, sent, skip: set[int]):
    """"ambushed between Wargadud and Elwak": with no other place in its sentence, an event on the stretch
    between two places is coded to the first of them the gazetteer knows (ACLED, geo-precision 2); a country
    there is a party ("talks between Mali and Algeria"), not a reference point."""
    for token in sent:
        found = places.by_token.get(token.i)
        if (found is None or token.i in skip or getattr(found, "place", None) is None or _is_stand_in(found)
                or _precision_rank(found) > 2 or _adjectival(found, token)):
            continue
        node = token
        for _ in range(4):
            if node.dep_ == "pobj" and node.head.lower_ in _SPAN_PREPS:
                return found
            if node.dep_ not in ("compound", "conj", "appos", "pobj", "prep") or node.head is node:
                break
            node = node.head
    return None


_SPAN_PREPS = words("events", "span_preps")
_TOPIC_PREPS = words("events", "topic_preps")


def _in_locative(token, unless: frozenset[str] = frozenset()) -> bool:
    """A place in an "in/at/near …" phrase, not one that is a party ("giving Moscow a foothold"); not one in a
    phrase headed by a preposition of ``unless``."""
    node = token
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.lower_ in _LOCATION_PREPS | _ORIGIN_PREPS | _DESTINATION_PREPS:
            return node.head.lower_ not in unless
        if node.dep_ not in ("compound", "amod", "conj", "appos", "nmod", "pobj", "prep") or node.head is node:
            return False
        node = node.head
    return False


def _as_place(found) -> tuple[Place | None, str | None]:
    if found is None:
        return None, None
    place = getattr(found, "place", None)
    if place is not None:
        return place, found.text
    return None, found.text


def _dominant_place(analysis: Analysis, doc, places: _Places):
    """The place a report names most often (its first mention on a tie), if any is named twice or more."""
    counts: dict[str, list] = {}
    for toponym in analysis.toponyms:
        if toponym.place is None:
            continue
        span = doc.char_span(toponym.start, toponym.end, alignment_mode="expand")
        if span is None or _adjectival(toponym, span.root):
            continue
        counts.setdefault(toponym.place.id, []).append(toponym)
    if not counts:
        return None
    best = max(counts.values(), key=lambda found: (len(found), -found[0].start))
    return best[0] if len(best) >= 2 else None



# ---------------------------------------------------------------------------
# the choice, with its fallbacks


_COARSE_FALLBACK_FEATURES = {"country"}
OWN_BASES = ("syntax", "sentence", "coded")  # places read from the event's own sentence
_VICINITY_WORDS = words("events", "vicinity_words")


@dataclass
class Focus:
    """Where the report and each paragraph have placed what they tell, for sentences that name no place.

    A paragraph's place for a type of event is the last one an earlier event of that type in the
    paragraph was placed at from its own sentence: a sentence that names no place and tells the same kind
    of event continues the paragraph's happening ("Gunmen attacked a convoy near X. The attack killed
    two"), while another kind of event or a new paragraph may turn elsewhere.  Beyond the paragraph, the
    report's lead placed its happening at a site or town: a later event of the same type that names no
    place is told about it ("the Il-76 was badly damaged", "AFRICOM denied any link to the attacks")
    rather than about the country the report names most.
    """

    text: str
    document: object | None  # the place the report names most (twice or more)
    country: object | None  # the one country the report names, when it names exactly one
    paragraphs: dict[tuple[int, str], object] = field(default_factory=dict)  # (paragraph, event type) → place
    sites: dict[str, object] = field(default_factory=dict)  # event type → the first site or town it was placed at
    named: dict[int, object] = field(default_factory=dict)  # paragraph → the first town or site it says is where
    only_town: object | None = None  # the one town or site the report names anywhere, when it names just one
    names_a_town: bool = False  # whether the report names any town or site at all
    # the one country the report names, as a place or by its people ("Moroccan women"), when it names one
    any_country: object | None = None
    # the one site a coder's note ties its events to ("near Kelbo (Kelbo, Soum)", "coded to X"), when it has one
    coded_site: object | None = None

    def paragraph_number(self, offset: int) -> int:
        return paragraph_of(self.text, offset)


def focus_of(analysis: Analysis, doc, places: _Places) -> Focus:
    countries: dict[str, object] = {}
    # the tokens that name places, in text order: walking them, not every token of the document
    place_tokens = sorted(i for i in places.by_token if 0 <= i < len(doc))
    for i in place_tokens:
        token, found = doc[i], places.by_token[i]
        if found is None or getattr(found, "place", None) is None or _adjectival(found, token):
            continue
        if found.place.feature in _COARSE_FALLBACK_FEATURES:
            countries.setdefault(found.place.id, found)
    only_country = next(iter(countries.values())) if len(countries) == 1 else None
    focus = Focus(analysis.document.text, _dominant_place(analysis, doc, places), only_country)
    focus.only_town = _only_town(doc, places, place_tokens)
    named_countries = {found.place.id: found for found in places.by_token.values()
                       if getattr(found, "place", None) is not None and found.place.feature == "country"
                       and not _is_stand_in(found)}
    focus.any_country = next(iter(named_countries.values())) if len(named_countries) == 1 else None
    coded_sites = {found.place.id: found for found in places.coded.values() if getattr(found, "place", None) is not None}
    focus.coded_site = next(iter(coded_sites.values())) if len(coded_sites) == 1 else None
    focus.names_a_town = any(
        getattr(found, "place", None) is not None and not _is_stand_in(found) and _precision_rank(found) <= 2
        and not _adjectival(found, doc[i]) for i, found in places.by_token.items())
    for sent in doc.sents:
        paragraph = focus.paragraph_number(sent.start_char)
        if paragraph in focus.named:
            continue
        named_here = attribution_mod.within(place_tokens, sent.start, sent.end)
        if not named_here:
            continue
        skip = _source_tokens(sent)
        for i in named_here:
            token, found = doc[i], places.by_token[i]
            if (found is not None and token.i not in skip and getattr(found, "place", None) is not None
                    and _precision_rank(found) <= 2 and not _adjectival(found, token) and _in_locative(token)):
                focus.named[paragraph] = found
                break
    return focus


def _only_town(doc, places: _Places, place_tokens: list[int]):
    """"Hundreds of Accra residents protested …", "A Masvingo bank branch was burnt": a short report that
    names one town or site, however it names it, tells what happened there.  ``place_tokens``: the
    tokens of ``places``, in text order."""
    towns: dict[str, object] = {}
    for i in place_tokens:
        token, found = doc[i], places.by_token[i]
        if (found is None or getattr(found, "place", None) is None or _is_stand_in(found)
                or _adjectival(found, token) or _precision_rank(found) > 2):
            continue
        towns.setdefault(found.place.id, found)
        if len(towns) > 1:
            return None
    return next(iter(towns.values()), None)


def _source_tokens(sent) -> set[int]:
    """Who speaks in a sentence ("Sources in Tripoli told …", "according to officials in X"): where a
    source is says nothing of where the paragraph's happening is."""
    skip = _attribution_tokens(sent.root)
    doc = sent.doc
    for i in attribution_mod.within(attribution_mod.token_index(doc).reports, sent.start, sent.end):
        for child in doc[i].children:
            if child.dep_ in _SOURCE_DEPS:
                skip |= {t.i for t in child.subtree}
    return skip


def _actor_place(head, places: _Places):
    """"People in Chelenko protested", "members of the police in Tripoli announced a strike": with nothing
    else in the sentence, where the doers are is where they acted."""
    verb = head if head.pos_ in ("VERB", "AUX") else (governing_verb(head) or head)
    doer = subject_of(verb)
    if doer is None:
        return None
    # "The Association of X, Kano chapter staged a protest": a loose parse may give the verb two subjects, the
    # second the local branch that acted
    doers = [doer] + [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != doer.i]
    skip = _attribution_tokens(head)
    return _first_place(_without(places, skip),
                        [t for d in doers for t in d.subtree if _in_locative(t) or _local_of(t)])


_LOCAL_NOUNS = words("events", "local_nouns")
_PLACE_OBJECT_PREPS = words("events", "place_object_preps")


def _local_of(token) -> bool:
    """"Accra residents", "residents of Mabopane", "a Kisangani school": a town naming whose people or
    institution they are."""
    node = token
    while node.dep_ == "compound" and node.head is not node and node.head.pos_ == "PROPN":
        node = node.head  # "Ado" in "Ado Ekiti residents"
    if node.dep_ in ("compound", "nmod", "poss") and node.head.lower_ in _LOCAL_NOUNS:
        return True
    return (node.dep_ == "pobj" and node.head.lower_ in _PLACE_OBJECT_PREPS
            and node.head.head.lower_ in _LOCAL_NOUNS)


@dataclass
class PlaceChoice:
    location: object | None  # a Toponym (or an unresolved mention) or None
    origin: object | None
    destination: object | None
    basis: str | None  # syntax | sentence | coded | paragraph | document | country
    geo_precision: int | None


def choose(head, places: _Places, event_type: str, focus: Focus | None) -> PlaceChoice:
    """The event's place: a coder's "coded to X" for its sentence, else the trigger's own phrases, then
    the sentence; else the paragraph's place, the report's main place, or its one country."""
    location, origin, destination, basis = _locate(head, places, event_type)
    if location is not None and location is not destination and (
            _is_stand_in(location) or getattr(location, "place", None) is None):
        # a loan of the report's main place, or a name no gazetteer knows ("in Seytenga, near Dori"): a place
        # the sentence names by its own name says more of where
        location = _named_in_sentence(head, places) or location
    if location is not None and location is not destination and _precision_rank(location) == 4:
        location = _finer_in_country(head, places, location)
    if location is not None and _precision_rank(location) == 4 and _names_its_capital(head.doc, location):
        location = regional.capital_of(location) or location
    if destination is not None and _precision_rank(destination) == 4 and _names_its_capital(head.doc, destination):
        destination = location = regional.capital_of(destination) or destination
    if location is None and destination is None and event_type not in MOVE_TYPES | VERBAL_TYPES:
        found = _actor_place(head, places)
        if found is not None:
            location, basis = found, "sentence"
    coded = places.coded.get(head.sent.start)
    if coded is not None:
        # the coder says where the sentence's events are put, a move's too ("deployed forces …, location
        # coded to El Geneina"); a move keeps its own origin and destination
        location, basis = coded, "coded"
    if focus is not None:
        paragraph = focus.paragraph_number(head.sent.start_char)
        if location is None and destination is None:
            # a coder's note tells one happening: the site it is coded to places the sentences that name none
            # ("JNIM attacked soldiers. The attack took place near Kelbo (Kelbo, Soum).")
            for fallback, name in ((focus.paragraphs.get((paragraph, event_type)), "paragraph"),
                                   (focus.coded_site, "coded"),
                                   (focus.sites.get(event_type), "document"), (focus.document, "document"),
                                   (focus.named.get(paragraph), "paragraph"), (focus.only_town, "document"),
                                   (focus.country, "country")):
                if fallback is not None:
                    location, basis = fallback, name
                    break
            named_here = focus.named.get(paragraph)
            if (location is not None and location is focus.document and location is not named_here
                    and _precision_rank(location) == 4 and named_here is not None
                    and named_here.place.country == location.place.country):
                # the report names its country most, but this paragraph says at which town or site of it ("Burkina
                # Faso has received drones …, announced during a ceremony at the Ouagadougou air base"): the most
                # specific place named, as ACLED codes it; the report's later events of the kind follow it there
                location, basis = named_here, "paragraph"
                focus.sites.setdefault(event_type, location)
        elif basis in OWN_BASES and getattr(location, "place", None) is not None:
            site = focus.sites.get(event_type)
            if site is not None and location is not destination and _holds_site(location, site):
                # "its personnel in Libya were carrying out …" after the lead put the works at al-Watiya: a sentence
                # that names only the country (or the region of it) holding the report's site of this kind of event
                # tells about that site; the sentence still placed it there, as a region's seat keeps its basis
                location = site
            focus.paragraphs[(paragraph, event_type)] = location
            if _precision_rank(location) <= 2:
                focus.sites.setdefault(event_type, location)
    if (focus is not None and not focus.names_a_town and focus.any_country is not None and destination is None
            and (location is None or _precision_rank(location) == 4) and _names_national_institution(head.sent)):
        capital = regional.capital_of(focus.any_country)
        if capital is not None:
            location, basis = capital, "capital"
    if (event_type in MEETING_TYPES and destination is None and location is not None
            and _precision_rank(location) == 4):
        # a meeting is held in a town: one the report places only in a country is in its capital (ACLED codes a
        # national-level event to the capital, geo-precision 3: the capital stands in, the country is what is known)
        capital = regional.capital_of(location)
        if capital is not None:
            capital.place = replace(capital.place, precision=3)
            location = capital
    precision = geo_precision(head.doc, location)
    if (location is not None and location is not destination and precision == 3 and focus is not None
            and not focus.names_a_town):
        # a report that names no town at all: its region's seat stands in, as ACLED's coders place it; one that
        # names towns and leaves this event at the region did not say which town
        location = regional.seat_of(location) or location
    return PlaceChoice(location, origin, destination, basis, precision)


# A region is known here by its centroid alone: a site this near it, in the region's country, counts as inside
# (Cyrenaica's centroid to al-Khadim is 190 km; to Tripoli 800)
_REGION_REACH_KM = 400.0


def _holds_site(found, site) -> bool:
    """Whether ``found`` is only the country or the region (of the same country) that holds the report's ``site``."""
    place, inner = found.place, site.place
    if not place.country or place.country != inner.country or found is site:
        return False
    rank = _precision_rank(found)
    if rank == 4:
        return True
    return (rank == 3 and place.feature == "region"
            and distance_km(place.lat, place.lon, inner.lat, inner.lon) <= _REGION_REACH_KM)


def _named_in_sentence(head, places: _Places):
    """The place nearest the trigger that its sentence names by its own name, in a locative phrase or
    qualifying a kind-of-place noun ("near Jilib town"); the finest first."""
    skip = _attribution_tokens(head)
    best, best_key = None, None
    for token in head.sent:
        found = places.by_token.get(token.i)
        if (found is None or token.i in skip or getattr(found, "place", None) is None or _is_stand_in(found)
                or _adjectival(found, token) or not _in_locative(token)):
            continue
        key = (_precision_rank(found), abs(token.i - head.i))
        if best_key is None or key < best_key:
            best, best_key = found, key
    return best


_CAPITAL_NOUNS = words("events", "capital_nouns")


def _names_its_capital(doc, found) -> bool:
    """"in Mali's capital", "the capital of Niger": the country's name stands for its capital city."""
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "poss" and root.head.lower_ in _CAPITAL_NOUNS:
        return True
    return (root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _CAPITAL_NOUNS)


_NATIONAL_INSTITUTIONS = words("events", "national_institutions")


def _names_national_institution(sent) -> bool:
    """"outside the Ministry of Finance", "in front of Parliament", "University of Zambia workers"."""
    text = " " + " ".join(t.lower_ for t in sent) + " "
    return any(f" {phrase} " in text for phrase in _NATIONAL_INSTITUTIONS)


def _finer_in_country(head, places: _Places, country):
    """"started using the remote X air base in south-eastern Libya": a country is the event's place only when
    its sentence names nothing finer inside it (the finest, then the nearest to the trigger)."""
    code = country.place.country
    if not code:
        return country
    skip = _attribution_tokens(head)
    best, best_key = country, None
    for token in head.sent:
        found = places.by_token.get(token.i)
        place = getattr(found, "place", None)
        if place is None or token.i in skip or place.country != code or _adjectival(found, token):
            continue
        rank = _precision_rank(found)
        if rank >= 3:
            continue
        key = (rank, abs(token.i - head.i))
        if best_key is None or key < best_key:
            best, best_key = found, key
    filed_at = getattr(places.dateline, "place", None)
    if (best is country and filed_at is not None and filed_at.country == code and _precision_rank(places.dateline) < 3
            and head.sent.start_char <= places.dateline.start < head.sent.end_char):
        # "NIAMEY (Reuters) - instructors arrived in Niger": the lede is filed from a town of the country it names,
        # and that town is the finest place the report gives for it (a later sentence's country is not refined:
        # a report filed from the capital tells of the whole country)
        return places.dateline
    return best


def geo_precision(doc, found) -> int | None:
    """ACLED's geo-precision code of a chosen place: 1 the site or town itself, 2 near it ("near X",
    "the X area", "20 km north of X") or a district, 3 a region or country (its centroid stands in)."""
    place = getattr(found, "place", None)
    if place is None:
        return None
    if place.precision >= 3 and place.feature != "admin2":
        return 3
    if place.feature == "admin2":
        return 2
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is not None:
        window = [t.lower_ for t in doc[max(span.sent.start, span.start - 4):span.start]]
        window += [t.lower_ for t in doc[span.end:min(span.sent.end, span.end + 1)]]
        if any(word in _VICINITY_WORDS for word in window):
            return 2
    return 1
