"""Find and normalise the time expressions of a text: the functional core of the dates stage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from garrison.dates.grammar import rules
from garrison.dates.normalise import NORMALIZERS, Context, Output
from garrison.model import Precision, TimeExpression, TimeSpan

POINT_PRECISIONS = (Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.QUARTER, Precision.SEASON, Precision.YEAR)


@dataclass
class _Candidate:
    rule: str
    match: re.Match[str]
    start: int
    end: int


    priority: int  # the rule's place in the grammar: earlier wins a tie


def _candidates(text: str, language: str) -> list[_Candidate]:
    found = []
    # rules of a kind share one trigger pattern (the month names serve eight rules): each searched once
    present: dict[re.Pattern[str], bool] = {}
    for priority, rule in enumerate(rules(language)):
        if rule.trigger is not None:
            if rule.trigger not in present:
                present[rule.trigger] = rule.trigger.search(text) is not None
            if not present[rule.trigger]:
                continue
        for m in rule.pattern.finditer(text):
            start, end = (m.start("x"), m.end("x")) if m.groupdict().get("x") else (m.start(), m.end())
            if end > start and "\n" not in text[start:end]:
                found.append(_Candidate(rule.name, m, start, end, priority))
    return found


def _clusters(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Overlapping candidates grouped, groups in text order."""
    groups: list[list[_Candidate]] = []
    reach = -1
    for cand in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if cand.start < reach:
            groups[-1].append(cand)
            reach = max(reach, cand.end)
        else:
            groups.append([cand])
            reach = cand.end
    return groups


def find_time_expressions(
    text: str,
    dct: date | None = None,
    *,
    language: str | None = "en",
    anchor_inferred: bool = False,
    document_id: str = "",
) -> list[TimeExpression]:
    """Every time expression in ``text`` with its TIMEX3 type and value resolved against ``dct``."""
    language = "fr" if (language or "").lower().startswith("fr") else "en"
    ctx = Context(text=text, dct=dct, language=language)
    results: list[TimeExpression] = []
    for group in _clusters(_candidates(text, language)):
        # Longest reading first; when the normaliser rejects it ('the fall of …'), a shorter one may stand.
        accepted: list[tuple[_Candidate, Output]] = []
        for cand in sorted(group, key=lambda c: (-(c.end - c.start), c.priority)):
            if any(cand.start < end and start < cand.end for start, end in (_held(a, o) for a, o in accepted)):
                continue
            out = NORMALIZERS[cand.rule](cand.match, ctx)
            if out is not None:
                accepted.append((cand, out))
        for cand, out in sorted(accepted, key=lambda pair: pair[0].start):
            results.append(_emit(text, cand, out, ctx, dct, anchor_inferred, document_id))
    return results


def _held(cand: _Candidate, out: Output) -> tuple[int, int]:
    """The characters an accepted reading keeps from other rules: its whole match, or only its own extent when it
    leaves the rest to them ("17" of "on 17 and 21 June", whose "21 June" another rule reads)."""
    if out.leaves_rest and out.start is not None and out.end is not None:
        return out.start, out.end
    return cand.start, cand.end


def _emit(text: str, cand: _Candidate, out: Output, ctx: Context, dct: date | None, anchor_inferred: bool,
          document_id: str) -> TimeExpression:
    start = out.start if out.start is not None else cand.start
    end = out.end if out.end is not None else cand.end
    expression_text = text[start:end]
    span = None
    if out.span is not None:
        relative = cand.rule not in ("iso_date", "numeric_date", "year", "year_range", "apostrophe_year", "decade") and not out.explicit_year
        span = TimeSpan(
            start=out.span.start,
            end=out.span.end,
            precision=out.span.precision,
            value=out.value,
            text=expression_text,
            anchor=dct,
            anchor_inferred=bool(anchor_inferred and relative and dct is not None),
        )
    if out.type in ("DATE", "TIME") and out.span is not None and out.span.precision in POINT_PRECISIONS:
        ctx.last = out.span
        ctx.history.append(out.span)
    if out.explicit_year and out.span is not None:
        ctx.sentence_year.setdefault(ctx.sentence_index(start), out.span.start.year)
    return TimeExpression(document_id=document_id, start=start, end=end, text=expression_text, type=out.type,
                          value=out.value, span=span)
