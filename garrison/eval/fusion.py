"""Clustering quality of fusion against gold happening ids.

Each item is one extracted event (or one gold event-report row) given as ``(predicted happening id, gold
happening id)``.  Pairwise scores count pairs of items put together: precision is the share of predicted
same-happening pairs that gold also puts together, recall the share of gold pairs that were predicted.  B-cubed
scores average, over items, the overlap of an item's predicted and gold clusters (Bagga & Baldwin 1998).  A
ratio with nothing to count (no predicted pairs, say) is 1.0: nothing was claimed, so nothing was wrong.

:func:`gold_replay` fuses a truth folder's own event rows and scores them: fusion alone, as if extraction were
perfect (``garrison.eval.corpus.store_replay`` does the same with the events a processed store extracted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from garrison.eval.gold import read_records
from garrison.eval.metrics import f1
from garrison.fusion import fuse
from garrison.model import (
    Claim,
    Document,
    Event,
    Evidence,
    Place,
    Precision,
    Stance,
    TimeSpan,
    slug,
)


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
        "pairwise": {"precision": round(pp, 4), "recall": round(pr, 4), "f1": round(f1(pp, pr), 4),
                     "true_pairs": together, "predicted_pairs": predicted_pairs, "gold_pairs": gold_pairs},
        "bcubed": {"precision": round(bp, 4), "recall": round(br, 4), "f1": round(f1(bp, br), 4)},
    }


_SITE_WORDS = ("air base", "airbase", "naval", "port of", "airport", "base aérienne", "facility")


def _gold_place(loc: dict | None) -> Place | None:
    import pycountry

    if not loc or loc.get("lat") is None:
        return None
    name = loc["name"]
    country = None
    try:
        country = pycountry.countries.lookup(loc.get("country") or "").alpha_2
    except LookupError:
        pass
    is_country = False
    try:
        is_country = pycountry.countries.lookup(name).alpha_2 == country
    except LookupError:
        pass
    if is_country:
        return Place(id=f"country:{country}", name=name, lat=loc["lat"], lon=loc["lon"], feature="country",
                     country=country, precision=3)
    site = any(w in name.lower() for w in _SITE_WORDS)
    return Place(id=f"gold:{slug(name)}", name=name, lat=loc["lat"], lon=loc["lon"],
                 feature="airbase" if site else "city", country=country, precision=1 if site else 2)


def gold_time_span(value: str | None) -> TimeSpan | None:
    """A truth row's date (YYYY, YYYY-MM or YYYY-MM-DD) as the span it names."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return TimeSpan(d, d, Precision.DAY, value=value)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return TimeSpan(first, last, Precision.MONTH, value=value)
    return TimeSpan(date(parts[0], 1, 1), date(parts[0], 12, 31), Precision.YEAR, value=value)


def gold_replay(truth_dir: str) -> dict:
    """Fuse the gold events of a truth folder (events.jsonl, documents.jsonl, duplicates.jsonl) and score
    the happenings against their gold ``happening`` ids."""
    root = Path(truth_dir)
    read = lambda name: read_records(root / name)
    documents: dict[str, Document] = {}
    for row in read("documents.jsonl"):
        documents[row["doc"]] = Document(text=row["doc"], id=row["doc"], outlet=row.get("outlet"),
                                         published=date.fromisoformat(row["published"]) if row.get("published")
                                         else None)
    for row in read("duplicates.jsonl"):
        if row["copy"] in documents:
            documents[row["copy"]].duplicate_of = row["original"]
    events, gold = [], {}
    for row in read("events.jsonl"):
        d = documents.setdefault(row["doc"], Document(text=row["doc"], id=row["doc"]))
        span = gold_time_span(row.get("date"))
        from_dct = span is None and d.published is not None
        if from_dct:
            span = TimeSpan(d.published, d.published, Precision.DAY, anchor=d.published)
        roles = row.get("actors") or []
        start = d.text.find(row["text"])
        ev = Event(type=row["event_type"], document_id=d.id, mode=row.get("sub_event_type"), trigger=row["id"],
                   actors=[f"org:{slug(a['name'])}" for a in roles if a["role"] == "actor"],
                   targets=[f"org:{slug(a['name'])}" for a in roles if a["role"] != "actor"],
                   materiel=[f"equipment:{slug(m)}" for m in row.get("materiel") or []],
                   location=_gold_place(row.get("location")), origin=_gold_place(row.get("origin")),
                   destination=_gold_place(row.get("destination")), time=span, time_from_dct=from_dct,
                   claims=[Claim(event_id="", document_id=d.id, outlet=row.get("outlet"),
                                 stance=Stance(row.get("stance") or "asserted"),
                                 evidence=[Evidence(max(start, 0), max(start, 0) + len(row["text"]), row["text"])])])
        events.append(ev)
        gold[ev.id] = row["happening"]
    happenings = fuse(events, documents)
    predicted = {eid: h.id for h in happenings for eid in h.event_ids}
    result = score_happenings((predicted[e.id], gold[e.id]) for e in events)
    result["fused_happenings"] = len(happenings)
    return result
