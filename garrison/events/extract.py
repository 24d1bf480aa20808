"""Events out of one analysed document: triggers, their arguments, and one claim each.

Reads what the earlier stages filled in (mentions, toponyms, timexes) and the shared
dependency parse.  Where an earlier stage has not run, it degrades: spaCy's own entities
stand in for mentions, and an event keeps the text of its place in ``attributes`` when no
resolved toponym is there to give it coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from garrison.events import attribution as attribution_mod
from garrison.events import lexicon
from garrison.events import stance as stance_mod
from garrison.events import triggers as trigger_mod
from garrison.model import (
    Analysis, Claim, Event, Evidence, Label, Mention, Place, Precision, TimeSpan, entity_id,
)

ACTOR_LABELS = {Label.PERSON, Label.ORG, Label.ARMED_GROUP, Label.MIL_UNIT, Label.GPE, Label.NORP}
PLACE_LABELS = {Label.GPE, Label.LOC, Label.FACILITY}
# spaCy's labels read as ours when the entities stage has not run.
SPACY_LABELS = {"PERSON": Label.PERSON, "ORG": Label.ORG, "GPE": Label.GPE, "LOC": Label.LOC, "NORP": Label.NORP,
                "FAC": Label.FACILITY, "PRODUCT": Label.EQUIPMENT}
MOVE_TYPES = {"DEPLOY", "TRANSFER", "RETREAT"}
VERBAL_TYPES = {"ACCUSE", "REJECT", "REQUEST", "THREATEN", "SUPPORT", "AGREE", "CONSULT", "SANCTION"}
# Types whose grammatical object is what was moved or given, not a victim.
THEME_TYPES = {"DEPLOY", "TRANSFER", "BASE_PRESENCE", "CONSTRUCTION", "ORG_CHANGE", "AID"}
_ORIGIN_PREPS = {"from", "out"}
_DESTINATION_PREPS = {"to", "towards", "toward", "into"}
_LOCATION_PREPS = {"at", "in", "on", "near", "over", "inside", "outside", "around", "across", "within"}

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                 "fifty": 50, "dozens": 24, "a dozen": 12, "hundreds": 200}
_NUMBER = r"(\d[\d,]*|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_FATALITIES = [
    re.compile(_NUMBER + r"\s+(?:\w+\s+){0,3}?(?:were|was|have been|had been)?\s*(?:killed|dead|died|slain)", re.I),
    re.compile(r"(?:killing|killed|kills)\s+(?:at least\s+)?" + _NUMBER, re.I),
    re.compile(r"death toll\s+(?:\w+\s+){0,3}?(?:to|of|at)\s+" + _NUMBER, re.I),
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
    if not items:
        items = [
            Mention(analysis.document.id, ent.start_char, ent.end_char, ent.text, SPACY_LABELS[ent.label_],
                    source="ner")
            for ent in doc.ents if ent.label_ in SPACY_LABELS
        ]
    index = _Mentions(items)
    for mention in items:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                index.by_token.setdefault(token.i, mention)
    return index


def _eid(mention: Mention) -> str:
    return mention.entity_id or entity_id(mention.label, mention.text)


def _subject(verb, passive: bool = False):
    """The verb's subject, or its controller's ("Russia began to transfer", "is in the process of strengthening")."""
    deps = ("nsubj", "csubj", "nsubjpass") if passive else ("nsubj", "csubj")
    node = verb
    for _ in range(6):
        for child in node.children:
            if child.dep_ in deps:
                return child
        if node.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "pobj", "prep", "acomp") or node.head is node:
            return None
        node = node.head
    return None


def _governing_verb(token):
    node = token
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX") or node.head is node:
            return node
        node = node.head
    return node if node.pos_ in ("VERB", "AUX") else None


@dataclass
class _Roles:
    actors: list = field(default_factory=list)  # token subtrees
    targets: list = field(default_factory=list)
    themes: list = field(default_factory=list)


def _roles(head, event_type: str) -> _Roles:
    roles = _Roles()
    if head.pos_ in ("VERB", "AUX"):
        subject = _subject(head)
        if subject is not None:
            roles.actors.append(subject)
        for child in head.children:
            if child.dep_ == "agent":
                roles.actors.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ in ("dobj", "nsubjpass", "attr"):
                (roles.themes if event_type in THEME_TYPES else roles.targets).append(child)
            elif child.dep_ == "prep" and child.lower_ in ("on", "against", "upon") and event_type not in THEME_TYPES | MOVE_TYPES:
                roles.targets.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "dative" or (child.dep_ == "prep" and child.lower_ == "to" and event_type == "TRANSFER"):
                roles.targets.extend(c for c in child.children if c.dep_ == "pobj") if child.dep_ == "prep" else roles.targets.append(child)
    else:
        for child in head.children:
            if child.dep_ == "poss":
                roles.actors.append(child)
            elif child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"):
                roles.actors.append(child)
            elif child.dep_ == "prep" and child.lower_ == "by":
                roles.actors.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ in ("on", "against", "of") and (
                child.lower_ == "of" or event_type not in THEME_TYPES | MOVE_TYPES
            ):
                objs = [c for c in child.children if c.dep_ == "pobj"]
                (roles.themes if (event_type in THEME_TYPES and child.lower_ == "of") else roles.targets).extend(objs)
        verb = _governing_verb(head)
        if verb is not None and verb is not head and head.dep_ in ("dobj", "attr", "nsubjpass"):
            subject = _subject(verb)
            if subject is not None and not attribution_mod._is_report(verb):
                roles.actors.append(subject)
    return roles


def _subtree_tokens(tokens) -> list:
    out = []
    for token in tokens:
        out.extend(token.subtree)
    return out


# ---------------------------------------------------------------------------
# places


@dataclass
class _Places:
    by_token: dict[int, object]  # token index → Toponym (resolved) or spaCy span text (unresolved)


def _places(analysis: Analysis, doc, mentions: _Mentions) -> _Places:
    index: dict[int, object] = {}
    resolved = [t for t in analysis.toponyms if t.place is not None]
    for toponym in resolved:
        span = doc.char_span(toponym.start, toponym.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                index.setdefault(token.i, toponym)
    if not analysis.toponyms:  # no places stage: keep the names, without coordinates
        for mention in mentions.items:
            if mention.label in PLACE_LABELS:
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None:
                    for token in span:
                        index.setdefault(token.i, mention)
    return _Places(index)


def _first_place(places: _Places, tokens) -> object | None:
    for token in sorted(tokens, key=lambda t: t.i):
        found = places.by_token.get(token.i)
        if found is not None and not _adjectival(found, token):
            return found
    return None


def _adjectival(found, token) -> bool:
    """"a Russian cargo plane": a demonym names whose, not where."""
    if token.head.lower_ in _TERRITORY_NOUNS:
        return False  # "on Libyan soil" is in Libya
    label = getattr(found, "mention_label", None) or getattr(found, "label", None)
    return label == "NORP" or (token.tag_ == "JJ" and token.ent_type_ in ("NORP", ""))


_TERRITORY_NOUNS = {"soil", "territory", "territories", "waters", "airspace", "ground", "land", "coast", "border",
                    "borders", "side", "mainland", "shores"}


def _locate(head, places: _Places, event_type: str):
    """(location, origin, destination) as toponyms or unresolved mentions."""
    sent = head.sent
    origin = destination = location = None
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
    subject = _subject(verb, passive=head.dep_ in ("attr", "oprd"))
    actor_tokens = {t.i for t in subject.subtree} if subject is not None else set()
    if location is None and head.dep_ in ("attr", "oprd") and actor_tokens:
        # "The X base is set to become a logistics center (in Africa)": the subject is the site
        location = _first_place(places, [t for t in sent if t.i in actor_tokens])
        actor_tokens = set()
    if event_type in VERBAL_TYPES:
        # "accused Russia of …": the addressee of words is not where they were said
        for child in verb.children:
            if child.dep_ in ("dobj", "dative"):
                actor_tokens |= {t.i for t in child.subtree}
    for prep in preps:
        if location is not None:
            break
        if prep.lower_ in _LOCATION_PREPS:
            location = _first_place(places, list(prep.subtree))
    if location is None:
        # a place inside the trigger's own phrase ("the bombing of a plane at Jufra air base")
        inner = [t for t in head.subtree if t.i != head.i and t.i not in actor_tokens]
        location = _first_place(places, inner)
    if location is None and event_type not in MOVE_TYPES:
        location = _first_place(places, [t for t in verb.subtree if t.i not in actor_tokens and _in_locative(t)])
    if destination is not None:
        location = destination
    if location is None and event_type not in MOVE_TYPES:
        location = _nearest_place(places, head, sent, actor_tokens)
    return location, origin, destination


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
        if lexicon.is_cue("deny", token.lower_) and any(
            other.head in {t.i for t in token.subtree} and other is not hit for other in hits
        ):
            continue
        kept.append(hit)
    return kept


def events_of(analysis: Analysis) -> list[Event]:
    doc = analysis.nlp_doc
    document = analysis.document
    mentions = _mentions(analysis, doc)
    places = _places(analysis, doc, mentions)
    attributor = attribution_mod.Attributor(document.outlet)
    hits = _drop_nested(trigger_mod.find(doc, _blocked(doc, mentions)), doc)
    by_sentence: dict[int, list[trigger_mod.TriggerHit]] = {}
    for hit in hits:
        by_sentence.setdefault(doc[hit.head].sent.start, []).append(hit)
    events: list[Event] = []
    for sent in doc.sents:
        for hit in by_sentence.get(sent.start, []):
            events.append(_event(analysis, doc, hit, mentions, places, attributor))
        attributor.observe_sentence(sent)
    return events


def _event(analysis, doc, hit, mentions: _Mentions, places: _Places, attributor) -> Event:
    head = doc[hit.head]
    sent = head.sent
    roles = _roles(head, hit.type)
    actor_mentions = mentions.within(_subtree_tokens(roles.actors), ACTOR_LABELS)
    target_mentions = mentions.within(_subtree_tokens(roles.targets), ACTOR_LABELS | {Label.EQUIPMENT, Label.FACILITY})
    clause = list(head.subtree) + _subtree_tokens(roles.actors) + list(doc[hit.start: hit.end])
    materiel = [m for m in mentions.within(_subtree_tokens(roles.themes) + clause, {Label.EQUIPMENT})
                if m not in target_mentions]
    location, origin, destination = _locate(head, places, hit.type)
    location_place, location_text = _as_place(location)
    origin_place, origin_text = _as_place(origin)
    destination_place, destination_text = _as_place(destination)
    time, from_dct = _time(analysis, doc, head)
    attribution = attributor.attribute(head)
    reading = stance_mod.read(head, attributed=bool(attribution.chain))
    evidence = [Evidence(sent.start_char, sent.end_char, sent.text)]
    claim = Claim(
        event_id="", document_id=analysis.document.id, evidence=evidence, outlet=analysis.document.outlet,
        source_chain=attribution.chain, speaker=attribution.speaker, speaker_role=attribution.speaker_role,
        stance=reading.stance, cue=reading.cue if reading.cue else attribution.cue,
    )
    attributes = {
        "trigger_span": [doc[hit.start].idx, doc[hit.end - 1].idx + len(doc[hit.end - 1])],
        "factuality": {"certainty": reading.certainty, "polarity": reading.polarity, "time": reading.time},
        "actor_names": [m.text for m in actor_mentions],
        "target_names": [m.text for m in target_mentions],
        "materiel_names": [m.text for m in materiel],
    }
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
        attributes=attributes, claims=[claim],
    )


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out
