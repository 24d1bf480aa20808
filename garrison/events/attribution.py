"""Who says an event happened: the chain of sources from the outlet inwards, the speaker and the role.

Works on the dependency parse.  From an event's trigger we climb the tree; every reporting
cue on the way ("said", "reported", "according to", "published a report confirming") adds
the source it names, and the channel it came through ("in an interview with X", "cited by
X", "citing X") adds a link on the outside or the inside.  Pronouns and definite
descriptions of media ("it", "the agency", "the radio") resolve to the last source named
earlier in the document.
"""

from __future__ import annotations

import bisect
import weakref
from dataclasses import dataclass, field

from garrison.events import lexicon
from garrison.words import word_list, words

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Domain words: garrison/data/events/words*.tsv.
_PRONOUNS = words("events", "speaker_pronouns")
# Prepositions introducing the channel a statement came through: "in an interview with X", "to X", "on X".
_CHANNEL_PREPS = words("events", "channel_preps")
_CITED_BY = words("events", "cited_by")
_SELON = words("events", "selon")
# "d'après" is often split into "d'" + fixed "après"
_SELON_SPLIT = (words("events", "selon_split_first"), word_list("events", "selon_split_second")[0])
# "learned from X", "heard from X": the preposition naming the source a reporter heard it from
_HEARD_FROM = words("events", "heard_from")
# "interviewed by X, the minister said …": X is the channel, outside the speaker
_INTERVIEWED = words("events", "interviewed")
# verbs of a relative or participle clause on a source that name the source it relied on
# (word forms: the shared pipeline may run without a lemmatizer)
_CITING_FORMS = words("events", "citing_forms")
# a French passive agent ("cités par X", "publiées par X"): the outer channel
_AGENT_DEPS = ("agent", "obl:agent")
# names that are times, not sources ("said in a statement on Sunday")
_NOT_SOURCE_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL"}
_CHANNEL_NOUNS = words("events", "channel_nouns")
# "the ministère nigérien de la Défense": the "de" complement is part of a French name
_OF_MARKS = words("events", "of_marks")
# "the Ministry of Defence": an office noun's "of" phrase is part of the name
_OFFICE_NOUNS = words("events", "office_nouns")
_OFFICE_PREPS = words("events", "office_preps")
_GENERIC_DETERMINERS = words("events", "generic_determiners")
_DEFINITE_ARTICLES = words("events", "definite_articles")
_CITING_PARTICIPLES = words("events", "citing_participles")
# "in an interview *with* X", "in a statement *to* X": the outlet inside the channel noun's phrase
_CHANNEL_INNER_PREPS = words("events", "channel_inner_preps")


@dataclass
class Attribution:
    chain: list[str] = field(default_factory=list)  # outermost first
    speaker: str | None = None
    speaker_role: str | None = None
    cue: str | None = None
    cue_token: int | None = None  # token index of the reporting cue


@dataclass
class TokenIndex:
    """What the events stage looks for in every sentence, read once per document.

    The stage scans a sentence's tokens for reporting verbs, "according to", "selon" and the recogniser's
    entities once per sentence and again for each event in it; each pass makes a spaCy ``Token`` per word,
    most of the stage's own cost.  No stage changes a parse after it is made, so one pass per Doc says
    where each word form stands, which tokens report or deny, and where the entities are.
    """

    positions: dict[str, list[int]]  # lower-cased word form → its token numbers, ascending
    reports: list[int]  # tokens of saying (``is_report``), ascending
    speech: list[int]  # tokens of saying or denying, ascending
    # The recogniser's entities read from the tokens' IOB tags as ``Doc.ents`` builds them (start, end,
    # label). ``doc.ents`` and ``span.ents`` rebuild every entity of the whole document on each call: asked
    # once per sentence and per name, that made the events stage quadratic in a document's length (issue 15).
    entities: list[tuple[int, int, str]]
    entity_starts: list[int]
    # token → the attribution tokens around it (``where._attribution_tokens``), asked per event and per sentence
    attribution_tokens: dict[int, frozenset[int]] = field(default_factory=dict)
    lowers: list[str] = field(default_factory=list)  # each token's lower-cased form, in token order
    spaced: list[bool] = field(default_factory=list)  # whether a space follows each token

    def at(self, forms, start: int, end: int) -> list[int]:
        """Tokens in [start, end) written (lower-cased) as one of ``forms``, ascending."""
        found: list[int] = []
        for form in forms:
            found.extend(within(self.positions.get(form, ()), start, end))
        return sorted(found)


def within(numbers, start: int, end: int):
    """The ascending ``numbers`` in [start, end)."""
    return numbers[bisect.bisect_left(numbers, start): bisect.bisect_left(numbers, end)]


# Doc → its TokenIndex, kept as long as the Doc lives.
_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def token_index(doc) -> TokenIndex:
    index = _INDEXES.get(doc)
    if index is None:
        index = _INDEXES[doc] = _read_index(doc)
    return index


def lower_forms(tokens) -> list[str]:
    """The lower-cased forms of a Doc's or a Span's tokens, from the Doc's index: no spaCy ``Token`` made."""
    doc = getattr(tokens, "doc", tokens)
    lowers = token_index(doc).lowers
    return lowers[:] if tokens is doc else lowers[tokens.start:tokens.end]


def joined_by_spaces(tokens, start: int, end: int) -> bool:
    """Whether a space follows each token of ``tokens[start:end]`` (a Doc or a Span) but the last: that span's
    text is then its words joined by single spaces."""
    doc = getattr(tokens, "doc", tokens)
    offset = 0 if tokens is doc else tokens.start
    return all(token_index(doc).spaced[offset + start:offset + end - 1])


def _read_index(doc) -> TokenIndex:
    from spacy.attrs import ENT_IOB, ENT_TYPE, LOWER, SPACY
    from spacy.tokens import Token

    iob_tags = Token.iob_strings()  # ENT_IOB code → the tag ``Token.ent_iob_`` gives
    strings = doc.vocab.strings
    # one array of the tokens' attributes rather than a Token object per word
    lower_ids, iob_codes, type_ids, spaces = (doc.to_array([LOWER, ENT_IOB, ENT_TYPE, SPACY]).T.tolist() if len(doc)
                                              else ([], [], [], []))
    spelled = {string_id: strings[string_id] for string_id in {*lower_ids, *type_ids}}
    spelled[0] = ""
    lowers = [spelled[string_id] for string_id in lower_ids]
    positions: dict[str, list[int]] = {}
    reports: list[int] = []
    speech: list[int] = []
    table = lexicon.cues()
    saying, denying = table.get("report", {}), table.get("deny", {})
    for i, lower in enumerate(lowers):
        positions.setdefault(lower, []).append(i)
        # is_report and is_denial, read off the cue table once per document
        if lower.lower() in saying or lower.lower() in denying:
            token = doc[i]
            report = is_report(token)
            if report:
                reports.append(i)
            if report or is_denial(token):
                speech.append(i)
    tags = [(iob_tags[code], spelled[type_id]) for code, type_id in zip(iob_codes, type_ids)]
    entities = []
    for start, (iob, label) in enumerate(tags):
        if iob != "B" or not label:
            continue
        end = start + 1
        while end < len(tags) and tags[end][0] == "I":
            end += 1
        entities.append((start, end, label))
    return TokenIndex(positions, reports, speech, entities, [start for start, _, _ in entities], lowers=lowers,
                      spaced=[bool(space) for space in spaces])


def _entity_from(doc, start: int):
    """The entity beginning at token ``start`` (a B tag with a label), or None."""
    if doc[start].ent_iob_ != "B" or not doc[start].ent_type_:
        return None
    from spacy.tokens import Span

    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type_)


def _entity_at(token):
    """The entity holding ``token``, or None."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc, start = token.doc, token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return _entity_from(doc, start)


def _entities_within(span) -> list:
    """The entities inside ``span``, as ``span.ents`` gives them (those starting in it, up to the first that
    runs past its end)."""
    from spacy.tokens import Span

    index = token_index(span.doc)
    found = []
    # no slice of the list from here to its end: that copy, once per sentence, grew with the square of the text
    for k in range(bisect.bisect_left(index.entity_starts, span.start), len(index.entities)):
        start, end, label = index.entities[k]
        if start >= span.end or end > span.end:
            break
        found.append(Span(span.doc, start, end, label=label))
    return found


def _span_text(token, exclude=()) -> str:
    """The noun phrase headed by ``token``: its left modifiers and compounds, without clauses or appositions."""
    words = [token]
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "det", "poss", "nummod", "quantmod") and child not in exclude:
            words.extend(child.subtree)
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "flat:name") or (child.dep_ == "appos" and child.pos_ == "PROPN" and token.pos_ == "NOUN" and token.tag_ != "NNS"):
            words.extend(child.subtree)
        # French adjectives and "de" complements follow the noun: "des responsables maliens",
        # "le ministère nigérien de la Défense"; only a noun's own modifiers, never its clauses
        if child.dep_ == "amod" and child.pos_ == "ADJ" and not any(c.dep_ in ("obl", "obl:arg", "advcl", "ccomp") for c in child.children):
            words.extend(child.subtree)
        if child.dep_ == "nmod" and token.pos_ == "NOUN" and any(
            c.dep_ == "case" and c.lower_ in _OF_MARKS for c in child.children
        ) and not any(c.dep_ in ("acl", "acl:relcl") for c in child.subtree if c.i != child.i):
            words.extend(child.subtree)
        if child.dep_ == "prep" and child.lower_ in _OFFICE_PREPS and token.lower_ in _OFFICE_NOUNS:
            words.extend(child.subtree)
    words = sorted(set(words), key=lambda t: t.i)
    while words and ((words[0].dep_ == "det" and not _is_name_article(words[0])) or words[0].is_punct):
        words = words[1:]
    while words and words[-1].is_punct:
        words = words[:-1]
    if not words:
        return token.text
    doc = token.doc
    # a dateline or heading glued to the name by the parser ("2024\n\nRadio France International")
    breaks = [t.i for t in doc[words[0].i: token.i] if "\n" in t.text or "\n" in t.whitespace_]
    if breaks:
        words = [w for w in words if w.i > max(breaks)]
    words = [w for w in words if not w.is_space]
    if not words:
        return token.text
    text = doc[words[0].i: words[-1].i + 1].text
    # "the daily newspaper la Repubblica": the proper name carries the identity.
    proper = [w for w in words if w.pos_ == "PROPN" and w.dep_ == "appos"]
    if proper:
        head = proper[0]
        text = doc[min(t.i for t in head.subtree): max(t.i for t in head.subtree) + 1].text
    else:
        # "the Italian site ItalMilRadar": a media noun followed by the name
        for k, w in enumerate(words[:-1]):
            if w.is_lower and lexicon.is_cue("media_noun", w.lower_) and all(x.tag_ in ("NNP", "NNPS") for x in words[k + 1:]):
                text = doc[words[k + 1].i: words[-1].i + 1].text
                break
    # an organisation's name runs past its head ("the Institute for the Study of War"): the recogniser's span
    name = _entity_at(token)
    if name is not None and name.label_ == "ORG" and token.pos_ == "PROPN" and name.end > words[-1].i + 1:
        start = name.start + (1 if doc[name.start].lower_ == "the" and name.start != token.i else 0)
        text = doc[min(start, words[0].i): name.end].text
    return text.strip()


def _is_name_article(det) -> bool:
    """A capitalised article inside a sentence belongs to a name: "Le Monde", "La Repubblica", "The Defense Post"."""
    return det.text[:1].isupper() and not det.is_sent_start and det.head.pos_ == "PROPN"


def _evidence_author(token):
    """The clause naming who analysed or published a piece of evidence: ("images analysed by X" → the
    "analysed by X" clause, X).  Imagery and data are not sources; their author is."""
    if not lexicon.is_cue("evidence_noun", token.lower_):
        return None, None
    for child in token.children:
        if child.dep_ in ("acl", "relcl", "acl:relcl") and child.pos_ == "VERB":
            for agent in (c for c in child.children if c.dep_ in _AGENT_DEPS):
                author = next((c for c in agent.children if c.dep_ == "pobj"), agent if agent.dep_ == "obl:agent" else None)
                if author is not None and author.ent_type_ not in _NOT_SOURCE_ENTS:
                    return child, author
    return None, None


def _role(token) -> str | None:
    """The apposition describing a speaker: "Guido Crosetto, the Italian Minister of Defense"."""
    name = _span_text(token)
    for child in token.rights:
        if child.dep_ == "appos":
            role = _span_text_full(child)
            return None if role in name or name in role else role
    return None


def _span_text_full(token) -> str:
    tokens = [t for t in token.subtree if not (t.dep_ == "punct" and t.i in (token.left_edge.i, token.right_edge.i))]
    words = [t for t in tokens if t.dep_ != "det" or t.i != tokens[0].i]
    if not words:
        return token.text
    return token.doc[words[0].i: words[-1].i + 1].text.strip(" ,")


def _is_selon(token) -> bool:
    """French "selon" / "d'après", also when the parser splits "d'" from a fixed "après"."""
    if token.lower_ in _SELON:
        return True
    first, second = _SELON_SPLIT
    return token.lower_ in first and any(c.dep_ == "fixed" and c.lower_ == second for c in token.children)


def _closes_sentence(token) -> bool:
    """A phrase after which only punctuation follows: "…, according to Western officials." covers the sentence."""
    end = token.right_edge.i
    return all(t.is_punct or t.is_space for t in token.doc[end + 1: token.sent.end])


def _misread_as_apposition(verb) -> bool:
    """"…from Turkey, the country's government announced": the small model reads the trailing speaker as
    an apposition to the last noun and the reporting verb as its clause.  A reporting verb in an active
    clause on an apposition, with no subject or agent of its own, is that trailing attribution."""
    return verb.dep_ in ("acl", "relcl") and verb.head.dep_ == "appos" and not any(
        c.dep_ in (*_SUBJECTS, *_AGENT_DEPS, "auxpass", "aux:pass") for c in verb.children
    ) and verb.tag_ in ("VBD", "VBZ", "VBP")


def _speaker_in_interview_clause(verb):
    """"Interviewed by X, the minister said …": the small models hang the speaker on the participle
    as an apposition and leave the reporting verb without a subject.  The apposed noun is the speaker."""
    for asked in (c for c in verb.children if c.dep_ in ("advcl", "acl") and c.lower_ in _INTERVIEWED and c.i < verb.i):
        for token in asked.subtree:
            if token.dep_ == "appos" and token.pos_ in ("NOUN", "PROPN") and token.head.i != token.i:
                return token
    return None


def _inverted_subject(verb):
    """French places the speaker after a trailing reporting verb ("…, a annoncé le ministère"); the
    small model labels it the object.  Only a reporting verb in parataxis without its own subject or clause."""
    if verb.dep_ != "parataxis" or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "obj" and c.i > verb.i and c.pos_ in ("NOUN", "PROPN")), None)


def is_report(token) -> bool:
    """A verb or noun of saying ("said", "told", "report")."""
    return lexicon.is_cue("report", token.lower_) and token.pos_ in ("VERB", "AUX", "NOUN")


def is_denial(token) -> bool:
    """Who denies a report is its source too ("AFRICOM denied …")."""
    return lexicon.is_cue("deny", token.lower_) and token.pos_ == "VERB"




def _is_generic(name: str) -> bool:
    words = name.lower().split()
    if not words:
        return True
    if len(words) == 1 and words[0] in _PRONOUNS:
        return True
    return words[0] in _GENERIC_DETERMINERS and len(words) <= 3 and lexicon.is_cue("media_noun", words[-1])


class Attributor:
    """Resolves attributions across one document; remembers the last named source for pronouns."""

    def __init__(self, outlet: str | None = None) -> None:
        self.outlet = outlet
        self.last_source: str | None = None
        self._pending: str | None = None  # named in the current sentence; usable from the next one
        self.named: list[str] = []  # organisations named so far, in order

    def name(self, token) -> str:
        _, author = _evidence_author(token)
        if author is not None:
            return _span_text(author)
        text = _span_text(token)
        partners = [c for c in token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i > token.i]
        if partners and token.dep_ in _SUBJECTS:
            # "Russian military bloggers and Malian state media said": the speakers together
            words = list(token.doc[token.left_edge.i: partners[-1].right_edge.i + 1])
            while words and (words[0].dep_ == "det" or words[0].is_punct):
                words = words[1:]
            while words and words[-1].is_punct:
                words = words[:-1]
            if words and not any(w.pos_ in ("VERB", "AUX") for w in words):
                return token.doc[words[0].i: words[-1].i + 1].text
        described = self._described(token, text)
        if described:
            return described
        if token.lower_ in _PRONOUNS or _is_generic(("the " + text) if not text.lower().startswith("the") else text):
            if self.last_source and (token.lower_ in _PRONOUNS or lexicon.is_cue("media_noun", token.lower_)):
                return self.last_source
        return text

    def remember(self, name: str | None) -> None:
        if name and not _is_generic(name) and name.lower() not in _PRONOUNS:
            self._pending = name

    def _described(self, token, text: str) -> str | None:
        """A definite description of an organisation named before: "the command" after "US Africa Command"."""
        if token.pos_ != "NOUN" or not token.is_lower or text.lower() != token.lower_:
            return None
        if not any(c.dep_ == "det" and c.lower_ in _DEFINITE_ARTICLES for c in token.children):
            return None
        for earlier in reversed(self.named):
            words = earlier.lower().split()
            if len(words) > 1 and words[-1] == token.lower_:
                return earlier
        return None

    def observe_sentence(self, sent) -> None:
        """Note the sources a sentence names even where no event is found (for later pronouns)."""
        for ent in _entities_within(sent):
            text = ent.text  # a Span's text is joined from its tokens on each call
            name = text[4:] if text.lower().startswith("the ") else text
            # the small model sometimes labels a long organisation name GPE ("The United States Africa Command")
            if ent.label_ in ("ORG", "GPE") and name not in self.named:
                self.named.append(name)
        if self._pending is None:
            doc = sent.doc
            for i in within(token_index(doc).reports, sent.start, sent.end):
                token = doc[i]
                if token.pos_ != "NOUN":
                    for child in token.children:
                        if child.dep_ in _SUBJECTS and child.pos_ == "PROPN":
                            self.remember(self.name(child))
        if self._pending is not None:
            self.last_source, self._pending = self._pending, None

    def attribute(self, trigger) -> Attribution:
        """The attribution of the event whose trigger token is ``trigger``."""
        links: list[list[str]] = []  # innermost group first; each group ordered outermost first
        speaker = role = cue = None
        cue_token = None
        sent = trigger.sent
        seen_according: set[int] = set()
        path = [trigger, *trigger.ancestors]
        for node in path:
            group: list[str] = []
            if (is_report(node) or is_denial(node)) and node is not trigger:
                # the subject nearest the verb: a dateline parsed as a second subject is further away
                subjects = [c for c in node.children if c.dep_ in _SUBJECTS]
                subject = min(subjects, key=lambda c: abs(c.i - node.i)) if subjects else None
                if subject is None and node.dep_ in ("advcl", "xcomp", "conj") and node.tag_ in ("VBG", "VB", "VBD") and (
                    node.head.dep_ == "ROOT" or is_report(node.head)
                ):
                    # "…, saying that …", "announced on Monday and said …": the controller speaks
                    subjects = [c for c in node.head.children if c.dep_ in ("nsubj", "csubj")]
                    subject = min(subjects, key=lambda c: abs(c.i - node.head.i)) if subjects else None
                if subject is None:
                    subject = _speaker_in_interview_clause(node)
                # "a report confirming that …" has no subject: the report's author is named further up
                inside = trigger.left_edge.i <= (subject.i if subject is not None else -1) <= trigger.right_edge.i
                if subject is not None and not inside:
                    name = self.name(subject)
                    group.append(name)
                    if speaker is None:
                        speaker, role = name, _role(subject)
                    for inner in node.children:
                        # "the agency said, citing informed sources"
                        if inner.lower_ in _CITING_PARTICIPLES:
                            obj = next((c for c in inner.children if c.dep_ in ("dobj", "pobj")), None)
                            # a source cited, not a reason ("citing a precautionary measure")
                            if obj is not None and (obj.pos_ == "PROPN" or lexicon.is_cue("source_noun", obj.lower_)):
                                group.append(_span_text(obj))
                        # "Reuters has learned from military sources": the source heard from is inside
                        if inner.dep_ == "prep" and inner.lower_ in _HEARD_FROM:
                            for obj in (c for c in inner.children if c.dep_ == "pobj"):
                                if obj.pos_ == "PROPN" or lexicon.is_cue("source_noun", obj.lower_):
                                    group.append(_span_text(obj))
                    for asked in (c for c in node.children if c.dep_ in ("advcl", "acl") and c.lower_ in _INTERVIEWED):
                        for agent in (c for c in asked.children if c.dep_ in _AGENT_DEPS):
                            outer = next((c for c in agent.children if c.dep_ == "pobj"), agent if agent.dep_ == "obl:agent" else None)
                            if outer is not None and outer.pos_ == "PROPN":
                                group.insert(0, _span_text(outer))
                    for prep in [*node.children, *subject.children]:
                        # "said X in an interview with la Repubblica", "told Reuters"
                        if prep.dep_ == "prep" and prep.lower_ in _CHANNEL_PREPS:
                            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                                if pobj.lower_ in _CHANNEL_NOUNS:
                                    for inner_prep in pobj.children:
                                        if inner_prep.lower_ in _CHANNEL_INNER_PREPS:
                                            for outer in (c for c in inner_prep.children if c.dep_ == "pobj"):
                                                if outer.ent_type_ not in _NOT_SOURCE_ENTS:
                                                    group.insert(0, _span_text(outer))
                        if prep.dep_ == "dative" or (prep.dep_ == "dobj" and prep.ent_type_ == "ORG"):
                            group.insert(0, _span_text(prep))
                    if cue is None:
                        cue, cue_token = node.text, node.i
                elif subject is None and cue is None and node.pos_ != "NOUN":
                    cue, cue_token = node.text, node.i
            # "according to X (cited by Y)" hangs off the clause it qualifies
            for child in node.children:
                if child.lower_ == "according" and child.i not in seen_according:
                    seen_according.add(child.i)
                    group.extend(self._according(child))
                    if cue is None:
                        cue, cue_token = "according to", child.i
            if group:
                links.append(group)
            if node.dep_ == "ROOT":
                break
        # "according to X" at sentence level even when the parse hangs it elsewhere
        doc = sent.doc
        index = token_index(doc)
        for token in (doc[i] for i in index.at(("according",), sent.start, sent.end)):
            if token.i not in seen_according:
                if token.head.i == trigger.i or token.head in path or token.head.dep_ == "ROOT" or _closes_sentence(token):
                    seen_according.add(token.i)
                    links.append(self._according(token))
                    cue, cue_token = cue or "according to", cue_token if cue_token is not None else token.i
        if not links:
            # "X held talks in the Kremlin, the LNA said": the parser may hang a trailing reporting
            # clause under the event's clause instead of above it
            for token in (doc[i] for i in within(index.speech, trigger.i + 1, sent.end)):
                trailing = token.dep_ in ("parataxis", "ccomp", "advcl") and token.head in path
                if (trailing or _misread_as_apposition(token)) and token.pos_ in ("VERB", "AUX"):
                    subject = (next((c for c in token.children if c.dep_ in _SUBJECTS), None) or _inverted_subject(token)
                               or (token.head if not trailing else None))
                    if subject is not None:
                        name = self.name(subject)
                        links.append([name])
                        speaker, role = speaker or name, role or _role(subject)
                        cue, cue_token = cue or token.text, cue_token if cue_token is not None else token.i
                        break
        # French "selon X" / "d'après X": the preposition is a case marker on the source itself
        for token in (doc[i] for i in index.at(_SELON | _SELON_SPLIT[0], sent.start, sent.end)):
            if _is_selon(token) and token.dep_ == "case" and token.head.i != trigger.i:
                source = token.head
                if source.head.i == trigger.i or source.head in path or source.head.dep_ == "ROOT":
                    links.append(self._with_channels(source))
                    cue, cue_token = cue or token.text, cue_token if cue_token is not None else token.i
        chain: list[str] = []
        for group in reversed(links):
            for name in group:
                if name and name not in chain:
                    chain.append(name)
        if self.outlet and chain and chain[0].lower() == self.outlet.lower():
            chain = chain[1:] if len(chain) > 1 else chain
        if chain:
            self.remember(chain[0])
        return Attribution(chain=chain, speaker=speaker, speaker_role=role, cue=cue, cue_token=cue_token)

    def _according(self, according) -> list[str]:
        to = next((c for c in according.children if c.lower_ == "to"), None)
        if to is None:
            return []
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return []
        return self._with_channels(source)

    def _with_channels(self, source) -> list[str]:
        """The source of "according to X" / "selon X" with the channels its own clauses name, outermost first."""
        names = [self.name(source)]
        author_clause, _ = _evidence_author(source)
        for child in source.children:
            if child.dep_ not in ("acl", "relcl", "acl:relcl"):
                continue
            if author_clause is not None and child.i == author_clause.i:
                # "data analysed by X and cited by Y": Y passed on what X found
                for then in (c for c in child.children if c.dep_ == "conj" and c.pos_ == "VERB"):
                    for agent in (c for c in then.children if c.dep_ in _AGENT_DEPS):
                        outer = next((c for c in agent.children if c.dep_ == "pobj"), agent if agent.dep_ == "obl:agent" else None)
                        if outer is not None:
                            names.insert(0, _span_text(outer))
                continue
            # "Pentagon sources cited by the Wall Street Journal", "des responsables cités par Le Monde":
            # the outlet that cited them is outside
            if child.lower_ in _CITED_BY or child.pos_ == "VERB":
                for agent in (c for c in child.children if c.dep_ in _AGENT_DEPS):
                    outer = next((c for c in agent.children if c.dep_ == "pobj"), agent if agent.dep_ == "obl:agent" else None)
                    if outer is not None and outer.ent_type_ not in _NOT_SOURCE_ENTS:
                        names.insert(0, _span_text(outer))
            # "according to RFI, which cited military sources": the cited source is inside
            if child.lower_ in _CITING_FORMS and not any(c.dep_ in _AGENT_DEPS for c in child.children):
                # what a source is said to cite is itself a source, whatever noun names it
                for obj in (c for c in child.children if c.dep_ in ("dobj", "obj")):
                    if obj.pos_ in ("PROPN", "NOUN") and obj.ent_type_ not in _NOT_SOURCE_ENTS:
                        names.append(_span_text(obj))
        return names


def source_entity(name: str | None) -> str | None:
    """The canonical name of the organisation a source name denotes, from the entities lexicon
    (garrison/data/entities): "RFI" and "Radio France Internationale" both give the latter.
    None when the name is unknown or shared by several entries."""
    if not name:
        return None
    from garrison.entities import lexicon as entities_lexicon

    lexicon_ = entities_lexicon.load()
    key = entities_lexicon.fold(name)
    found = lexicon_.folded.get(key, [])
    return found[0].name if len(found) == 1 else None


def same_source(a: str | None, b: str | None) -> bool:
    """Whether two source names denote the same source: equal up to case and a leading article, one
    contained in the other ("US officials" / "officials"), or aliases of one known organisation."""
    def normal(text: str | None) -> str:
        text = " ".join((text or "").casefold().split())
        return text[4:] if text.startswith("the ") else text

    x, y = normal(a), normal(b)
    if not x or not y:
        return False
    if x == y or x in y or y in x:
        return True
    entity = source_entity(a)
    return entity is not None and entity == source_entity(b)
