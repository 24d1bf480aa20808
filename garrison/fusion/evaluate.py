"""Clustering quality of fusion against gold happening ids.

Each item is one extracted event (or one gold event-report row) given as ``(predicted happening id, gold
happening id)``.  Pairwise scores count pairs of items put together: precision is the share of predicted
same-happening pairs that gold also puts together, recall the share of gold pairs that were predicted.  B-cubed
scores average, over items, the overlap of an item's predicted and gold clusters (Bagga & Baldwin 1998).  A
ratio with nothing to count (no predicted pairs, say) is 1.0: nothing was claimed, so nothing was wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score_happenings(pairs: Iterable[tuple[str, str]]) -> dict:
    """Pairwise and B-cubed precision/recall/F1 of predicted happening ids against gold ones."""
    items = [(str(p), str(g)) for p, g in pairs]
    predicted = Counter(p for p, _ in items)
    gold = Counter(g for _, g in items)
    cells = Counter(items)

    together = sum(_pairs(n) for n in cells.values())
    predicted_pairs = sum(_pairs(n) for n in predicted.values())
    gold_pairs = sum(_pairs(n) for n in gold.values())
    pp = together / predicted_pairs if predicted_pairs else 1.0
    pr = together / gold_pairs if gold_pairs else 1.0

    if items:
        bp = sum(cells[(p, g)] / predicted[p] for p, g in items) / len(items)
        br = sum(cells[(p, g)] / gold[g] for p, g in items) / len(items)
    else:
        bp = br = 1.0
    return {
        "items": len(items),
        "predicted_happenings": len(predicted),
        "gold_happenings": len(gold),
        "pairwise": {"precision": round(pp, 4), "recall": round(pr, 4), "f1": round(_f1(pp, pr), 4),
                     "true_pairs": together, "predicted_pairs": predicted_pairs, "gold_pairs": gold_pairs},
        "bcubed": {"precision": round(bp, 4), "recall": round(br, 4), "f1": round(_f1(bp, br), 4)},
    }
