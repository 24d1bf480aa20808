"""End-to-end scoring of a processed corpus against its truth files (the demo corpus's format).

Truth lives beside the corpus (``truth/`` in garrison/data/demo): ``documents.jsonl`` (publication
dates, their source, outlets), ``duplicates.jsonl`` (exact and near copies) and ``events.jsonl``
(one row per event per report: evidence sentence, type, stance, place, month, outlet, cited
sources).  Documents are keyed by their path relative to the corpus, ``file#N`` for the N-th
record of a multi-record file.

A predicted event matches a truth row when it comes from the same document, its evidence
overlaps the truth sentence and it has the same type; matching is one-to-one and greedy.
Stance, place, month, outlet and cited source are then scored over the matched pairs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from garrison.eval.fusion import score_happenings
from garrison.events.salience import is_background
from garrison.eval.gold import read_records
from garrison.eval.metrics import prf, share
from garrison.fusion import fuse
from garrison.geo import distance_km
from garrison.model import Document, Event
from garrison.store import Store


def document_key(document: Document, corpus: Path) -> str:
    """The truth files' name for a stored document: its path relative to the corpus, ``#N`` per record."""
    source = document.source_path or ""
    match = re.match(r"^(.*?)(?:[:#](\d+))?$", source)
    path, record = (match.group(1), match.group(2)) if match else (source, None)
    try:
        relative = Path(path).resolve().relative_to(corpus.resolve()).as_posix()
    except ValueError:
        relative = path
    return f"{relative}#{record}" if record else relative


def _same_source(predicted: str | None, gold: str | None) -> bool:
    """Same source up to case, a leading article, containment or a known alias (RFI = Radio France Internationale)."""
    from garrison.events.attribution import same_source

    return same_source(predicted, gold)


@dataclass
class Span:
    start: int
    end: int

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


def sentence_span(text: str, sentence: str) -> Span | None:
    """Where a truth sentence stands in a stored text, or None."""
    at = text.find(sentence.strip())
    if at < 0:  # whitespace may have been normalised on ingest
        pattern = r"\s+".join(re.escape(w) for w in sentence.split())
        found = re.search(pattern, text)
        return Span(found.start(), found.end()) if found else None
    return Span(at, at + len(sentence.strip()))


def _month_matches(event: Event, gold_date: str | None) -> bool | None:
    if not gold_date:
        return None
    if event.time is None:
        return False
    return event.time.start.isoformat()[: len(gold_date)] == gold_date or (
        len(gold_date) == 7 and event.time.start.isoformat()[:7] == gold_date and event.time.end.isoformat()[:7] == gold_date
    )


def collapse_site_lists(events: list[Event]) -> tuple[list[Event], dict[str, list[Any]]]:
    """One event per listed-sites statement: the stored record tells a statement listing sites ("the bases of A,
    B and C") once per site, marking each with the names of all of them (``attributes["coordinated_sites"]``,
    docs/formats.md), while the truth has one row per sentence.  Returns the representatives and, per
    representative, the places of all its siblings (any of them may be the truth's location)."""
    groups: dict[tuple, list[Event]] = {}
    for event in events:
        sites = tuple(event.attributes.get("coordinated_sites") or ())
        first = event.claims[0].evidence[0].start if event.claims and event.claims[0].evidence else None
        key = (event.type, first, sites) if sites else (event.id,)
        groups.setdefault(key, []).append(event)
    places = {group[0].id: [p for e in group for p in (e.location, e.destination, e.origin)] for group in groups.values()}
    return [group[0] for group in groups.values()], places


def place_matches(place, location: dict[str, Any]) -> bool:
    """Within 25 km of the truth's point; for a truth row located in a whole country (its name is its country),
    that country: a country's "centre" is a convention (the truth's and the gazetteer's differ by hundreds of
    km for Libya), as ACLED's geo-precision 3 says."""
    if location.get("country") and location.get("name") == location["country"]:
        return place.feature == "country" and place.name.casefold() == location["country"].casefold()
    return distance_km(place.lat, place.lon, location["lat"], location["lon"]) <= 25


def _at_row_place(event: Event, row: dict[str, Any], places_of: dict[str, list[Any]]) -> bool:
    location = row.get("location") or {}
    if location.get("lat") is None:
        return False
    return any(place_matches(p, location) for p in places_of.get(event.id, [event.location]) if p is not None)


def score_events(documents: dict[str, Document], predicted: dict[str, list[Event]],
                 truth: list[dict[str, Any]], matches: list[tuple[Event, dict[str, Any]]] | None = None,
                 errors: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """Event detection and argument scores; the matched (event, truth row) pairs are appended to ``matches``.

    Scored as an analyst sees the listing: the reported news.  Predicted events marked background and
    truth rows marked background (context the report gives, not its news) are left out of precision
    and recall; a news event read from a background row's sentence is a false positive (context shown
    as news), a background event where the truth has news a miss.  ``background`` says how well the
    marking agrees with the truth's.  Given ``errors``, it is filled with what an analyst checking the listing
    would read first (``error_listing``): each miss, false positive, wrong place and wrong month, with its
    sentence."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in truth:
        by_doc.setdefault(row["doc"], []).append(row)
    news_rows = [row for row in truth if not row.get("background")]
    tp = detected = 0
    per_type: dict[str, Counter] = {}
    stance_hits = place_hits = place_total = month_hits = month_total = 0
    outlet_hits = outlet_total = cited_hits = cited_total = 0
    background_rows = background_marked = news_marked_background = 0
    unmatched_docs = sorted(set(by_doc) - set(documents))
    places_of: dict[str, list[Any]] = {}
    collapsed: dict[str, list[Event]] = {}
    for key, events in predicted.items():
        collapsed[key], places = collapse_site_lists(events)
        places_of.update(places)
    predicted = collapsed
    n_predicted = sum(1 for key, events in predicted.items() if key in by_doc for e in events if not is_background(e))
    for key, rows in by_doc.items():
        doc = documents.get(key)
        if doc is None:
            continue
        gold = [(row, sentence_span(doc.text, row["text"])) for row in rows]
        free = list(predicted.get(key, []))
        for row, span in gold:
            background = bool(row.get("background"))
            counts = per_type.setdefault(row["event_type"], Counter())
            if background:
                background_rows += 1
            else:
                counts["gold"] += 1
            if span is None:
                continue
            overlapping = [e for e in free if any(Span(ev.start, ev.end).overlaps(span)
                                                  for c in e.claims for ev in c.evidence)]
            detected += bool(overlapping) and not background
            same_type = [e for e in overlapping if e.type == row["event_type"]]
            if not same_type:
                if errors is not None and not background:
                    errors["misses"].append(_row_error(key, row, why=(
                        "other type: " + ", ".join(sorted({e.type for e in overlapping}))
                        if overlapping else "no event on the sentence")))
                continue
            # the event the listing shows for this row, if any: news for a news row, background for context; of
            # several (a sentence telling two happenings of one type, "denied any link to the attacks"), the one at
            # the row's place and in its month — which event of the sentence is this row's, not the store's order
            same_type.sort(key=lambda e: (is_background(e) != background, not _at_row_place(e, row, places_of),
                                          _month_matches(e, row.get("date")) is False))
            event = same_type[0]
            free.remove(event)
            if matches is not None:
                matches.append((event, row))
            if background:
                background_marked += is_background(event)
                if errors is not None and not is_background(event):
                    errors["false_positives"].append(_false_positive(key, event, gold))
                continue
            if is_background(event):
                news_marked_background += 1
                if errors is not None:
                    errors["misses"].append(_row_error(key, row, why="event marked background"))
                continue
            tp += 1
            counts["tp"] += 1
            claim = event.claims[0] if event.claims else None
            stance_hits += bool(claim and claim.stance == row.get("stance"))
            if row.get("location") and row["location"].get("lat") is not None:
                place_total += 1
                placed = any(place_matches(p, row["location"]) for p in places_of[event.id] if p is not None)
                place_hits += placed
                if errors is not None and not placed:
                    errors["wrong_place"].append(_row_error(key, row, gold=row["location"].get("name"), predicted=[
                        p.name for p in places_of[event.id] if p is not None]))
            month = _month_matches(event, row.get("date"))
            if month is not None:
                month_total += 1
                month_hits += month
                if errors is not None and not month:
                    errors["wrong_month"].append(_row_error(key, row, gold=row.get("date"), predicted=(
                        f"{event.time.start.isoformat()}/{event.time.end.isoformat()}" if event.time else None)))
            if row.get("outlet"):
                outlet_total += 1
                outlet_hits += bool(claim and _same_source(claim.outlet, row["outlet"]))
            chain = row.get("source_chain") or []
            if len(chain) > 1:
                cited_total += 1
                cited_hits += bool(claim and any(_same_source(s, chain[-1]) for s in claim.source_chain))
        if errors is not None:
            errors["false_positives"].extend(_false_positive(key, event, gold) for event in free
                                             if not is_background(event))
    n_background = 0
    for key, events in predicted.items():
        if key in by_doc:
            for event in events:
                if is_background(event):
                    n_background += 1
                else:
                    per_type.setdefault(event.type, Counter())["predicted"] += 1
    return {
        "events": prf(tp, n_predicted, len(news_rows)),
        "evidence_sentences_found": share(detected, len(news_rows)),
        "per_type": {t: prf(c["tp"], c["predicted"], c["gold"]) for t, c in sorted(per_type.items())},
        "matched": {
            "stance_accuracy": share(stance_hits, tp),
            "location_within_25km": share(place_hits, place_total),
            "date_match": share(month_hits, month_total),
            "outlet_accuracy": share(outlet_hits, outlet_total),
            "cited_source_accuracy": share(cited_hits, cited_total),
        },
        "background": {
            "truth_rows": background_rows,
            "marked_background": background_marked,
            "recall": share(background_marked, background_rows),
            "predicted_background_events": n_background,
            "news_rows_marked_background": news_marked_background,
        },
        "truth_documents_not_in_store": unmatched_docs,
    }


ERROR_KINDS = ("misses", "false_positives", "wrong_place", "wrong_month")


def error_listing() -> dict[str, list[dict[str, Any]]]:
    return {kind: [] for kind in ERROR_KINDS}


def _row_error(doc: str, row: dict[str, Any], **what: Any) -> dict[str, Any]:
    return {"doc": doc, "type": row["event_type"], "sentence": row["text"], **what}


def _false_positive(doc: str, event: Event, gold: list[tuple[dict[str, Any], Span | None]]) -> dict[str, Any]:
    """A news event the truth does not have, with the truth rows on its sentence: a row of another type (a
    wrong type), a background row (context shown as news) or none (a sentence the truth reads as no event)."""
    evidence = [ev for c in event.claims for ev in c.evidence]
    rows = [row for row, span in gold if span is not None and any(Span(ev.start, ev.end).overlaps(span)
                                                                 for ev in evidence)]
    return {"doc": doc, "type": event.type, "trigger": event.trigger,
            "sentence": evidence[0].text if evidence else None,
            "truth_on_sentence": [row["event_type"] + (" (background)" if row.get("background") else "")
                                  for row in rows]}


def score_documents(documents: dict[str, Document], truth: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [(row, documents.get(row["doc"])) for row in truth]
    found = [(row, d) for row, d in rows if d is not None]
    return {
        "documents": len(truth),
        "stored": len(found),
        "published_accuracy": share(sum(str(d.published) == row.get("published") for row, d in found), len(found)),
        "published_source_accuracy": share(
            sum((d.published_source or "") == row.get("published_source") for row, d in found), len(found)),
        "outlet_accuracy": share(sum(_same_source(d.outlet, row.get("outlet")) for row, d in found), len(found)),
        "language_accuracy": share(sum(d.language == row.get("language") for row, d in found), len(found)),
    }


def score_duplicates(documents: dict[str, Document], copies: Iterable[tuple[str, str]],
                     truth: list[dict[str, Any]]) -> dict[str, Any]:
    """Pairs (original, copy) found: near-duplicate links and exact copies stored once."""
    key_of = {d.id: key for key, d in documents.items()}
    found = {frozenset((key_of.get(d.duplicate_of, d.duplicate_of), key)) for key, d in documents.items()
             if d.duplicate_of}
    found |= {frozenset((key_of.get(doc_id, doc_id), other)) for doc_id, other in copies}
    gold = {frozenset((row["original"], row["copy"])) for row in truth}
    return prf(len(found & gold), len(found), len(gold))


def stored_documents(store: Store, corpus: Path) -> tuple[dict[str, Document], dict[str, Document],
                                                            list[tuple[str, str]]]:
    """The store's documents by truth name: (as stored, readable, exact copies as (original id, copy name)).
    An exact copy is stored once; "readable" also names it, with its original's findings."""
    stored = store.queries.documents(limit=None)
    by_id = {d.id: d for d in stored}
    documents = {document_key(d, corpus): d for d in stored}
    copies = [(doc_id, document_key(Document(text="", source_path=source), corpus))
              for doc_id, source in store.copies()]
    readable = documents | {key: by_id[doc_id] for doc_id, key in copies if doc_id in by_id}
    return documents, readable, copies


def evaluate(store: Store, corpus: Path, truth_dir: Path, errors: bool = False) -> dict[str, Any]:
    documents, readable, copies = stored_documents(store, corpus)
    events_by_id: dict[str, list[Event]] = {}
    for event in store.queries.events(limit=10**9, include_background=True):
        events_by_id.setdefault(event.document_id or "", []).append(event)
    events = {key: events_by_id.get(doc.id, []) for key, doc in readable.items()}
    result: dict[str, Any] = {}
    if (truth_dir / "documents.jsonl").exists():
        result["documents"] = score_documents(readable, read_records(truth_dir / "documents.jsonl"))
    if (truth_dir / "duplicates.jsonl").exists():
        result["duplicates"] = score_duplicates(documents, copies, read_records(truth_dir / "duplicates.jsonl"))
    if (truth_dir / "events.jsonl").exists():
        matches: list[tuple[Event, dict[str, Any]]] = []
        listing = error_listing() if errors else None
        result.update(score_events(readable, events, read_records(truth_dir / "events.jsonl"), matches, listing))
        if listing is not None:
            result["errors"] = listing
        happening_of = store.happening_of_events()
        if happening_of:
            pairs = [(happening_of.get(event.id, event.id), row["happening"]) for event, row in matches
                     if row.get("happening")]
            result["happenings"] = score_happenings(pairs) | {"over": "matched event rows"}
    return result


def store_replay(url: str, corpus: str, truth: str) -> dict:
    """Fuse the extracted events of a processed store; each gold row is matched, as `garrison eval corpus`
    matches events, to the first stored event of its type whose evidence overlaps the gold sentence."""
    store = Store(url, migrate=False)
    _, readable, _ = stored_documents(store, Path(corpus))
    events = store.all_events()
    happenings = fuse(events, store.document_headers())
    happening_of = {e: h.id for h in happenings for e in h.event_ids}
    by_doc: dict[str, list[Event]] = {}
    for e in events:
        by_doc.setdefault(e.document_id or "", []).append(e)
    pairs, unmatched = [], 0
    for row in read_records(Path(truth) / "events.jsonl"):
        doc = readable.get(row["doc"])
        span = sentence_span(doc.text, row["text"]) if doc is not None else None
        found = [e for e in by_doc.get(doc.id, []) if e.type == row["event_type"] and any(
            Span(ev.start, ev.end).overlaps(span) for c in e.claims for ev in c.evidence)] if span else []
        if not found:
            unmatched += 1
            continue
        pairs.append((happening_of[found[0].id], row["happening"]))
    result = score_happenings(pairs)
    result.update(gold_rows_unmatched=unmatched, events=len(events), fused_happenings=len(happenings))
    return result
