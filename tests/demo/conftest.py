"""Session fixtures over the demo corpus's truth files (helpers live in demo_corpus.py)."""

from __future__ import annotations

import pytest

from demo_corpus import TRUTH, load_jsonl, read_text


@pytest.fixture(scope="session")
def documents() -> list[dict]:
    return load_jsonl(TRUTH / "documents.jsonl")


@pytest.fixture(scope="session")
def documents_by_id(documents) -> dict[str, dict]:
    return {d["doc"]: d for d in documents}


@pytest.fixture(scope="session")
def texts(documents) -> dict[str, str]:
    return {d["doc"]: read_text(d["doc"]) for d in documents}


@pytest.fixture(scope="session")
def events() -> list[dict]:
    return load_jsonl(TRUTH / "events.jsonl")


@pytest.fixture(scope="session", params=["ner", "time", "geo"])
def span_truth(request) -> tuple[str, list[dict]]:
    return request.param, load_jsonl(TRUTH / f"{request.param}.jsonl")
