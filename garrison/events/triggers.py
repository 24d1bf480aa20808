"""Find event triggers in a parsed document: verbal ("redeployed") and nominal ("a drone strike") alike.

Surface forms come from ``data/events/triggers.tsv`` (inflections generated there), longest
match first.  A trigger inside a name ("Support Group for Islam and Muslims") is not an
event; an entry with ``needs`` words fires only when one of them is in the trigger's
syntactic neighbourhood ("access" to a *base*, "created" a *corps*).
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.events import lexicon
from garrison.events.attribution import joined_by_spaces, lower_forms
from garrison.words import words

MAX_WORDS = 4
_VERB_TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")
_NOUN_POS = ("NOUN", "PROPN")
_TARGET_PREPS = words("events", "target_preps")  # garrison/data/events/words*.tsv
_MEDIA_NOUNS = words("events", "media_nouns")
_SIDE_PARTICIPLES = words("events", "side_participles")
_BASIS_PREPS = words("events", "basis_preps")
_BASIS_OF = words("events", "basis_of")
_ENDING_TYPES = words("events", "ending_types")
_ENDED_TYPES = words("events", "ended_types")


@dataclass(frozen=True)
class TriggerHit:
    start: int  # token indices, end exclusive
    end: int
    head: int  # the token that stands for the event in the parse
    type: str
    mode: str
    text: str
    phrase: str = ""  # the lexicon entry's base form ("arrive" for "arrived"); empty for a codebook fallback


def neighbourhood(token) -> set[str]:
    """Lower-case words syntactically close to a trigger: its subtree and its governor's."""
    words = {t.lower_ for t in token.subtree}
    if token.lang_ != "en":
        # the small French model often detaches objects ("ont quitté lundi la base"): look a few words on too
        # (and may cut the sentence there, so the window stops at a full stop, not at the parse's boundary)
        for following in token.doc[token.i + 1: min(token.i + 6, len(token.doc))]:
            if following.text in (".", "!", "?"):
                break
            words.add(following.lower_)
    head = token.head
    if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and not any(
            c.dep_.startswith("nsubj") for c in token.children):
        # "took off from X and landed in Y", "would be closed or handed over": a conjoined verb shares the
        # subject of the verb it is conjoined to
        for child in head.children:
            if child.dep_.startswith("nsubj"):
                words |= {t.lower_ for t in child.subtree}
    if token.pos_ in _NOUN_POS or token.dep_ in ("xcomp", "ccomp", "pcomp", "acl"):
        words |= {t.lower_ for t in head.subtree}
        if head.dep_ == "prep":
            words |= {t.lower_ for t in (head.head, *head.head.children)}  # "the creation of a base"
        else:
            words.add(head.lower_)
    return words


def _pos_fits(entry: lexicon.Trigger, tokens) -> bool:
    if len(tokens) > 1:
        return True
    token = tokens[0]
    if entry.pos == "V" and _noun_compound(token):
        return False  # "London-based", "UN-led": a compound adjective, not the act
    if entry.pos == "V":
        # French models tag with UD parts of speech only
        return (token.tag_ in _VERB_TAGS or (token.lang_ != "en" and token.pos_ in ("VERB", "AUX"))
                or _adjective_with_object(token))
    return token.pos_ in _NOUN_POS or token.tag_ in ("NN", "NNS")


def _adjective_with_object(token) -> bool:
    """A word the parser tagged an adjective that governs a direct object is a verb it mis-tagged: no English
    adjective takes one.  Headlines and coders' notes in the present tense trip the tagger ("Military forces clear
    two villages of militants": "clear" read as an adjective on "forces", "villages" still its object)."""
    return token.tag_ in ("JJ", "JJR") and any(child.dep_ in ("dobj", "obj") for child in token.children)


def _noun_compound(token) -> bool:
    """A participle hyphened to a noun before it ("London-based", "Saudi-backed"); "re-captured" is a verb."""
    if token.i < 2:
        return False
    hyphen, before = token.doc[token.i - 1], token.doc[token.i - 2]
    return hyphen.text == "-" and not hyphen.whitespace_ and not before.whitespace_ and before.pos_ in _NOUN_POS


def _records_media(head) -> bool:
    """"Images *captured* on Tuesday", "the photos, *released* by a research group", "*released* a statement": a
    verb whose theme is a record or a publication tells a picture taken or a text published, not the act the
    verb names with other themes (a capture, a release)."""
    if head.pos_ not in ("VERB", "AUX"):
        return False
    if head.dep_ in ("acl", "acl:relcl") and head.head.lower_ in _MEDIA_NOUNS:
        return True
    return any(c.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass") and c.lower_ in _MEDIA_NOUNS for c in head.children)


def _names_a_side(head) -> bool:
    """"fighters allied to the unity government", "the allied militias": a participle of alignment that modifies a noun
    says which side the group is on (a description), it does not tell an act of cooperation; "Chad allied with Niger"
    (the finite verb) still does.  Words: ``side_participles`` in events/words.tsv."""
    return head.lower_ in _SIDE_PARTICIPLES and head.dep_ in ("acl", "amod")


def _basis_formula(head) -> bool:
    """"carrying out training *at the request of* the government", « *à la demande du* gouvernement »: a noun in
    the formula "at the request of X" gives the authority an act rests on, not a request made in the news."""
    if head.pos_ not in _NOUN_POS or head.dep_ not in ("pobj", "obl", "obl:mod", "nmod"):
        return False
    preposition = head.head if head.dep_ == "pobj" else next(
        (c for c in head.children if c.dep_ == "case"), None)
    if preposition is None or preposition.lower_ not in _BASIS_PREPS:
        return False
    return any(c.dep_ in ("prep", "nmod") and c.lower_ in _BASIS_OF or
               any(g.dep_ == "case" and g.lower_ in _BASIS_OF for g in c.children) for c in head.children)


def _choose(entries: list[lexicon.Trigger], tokens, head) -> lexicon.Trigger | None:
    fitting = [e for e in entries if _pos_fits(e, tokens)]
    if not fitting:
        return None
    words = None
    constrained = [e for e in fitting if e.needs]
    for entry in constrained:
        words = words if words is not None else neighbourhood(head)
        if entry.needs & words:
            return entry
    free = [e for e in fitting if not e.needs]
    return free[0] if free else None


def _refine(entry: lexicon.Trigger, head) -> tuple[str, str]:
    """A generic attack takes its mode from the instrument named near it ("a drone targeted …")."""
    if entry.type != "ASSAULT" or entry.mode != "attack":
        return entry.type, entry.mode
    refinements = lexicon.mode_refinements()
    near = [head, *head.children]
    if head.pos_ == "VERB":
        for child in head.children:
            if child.dep_ in ("nsubj", "agent", "prep"):
                near.extend(child.subtree)
    else:
        near.extend(head.subtree)
    for token in near:
        found = refinements.get(token.lower_)
        if found and found[0] == entry.type:
            return found
    targets = lexicon.target_refinements()
    for token in _target_words(head):
        found = targets.get(token.lower_)
        if found:
            return found
    return entry.type, entry.mode


def _target_words(head):
    """The words of what a trigger acts on: its object, or its on/against/of phrase."""
    found = False
    for child in head.children:
        if child.dep_ in ("dobj", "nsubjpass") or (child.dep_ == "prep" and child.lower_ in _TARGET_PREPS):
            found = True
            yield from child.subtree
    if not found:
        # "destroyed or captured several armoured vehicles": conjoined verbs share the object the parser
        # hangs on the last of them
        for child in head.children:
            if child.dep_ == "conj" and child.pos_ == "VERB":
                for grandchild in child.children:
                    if grandchild.dep_ == "dobj":
                        yield from grandchild.subtree


def find(doc, blocked: set[int] | frozenset[int] = frozenset()) -> list[TriggerHit]:
    """Trigger hits in document order.  ``blocked`` token indices (inside names) are skipped."""
    language = lexicon.trigger_language(doc.lang_)
    table = lexicon.triggers(language)
    firsts = lexicon.trigger_first_words(language)
    lowers = lower_forms(doc)
    hits: list[TriggerHit] = []
    i, n = 0, len(doc)
    while i < n:
        found = None
        if lowers[i] in firsts and i not in blocked and not doc[i].is_punct:
            for size in range(min(MAX_WORDS, n - i), 0, -1):
                key = " ".join(lowers[i: i + size])
                entries = table.get(key)
                if not entries and size > 1 and not joined_by_spaces(doc, i, i + size):
                    entries = table.get(doc[i: i + size].text.lower())  # "build-up": no spaces inside
                if not entries or any(j in blocked for j in range(i, i + size)):
                    continue
                tokens = doc[i: i + size]
                head = tokens.root
                entry = _choose(entries, list(tokens), head)
                if entry is None or _records_media(head) or (entry.type == "REQUEST" and _basis_formula(head)) \
                        or _names_a_side(head):
                    continue
                event_type, mode = _refine(entry, head)
                found = TriggerHit(i, i + size, head.i, event_type, mode, tokens.text, entry.phrase)
                break
        if found:
            hits.append(found)
            i = found.end
        else:
            i += 1
    hits = _drop_modifiers(doc, hits)
    return hits + _codebook_fallback(doc, hits, blocked)


def _drop_modifiers(doc, hits: list[TriggerHit]) -> list[TriggerHit]:
    """"defence *cooperation* agreements", "a *withdrawal* timetable agreement": a noun trigger that only modifies
    another trigger's noun in a compound classifies that noun (English noun compounds: the last noun is the
    thing named); the head noun's act is the one told.  So is a noun trigger that is the object of an act of
    ending whose type is a standing tie ("revoked a military *accord*", "suspended the *cooperation*";
    ``ending_types``, ``ended_types``): what is ended.  ("Rejected the *accusations*" keeps the accusation: a
    claim denied is the claim's event with a denied stance.)"""
    heads = {hit.head for hit in hits}
    ending = {hit.head for hit in hits if hit.type in _ENDING_TYPES and doc[hit.head].pos_ in ("VERB", "AUX")}
    kept = []
    for hit in hits:
        token = doc[hit.head]
        if token.dep_ == "compound" and token.head.i in heads and token.head.i != hit.head:
            continue
        if (hit.type in _ENDED_TYPES and token.pos_ in _NOUN_POS and token.dep_ in ("dobj", "obj")
                and token.head.i in ending):
            continue  # "revoked a cooperation accord", "cancelled the deal": the thing ended, not an act of its own
        kept.append(hit)
    return kept


# a sentence the trigger lexicon finds nothing in still reports an event when a typing cue of the act
# itself (not its means or context) this strong names one: "a grenade was hurled at …", "sentenced to …"
FALLBACK_WEIGHT = 2.5
FALLBACK_MEANS_WEIGHT = 3.0  # a means that names the act by itself: grenade, suicide bomber, chemical agent
# only for the physical acts ACLED codes; presence, diplomacy and weapons finds stay with the lexicon
FALLBACK_TYPES = frozenset({"ASSAULT", "FIGHT", "PROTEST"})


def _codebook_fallback(doc, hits: list[TriggerHit], blocked) -> list[TriggerHit]:
    from garrison.events import codebook

    covered = {doc[h.head].sent.start for h in hits}
    if all(sent.start in covered for sent in doc.sents):
        return []
    language = lexicon.trigger_language(doc.lang_)
    best: dict[int, tuple[float, TriggerHit]] = {}
    for start, end, cue in codebook._match(doc, language):
        sent = doc[start].sent
        strong_means = cue.kind == "means" and cue.weight >= FALLBACK_MEANS_WEIGHT
        if sent.start in covered or not (cue.kind == "trigger" or strong_means) or cue.weight < FALLBACK_WEIGHT:
            continue
        if any(j in blocked for j in range(start, end)) or cue.type not in FALLBACK_TYPES:
            continue
        mode = cue.mode if cue.mode != codebook.TERRITORY else "armed clash"
        span = doc[start:end]
        hit = TriggerHit(start, end, span.root.i, cue.type, mode, span.text)
        if sent.start not in best or cue.weight > best[sent.start][0]:
            best[sent.start] = (cue.weight, hit)
    return [hit for _, hit in sorted(best.values(), key=lambda item: item[1].start)]


def depth(token) -> int:
    """Steps from the token up to its sentence's root (positions compared: spaCy makes a new Token object on each
    access, so ``token.head is token`` never holds)."""
    d = 0
    while token.head.i != token.i and d < 50:
        token = token.head
        d += 1
    return d
