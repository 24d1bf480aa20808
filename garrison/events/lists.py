"""Lists of sites: "the bases of X, Y and Z" is one statement about each of X, Y and Z.

A presence timeline is actor × site, so a presence, deployment, construction or assault whose place
is one name of a list is told once per name (``consolidate.per_site``).  The list is read from the
surface between the names the places stage found, not from the parse: the small models often hang
the later names of a list on the verb, and text pasted from the web glues names to bracketed notes
("X [est]d'Y [centre]de Z [près de Syrte] and W [Fezzan]") that the tokenizer does not split.

* Between two names of a list stand only list words (",", "and", "d'", "de", "as well as" …) once
  bracketed or parenthesised notes are taken out; a list needs a coordinator somewhere.
* A name inside such a note glosses the name before it ("Ghardabiya [near Sirte]",
  "Tin-Akoff (Oudalan)"): it is not a member of the list.
* Countries and regions named in the list, demonyms, or a list that says whom the act serves ("for
  operations in Mali and Burkina Faso") make no per-site events: they are context, not sites.
* A list goes on in the next sentence when that sentence adds to it ("a fifth was recently added to
  this list: that of X", "another is X", "s'y ajoute celle de X"): the added site is told as one more
  event of the same kind, with the claim of the sentence that adds it.

The words (list glue, coordinators, continuation cues) are lists of garrison/data/events/words*.tsv.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from garrison.words import words

# Types told once per site of a list.
SITE_TYPES = {"BASE_PRESENCE", "DEPLOY", "CONSTRUCTION", "ASSAULT", "PROTEST", "FIGHT"}
# ACLED codes a protest or a clash in each town of a list as an event of its own (one row per location), when the list
# is one by its words ("in X, Y and Z"): a comma alone also writes a quarter and its town ("in Tampouy, Ouagadougou")
_WORD_LISTED_TYPES = {"PROTEST", "FIGHT"}

_LIST_GLUE = words("events", "list_glue")
_SPAN_PREPS = words("events", "span_preps")
_COORDINATORS = words("events", "list_coordinators")
_PURPOSE_PREPS = words("events", "purpose_preps")
_PURPOSE_VERBS = words("events", "purpose_verbs")
_CONTINUATION_SUBJECTS = words("events", "list_continuation_subjects")
_ADDITION_VERBS = words("events", "list_addition_verbs")
_LIST_NOUNS = words("events", "list_nouns")

# A bracketed or parenthesised note: an editor's gloss, a translation, an acronym.
_NOTE = re.compile(r"\[[^\[\]]*\]|\([^()]*\)")
# The words of the text between two names: apostrophes kept on elided articles ("d'", "l'").
_GAP_WORD = re.compile(r"\w+['’]?|[^\w\s]")

SiteOf = Callable[[object, object], "tuple | None"]


def _notes(text: str, offset: int) -> list[tuple[int, int]]:
    return [(offset + m.start(), offset + m.end()) for m in _NOTE.finditer(text)]


def _inside(found, notes: list[tuple[int, int]]) -> bool:
    return any(start < found.start and found.end <= end for start, end in notes)


def _gap_words(text: str) -> list[str] | None:
    """The list words between two names, or None when something else stands there."""
    had_note = bool(_NOTE.search(text))
    cleaned = _NOTE.sub(" ", text).replace("’", "'")
    gap = [w.lower() for w in _GAP_WORD.findall(cleaned)]
    if not gap:
        return [] if had_note else None  # "X [est]Y": the note parts the names; "X Y" is one name
    return gap if all(w in _LIST_GLUE for w in gap) else None


def _names_in(sent, by_token: dict) -> list:
    """The distinct place names of a sentence, in text order."""
    seen, out = set(), []
    for token in sent:
        found = by_token.get(token.i)
        if found is not None and id(found) not in seen:
            seen.add(id(found))
            out.append(found)
    return sorted(out, key=lambda f: f.start)


def root_token(doc, found):
    span = doc.char_span(found.start, found.end, alignment_mode="expand") if found is not None else None
    return span.root if span is not None else None


def listed_with(doc, by_token: dict, token) -> list[tuple]:
    """(place, root token) of each name in the list ``token`` belongs to, or [] when it is in none.

    ``by_token`` maps token numbers to the toponym found there ("X, Y and Z", "d'X, d'Y et de Z").
    """
    here = by_token.get(token.i)
    if here is None:
        return []
    sent = token.sent
    # the sentence's own text, offset to the document's: Doc.text is rebuilt from every token on each use
    text, base = sent.text, sent.start_char
    notes = _notes(sent.text, sent.start_char)
    if _inside(here, notes):
        return []
    names = [f for f in _names_in(sent, by_token) if not _inside(f, notes)]
    at = next(i for i, f in enumerate(names) if f is here)
    first = last = at
    glue: list[str] = []
    while first > 0:
        gap = _gap_words(text[names[first - 1].end - base:names[first].start - base])
        if gap is None:
            break
        glue += gap
        first -= 1
    while last + 1 < len(names):
        gap = _gap_words(text[names[last].end - base:names[last + 1].start - base])
        if gap is None:
            break
        glue += gap
        last += 1
    members = names[first:last + 1]
    # a list needs a coordinator between its first and last name, or a word coordinator right after its
    # last when the name after it is one the places stage did not find ("d'X d'Y et de <unknown>"); a
    # comma there says nothing ("the base of X [east] of Y, officials said")
    trailing = _GAP_WORD.findall(_NOTE.sub(" ", text[members[-1].end - base:]).lower())[:1]
    trailing = [w for w in trailing if w.isalpha()]
    if len(members) < 2 or not (set(glue) | set(trailing)) & _COORDINATORS:
        return []
    return [(found, root_token(doc, found)) for found in members]


def _joined_by_a_word(doc, members: list[tuple]) -> bool:
    """A word coordinator ("and", "or", "et") stands between the list's first and last name."""
    if len(members) < 2:
        return False
    between = doc.text[members[0][0].end:members[-1][0].start].lower()
    return any(word in _COORDINATORS for word in _GAP_WORD.findall(between) if word.isalpha())


def in_purpose(token, stop) -> bool:
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


def _sites(members: list[tuple], head, site_of: SiteOf) -> list[tuple]:
    sites, seen = [], set()
    for found, member in members:
        site = site_of(found, member) if member is not None else None
        if site is None or (head is not None and in_purpose(member, head)):
            return []  # countries and regions named as context, or whom the act serves: one event
        key = site[0].id if site[0] is not None else site[1]
        if key not in seen:
            seen.add(key)
            sites.append(site)
    return sites


def coordinated_sites(doc, head, by_token: dict, location, event_type: str, site_of: SiteOf) -> list[tuple]:
    """(place, text) for each site listed with the event's place ("the bases of X, Y and Z"), or [].

    ``site_of(toponym, token)`` gives a name's (place, text) when it names a site, None when it is
    context (a country, a region, a demonym).
    """
    if event_type not in SITE_TYPES or location is None:
        return []
    root = root_token(doc, location)
    if root is None:
        return []
    members = listed_with(doc, by_token, root)
    if any(token is not None and token.head.lower_ in _SPAN_PREPS for _, token in members):
        return []  # "ambushed a convoy between X and Y": the two ends of one stretch, not two sites
    if event_type in _WORD_LISTED_TYPES and not _joined_by_a_word(doc, members):
        return []
    sites = _sites(members, head, site_of)
    return sites if len(sites) >= 2 else []


def continuation(sent, by_token: dict, site_of: SiteOf) -> tuple[object, list[tuple]] | None:
    """(cue token, added sites) when ``sent`` adds to the list told just before it, else None.

    "a fifth was recently added to this list: that of X", "another is X", "s'y ajoute celle de X".
    The added sites are the first site named after the cue, with the names listed with it.
    """
    cue = _continuation_cue(sent)
    if cue is None:
        return None
    doc = sent.doc
    notes = _notes(sent.text, sent.start_char)
    for found in _names_in(sent, by_token):
        if found.start < cue.idx or _inside(found, notes):
            continue
        token = root_token(doc, found)
        if token is None or site_of(found, token) is None:
            continue
        members = listed_with(doc, by_token, token) or [(found, token)]
        sites = _sites(members, None, site_of)
        return (cue, sites) if sites else None
    return None


def _continuation_cue(sent):
    """The word that says this sentence adds to a list: an ordinal or "another" standing as the subject,
    or an addition verb with a list noun ("added to this list")."""
    lowered = {t.lower_ for t in sent}
    for token in sent:
        # "a fifth was added", "another is X" — but "a fifth of the runway" is a fraction
        if token.lower_ in _CONTINUATION_SUBJECTS and token.dep_.startswith(("nsubj", "csubj")) and not any(
            c.dep_ in ("prep", "nmod") for c in token.children
        ):
            return token
    if lowered & _LIST_NOUNS:
        for token in sent:
            if token.lower_ in _ADDITION_VERBS:
                return token
    return None
