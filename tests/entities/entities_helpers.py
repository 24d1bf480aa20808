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
