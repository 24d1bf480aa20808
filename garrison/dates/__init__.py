"""Time expressions: recognition and normalisation against the document's publication date (DCT).

``infer_document_date`` dates a document that has no known publication date from the
explicit dates in its text; ``find_time_expressions`` finds and resolves the TIMEX3
expressions of a text (the stage in :mod:`garrison.dates.stage` runs it over a batch).
"""

from garrison.dates.infer import infer_document_date
from garrison.dates.recognise import find_time_expressions

__all__ = ["find_time_expressions", "infer_document_date"]
