"""Who says an event happened: the chain of sources from the outlet inwards, the speaker and the role.

Works on the dependency parse.  From an event's trigger we climb the tree; every reporting
cue on the way ("said", "reported", "according to", "published a report confirming") adds
the source it names, and the channel it came through ("in an interview with X", "cited by
X", "citing X") adds a link on the outside or the inside.  Pronouns and definite
descriptions of media ("it", "the agency", "the radio") resolve to the last source named
earlier in the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from garrison.events import lexicon

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_PRONOUNS = {"it", "he", "she", "they", "we", "this", "that"}
# Prepositions introducing the channel a statement came through: "in an interview with X", "to X", "on X".
_CHANNEL_PREPS = {"with", "to", "on", "in"}
_CITED_BY = {"cited", "quoted", "reported", "broadcast", "published", "released", "posted", "shown", "aired",
             "relayed", "examined", "obtained", "seen", "taken"}
_SELON = {"selon", "d'après"}
_CHANNEL_NOUNS = {"interview", "statement", "statements", "report", "article", "broadcast", "post", "communique"}


@dataclass
class Attribution:
    chain: list[str] = field(default_factory=list)  # outermost first
    speaker: str | None = None
    speaker_role: str | None = None
    cue: str | None = None
    cue_token: int | None = None  # token index of the reporting cue


def _span_text(token, exclude=()) -> str:
    """The noun phrase headed by ``token``: its left modifiers and compounds, without clauses or appositions."""
    words = [token]
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "det", "poss", "nummod", "quantmod") and child not in exclude:
            words.extend(child.subtree)
    for child in token.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "appos" and child.tag_ == "NNP" and token.tag_ == "NN"):
            words.extend(child.subtree)
        if child.dep_ == "prep" and child.lower_ == "of" and token.lower_ in ("ministry", "minister", "department"):
            words.extend(child.subtree)
    words = sorted(set(words), key=lambda t: t.i)
    while words and (words[0].dep_ == "det" or words[0].is_punct):
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
    proper = [w for w in words if w.tag_ in ("NNP", "NNPS") and w.dep_ == "appos"]
    if proper:
        head = proper[0]
        text = doc[min(t.i for t in head.subtree): max(t.i for t in head.subtree) + 1].text
    else:
        # "the Italian site ItalMilRadar": a media noun followed by the name
        for k, w in enumerate(words[:-1]):
            if w.is_lower and lexicon.is_cue("media_noun", w.lower_) and all(x.tag_ in ("NNP", "NNPS") for x in words[k + 1:]):
                text = doc[words[k + 1].i: words[-1].i + 1].text
                break
    return text.strip()


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


def _is_report(token) -> bool:
    return lexicon.is_cue("report", token.lower_) and token.pos_ in ("VERB", "AUX", "NOUN")


def _is_denial(token) -> bool:
    """Who denies a report is its source too ("AFRICOM denied …")."""
    return lexicon.is_cue("deny", token.lower_) and token.pos_ == "VERB"


def _is_generic(name: str) -> bool:
    words = name.lower().split()
    if not words:
        return True
    if len(words) == 1 and words[0] in _PRONOUNS:
        return True
    return words[0] in ("the", "this", "that") and len(words) <= 3 and lexicon.is_cue("media_noun", words[-1])


class Attributor:
    """Resolves attributions across one document; remembers the last named source for pronouns."""

    def __init__(self, outlet: str | None = None) -> None:
        self.outlet = outlet
        self.last_source: str | None = None
        self._pending: str | None = None  # named in the current sentence; usable from the next one

    def name(self, token) -> str:
        text = _span_text(token)
        if token.lower_ in _PRONOUNS or _is_generic(("the " + text) if not text.lower().startswith("the") else text):
            if self.last_source and (token.lower_ in _PRONOUNS or lexicon.is_cue("media_noun", token.lower_)):
                return self.last_source
        return text

    def remember(self, name: str | None) -> None:
        if name and not _is_generic(name) and name.lower() not in _PRONOUNS:
            self._pending = name

    def observe_sentence(self, sent) -> None:
        """Note the sources a sentence names even where no event is found (for later pronouns)."""
        if self._pending is None:
            for token in sent:
                if _is_report(token) and token.pos_ != "NOUN":
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
            if (_is_report(node) or _is_denial(node)) and node is not trigger:
                # the subject nearest the verb: a dateline parsed as a second subject is further away
                subjects = [c for c in node.children if c.dep_ in _SUBJECTS]
                subject = min(subjects, key=lambda c: abs(c.i - node.i)) if subjects else None
                if subject is None and node.dep_ in ("advcl", "xcomp", "conj") and node.tag_ in ("VBG", "VB", "VBD") and (
                    node.head.dep_ == "ROOT" or _is_report(node.head)
                ):
                    # "…, saying that …", "announced on Monday and said …": the controller speaks
                    subjects = [c for c in node.head.children if c.dep_ in ("nsubj", "csubj")]
                    subject = min(subjects, key=lambda c: abs(c.i - node.head.i)) if subjects else None
                # "a report confirming that …" has no subject: the report's author is named further up
                inside = trigger.left_edge.i <= (subject.i if subject is not None else -1) <= trigger.right_edge.i
                if subject is not None and not inside:
                    name = self.name(subject)
                    group.append(name)
                    if speaker is None:
                        speaker, role = name, _role(subject)
                    for inner in node.children:
                        # "the agency said, citing informed sources"
                        if inner.lower_ in ("citing", "quoting"):
                            obj = next((c for c in inner.children if c.dep_ in ("dobj", "pobj")), None)
                            # a source cited, not a reason ("citing a precautionary measure")
                            if obj is not None and (obj.pos_ == "PROPN" or lexicon.is_cue("source_noun", obj.lower_)):
                                group.append(_span_text(obj))
                    for prep in [*node.children, *subject.children]:
                        # "said X in an interview with la Repubblica", "told Reuters"
                        if prep.dep_ == "prep" and prep.lower_ in _CHANNEL_PREPS:
                            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                                if pobj.lower_ in _CHANNEL_NOUNS:
                                    for inner_prep in pobj.children:
                                        if inner_prep.lower_ in ("with", "to", "by", "on"):
                                            for outer in (c for c in inner_prep.children if c.dep_ == "pobj"):
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
        for token in sent:
            if token.lower_ == "according" and token.i not in seen_according:
                if token.head.i == trigger.i or token.head in path or token.head.dep_ == "ROOT":
                    seen_according.add(token.i)
                    links.append(self._according(token))
                    cue, cue_token = cue or "according to", cue_token if cue_token is not None else token.i
        if not links:
            # "X held talks in the Kremlin, the LNA said": the parser may hang a trailing reporting
            # clause under the event's clause instead of above it
            for token in sent:
                if token.i > trigger.i and token.dep_ in ("parataxis", "ccomp", "advcl") and token.head in path and (
                    _is_report(token) or _is_denial(token)
                ) and token.pos_ in ("VERB", "AUX"):
                    subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
                    if subject is not None:
                        name = self.name(subject)
                        links.append([name])
                        speaker, role = speaker or name, role or _role(subject)
                        cue, cue_token = cue or token.text, cue_token if cue_token is not None else token.i
                        break
        # French "selon X" / "d'après X": the preposition is a case marker on the source itself
        for token in sent:
            if token.lower_ in _SELON and token.dep_ == "case" and token.head.i != trigger.i:
                source = token.head
                if source.head.i == trigger.i or source.head in path or source.head.dep_ == "ROOT":
                    links.append([self.name(source)])
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
        names = [self.name(source)]
        for child in source.children:
            # "Pentagon sources cited by the Wall Street Journal" → WSJ is outside
            if child.dep_ in ("acl", "relcl") and child.lower_ in _CITED_BY:
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for outer in (c for c in agent.children if c.dep_ == "pobj"):
                        names.insert(0, _span_text(outer))
        return names
