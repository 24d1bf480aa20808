"""Events out of one analysed document: triggers, their arguments, and one claim each.

Reads what the earlier stages filled in (mentions, toponyms, timexes; the pipeline runs them
first) and the shared dependency parse.  What the extractor notes from the parse for
consolidation (token numbers, role words, the sites of a listed place) travels in
``Event.parse_state`` and is cleared before the events leave: ``attributes`` keeps only what a
reader can use (docs/formats.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from garrison.events import attribution as attribution_mod
from garrison.events import consolidate, lexicon, lists
from garrison.events import materiel as materiel_mod
from garrison.events import roles as roles_mod
from garrison.events import stance as stance_mod
from garrison.events import triggers as trigger_mod
from garrison.events.roles import MOVE_TYPES
from garrison.model import (
    Analysis,
    Claim,
    Event,
    Evidence,
    Label,
    Mention,
    Place,
    Precision,
    Stance,
    TimeSpan,
    entity_id,
)
from garrison.words import alternation, word_map, words

ACTOR_LABELS = {Label.PERSON, Label.ORG, Label.ARMED_GROUP, Label.MIL_UNIT, Label.GPE, Label.NORP}
VERBAL_TYPES = {"ACCUSE", "REJECT", "REQUEST", "THREATEN", "SUPPORT", "AGREE", "CONSULT", "SANCTION"}
# Domain words live in garrison/data/events/words*.tsv (one file per language).
_ORIGIN_PREPS = words("events", "origin_preps")
_DESTINATION_PREPS = words("events", "destination_preps")
_LOCATION_PREPS = words("events", "location_preps")

_NUMBER_WORDS = {word: int(value) for word, value in word_map("events", "number_words").items()}
_NUMBER = r"(\d[\d,]*|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_FATALITIES = [
    re.compile(_NUMBER + r"\s+(?:\w+\s+){0,3}?(?:" + alternation("events", "killed_auxiliaries") + r")?\s*(?:"
               + alternation("events", "killed_words") + ")", re.I),
    re.compile(r"(?:" + alternation("events", "killing_words") + r")\s+(?:" + alternation("events", "at_least")
               + r"\s+)?" + _NUMBER, re.I),
    re.compile(r"(?:" + alternation("events", "death_toll") + r")\s+(?:\w+\s+){0,3}?(?:"
               + alternation("events", "death_toll_preps") + r")\s+" + _NUMBER, re.I),
]


@dataclass
class _Mentions:
    """Mentions of one document indexed by token."""

    items: list[Mention]
    by_token: dict[int, Mention] = field(default_factory=dict)

    def within(self, tokens: Iterable, labels: set[Label] | None = None) -> list[Mention]:
        found: list[Mention] = []
        for token in tokens:
            mention = self.by_token.get(token.i)
            if mention is not None and mention not in found and (labels is None or mention.label in labels):
                found.append(mention)
        return found


def _mentions(analysis: Analysis, doc) -> _Mentions:
    items = list(analysis.mentions)
    index = _Mentions(items)
    for mention in items:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                index.by_token.setdefault(token.i, mention)
    return index


def _eid(mention: Mention) -> str:
    return mention.entity_id or entity_id(mention.label, mention.text)


# The parse helpers the place and time rules share with the role rules (garrison/events/roles.py).
_subject = roles_mod.subject
_governing_verb = roles_mod.governing_verb


_SPECIFIC_DETERMINERS = words("events", "specific_determiners")


def _argument_words(head, roles: roles_mod.Roles) -> list[str]:
    """Content words filling the trigger's roles ("struck *targets*"), and the determiner or possessive that
    ties a nominal trigger to a known happening ("*the* attack", "*its* withdrawal")."""
    words = [t.text for t in (*roles.actors, *roles.targets, *roles.themes) if t.pos_ in ("NOUN", "PROPN", "NUM")]
    if head.pos_ in ("NOUN", "PROPN"):
        words += [c.text for c in head.children
                  if c.dep_ in ("poss", "nmod:poss") or (c.dep_ == "det" and c.lower_ in _SPECIFIC_DETERMINERS)]
    return words


# ---------------------------------------------------------------------------
# places


@dataclass
class _Places:
    by_token: dict[int, object]  # token index → Toponym (its place None when the gazetteer could not resolve it)


def _places(analysis: Analysis, doc) -> _Places:
    """Resolved toponyms first; a place the gazetteer could not resolve still names where, without coordinates."""
    index: dict[int, object] = {}
    ordered = sorted(analysis.toponyms, key=lambda t: t.place is None)
    for toponym in ordered:
        span = doc.char_span(toponym.start, toponym.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                index.setdefault(token.i, toponym)
    return _Places(index)


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


def _without(places: _Places, skip: set[int]) -> _Places:
    if not skip:
        return places
    # a copy, then the few skipped tokens dropped: once per event, so it must not walk the document's places
    kept = dict(places.by_token)
    for i in skip:
        kept.pop(i, None)
    return _Places(kept)


_SOURCE_DEPS = ("nsubj", "nsubjpass", "csubj", "agent", "dative")
_CLAUSE_DEPS = ("ccomp", "xcomp", "advcl", "parataxis")


def _attribution_tokens(head) -> set[int]:
    """Tokens of the attribution around a trigger: "told a Libyan outlet", "according to sources in Benghazi".

    A place there says where the source is, not where the event happened.
    """
    skip: set[int] = set()
    node, child = head, None
    for _ in range(8):
        if child is not None and (attribution_mod._is_report(node) or attribution_mod._is_denial(node)):
            # the source's side: who says it, to whom, through what — but "images show works at X" keeps X
            clause = child.dep_ in _CLAUSE_DEPS
            for other in node.children:
                if other is child:
                    continue
                if other.dep_ in _SOURCE_DEPS or (clause and other.dep_ in ("dobj", "prep", "npadvmod")) or (
                    other.dep_ == "prep" and other.lower_ in ("to", "with")
                ):
                    skip |= {t.i for t in other.subtree}
        if node.head is node:
            break
        node, child = node.head, node
    for token in head.sent:
        if token.lower_ == "according" and not any(t.i == head.i for t in token.subtree):
            skip |= {t.i for t in token.subtree}
        elif token.lower_ in ("selon", "d'après") and token.head.i != head.i and not any(
            t.i == head.i for t in token.head.subtree
        ):
            skip |= {t.i for t in token.head.subtree}
    skip.discard(head.i)
    return skip


def _adjectival(found, token) -> bool:
    """"a Russian cargo plane": a demonym names whose, not where."""
    if token.head.lower_ in _TERRITORY_NOUNS:
        return False  # "on Libyan soil" is in Libya
    label = getattr(found, "mention_label", None) or getattr(found, "label", None)
    return label == "NORP" or (token.tag_ == "JJ" and token.ent_type_ in ("NORP", ""))


_TERRITORY_NOUNS = words("events", "territory_nouns")


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
    verb = head if head.pos_ in ("VERB", "AUX") else (_governing_verb(head) or head)
    preps = [c for c in head.children if c.dep_ == "prep"]
    if verb is not head:
        preps += [c for c in verb.children if c.dep_ == "prep"]
    preps.sort(key=lambda t: t.i)
    if event_type in MOVE_TYPES:
        # "moved troops and radars from Tartus to Benghazi": the parser may hang the path on the object
        subject = _subject(verb)
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
    subject = _subject(verb, passive=predicative)
    actor_tokens = {t.i for t in subject.subtree} if subject is not None else set()
    if origin is not None and from_prep is not None:
        # where a move starts is its origin, never the event's location
        actor_tokens |= {t.i for t in from_prep.subtree if not (to_prep is not None and t in to_prep.subtree)}
    if location is None and predicative and actor_tokens:
        # "The X base is set to become a logistics center (in Africa)": the subject is the site
        location = _first_place(places, [t for t in sent if t.i in actor_tokens])
        actor_tokens = set()
    speaker_place = None
    if event_type in VERBAL_TYPES:
        # "accused Russia of turning eastern Libya into …": the addressee and the content of words
        # are not where they were said
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "ccomp", "xcomp") or (child.dep_ == "prep" and child.lower_ == "of"):
                actor_tokens |= {t.i for t in child.subtree}
        if subject is not None and head.pos_ in ("VERB", "AUX"):
            # "Washington accuses …": a capital speaking for its government says it there
            speaker_place = _first_place(places, [subject])
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
        nearest = _nearest_place(places, head, sent, actor_tokens)
    return location, origin, destination, nearest


def _predicative(head) -> bool:
    """"The X base is set to become a hub", "will serve as a staging post": the trigger names what the subject is."""
    if head.dep_ in ("attr", "oprd"):
        return True
    # "described the move as a rebranding" is a speaker's view, not what its subject is
    return head.dep_ == "pobj" and head.head.lower_ == "as" and head.head.head.lower_ in _SERVE_VERBS


_SERVE_VERBS = words("events", "serve_verbs")


_MARKER_DESTINATION = words("events", "marker_destination")
_MARKER_ORIGIN = words("events", "marker_origin")
_MARKER_LOCATION = words("events", "marker_location")


def _marker(token) -> str | None:
    """The preposition in front of a place name ("vers la Libye", "sur la base aérienne d'al-Khadim")."""
    for back in range(1, 4):
        j = token.i - back
        if j < token.sent.start:
            return None
        word = token.doc[j]
        if word.lower_ in _MARKER_LOCATION:
            return word.lower_
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
        if found is not None and not _adjectival(found, token) and _in_locative(token):
            distance = abs(token.i - head.i)
            if best_distance is None or distance < best_distance:
                best, best_distance = found, distance
    return best


def _in_locative(token) -> bool:
    """A place in an "in/at/near …" phrase, not one that is a party ("giving Moscow a foothold")."""
    node = token
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.lower_ in _LOCATION_PREPS | _ORIGIN_PREPS | _DESTINATION_PREPS:
            return True
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


# ---------------------------------------------------------------------------
# time


def _time(analysis: Analysis, doc, head) -> tuple[TimeSpan | None, bool]:
    sent = head.sent
    candidates = []
    for timex in analysis.timexes:
        if timex.span is None or timex.type not in ("DATE", "TIME"):
            continue
        if not (sent.start_char <= timex.start < sent.end_char):
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            continue
        governed = head.left_edge.i <= span.root.i <= head.right_edge.i
        verb = _governing_verb(head)
        governed_by_verb = verb is not None and span.root in verb.subtree
        distance = min(abs(t.i - head.i) for t in span)
        candidates.append((0 if governed else (1 if governed_by_verb else 2), distance, timex))
    if candidates:
        return min(candidates, key=lambda c: (c[0], c[1]))[2].span, False
    published = analysis.document.published
    if published is None:
        return None, False
    return TimeSpan(published, published, Precision.DAY, text=None, anchor=published), True


def _fatalities(text: str) -> int | None:
    for pattern in _FATALITIES:
        match = pattern.search(text)
        if match:
            raw = match.group(1).lower().replace(",", "")
            return int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
    return None


# ---------------------------------------------------------------------------
# the document


def _blocked(doc, mentions: _Mentions) -> set[int]:
    """Capitalised words inside names never trigger an event ("Support Group for Islam and Muslims")."""
    blocked = set()
    for i, mention in mentions.by_token.items():
        if mention.label == Label.EQUIPMENT:
            if mention.end - mention.start > len(doc[i].text) and i != _mention_root(doc, mention):
                blocked.add(i)  # "infantry fighting vehicles" — but "drone" in "drone strike" stays free
        elif doc[i].tag_ in ("NNP", "NNPS"):
            blocked.add(i)
    for ent in doc.ents:
        if ent.label_ in ("ORG", "PERSON", "GPE", "FAC", "WORK_OF_ART", "LAW", "EVENT"):
            blocked.update(t.i for t in ent if t.tag_ in ("NNP", "NNPS"))
    return blocked


def _mention_root(doc, mention: Mention) -> int | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root.i if span is not None else None


def _drop_nested(hits: list[trigger_mod.TriggerHit], doc) -> list[trigger_mod.TriggerHit]:
    """A nominal trigger that only restates the verb governing it ("carried out strikes" aside) is one event."""
    heads = {h.head: h for h in hits}
    kept = []
    for hit in hits:
        token = doc[hit.head]
        governors = [token.head, token.head.head] if token.head.dep_ == "prep" else [token.head]
        if any(g.i in heads and g.i != hit.head and heads[g.i].type == hit.type for g in governors):
            continue
        # "denied reports about its participation in the bombing": the denial is the bombing's stance
        if lexicon.is_cue("deny", token.lower_):
            denied = {t.i for t in token.subtree}  # once per denial, not once per other hit of the document
            if any(other.head in denied and other is not hit for other in hits):
                continue
        kept.append(hit)
    return kept


def events_of(analysis: Analysis) -> list[Event]:
    doc = analysis.nlp_doc
    document = analysis.document
    mentions = _mentions(analysis, doc)
    places = _places(analysis, doc)
    attributor = attribution_mod.Attributor(document.outlet)
    hits = _drop_nested(trigger_mod.find(doc, _blocked(doc, mentions)), doc)
    by_sentence: dict[int, list[trigger_mod.TriggerHit]] = {}
    for hit in hits:
        by_sentence.setdefault(doc[hit.head].sent.start, []).append(hit)
    dominant = _dominant_place(analysis, doc, places)
    events: list[Event] = []
    told: dict[int, list[Event]] = {}  # sentence start → its events
    sentences = list(doc.sents)
    listed = None  # (event, sites) of a list of sites the sentence before told, which the next may go on
    for sent in sentences:
        found = [(_event(analysis, doc, hit, mentions, places, attributor, dominant), doc[hit.head])
                 for hit in by_sentence.get(sent.start, [])]
        here: list[Event] = []
        opened = None
        if found and not consolidate.is_headline(sent):
            for event in consolidate.sentence_events(found):
                sites = event.parse_state.get("sites", [])
                at_sites = consolidate.per_site(event, sites)
                here.extend(at_sites)
                if len(at_sites) > 1:
                    opened = (event, sites)
        added = lists.continuation(sent, places.by_token, _list_site) if listed is not None else None
        if added is not None:
            template, sites = listed
            cue, new_sites = added
            new_sites = [site for site in new_sites if site not in sites]
            claim = _continuation_claim(analysis, sent, cue, attributor, template)
            here.extend(consolidate.added_sites(template, new_sites, sites, claim))
            opened = opened or (template, sites + new_sites)
        listed = opened
        told[sent.start] = here
        events.extend(here)
        attributor.observe_sentence(sent)
    materiel_mod.from_following_sentences(doc, sentences, told, mentions)
    for event in events:
        event.parse_state = {}  # token numbers mean nothing once the parse is gone
    return _inherit_times(events)

def _continuation_claim(analysis: Analysis, sent, cue, attributor, template: Event) -> Claim:
    """The claim of a sentence that adds a site to a list told before it: its own source and stance; its
    evidence is that sentence, then the list's."""
    attribution = attributor.attribute(cue)
    reading = stance_mod.read(cue, attributed=bool(attribution.chain))
    evidence = [Evidence(sent.start_char, sent.end_char, sent.text)]
    evidence += [e for claim in template.claims[:1] for e in claim.evidence[:1]]
    return Claim(
        event_id="", document_id=analysis.document.id, evidence=evidence, outlet=analysis.document.outlet,
        source_chain=attribution.chain, speaker=attribution.speaker, speaker_role=attribution.speaker_role,
        stance=reading.stance, cue=reading.cue if reading.cue else attribution.cue,
    )


def _list_site(found, token) -> tuple | None:
    """(place, text) of a listed name that names a site; None for a country, a region or a demonym (context)."""
    if _precision_rank(found) >= 3 or _adjectival(found, token):
        return None
    return _as_place(found)


def _inherit_times(events: list[Event]) -> list[Event]:
    """An event whose sentence names no time takes the time of the last earlier event of its type that did.

    News text tells a happening in several sentences and dates it once ("last June … the Il-76 was
    badly damaged"); the publication date is right only when nothing earlier dated that kind of event.
    """
    last_timed: dict[str, Event] = {}
    for event in events:
        if event.time_from_dct and event.type in last_timed:
            earlier = last_timed[event.type]
            event.time, event.time_from_dct = earlier.time, False
            event.attributes["time_basis"] = "inherited"
        elif not event.time_from_dct and event.time is not None:
            last_timed[event.type] = event
    return events


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


def _event(analysis, doc, hit, mentions: _Mentions, places: _Places, attributor, dominant=None) -> Event:
    head = doc[hit.head]
    sent = head.sent
    roles = roles_mod.roles(head, hit.type)
    actor_mentions = mentions.within(roles_mod.role_tokens(roles.actors), ACTOR_LABELS)
    target_mentions = mentions.within(roles_mod.role_tokens(roles.targets), ACTOR_LABELS | {Label.EQUIPMENT, Label.FACILITY})
    materiel = materiel_mod.of_clause(head, roles, doc[hit.start: hit.end], mentions, target_mentions)
    location, origin, destination, basis = _locate(head, places, hit.type)
    if location is None and destination is None and dominant is not None:
        location, basis = dominant, "document"  # nothing in the sentence: the report's main place, marked
    location_place, location_text = _as_place(location)
    origin_place, origin_text = _as_place(origin)
    destination_place, destination_text = _as_place(destination)
    time, from_dct = _time(analysis, doc, head)
    attribution = attributor.attribute(head)
    reading = stance_mod.read(head, attributed=bool(attribution.chain))
    stance = reading.stance
    if stance == Stance.REPORTED and hit.type in _VIOLENT and _self_reported(head, attribution):
        stance = Stance.CLAIMED
    evidence = [Evidence(sent.start_char, sent.end_char, sent.text)]
    claim = Claim(
        event_id="", document_id=analysis.document.id, evidence=evidence, outlet=analysis.document.outlet,
        source_chain=attribution.chain, speaker=attribution.speaker, speaker_role=attribution.speaker_role,
        stance=stance, cue=reading.cue if reading.cue else attribution.cue,
    )
    attributes = {
        "trigger_span": [doc[hit.start].idx, doc[hit.end - 1].idx + len(doc[hit.end - 1])],
        "factuality": {"certainty": reading.certainty, "polarity": reading.polarity, "time": reading.time},
        "actor_names": [m.text for m in actor_mentions],
        "target_names": [m.text for m in target_mentions],
        "materiel_names": [m.text for m in materiel],
    }
    if basis:
        attributes["location_basis"] = basis
    parse_state: dict = {
        "argument_words": _argument_words(head, roles),
        "actor_tokens": [t.i for t in (*roles.actors, *roles.subjects) if t.pos_ in ("NOUN", "PROPN")],
        "object_of_token": head.head.i if head.dep_ in ("dobj", "obj") else None,
    }
    if basis in ("syntax", "sentence"):
        parse_state["sites"] = lists.coordinated_sites(doc, head, places.by_token, location, hit.type, _list_site)
    for key, text in (("location_text", location_text), ("origin_text", origin_text),
                      ("destination_text", destination_text)):
        if text:
            attributes[key] = text
    if attribution.cue:
        attributes["attribution_cue"] = attribution.cue
    return Event(
        type=hit.type, document_id=analysis.document.id, mode=hit.mode, trigger=hit.text,
        actors=_unique(_eid(m) for m in actor_mentions),
        targets=_unique(_eid(m) for m in target_mentions),
        materiel=_unique(_eid(m) for m in materiel),
        location=location_place, origin=origin_place, destination=destination_place,
        time=time, time_from_dct=from_dct, fatalities=_fatalities(sent.text) if hit.type in ("ASSAULT", "FIGHT") else None,
        attributes=attributes, claims=[claim], parse_state=parse_state,
    )


_VIOLENT = {"ASSAULT", "FIGHT"}
_SELF_PRONOUNS = words("events", "self_pronouns")


def _self_reported(head, attribution) -> bool:
    """"The army said it had struck targets": the doer telling its own violent act claims it."""
    if attribution.cue_token is None:
        return False
    cue = head.doc[attribution.cue_token]
    speakers = [c for c in cue.children if c.dep_ in ("nsubj", "nsubj:pass")]
    verb = head if head.pos_ in ("VERB", "AUX") else _governing_verb(head)
    if not speakers or verb is None or cue.i == verb.i:
        return False
    doers = [c for c in verb.children if c.dep_ == "nsubj"]
    if not doers:
        return False
    doer, speaker = doers[0], speakers[0]
    if doer.lower_ in ("we", "nous"):
        return True
    if doer.lower_ in _SELF_PRONOUNS:  # "it", "they" taken to point back at the speaker just named
        return speaker.pos_ != "PRON"
    # the same head word ("the army said the army …" rarely; "Israel said Israel …"): no lemmas, the
    # lemmatizer is off for speed
    return doer.lower_ == speaker.lower_


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out
