"""The ``events`` stage: typed events with arguments, attribution and stance for each document.

Works out of the box from the reviewed lexicons.  When ``GARRISON_EVENTS_MODEL`` names a
model file made by ``garrison train events``, the model's label for each event's sentence
re-types the generic (PLOVER) events it disagrees with; the military-presence types the
rules find (DEPLOY, TRANSFER, BASE_PRESENCE, ORG_CHANGE, CONSTRUCTION) are kept.
"""

from __future__ import annotations

import os

from garrison import nlp
from garrison.events import extract
from garrison.model import Analysis

MODEL_ENV = "GARRISON_EVENTS_MODEL"


def run(batch: list[Analysis], model_path: str | None = None) -> list[Analysis]:
    nlp.ensure_parsed(batch)
    for analysis in batch:
        analysis.events = extract.events_of(analysis)
    path = model_path or os.environ.get(MODEL_ENV)
    if path:
        from garrison.events import classifier

        classifier.retype(batch, classifier.load(path))
    return batch
