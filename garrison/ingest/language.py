"""Language identification with lingua, restricted to config.DETECTED_LANGUAGES (low memory)."""

from __future__ import annotations

from functools import cache

from garrison import config

SAMPLE_CHARS = 500  # a paragraph is enough to tell the language, and detection cost grows with length
MIN_CHARS = 20  # below this, a guess is noise


@cache
def detector():  # -> lingua.LanguageDetector, built once per process
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in config.DETECTED_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language among the configured ones, or None when unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    language = detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else None
