"""TempEval-3 style scoring of time expressions against gold TIMEX3 annotations.

Spans: strict (same offsets) and relaxed (overlapping) precision, recall and F1.  Attributes
(type, value) are compared on the relaxed matches; their accuracy times the relaxed F1 is
the attribute F1, as the TempEval-3 scorer computes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from garrison.eval.gold import GoldError, read_records
from garrison.eval.metrics import ratios
from garrison.model import TimeExpression

REQUIRED = ("id", "dct", "text", "timexes")
TIMEX_REQUIRED = ("start", "end", "text", "type", "value")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class GoldDocument:
    id: str
    dct: date
    text: str
    timexes: tuple[GoldTimex, ...]
    language: str = "en"  # optional field 'language' of the gold line


def _document(row: dict, where: str) -> GoldDocument:
    try:
        dct = date.fromisoformat(str(row["dct"])[:10])
    except ValueError:
        raise GoldError(f"{where}: field 'dct' is not a YYYY-MM-DD date: {row['dct']!r}") from None
    timexes = []
    for i, t in enumerate(row["timexes"]):
        for key in TIMEX_REQUIRED:
            if key not in t:
                raise GoldError(f"{where}: timexes[{i}] missing field '{key}'")
        if not (isinstance(t["start"], int) and isinstance(t["end"], int) and 0 <= t["start"] < t["end"] <= len(row["text"])):
            raise GoldError(f"{where}: timexes[{i}] field 'start'/'end' out of the text")
        timexes.append(GoldTimex(t["start"], t["end"], t["text"], t["type"], str(t["value"])))
    return GoldDocument(str(row["id"]), dct, row["text"], tuple(timexes), str(row.get("language") or "en"))


def read_gold(path: Path, limit: int | None = None) -> list[GoldDocument]:
    return read_records(path, _document, REQUIRED, limit=limit)


@dataclass
class Tally:
    """Counts over the documents scored so far: expressions in the gold and the system output, strict and
    relaxed span matches, and right types and values among the relaxed matches."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0
    errors: list[dict] = field(default_factory=list)

    def add(self, gold: Iterable[GoldTimex], system: Iterable[TimeExpression], doc_id: str = "", keep_errors: bool = False) -> None:
        gold, system = list(gold), list(system)
        self.gold += len(gold)
        self.system += len(system)
        used: set[int] = set()
        for g in gold:
            exact = next((i for i, s in enumerate(system) if i not in used and (s.start, s.end) == (g.start, g.end)), None)
            overlap = exact if exact is not None else next(
                (i for i, s in enumerate(system) if i not in used and s.start < g.end and g.start < s.end), None)
            if overlap is None:
                if keep_errors:
                    self.errors.append({"doc": doc_id, "kind": "missed", "gold": g.text, "value": g.value})
                continue
            used.add(overlap)
            s = system[overlap]
            self.relaxed += 1
            self.strict += exact is not None
            self.type_correct += s.type == g.type
            self.value_correct += (s.value or "") == g.value
            if keep_errors and (exact is None or s.value != g.value or s.type != g.type):
                self.errors.append({"doc": doc_id, "kind": "mismatch", "gold": g.text, "system": s.text,
                                    "gold_type": g.type, "type": s.type, "gold_value": g.value, "value": s.value})
        if keep_errors:
            for i, s in enumerate(system):
                if i not in used:
                    self.errors.append({"doc": doc_id, "kind": "spurious", "system": s.text, "value": s.value})

    def metrics(self) -> dict[str, float | int]:
        sp, sr, sf = ratios(self.strict, self.system, self.gold)
        rp, rr, rf = ratios(self.relaxed, self.system, self.gold)
        type_accuracy = self.type_correct / self.relaxed if self.relaxed else 0.0
        value_accuracy = self.value_correct / self.relaxed if self.relaxed else 0.0
        return {
            "gold_timexes": self.gold,
            "system_timexes": self.system,
            "strict_matches": self.strict,
            "relaxed_matches": self.relaxed,
            "strict_precision": sp, "strict_recall": sr, "strict_f1": sf,
            "relaxed_precision": rp, "relaxed_recall": rr, "relaxed_f1": rf,
            "type_accuracy": type_accuracy, "type_f1": type_accuracy * rf,
            "value_accuracy": value_accuracy, "value_f1": value_accuracy * rf,
        }


Predictor = Callable[[GoldDocument], list[TimeExpression]]

# MEANTIME annotates time expressions in each article's title, dateline and first sentences
# only (one per line, six lines in all); the rest of the text carries no annotation, so that
# system output there is neither right nor wrong.
def line_limit(text: str, lines: int | None) -> int:
    """The character offset where the first ``lines`` lines of ``text`` end (the whole text for None)."""
    if lines is None:
        return len(text)
    offset = 0
    for _ in range(lines):
        newline = text.find("\n", offset)
        if newline < 0:
            return len(text)
        offset = newline + 1
    return offset


def detect_scope(documents: list[GoldDocument], most_lines: int = 12) -> int | None:
    """The number of first lines that carry annotation, when the gold is annotated like MEANTIME.

    N is one more than the last line holding a gold expression in any document.  When N is
    small (at most ``most_lines``) while most documents run longer, the rest of each text
    was left unannotated and only the first N lines are scored; otherwise the whole text is.
    """
    last_line = -1
    for doc in documents:
        for t in doc.timexes:
            last_line = max(last_line, doc.text.count("\n", 0, t.start))
    if last_line < 0 or last_line + 1 > most_lines:
        return None
    lines = last_line + 1
    longer = sum(line_limit(d.text, lines) < len(d.text) for d in documents)
    return lines if longer * 2 > len(documents) else None


def evaluate(documents: Iterable[GoldDocument], predict: Predictor, keep_errors: bool = False,
             lines: int | None = None) -> Tally:
    tally = Tally()
    for doc in documents:
        limit = line_limit(doc.text, lines)
        system = [t for t in predict(doc) if t.start < limit]
        tally.add([t for t in doc.timexes if t.start < limit], system, doc.id, keep_errors)
    return tally
