"""The ``fusion`` stage, the corpus-level stage: every document's events fused into happenings, and the
presence timelines those give.

It reads ``Corpus.events`` (what the events stage produced for every document) and ``Corpus.documents``
(publication dates, outlets, duplicate links) and writes ``happenings`` and ``presences``.  The runner calls
it once the documents are through and only when some document's events changed since its last run: fusion
compares every event with its neighbours across documents, so its outputs are recomputed as a whole.
"""

from __future__ import annotations

from garrison.config import Settings
from garrison.fusion.cluster import fuse
from garrison.fusion.timeline import presence
from garrison.model import Corpus


def run(corpus: Corpus, settings: Settings | None = None) -> Corpus:
    corpus.happenings = fuse(corpus.events, corpus.documents)
    corpus.presences = presence(corpus.happenings, corpus.events, corpus.documents)
    return corpus
