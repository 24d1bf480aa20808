"""Scoring event types against gold JSONL in the ACLED, CASE and PLOVER vocabularies.

Events gold: one short text per line whose main event is labelled (``event_type``,
``sub_event_type``); we read the text, take its main event and project our type into the
gold's vocabulary through the ontology.  (Stance and attribution: :mod:`garrison.eval.stance`.)
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from garrison import nlp
from garrison.config import DATA_DIR
from garrison.eval.benchmarks import stage_functions
from garrison.eval.gold import GoldError, line_number, read_records
from garrison.eval.metrics import ratios
from garrison.events import actor_fields, classifier, lexicon
from garrison.export.acled import coded_days
from garrison.export.base import data as acled_data
from garrison.geo import distance_km

LABEL_SETS = lexicon.Ontology.LABEL_SETS
NO_EVENT = "NONE"


def read_rows(path: Path, required: Sequence[str]) -> list[dict[str, Any]]:
    """The gold rows, each with its line number under ``_line``; a GoldError when the file has none."""
    rows = read_records(path, _numbered, required)
    if not rows:
        raise GoldError(f"{path}: no gold rows")
    return rows


def _numbered(row: dict[str, Any], where: str) -> dict[str, Any]:
    row["_line"] = line_number(where)
    return row


def label_field_for(labels: str) -> str:
    return "sub_event_type" if labels in ("acled-sub", "case") else "event_type"


def default_label_set(rows: Sequence[dict[str, Any]]) -> str:
    ontology = str(rows[0].get("ontology") or "").lower()
    if "case" in ontology:
        return "case"
    if "acled" in ontology:
        pre2019 = set(lexicon.ontology().pre2019["by_event"].values()) - {"Violence against civilians"}
        if any(str(row.get("event_type") or "") in pre2019 for row in rows):
            return "acled-pre2019"  # ACLED's taxonomy before 2019: "Battle-No change of territory", …
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
        precision, recall, f1 = ratios(tp, tp + fp, tp + fn)
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


def project_reading(reading: classifier.Reading, labels: str, gold_space: set[str]) -> str:
    return classifier.project(reading, labels, gold_space)


def evaluate_events(path: Path, labels: str | None = None, model: str | Path | None = None,
                    limit: int | None = None, errors: Path | None = None) -> dict[str, Any]:
    """Score the main event of each gold text; ``errors``: write the misread rows there (JSONL)."""
    rows = read_rows(path, ("text",))
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
        # a gold row that keeps its export's actor codes is read with them, as the user's export would be
        fields = [actor_fields.interaction_codes(row) for row in rows]
        predictions = classifier.predict_detailed(bundle, texts, readings, label_space=set(gold), labels=labels,
                                                  fields=fields)
        onto = lexicon.ontology()
        predictions = [classifier.Prediction(onto.normalise_gold(p.label, labels), p.confidence, p.decided_by)
                       for p in predictions]
        with_fields = bundle.get("with_fields") is not None and labels == bundle["label_set"]
        read_with_codes = sum(1 for f in fields if f is not None) if with_fields else 0
    else:
        read_with_codes = 0
        predictions = [classifier.Prediction(project_reading(r, labels, set(gold)), r.confidence, r.decided_by)
                       for r in readings]
    predicted = [p.label for p in predictions]
    report = classification_report(gold, predicted)
    no_event = sum(1 for p in predicted if p == NO_EVENT)
    report.update({
        "gold": str(path), "labels": labels, "model": str(model) if model else None,
        "no_event": no_event,
        "no_event_rate": round(no_event / len(predicted), 4) if predicted else 0.0,
        "never_predicted": sorted(set(gold) - set(predicted)),
        "decided_by": dict(Counter(p.decided_by for p in predictions)),
        # rows the model read with their export's actor interaction codes (the rest: by their text alone)
        "read_with_actor_codes": read_with_codes,
        "confusions": [
            {"gold": g, "predicted": p, "count": c}
            for (g, p), c in Counter((g, p) for g, p in zip(gold, predicted) if g != p).most_common(15)
        ],
    })
    report.update(_where_and_when(rows, docs))
    if errors is not None:
        report["errors_file"] = str(write_errors(errors, rows, gold, predictions, readings))
    return report


def write_errors(path: Path, rows, gold, predictions, readings) -> Path:
    """One JSON line per misread row: where it is, its text, the gold and our label, how we read it."""
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for row, expected, prediction, reading in zip(rows, gold, predictions, readings):
            if expected == prediction.label:
                continue
            handle.write(json.dumps({
                "line": row["_line"], "id": row.get("id"), "gold": expected, "predicted": prediction.label,
                "type": reading.type, "mode": reading.mode, "trigger": reading.trigger,
                "stance": reading.stance, "confidence": prediction.confidence,
                "decided_by": prediction.decided_by, "text": row["text"],
            }, ensure_ascii=False) + "\n")
    return path


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

    stages = [name for name, _ in stage_functions(("entities", "places", "dates"))]
    wanted = sorted(set(with_location) | set(with_date))
    batch = []
    for i in wanted:
        # the report's own publication date when the gold has one (ACLED rows: two days after the event);
        # never the event date itself, which is what is scored
        analysis = Analysis(Document(text=rows[i]["text"], published=_published(rows[i])))
        analysis.nlp_doc = docs[i]
        batch.append(analysis)
    for _, run in stage_functions(stages):
        batch = run(batch)
    batch = events_stage.run(batch)
    by_row = dict(zip(wanted, batch))
    stored_none = sum(1 for a in batch if not a.events)
    out["stage_no_event"] = {"n": len(batch), "none": stored_none,
                             "rate": round(stored_none / len(batch), 4) if batch else 0.0}
    if with_date:
        exact = stated = exact_stated = strict_stated = day_of_run_stated = from_publication = 0
        alone = exact_alone = 0
        for i in with_date:
            main = _main(by_row[i])
            hit = in_run = False
            gold_day = _gold_date(rows[i])
            if main is not None and main.time is not None:
                from_publication += int(main.time_from_dct)
                # a date taken from the publication is not read from the note: never counted exact
                hit = not main.time_from_dct and main.time.start.isoformat() == str(rows[i]["date"])[:10]
                # ACLED codes a multi-day event as one row per day, each with the same note: the row's day is one
                # of the days of an event read as a run of days (the ACLED export writes one row per day)
                in_run = not main.time_from_dct and gold_day in coded_days(main)
            exact += hit
            how = how_the_date_is_stated(rows[i]["text"], gold_day) if gold_day is not None else None
            if how is not None:
                stated += 1
                strict_stated += hit
                # ACLED codes "over 24-26 June" as three rows of one note: an event dated to the run the note
                # states is exact for each of them (one row per day, as the export writes it)
                fair = hit or (main is not None and not main.time_from_dct and main.time is not None
                               and dated_to_a_stated_run(rows[i]["text"], main.time, gold_day))
                exact_stated += fair
                day_of_run_stated += in_run
                if how == "day":
                    alone += 1
                    exact_alone += fair
        out["date"] = {"n": len(with_date), "exact": round(exact / len(with_date), 4),
                       "n_stated": stated, "exact_stated": round(exact_stated / stated, 4) if stated else None,
                       # exact_stated counts an event dated to the run a note states exact for each of its rows
                       # (dated_to_a_stated_run); this, the scorer before it, only for the run's first day
                       "exact_stated_first_day": round(strict_stated / stated, 4) if stated else None,
                       # beside exact, not instead of it: the row's day is the event's day or one of its run of days
                       "day_of_run_stated": round(day_of_run_stated / stated, 4) if stated else None,
                       # the stated rows whose note writes the gold day by itself, not only inside a run ("24-26 June"):
                       # ACLED codes a run one row per day, and one event's first day can match only one of them
                       "n_stated_alone": alone,
                       "exact_stated_alone": round(exact_alone / alone, 4) if alone else None,
                       "from_publication": round(from_publication / len(with_date), 4),
                       "dates_stage": "dates" in stages}
    if with_location:
        if "places" not in stages:
            out["location"] = {"n": len(with_location), "available": False,
                               "note": "the places stage is not installed: no coordinates to compare"}
        else:
            near25 = near161 = located = first25 = 0
            for i in with_location:
                main = _main(by_row[i])
                gold_lat, gold_lon = float(rows[i]["location"]["lat"]), float(rows[i]["location"]["lon"])
                # ACLED codes a protest in "Assiut, Alexandria, and Suez" as one row per town, each with the same
                # note: the row is scored against the main event's own site of that list
                placed = [e.location for e in _sites_of_main(by_row[i], main) if e.location is not None]
                if not placed:
                    continue
                located += 1
                km = min(distance_km(p.lat, p.lon, gold_lat, gold_lon) for p in placed)
                first = distance_km(placed[0].lat, placed[0].lon, gold_lat, gold_lon)
                first25 += first <= 25
                near25 += km <= 25
                near161 += km <= 161
            n = len(with_location)
            out["location"] = {"n": n, "available": True, "located": located,
                               "within_25km": round(near25 / n, 4), "within_161km": round(near161 / n, 4),
                               # the main event's first site alone, as the scorer read a list before
                               "within_25km_first_site": round(first25 / n, 4)}
    return out


def _gold_date(row: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(row.get("date") or "")[:10])
    except ValueError:
        return None


@functools.cache
def _calendar_words() -> tuple[dict[int, list[str]], dict[int, list[str]], list[str], list[str], dict[str, str]]:
    """From the dates stage's reviewed calendar files: (month number → its names in every language, weekday number →
    its names, deictic day words such as "yesterday" — not parts of the day, "in the morning" says no day —, the
    words for a weekend, the words that join a run of days → "range" or "list")."""
    import csv

    folder = DATA_DIR / "dates"

    def rows(name):
        with (folder / name).open(encoding="utf-8") as handle:
            return list(csv.DictReader(handle, delimiter="\t"))

    months: dict[int, list[str]] = {}
    for row in rows("months.tsv"):
        months.setdefault(int(row["month"]), []).append(row["name"])
    weekdays: dict[int, list[str]] = {}
    for row in rows("weekdays.tsv"):
        weekdays.setdefault(int(row["weekday"]), []).append(row["name"])
    cues = rows("cues.tsv")
    deictic = [row["phrase"] for row in cues if row["class"] == "deictic"]
    joins = {row["phrase"]: row["value"] for row in cues if row["class"] == "day_run_separator"}
    weekend = [row["word"] for row in rows("units.tsv") if row["unit"] == "WE"]
    return months, weekdays, deictic, weekend, joins


def _alternation(words) -> str:
    return "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))


def states_the_date(text: str, day: date) -> bool:
    """Whether a note's text states its event's day itself ("On 3 March", "March 3rd", "on 3/03", "on Friday",
    "yesterday", "2023-03-03", or as one day of a run it writes: "1-4 March", "on 1 and 3 March", "the weekend")
    rather than leaving it to the publication date.  Read from the gold date, not from our dates stage, so that a
    date we miss still counts against us.  See :func:`how_the_date_is_stated`."""
    return how_the_date_is_stated(text, day) is not None


def how_the_date_is_stated(text: str, day: date) -> str | None:
    """"day": the text writes the gold day by itself (ISO, day and month name, day/month in figures as coders write
    it, its weekday's name, a deictic day word, which cannot be checked against a source date the note does not
    give); "run": only as one day of a run of days it writes (a range "1-4 March" holds each of its days, a list
    "1 and 3 March" only the days it names, a weekend its Saturday and Sunday); None: not at all.  A weekday's name
    states only that weekday ("since Monday" says nothing of a Tuesday), and the end of a range ("1-4 March") is a
    day of the run, not a day written by itself."""
    months, weekdays, deictic, weekend, joins = _calendar_words()
    lowered = text.lower()
    if day.isoformat() in text:
        return "day"
    names = _alternation(months.get(day.month, []))
    joined = _alternation(joins)
    number = rf"0?{day.day}(?:st|nd|rd|th|er)?"
    # "Jun.19" as notes glue it, "June 19", "19 June", "19th of June"; not one end of "17-19 June" / "June 19-21"
    not_run_end = "".join(rf"(?<!\b{re.escape(j)}\s)" if j.isalpha() else rf"(?<!{re.escape(j)})(?<!{re.escape(j)}\s)"
                          for j in joins)
    alone = (rf"{not_run_end}\b{number}\s+(?:of\s+)?(?:{names})\b"
             rf"|\b(?:{names})(?:\.\s*|\s+){number}\b(?!\s*(?:{joined})\s*\d)")
    if names and re.search(alone, lowered):
        return "day"
    # coders' day/month in figures ("on 29/06", "29/06/2016"): day first, as ACLED and agency notes write it
    if re.search(rf"(?<![\d/.])0?{day.day}/0?{day.month}(?:/\d{{2,4}})?(?![\d/])", lowered):
        return "day"
    if re.search(rf"\b(?:{_alternation(weekdays.get(day.weekday(), []))})\b", lowered):
        return "day"
    if any(re.search(rf"\b{re.escape(word.lower())}\b", lowered) for word in deictic):
        return "day"
    if _written_runs(lowered, day):
        return "run"
    return None


def dated_to_a_stated_run(text: str, span, day: date) -> bool:
    """Whether an event dated to ``span`` is exact for a row coded on ``day`` of a note telling a run of days: the
    span holds the day, lasts two to ``multi_day.max_days`` days (the runs the ACLED export writes one row per day),
    and begins and ends on days the note states ("over 24-26 June", "June 24-25", "on 17 and 18 June", "the
    weekend", "since Monday (source dated 22/06)").  Not the span of a list with a gap ("on 17 and 21 June" names
    two days, not those between), and never a first day alone: a run of our own making between two days the note
    does not join is as rare as the rows it would excuse."""
    days = (span.end - span.start).days + 1
    if not (span.start <= day <= span.end and 1 < days <= int(acled_data("acled.json")["multi_day"]["max_days"])):
        return False
    if how_the_date_is_stated(text, span.start) is None or how_the_date_is_stated(text, span.end) is None:
        return False
    lowered = text.lower()
    written = _written_runs(lowered, span.start)
    gapped_list = days > 2 and (span.start, span.end, "list") in written
    return not gapped_list or (span.start, span.end, "range") in written


def _written_runs(lowered: str, day: date) -> list[tuple[date, date, str]]:
    """(first day, last day, "range" or "list") of every run of days the lower-cased text writes that holds ``day``:
    a range holds each of its days, a list only the days it names, a weekend its Saturday and Sunday."""
    months, _, _, weekend, joins = _calendar_words()
    names = _alternation(months.get(day.month, []))
    joined = _alternation(joins)
    found_runs: list[tuple[date, date, str]] = []
    if names:
        d = r"(\d{1,2})(?:st|nd|rd|th|er)?"
        runs = (rf"\b{d}\s*({joined})\s*{d}\s+(?:of\s+)?(?:{names})\b"
                rf"|\b(?:{names})(?:\.\s*|\s+){d}\s*({joined})\s*{d}\b")
        for found in re.finditer(runs, lowered):
            first, join, last = [g for g in found.groups() if g is not None]
            first, last = int(first), int(last)
            kind = "range" if joins.get(join) == "range" else "list"
            if day.day in (first, last) or (kind == "range" and first <= day.day <= last):
                try:
                    found_runs.append((day.replace(day=first), day.replace(day=last), kind))
                except ValueError:
                    continue
    if day.weekday() >= 5 and weekend and re.search(rf"\b(?:{_alternation(weekend)})\b", lowered):
        saturday = day - timedelta(days=day.weekday() - 5)
        found_runs.append((saturday, saturday + timedelta(days=1), "range"))
    return found_runs


def _published(row: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(row.get("published") or "")[:10])
    except ValueError:
        return None


def _sites_of_main(analysis, main) -> list:
    """The main event and, when it was told once per site of a list, its events at the list's other sites (the same
    trigger, each with ``coordinated_sites``): ACLED's rows of one note, one per listed town."""
    if main is None:
        return []
    if not main.attributes.get("coordinated_sites"):
        return [main]
    span = main.attributes.get("trigger_span")
    return [main] + [e for e in analysis.events if e is not main and e.type == main.type
                     and e.attributes.get("trigger_span") == span and e.attributes.get("coordinated_sites")]


def _main(analysis):
    if not analysis.events:
        return None
    doc = analysis.nlp_doc

    def rank(event):
        # the earliest event whose trigger is in the parse (the classifier's ranking: see classifier.main_event)
        start = event.attributes.get("trigger_span", [0])[0]
        span = doc.char_span(start, event.attributes.get("trigger_span", [0, 0])[1], alignment_mode="expand")
        return (span is None, start)

    return min(analysis.events, key=rank)
