"""The ``entities`` stage: fills ``analysis.mentions`` and ``analysis.entities``.

The shared spaCy parse (``garrison.nlp.ensure_parsed``) gives the general names; the domain
layer (:mod:`garrison.entities.matcher`) the equipment, armed groups, units and bases the
general model misreads; :mod:`garrison.entities.nominals` the common-noun actors and offices news
gold marks; :mod:`garrison.entities.resolve` ties all of them to canonical entities. Mentions with
source ``nominal`` are phrases around names or common nouns, nested around the name mentions.
"""

from __future__ import annotations

from garrison import config, nlp
from garrison.config import Settings
from garrison.entities.resolve import analyse
from garrison.model import Analysis


def run(batch: list[Analysis], settings: Settings | None = None) -> list[Analysis]:
    settings = settings or config.settings()
    nlp.ensure_parsed(batch, settings.nlp_batch_size)
    for analysis in batch:
        analysis.mentions, analysis.entities = analyse(analysis.document, analysis.nlp_doc)
    return batch
