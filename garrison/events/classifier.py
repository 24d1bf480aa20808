"""Sentence → event type: the rule reading (out of the box) and an optional trained model.

The rule reading takes the main event of a short text: of the triggers found, the one
highest in the dependency tree.  The trained model (``garrison train events``) is a
TF-IDF (word and character n-grams) + linear classifier over the text plus the rule
reading as one extra token, so training adds to the rules instead of replacing them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from garrison import config, nlp
from garrison.events import codebook, extract
from garrison.events import lexicon
from garrison.events import triggers as trigger_mod
from garrison.model import Analysis, Document

MODEL_FORMAT = 1
MILITARY_TYPES = frozenset({"DEPLOY", "TRANSFER", "BASE_PRESENCE", "ORG_CHANGE", "CONSTRUCTION"})


RULES, MODEL = "rules", "model"


@dataclass(frozen=True)
class Reading:
    type: str | None
    mode: str | None
    trigger: str | None = None
    confidence: float = 1.0
    decided_by: str = RULES
    stance: str | None = None  # "claimed-responsibility" is scored as CASE ATTRIB
    # the main trigger's own reading: PLOVER codes the main predicate between source and target,
    # ACLED and CASE what physically happened, so PLOVER scoring reads this one
    predicate: tuple[str, str] | None = None


def main_event(doc) -> Reading:
    """The event a short text is mainly about, by the rules; ``Reading(None, None)`` when none is found.

    The main trigger (highest in the parse) and the PLOVER readings of its governors (refused,
    intended, demanded) give the rule reading; the codebook decision over the whole clause (means,
    target status, outcome, protest handling) then sets the ACLED/CASE type and sub-type."""
    mentions = extract._mentions(Analysis(Document(text=doc.text)), doc)
    hits = extract._drop_nested(trigger_mod.find(doc, extract._blocked(doc, mentions)), doc)
    best = min(hits, key=lambda h: (trigger_mod.depth(doc[h.head]), doc[h.head].pos_ != "VERB", h.start),
               default=None)
    stance = _stance(doc[best.head]) if best is not None else None
    reading = _rule_reading(doc, hits, best)
    decision = codebook.decide(doc, hits, best, stance)
    predicate = (reading.type, reading.mode) if reading.type is not None else None
    if reading.type in _VERBAL_READINGS and reading.type != (best.type if best else None):
        # a refusal, an offer or a reported demand is what the sentence does, whatever it mentions
        return Reading(reading.type, reading.mode, reading.trigger, 1.0, RULES, decision.stance, predicate)
    if decision.type is None:
        return Reading(reading.type, reading.mode, reading.trigger, 0.0 if reading.type is None else 0.5, RULES,
                       decision.stance, predicate)
    return Reading(decision.type, decision.mode, reading.trigger, decision.confidence, RULES, decision.stance,
                   predicate)


_VERBAL_READINGS = frozenset({"REQUEST", "REJECT", "AGREE", "THREATEN"})


def _stance(token) -> str | None:
    from garrison.events import stance

    return stance.read(token).stance.value


def _rule_reading(doc, hits, best) -> Reading:
    demand = _reported_obligation(doc)
    if demand is not None:
        # "X says Y must end the attacks": PLOVER codes a reported obligation put on another as REQUEST
        return Reading("REQUEST", "appeal", demand)
    if best is None:
        return Reading(None, None)
    head = doc[best.head]
    crowd = next((h for h in hits if h.type == "PROTEST" and doc[h.head].head.i == best.head
                  and doc[h.head].dep_ in ("nsubj", "nsubjpass")), None)
    if crowd is not None and best.type != "PROTEST":
        # "Protesters gathered to demand …", "Rioters set fire to …": ACLED codes what a crowd does as
        # a protest, and violence by it as a riot
        violent = best.type in ("ASSAULT", "FIGHT", "COERCE")
        return Reading("PROTEST", "violent demonstration" if violent else crowd.mode, crowd.text)
    if best.type in _COOPERATIVE and _refused(head):
        # PLOVER codes a refused or failed agreement, meeting or aid as REJECT
        return Reading("REJECT", "refuse", best.text)
    intent = _intended(head)
    if intent and best.type in _COOPERATIVE - {"AGREE"}:
        # ... a promised or offered one as AGREE (intent to cooperate)
        return Reading("AGREE", "agreement", best.text)
    if intent and best.type in _COERCIVE:
        # ... and an announced use of force or sanctions as THREATEN
        return Reading("THREATEN", "threaten", best.text)
    return Reading(best.type, best.mode, best.text)


_COERCIVE = frozenset({"ASSAULT", "FIGHT", "SANCTION", "COERCE"})
_OFFER_HEADS = frozenset({"offer", "offers", "offered", "offering", "promise", "promises", "promised", "pledge",
                          "pledges", "pledged", "ready", "willing", "prepared", "vow", "vows", "vowed"})


def _intended(token) -> bool:
    """Announced, promised or offered rather than done: future modality or an offer/promise governs it."""
    from garrison.events import stance

    reading = stance.read(token)
    if reading.time == stance.FUTURE and reading.polarity == stance.POS:
        return True
    return _governed_by(token, _OFFER_HEADS)


def _governed_by(token, words: frozenset[str], steps: int = 3) -> bool:
    """Whether one of ``words`` heads the token within ``steps`` steps up the parse."""
    node = token
    for _ in range(steps):
        if node.head is node:
            return False
        node = node.head
        if node.lower_ in words:
            return True
    return False


_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
_REFUSAL_HEADS = frozenset({"fail", "fails", "failed", "failing", "refuse", "refuses", "refused", "refusing",
                            "reject", "rejects", "rejected", "rejecting", "decline", "declined", "declines"})


def _refused(token) -> bool:
    from garrison.events import stance

    return stance.read(token).polarity == stance.NEG or _governed_by(token, _REFUSAL_HEADS)


_OBLIGATION = frozenset({"must", "should"})


def _reported_obligation(doc) -> str | None:
    for token in doc:
        if token.dep_ == "aux" and token.lower_ in _OBLIGATION:
            clause = token.head
            if clause.dep_ == "ccomp" and lexicon.is_cue("report", clause.head.lower_):
                speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
                subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is not None and (speaker is None or subject.lower_ not in ("we", "i", speaker.lower_)):
                    return f"{token.text} {clause.text}"
    return None


def project(reading: Reading, labels: str, gold_space: set[str] | None = None) -> str:
    """A reading in a scoring vocabulary; ``NONE`` when no event was read."""
    if reading.type is None:
        return NO_EVENT
    onto = lexicon.ontology()
    type_name, mode = reading.type, reading.mode
    if labels in ("plover", "plover-root") and reading.predicate is not None:
        type_name, mode = reading.predicate
    label = onto.project(type_name, mode, labels, reading.stance)
    if labels == "plover" and gold_space is not None and label not in gold_space:
        # PLOVER 0.5 FIGHT is folded into ASSAULT where the gold uses the root types
        label = onto.types[type_name].plover_root or NO_EVENT
    return label


NO_EVENT = "NONE"


def rule_readings(texts: Sequence[str]) -> list[Reading]:
    return [main_event(doc) for doc in nlp.pipe(texts)]


def with_rule_token(text: str, reading: Reading) -> str:
    return f"__rule_{(reading.type or 'none').lower()}__ {text}"


# ---------------------------------------------------------------------------
# the trainable model


def build_pipeline(seed: int = 0):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, lowercase=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
    ])
    return Pipeline([("features", features), ("classify", LinearSVC(C=0.5, class_weight="balanced",
                                                                      random_state=seed))])


def train(texts: Sequence[str], labels: Sequence[str], label_set: str, label_field: str,
          source: str | None = None) -> dict[str, Any]:
    """Fit the model; returns the bundle that :func:`save` writes."""
    if len(set(labels)) < 2:
        raise ValueError("training needs at least two distinct labels")
    readings = rule_readings(texts)
    pipeline = build_pipeline()
    pipeline.fit([with_rule_token(t, r) for t, r in zip(texts, readings)], list(labels))
    return {
        "format": MODEL_FORMAT,
        "pipeline": pipeline,
        "label_set": label_set,
        "label_field": label_field,
        "classes": sorted(set(labels)),
        "rows": len(texts),
        "trained_on": source,
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def predict(bundle: dict[str, Any], texts: Sequence[str], readings: Sequence[Reading] | None = None,
            label_space: set[str] | None = None) -> list[str]:
    """The model's labels; where the rules read a label the model never saw in training, the rules'.

    ``label_space``: the labels the caller scores in (a gold file's); PLOVER 0.5 FIGHT is read as its
    root ASSAULT when that space has no FIGHT."""
    readings = list(readings) if readings is not None else rule_readings(texts)
    labels = list(bundle["pipeline"].predict([with_rule_token(t, r) for t, r in zip(texts, readings)]))
    known = set(bundle["classes"])
    space = label_space if label_space is not None else known
    onto = lexicon.ontology()
    for i, reading in enumerate(readings):
        if reading.type is None or reading.type not in onto.types:
            continue
        rule_label = onto.project(reading.type, reading.mode, bundle["label_set"])
        if bundle["label_set"] == "plover" and rule_label not in space:
            rule_label = onto.project(reading.type, reading.mode, "plover-root")
        if rule_label not in known:
            labels[i] = rule_label
    return labels


def default_path(name: str) -> Path:
    return config.home() / "models" / f"events-{name}.joblib"


def save(bundle: dict[str, Any], path: Path) -> Path:
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(bundle, path)
    return path


@functools.cache
def load(path: str | Path) -> dict[str, Any]:
    import joblib

    try:
        bundle = joblib.load(Path(path))
    except Exception as exc:  # joblib/pickle raise many kinds on a file that is not theirs
        raise ValueError(f"{path}: not a readable model file ({type(exc).__name__})") from exc
    if not isinstance(bundle, dict) or bundle.get("format") != MODEL_FORMAT or "pipeline" not in bundle:
        raise ValueError(f"{path}: not a Garrison events model (format {MODEL_FORMAT})")
    return bundle


def to_garrison_type(label: str, label_set: str) -> tuple[str, str | None] | None:
    """The (type, mode) of ours a label of another vocabulary stands for (first match in the ontology)."""
    onto = lexicon.ontology()
    if label in onto.types:
        return label, None
    for name, event_type in onto.types.items():
        for mode in event_type.modes:
            if onto.project(name, mode.name, label_set) == label:
                return name, mode.name
    return None


def retype(batch: Sequence[Analysis], bundle: dict[str, Any]) -> None:
    """Let the model re-type generic events whose sentence it reads differently."""
    pending = [(event, event.claims[0].evidence[0].text) for a in batch for event in a.events
               if event.type not in MILITARY_TYPES and event.claims and event.claims[0].evidence]
    if not pending:
        return
    labels = predict(bundle, [text for _, text in pending])
    onto = lexicon.ontology()
    for (event, _), label in zip(pending, labels):
        event.attributes["model_label"] = label
        if onto.project(event.type, event.mode, bundle["label_set"]) == label:
            continue
        mapped = to_garrison_type(label, bundle["label_set"])
        if mapped is not None:
            event.attributes["rule_type"] = event.type
            event.type, event.mode = mapped[0], mapped[1] or onto.types[mapped[0]].modes[0].name
