"""spaCy pipelines, loaded once per process and shared by the stages.

The stages that need a parse call :func:`ensure_parsed`; within one in-memory run the
parse is made once and kept on ``Analysis.nlp_doc`` for the stages after.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from garrison import config
from garrison.model import Analysis

# Components none of the stages read.  Keeping them off is most of the speed.
_UNUSED = ("lemmatizer",)
# Texts longer than this are cut into paragraphs before parsing: spaCy refuses > 1,000,000 chars.
MAX_CHARS = 900_000


@functools.cache
def load(language: str):
    import spacy

    name = config.SPACY_MODELS.get(language, config.SPACY_MODELS[config.DEFAULT_LANGUAGE])
    nlp = spacy.load(name, exclude=[c for c in _UNUSED])
    nlp.max_length = MAX_CHARS + 10
    return nlp


def model_language(language: str | None) -> str:
    return language if language in config.SPACY_MODELS else config.DEFAULT_LANGUAGE


def safe_text(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS]


def ensure_parsed(batch: Sequence[Analysis]) -> None:
    """Attach a spaCy Doc to every analysis in the batch that lacks one, one ``nlp.pipe`` per language."""
    by_language: dict[str, list[Analysis]] = {}
    for analysis in batch:
        if analysis.nlp_doc is None:
            by_language.setdefault(model_language(analysis.document.language), []).append(analysis)
    for language, group in by_language.items():
        nlp = load(language)
        docs = nlp.pipe((safe_text(a.document.text) for a in group), batch_size=config.NLP_BATCH_SIZE)
        for analysis, doc in zip(group, docs):
            analysis.nlp_doc = doc


def pipe(texts: Iterable[str], language: str = "en"):
    """Bare ``nlp.pipe`` — the baseline the benchmarks divide by."""
    return load(model_language(language)).pipe(texts, batch_size=config.NLP_BATCH_SIZE)
