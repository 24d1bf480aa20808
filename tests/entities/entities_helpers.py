"""Helpers for the entities tests: texts tagged through the real stage (the model loads once per process)."""

from __future__ import annotations

from garrison.entities import stage
from garrison.model import Analysis, Document


def tag(*texts: str, language: str = "en") -> list[Analysis]:
    return stage.run([Analysis(Document(text=t, language=language)) for t in texts])


def spans(analysis: Analysis) -> dict[str, str]:
    """Mention text -> label (the last one wins; tests use texts where that is unambiguous)."""
    return {m.text: str(m.label) for m in analysis.mentions}


def entity_of(analysis: Analysis, text: str) -> str | None:
    return next((m.entity_id for m in analysis.mentions if m.text == text), None)


def equipment(analysis: Analysis) -> dict[str, object]:
    """The EQUIPMENT mentions of a tagged text, by their text."""
    return {m.text: m for m in analysis.mentions if str(m.label) == "EQUIPMENT"}


def outermost(analysis: Analysis) -> set[str]:
    """The EQUIPMENT mentions no other EQUIPMENT mention holds."""
    ms = [m for m in analysis.mentions if str(m.label) == "EQUIPMENT"]
    return {m.text for m in ms if not any(o is not m and o.start <= m.start and m.end <= o.end
                                          and (o.start, o.end) != (m.start, m.end) for o in ms)}
