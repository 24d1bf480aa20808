"""Span-level scoring of the entities stage against NER gold (``{"id", "text", "entities": [...]}``).

*Exact*: a predicted span counts when its start, end and label equal a gold span's.
*Partial*: a predicted span counts when it overlaps a still unmatched gold span of the same label
(each gold span is matched at most once, predictions taken left to right).

A label map (``--labels re3d`` or a JSON file of the same shape) renames gold labels and groups
predicted labels into families before comparing: with ``re3d``, ``Organisation`` gold spans are
matched by any of ORG, ARMED_GROUP and MIL_UNIT (the family ``ORGANISATION``), ``Location`` by GPE,
LOC and FACILITY (``LOCATION``), ``Weapon`` and ``MilitaryPlatform`` by EQUIPMENT.  Gold labels the
map ignores (dates, quantities …) and predicted labels it does not name are left out of the score.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from garrison import config
from garrison.eval.gold import GoldError, read_records
from garrison.eval.metrics import prf
from garrison.model import Analysis, Document

LABEL_MAPS = config.DATA_DIR / "entities" / "label_maps"


@dataclass
class GoldDoc:
    id: str
    text: str
    spans: list[tuple[int, int, str]]
    language: str = "en"


@dataclass
class LabelMap:
    name: str
    gold: dict[str, str] | None = None  # None: labels compared as they are
    predicted: dict[str, str] | None = None
    ignored_gold: frozenset[str] = frozenset()
    nominal_mentions: bool = False  # the gold marks common-noun mentions ("the regime", "the Foreign Secretary")

    def gold_label(self, label: str) -> str | None:
        if self.gold is None:
            return label
        return self.gold.get(label)

    def predicted_label(self, label: str) -> str | None:
        if self.predicted is None:
            return label
        return self.predicted.get(label)


IDENTITY = LabelMap("identity")


def load_label_map(spec: str | None) -> LabelMap:
    """A bundled map by name (``re3d``) or a JSON file with ``gold``, ``predicted`` and ``ignored_gold``."""
    if not spec:
        return IDENTITY
    path = Path(spec)
    if not path.is_file():
        path = LABEL_MAPS / f"{spec}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in LABEL_MAPS.glob("*.json")))
        raise ValueError(f"unknown label map {spec!r}: not a file and not one of {known}")
    data = json.loads(path.read_text(encoding="utf-8"))
    return LabelMap(data.get("name", path.stem), data.get("gold"), data.get("predicted"),
                    frozenset(data.get("ignored_gold", ())), bool(data.get("nominal_mentions", False)))


def _document(row: dict, where: str) -> GoldDoc:
    text = row.get("text")
    if not isinstance(text, str):
        raise GoldError(f"{where}: field 'text' missing or not a string")
    entities = row.get("entities", [])
    if not isinstance(entities, list):
        raise GoldError(f"{where}: field 'entities' is not a list")
    spans = []
    for i, ent in enumerate(entities):
        if not isinstance(ent, dict):
            raise GoldError(f"{where}: entities[{i}] is not an object")
        start, end, label = ent.get("start"), ent.get("end"), ent.get("label")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            raise GoldError(f"{where}: entities[{i}]: start/end {start!r}/{end!r} not within the text")
        if not isinstance(label, str) or not label:
            raise GoldError(f"{where}: entities[{i}]: field 'label' missing")
        spans.append((start, end, label))
    return GoldDoc(str(row.get("id", where)), text, spans, str(row.get("language") or "en"))


def read_gold(path: Path, limit: int | None = None) -> tuple[list[GoldDoc], list[str]]:
    """Gold documents and the errors of the lines that could not be read."""
    errors: list[str] = []
    return read_records(path, _document, errors=errors, limit=limit), errors


def score(gold: list[list[tuple[int, int, str]]], predicted: list[list[tuple[int, int, str]]],
          label_map: LabelMap = IDENTITY) -> dict[str, Any]:
    """Per-label and micro exact/partial P/R/F1 of predicted spans against gold spans, document by document."""
    counts = {kind: Counter() for kind in ("gold", "predicted", "exact", "partial")}
    for gold_spans, predicted_spans in zip(gold, predicted):
        g = [(s, e, label_map.gold_label(lab)) for s, e, lab in gold_spans if lab not in label_map.ignored_gold]
        g = [span for span in g if span[2]]
        p = [(s, e, label_map.predicted_label(lab)) for s, e, lab in predicted_spans]
        p = sorted({span for span in p if span[2]})
        counts["gold"].update(lab for _, _, lab in g)
        counts["predicted"].update(lab for _, _, lab in p)
        gold_set = Counter(g)
        for span in p:
            if gold_set[span] > 0:
                gold_set[span] -= 1
                counts["exact"][span[2]] += 1
        unmatched = sorted(g)
        used = [False] * len(unmatched)
        for s, e, lab in p:
            for i, (gs, ge, glab) in enumerate(unmatched):
                if not used[i] and glab == lab and gs < e and s < ge:
                    used[i] = True
                    counts["partial"][lab] += 1
                    break
    labels = sorted(set(counts["gold"]) | set(counts["predicted"]))
    report: dict[str, Any] = {}
    for label in labels:
        exact = prf(counts["exact"][label], counts["predicted"][label], counts["gold"][label])
        partial = prf(counts["partial"][label], counts["predicted"][label], counts["gold"][label])
        report[label] = {"exact": exact, "partial": partial,
                         "precision": exact["precision"], "recall": exact["recall"], "f1": exact["f1"]}
    total = {kind: sum(counts[kind].values()) for kind in counts}
    exact = prf(total["exact"], total["predicted"], total["gold"])
    partial = prf(total["partial"], total["predicted"], total["gold"])
    report["micro"] = {"exact": exact, "partial": partial,
                       "precision": exact["precision"], "recall": exact["recall"], "f1": exact["f1"]}
    return report


def flatten(mentions: list[tuple[int, int, str, str]], nominal: bool) -> list[tuple[int, int, str]]:
    """The flat layer of mentions a one-layer gold file can hold.

    The stage nests a name inside the common-noun mention of a group or office ("Syrian" in "the
    Syrian opposition", "Syria" in "the President of Syria"). Gold that marks common-noun mentions
    (``nominal=True``) keeps the outermost mention; name-only gold drops the nominal ones and keeps
    the names inside them.
    """
    kept = [m for m in mentions if nominal or m[3] != "nominal"]
    kept.sort(key=lambda m: (m[0], -m[1], m[3] != "nominal"))
    out: list[tuple[int, int, str]] = []
    reach = -1
    for start, end, label, _ in kept:
        if start < reach:
            continue  # inside (or crossing) a mention already taken
        out.append((start, end, label))
        reach = end
    return out


def predict(docs: list[GoldDoc], batch_size: int | None = None,
            label_map: LabelMap = IDENTITY) -> list[list[tuple[int, int, str]]]:
    """Run the entities stage over the gold texts; the flat layer of spans the map's gold convention holds."""
    from garrison.entities import stage

    size = batch_size or config.PIPELINE_BATCH_SIZE
    out: list[list[tuple[int, int, str]]] = []
    for i in range(0, len(docs), size):
        batch = [Analysis(Document(text=d.text, language=d.language)) for d in docs[i:i + size]]
        for analysis in stage.run(batch):
            out.append(flatten([(m.start, m.end, str(m.label), m.source) for m in analysis.mentions],
                               label_map.nominal_mentions))
            analysis.nlp_doc = None
    return out


# The general model's own labels, for the --bare baseline.
BARE_LABELS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FACILITY",
               "NORP": "NORP", "PRODUCT": "EQUIPMENT"}


def predict_bare(docs: list[GoldDoc]) -> list[list[tuple[int, int, str]]]:
    """The spaCy model's entities alone (PRODUCT read as EQUIPMENT): the baseline the stage improves on."""
    from garrison import nlp

    out: list[list[tuple[int, int, str]]] = []
    for doc, gold in zip(nlp.pipe([d.text for d in docs]), docs):
        out.append([(e.start_char, e.end_char, BARE_LABELS[e.label_]) for e in doc.ents if e.label_ in BARE_LABELS])
    return out


def span_errors(docs: list[GoldDoc], predicted: list[list[tuple[int, int, str]]],
                label_map: LabelMap = IDENTITY) -> list[dict[str, Any]]:
    """Every exact-match error, classified for error analysis.

    ``kind``: ``FP-boundary`` / ``FN-boundary`` (an overlapping span of the same family exists),
    ``FP-label`` / ``FN-label`` (overlapping spans only of other families), ``FP-spurious`` (nothing in
    the gold there), ``FP-ignored`` (over a gold span the map ignores, e.g. a date), ``FN-missed``.
    """
    rows: list[dict[str, Any]] = []
    for doc, spans in zip(docs, predicted):
        gold = [(s, e, label_map.gold_label(lab)) for s, e, lab in doc.spans if lab not in label_map.ignored_gold]
        gold = [g for g in gold if g[2]]
        ignored = [(s, e) for s, e, lab in doc.spans if lab in label_map.ignored_gold]
        pred = sorted({(s, e, label_map.predicted_label(lab), lab) for s, e, lab in spans if label_map.predicted_label(lab)})
        gold_set, pred_set = set(gold), {(s, e, f) for s, e, f, _ in pred}
        for s, e, fam, lab in pred:
            if (s, e, fam) in gold_set:
                continue
            near = [g for g in gold if g[0] < e and s < g[1]]
            if near:
                kind = "FP-boundary" if any(g[2] == fam for g in near) else "FP-label"
            else:
                kind = "FP-ignored" if any(a < e and s < b for a, b in ignored) else "FP-spurious"
            rows.append({"kind": kind, "family": fam, "label": lab, "text": doc.text[s:e], "doc": doc.id,
                         "overlaps": [f"{doc.text[a:b]}/{f}" for a, b, f in near]})
        for s, e, fam in gold:
            if (s, e, fam) in pred_set:
                continue
            near = [p for p in pred if p[0] < e and s < p[1]]
            kind = ("FN-boundary" if any(p[2] == fam for p in near) else "FN-label") if near else "FN-missed"
            rows.append({"kind": kind, "family": fam, "label": "", "text": doc.text[s:e], "doc": doc.id,
                         "overlaps": [f"{doc.text[a:b]}/{lab}" for a, b, _, lab in near]})
    return rows


def evaluate(path: Path, labels: str | None = None, limit: int | None = None, bare: bool = False,
             errors_to: Path | None = None) -> dict[str, Any]:
    label_map = load_label_map(labels)
    docs, errors = read_gold(path, limit)
    predicted = predict_bare(docs) if bare else predict(docs, label_map=label_map)
    if errors_to is not None:
        with errors_to.open("w", encoding="utf-8") as handle:
            handle.write("kind\tfamily\tlabel\ttext\toverlaps\tdoc\n")
            for row in span_errors(docs, predicted, label_map):
                cells = [row["kind"], row["family"], row["label"], row["text"], " | ".join(row["overlaps"]), row["doc"]]
                handle.write("\t".join(" ".join(c.split()) for c in cells) + "\n")
    report = score([d.spans for d in docs], predicted, label_map)
    report["documents"] = len(docs)
    report["label_map"] = label_map.name
    report["system"] = "spacy-bare" if bare else "entities-stage"
    report["errors"] = errors
    return report
