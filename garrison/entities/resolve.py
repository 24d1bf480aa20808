"""From spans to canonical entities: merge the model's and the domain layer's spans, then resolve.

Resolution, in order of trust:

1. a lexicon alias names its entry (shared aliases go to the entry the document names elsewhere,
   or whose city it names; weak aliases only to an entry named elsewhere);
2. a model span is looked up in the lexicon by its surface form, then by its folded key
   (Hafter → Khalifa Haftar), then by a close folded key within its label family;
3. what is left is clustered within the document: a person's surname after the full name,
   an acronym after the name it abbreviates or that it follows in brackets, an organisation's
   shorter name whose words all occur in a longer one.

Mentions come in two layers. Every name is a mention of its own (source ``ner``, ``lexicon``,
``pattern`` or ``coref``); where news gold such as re3d marks a wider phrase or a common noun
("the Africa Corps", "Russian troops", "ISIL fighters", "the regime", "the Foreign Secretary"), a
mention with source ``nominal`` covers it, nested around the names it holds. Consumers that want
names only skip ``nominal`` mentions; :func:`garrison.eval.entities.flatten` picks the layer a
single-layer gold file holds.

Ids are ``model.entity_id(type, canonical name)``: lexicon names for known entities, the
longest mention for the rest, so the same text always yields the same ids.
:func:`link_across` merges the local entities of several documents by folded name.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from garrison.entities import lexicon as lex
from garrison.entities import matcher, nominals
from garrison.intervals import Intervals, Occurrences
from garrison.model import Analysis, Document, Entity, Label, Mention, entity_id
from garrison.words import alternation, word_list, word_map, words

FAMILIES = {
    Label.PERSON: "person", Label.ORG: "org", Label.ARMED_GROUP: "org", Label.MIL_UNIT: "org",
    Label.GPE: "place", Label.LOC: "place", Label.FACILITY: "place", Label.NORP: "norp",
    Label.EQUIPMENT: "equipment",
}
_FUZZY_CUTOFF = 88
# Domain words: garrison/data/entities/words*.tsv.
_STOPWORDS = words("entities", "name_stopwords")


@dataclass
class Span:
    start: int
    end: int
    label: str
    source: str  # ner | lexicon | pattern | coref
    entries: list[lex.Entry] = field(default_factory=list)
    shared: bool = False
    weak: bool = False
    canonical: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    entity: str | None = None  # resolved entity key
    name_start: int | None = None  # where the name itself lies when the mention is wider ("the UN", "Col. X")
    name_end: int | None = None

    def name(self, text: str) -> str:
        start = self.start if self.name_start is None else self.name_start
        end = self.end if self.name_end is None else self.name_end
        return text[start:end]


# the same names come back in document after document: their ids are worked out once
_entity_id = functools.lru_cache(maxsize=50_000)(entity_id)


def family(label: str) -> str:
    return FAMILIES.get(label, label)


# ---------------------------------------------------------------------------
# spans from the model


@functools.cache
def _ner_conf():
    conf = lex.patterns()["ner"]
    titles = sorted(conf["titles"], key=len, reverse=True)
    leading = sorted(conf["leading_words"], key=len, reverse=True)
    return conf["labels"], titles, leading, set(conf["stop_texts"])


@functools.cache
def _leading_re() -> re.Pattern:
    """Articles and titles a model span may start with: "the LNA", "President Putin"."""
    _, titles, leading, _ = _ner_conf()
    words = sorted(set(leading) | set(titles), key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(re.escape(w) + (r"" if w.endswith(("'", "’")) else r"[ \u00a0]+")
                                       for w in words) + r")+")


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    stop = _ner_conf()[3]
    m = _leading_re().match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    span = text[start:end]
    for suffix in ("'s", "’s", "'", "’"):
        if span.endswith(suffix) and len(span) > len(suffix) + 1:
            end -= len(suffix)
            span = span[: -len(suffix)]
            break
    stripped = span.rstrip(" .,;:[](){}\"“”«»-")
    end -= len(span) - len(stripped)
    lead = len(stripped) - len(stripped.lstrip(" .,;:[](){}\"“”«»-"))
    start += lead
    span = stripped[lead:]
    if len(span) < 2 or span in stop or not any(c.isupper() for c in span):
        return None
    return start, end


@functools.cache
def _drop_prefixes() -> frozenset[str]:
    """Names of operations and exercises are events, not organisations."""
    return frozenset(lex.patterns()["ner"]["drop_prefixes"])


def _looks_like_name(text: str) -> bool:
    """Every word capitalised or a name particle (al-, bin, de …): "Cap Mali + television" is not a person."""
    particles = set(lex.patterns()["ner"]["person_particles"])
    for word in text.split():
        head = word.split("-")[-1] if word.split("-")[0] in particles else word
        if word in particles:
            continue
        if not head[:1].isupper():
            return False
    return True


_FIRST_WORD = re.compile(r"([A-Z][a-z]+)[ \u00a0]+(?=[A-Z])")


def _after_preposition(text: str, span: tuple[int, int], label: str) -> tuple[tuple[int, int] | None, str]:
    """"Near Ar Raqqah" → "Ar Raqqah": a capitalised preposition the model took into a name is trimmed off, and
    after one that only takes a place ("near", "outside") the name is a place even where the model said person."""
    m = _FIRST_WORD.match(text, span[0])
    if m is None or m.end() >= span[1] or m.group(1).lower() not in words("entities", "leading_prepositions"):
        return span, label
    if m.group(1).lower() in words("entities", "spatial_prepositions") and label in (Label.PERSON.value, Label.NORP.value):
        label = Label.GPE.value
    return (m.end(), span[1]), label


def ner_spans(doc, text: str, language: str | None = None) -> list[Span]:
    if doc is None:
        return []
    labels = lex.patterns()["ner"].get("labels_by_language", {}).get(language or "", _ner_conf()[0])
    out = []
    for ent in doc.ents:
        label = labels.get(ent.label_)
        if label is None:
            continue
        trimmed = _trim(text, ent.start_char, ent.end_char)
        if trimmed is None:
            continue
        trimmed, label = _after_preposition(text, trimmed, label)
        if trimmed is None:
            continue
        if label == Label.PERSON and not _looks_like_name(text[trimmed[0]:trimmed[1]]):
            continue
        if text[trimmed[0]:trimmed[1]].split()[0] in _drop_prefixes():
            continue
        out.append(Span(trimmed[0], trimmed[1], label, "ner"))
    return out


# ---------------------------------------------------------------------------
# merging


@functools.cache
def _facility_head_re() -> re.Pattern:
    heads = lex.patterns()["facility"]["heads"]
    alternatives = "|".join(re.escape(h) for h in sorted(set(heads), key=len, reverse=True))
    return re.compile(rf"[ \u00a0]+(?:{alternatives})(?![\w-])")


_GENERIC_HEADS = words("entities", "generic_heads")
_HEAD_NAMES = word_map("entities", "head_names")


def _head_name(head: str) -> str:
    head = " ".join(head.split())
    return _HEAD_NAMES.get(head.lower(), " ".join(w[:1].upper() + w[1:] for w in head.split()))


_NAME_LABELS = {Label.PERSON, Label.ORG, Label.FACILITY}
_PLACE_LABELS = {Label.GPE, Label.LOC, Label.NORP}


_SYSTEM_NAME = re.compile(r"(?:[A-Z][a-z]+(?:[ \u00a0]+|$))+(?:(?:II|III|IV)(?:[ \u00a0]+|$))?")


def _designation_names(spans: list[Span], model: list[Span], text: str) -> list[Span]:
    """"EA-6B Prowler", "AV-8B Harrier": a designation and the popular name after it are one name of the system.
    The model reads the unknown name as a person or an organisation; its span is taken into the designation's
    (a date or a place after a designation is left alone: the model gives those other labels)."""
    by_start = {m.start: m for m in model if m.label in (Label.PERSON, Label.ORG)}
    if not by_start:
        return model
    taken: set[int] = set()
    for span in spans:
        if span.source != "pattern" or span.label != Label.EQUIPMENT or text[span.end:span.end + 1] != " " \
                or not any(c.isdigit() for c in text[span.start:span.end]):
            continue
        name = by_start.get(span.end + 1)
        if name is None or name.end - name.start > 40:
            continue
        found = _SYSTEM_NAME.fullmatch(text[name.start:name.end] + " ")
        if not found:
            continue
        span.end = name.end
        span.canonical = " ".join(text[span.start:span.end].split())
        taken.add(id(name))
    return [m for m in model if id(m) not in taken] if taken else model


def _ships_named_before_type(spans: list[Span], text: str) -> None:
    """"the Charles de Gaulle aircraft carrier", "Iran's Shahid Soleimani corvette": naval reporting also writes a
    warship's name before its type noun, and warships are named after people, so the model reads the name as a
    person. A person's name right before a type noun of the ship class (in lower case: not a Title Case headline)
    is the ship's name; the type noun then joins it as the class noun of a named system (``_absorb_class_nouns``).
    The type nouns are those of ``ship_prefixes.type_noun_class`` (patterns.json)."""
    ship = lex.patterns()["ship_prefixes"]["type_noun_class"]
    for name, noun in zip(spans, spans[1:]):
        if (name.label == Label.PERSON and noun.label == Label.EQUIPMENT and noun.entries and noun.entries[0].generic
                and noun.entries[0].attributes.get("equipment_class") == ship
                and text[name.end:noun.start] == " " and text[noun.start:noun.end].islower()):
            name.label, name.source, name.entries = Label.EQUIPMENT.value, "pattern", []
            name.shared = name.weak = False
            name.canonical = " ".join(text[name.start:name.end].split())
            name.attributes = {"equipment_class": ship}


def merge(domain: list[matcher.Candidate], model: list[Span], text: str) -> list[Span]:
    spans = [Span(c.start, c.end, c.label, c.source, list(c.entries), c.shared, c.weak, c.canonical, dict(c.attributes))
             for c in domain]
    spans.sort(key=lambda s: s.start)
    model = _designation_names(spans, model, text)
    starts = [s.start for s in spans]
    dropped: set[int] = set()
    for span in model:
        i = bisect.bisect_left(starts, span.end)
        overlapping = [d for d in spans[max(0, i - 8):i] if d.start < span.end and span.start < d.end]
        if overlapping:
            inside = all(span.start <= d.start and d.end <= span.end and d.end - d.start < span.end - span.start
                         for d in overlapping)
            # "Government of Mali", "Verkhovna Rada": the model's longer name wins over a place or a weak alias inside it
            yielding = all(d.weak or (d.label in _PLACE_LABELS and span.label in _NAME_LABELS) for d in overlapping)
            if not (inside and yielding):
                continue
            dropped.update(id(d) for d in overlapping)
        spans.append(span)
    spans = [s for s in spans if id(s) not in dropped]
    spans.sort(key=lambda s: s.start)
    _ships_named_before_type(spans, text)
    spans, classed = _absorb_class_nouns(spans, text)
    collective = classed + _plural_demonyms(spans, text) + _extend_actors(spans, text)
    _extend_facilities(spans, text)
    _extend_places(spans, text)
    return sorted(spans + collective, key=lambda s: (s.start, -s.end))


@functools.cache
def _actor_res() -> dict[str, re.Pattern]:
    """The noun after a nationality, in either case ("the Syrian government", "the Syrian Government"); an
    institution keeps its "of" complement ("the Iraqi Ministry of Culture")."""
    conf = lex.patterns()["actors"]
    of = r"(?:[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?[A-Z][\w'’-]*(?:[ \u00a0]+(?:and[ \u00a0]+)?[A-Z][\w'’-]*){0,3})?"
    return {kind: re.compile(r"[ \u00a0]+(?i:" + "|".join(re.escape(w) for w in sorted(conf[kind], key=len, reverse=True))
                             + r")(?![\w-])" + (of if kind == "institutions" else "")) for kind in conf["labels"]}


def _extend_actors(spans: list[Span], text: str) -> list[Span]:
    """``Russian troops``, ``the Iraqi government``: a nationality or country plus a state noun is a state actor;
    with a group noun ("the Syrian opposition", "Iraqi civilians") a collective actor.

    Returned as new nominal spans around the nationality, country or leader, which stays a mention of its own.
    """
    lexicon = lex.load()
    res = _actor_res()
    collective: list[Span] = []
    for i, span in enumerate(spans):
        if span.label not in (Label.NORP, Label.GPE, Label.PERSON):
            continue
        nxt = spans[i + 1].start if i + 1 < len(spans) else len(text)
        for kind, head_re in res.items():
            if span.label != Label.NORP and kind in ("armed_groups", "population"):
                continue  # "Syria rebels" is rare, "Iraq people" is no phrase; "Assad people" is not a group name
            if span.label == Label.PERSON and kind != "government":
                continue  # "the Assad regime" is a government; "Haftar forces" is left to the lexicon
            m = head_re.match(text, span.end)
            if not m or m.end() > nxt:
                continue
            name = text[span.start:span.end]
            entries = span.entries or [e for e, _ in lexicon.surface.get(lex.surface(name), [])]
            if span.label == Label.PERSON and not entries:
                entries = list(lookup(name, Label.PERSON.value))
            country = next((e.attributes.get("country") for e in entries
                            if e.label in (Label.NORP, Label.GPE, Label.PERSON)), None)
            if not country and kind not in ("armed_groups", "population"):
                break  # "Shia militiamen", "Kurdish fighters": a group needs no country, a state does
            actor = Span(span.start, m.end(), lex.patterns()["actors"]["labels"][kind], "nominal",
                         canonical=" ".join(text[span.start:m.end()].split()),
                         attributes={"country": country, "actor_type": kind} if country else {"actor_type": kind})
            national = lexicon.national.get((kind, country)) if country else None
            place = lexicon.national.get(("country", country)) if country else None
            if national is not None:
                actor.entries, actor.label, actor.canonical, actor.attributes = [national], national.label, None, {}
            elif kind in ("forces", "government") and place is not None:
                actor.canonical = f"Armed forces of {place.name}" if kind == "forces" else f"Government of {place.name}"
                actor.attributes = {"country": country}
            collective.append(actor)
            break
    return collective


def _plural_demonyms(spans: list[Span], text: str) -> list[Span]:
    """``Syrians``, ``the Iraqis``: a country's demonym used as a plural noun names its people, a collective actor.

    Returned as new nominal spans over the NORP span, which stays; religious and ethnic plurals
    ("Muslims", "Yazidis") have no country and get none.
    """
    lexicon = lex.load()
    collective: list[Span] = []
    for span in spans:
        name = text[span.start:span.end]
        if span.label != Label.NORP or not name.endswith("s") or " " in name or not name[:1].isupper():
            continue
        singular = [e for e, _ in lexicon.surface.get(lex.surface(name[:-1]), []) if e.label == Label.NORP]
        country = next((e.attributes.get("country") for e in singular if e.attributes.get("country")), None)
        if country is None:
            continue
        collective.append(Span(span.start, span.end, lex.patterns()["actors"]["plural_demonyms_label"], "nominal",
                               canonical=name, attributes={"country": country, "actor_type": "population"}))
    return collective


def add_nominals(spans: list[Span], chunks: list, text: str) -> list[Span]:
    """Bare actor nominals ("the regime", "militants") where no other span lies; collective actors to their phrase."""
    found = nominals.find(chunks)
    occupied = Intervals((s.start, s.end) for s in spans)
    out = list(spans)
    for start, name_start, end, nominal in found:
        if occupied.overlaps(start, end):
            continue
        out.append(Span(start, end, nominal.label, "nominal", canonical=nominal.phrase,
                        attributes={"actor_type": nominal.actor_type, "nominal": True},
                        name_start=name_start if name_start != start else None))
    out.sort(key=lambda s: s.start)
    out = _add_offices(out, text)
    out = _government_of(out, text)
    _collective_determiners(out, chunks)
    return out


def _add_offices(spans: list[Span], text: str) -> list[Span]:
    """``the Foreign Secretary``, ``the President of Syria``: an office named without its holder is a person mention.

    The place or nationality inside it ("Syria", "Iraqi") stays a mention of its own (nested); an office
    overlapping a person, or cutting another span, is left alone.
    """
    out = spans
    for start, name_start, end in nominals.offices(text):
        overlapping = [s for s in out if s.start < end and start < s.end]
        if any(s.label == Label.PERSON or s.start < start or s.end > end for s in overlapping):
            continue
        out.append(Span(start, end, Label.PERSON.value, "nominal", canonical=" ".join(text[name_start:end].split()),
                        attributes={"office": True}, name_start=name_start if name_start != start else None))
    return sorted(out, key=lambda s: (s.start, -s.end))


@functools.cache
def _government_of_re() -> re.Pattern:
    return re.compile(r"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?")


def _government_of(spans: list[Span], text: str) -> list[Span]:
    """``the government of Iraq``: a state nominal and the country it belongs to are one mention of that government.

    The country stays a mention of its own, nested in the government's.
    """
    lexicon = lex.load()
    joiner = _government_of_re()
    by_start = {s.start: s for s in spans if s.source != "nominal"}
    for span in spans:
        if span.source != "nominal" or span.canonical not in lex.patterns()["actors"]["government"]:
            continue
        m = joiner.match(text, span.end)
        place = by_start.get(m.end()) if m else None
        if place is None or place.label != Label.GPE:
            continue
        entries = place.entries or [e for e, _ in lexicon.surface.get(lex.surface(text[place.start:place.end]), [])]
        country = next((e.attributes.get("country") for e in entries if e.label == Label.GPE), None)
        if not country:
            continue
        national = lexicon.national.get(("government", country))
        country_entry = lexicon.national.get(("country", country))
        span.end, span.name_start = place.end, None
        if national is not None:
            span.entries, span.label, span.canonical = [national], national.label, None
        else:
            span.label = Label.ORG.value
            span.canonical = f"Government of {country_entry.name if country_entry else text[place.start:place.end]}"
            span.attributes = {"country": country}
    return spans


_COLLECTIVE_LEAD = {"DET", "ADJ", "NUM", "PRON"}


def _collective_determiners(spans: list[Span], chunks: list) -> None:
    """``all Syrians``, ``our partners``, ``two Moroccans``: a collective actor's mention is its whole noun phrase.

    Only for nominal spans that name a group of people (not units, not offices),
    and only over determiners, quantifiers, possessives and adjectives that end right where the span starts.
    """
    collective = [s for s in spans if s.source == "nominal" and s.label in (Label.ORG, Label.ARMED_GROUP)]
    if not collective:
        return
    by_end = {chunk.end_char: chunk for chunk in chunks}
    ends = Intervals((o.start, o.end) for o in spans)
    previous_end = {id(s): ends.last_end(s.start) for s in collective}
    for span in collective:
        chunk = by_end.get(span.end)
        if chunk is None or chunk.start_char >= span.start or chunk.start_char < previous_end[id(span)]:
            continue
        lead = [t for t in chunk if t.idx < span.start]
        if not lead or any(t.pos_ not in _COLLECTIVE_LEAD or t.lower_ == "the" for t in lead):
            continue  # "the" alone is the organisation convention of widen(); "the two leaders" stays as it is
        if span.name_start is None:
            span.name_start = span.start
        span.start = chunk.start_char


def _absorb_class_nouns(spans: list[Span], text: str) -> tuple[list[Span], list[Span]]:
    """``T-72B3 tanks``, ``S300 air defense systems``: a class noun right after a named system is its head.

    The class noun alone is a common-noun mention (source ``nominal``); after a named system the two make
    a nominal mention of that system, with the system's name nested in it as a mention of its own.
    Returns the spans and the new nominal ones.
    """
    out: list[Span] = []
    classed: list[Span] = []
    for span in spans:
        previous = out[-1] if out else None
        generic = span.label == Label.EQUIPMENT and bool(span.entries) and span.entries[0].generic
        if (previous is not None and generic and previous.label == Label.EQUIPMENT
                and not (previous.entries and previous.entries[0].generic)
                and not text[previous.end:span.start].strip() and span.start - previous.end <= 2):
            classed.append(Span(previous.start, span.end, previous.label, "nominal", list(previous.entries),
                                previous.shared, previous.weak, previous.canonical, dict(previous.attributes),
                                name_start=previous.name_start,
                                name_end=previous.end if previous.name_end is None else previous.name_end))
            continue
        if generic:
            span.source = "nominal"
        out.append(span)
    return out, classed


@functools.cache
def _place_head_re() -> re.Pattern:
    heads = lex.patterns()["place_heads"]["heads"]
    return re.compile(r"[ \u00a0]+(?:" + "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)) + r")(?![\w-])")


def _extend_places(spans: list[Span], text: str) -> None:
    """``Anbar province``: a place and its administrative noun make one span (the entity stays the place)."""
    head_re = _place_head_re()
    for i, span in enumerate(spans):
        if span.label not in (Label.GPE, Label.LOC):
            continue
        m = head_re.match(text, span.end)
        nxt = spans[i + 1].start if i + 1 < len(spans) else len(text)
        if m and m.end() <= nxt:
            span.name_end = span.end
            span.end = m.end()


def _extend_facilities(spans: list[Span], text: str) -> None:
    """``Jufra`` + ``air base`` is one facility: the name and its head noun make one span."""
    lexicon = lex.load()
    head_re = _facility_head_re()
    for i, span in enumerate(spans):
        if span.label not in (Label.FACILITY, Label.GPE, Label.LOC, Label.ORG):
            continue
        if span.label == Label.ORG and span.source != "ner":
            continue
        m = head_re.match(text, span.end)
        if not m:
            continue
        if m.group(0).strip().lower() in _GENERIC_HEADS and span.label not in (Label.FACILITY, Label.GPE, Label.LOC):
            continue
        nxt = spans[i + 1].start if i + 1 < len(spans) else len(text)
        if m.end() > nxt:
            continue
        name = text[span.start:span.end]
        head = m.group(0).strip()
        whole = text[span.start:m.end()]
        exact = [e for e, alias in lexicon.surface.get(lex.surface(whole), []) if e.label == Label.FACILITY]
        span.end = m.end()
        span.source = span.source if span.source != "ner" else "pattern"
        if exact:
            span.entries, span.label, span.shared = exact, Label.FACILITY.value, len(exact) > 1
            continue
        facilities = [e for e in span.entries if e.label == Label.FACILITY]
        if facilities:
            span.entries = facilities
        else:
            span.entries, span.shared, span.weak = [], False, False
            span.canonical = f"{name} {_head_name(head)}"
            span.attributes = {"facility_kind": _head_name(head).lower().replace(" ", "_")}
        span.label = Label.FACILITY.value


# ---------------------------------------------------------------------------
# lookups


@functools.cache
def _fuzzy_index() -> dict[tuple[str, str], list[str]]:
    """Folded keys of lexicon names by (label family, first letter), for close-spelling lookups."""
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, entries in lex.load().folded.items():
        if len(key) < 5:
            continue
        for fam in {family(e.label) for e in entries}:
            index[(fam, key[0])].append(key)
    return dict(index)


@functools.lru_cache(maxsize=50_000)
def lookup(text: str, label: str) -> tuple[lex.Entry, ...]:
    """Lexicon entries a model span names: same surface, same folded key, or a close folded key."""
    lexicon = lex.load()
    exact = [e for e, alias in lexicon.surface.get(lex.surface(text), [])
             if alias not in e.weak and not lexicon.needs_context(e, alias) and not e.generic]
    if exact:
        return tuple(dict.fromkeys(exact))
    key = lex.fold(text)
    if not key:
        return ()
    folded = lexicon.folded.get(key)
    if folded:
        return tuple(folded)
    fam = family(label)
    if len(key) < 6 or fam in ("equipment", "norp"):
        return ()
    # a one-word name the model calls a person or an organisation is often a misread place ("Torbruk")
    families = (fam, "place") if fam in ("person", "org") and " " not in text.strip() else (fam,)
    for fam in families:
        keys = _fuzzy_index().get((fam, key[0]), [])
        cutoff = _FUZZY_CUTOFF if len(key) > 8 else 90
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is not None:
            return tuple(e for e in lexicon.folded[best[0]] if family(e.label) == fam)
    return ()


# ---------------------------------------------------------------------------
# resolution within a document


_SPELLING = word_map("entities", "spelling_variants")


def _content_words(text: str) -> list[str]:
    words = re.findall(r"[\w'’-]+", lex.surface(text))
    return [_SPELLING.get(w, w) for w in words if w not in _STOPWORDS]


@functools.lru_cache(maxsize=50_000)
def _org_words(name: str) -> tuple[tuple[str, ...], frozenset[str], str]:
    """An organisation name's content words, as a set too, and its initials: worked out once per name, not once
    per other organisation it is compared with."""
    words = tuple(_content_words(name))
    return words, frozenset(words), "".join(w[0] for w in words if w and w[0].isalpha()).upper()


@functools.lru_cache(maxsize=50_000)
def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 8 and sum(c.isupper() for c in letters) >= len(letters) - 1 and " " not in text


_BRACKET = re.compile(r"\s*[\(\[]\s*([A-Z][A-Za-z0-9&\-.]{1,11})(?=\s*[\]\),;])")


def _choose(span: Span, supported: dict[str, int], text: str) -> lex.Entry | None:
    """The entry a shared or weak alias stands for in this document."""
    near = [e for e in span.entries if e.id in supported]
    if near:
        return max(near, key=lambda e: supported[e.id] if supported[e.id] <= span.start else -1)
    if span.weak and not span.shared:
        return None
    low = None
    for entry in span.entries:
        city = entry.attributes.get("city")
        if city:
            low = low if low is not None else lex.surface(text)
            if lex.surface(city) in low:
                return entry
    return span.entries[0] if span.entries and not span.weak else None


_CAPITALISED_BEFORE = re.compile(r"(?<![.!?:;\n] )(?<!^)\b([A-Z][\w'’-]*)[ \u00a0]$")


def _inside_longer_name(text: str, start: int) -> bool:
    """A capitalised word other than a title right before the span, mid-sentence."""
    m = _CAPITALISED_BEFORE.search(text, max(0, start - 30), start)
    if not m or m.start(1) == 0 or text[:m.start(1)].rstrip()[-1:] in ".!?:;\"“":
        return False
    core, joiners = _title_words()
    return m.group(1) not in core and m.group(1) not in joiners and m.group(1) not in _ner_conf()[1]


def resolve(spans: list[Span], text: str) -> dict[str, dict[str, Any]]:
    """Give every span an entity key; return the entities by key: label, canonical name, attributes, lexicon entry."""
    entities: dict[str, dict[str, Any]] = {}
    supported: dict[str, int] = {}

    def adopt(span: Span, entry: lex.Entry) -> None:
        span.entity, span.label = entry.id, entry.label
        if entry.id not in entities:
            entities[entry.id] = {"label": entry.label, "name": entry.name, "entry": entry, "attributes": {}}

    # 1. model spans looked up in the lexicon
    for span in spans:
        if span.source == "ner" and not span.entries:
            found = lookup(span.name(text), span.label)
            if found:
                span.entries = list(found)
                span.shared = len(found) > 1
    # 2. unambiguous lexicon links give the document's support
    for span in spans:
        if span.entries and not span.shared and not span.weak:
            adopt(span, span.entries[0])
            supported[span.entries[0].id] = span.start
    for span in spans:
        if span.entries and span.entity is None:
            if span.weak and _inside_longer_name(text, span.start):
                continue  # "Verkhovna Rada": the weak alias is the tail of another name
            entry = _choose(span, supported, text)
            if entry is not None:
                adopt(span, entry)
                span.source = span.source if not span.weak else "coref"
    # 3. the rest: local entities, clustered
    local = [s for s in spans if s.entity is None and not (s.weak and s.source == "lexicon")]
    keep = {id(s) for s in local}
    spans[:] = [s for s in spans if s.entity is not None or id(s) in keep]
    _cluster(local, spans, text, entities)
    return entities


def _cluster(local: list[Span], spans: list[Span], text: str, entities: dict[str, dict[str, Any]]) -> None:
    by_key: dict[tuple[str, str], str] = {}
    persons: list[tuple[list[str], str]] = []  # (tokens, entity key) of multi-word person names
    orgs: list[tuple[tuple[str, ...], frozenset[str], str, str]] = []  # (content words, their set, initials, entity key)
    for span in spans:  # lexicon-linked names can anchor later short forms too
        if span.entity and span.label == Label.PERSON:
            persons.append((text[span.start:span.end].split(), span.entity))
            name = entities[span.entity]["name"]
            persons.append((name.split(), span.entity))
        elif span.entity and family(span.label) == "org":
            for name in (entities[span.entity]["name"], text[span.start:span.end]):
                orgs.append((*_org_words(name), span.entity))
    acronyms: dict[str, str] = {}
    for span in spans:
        if span.entity and family(span.label) == "org":
            m = _BRACKET.match(text, span.end)
            if m:
                acronyms[m.group(1)] = span.entity
    ordered = sorted(local, key=lambda s: (-(s.end - s.start), s.start))
    for span in ordered:
        surface = span.name(text)
        name = span.canonical or " ".join(surface.split())
        fam = family(span.label)
        key = (fam, lex.fold(name) or lex.surface(name))
        target = by_key.get(key)
        coref = False
        if target is None and _is_acronym(name) and name in acronyms:
            target, coref = acronyms[name], True  # whatever the model called it, it abbreviates that name
        if target is None and fam == "person":
            tokens = name.split()
            for full, ent in persons:
                if len(tokens) < len(full) and full[-len(tokens):] == tokens:
                    target, coref = ent, True
                    break
        if target is None and fam == "org":
            words, word_set, _ = _org_words(name)
            acronym = _is_acronym(name)
            if acronym and name in acronyms:
                target, coref = acronyms[name], True
            letters = name.upper().replace("-", "") if acronym else None
            for content, content_set, initials, ent in orgs if target is None else ():
                if acronym and letters == initials and len(initials) >= 2:
                    target, coref = ent, True
                    break
                if len(words) >= 2 and len(words) < len(content) and word_set <= content_set:
                    target, coref = ent, True
                    break
        if target is None:
            label = span.label
            ent_id = _entity_id(label, name)
            if ent_id not in entities:
                entities[ent_id] = {"label": label, "name": name, "entry": None, "attributes": dict(span.attributes)}
            target = ent_id
            if fam == "person" and len(name.split()) > 1:
                persons.append((name.split(), ent_id))
            if fam == "org":
                orgs.append((*_org_words(name), ent_id))
                m = _BRACKET.match(text, span.end)
                if m:
                    acronyms[m.group(1)] = ent_id
        by_key.setdefault(key, target)
        span.entity = target
        span.label = entities[target]["label"]
        if coref:
            span.source = "coref"


# ---------------------------------------------------------------------------
# actor phrases around resolved names


@functools.cache
def _member_res() -> tuple[re.Pattern, frozenset[str]]:
    conf = lex.patterns()["actors"]
    words = "|".join(re.escape(w) for w in sorted(conf["members"], key=len, reverse=True))
    return re.compile(rf"[ \u00a0]+({words})(?![\w-])"), frozenset(conf["members_singular"])


_INDEFINITE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(form) for article in word_list("entities", "indefinite_articles")
                                                   for form in (article, article.capitalize())) + r")[ \u00a0]+$")


def actor_phrases(spans: list[Span], doc, chunks: list, text: str, entities: dict[str, dict[str, Any]]) -> list[Span]:
    """Nominal mentions of an organisation's members and of a state acting, nested around the name.

    * ``ISIL fighters``, ``an ISIL tactical unit``, ``Coalition partners``: an organisation's name and a
      member or part noun right after it name that organisation;
    * ``France agreed``: a country that is the subject of a verb acts as its state (the GPE-as-organisation
      reading of ACE); the nominal mention has the same extent as the country's and names its government.
    """
    members, singular = _member_res()
    starts = {s.start for s in spans if s.source != "nominal"}
    extra: list[Span] = []
    for span in spans:
        if span.entity is None or span.source == "nominal":
            continue
        if family(span.label) == "org":
            m = members.match(text, span.end)
            if m and not any(m.start(1) <= st < m.end() for st in starts):
                start = span.start
                article = _INDEFINITE.search(text, max(0, span.start - 4), span.start)
                if article and m.group(1) in singular:
                    start = article.start()
                extra.append(Span(start, m.end(), span.label, "nominal", list(span.entries), canonical=span.canonical,
                                  attributes={"actor_type": "members"}, entity=span.entity, name_start=span.start,
                                  name_end=span.end))
        elif span.label == Label.GPE and doc is not None:
            state = _acting_state(span, doc, text, entities)
            if state is not None:
                extra.append(state)
    extra.extend(_national_persons(spans, doc, chunks, entities))
    return sorted(spans + extra, key=lambda s: (s.start, -s.end, s.source == "nominal"))


@functools.cache
def _person_roles() -> frozenset[str]:
    return frozenset(lex.patterns()["person_roles"]["nouns"])


def _national_persons(spans: list[Span], doc, chunks: list, entities: dict[str, dict[str, Any]]) -> list[Span]:
    """``the Iraqi commander``, ``a Foreign Office spokesman``: a noun phrase whose head is a role noun and whose
    other names are a nationality or an organisation is a common-noun mention of one person (a local entity per
    phrase: there is no name to resolve it by)."""
    if not chunks:
        return []
    roles = _person_roles()
    modifiers = [s for s in spans if s.source != "nominal" and (s.label == Label.NORP or family(s.label) == "org")]
    if not modifiers:
        return []
    modifier_ids = {id(m) for m in modifiers}
    taken = [(s.start, s.end) for s in spans if id(s) not in modifier_ids
             and (s.source != "nominal" or s.label == Label.PERSON)]  # an office found already is that person
    out = []
    for chunk in chunks:
        head = chunk.root
        if head.tag_ not in ("NN", "NNP"):
            continue  # one person: a singular noun ("the Iraqi commanders" are a group)
        low = head.lower_
        if low not in roles and (head.i <= chunk.start or f"{doc[head.i - 1].lower_} {low}" not in roles):
            continue
        inside = [m for m in modifiers if chunk.start_char <= m.start and m.end <= head.idx]
        if not inside or any(a < chunk.end_char and chunk.start_char < b for a, b in taken):
            continue
        if any(t.pos_ == "PROPN" and t.i != head.i and not any(m.start <= t.idx < m.end for m in inside)
               for t in chunk):
            continue  # another name in the phrase: not ours to read
        name = " ".join(chunk.text.split())
        key = _entity_id(Label.PERSON.value, name)
        country = next((m.attributes.get("country") for m in inside if m.attributes.get("country")), None)
        entities.setdefault(key, {"label": Label.PERSON.value, "name": name, "entry": None,
                                  "attributes": {"country": country} if country else {}})
        out.append(Span(chunk.start_char, chunk.end_char, Label.PERSON.value, "nominal", canonical=name,
                        attributes={"actor_type": "person_role"}, entity=key))
    return out


def _acting_state(span: Span, doc, text: str, entities: dict[str, dict[str, Any]]) -> Span | None:
    entry = entities.get(span.entity, {}).get("entry")
    if entry is None or entry.file != "countries.tsv" or not doc.has_annotation("DEP"):
        return None
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None:
        return None
    root = tokens.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    agent = root.dep_ == "pobj" and root.head.dep_ == "agent"  # "the ceasefire announced by Russia and Turkey"
    if root.dep_ not in lex.patterns()["actors"]["subject_countries_dependencies"] and not agent:
        return None
    lexicon = lex.load()
    country = entry.attributes.get("country")
    national = lexicon.national.get(("government", country))
    if national is not None:
        key, name = national.id, national.name
        if key not in entities:
            entities[key] = {"label": national.label, "name": national.name, "entry": national, "attributes": {}}
    else:
        name = f"Government of {entry.name}"
        key = _entity_id(Label.ORG.value, name)
        entities.setdefault(key, {"label": Label.ORG.value, "name": name, "entry": None,
                                  "attributes": {"country": country}})
    return Span(span.start, span.end, entities[key]["label"], "nominal", canonical=name,
                attributes={"actor_type": "state", "metonymy": True}, entity=key)


# ---------------------------------------------------------------------------
# mention spans: the conventions of news NER gold (re3d): "the UN", "Foreign Secretary Boris Johnson"


@functools.cache
def _title_words() -> tuple[frozenset[str], frozenset[str]]:
    conf = lex.patterns()["ner"]["title_words"]
    return frozenset(conf["core"]), frozenset(conf["joiners"])


_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:" + alternation("entities", "demonym_suffixes") + r")$")
_TOKEN_BEFORE = re.compile(r"(\S+)[ \u00a0]+$")


_NAME_GOES_ON = re.compile(r"[ \u00a0]+[A-Z][a-z]")
_HONORIFICS = words("entities", "honorifics")


def widen(spans: list[Span], text: str) -> list[Span]:
    """The phrase mentions news gold marks around a name: a person's titles, an organisation's article.

    Entities and their names are already fixed. A name gets a new nominal mention over the wider phrase
    ("Russian President Vladimir Putin", "the Africa Corps") and stays a mention of its own, as does
    whatever the phrase holds (the NORP "Russian"); a nominal mention is widened in place.
    """
    core, joiners = _title_words()
    wider: list[Span] = []
    org_by_end = {s.end: s for s in spans if family(s.label) == "org" and s.source != "nominal"}
    owners = None  # of materiel, by end: read when the first class noun of materiel needs them
    for span in list(spans):
        if span.entity is None:
            continue
        start = span.start
        if span.label == Label.PERSON:
            chain: list[tuple[int, str]] = []
            cursor = start
            shouting = text[span.start:span.end].isupper()
            while len(chain) < 6:
                m = _TOKEN_BEFORE.search(text, max(0, cursor - 40), cursor)
                if not m:
                    break
                token = m.group(1)
                if shouting and token.isupper() and token.title() in core:
                    token = token.title()  # a transcript's speaker label: "SECRETARY KERRY", "MR KIRBY"
                if token in core or token in joiners or _DEMONYM.match(token):
                    chain.append((m.start(1), token))
                    cursor = m.start(1)
                    continue
                break
            while chain and (chain[-1][1][:1].islower()):
                chain.pop()
            if any(token in core for _, token in chain):
                start = chain[-1][0]
                role = " ".join(text[start:span.start].split())
                if not all(w.title() in _HONORIFICS or w in _HONORIFICS for w in role.split()):
                    span.attributes.setdefault("role", role)  # "Mr" is a courtesy, no role
                # "FCO Minister X", "the UN Special Envoy X": the office's organisation belongs to the title
                office_of = org_by_end.get(start - 1) if start and text[start - 1] == " " else None
                if office_of is not None:
                    start = office_of.start
                    if text[max(0, start - 4):start] in ("the ", "The ") and (start == 4 or not text[start - 5].isalnum()):
                        start -= 4
        elif span.label == Label.EQUIPMENT and span.source == "nominal" and span.entries and span.entries[0].generic:
            if owners is None:
                owners = _owners_by_end(spans)
            start = _materiel_phrase_start(span, owners, text)
        elif family(span.label) in ("org", "place") and span.start >= 4:
            # "the LNA", "the United States", "the Gulf": news gold holds the article with the name
            before = text[max(0, span.start - 4):span.start]
            if before in ("the ", "The ") and (span.start == 4 or not text[span.start - 5].isalnum()) \
                    and not (family(span.label) == "place" and _NAME_GOES_ON.match(text, span.end)):
                start = span.start - 4  # not "the Mosul" of "the Mosul Dam": there the article is the dam's
        if start != span.start:
            if span.source != "nominal":
                span = Span(span.start, span.end, span.label, "nominal", list(span.entries), canonical=span.canonical,
                            attributes=dict(span.attributes), entity=span.entity, name_start=span.name_start,
                            name_end=span.name_end)
                wider.append(span)
            if span.name_start is None:
                span.name_start = span.start
            span.start = start
    return sorted(spans + wider, key=lambda s: (s.start, -s.end))


@functools.cache
def _materiel_determiners() -> frozenset[str]:
    return frozenset(w.lower() for w in words("entities", "materiel_determiners"))


def _owners_by_end(spans: list[Span]) -> dict[int, Span]:
    """The armed groups and units that may own materiel named right after them, by where they end (names, not
    nominal mentions, so never a class noun of materiel itself)."""
    return {s.end: s for s in spans if s.source != "nominal" and s.label in (Label.ARMED_GROUP, Label.MIL_UNIT)}


def _materiel_phrase_start(span: Span, owners: dict[int, Span], text: str) -> int:
    """Where the phrase around a class noun of materiel starts: over the armed group or unit that owns it, named
    right before ("ISIL tanks", "Coalition aircraft", "an ISIL tactical vehicle"). A bare article stays out: news
    gold marks "a VBIED" and "VBIED" alike."""
    start = span.start
    owner = owners.get(start - 1) if start and text[start - 1] == " " else None
    if owner is not None:
        start = owner.start
        m = _TOKEN_BEFORE.search(text, max(0, start - 12), start)
        if m and m.group(1).lower() in _materiel_determiners():
            start = m.start(1)  # "an ISIL tactical vehicle"
    return start


def _is_generic_materiel(span: Span) -> bool:
    return span.label == Label.EQUIPMENT and bool(span.entries) and span.entries[0].generic


def _join_materiel(spans: list[Span], text: str) -> list[Span]:
    """``the frigate FS Forbin``, ``KC-135R Stratotanker``: a class noun or a designation right before a system's
    name is one phrase naming that system. The phrase becomes a nominal mention of the named system, the name
    stays a mention of its own."""
    named = {s.start: s for s in spans if s.label == Label.EQUIPMENT and s.source != "nominal"
             and not _is_generic_materiel(s) and s.entity is not None}
    out: list[Span] = []
    for span in spans:
        if span.label == Label.EQUIPMENT and span.entity is not None and text[span.end:span.end + 1] == " ":
            after = named.get(span.end + 1)
            if after is not None and after is not span and (_is_generic_materiel(span) or after.entity == span.entity):
                start = span.start
                if _is_generic_materiel(span):
                    out.append(Span(start, after.end, after.label, "nominal", list(after.entries),
                                    canonical=after.canonical, attributes=dict(after.attributes),
                                    entity=after.entity, name_start=after.start, name_end=after.end))
                    continue  # the class noun's own class-level mention gives way to the named system
                out.append(Span(start, after.end, after.label, "nominal", list(after.entries),
                                canonical=after.canonical, attributes=dict(after.attributes), entity=after.entity,
                                name_start=span.start, name_end=after.end))
        out.append(span)
    return sorted(out, key=lambda s: (s.start, -s.end))


@functools.cache
def _materiel_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], re.Pattern, frozenset[str],
                                frozenset[str]]:
    carriers = words("entities", "materiel_carrier_heads", "en")
    leading = words("entities", "materiel_leading_words", "en")
    owner_cuts = words("entities", "materiel_owner_cuts", "en")
    calibre = re.compile(r"\d+(?:\.\d+)?[ \u00a0-]?(?:" + alternation("entities", "calibre_units", "en") + r")(?![\w])", re.I)
    classifiers = words("entities", "materiel_classifiers", "en")
    epithets = words("entities", "materiel_epithets", "en")
    return carriers, leading, owner_cuts, calibre, classifiers, epithets


def _materiel_start(tokens: list, text: str, calibre: re.Pattern, leading: frozenset[str],
                    owner_cuts: frozenset[str], classifiers: frozenset[str], epithets: frozenset[str]) -> int:
    """Index of the first token of a materiel phrase among the words before its head.

    The phrase holds the words that classify the system (English classifiers, as against epithets): nouns
    ("rocket artillery", "truck bomb"), names, nationalities and designations ("French", "Seahawk", "Type 055"),
    hyphenated compounds ("anti-ship", "self-propelled", "Kilo-class"), calibres ("107mm") and the listed
    classifying adjectives ("armed", "ballistic", "unmanned"). It stops at an epithet ("a new frigate",
    "sustained machine gun fire"), a gerund ("smuggling weapons"), a coordination ("attack, bomber and fighter
    aircraft": gold marks lists either way), a possessor ("the regime's") and an owner compound ("ISIL-held"),
    and leaves out determiners and counts (a Quantity in news gold)."""
    k = 0
    coordinated = False
    for j, token in enumerate(tokens):
        low = token.lower_
        if (low in owner_cuts and j and tokens[j - 1].text in ("-", "\u2010", "\u2011")) \
                or ("-" in low[1:] and low.rsplit("-", 1)[1] in owner_cuts):
            k, coordinated = j + 1, False  # "an ISIL-held tank", "U.S.-supplied vehicles": the tank, the vehicles
        elif token.tag_ == "POS" or token.dep_ == "poss" or token.tag_ == "PRP$":
            k, coordinated = j + 1, False
        elif token.pos_ == "CCONJ" or token.text == ",":
            k, coordinated = j + 1, True
    # words: runs of tokens written together ("anti-air" is three tokens); the phrase is the run of classifying
    # words right before the head
    words_: list[list] = []
    for token in tokens[k:]:
        if words_ and not words_[-1][-1].whitespace_:
            words_[-1].append(token)
        else:
            words_.append([token])
    first = len(tokens)
    for w in range(len(words_) - 1, -1, -1):
        word = words_[w]
        designation = w > 0 and word[0].like_num and words_[w - 1][0].text[:1].isupper()  # "Type 055", "Leopard 2"
        if not designation and not _classifies(word, text, calibre, leading, classifiers, epithets):
            break
        first = word[0].i - tokens[0].i
    if coordinated:
        # "heavy and sustained machine gun fire": an adjective coordinated with another describes, as that one
        # does; a listed classifier stays ("attack, fighter and remotely piloted aircraft")
        for word in words_:
            if word[0].i - tokens[0].i < first:
                continue
            if len(word) > 1 or word[0].pos_ != "ADJ" or word[0].lower_ in classifiers:
                break
            first = word[-1].i - tokens[0].i + 1
    return _with_post_determiner(tokens, first, k)


@functools.cache
def _post_determiners() -> frozenset[str]:
    return words("entities", "materiel_post_determiners", "en")


@functools.cache
def _definite_determiners() -> frozenset[str]:
    return words("entities", "materiel_definite_determiners", "en")


def _with_post_determiner(tokens: list, first: int, floor: int) -> int:
    """Widen the phrase's first token over a post-determiner right before it and the article before that one
    ("such weapons", "other military hardware", "a single aircraft"): these pick out which things are meant
    rather than count them, so news gold keeps them in the mention, where a count is a Quantity of its own."""
    post = _post_determiners()
    if first - 1 >= floor and tokens[first - 1].lower_ in post and tokens[first - 1].whitespace_:
        first -= 1
    if first < len(tokens) and tokens[first].lower_ in post and first - 1 >= floor \
            and tokens[first - 1].lower_ in _materiel_determiners():
        first -= 1
    return first


def _classifies(word: list, text: str, calibre: re.Pattern, leading: frozenset[str],
                classifiers: frozenset[str], epithets: frozenset[str]) -> bool:
    """Whether one written word before a materiel head tells the system apart (see ``_materiel_start``)."""
    head = word[0]
    surface = "".join(t.text_with_ws for t in word).strip()
    if head.pos_ in ("DET", "PRON", "PUNCT") or surface.lower() in leading or surface.lower() in epithets:
        return False  # a quotation mark too: '"medium-sized" weapons' is someone's description
    if head.like_num and len(word) == 1:
        return bool(calibre.match(text, head.idx))  # "107mm rockets", not "two howitzers"
    if len(word) > 1 and any(t.text in ("-", "\u2010", "\u2011") for t in word):
        return True  # "anti-ship", "self-propelled", "Kilo-class", "U.S.-led"
    if calibre.match(text, head.idx) or any(c.isdigit() for c in surface):
        return True  # a calibre or a designation ("Type 055")
    if surface[:1].isupper() and (not head.is_sent_start or head.pos_ == "PROPN"):
        return True  # a name or a nationality ("Seahawk", "French"); not "Unknown" opening a sentence
    if head.pos_ == "NOUN" and head.tag_ == "NNS" and len(word) == 1:
        return False  # a noun that classifies is singular ("rocket artillery"); a plural is a parse slip ("users")
    if surface.lower() in classifiers:
        return True
    if head.tag_ in ("VBN", "VBD", "VBG"):
        return False  # a participle describes ("sustained fire", "captured tanks") unless listed ("guided", "armed")
    return head.pos_ in ("NOUN", "PROPN", "ADJ")


def _classify_between(chunk, start: int, end: int, text: str, calibre: re.Pattern, leading: frozenset[str],
                      classifiers: frozenset[str], epithets: frozenset[str]) -> bool:
    """Whether the words of ``chunk`` from ``start`` to ``end`` (characters) are all classifying words."""
    tokens = [t for t in chunk if start <= t.idx < end]
    if not tokens or text[start:start + 1] != " ":
        return False
    words_: list[list] = []
    for token in tokens:
        if words_ and not words_[-1][-1].whitespace_:
            words_[-1].append(token)
        else:
            words_.append([token])
    return all(_classifies(word, text, calibre, leading, classifiers, epithets) for word in words_)


def materiel_phrases(spans: list[Span], chunks: list, text: str) -> list[Span]:
    """The phrase defence reporting names materiel with: the noun chunk headed by a materiel noun, with the
    words that tell the system apart ("anti-ship missiles", "self-propelled howitzers", "the French anti-air
    frigate FS Forbin", "MH-60 Seahawk helicopter", "Yuan-class submarine", "107mm rockets"), and a materiel
    word before a carrier noun ("HIMARS launchers", "Patriot missile battery"). The phrase is a mention of the
    named system it holds, else of the head's class; a class noun used as a modifier ("helicopter gunships")
    is no mention of its own. Determiners and counts stay out (a quantity in news gold)."""
    if not chunks:
        return spans
    carriers, leading, owner_cuts, calibre, classifiers, epithets = _materiel_words()
    equipment = sorted((s for s in spans if s.label == Label.EQUIPMENT and s.entity is not None),
                       key=lambda s: (s.start, -s.end))
    if not equipment:
        return spans
    keys = [s.start for s in equipment]
    others = Intervals((s.start, s.end) for s in spans if s.label != Label.EQUIPMENT and s.source != "nominal")
    # a point p strictly inside a name (a < p < b) is one that overlaps [a + 1, b)
    names_inside = Intervals((s.start + 1, s.end) for s in spans if s.source != "nominal")
    dropped: set[int] = set()
    added: list[Span] = []
    for chunk in chunks:
        lo, hi = chunk.start_char, chunk.end_char
        inside = [s for s in equipment[bisect.bisect_left(keys, lo):bisect.bisect_left(keys, hi)] if s.end <= hi]
        if not inside:
            continue
        root = chunk[-1]
        heads = [s for s in inside if s.end == hi]
        if not heads and root.lower_ in carriers and root.i > chunk.start:
            heads = [s for s in inside if s.end == root.idx - 1 and text[s.end] == " "]
            if not heads:
                # classifying words may stand between the system and the carrier noun: "J-20 stealth fighters",
                # "Pantsir-S1 air defence batteries"
                heads = [s for s in inside[-1:] if _classify_between(chunk, s.end, root.idx, text, calibre, leading,
                                                                     classifiers, epithets)]
        if not heads:
            continue
        head = heads[0]  # the outermost: sorted by start, longest first
        tokens = [t for t in chunk if t.idx < head.start]
        k = _materiel_start(tokens, text, calibre, leading, owner_cuts, classifiers, epithets)
        # a name of another kind before the head ("Russian", "U.S.", "Libya") stays out: it is the owner or the
        # origin, and the events stage reads it as the actor (an armed group's own materiel already is one
        # phrase with it: "ISIL tanks", by widen)
        for j in range(len(tokens) - 1, k - 1, -1):
            if others.overlaps(tokens[j].idx, tokens[j].idx + len(tokens[j].text)):
                k = j + 1
                while k < len(tokens) and (tokens[k].is_punct or not tokens[k - 1].whitespace_):
                    k += 1  # and the rest of the written word: "U.S.-led"
                break
        start = tokens[k].idx if k < len(tokens) else head.start
        start = min(start, head.start) if head.source == "nominal" else start
        if start > head.start:
            continue  # the head's mention reaches before the phrase: leave it as it is
        if names_inside.overlaps(start, start + 1):
            continue  # a name crosses the phrase's edge
        named = [s for s in inside if s.start >= start and not _is_generic_materiel(s) and s.source != "nominal"]
        owner = head if not _is_generic_materiel(head) else (named[-1] if named else head)
        if owner is head and _is_generic_materiel(head) and 0 < k <= len(tokens) \
                and tokens[k - 1].lower_ in _definite_determiners() and tokens[k - 1].whitespace_:
            # "the tanks", "those rockets": a definite class-noun phrase keeps its determiner, as news gold keeps
            # it in place and organisation mentions ("the city", "the regime"); a bare "a"/"an" stays out (gold
            # keeps it about one time in three), and a named system is definite by its name ("the frigate FS
            # Forbin" is the frigate FS Forbin)
            start = tokens[k - 1].idx
        for s in inside:
            if s is not head and s.start >= start and s.source == "nominal":
                # "helicopter" of "helicopter gunships" is a modifier, not a helicopter; "Mi-24 helicopter" of
                # "Mi-24 helicopter gunship" a part of the phrase
                dropped.add(id(s))
        if start == head.start and hi == head.end and owner is head:
            continue
        if head.source == "nominal" and owner is head:
            head.name_start = head.start if head.name_start is None else head.name_start
            head.start, head.end = start, hi
            continue
        if head.source == "nominal":
            dropped.add(id(head))
        added.append(Span(start, hi, Label.EQUIPMENT.value, "nominal", list(owner.entries), canonical=owner.canonical,
                          attributes=dict(owner.attributes), entity=owner.entity,
                          name_start=owner.start if owner.name_start is None else owner.name_start,
                          name_end=owner.end if owner.name_end is None else owner.name_end))
    if not added and not dropped:
        return spans
    kept = [s for s in spans if id(s) not in dropped]
    have = {(s.start, s.end, s.label) for s in kept}
    kept += [s for s in added if (s.start, s.end, s.label) not in have]
    return sorted(kept, key=lambda s: (s.start, -s.end))


@functools.cache
def _pronouns() -> tuple[dict[str, str], dict[str, str], re.Pattern]:
    kinds = word_map("entities", "pronouns", "en")
    unlinked = word_map("entities", "unlinked_pronouns", "en")
    forms = {form: kind for p, kind in kinds.items() for form in {p, p.capitalize()}}
    alone = {form: kind for p, kind in unlinked.items() for form in {p, p.capitalize()}}
    ordered = sorted(set(forms) | set(alone), key=len, reverse=True)
    return forms, alone, re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w'’-])")


PRONOUN_REACH = 600  # characters back to the entity a pronoun stands for
SPEAKER_AHEAD = 300  # "'I am proud,' said Col. Smith": the speaker may be named just after
_UNLINKED_LABELS = {"person": Label.PERSON.value, "group": Label.ORG.value}


def add_pronouns(spans: list[Span], text: str) -> list[Span]:
    """Mentions for the personal pronouns (source ``nominal``, the layer of mentions that are not names).

    A pronoun that stands for a person or a group named nearby (same paragraph) gets the nearest fitting
    entity. A subject or object pronoun ("he", "we") with nobody named before it is still a mention, as news
    gold marks it, but an *unlinked* one: no entity, so that no stage reads "he" as an actor's name.
    """
    forms, alone, pattern = _pronouns()
    names = sorted((s for s in spans if s.entity is not None and s.source != "nominal"
                    and family(s.label) in ("person", "org")), key=lambda s: s.start)
    taken = Intervals((s.start, s.end) for s in spans)
    breaks = Occurrences(text, "\n\n")
    starts = [s.start for s in names]
    out: list[Span] = []
    for m in pattern.finditer(text):
        if m.group() == "US" or taken.overlaps(m.start(), m.end()):
            continue
        kind = forms.get(m.group()) or forms.get(m.group().lower())
        target = None
        if kind is not None:
            wanted = "org" if kind == "group" else "person"
            paragraph = breaks.rfind(m.start()) + 1
            i = bisect.bisect_left(starts, m.start())
            target = next((s for s in reversed(names[max(0, i - 40):i]) if family(s.label) == wanted
                           and s.end <= m.start() and s.start >= max(paragraph, m.start() - PRONOUN_REACH)), None)
            if target is None and kind == "speaker":
                paragraph_end = breaks.find(m.end())
                limit = min(m.end() + SPEAKER_AHEAD, paragraph_end if paragraph_end >= 0 else len(text))
                target = next((s for s in names[i:i + 20] if family(s.label) == wanted and s.end <= limit), None)
        if target is not None:
            out.append(Span(m.start(), m.end(), target.label, "nominal", list(target.entries),
                            canonical=target.canonical, attributes={"pronoun": True}, entity=target.entity))
            continue
        lone = alone.get(m.group()) or alone.get(m.group().lower())
        if lone is not None and (m.group() != "I" or _is_pronoun_i(text, m.start())):
            out.append(Span(m.start(), m.end(), _UNLINKED_LABELS[lone], "nominal",
                            attributes={"pronoun": True, "unlinked": True}))
    return sorted(spans + out, key=lambda s: (s.start, -s.end)) if out else spans


_WORD_BEFORE = re.compile(r"(?:^|(?P<stop>[.!?:;\"“(\n])\s*|\s)(?P<word>[\w'’-]+)\s+$")


def _is_pronoun_i(text: str, start: int) -> bool:
    """"I" as a word, not a roman numeral or a list letter ("World War I", "Phase I", "I." in an outline):
    after a capitalised word inside a sentence it is a numeral."""
    if text[start + 1:start + 2] in (".", ")"):
        return False
    m = _WORD_BEFORE.search(text[max(0, start - 40):start])
    if m is None:
        return True
    return not (m.group("word")[:1].isupper() and m.group("stop") is None and m.start("word") > 0)


_OF_PLACE = re.compile(r"[ \u00a0]+of[ \u00a0]+")
_PLACE_LABELS = (Label.GPE.value, Label.LOC.value, Label.FACILITY.value)


def add_common_nouns(spans: list[Span], chunks: list, text: str) -> list[Span]:
    """Unlinked mentions for noun chunks headed by a listed common noun of people or places ("civilians",
    "a local physician", "the devastated streets", "ISIL-held buildings"; ``data/entities/common_nouns.tsv``).

    Only where no other mention holds the head or crosses the chunk; a mention before the head is a modifier
    and stays its own mention, nested ("ISIL" in "ISIL-held buildings", the mortar in "a mortar team": the team
    is no weapon); "the city of Mosul" is one place phrase around the name.
    """
    if not chunks:
        return spans
    ordered = sorted(spans, key=lambda s: s.start)
    keys = [s.start for s in ordered]
    by_start = {s.start: s for s in spans if s.source != "nominal" and s.label in _PLACE_LABELS}
    out: list[Span] = []
    for chunk in chunks:
        root = chunk[-1]  # an English noun chunk ends at its head (spaCy's syntax iterator): cheaper than .root
        label = nominals.common_noun_label(chunk, root)
        if label is None:
            continue
        start, end = _after_count(chunk, root), chunk.end_char
        root_start = root.idx
        i = bisect.bisect_left(keys, end)
        near = [s for s in ordered[max(0, i - 30):i] if s.end > start]
        if any(s.end > root_start or s.start < start or s.end > end for s in near):
            continue
        if label in _PLACE_LABELS:
            m = _OF_PLACE.match(text, end)
            place = by_start.get(m.end()) if m else None
            if place is not None:
                end = place.end
        out.append(Span(start, end, label, "nominal", attributes={"unlinked": True, "common_noun": True}))
    return sorted(spans + out, key=lambda s: (s.start, -s.end)) if out else spans


def _after_count(chunk, root) -> int:
    """Where a chunk's mention starts: after a count before its head ("139 insurgents", "an additional 125
    soldiers", "256 more prisoners" → the people counted), since the count is a quantity of its own."""
    followers = words("entities", "count_followers")
    tokens = list(chunk)[: root.i - chunk.start]
    last = max((k for k, t in enumerate(tokens) if t.like_num), default=None)
    if last is None:
        return chunk.start_char
    k = last + 1
    while k < len(tokens) and tokens[k].lower_ in followers:
        k += 1
    return tokens[k].idx if k < len(tokens) else root.idx


@functools.cache
def _direction_re() -> re.Pattern:
    listed = word_list("entities", "place_directions")
    forms = sorted({f for w in listed for f in (w, w.capitalize())}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, forms)) + r")[ \u00a0]+$")


_LIST_GOES_ON = re.compile(r"[ \u00a0]*(?:,[ \u00a0]*|[ \u00a0]+(?:and|or)[ \u00a0]+)[A-Z]")
_LIST_BEFORE = re.compile(r"(?:,|\band|\bor)[ \u00a0]*$")


def _is_country(span: Span) -> bool:
    return any(e.file == "countries.tsv" for e in span.entries)


def place_phrases(spans: list[Span], text: str) -> list[Span]:
    """Unlinked mentions over the place phrases news gold marks as one location, the names staying mentions
    of their own inside: a compass word before a name ("northern Iraq", "East Mosul") and a place with the
    region or country it lies in ("Palmyra, Syria", "Fort Campbell, Kentucky", "Urem al-Kubra, northern Syria").

    A list of places is no such phrase: the first must not be a country and the second must not go on
    to a third ("Aleppo, Homs and Hama").
    """
    names = sorted((s for s in spans if s.source != "nominal" and s.label in _PLACE_LABELS), key=lambda s: s.start)
    if not names:
        return spans
    direction = _direction_re()
    out: list[Span] = []
    starts: dict[int, int] = {}  # name start -> start of its phrase with the compass word
    for name in names:
        m = direction.search(text, max(0, name.start - 20), name.start)
        if m and m.end() == name.start:
            starts[name.start] = m.start()
            out.append(Span(m.start(), name.end, name.label, "nominal", attributes={"unlinked": True, "place_phrase": True}))
    for first, second in zip(names, names[1:]):
        gap = text[first.end:second.start].replace("\u00a0", " ")
        if gap != ", " and not (gap.startswith(", ") and starts.get(second.start) == first.end + 2):
            continue
        if _is_country(first) or first.label == Label.FACILITY.value and second.label == Label.FACILITY.value:
            continue
        if _LIST_GOES_ON.match(text, second.end) or _LIST_BEFORE.search(text, max(0, first.start - 6), first.start):
            continue
        out.append(Span(starts.get(first.start, first.start), second.end, first.label, "nominal",
                        attributes={"unlinked": True, "place_phrase": True}))
    return sorted(spans + out, key=lambda s: (s.start, -s.end)) if out else spans


# ---------------------------------------------------------------------------
# records


def _sentence_starts(doc) -> list[int] | None:
    if doc is None:
        return None
    try:
        return [sent.start_char for sent in doc.sents]
    except ValueError:  # no parser, no sentencizer: no sentence numbers
        return None


_LABELS = {label.value: label for label in Label}


def _label(value: str) -> Label:
    """``Label(value)``, without the enum's call machinery once per mention."""
    label = _LABELS.get(value)
    return label if label is not None else Label(value)


def _parsed_length(doc) -> int:
    """``len(doc.text)`` without joining the text: a token's ``idx`` counts the characters of all before it."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def analyse(document: Document, doc=None) -> tuple[list[Mention], list[Entity]]:
    """Mentions and entities of one document; ``doc`` is its spaCy parse (or None: domain layer only)."""
    text = document.text or ""
    if not text.strip():
        return [], []
    domain = matcher.select(matcher.candidates(text))
    spans = merge(domain, ner_spans(doc, text, document.language), text)
    chunks = nominals.noun_chunks(doc)
    spans = add_nominals(spans, chunks, text)
    entities = resolve(spans, text)
    spans = actor_phrases(spans, doc, chunks, text, entities)
    spans = widen(spans, text)
    spans = _join_materiel(spans, text)
    if document.language in (None, "", "en"):
        spans = materiel_phrases(spans, chunks, text)
        spans = add_pronouns(spans, text)
        spans = add_common_nouns(spans, chunks, text)
        spans = place_phrases(spans, text)
    starts = _sentence_starts(doc)
    limit = _parsed_length(doc) if doc is not None else len(text)
    lexicon = lex.load()
    mentions: list[Mention] = []
    seen: dict[str, list[str]] = defaultdict(list)
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.source == "nominal")):
        if span.entity is None and not span.attributes.get("unlinked"):
            continue
        sentence = bisect.bisect_right(starts, span.start) - 1 if starts and span.start < limit else None
        mentions.append(Mention(document.id, span.start, span.end, text[span.start:span.end], _label(span.label),
                                span.entity, source=span.source, sentence=sentence))
        if span.entity is None:
            continue  # an unlinked mention ("he" with nobody named before, "the hospital") names no entity
        name = " ".join(span.name(text).split())
        if span.attributes.get("pronoun"):
            continue  # "he" is no name of the general it stands for
        if name not in seen[span.entity]:
            seen[span.entity].append(name)
    roles: dict[str, str] = {}
    for span in spans:  # "Russian President Vladimir Putin": the name is the mention, the title its holder's role
        if span.entity is not None and span.label == Label.PERSON and span.attributes.get("role"):
            roles.setdefault(span.entity, span.attributes["role"])
    out: list[Entity] = []
    for key, info in entities.items():
        if key not in seen:
            continue
        entry = info["entry"]
        attributes = lexicon.attributes(entry) if entry else dict(info["attributes"])
        if key in roles and "role" not in attributes:
            attributes["role"] = roles[key]
        out.append(Entity(type=Label(info["label"]), name=info["name"], id=key, aliases=seen[key],
                          attributes=attributes))
    return mentions, out


# ---------------------------------------------------------------------------
# across documents


def link_across(analyses: list[Analysis]) -> dict[str, str]:
    """Merge local (non-lexicon) entities of several documents whose folded names match or nearly match.

    Returns the id changes made (old → new) and rewrites mentions and entities in place; the
    canonical name of a merged entity is its most frequent, then longest, name.
    """
    lexicon = lex.load()
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    keys: dict[str, list[str]] = defaultdict(list)
    for analysis in analyses:
        for entity in analysis.entities:
            if entity.id in lexicon.by_id:
                continue
            fam = family(entity.type)
            key = lex.fold(entity.name)
            if (fam, key) not in groups:
                close = process.extractOne(key, keys[fam], scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF) \
                    if len(key) >= 6 else None
                if close is not None:
                    key = close[0]
                else:
                    keys[fam].append(key)
            groups[(fam, key)].append(entity)
    changes: dict[str, str] = {}
    for members in groups.values():
        names: dict[str, int] = defaultdict(int)
        for entity in members:
            names[entity.name] += 1
        best = max(members, key=lambda e: (names[e.name], len(e.name), e.name))
        for entity in members:
            if entity.id != best.id:
                changes[entity.id] = best.id
    if not changes:
        return changes
    by_id = {e.id: e for e in _all(analyses)}
    for analysis in analyses:
        for mention in analysis.mentions:
            if mention.entity_id in changes:
                mention.entity_id = changes[mention.entity_id]
        merged: dict[str, Entity] = {}
        for entity in analysis.entities:
            if entity.id in changes:
                target = by_id[changes[entity.id]]
                entity = Entity(type=target.type, name=target.name, id=target.id,
                                aliases=list(dict.fromkeys([*entity.aliases])), attributes=dict(target.attributes))
            if entity.id in merged:
                merged[entity.id].aliases = list(dict.fromkeys([*merged[entity.id].aliases, *entity.aliases]))
            else:
                merged[entity.id] = entity
        analysis.entities = list(merged.values())
    return changes


def _all(analyses: list[Analysis]):
    for analysis in analyses:
        yield from analysis.entities
