"""The ``events`` stage: typed events with arguments, attribution and stance for each document.

Works out of the box from the reviewed lexicons and the ACLED codebook typing (each event's
sentence decides its sub-type; ``type_confidence`` and ``typed_by`` are stored with it).  When the
settings name an events model (``Settings.events_model``, from ``GARRISON_EVENTS_MODEL``) made by
``garrison train events``, the model's label for each event's sentence re-types the generic (PLOVER)
events it disagrees with where it is confident; the military-presence types the rules find (DEPLOY,
TRANSFER, BASE_PRESENCE, ORG_CHANGE, CONSTRUCTION) are kept.
"""

from __future__ import annotations

from garrison import config, nlp
from garrison.config import Settings
from garrison.events import carryover, classifier, continuation, extract, happening, recipients, salience
from garrison.model import Analysis


def run(batch: list[Analysis], settings: Settings | None = None) -> list[Analysis]:
    settings = settings or config.settings()
    nlp.ensure_parsed(batch, settings.nlp_batch_size)
    for analysis in batch:
        events = continuation.add(analysis, happening.retype(analysis, salience.mark(analysis, extract.events_of(analysis))))
        analysis.events = recipients.add(analysis, carryover.carry(analysis, events))
    classifier.type_events(batch)
    if settings.events_model:
        classifier.retype(batch, classifier.load(settings.events_model))
    return batch
