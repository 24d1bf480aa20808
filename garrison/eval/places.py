"""Geoparsing quality against gold JSONL: ``{"id", "text", "toponyms": [{"start", "end", "name", "lat", "lon", "geonameid"?}]}``.

Resolution is scored on gold toponyms with coordinates: Acc@161 km (share within 161 km,
the usual "same city" tolerance), median and mean error, and the share of exact GeoNames id
matches where gold has ids; the share left unresolved and the share *confidently wrong* (resolved, but more
than 161 km off: a wrong pin is worse than "unknown").  An unresolved toponym counts as the largest possible error
(half the Earth's circumference).  Recognition is scored by exact span match (precision,
recall, F1), with an overlap-based variant beside it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from garrison.eval.gold import GoldError, line_number, read_records
from garrison.eval.metrics import ratios
from garrison.places.resolve import distance_km

MAX_ERROR_KM = 20_037.5
ACC_KM = 161.0


@dataclass
class GoldDoc:
    id: str
    text: str
    toponyms: list[dict]


def _document(record: dict, where: str) -> GoldDoc:
    for k, t in enumerate(record["toponyms"]):
        for name in ("start", "end"):
            if not isinstance(t.get(name), int):
                raise GoldError(f"{where}: toponyms[{k}].{name} must be an integer")
    return GoldDoc(str(record.get("id", line_number(where))), record["text"], record["toponyms"])


def read_gold(path: Path) -> list[GoldDoc]:
    return read_records(path, _document, ("text", "toponyms"))


def _has_coordinates(t: dict) -> bool:
    return isinstance(t.get("lat"), (int, float)) and isinstance(t.get("lon"), (int, float))


def resolution_metrics(pairs: Iterable[tuple[dict, object | None]]) -> dict:
    """``pairs`` of (gold toponym, predicted Place or None)."""
    errors: list[float] = []
    with_ids = id_hits = unresolved = wrong = 0
    for gold, place in pairs:
        if not _has_coordinates(gold):
            continue
        if place is None:
            errors.append(MAX_ERROR_KM)
            unresolved += 1
        else:
            errors.append(distance_km(gold["lat"], gold["lon"], place.lat, place.lon))
            wrong += errors[-1] > ACC_KM  # a pin more than 161 km off: worse than saying "unknown"
        if gold.get("geonameid"):
            with_ids += 1
            if place is not None and place.geonameid is not None and str(place.geonameid) == str(gold["geonameid"]):
                id_hits += 1
    n = len(errors)
    return {
        "toponyms": n,
        "acc161": round(sum(e <= ACC_KM for e in errors) / n, 4) if n else None,
        "median_error_km": round(statistics.median(errors), 1) if n else None,
        "mean_error_km": round(statistics.fmean(errors), 1) if n else None,
        "geonameid_match": round(id_hits / with_ids, 4) if with_ids else None,
        "with_geonameid": with_ids,
        "confidently_wrong": round(wrong / n, 4) if n else None,
        "unresolved": round(unresolved / n, 4) if n else None,
    }


def recognition_metrics(gold_spans: set, predicted_spans: set) -> dict:
    """Exact-span P/R/F1, and an overlap variant (a prediction overlapping a gold span counts once)."""
    tp = len(gold_spans & predicted_spans)
    p, r, f = ratios(tp, len(predicted_spans), len(gold_spans))
    by_doc_gold: dict = {}
    for d, s, e in gold_spans:
        by_doc_gold.setdefault(d, []).append((s, e))
    matched_gold = set()
    overlap_tp = 0
    for d, s, e in predicted_spans:
        for gs, ge in by_doc_gold.get(d, ()):
            if s < ge and gs < e and (d, gs, ge) not in matched_gold:
                matched_gold.add((d, gs, ge))
                overlap_tp += 1
                break
    op, orc, of = ratios(overlap_tp, len(predicted_spans), len(gold_spans))
    return {"gold": len(gold_spans), "predicted": len(predicted_spans), "true_positives": tp,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "overlap_precision": round(op, 4), "overlap_recall": round(orc, 4), "overlap_f1": round(of, 4)}


def evaluate(docs: list[GoldDoc], gold_toponyms: bool, gazetteer_path=None) -> dict:
    from garrison.places import gazetteer as gaz
    from garrison.places.resolve import Item, resolve_items, to_place

    g = gaz.get(gazetteer_path)
    result: dict = {"documents": len(docs), "mode": "resolution" if gold_toponyms else "end-to-end"}
    if gold_toponyms:
        pairs = []
        for doc in docs:
            items = [Item(t["start"], t["end"], doc.text[t["start"]:t["end"]]) for t in doc.toponyms]
            resolve_items(doc.text, items, g)
            pairs += [(t, to_place(it.choice, it.fallback) if it.choice else None) for t, it in zip(doc.toponyms, items)]
        result["resolution"] = resolution_metrics(pairs)
        return result

    from garrison.places import geoparse

    # places alone, on spaCy's NER (the pipeline's places stage reads the entities stage's mentions instead)
    gold_spans = {(doc.id, t["start"], t["end"]) for doc in docs for t in doc.toponyms}
    predicted = {(doc.id, t.start, t.end): t for doc in docs for t in geoparse(doc.text, doc.id, gazetteer_path)}
    result["recognition"] = recognition_metrics(gold_spans, set(predicted))
    pairs = [(t, predicted[(doc.id, t["start"], t["end"])].place) for doc in docs for t in doc.toponyms
             if (doc.id, t["start"], t["end"]) in predicted]
    result["resolution_of_recognised"] = resolution_metrics(pairs)
    return result
