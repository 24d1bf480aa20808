"""The ACLED/CASE typing decision over a clause: what was done, with what, to whom, with what outcome.

A trigger word alone says "attack"; ACLED's sub-event type depends on the means (a drone, a
suicide vest), the target's status (armed forces or civilians), the outcome (a town taken, and by
whom), how a protest was met and whether a crowd turned violent.  We gather that evidence from
the typing cues (``data/events/typing.tsv``, ``typing.fr.tsv``), the rule triggers and the actor
words of the clause's arguments (``actors.tsv``, coded with ACLED's interaction codes), then let
the precedence order (``precedence.tsv``) say which evidence wins.  All words are data.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from garrison.events import lexicon, prospective
from garrison.events.attribution import lower_forms
from garrison.model import Stance

CLAIM = "@claim"
BACKGROUND = "background"  # kind of the words that open a motive phrase
CIVILIANS = 7  # ACLED interaction code
TERRITORY = "@territory"
# kinds of cue that only count where the clause is about a protest (how it was met, what the crowd did)
PROTEST_BOUND = frozenset({"handling", "crowd"})
# the sentence that holds the main trigger weighs most; a short text's opening sentence next
MAIN_WEIGHT, FIRST_WEIGHT, OTHER_WEIGHT = 1.0, 0.7, 0.35
RULE_WEIGHT, MAIN_RULE_BONUS = 1.5, 1.0
# a precedence winner takes the loser's evidence when it qualifies the main clause (a means, a handling,
# a target) or, otherwise, when its own evidence is not a passing mention beside the loser's
ABSORB_SHARE = 0.4
CLAIMED_DEFAULT = ("ASSAULT", "attack")
MOTIVE_WEIGHT = 0.3  # what a motive phrase mentions ("demanding the release of …") is not what happened
MODIFIERS = frozenset({"means", "handling", "crowd", "target", "label"})


@dataclass(frozen=True)
class Cue:
    phrase: str
    type: str
    mode: str
    kind: str
    weight: float


@dataclass(frozen=True)
class Evidence:
    type: str
    mode: str
    kind: str
    weight: float
    text: str
    token: int
    main: bool = False  # in the sentence of the main trigger


@dataclass
class Decision:
    type: str | None
    mode: str | None
    confidence: float = 0.0
    stance: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    scores: dict[tuple[str, str], float] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# data


TYPING_FILES = {"en": ("typing.tsv", lexicon.surface_forms), "fr": ("typing.fr.tsv", lexicon.french_surface_forms)}
ACTOR_FILES = {"en": "actors.tsv", "fr": "actors.fr.tsv"}


def _language(language: str | None) -> str:
    return language if language in TYPING_FILES else "en"


@functools.cache
def cues(language: str = "en") -> dict[tuple[str, ...], list[Cue]]:
    """Surface form (as a tuple of lower-case words) → typing cues it realises."""
    filename, inflect = TYPING_FILES[_language(language)]
    table: dict[tuple[str, ...], list[Cue]] = {}
    for row in lexicon._rows(lexicon.DATA / filename):
        cue = Cue(row["cue"], row["type"], row["mode"], row["kind"], float(row["weight"]))
        if row["pos"] in ("V", "N"):
            forms = inflect(row["cue"], row["pos"], row["forms"] or "")
        else:
            forms = {row["cue"].lower(), *(f.strip().lower() for f in (row["forms"] or "").split(",") if f.strip())}
        for form in forms:
            key = tuple(form.replace("-", " - ").split()) if "-" in form else tuple(form.split())
            entries = table.setdefault(key, [])
            if cue not in entries:
                entries.append(cue)
    return table


@functools.cache
def _first_words(language: str) -> frozenset[str]:
    return frozenset(key[0] for key in cues(language))


@functools.cache
def _longest(language: str) -> int:
    return max(len(key) for key in cues(language))


@functools.cache
def actor_codes(language: str = "en") -> dict[tuple[str, ...], int]:
    """Actor word(s) → ACLED interaction code."""
    path = lexicon.DATA / ACTOR_FILES.get(_language(language), "actors.tsv")
    if not path.exists():
        path = lexicon.DATA / "actors.tsv"
    return {tuple(row["word"].lower().split()): int(row["code"]) for row in lexicon._rows(path)}


# the acts ACLED codes from a note's own sentence: a violent act or a crowd's action reported with a
# casualty count, a party noun or a place is a concrete event even when the parse gives it no argument
REPORTED_ACT_TYPES = frozenset({"ASSAULT", "FIGHT", "PROTEST", "COERCE"})
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def names_party(text: str) -> bool:
    """Whether ``text`` names an actor or victim of an ACLED interaction kind ("officer", "residents",
    "villagers", "gendarmes"), in English or French."""
    lowers = [w.lower() for w in _WORD.findall(text)]
    tables = (actor_codes("en"), actor_codes("fr"))
    return any(tuple(lowers[i: i + size]) in table for table in tables for i in range(len(lowers))
               for size in (1, 2, 3))


@functools.cache
def armed_codes() -> frozenset[int]:
    return frozenset(int(code) for code, row in lexicon.interactions().items() if row["armed"] == "yes")


@functools.cache
def state_codes() -> frozenset[int]:
    """Codes whose taking of a place ACLED reads as the government regaining it (state and allied forces)."""
    return frozenset(int(code) for code, row in lexicon.interactions().items() if row["state"] == "yes")


@functools.cache
def precedence() -> tuple[tuple[tuple[str, str], tuple[str, str]], ...]:
    rules = []
    for row in lexicon._rows(lexicon.DATA / "precedence.tsv"):
        winner = tuple(row["winner"].split("/", 1))
        loser = tuple(row["loser"].split("/", 1))
        rules.append((winner, loser))
    return tuple(rules)


@functools.cache
def _rank() -> dict[tuple[str, str], int]:
    """Earlier in the precedence file = stronger on a tie."""
    order: dict[tuple[str, str], int] = {}
    for winner, loser in precedence():
        order.setdefault(winner, len(order))
        order.setdefault(loser, len(order))
    return order


# ---------------------------------------------------------------------------
# reading a clause


def _match(doc, language: str) -> Iterable[tuple[int, int, Cue]]:
    """(start, end, cue) for every cue in the text (a Doc or a Span; document token indices), longest
    match first at each position."""
    offset = getattr(doc, "start", 0)
    table = cues(language)
    firsts = _first_words(language)
    longest = _longest(language)
    lowers = lower_forms(doc)
    i, n = 0, len(lowers)
    while i < n:
        if lowers[i] not in firsts:
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            entries = table.get(tuple(lowers[i: i + size]))
            if entries:
                for cue in entries:
                    yield offset + i, offset + i + size, cue
                i += size
                break
        else:
            i += 1


def _codes_in(tokens, language: str) -> list[int]:
    """ACLED interaction codes of the actor words among ``tokens`` (in order)."""
    table = actor_codes(language)
    lowers = [t.lower_ for t in tokens]
    found = []
    for i in range(len(lowers)):
        for size in (3, 2, 1):
            code = table.get(tuple(lowers[i: i + size]))
            if code is not None:
                found.append(code)
                break
    return found


def _targets(head) -> list:
    """What an act is done to: its object, passive subject or on/against/at phrase."""
    out = []
    for child in head.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass") or (
                child.dep_ in ("prep", "nmod", "obl") and child.lower_ in ("on", "against", "at", "of")):
            out.extend(child.subtree)
        elif child.dep_ == "prep" and child.lower_ in ("with", "between"):
            out.extend(child.subtree)
    if head.dep_ in ("compound", "amod") and head.head is not head:
        out.extend(t for t in head.head.subtree if t.i != head.i)
    return out


def _doers(head) -> list:
    """Who does an act: its subject, or the agent of a passive ("was captured by rebels")."""
    out = []
    for child in head.children:
        if child.dep_ in ("nsubj", "csubj"):
            out.extend(child.subtree)
        elif child.dep_ == "agent" or (child.dep_ in ("prep", "obl") and child.lower_ == "by"):
            out.extend(child.subtree)
    if not out and head.dep_ in ("xcomp", "conj", "advcl") and head.head is not head:
        return _doers(head.head)
    return out


def _backgrounded(token, background: set[int]) -> bool:
    """The token sits in a motive (what a protest demands, commemorates, opposes) or a relative clause."""
    node = token
    for _ in range(8):
        if node.i in background and node is not token:
            return True
        if node.dep_ in ("relcl", "acl:relcl") and node is not token:
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def _sentence_weight(token, main_sent, first_sent) -> float:
    sent = token.sent
    if sent.start == main_sent.start:
        return MAIN_WEIGHT
    if first_sent is not None and sent.start == first_sent.start:
        return FIRST_WEIGHT
    return OTHER_WEIGHT


def evidence(doc, hits: Sequence = (), main_hit=None, within=None) -> list[Evidence]:
    """Every piece of typing evidence in the text (or only ``within`` a span), weighted by where it sits."""
    language = lexicon.trigger_language(doc.lang_)
    sents = [within] if within is not None else list(doc.sents)
    if not sents:
        return []
    main_sent = doc[main_hit.head].sent if main_hit is not None else sents[0]
    first_sent = sents[0]
    found: list[Evidence] = []
    for hit in hits:
        weight = RULE_WEIGHT + (MAIN_RULE_BONUS if hit is main_hit else 0.0)
        factor = _sentence_weight(doc[hit.head], main_sent, first_sent)
        found.append(Evidence(hit.type, hit.mode, "rule", weight * factor, hit.text, hit.head, factor == MAIN_WEIGHT))
    armed = armed_codes()
    matches = list(_match(within if within is not None else doc, language))
    background = {i for start, end, cue in matches if cue.kind == BACKGROUND for i in range(start, end)}
    for start, end, cue in matches:
        if cue.kind == BACKGROUND:
            continue
        span = doc[start:end]
        head = span.root
        motive = _backgrounded(head, background)
        if cue.kind in PROTEST_BOUND and motive:
            continue
        factor = _sentence_weight(head, main_sent, first_sent)
        weight = cue.weight * factor * (MOTIVE_WEIGHT if motive else 1.0)
        type_name, mode = cue.type, cue.mode
        if type_name == "FIGHT" and mode == TERRITORY:
            if prospective.has_site_subject(head):
                continue  # "the port of X to take over from that of Y": one site succeeding another
            codes = _codes_in(_doers(head), language) or _codes_in(doc[head.sent.start: head.i], language)
            if not codes:
                mode = "armed clash"
                weight *= 0.5
            elif codes[0] in state_codes():
                mode = "government regains territory"
            elif codes[0] in armed:
                mode = "non-state actor overtakes territory"
            else:
                continue
        found.append(Evidence(type_name, mode, cue.kind, weight, span.text, head.i, factor == MAIN_WEIGHT))
        if type_name == "ASSAULT" and mode == "attack" and cue.kind == "trigger":
            # an attack on armed forces or between armed groups is a battle (ACLED target status)
            targets = _codes_in(_targets(head), language)
            in_sentence = set(_codes_in(head.sent, language))
            # both sides armed: the target is, or the sentence names a state force and a non-state armed group
            two_sides = CIVILIANS not in in_sentence and bool(in_sentence & state_codes()) and bool(
                in_sentence & (armed - state_codes()))
            if (targets and targets[0] in armed and CIVILIANS not in targets) or (not targets and two_sides):
                found.append(Evidence("FIGHT", "armed clash", "target", weight * 1.5, span.text, head.i,
                                      factor == MAIN_WEIGHT))
    return found


def decide(doc, hits: Sequence = (), main_hit=None, stance: str | None = None, within=None) -> Decision:
    """Type and sub-type of the text's main event from all its evidence and the precedence order."""
    found = evidence(doc, hits, main_hit, within)
    protest = any(e.type == "PROTEST" and e.kind in ("trigger", "rule") for e in found)
    violent = any(e.type in ("ASSAULT", "FIGHT") and e.kind in ("trigger", "rule", "target", "outcome")
                  for e in found)
    claimed = stance == Stance.CLAIMED.value
    scores: dict[tuple[str, str], float] = {}
    qualifying: set[tuple[str, str]] = set()
    for item in found:
        if item.type == CLAIM:
            claimed = True
            continue
        if item.kind in PROTEST_BOUND and not protest:
            continue
        weight = item.weight if item.kind != "means" or violent else item.weight * 0.5
        key = (item.type, item.mode)
        scores[key] = scores.get(key, 0.0) + weight
        if item.kind in MODIFIERS and item.main:
            qualifying.add(key)
    scores = {k: v for k, v in scores.items() if k[0] in lexicon.ontology().types}
    for winner, loser in precedence():
        if scores.get(loser, 0.0) > 0 and scores.get(winner, 0.0) > 0 and (
                winner in qualifying or scores[winner] >= ABSORB_SHARE * scores[loser]):
            scores[winner] += scores.pop(loser)
    if not scores and claimed:
        # a claim of responsibility with nothing else named: ACLED notes claims of violent acts
        scores[CLAIMED_DEFAULT] = 0.5
    if not scores:
        return Decision(None, None, 0.0, stance, found, scores)
    rank = _rank()
    best = max(scores, key=lambda k: (scores[k], -rank.get(k, len(rank))))
    total = sum(scores.values())
    return Decision(best[0], best[1], round(scores[best] / total, 4),
                    Stance.CLAIMED.value if claimed else stance, found, scores)
