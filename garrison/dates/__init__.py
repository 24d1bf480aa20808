"""Time expressions: recognition and normalisation against the document's publication date (DCT).

``infer_document_date`` dates a document that has no known publication date from the
explicit dates in its text.
"""

from garrison.dates.infer import infer_document_date

__all__ = ["infer_document_date"]
