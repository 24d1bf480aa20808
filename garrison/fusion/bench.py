"""Synthetic reports of synthetic happenings, for timing fusion and checking its blocking at scale.

``python -m garrison.fusion.bench --events 10000`` builds a corpus of about that many events (several
outlets per happening, syndicated copies, coarsened places and dates, undated reports, denials), fuses it,
and prints the time taken, the candidate pairs compared and the clustering scores against the generator's own
happening ids.  Seeded: the same arguments give the same corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta

from garrison.model import Claim, Document, Event, Evidence, Place, Precision, Stance, TimeSpan

TYPES = [("ASSAULT", "air/drone strike"), ("ASSAULT", "shelling/artillery/missile attack"),
         ("FIGHT", "armed clash"), ("DEPLOY", "redeployment"), ("TRANSFER", "delivery"),
         ("BASE_PRESENCE", "access"), ("BASE_PRESENCE", "withdrawal"), ("CONSTRUCTION", "construction"),
         ("CONSULT", "visit"), ("AGREE", "agreement")]
STANCES = [Stance.ASSERTED] * 5 + [Stance.REPORTED] * 4 + [Stance.SPECULATED, Stance.DENIED]
WORDS = ("drone strike convoy base hangar runway troops armour column airlift freighter radar battery "
         "instructors contingent satellite imagery officials sources ministry command statement denial").split()


def _country_places(rng: random.Random, n_countries: int) -> tuple[list[Place], list[Place]]:
    countries, sites = [], []
    for c in range(n_countries):
        code = f"X{c:02d}"[-2:] if c < 100 else f"{c}"
        lat, lon = rng.uniform(-30, 50), rng.uniform(-20, 60)
        countries.append(Place(id=f"country:{code}", name=f"Country {c}", lat=lat, lon=lon, feature="country",
                               country=code, precision=3))
        for s in range(12):
            sites.append(Place(id=f"synthetic:{code}-{s}", name=f"Site {c}-{s}", lat=lat + rng.uniform(-4, 4),
                               lon=lon + rng.uniform(-4, 4), feature="airbase" if s % 2 else "city",
                               country=code, precision=1 if s % 2 else 2))
    return countries, sites


def synthetic_corpus(n_events: int = 10_000, seed: int = 7) -> tuple[list[Event], dict[str, Document],
                                                                     dict[str, str]]:
    """(events, documents, gold happening id per event id)."""
    rng = random.Random(seed)
    countries, sites = _country_places(rng, max(8, n_events // 400))
    by_country = {c.country: c for c in countries}
    actors = [f"mil_unit:force-{i}" for i in range(max(20, n_events // 50))]
    materiel = [f"equipment:system-{i}" for i in range(60)]
    outlets = [f"Outlet {i}" for i in range(40)]
    origin_day = date(2022, 1, 1).toordinal()
    events: list[Event] = []
    documents: dict[str, Document] = {}
    gold: dict[str, str] = {}
    h = 0
    while len(events) < n_events:
        h += 1
        etype, mode = rng.choice(TYPES)
        site = rng.choice(sites)
        when = date.fromordinal(origin_day + rng.randrange(3 * 365))
        parties = rng.sample(actors, rng.choice((1, 1, 2)))
        kit = rng.sample(materiel, rng.choice((0, 1, 2)))
        words = rng.sample(WORDS, 8)
        for r in range(rng.choice((1, 2, 2, 3, 3, 4, 6))):
            published = when + timedelta(days=rng.randrange(0, 20))
            outlet = rng.choice(outlets)
            text = " ".join(words + rng.sample(WORDS, 3))
            document = Document(text=f"{text} {h} {r}", outlet=outlet, published=published)
            documents[document.id] = document
            copies = [document]
            if rng.random() < 0.1:  # a syndicated near-copy
                copy = Document(text=f"{text} {h} {r} copy", outlet=rng.choice(outlets),
                                published=published + timedelta(days=1), duplicate_of=document.id, similarity=0.95)
                documents[copy.id] = copy
                copies.append(copy)
            place = site if rng.random() < 0.75 else by_country[site.country]
            roll = rng.random()
            if roll < 0.5:
                span, from_dct = TimeSpan(when, when, Precision.DAY), False
            elif roll < 0.85:
                first = when.replace(day=1)
                last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                span, from_dct = TimeSpan(first, last, Precision.MONTH), False
            else:
                span, from_dct = TimeSpan(published, published, Precision.DAY, anchor=published), True
            stance = rng.choice(STANCES)
            for d in copies:
                ev = Event(type=etype, document_id=d.id, mode=mode, trigger=etype.lower(),
                           actors=parties[:1] if etype in ("DEPLOY", "BASE_PRESENCE", "CONSTRUCTION") else parties,
                           targets=parties[1:], materiel=kit if rng.random() < 0.7 else [],
                           location=place, destination=place if etype in ("DEPLOY", "TRANSFER") else None,
                           time=span, time_from_dct=from_dct,
                           claims=[Claim(event_id="", document_id=d.id, outlet=d.outlet, stance=stance,
                                         evidence=[Evidence(0, len(text), text)])])
                events.append(ev)
                gold[ev.id] = f"g{h}"
    return events[:n_events], documents, gold


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time garrison.fusion on a synthetic corpus.")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--gold", metavar="TRUTH_DIR", help="instead: fuse the gold events of a truth folder "
                        "(events.jsonl with happening ids, documents.jsonl, duplicates.jsonl) and score them")
    parser.add_argument("--store", metavar="URL", help="instead: fuse the events of a processed store (e.g. "
                        "sqlite:///garrison-demo.db after `garrison demo`) and score them against --truth")
    parser.add_argument("--corpus", default="garrison/data/demo/corpus", help="the corpus the store was built from")
    parser.add_argument("--truth", default="garrison/data/demo/truth", help="truth folder with events.jsonl")
    args = parser.parse_args(argv)
    if args.gold:
        print(json.dumps(gold_replay(args.gold), indent=1))
        return
    if args.store:
        print(json.dumps(store_replay(args.store, args.corpus, args.truth), indent=1))
        return

    from garrison.fusion import fuse, presence
    from garrison.fusion.cluster import candidate_pairs
    from garrison.fusion.compare import read_report
    from garrison.fusion.evaluate import score_happenings
    from garrison.fusion.rules import load_rules

    events, documents, gold = synthetic_corpus(args.events, args.seed)
    rules = load_rules()
    t0 = time.perf_counter()
    happenings = fuse(events, documents)
    t1 = time.perf_counter()
    presences = presence(happenings)
    t2 = time.perf_counter()
    reports = sorted((read_report(e, documents, rules) for e in events), key=lambda r: r.event.id)
    pairs = len(set(candidate_pairs(reports, rules)))
    predicted = {eid: h.id for h in happenings for eid in h.event_ids}
    scores = score_happenings((predicted[e.id], gold[e.id]) for e in events)
    print(json.dumps({
        "events": len(events), "documents": len(documents), "happenings": len(happenings),
        "presences": len(presences), "fuse_seconds": round(t1 - t0, 2), "presence_seconds": round(t2 - t1, 2),
        "candidate_pairs": pairs, "all_pairs": len(events) * (len(events) - 1) // 2,
        "pairwise_f1": scores["pairwise"]["f1"], "bcubed_f1": scores["bcubed"]["f1"],
        "pairwise_precision": scores["pairwise"]["precision"], "pairwise_recall": scores["pairwise"]["recall"],
    }, indent=1))



# ---------------------------------------------------------------------------
# replay of a gold events file: fusion alone, as if extraction were perfect

_SITE_WORDS = ("air base", "airbase", "naval", "port of", "airport", "base aérienne", "facility")


def _gold_place(loc: dict | None) -> Place | None:
    import pycountry

    from garrison.model import slug

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


def _gold_span(value: str | None) -> TimeSpan | None:
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
    from pathlib import Path

    from garrison.fusion import fuse
    from garrison.fusion.evaluate import score_happenings
    from garrison.model import slug

    root = Path(truth_dir)
    read = lambda name: [json.loads(line) for line in (root / name).read_text().splitlines() if line.strip()]
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
        span = _gold_span(row.get("date"))
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



def store_replay(url: str, corpus: str, truth: str) -> dict:
    """Fuse the extracted events of a processed store; each gold row is matched, as `garrison eval corpus`
    matches events, to the first stored event of its type whose evidence overlaps the gold sentence."""
    from pathlib import Path

    from garrison.eval.corpus import Span, _gold_span, document_key, read_jsonl
    from garrison.fusion import fuse
    from garrison.fusion.evaluate import score_happenings
    from garrison.store import Store

    store = Store(url, migrate=False)
    stored = store.queries.documents(limit=None)
    by_id = {d.id: d for d in stored}
    readable = {document_key(d, Path(corpus)): d for d in stored}
    for doc_id, source in store.copies():
        if doc_id in by_id:
            readable[document_key(Document(text="", source_path=source), Path(corpus))] = by_id[doc_id]
    events = store.all_events()
    happenings = fuse(events, store.document_headers())
    happening_of = {e: h.id for h in happenings for e in h.event_ids}
    by_doc: dict[str, list[Event]] = {}
    for e in events:
        by_doc.setdefault(e.document_id or "", []).append(e)
    pairs, unmatched = [], 0
    for row in read_jsonl(Path(truth) / "events.jsonl"):
        doc = readable.get(row["doc"])
        span = _gold_span(doc.text, row["text"]) if doc is not None else None
        found = [e for e in by_doc.get(doc.id, []) if e.type == row["event_type"] and any(
            Span(ev.start, ev.end).overlaps(span) for c in e.claims for ev in c.evidence)] if span else []
        if not found:
            unmatched += 1
            continue
        pairs.append((happening_of[found[0].id], row["happening"]))
    result = score_happenings(pairs)
    result.update(gold_rows_unmatched=unmatched, events=len(events), fused_happenings=len(happenings))
    return result


if __name__ == "__main__":
    main()
