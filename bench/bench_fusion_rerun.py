"""What re-running the pipeline costs on a store of 100k events, against a full fusion run measured in the same run.

    .venv/bin/python bench/bench_fusion_rerun.py --events 100000 --db /tmp/fusion-100k.db --repeat 3

Fusion is the corpus-level stage: the runner runs it after the document stages whenever the events it reads
changed since its last run, and then recomputes it as a whole (every event is compared with its neighbours
across documents).  This measures, over one SQLite store holding the synthetic corpus (every document
stage marked done, as after ``garrison process``):

* ``noop``: ``pipeline.run(store)`` when nothing changed — the pending-work query and the corpus stage's check;
* ``full``: the same after ``forget_corpus_run("fusion")`` — loading every event, fusing, writing (the baseline);
* ``one_new_report``: the same after one more document went through the document stages — fusion re-runs whole.

Each repetition times the three in turn and takes the ratios pair by pair; the medians are printed as JSON.
The store is built once (``--db``; reused when it already holds the corpus).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

from garrison import pipeline
from garrison.eval.synthetic import events_corpus
from garrison.model import Analysis, Claim, Document, Event, Evidence, Precision, TimeSpan
from garrison.store import Store

DOCUMENT_STAGES = [s for s in pipeline.STAGES.values() if s.scope == pipeline.DOCUMENT]
BATCH = 2000


def save_processed(store: Store, analyses: list[Analysis]) -> None:
    """Store analyses as the document stages would (their events; the other outputs empty), marked done."""
    for stage in DOCUMENT_STAGES:
        store.save_stage(stage.name, stage.produces, analyses, 0.0)


def build(store: Store, n_events: int) -> dict[str, float]:
    started = time.perf_counter()
    events, documents, _ = events_corpus(n_events)
    by_document: dict[str, list[Event]] = {}
    for event in events:
        by_document.setdefault(event.document_id, []).append(event)
    ids = list(documents)
    for start in range(0, len(ids), BATCH):
        chunk = [documents[i] for i in ids[start:start + BATCH]]
        store.add_documents([(d, None) for d in chunk])
        save_processed(store, [Analysis(d, events=by_document.get(d.id, [])) for d in chunk])
    return {"build_seconds": round(time.perf_counter() - started, 1), "documents": len(ids), "events": len(events)}


def one_more_report(store: Store, number: int) -> None:
    text = f"Bench report {number}: troops arrived at the base in June."
    doc = Document(text=text, outlet="Bench Wire", published=date(2024, 7, 1))
    store.add_document(doc)
    june = TimeSpan(date(2024, 6, 1), date(2024, 6, 30), Precision.MONTH, "2024-06")
    event = Event("DEPLOY", doc.id, trigger="arrived", time=june,
                  claims=[Claim("", doc.id, [Evidence(0, len(text), text)], outlet="Bench Wire")])
    save_processed(store, [Analysis(doc, events=[event])])


def timed(store: Store) -> tuple[float, dict]:
    started = time.perf_counter()
    summary = pipeline.run(store)
    return time.perf_counter() - started, summary.corpus["fusion"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", default="/tmp/garrison-fusion-rerun.db", help="SQLite file for the store")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    store = Store(f"sqlite:///{Path(args.db).resolve()}")
    info: dict = {"events_requested": args.events}
    if store.queries.status()["events"] < args.events * 0.99:
        info |= build(store, args.events)
    timed(store)  # brings fusion up to date (and warms the caches)
    info["stored_events"] = store.queries.status()["events"]
    rows = []
    for r in range(args.repeat):
        noop, outcome = timed(store)
        assert not outcome["ran"], outcome
        store.forget_corpus_run("fusion")
        full, outcome = timed(store)
        assert outcome["ran"], outcome
        one_more_report(store, r)
        one_new, outcome = timed(store)
        assert outcome["ran"] and outcome["why"] == "stale", outcome
        rows.append({"noop": noop, "full": full, "one_new_report": one_new, "happenings": outcome["happenings"]})
    median = {k: round(statistics.median(row[k] for row in rows), 3) for k in ("noop", "full", "one_new_report")}
    info |= {
        "seconds_median": median,
        "noop_over_full": round(statistics.median(row["noop"] / row["full"] for row in rows), 4),
        "one_new_report_over_full": round(statistics.median(row["one_new_report"] / row["full"] for row in rows), 3),
        "happenings": rows[-1]["happenings"],
        "runs": [{k: round(v, 3) for k, v in row.items()} for row in rows],
    }
    print(json.dumps(info, indent=1))
    store.close()


if __name__ == "__main__":
    main()
