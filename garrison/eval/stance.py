"""Scoring stance and attribution against MEANTIME-style factuality gold.

Gold: per text, event mentions with factuality (certainty, polarity, time) and attributions
(cue → reported event → sources).  Gold factuality is mapped to our stances (see the report's
``note``); attribution is scored on the source spans our chain names in the event's sentence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from garrison import nlp
from garrison.eval.events import read_rows
from garrison.events import lexicon
from garrison.events import stance as stance_mod
from garrison.events.attribution import Attributor


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
    rows = read_rows(path, ("text", "events"))
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
