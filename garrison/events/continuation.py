"""Sentences that go on telling the happening the sentence before told, with no trigger word of their own.

News tells one happening over several sentences and names the act once: "Dozens of armoured
vehicles arrived in Bamako. *The convoy included T-72B3 tanks and BMP-3s.* *The footage showed
crews unloading crates.*"  The later sentences carry what an analyst most wants (the materiel, the
evidence, who saw it) and each is a claim about the same happening.  Such a sentence becomes an
event of the happening's type, with its own evidence, stance and source, the materiel and site it
names, the time of the event it continues, and ``attributes["continues"]`` naming the trigger of
that event; fusion brings it into the same happening.

A sentence continues the last event when all of these hold:

- it has no event of its own and is not a headline;
- the event it would continue is a physical act (``continuing_types``, data) told at most
  ``continuation_settings.max_gap`` sentences before, with nothing else told in between;
- it names something the happening is made of: materiel, a military unit or armed group, a site,
  or refers back to the happening or its evidence ("the convoy", "such flights", "the footage";
  ``happening_anaphors``, one file per language).

A sentence that names the things an act moved by a noun for them ("as this equipment is recent, it is
likely intended for the Africa Corps"; ``materiel_anaphors``) continues that act even past other acts,
up to ``continuation_settings.materiel_reach`` sentences on and into the paragraph after the last
sentence that told it, with all the materiel the act and its continuations named.
"""

from __future__ import annotations

import bisect
import copy

from garrison.events import attribution, consolidate, salience, when
from garrison.events import stance as stance_mod
from garrison.events.syntax import governing_verb
from garrison.model import Analysis, Claim, Event, Evidence, Label, digest
from garrison.words import word_map, words

_CONTINUING_TYPES = words("events", "continuing_types")
_ANAPHORS = words("events", "happening_anaphors")
_ANAPHOR_DETERMINERS = words("events", "anaphor_determiners")
_SETTINGS = word_map("events", "continuation_settings")
MAX_GAP = int(_SETTINGS["max_gap"])
MATERIEL_REACH = int(_SETTINGS["materiel_reach"])
_MATERIEL_ANAPHORS = words("events", "materiel_anaphors")
_PARTY_LABELS = {Label.EQUIPMENT, Label.MIL_UNIT, Label.ARMED_GROUP}
_DESCRIPTION_COPULAS = words("events", "description_copulas")
_CITED_BY = words("events", "cited_by")
_OWN_TIME = ("own", "clause", "sentence")  # the time bases of a time written in the event's own sentence (when.py)
_MEDIA_NOUNS = words("events", "media_nouns")
_SHOWING_VERBS = words("events", "showing_verbs")


def add(analysis: Analysis, events: list[Event]) -> list[Event]:
    """``events`` with a continuation event for each sentence that goes on telling one of them."""
    doc = analysis.nlp_doc
    if doc is None or not events:
        return events
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        if event.claims and event.claims[0].evidence:
            by_sentence.setdefault(event.claims[0].evidence[0].start, []).append(event)
    attributor = attribution.Attributor(analysis.document.outlet)
    mentions = sorted((m for m in analysis.mentions if not m.unlinked), key=lambda m: m.start)
    toponyms = sorted(analysis.toponyms, key=lambda t: t.start)
    spans = (mentions, [m.start for m in mentions], toponyms, [t.start for t in toponyms])
    out: list[Event] = []
    last: Event | None = None
    last_index = -MAX_GAP - 1
    # a sentence told since ``last`` only verbal acts (a quote on cooperation, a call): only a noun pointing back
    # ("the personnel", "the convoy") still reaches the physical act past them
    past_words = False
    equipped: tuple[Event, int, int] | None = None  # the last act that named materiel: (event, sentence, paragraph)
    gathered: list[str] = []  # the materiel that act and the sentences continuing it named
    text = analysis.document.text
    for index, sent in enumerate(doc.sents):
        own = by_sentence.get(sent.start_char, [])
        if own:
            out.extend(own)
            told = [e for e in own if e.type in _CONTINUING_TYPES]
            if told:
                last, last_index, past_words = told[0], index, False
            else:
                past_words = True
            with_materiel = [e for e in told if e.materiel]
            if with_materiel:
                equipped = (with_materiel[0], index, when.paragraph_of(text, sent.start_char))
                gathered = list(with_materiel[0].materiel)
        elif not consolidate.is_headline(sent) and not consolidate.says_nothing(sent):
            continued = _materiel_referent(sent, index, equipped, text)
            materiel = list(gathered) if continued is not None else None
            if continued is None and last is not None and index - last_index <= MAX_GAP:
                continued = last
            follow = (_continuation(analysis, sent, continued, attributor, spans, materiel,
                                    anaphor_only=past_words and continued is last) if continued else None)
            if follow is not None:
                out.append(follow)
                last_index, past_words = index, False
                if follow.materiel:  # the act continued is now the one that named materiel, with all it named
                    same_act = equipped is not None and continued is equipped[0]
                    gathered = list(dict.fromkeys([*(gathered if same_act else ()), *follow.materiel]))
                    equipped = (continued, index, when.paragraph_of(text, sent.start_char))
        attributor.observe_sentence(sent)
    placed = {id(e) for e in out}
    out.extend(e for e in events if id(e) not in placed)  # events without evidence keep their place at the end
    return _one_per_happening_referred(doc, out)


def _one_per_happening_referred(doc, events: list[Event]) -> list[Event]:
    """"A drone hit an Il-76 at al-Khadim in June … another was struck at Jufra last December … AFRICOM rejected any
    link to *the attacks*": a plural noun trigger with a definite or demonstrative determiner, with no time of its
    own, refers back to the happenings of its type told before it.  When the report told two or more of them at
    different times, the sentence tells each: one event per happening referred to, with its place and time (the
    claim — a denial, a condemnation — is made of each).  One happening told before: the noun is just that one."""
    out: list[Event] = []
    for event in events:
        referred = _happenings_referred(doc, event, out)
        if len(referred) < 2:
            out.append(event)
            continue
        for earlier in referred:
            copy_of = copy.deepcopy(event)
            copy_of.location, copy_of.time, copy_of.time_from_dct = earlier.location, earlier.time, False
            copy_of.attributes["time_basis"] = "inherited"
            copy_of.attributes["refers_to"] = earlier.trigger or earlier.attributes.get("continues")
            for key in ("location_text", "location_basis", "geo_precision"):
                copy_of.attributes.pop(key, None)
                if key in earlier.attributes:
                    copy_of.attributes[key] = earlier.attributes[key]
            copy_of.id = "e:" + digest(event.id, earlier.id)
            for claim in copy_of.claims:
                claim.event_id = copy_of.id
                claim.assign_id()
            out.append(copy_of)
    return out


def _happenings_referred(doc, event: Event, told: list[Event]) -> list[Event]:
    """The latest event of each distinct time among the events of ``event``'s type told before it, when ``event``
    is a plural definite noun with no time of its own (see _one_per_happening_referred); [] otherwise."""
    span = event.attributes.get("trigger_span")
    if event.trigger is None or not span or event.attributes.get("time_basis") in _OWN_TIME:
        return []
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None:
        return []
    noun = tokens.root
    plural = noun.tag_ == "NNS" or "Plur" in noun.morph.get("Number")
    if noun.pos_ != "NOUN" or not plural or not any(
            c.dep_ == "det" and c.lower_ in _ANAPHOR_DETERMINERS for c in noun.children):
        return []
    by_time: dict[tuple, Event] = {}
    for earlier in told:
        if earlier.type != event.type or earlier.time is None or earlier.time_from_dct or earlier.location is None:
            continue
        key = (earlier.time.start, earlier.time.end)
        if any(k != key and k[0] <= key[1] and key[0] <= k[1] for k in by_time):
            continue  # overlapping times: more of one happening, not another
        by_time[key] = earlier
    # another happening is another time at another place; one site told on two dates may be one happening told
    # twice (the works, then the denial of them)
    if len({e.location.id for e in by_time.values()}) < len(by_time):
        return []
    return sorted(by_time.values(), key=lambda e: e.time.start)  # listed in the order they happened


def _within(spans: list, starts: list[int], sent) -> list:
    """The spans (sorted by start, with their ``starts``) that begin inside the sentence."""
    return spans[bisect.bisect_left(starts, sent.start_char):bisect.bisect_left(starts, sent.end_char)]


def _continuation(analysis: Analysis, sent, event: Event, attributor, spans,
                  referred_materiel: list[str] | None = None, anaphor_only: bool = False) -> Event | None:
    mentions, mention_starts, toponyms, toponym_starts = spans
    named = [m for m in _within(mentions, mention_starts, sent) if m.label in _PARTY_LABELS]
    here = _within(toponyms, toponym_starts, sent)
    sites = [t for t in here if t.place is not None and t.place.precision == 1]
    head = _content_verb(sent)
    if not (named or sites or _refers_back(sent)) or (anaphor_only and not _refers_back(sent, head)):
        return None
    if (_describes_a_place(head, here)
            or _dated_apart(sent, event, when.timexes_within(analysis, sent.doc, sent.start_char, sent.end_char))):
        return None
    found = attributor.attribute(head)
    reading = stance_mod.read(head, attributed=bool(found.chain))
    claim = Claim(
        event_id="", document_id=analysis.document.id,
        evidence=[Evidence(sent.start_char, sent.end_char, sent.text)], outlet=analysis.document.outlet,
        source_chain=found.chain or list(event.claims[0].source_chain if event.claims else []),
        speaker=found.speaker, speaker_role=found.speaker_role, stance=reading.stance,
        cue=reading.cue or found.cue,
    )
    materiel = list(dict.fromkeys(m.party for m in named if m.label == Label.EQUIPMENT))
    materiel = materiel or list(referred_materiel or ())
    attributes = copy.deepcopy(event.attributes)
    for key in ("merged_triggers", "coordinated_sites", "attribution_cue", "trigger_span"):
        attributes.pop(key, None)
    attributes.update({
        "continues": event.trigger or event.attributes.get("continues"),
        "materiel_names": list(dict.fromkeys(m.text for m in named if m.label == Label.EQUIPMENT)),
        "time_basis": "inherited" if event.time is not None else attributes.get("time_basis"),
    })
    location = sites[0].place if sites else event.location
    if sites:
        attributes["location_text"] = sites[0].text
        attributes["location_basis"] = "sentence"
        attributes["geo_precision"] = 1  # a named site: ACLED's exact location
    for key in ("background", "background_reason"):
        attributes.pop(key, None)
    follow = Event(
        type=event.type, document_id=event.document_id, mode=event.mode, trigger=None,
        actors=list(event.actors), targets=list(event.targets), materiel=materiel or list(event.materiel),
        location=location, origin=event.origin, destination=event.destination,
        time=event.time, time_from_dct=event.time_from_dct, attributes=attributes, claims=[claim],
    )
    # Going on telling context is context; and a sentence of its own about how long a force has been at the
    # site ("Jufra has hosted Russian personnel since 2019") is a standing state, whatever it continues.
    reason = ("continues background" if salience.is_background(event)
              else salience.background_reason(head, follow, analysis.document.published))
    if reason:
        follow.attributes["background"] = True
        follow.attributes["background_reason"] = reason
    return follow


def _describes_a_place(verb, toponyms) -> bool:
    """"Al-Khadim, about 100 km east of Benghazi, is one of the main Russian transit points": a place as the subject
    of a copula with a predicate tells what the site is, not the happening told before."""
    if verb.lower_ not in _DESCRIPTION_COPULAS or not any(c.dep_ in ("attr", "acomp", "prep") for c in verb.children):
        return False
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubj:pass"):  # the subject is the place, not a thing somewhere
            return any(t.start <= child.idx < t.end and t.place is not None for t in toponyms)
    return False


def _dated_apart(sent, event: Event, timexes) -> bool:
    """The sentence dates what it tells (``timexes``: its time expressions), and not within the time of the event
    it would continue ("In 2020, AFRICOM published photographs …" after a strike last Saturday): another
    happening, not more of the same."""
    if event.time is None or event.time_from_dct:
        return False
    # evidence shown or words said after the happening may well be about it; not before it
    own = [t.span for t in timexes
           if t.span is not None and (not _dates_the_telling(sent.doc, t) or t.span.end < event.time.start)
           and not _opens_a_count(sent.doc, t)]
    return bool(own) and not any(s.start <= event.time.end and event.time.start <= s.end for s in own)


def _opens_a_count(doc, timex) -> bool:
    """"It was the ninth such flight since the beginning of the month", "the first such delivery since March": the
    time opens the stretch over which the happening is counted (an ordinal or a first/only/superlative with
    "since"), so it says the happening came after it, not when; not another happening."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return span is not None and when._bounds_a_comparison(span)


def _dates_the_telling(doc, timex) -> bool:
    """"The images, published on Tuesday, …", "X wrote on Monday that …": the date of the evidence or the words,
    not of what they show."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    verb = governing_verb(span.root) if span is not None else None
    return verb is not None and (attribution.is_report(verb) or verb.lower_ in _CITED_BY)


def _materiel_referent(sent, index: int, equipped: tuple[Event, int, int] | None, text: str) -> Event | None:
    """"As this equipment is recent, it is likely intended for …": a sentence naming the things an earlier act
    moved by a noun for materiel goes on telling that act, a few sentences on and into the next paragraph
    (``materiel_anaphors``; ``continuation_settings.materiel_reach`` sentences)."""
    if equipped is None:
        return None
    event, its_index, its_paragraph = equipped
    if index - its_index > MATERIEL_REACH or when.paragraph_of(text, sent.start_char) - its_paragraph > 1:
        return None
    for token in sent:
        if token.lower_ in _MATERIEL_ANAPHORS and any(
                c.dep_ == "det" and c.lower_ in _ANAPHOR_DETERMINERS for c in token.children):
            return event
    return None


def _refers_back(sent, verb=None) -> bool:
    """"the convoy", "such flights", "these vehicles": a noun pointing back at the happening or its evidence.
    Given the sentence's asserted ``verb``, only a noun that is one of its own arguments ("*The personnel* belong
    to …"; not "the base is essential for *its flights*", where the noun belongs to a clause about something
    else)."""
    for token in sent:
        if token.lower_ in _ANAPHORS and any(
                c.dep_ in ("det", "amod", "poss") and c.lower_ in _ANAPHOR_DETERMINERS for c in token.children):
            if verb is None or token.head.i == verb.i:
                return True
    return _shows_evidence(sent)


def _shows_evidence(sent) -> bool:
    """"Footage aired by the state broadcaster showed soldiers greeting officials", "Satellite pictures taken a few
    days later show a scorch mark", « Des images satellites montrent … »: a record (images, footage, imagery) as the
    subject of the sentence's verb of showing, straight after a happening, is the evidence of that happening — what
    it shows (the aftermath of a strike, troops at the airport) goes on telling it, with or without "the"."""
    # read from word order, not the parse: the small models often take the participle ("pictures *taken* …") for the
    # sentence's verb; the record opens the sentence and a verb of showing follows it
    for token in sent:
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ != "compound":
            return token.lower_ in _MEDIA_NOUNS and any(t.lower_ in _SHOWING_VERBS for t in sent[token.i - sent.start:])
    return False


def _content_verb(sent):
    """The verb the sentence asserts ("The footage showed …"), below a verb of saying when it reports one."""
    root = sent.root
    if attribution.is_report(root):
        for child in root.children:
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                return child
    return root
