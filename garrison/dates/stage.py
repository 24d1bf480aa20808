"""The dates stage: fill ``analysis.timexes`` from the document text and its publication date.

Rule based and parse-free.  A document without a publication date is anchored on the
date its text implies (:func:`garrison.dates.infer_document_date`); expressions resolved
against such an anchor, or against a publication date that was itself inferred, carry
``anchor_inferred=True``.
"""

from __future__ import annotations

from datetime import date

from garrison.config import Settings
from garrison.dates.infer import infer_document_date
from garrison.dates.recognise import find_time_expressions
from garrison.model import Analysis, DateSource


def document_anchor(analysis: Analysis) -> tuple[date | None, bool]:
    """The DCT to resolve against and whether it is an inference rather than a reported date."""
    document = analysis.document
    if document.published is not None:
        return document.published, document.published_source == DateSource.INFERRED
    inferred = infer_document_date(document.text)
    if inferred is None:
        return None, False
    return inferred[0], True


def run(batch: list[Analysis], settings: Settings | None = None) -> list[Analysis]:
    for analysis in batch:
        dct, inferred = document_anchor(analysis)
        analysis.timexes = find_time_expressions(
            analysis.document.text,
            dct,
            language=analysis.document.language or "en",
            anchor_inferred=inferred,
            document_id=analysis.document.id,
        )
    return batch
