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
from garrison.events import consolidate, lexicon
from garrison.events import stance as stance_mod
from garrison.events import triggers as trigger_mod
from garrison.events import when, where
from garrison.events.syntax import governing_verb as _governing_verb
from garrison.events.syntax import subject as _subject
from garrison.events.where import MOVE_TYPES, _adjectival, _as_place, _Places, _precision_rank
from garrison.model import (
    Analysis,
    Claim,
    Event,
    Evidence,
    Label,
    Mention,
    Stance,
    entity_id,
)
from garrison.words import alternation, word_list, word_map, words

ACTOR_LABELS = {Label.PERSON, Label.ORG, Label.ARMED_GROUP, Label.MIL_UNIT, Label.GPE, Label.NORP}
# Types whose grammatical object is what was moved or given, not a victim.
THEME_TYPES = {"DEPLOY", "TRANSFER", "BASE_PRESENCE", "CONSTRUCTION", "ORG_CHANGE", "AID"}
# Domain words live in garrison/data/events/words*.tsv (one file per language).

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




@dataclass
class _Roles:
    actors: list = field(default_factory=list)  # token subtrees
    targets: list = field(default_factory=list)
    themes: list = field(default_factory=list)


_OF_MARKS = word_list("events", "of_marks")


def _roles_ud(head, event_type: str) -> _Roles:
    """Roles from a Universal Dependencies parse (the French model): subject, object, agent, "de" phrase."""
    roles = _Roles()
    objects = roles.themes if event_type in THEME_TYPES | MOVE_TYPES else roles.targets
    node = head
    if head.pos_ not in ("VERB", "AUX") and head.dep_ in ("obj", "nsubj:pass") and head.head.pos_ == "VERB":
        node = head.head  # "a lancé la création de …": the verb's subject is the nominal event's actor
    for child in node.children:
        if child.dep_ == "nsubj" and child.pos_ != "PRON":
            roles.actors.append(child)
        elif child.dep_ == "obl:agent":
            roles.actors.append(child)
    for child in head.children:
        if child.dep_ in ("obj", "nsubj:pass"):
            objects.append(child)
        elif child.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ in _OF_MARKS for c in child.children):
            objects.append(child)
    return roles


def _roles(head, event_type: str) -> _Roles:
    if head.lang_ != "en":
        return _roles_ud(head, event_type)
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
            # "AFRICOM denied the attack": the denier is the claim's source, not the attacker
            if subject is not None and not attribution_mod._is_report(verb) and not attribution_mod._is_denial(verb):
                roles.actors.append(subject)
    return roles


_SPECIFIC_DETERMINERS = words("events", "specific_determiners")


def _argument_words(head, roles: _Roles) -> list[str]:
    """Content words filling the trigger's roles ("struck *targets*"), and the determiner or possessive that
    ties a nominal trigger to a known happening ("*the* attack", "*its* withdrawal")."""
    words = [t.text for t in (*roles.actors, *roles.targets, *roles.themes) if t.pos_ in ("NOUN", "PROPN", "NUM")]
    if head.pos_ in ("NOUN", "PROPN"):
        words += [c.text for c in head.children
                  if c.dep_ in ("poss", "nmod:poss") or (c.dep_ == "det" and c.lower_ in _SPECIFIC_DETERMINERS)]
    return words


def _subtree_tokens(tokens) -> list:
    out = []
    for token in tokens:
        out.extend(token.subtree)
    return out




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
    places = where._places(analysis, doc)
    attributor = attribution_mod.Attributor(document.outlet)
    hits = _drop_nested(trigger_mod.find(doc, _blocked(doc, mentions)), doc)
    by_sentence: dict[int, list[trigger_mod.TriggerHit]] = {}
    for hit in hits:
        by_sentence.setdefault(doc[hit.head].sent.start, []).append(hit)
    focus = where.focus_of(analysis, doc, places)
    events: list[Event] = []
    for sent in doc.sents:
        found = [(_event(analysis, doc, hit, mentions, places, attributor, focus), doc[hit.head])
                 for hit in by_sentence.get(sent.start, [])]
        if found and not consolidate.is_headline(sent):
            for event in consolidate.sentence_events(found):
                events.extend(consolidate.per_site(event, event.parse_state.get("sites", [])))
        attributor.observe_sentence(sent)
    paragraphs = [when.paragraph_of(document.text, event.claims[0].evidence[0].start) for event in events]
    for event in events:
        event.parse_state = {}  # token numbers mean nothing once the parse is gone
    return when.inherit_within_paragraphs(analysis, events, paragraphs)

# A presence timeline is actor × site: these events are told once per site of a coordination.
SITE_TYPES = {"BASE_PRESENCE", "DEPLOY", "CONSTRUCTION", "ASSAULT"}
# "for operations in Mali and Burkina Faso", "towards X", "to support X": whom the act serves, not where it is
_PURPOSE_PREPS = words("events", "purpose_preps")
_PURPOSE_VERBS = words("events", "purpose_verbs")


def _found_token(doc, found):
    span = doc.char_span(found.start, found.end, alignment_mode="expand") if found is not None else None
    return span.root if span is not None else None


_LIST_GLUE = words("events", "list_glue")


def _listed_with(doc, places: _Places, token) -> list[tuple]:
    """(place, root token) of each place in the list ``token`` belongs to: "X, Y and Z", "d'X, d'Y et de Z".

    Read from the surface, not the parse: the small models often hang the later names of a list
    on the verb instead of coordinating them.
    """
    sent = token.sent
    here = places.by_token.get(token.i)
    if here is None:
        return []
    members = [(here, token)]
    for step in (-1, 1):
        current, i = here, token.i
        while sent.start <= i + step < sent.end and len(members) < 20:
            i += step
            found = places.by_token.get(i)
            if found is current:
                continue
            if found is not None:
                members.append((found, doc[i]))
                current = found
            elif doc[i].lower_ not in _LIST_GLUE:
                break
    members.sort(key=lambda m: m[1].i)
    # a list needs a coordinator somewhere between its first and last name
    words = {doc[i].lower_ for i in range(members[0][1].i, members[-1][1].i)}
    return members if len(members) >= 2 and words & {"and", "or", "et", "ou", ","} else []


def _in_purpose(token, stop) -> bool:
    """The token sits in a purpose or beneficiary phrase below ``stop`` (the trigger)."""
    node = token
    for _ in range(10):
        if node is stop or node.head is node:
            return False
        if node.dep_ in ("prep", "case") and node.lower_ in _PURPOSE_PREPS:
            return True
        if node.pos_ == "VERB" and node.lower_ in _PURPOSE_VERBS:
            return True
        node = node.head
    return False


def _coordinated_sites(doc, head, places: _Places, location, event_type: str) -> list[tuple]:
    """(place, text) for each site coordinated with the event's place ("the bases of X, Y and Z"), or []."""
    if event_type not in SITE_TYPES or location is None:
        return []
    root = _found_token(doc, location)
    if root is None:
        return []
    sites, seen = [], set()
    for found, member in _listed_with(doc, places, root):
        if _precision_rank(found) >= 3 or _in_purpose(member, head) or _adjectival(found, member):
            return []  # countries and regions named as context, or whom the act serves: one event
        key = getattr(getattr(found, "place", None), "id", None) or found.text
        if key not in seen:
            seen.add(key)
            sites.append(_as_place(found))
    return sites if len(sites) >= 2 else []



def _event(analysis, doc, hit, mentions: _Mentions, places: _Places, attributor, focus=None) -> Event:
    head = doc[hit.head]
    sent = head.sent
    roles = _roles(head, hit.type)
    actor_mentions = mentions.within(_subtree_tokens(roles.actors), ACTOR_LABELS)
    target_mentions = mentions.within(_subtree_tokens(roles.targets), ACTOR_LABELS | {Label.EQUIPMENT, Label.FACILITY})
    clause = list(head.subtree) + _subtree_tokens(roles.actors) + list(doc[hit.start: hit.end])
    materiel = [m for m in mentions.within(_subtree_tokens(roles.themes) + clause, {Label.EQUIPMENT})
                if m not in target_mentions]
    chosen = where.choose(head, places, hit.type, focus)
    location, origin, destination, basis = chosen.location, chosen.origin, chosen.destination, chosen.basis
    location_place, location_text = _as_place(location)
    origin_place, origin_text = _as_place(origin)
    destination_place, destination_text = _as_place(destination)
    timing = when.own_time(analysis, doc, head)
    time, from_dct = timing.span, timing.from_publication
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
    if chosen.geo_precision is not None:
        attributes["geo_precision"] = chosen.geo_precision
    if timing.basis:
        attributes["time_basis"] = timing.basis
    parse_state: dict = {
        "argument_words": _argument_words(head, roles),
        "actor_tokens": [t.i for t in roles.actors if t.pos_ in ("NOUN", "PROPN")],
        "object_of_token": head.head.i if head.dep_ in ("dobj", "obj") else None,
    }
    if basis in ("syntax", "sentence", "coded"):
        parse_state["sites"] = _coordinated_sites(doc, head, places, location, hit.type)
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
