"""Events out of one analysed document: triggers, their arguments, and one claim each.

Reads what the earlier stages filled in (mentions, toponyms, timexes; the pipeline runs them
first) and the shared dependency parse.  What the extractor notes from the parse for
consolidation (token numbers, role words, the sites of a listed place) travels in
``Event.parse_state`` and is cleared before the events leave: ``attributes`` keeps only what a
reader can use (docs/formats.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from garrison.events import attribution as attribution_mod
from garrison.events import consolidate, conventions, lexicon, lists, prospective
from garrison.events import materiel as materiel_mod
from garrison.events import roles as roles_mod
from garrison.events import stance as stance_mod
from garrison.events import triggers as trigger_mod
from garrison.events import when, where
from garrison.events.syntax import governing_verb as _governing_verb
from garrison.events.where import _adjectival, _as_place, _Places, _precision_rank
from garrison.model import (
    Analysis,
    Claim,
    Event,
    Evidence,
    Label,
    Mention,
    Stance,
)
from garrison.words import alternation, word_map, words

ACTOR_LABELS = {Label.PERSON, Label.ORG, Label.ARMED_GROUP, Label.MIL_UNIT, Label.GPE, Label.NORP}
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
    items = [m for m in analysis.mentions if not m.unlinked]  # unlinked "he": no actor
    index = _Mentions(items)
    for mention in items:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                index.by_token.setdefault(token.i, mention)
    return index




_SPECIFIC_DETERMINERS = words("events", "specific_determiners")


def _argument_words(head, roles: roles_mod.Roles) -> list[str]:
    """Content words filling the trigger's roles ("struck *targets*"), and the determiner or possessive that
    ties a nominal trigger to a known happening ("*the* attack", "*its* withdrawal")."""
    words = [t.text for t in (*roles.actors, *roles.targets, *roles.themes) if t.pos_ in ("NOUN", "PROPN", "NUM")]
    if head.pos_ in ("NOUN", "PROPN"):
        words += [c.text for c in head.children
                  if c.dep_ in ("poss", "nmod:poss") or (c.dep_ == "det" and c.lower_ in _SPECIFIC_DETERMINERS)]
    return words


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
    """The hits that are acts of their own: a nominal trigger that only restates the verb governing it ("carried
    out strikes") is one event; a denial with an act inside it, a denied statement ("denied that …") and a question
    ("asked by journalists") are no act; what was talked about or agreed takes the talks' or agreement's type."""
    heads = {h.head: h for h in hits}
    hits_at = Counter(h.head for h in hits)
    holders: dict[int, list[trigger_mod.TriggerHit]] = {}  # sentence start → its talks and agreements
    for h in hits:
        if h.type in _CONTENT_HOLDING:
            holders.setdefault(doc[h.head].sent.start, []).append(h)
    kept = []
    for hit in hits:
        token = doc[hit.head]
        governors = [token.head, token.head.head] if token.head.dep_ == "prep" else [token.head]
        if any(g.i in heads and g.i != hit.head and heads[g.i].type == hit.type for g in governors):
            continue
        # "denied reports about its participation in the bombing": the denial is the bombing's stance
        if lexicon.is_cue("deny", token.lower_):
            # another hit inside what is denied (the denial's own hit is one): read over the denied tokens, not
            # over every hit of the document
            if sum(hits_at[t.i] for t in token.subtree) > 1:
                continue
        if hit.type == "REJECT" and (_denies_a_statement(token) or stance_mod.is_negated_hedge(token)):
            continue
        if hit.type == "REQUEST" and _asks_a_question(token):
            continue
        if hit.phrase in _HELPING_VERBS and _helps_another_act(token, heads):
            continue
        if hit.type in _COMMISSIVE_TYPES and _promises_another_act(token, heads, hit.type):
            continue
        if hit.type == "TRANSFER" and _delivers_words(token):
            continue
        holder = (_content_of_talks(token, holders.get(token.sent.start, ()), doc)
                  if hit.type not in _CONTENT_HOLDING else None)
        if holder is not None:
            # told as the talks' or agreement's content: one event with it, which takes the content's arguments
            hit = replace(hit, type=holder.type, mode=holder.mode)
        kept.append(hit)
    return kept


_CONTENT_HOLDING = words("events", "content_holding_types")
_HELPING_VERBS = words("events", "helping_verbs")
_SPEECH_NOUNS = words("events", "speech_nouns")


def _delivers_words(token) -> bool:
    """"delivered a speech", "the address, delivered on the evening of …", « prononcé un discours »: what is handed
    over is words, not arms (TRANSFER is materiel passing between parties)."""
    themes = [c for c in token.children if c.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass")]
    if token.dep_ in ("acl", "relcl"):
        themes.append(token.head)
    if token.tag_ == "VBN":
        # "In his address, delivered on Sunday, …": the parser hangs the phrase the participle describes under it
        themes += [g for c in token.children if c.dep_ == "prep" and c.i < token.i for g in c.children
                   if g.dep_ == "pobj"]
    return any(t.lower_ in _SPEECH_NOUNS for t in themes)


def _helps_another_act(token, heads) -> bool:
    """"help train the army", "keep helping Bamako strengthen its forces": a verb of helping that governs another
    act of the lexicon frames that act (training is cooperation) and gives no aid of its own.  ("helped rebuild
    the school" governs no act: the help is the aid PLOVER codes.)"""
    return any(c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB" and c.i in heads for c in token.children)

_COMMISSIVE_TYPES = words("events", "commissive_types")
_COMMISSIVES = words("events", "commissive_words")


def _promises_another_act(token, heads, own_type: str) -> bool:
    """"Promised that the state would regain control", "pledged to send troops", "reaffirmed its readiness to keep
    helping Bamako … and to train its soldiers": a promise, pledge or stated readiness whose content is an act of the
    lexicon is that act announced (docs/ontology.md: the stored event keeps the promised act's type, with its stance
    planned; the PLOVER projection makes it AGREE), not an agreement or a show of support of its own.  A promise of
    no act ("promised its support", "pledged solidarity": the noun restates the commissive's own type) stays the
    commissive's event."""
    words_ = [token] + [c for c in token.children if c.dep_ in ("dobj", "obj") and c.lower_ in _COMMISSIVES]
    if token.lower_ not in _COMMISSIVES and len(words_) == 1:
        return False
    for word in words_:
        if word.lower_ not in _COMMISSIVES:
            continue
        for child in word.children:
            if child.dep_ in ("ccomp", "xcomp", "acl", "dobj", "obj") and any(
                    t.i in heads and t.i != token.i and heads[t.i].type != own_type for t in child.subtree):
                return True
    return False


_TOPIC_PREPS = words("events", "topic_preps")


def _content_of_talks(token, holders, doc) -> trigger_mod.TriggerHit | None:
    """"The two men discussed military cooperation", "talks on a US withdrawal", "an agreement that would give
    Russia access to a port", "the deal would expand Moscow's footprint": the act is what was talked about or
    agreed — the talks' or the agreement's content — not an event of its own.  ``holders``: the talks and
    agreements of the token's sentence."""
    for other in holders:
        if other.head == token.i:
            continue
        holder = doc[other.head]
        for child in holder.children:
            topic = child.dep_ == "prep" and child.lower_ in _TOPIC_PREPS
            talked = other.type == "CONSULT" and child.dep_ == "dobj"
            agreed = other.type == "AGREE" and holder.pos_ in ("NOUN", "PROPN") and child.dep_ in ("relcl", "acl")
            if (topic or talked or agreed) and token in child.subtree:
                return other
        # "the discussions covered military cooperation", "the talks focused on a withdrawal": what the talks, as
        # subject, take as object or topic is their content too (a clause of time or cause, "came after …", is not)
        if other.type == "CONSULT" and holder.pos_ in ("NOUN", "PROPN") and holder.dep_ == "nsubj" and any(
                token in c.subtree for c in holder.head.children
                if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in _TOPIC_PREPS)):
            return other
        # "an agreement … would give Russia access to a port": the agreement's doing is its content
        if (other.type == "AGREE" and holder.dep_ in ("nsubj", "nsubjpass") and holder.head.i != token.i
                and token in holder.head.subtree and token not in holder.subtree):
            return other
    return None


_STATEMENT_DENIALS = words("events", "statement_denials")
_STATEMENT_NOUNS = words("events", "statement_nouns")
_QUESTION_VERBS = words("events", "question_verbs")
_REQUEST_PREPS = words("events", "request_preps")
_QUESTION_MARKS = words("events", "question_marks")
_ANONYMITY_VERBS = words("events", "anonymity_verbs")


def _asks_a_question(token) -> bool:
    """"Asked by journalists, …", "when asked about the flights": a verb of asking with nothing asked for (no
    to-infinitive, "for" phrase or that-clause) puts a question; PLOVER's REQUEST is asking for something.
    "Asking not to be identified" is the anonymity formula of a source."""
    if token.lower_ not in _QUESTION_VERBS:
        return False
    for child in token.children:
        if child.dep_ == "xcomp" and child.lower_ in _ANONYMITY_VERBS:
            return True  # "asking not to be identified": a source's formula, not a request in the news
        if child.dep_ == "xcomp" or (child.dep_ == "prep" and child.lower_ in _REQUEST_PREPS):
            return False
        if child.dep_ == "ccomp" and not any(g.dep_ == "mark" and g.lower_ in _QUESTION_MARKS
                                              for g in child.children):
            return False
    return True


def _denies_a_statement(token) -> bool:
    """"denied that …", "denied hosting …", "dismissed claims that …", "did not rule out that …": what is
    denied is a statement (its act, if the sentence names one, carries the stance), not a request refused
    ("denied entry", "rejected the offer"), which is what PLOVER's REJECT codes."""
    particles = [c.lower_ for c in token.children if c.dep_ in ("prt", "compound:prt")]
    if token.lower_ not in _STATEMENT_DENIALS and not any(f"{token.lower_} {p}" in _STATEMENT_DENIALS
                                                          for p in particles):
        return False
    for child in token.children:
        # an English to-infinitive ("rejected X to delay …") is what was refused, not a statement
        if child.dep_ == "ccomp" and not any(g.tag_ == "TO" for g in child.children):
            return True
        # "denied hosting …", « dément avoir livré … »
        if child.dep_ == "xcomp" and (child.tag_ == "VBG" or child.lang_ != "en"):
            return True
        if child.dep_ in ("dobj", "obj") and (child.tag_ == "VBG" or child.lower_ in _STATEMENT_NOUNS):
            return True
    return False


_NEGATION_DETERMINERS = words("events", "negation_determiners")


def _none_took_place(token) -> bool:
    """"Though officials said *no agreement* had been reached", "although *no agreement* has been announced": an act
    noun under a negative determiner says that no such act has taken place — nothing to place, date or list as a
    reported happening; so does a passive act whose subject is under one ("no agreement was signed").  (A negated plan, "has no plans to return", keeps its act with the stance negated; and the
    PLOVER projection, ``classifier.main_event``, still reads "no agreement was reached" as REJECT: it does not pass
    here.)"""
    nouns = [token] if token.pos_ == "NOUN" else [c for c in token.children if c.dep_ in ("nsubjpass", "nsubj:pass")]
    # "*No agreement* was signed": the passive's subject is what was (not) done
    return any(c.dep_ == "det" and c.lower_ in _NEGATION_DETERMINERS for n in nouns for c in n.children)


def events_of(analysis: Analysis) -> list[Event]:
    doc = analysis.nlp_doc
    document = analysis.document
    mentions = _mentions(analysis, doc)
    places = where._places(analysis, doc)
    attributor = attribution_mod.Attributor(document.outlet)
    hits = [h for h in _drop_nested(trigger_mod.find(doc, _blocked(doc, mentions)), doc)
            if not _none_took_place(doc[h.head])]
    by_sentence: dict[int, list[trigger_mod.TriggerHit]] = {}
    for hit in hits:
        by_sentence.setdefault(doc[hit.head].sent.start, []).append(hit)
    focus = where.focus_of(analysis, doc, places)
    events: list[Event] = []
    told: dict[int, list[Event]] = {}  # sentence start → its events
    sentences = list(doc.sents)
    listed = None  # (event, sites) of a list of sites the sentence before told, which the next may go on
    for sent in sentences:
        found = [(_event(analysis, doc, hit, mentions, places, attributor, focus), doc[hit.head])
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
        here.extend(_prospective_sites(analysis, doc, sent, here, mentions, places, attributor))
        told[sent.start] = here
        events.extend(here)
        attributor.observe_sentence(sent)
    materiel_mod.from_following_sentences(doc, sentences, told, mentions)
    paragraphs = [when.paragraph_of(document.text, event.claims[0].evidence[0].start) for event in events]
    for event in events:
        event.parse_state = {}  # token numbers mean nothing once the parse is gone
    return when.inherit_within_paragraphs(analysis, events, paragraphs)

# the sentence's acts that place a party at its sites: whose site a succession tells when its clause names nobody
_PRESENCE_TYPES = words("events", "site_user_types")
# a site that is to take over from another is a base to be set up (ontology.json, BASE_PRESENCE)
_PROSPECTIVE_MODE = "headquarters or base established"


def _prospective_sites(analysis, doc, sent, here: list[Event], mentions: _Mentions, places: _Places,
                       attributor) -> list[Event]:
    """A BASE_PRESENCE (a base to be set up) for each site of ``sent`` that is to take over from another site
    (garrison/events/prospective.py), for the actor of the clause it hangs on, else of the sentence's presence."""
    out: list[Event] = []
    for succession in prospective.find(sent, places.by_token, _list_site):
        place, text = _as_place(succession.site)
        if place is None or any(e.location is not None and e.location.id == place.id for e in here):
            continue
        actors = next((found for subject in succession.clause_subjects
                       if (found := mentions.within(subject.subtree, ACTOR_LABELS))), [])
        parties = _unique(m.party for m in actors)
        if not parties:
            told = {tuple(e.actors) for e in here if e.type in _PRESENCE_TYPES and e.actors}
            parties = list(next(iter(told))) if len(told) == 1 else []
        if not parties:
            continue
        verb = succession.verb
        attribution = attributor.attribute(verb)
        reading = stance_mod.read(verb, attributed=bool(attribution.chain))
        stance = reading.stance
        if stance not in (Stance.SPECULATED, Stance.PLANNED, Stance.NEGATED, Stance.DENIED) and not succession.past:
            stance = Stance.PLANNED  # what is to take over is not there yet
        timing = when.own_time(analysis, doc, verb)
        last = doc[succession.end - 1]
        claim = Claim(
            event_id="", document_id=analysis.document.id,
            evidence=[Evidence(sent.start_char, sent.end_char, sent.text)], outlet=analysis.document.outlet,
            source_chain=attribution.chain, speaker=attribution.speaker, speaker_role=attribution.speaker_role,
            stance=stance, cue=reading.cue if reading.cue else attribution.cue,
        )
        attributes = {
            "trigger_span": [verb.idx, last.idx + len(last)],
            "factuality": {"certainty": reading.certainty, "polarity": reading.polarity, "time": reading.time},
            "actor_names": [m.text for m in actors],
            "target_names": [],
            "materiel_names": [],
            "location_basis": "syntax",
            "location_text": text,
        }
        precision = where.geo_precision(doc, succession.site)
        if precision is not None:
            attributes["geo_precision"] = precision
        if timing.basis:
            attributes["time_basis"] = timing.basis
        if attribution.cue:
            attributes["attribution_cue"] = attribution.cue
        out.append(Event(
            type="BASE_PRESENCE", document_id=analysis.document.id, mode=_PROSPECTIVE_MODE,
            trigger=doc[verb.i:succession.end].text, actors=parties, targets=[], materiel=[],
            location=place, origin=None, destination=None, time=timing.span, time_from_dct=timing.from_publication,
            fatalities=None, attributes=attributes, claims=[claim], parse_state={},
        ))
    return out


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


def _event(analysis, doc, hit, mentions: _Mentions, places: _Places, attributor, focus=None) -> Event:
    head = doc[hit.head]
    sent = head.sent
    roles = roles_mod.roles(head, hit.type)
    def placed(token) -> bool:  # "flights from Libya": a place the role came from is not a party of it
        return token.i in places.by_token

    actor_mentions = mentions.within(roles_mod.role_tokens(roles.actors, placed), ACTOR_LABELS)
    target_mentions = mentions.within(roles_mod.role_tokens(roles.targets, placed),
                                      ACTOR_LABELS | {Label.EQUIPMENT, Label.FACILITY})
    materiel = materiel_mod.of_clause(head, roles, doc[hit.start: hit.end], mentions, target_mentions)
    # what moves and where it ends up decide between DEPLOY, TRANSFER and BASE_PRESENCE (docs/ontology.md)
    event_type, mode = conventions.by_theme(hit, head, roles, materiel, mentions)
    chosen = where.choose(head, places, event_type, focus)
    chosen = conventions.own_facility_place(head, event_type, chosen, focus, places.by_token)
    event_type, mode = conventions.by_site(hit, event_type, mode, head, chosen)
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
        "actor_tokens": [t.i for t in (*roles.actors, *roles.subjects) if t.pos_ in ("NOUN", "PROPN")],
        "object_of_token": head.head.i if head.dep_ in ("dobj", "obj") else None,
    }
    if basis in where.OWN_BASES:
        parse_state["sites"] = lists.coordinated_sites(doc, head, places.by_token, location, event_type, _list_site)
    for key, text in (("location_text", location_text), ("origin_text", origin_text),
                      ("destination_text", destination_text)):
        if text:
            attributes[key] = text
    if attribution.cue:
        attributes["attribution_cue"] = attribution.cue
    return Event(
        type=event_type, document_id=analysis.document.id, mode=mode, trigger=hit.text,
        actors=_unique(m.party for m in actor_mentions),
        targets=_unique(m.party for m in target_mentions),
        materiel=_unique(m.party for m in materiel),
        location=location_place, origin=origin_place, destination=destination_place,
        time=time, time_from_dct=from_dct, fatalities=_fatalities(sent.text) if event_type in ("ASSAULT", "FIGHT") else None,
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
