"""Scoring against gold JSONL: event types (ACLED, CASE, PLOVER vocabularies) and stance/factuality.

Events gold: one short text per line whose main event is labelled (``event_type``,
``sub_event_type``); we read the text, take its main event and project our type into the
gold's vocabulary through the ontology.  Stance gold: MEANTIME-style factuality per event
mention (certainty, polarity, time) and attributions (cue → reported event → sources).
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from garrison import nlp
from garrison.eval.gold import GoldError, numbered_lines, parse_row
from garrison.geo import distance_km
from garrison.events import classifier, lexicon
from garrison.events import stance as stance_mod
from garrison.events.attribution import Attributor

LABEL_SETS = ("plover", "plover-root", "acled", "acled-sub", "case", "garrison")
NO_EVENT = "NONE"


def read_jsonl(path: Path, required: Sequence[str]) -> list[dict[str, Any]]:
    rows = []
    for where, line in numbered_lines(path):
        row = parse_row(line, where, required)
        for name in required:
            if row[name] == "":
                raise GoldError(f"{where}: missing field {name!r}")
        row["_line"] = int(where.rsplit(":", 1)[1])
        rows.append(row)
    if not rows:
        raise GoldError(f"{path}: no gold rows")
    return rows


def label_field_for(labels: str) -> str:
    return "sub_event_type" if labels in ("acled-sub", "case") else "event_type"


def default_label_set(rows: Sequence[dict[str, Any]]) -> str:
    ontology = str(rows[0].get("ontology") or "").lower()
    if "case" in ontology:
        return "case"
    if "acled" in ontology:
        return "acled"
    return "plover"


def gold_labels(rows: Sequence[dict[str, Any]], labels: str, path: Path) -> list[str]:
    onto = lexicon.ontology()
    field = label_field_for(labels)
    out = []
    for row in rows:
        value = row.get(field)
        if value in (None, ""):
            raise GoldError(f"{path}:{row['_line']}: missing field {field!r} (needed for --labels {labels})")
        out.append(onto.normalise_gold(str(value), labels))
    return out


# ---------------------------------------------------------------------------
# metrics


def classification_report(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro and support-weighted F1 over the gold labels, and P/R/F1 per label."""
    labels = sorted(set(gold))
    per_label = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "support": tp + fn}
    total = len(gold)
    accuracy = sum(1 for g, p in zip(gold, predicted) if g == p) / total if total else 0.0
    macro = sum(v["f1"] for v in per_label.values()) / len(per_label) if per_label else 0.0
    weighted = sum(v["f1"] * v["support"] for v in per_label.values()) / total if total else 0.0
    return {"n": total, "accuracy": round(accuracy, 4), "macro_f1": round(macro, 4),
            "weighted_f1": round(weighted, 4), "per_label": per_label}


# ---------------------------------------------------------------------------
# events


def available_stages() -> list[str]:
    """The earlier stages that exist in this installation (their order is the registry's)."""
    found = []
    for name in ("entities", "places", "dates"):
        try:
            module = importlib.import_module(f"garrison.{name}.stage")
        except ImportError:
            continue
        if hasattr(module, "run"):
            found.append(name)
    return found


def _project(reading: classifier.Reading, labels: str, gold_space: set[str]) -> str:
    if reading.type is None:
        return NO_EVENT
    onto = lexicon.ontology()
    label = onto.project(reading.type, reading.mode, labels)
    if labels == "plover" and label not in gold_space:
        # PLOVER 0.5 FIGHT is folded into ASSAULT where the gold uses the root types
        label = onto.types[reading.type].plover_root
    return label


def evaluate_events(path: Path, labels: str | None = None, model: str | Path | None = None,
                    limit: int | None = None) -> dict[str, Any]:
    rows = read_jsonl(path, ("text",))
    if limit:
        rows = rows[:limit]
    labels = labels or default_label_set(rows)
    if labels not in LABEL_SETS:
        raise ValueError(f"unknown label set {labels!r}; known: {', '.join(LABEL_SETS)}")
    gold = gold_labels(rows, labels, path)
    texts = [row["text"] for row in rows]
    docs = list(nlp.pipe(texts))
    readings = [classifier.main_event(doc) for doc in docs]
    if model:
        bundle = classifier.load(str(model))
        predicted = classifier.predict(bundle, texts, readings, label_space=set(gold))
        onto = lexicon.ontology()
        predicted = [onto.normalise_gold(p, labels) for p in predicted]
    else:
        predicted = [_project(r, labels, set(gold)) for r in readings]
    report = classification_report(gold, predicted)
    report.update({
        "gold": str(path), "labels": labels, "model": str(model) if model else None,
        "no_event": sum(1 for p in predicted if p == NO_EVENT),
        "confusions": [
            {"gold": g, "predicted": p, "count": c}
            for (g, p), c in Counter((g, p) for g, p in zip(gold, predicted) if g != p).most_common(10)
        ],
    })
    report.update(_where_and_when(rows, docs))
    return report


def _where_and_when(rows: list[dict[str, Any]], docs) -> dict[str, Any]:
    """Date exact match and location within 25/161 km, for gold rows that carry them."""
    with_location = [i for i, r in enumerate(rows) if isinstance(r.get("location"), dict)
                     and r["location"].get("lat") is not None and r["location"].get("lon") is not None]
    with_date = [i for i, r in enumerate(rows) if r.get("date")]
    out: dict[str, Any] = {"date": None, "location": None}
    if not with_location and not with_date:
        return out
    from garrison.events import stage as events_stage
    from garrison.model import Analysis, Document

    stages = available_stages()
    wanted = sorted(set(with_location) | set(with_date))
    batch = []
    for i in wanted:
        published = None
        if rows[i].get("date"):
            try:
                published = date.fromisoformat(str(rows[i]["date"])[:10])
            except ValueError:
                published = None
        analysis = Analysis(Document(text=rows[i]["text"], published=None))
        analysis.document.meta["gold_date"] = str(published) if published else None
        analysis.nlp_doc = docs[i]
        batch.append(analysis)
    for name in stages:
        batch = importlib.import_module(f"garrison.{name}.stage").run(batch)
    batch = events_stage.run(batch)
    by_row = dict(zip(wanted, batch))
    if with_date:
        exact = 0
        for i in with_date:
            analysis = by_row[i]
            main = _main(analysis)
            if main is not None and main.time is not None and not main.time_from_dct:
                exact += int(main.time.start.isoformat() == str(rows[i]["date"])[:10])
        out["date"] = {"n": len(with_date), "exact": round(exact / len(with_date), 4),
                       "dates_stage": "dates" in stages}
    if with_location:
        if "places" not in stages:
            out["location"] = {"n": len(with_location), "available": False,
                               "note": "the places stage is not installed: no coordinates to compare"}
        else:
            near25 = near161 = located = 0
            for i in with_location:
                main = _main(by_row[i])
                place = main.location if main is not None else None
                if place is None:
                    continue
                located += 1
                km = distance_km(place.lat, place.lon, float(rows[i]["location"]["lat"]),
                                  float(rows[i]["location"]["lon"]))
                near25 += km <= 25
                near161 += km <= 161
            n = len(with_location)
            out["location"] = {"n": n, "available": True, "located": located,
                               "within_25km": round(near25 / n, 4), "within_161km": round(near161 / n, 4)}
    return out


def _main(analysis):
    if not analysis.events:
        return None
    doc = analysis.nlp_doc
    from garrison.events import triggers as trigger_mod

    def rank(event):
        start = event.attributes.get("trigger_span", [0])[0]
        span = doc.char_span(start, event.attributes.get("trigger_span", [0, 0])[1], alignment_mode="expand")
        return (trigger_mod.depth(span.root) if span is not None else 99, start)

    return min(analysis.events, key=rank)


# ---------------------------------------------------------------------------
# stance


@dataclass
class _Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    def value(self) -> float | None:
        return round(self.right / self.total, 4) if self.total else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate_stance(path: Path, limit: int | None = None) -> dict[str, Any]:
    rows = read_jsonl(path, ("text", "events"))
    if limit:
        rows = rows[:limit]
    certainty, polarity, future, stance, collapsed = _Tally(), _Tally(), _Tally(), _Tally(), _Tally()
    attribution, attribution_any = _Tally(), _Tally()
    stance_counts: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    docs = nlp.pipe([row["text"] for row in rows])
    for row, doc in zip(rows, docs):
        events = {str(e.get("mid")): e for e in row["events"] if isinstance(e, dict)}
        attributed = {str(a.get("reported")): a for a in row.get("attributions") or [] if a.get("sources")}
        denied = {str(a.get("reported")) for a in row.get("attributions") or []
                  if lexicon.is_cue("deny", str(a.get("cue_text", "")).split(" ")[0])}
        attributor = Attributor()
        for event in row["events"]:
            gold_c, gold_p, gold_t = event.get("certainty"), event.get("polarity"), event.get("time")
            span = doc.char_span(event["start"], event["end"], alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            reading = stance_mod.read(head, attributed=False)
            if gold_c:
                certainty.add(reading.certainty == gold_c)
            if gold_p:
                polarity.add(reading.polarity == gold_p)
            if gold_t:
                future.add((reading.time == stance_mod.FUTURE) == (gold_t == "FUTURE"))
            mid = str(event.get("mid"))
            if gold_c and gold_p and gold_t:
                found = attributor.attribute(head)
                ours = stance_mod.read(head, attributed=bool(found.chain)).stance
                theirs = stance_mod.stance_from_factuality(gold_c, gold_p, gold_t, mid in attributed, mid in denied)
                stance.add(ours == theirs)
                collapsed.add(_collapse(ours) == _collapse(theirs))
                stance_counts[theirs.value] += 1
                if ours != theirs:
                    confusion[(theirs.value, ours.value)] += 1
        for attr in row.get("attributions") or []:
            reported = events.get(str(attr.get("reported")))
            sources = attr.get("sources") or []
            if reported is None or not sources:
                continue
            span = doc.char_span(reported["start"], reported["end"], alignment_mode="expand")
            if span is None:
                continue
            found = Attributor().attribute(span.root)
            gold_spans = [(s["start"], s["end"]) for s in sources]
            ours = _source_spans(doc, span.root, found)
            attribution.add(any(_overlap(o, g) for o in ours[-1:] for g in gold_spans))
            attribution_any.add(any(_overlap(o, g) for o in ours for g in gold_spans))
    return {
        "gold": str(path),
        "events": certainty.total,
        "certainty_accuracy": certainty.value(),
        "polarity_accuracy": polarity.value(),
        "future_accuracy": future.value(),
        "stance_accuracy": stance.value(),
        "stance_accuracy_reported_as_asserted": collapsed.value(),
        "stance_gold_distribution": dict(stance_counts),
        "stance_confusions": [{"gold": g, "predicted": p, "count": c} for (g, p), c in confusion.most_common(8)],
        "attributions": attribution.total,
        "attribution_accuracy": attribution.value(),
        "attribution_any_link_accuracy": attribution_any.value(),
        "note": ("stance is mapped from gold factuality: NEG → negated; POSSIBLE/PROBABLE/UNDERSPECIFIED → "
                 "speculated; FUTURE → planned; attributed to a source → reported; else asserted. "
                 "attribution_accuracy: our innermost source overlaps a gold source span."),
    }


def _collapse(stance) -> str:
    """MEANTIME links a source to the one event a cue governs; we call every event in the reported clause
    reported.  Collapsing reported into asserted scores the modality alone."""
    return "asserted" if stance.value in ("asserted", "reported") else stance.value


def _source_spans(doc, head, found) -> list[tuple[int, int]]:
    """Character spans of the names in an attribution chain, found in the event's sentence."""
    spans = []
    sent = head.sent
    for name in found.chain:
        at = sent.text.find(name)
        if at >= 0:
            spans.append((sent.start_char + at, sent.start_char + at + len(name)))
    return spans
