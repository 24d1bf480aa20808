"""Sentence → event type: the rule reading (out of the box) and an optional trained model.

The rule reading takes the main event of a short text: of the triggers found, the one
highest in the dependency tree.  The trained model (``garrison train events``) is a
TF-IDF (word and character n-grams) + linear classifier over the text plus the rule
reading as one extra token, so training adds to the rules instead of replacing them.  Where the
user's export gives the actors' interaction codes, a second model reads them too (``actor_fields``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from garrison import config, nlp, words
from garrison.events import actor_fields, codebook, extract, lexicon
from garrison.events import triggers as trigger_mod
from garrison.events.syntax import trigger_head
from garrison.model import Analysis, Document

MODEL_FORMAT = 2  # 2: rule reading tokens, probabilities, a backoff threshold
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
    # the codebook decision's runners-up, strongest first: features for a trained model
    candidates: tuple[tuple[str, str], ...] = ()
    # what the clause says beyond the type, for a trained model: the ACLED interaction codes of the actor
    # words (of the text, the main act's doer and target), a casualty count, each piece of typing evidence
    clues: tuple[str, ...] = ()


def main_event(doc) -> Reading:
    """The event a short text is mainly about, by the rules; ``Reading(None, None)`` when none is found.

    The main trigger (the text's first verb trigger, else its first trigger) and the PLOVER readings of its governors (refused,
    intended, demanded) give the rule reading; the codebook decision over the whole clause (means,
    target status, outcome, protest handling) then sets the ACLED/CASE type and sub-type."""
    mentions = extract._mentions(Analysis(Document(text=doc.text)), doc)
    hits = extract._drop_nested(trigger_mod.find(doc, extract._blocked(doc, mentions)), doc)
    # the first verb trigger: the ranking has been by verb and position all along (a comparison of spaCy tokens
    # by identity made every "depth" the same); ranking by depth in the parse first measured worse (stop 22:
    # Sudan weighted F1 0.8886 -> 0.8297, CASE 0.745 -> 0.739)
    best = min(hits, key=lambda h: (doc[h.head].pos_ != "VERB", h.start), default=None)
    stance = _stance(doc[best.head]) if best is not None else None
    reading = _rule_reading(doc, hits, best)
    decision = codebook.decide(doc, hits, best, stance)
    predicate = _plover_refined(doc, _deployed_for(doc, hits, best, reading))
    clues = _clues(doc, best, decision)
    if decision.type is None:
        return Reading(reading.type, reading.mode, reading.trigger, 0.0 if reading.type is None else 0.5, RULES,
                       decision.stance, predicate, (), clues)
    ranked = tuple(sorted(decision.scores, key=lambda k: -decision.scores[k])[1:CANDIDATES])
    return Reading(decision.type, decision.mode, reading.trigger, decision.confidence, RULES, decision.stance,
                   predicate, ranked, clues)


def _clues(doc, best, decision: codebook.Decision) -> tuple[str, ...]:
    language = lexicon.trigger_language(doc.lang_)
    out = [f"code{c}" for c in sorted(set(codebook._codes_in(doc, language)))]
    if best is not None:
        head = doc[best.head]
        out += [f"doer{c}" for c in codebook._codes_in(codebook._doers(head), language)[:1]]
        out += [f"target{c}" for c in codebook._codes_in(codebook._targets(head), language)[:1]]
    if extract._fatalities(doc.text) is not None:
        out.append("casualties")
    out += [f"{e.kind}_{e.type}_{e.mode}" for e in decision.evidence]
    return tuple(out)


CANDIDATES = 3
# PLOVER has no code for moving forces as such: a deployment is coded by what it is sent to do
_CODED_BY_PURPOSE = frozenset({"DEPLOY"})


def _deployed_for(doc, hits, best, reading: Reading) -> Reading:
    """"sent fighter jets *to destroy* the reactor": the purpose's act is the PLOVER predicate of a deployment."""
    if best is None or reading.type not in _CODED_BY_PURPOSE:
        return reading
    head = doc[best.head]
    for hit in hits:
        token = doc[hit.head]
        if hit is best or hit.type in _CODED_BY_PURPOSE or token.dep_ not in ("xcomp", "advcl"):
            continue
        if (token.head.i == head.i or token.head.head.i == head.i) and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            return Reading(hit.type, hit.mode, hit.text)
    return reading


def _plover_refined(doc, reading: Reading) -> tuple[str, str] | None:
    if reading.type is None:
        return None
    refinements = lexicon.plover_refinements()
    # the trigger's own words first ("imposed *blockades*" is a blockade), then the rest of the text
    own = reading.trigger.lower().split() if reading.trigger else []
    for word in [*own, *(token.lower_ for token in doc)]:
        for types, type_name, mode in refinements.get(word, ()):
            if reading.type in types:
                return type_name, mode
    return reading.type, reading.mode




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
    if (best.type in _COOPERATIVE and _refused(head)) or (
            best.type == "REQUEST" and _governed_by(head, words.words("events", "refusal_heads"))):
        # PLOVER codes a refused or failed agreement, meeting or aid, and a rejected appeal, as REJECT
        return Reading("REJECT", "refuse", best.text)
    intent = _intended(head)
    if intent and best.type in _COOPERATIVE - {"AGREE", "SUPPORT"}:
        # ... a promised or offered one as AGREE (intent to cooperate); pledged support is support
        return Reading("AGREE", "agreement", best.text)
    if best.type in _OFFERABLE and _governed_by(head, words.words("events", "offer_heads")):
        # ... and so is an offer to send forces or goods ("offered to send troops to help …")
        return Reading("AGREE", "agreement", best.text)
    if intent and best.type in _COERCIVE:
        # ... and an announced use of force or sanctions as THREATEN
        return Reading("THREATEN", "threaten", best.text)
    return Reading(best.type, best.mode, best.text)


_COERCIVE = frozenset({"ASSAULT", "FIGHT", "SANCTION", "COERCE"})
_OFFERABLE = frozenset({"DEPLOY", "TRANSFER"})


def _intended(token) -> bool:
    """Announced, promised or offered rather than done: future modality or an offer/promise governs it."""
    from garrison.events import stance

    reading = stance.read(token)
    if reading.time == stance.FUTURE and reading.polarity == stance.POS:
        return True
    return _governed_by(token, words.words("events", "offer_heads"))


def _governed_by(token, heads: frozenset[str], steps: int = 3) -> bool:
    """Whether one of ``heads`` heads the token within ``steps`` steps up the parse."""
    node = token
    for _ in range(steps):
        if node.head is node:
            return False
        node = node.head
        if node.lower_ in heads:
            return True
    return False


_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})


def _refused(token) -> bool:
    from garrison.events import stance

    return stance.read(token).polarity == stance.NEG or _governed_by(token, words.words("events", "refusal_heads"))




def _reported_obligation(doc) -> str | None:
    for token in doc:
        if token.dep_ == "aux" and token.lower_ in words.words("events", "obligation_modals"):
            clause = token.head
            if clause.dep_ == "ccomp" and lexicon.is_cue("report", clause.head.lower_):
                speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
                subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                own = words.words("events", "first_person_subjects") | ({speaker.lower_} if speaker is not None else set())
                if subject is not None and subject.lower_ not in own:
                    return f"{token.text} {clause.text}"
    return None


def project(reading: Reading, labels: str, gold_space: set[str] | None = None) -> str:
    """A reading in a scoring vocabulary; ``NONE`` when no event was read."""
    if reading.type is None:
        return NO_EVENT
    if labels in ("plover", "plover-root") and reading.predicate is None and reading.trigger is None:
        # the codebook read a type from its cues alone (a means, a target): PLOVER codes the predicate
        # between a source and a target, and there is no predicate word to code
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


def _token(label: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in label.lower())


def with_rule_token(text: str, reading: Reading, label_set: str | None = None) -> str:
    """The text with the rule reading in front as tokens the model learns from (type, mode, projected label)."""
    tokens = [f"__rule_{(reading.type or 'none').lower()}__"]
    if reading.mode:
        tokens.append("__mode_" + _token(reading.mode) + "__")
    tokens += ["__clue_" + _token(clue) + "__" for clue in reading.clues]
    if label_set and reading.type is not None:
        label = project(reading, label_set)
        tokens.append("__label_" + _token(label) + "__")
        for rank, (type_name, mode) in enumerate(reading.candidates, 2):
            other = lexicon.ontology().project(type_name, mode, label_set)
            tokens.append(f"__cand{rank}_" + _token(other) + "__")
    return " ".join(tokens) + " " + text


# ---------------------------------------------------------------------------
# the trainable model: the rule reading as features, and a backoff to the rules where it is not sure

# candidate confidence thresholds below which the rules' label stands (chosen by cross-validation)
THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
CV_FOLDS = 3
# regularisation strengths tried by cross-validation on the user's rows (the best is kept)
STRENGTHS = (5.0, 20.0)


def build_pipeline(seed: int = 0, strength: float = 20.0):
    """TF-IDF words and characters, then the mean of two linear models' probabilities.

    Logistic regression (log loss) and a modified-Huber linear model (a hinge-like loss, as a linear SVM
    fits, that still gives probabilities) err on different rows of a few hundred; averaging them was
    steadier over repeated held-out splits than either alone (docs/benchmarks/events.md, third round)."""
    from sklearn.ensemble import VotingClassifier
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, lowercase=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
    ])
    models = VotingClassifier([
        ("log_loss", LogisticRegression(C=strength, class_weight="balanced", max_iter=3000, random_state=seed)),
        ("huber", SGDClassifier(loss="modified_huber", alpha=HUBER_ALPHA, class_weight="balanced",
                                random_state=seed)),
    ], voting="soft")
    return Pipeline([("features", features), ("classify", models)])


HUBER_ALPHA = 1e-4


def heldout_split(rows: int, fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Row indices kept aside and trained on: a seeded shuffle, the first ``fraction`` held out."""
    import random

    order = list(range(rows))
    random.Random(seed).shuffle(order)
    cut = int(rows * fraction)
    return sorted(order[:cut]), sorted(order[cut:])


def _rule_labels(readings: Sequence[Reading], label_set: str, space: set[str] | None = None) -> list[str]:
    return [project(r, label_set, space) for r in readings]


def _unreliable_rule_labels(labels: Sequence[str], rule_labels: Sequence[str]) -> list[str]:
    """Labels the rules read on the user's own rows that those rows never carry: wrong every time there.

    A pre-2019 ACLED export may hold no "Battle-Non-state actor overtakes territory" at all while the
    rules read it for a town retaken by the army; measured on the user's rows the rules' precision for
    such a label is nil, so the model decides those rows.  A label the rules never read on the training
    rows and the model never saw stays the rules' (nothing was measured against it)."""
    seen = set(labels)
    return sorted({r for r in rule_labels if r not in seen and r != NO_EVENT})


def _threshold(labels: Sequence[str], rule_labels: Sequence[str], cv_labels: Sequence[str],
               cv_confidence: Sequence[float]) -> tuple[float, dict[str, float]]:
    """The confidence below which the rules' label is kept, best on held-out folds of the user's data.

    Rows where the rules read a label the user's rows never carry go to the model at any confidence,
    as :func:`predict_detailed` does with them."""
    unreliable = set(_unreliable_rule_labels(labels, rule_labels))

    def accuracy(threshold: float) -> float:
        right = sum(1 for g, r, m, c in zip(labels, rule_labels, cv_labels, cv_confidence)
                    if (m if c >= threshold or r in unreliable else r) == g)
        return right / len(labels)

    scores = {t: accuracy(t) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (round(scores[t], 6), t))  # on a tie, lean on the rules
    return best, {str(t): round(v, 4) for t, v in scores.items()}


def train(texts: Sequence[str], labels: Sequence[str], label_set: str, label_field: str,
          source: str | None = None, seed: int = 0,
          readings: Sequence[Reading] | None = None,
          fields: Sequence[actor_fields.Codes | None] | None = None) -> dict[str, Any]:
    """Fit the model; returns the bundle that :func:`save` writes.

    The confidence threshold for backing off to the rules is chosen on cross-validated predictions,
    so a model that cannot beat the rules on the user's own data leaves them alone.  ``readings``
    (the rules' readings of ``texts``, in order) spares parsing the texts again.

    ``fields`` are the actor interaction codes the user's export gives each row (``actor_fields``).
    When most rows have them, a second model is fitted that reads them beside the text (its own
    strength and back-off threshold, by the same cross-validation); the text-only model is kept for
    texts that come without them (news reports in the pipeline, another file), so reading the codes
    never changes what a text alone is given."""
    from threadpoolctl import threadpool_limits

    if len(set(labels)) < 2:
        raise ValueError("training needs at least two distinct labels")
    readings = list(readings) if readings is not None else rule_readings(texts)
    if len(readings) != len(texts):
        raise ValueError(f"{len(readings)} rule readings for {len(texts)} texts")
    fields = list(fields) if fields is not None else [None] * len(texts)
    if len(fields) != len(texts):
        raise ValueError(f"{len(fields)} rows of actor fields for {len(texts)} texts")
    inputs = [with_rule_token(t, r, label_set) for t, r in zip(texts, readings)]
    rule_labels = _rule_labels(readings, label_set, set(labels))
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    folds = min(CV_FOLDS, min(counts.values()))
    with_fields = sum(1 for f in fields if f is not None)
    # one thread: the matrices of a few hundred rows are small, and BLAS/OpenMP threads only contend (on
    # the shared 2-core machine one logistic-regression fit took 20 s with them, 3 s without)
    with threadpool_limits(limits=1):
        text_model = _fit(inputs, list(labels), rule_labels, seed, folds)
        fields_model = None
        if with_fields * 2 >= len(texts):
            fields_model = _fit([with_field_tokens(i, f) for i, f in zip(inputs, fields)], list(labels),
                                rule_labels, seed, folds)
    return {
        "format": MODEL_FORMAT,
        **text_model,
        # read by predict_detailed for rows that carry their export's actor codes; None: text only
        "with_fields": fields_model,
        "fields_rows": with_fields,
        "label_set": label_set,
        "label_field": label_field,
        "classes": sorted(set(labels)),
        # read by predict_detailed; a bundle written before it has none (the rules keep every unseen label)
        "unreliable_rule_labels": _unreliable_rule_labels(labels, rule_labels),
        "rows": len(inputs),
        "trained_on": source,
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def with_field_tokens(model_input: str, codes: actor_fields.Codes | None) -> str:
    """A model input with the row's actor interaction codes in front (unchanged when it has none)."""
    extra = actor_fields.tokens(codes)
    return " ".join(extra) + " " + model_input if extra else model_input


def _fit(inputs: list[str], labels: list[str], rule_labels: list[str], seed: int, folds: int) -> dict[str, Any]:
    """One fitted pipeline with the strength and back-off threshold its cross-validation chose."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    threshold, curve, strength, best_accuracy = 0.5, {}, 20.0, -1.0
    if folds >= 2:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        classes = sorted(set(labels))
        for candidate in STRENGTHS:
            probabilities = cross_val_predict(build_pipeline(seed, candidate), inputs, list(labels), cv=splitter,
                                              method="predict_proba")
            cv_labels = [classes[row.argmax()] for row in probabilities]
            cut, scores = _threshold(labels, rule_labels, cv_labels, [float(row.max()) for row in probabilities])
            if scores[str(cut)] > best_accuracy:
                threshold, curve, strength, best_accuracy = cut, scores, candidate, scores[str(cut)]
    pipeline = build_pipeline(seed, strength)
    pipeline.fit(inputs, labels)
    return {"pipeline": pipeline, "threshold": threshold, "threshold_curve": curve, "strength": strength}


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    decided_by: str  # "model" or "rules"


def predict_detailed(bundle: dict[str, Any], texts: Sequence[str], readings: Sequence[Reading] | None = None,
                     label_space: set[str] | None = None, labels: str | None = None,
                     fields: Sequence[actor_fields.Codes | None] | None = None) -> list[Prediction]:
    """Label, confidence and who decided, per text.

    The rules decide where the model is less sure than its threshold, where the rules read a label
    the model never saw (unless the rules read it on the training rows too, always wrongly there:
    ``unreliable_rule_labels``), and everywhere when the caller scores in another label set than the
    model was trained in (a model of one vocabulary has nothing to say in another).  A text given with
    its export's actor codes (``fields``) is read by the model trained with them, when the bundle has
    one; any other text by the text-only model."""
    readings = list(readings) if readings is not None else rule_readings(texts)
    label_set = bundle["label_set"]
    target = labels or label_set
    space = label_space if label_space is not None else (set(bundle["classes"]) if target == label_set else None)
    rule_labels = _rule_labels(readings, target, space)
    if target != label_set:
        return [Prediction(r, reading.confidence, RULES) for r, reading in zip(rule_labels, readings)]
    fields = list(fields) if fields is not None else [None] * len(texts)
    if len(fields) != len(texts):
        raise ValueError(f"{len(fields)} rows of actor fields for {len(texts)} texts")
    fields_model = bundle.get("with_fields")
    inputs = [with_rule_token(t, r, label_set) for t, r in zip(texts, readings)]
    by_fields = [fields_model is not None and f is not None for f in fields]
    decided: dict[int, tuple[str, float, float]] = {}
    for model, chosen in ((bundle, [i for i, b in enumerate(by_fields) if not b]),
                          (fields_model, [i for i, b in enumerate(by_fields) if b])):
        if not chosen:
            continue
        rows = [with_field_tokens(inputs[i], fields[i]) if model is fields_model else inputs[i] for i in chosen]
        probabilities = model["pipeline"].predict_proba(rows)
        classes = list(model["pipeline"].classes_)
        for i, row in zip(chosen, probabilities):
            best = int(row.argmax())
            decided[i] = (classes[best], float(row[best]), float(model.get("threshold", 0.0)))
    known = set(bundle["classes"])
    unreliable = set(bundle.get("unreliable_rule_labels", ()))
    out = []
    for i, (rule_label, reading) in enumerate(zip(rule_labels, readings)):
        label, confidence, threshold = decided[i]
        rules_usable = reading.type is not None and rule_label != NO_EVENT and rule_label not in unreliable
        if rules_usable and (rule_label not in known or confidence < threshold):
            out.append(Prediction(rule_label, reading.confidence, RULES))
        else:
            out.append(Prediction(label, round(confidence, 4), MODEL))
    return out


def predict(bundle: dict[str, Any], texts: Sequence[str], readings: Sequence[Reading] | None = None,
            label_space: set[str] | None = None, labels: str | None = None,
            fields: Sequence[actor_fields.Codes | None] | None = None) -> list[str]:
    return [p.label for p in predict_detailed(bundle, texts, readings, label_space, labels, fields)]


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



def type_events(batch: Sequence[Analysis]) -> None:
    """The codebook decision over each event's own sentence: its ACLED/CASE reading and confidence.

    Within the event's own type the decision refines the mode (an attack by a drone is an air/drone
    strike); a reading of another type is kept beside the event (``codebook_type``) rather than
    replacing what its trigger said, and military-presence events keep theirs.  Every event records
    its type confidence and that the rules decided it."""
    for analysis in batch:
        doc = analysis.nlp_doc
        for event in analysis.events:
            event.attributes.setdefault("typed_by", RULES)
            head = trigger_head(doc, event)
            if head is None or event.type in MILITARY_TYPES:
                event.attributes.setdefault("type_confidence", 1.0)
                continue
            stance = event.claims[0].stance.value if event.claims else None
            main = trigger_mod.TriggerHit(head.i, head.i + 1, head.i, event.type, event.mode, head.text)
            decision = codebook.decide(doc, [main], main, stance, within=head.sent)
            event.attributes["type_confidence"] = decision.confidence if decision.type else 0.5
            if decision.type is None:
                continue
            if decision.type == event.type:
                event.mode = decision.mode
            elif (decision.type, decision.mode) != (event.type, event.mode):
                event.attributes["codebook_type"] = [decision.type, decision.mode]


def retype(batch: Sequence[Analysis], bundle: dict[str, Any]) -> None:
    """Let the model re-type generic events whose sentence it reads differently (where it is sure enough)."""
    pending = [(event, event.claims[0].evidence[0].text) for a in batch for event in a.events
               if event.type not in MILITARY_TYPES and event.claims and event.claims[0].evidence]
    if not pending:
        return
    predictions = predict_detailed(bundle, [text for _, text in pending])
    onto = lexicon.ontology()
    for (event, _), prediction in zip(pending, predictions):
        event.attributes["model_label"] = prediction.label
        if prediction.decided_by != MODEL:
            continue
        event.attributes["typed_by"] = MODEL
        event.attributes["type_confidence"] = prediction.confidence
        if onto.project(event.type, event.mode, bundle["label_set"]) == prediction.label:
            continue
        mapped = to_garrison_type(prediction.label, bundle["label_set"])
        if mapped is not None:
            event.attributes["rule_type"] = event.type
            event.type, event.mode = mapped[0], mapped[1] or onto.types[mapped[0]].modes[0].name
