"""The arithmetic every scorer shares: precision, recall and F1 from counts."""

from __future__ import annotations


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def ratios(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """(precision, recall, F1) of ``hits`` among ``predicted`` items and ``gold`` items; 0.0 where nothing counts."""
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    return precision, recall, f1(precision, recall)


def prf(tp: int, predicted: int, gold: int) -> dict[str, float | int]:
    """Precision, recall and F1 rounded to four places, with the counts they come from."""
    precision, recall, f = ratios(tp, predicted, gold)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f, 4),
            "tp": tp, "predicted": predicted, "gold": gold}


def share(hits: int, total: int) -> float | None:
    """``hits / total`` rounded to four places; None when there is nothing to count."""
    return round(hits / total, 4) if total else None
