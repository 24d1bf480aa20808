"""Property tests: every reader, fed generated hostile input, yields only storable Documents and named Rejects.

The long campaign is bench/fuzz_readers.py (figures in docs/reliability.md); this is its short version.
"""

from __future__ import annotations

import io
import resource
import time

import pytest
from hostile_inputs import INPUTS, KINDS, hostile_text, problems, read
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.ingest import Reject, iter_inputs
from garrison.ingest.documents import Found, build_document
from garrison.ingest.reject import Rejected

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


@pytest.mark.parametrize("kind", KINDS)
def test_every_reader_survives_hostile_input(kind):
    @FUZZ
    @given(INPUTS[kind])
    def property_(data: bytes) -> None:
        started = time.monotonic()
        assert problems(read(kind, data)) == []
        assert time.monotonic() - started < 10

    property_()


@FUZZ
@given(hostile_text)
def test_building_a_document_from_any_text_is_a_document_or_a_named_reject(text):
    try:
        document = build_document(Found(text, "fuzz", "text", title=text[:50]))
    except Rejected as rejected:
        assert rejected.reason in ("empty", "invalid-unicode")
        return
    document.text.encode("utf-8")
    assert "\x00" not in document.text and document.text.strip()


@pytest.mark.parametrize("name, text", [
    ("emoji", "Troops crossed the border. " + "👩‍👩‍👧" * 10_000),
    ("combining", "Troops crossed" + "\u0301" * 10_000 + " the border."),
    ("rtl-and-joiners", ("\u202eTroops\u200d crossed\u2066 the border\u202c. ") * 2_000),
    ("nul-in-json", '{"text": "Troops \\u0000 crossed the border near Kidal on Monday."}'),
])
def test_pathological_unicode_in_every_text_reader(name, text):
    for kind in ("text", "markdown", "html", "json", "jsonl"):
        data = text.encode() if not text.startswith("{") or kind in ("json", "jsonl") else text.encode()
        items = read(kind, data)
        assert problems(items) == [], (kind, problems(items))


def test_a_10_mb_line_is_bounded_in_time_and_memory():
    line = ("Troops crossed the border near Kidal. " * 300_000)[: 10 * 1024 * 1024].encode()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    items = list(iter_inputs("-", stdin=io.BytesIO(line + b"\n")))
    assert time.monotonic() - started < 120
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 1_500_000  # kB
    assert problems(items) == [] and len(items) == 1
    over = list(iter_inputs("-", stdin=io.BytesIO(b"x" * (10 * 1024 * 1024 + 10))))
    assert [r.reason for r in over if isinstance(r, Reject)] == ["too-large"]


@pytest.mark.slow
def test_every_stage_survives_what_ingest_lets_through():
    """The stages' entry: whatever text ingest accepts (hostile Unicode included) runs through each stage."""
    from garrison import config, pipeline
    from garrison.model import Analysis

    stages = [s for s in pipeline.stage_order() if s.scope == pipeline.DOCUMENT]
    run_settings = config.settings()

    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(hostile_text, min_size=1, max_size=4))
    def property_(texts):
        batch = []
        for text in texts:
            try:
                batch.append(Analysis(document=build_document(Found(text + " Troops crossed near Kidal.", "f", "text"))))
            except Rejected:
                continue
        result = pipeline.process_batch(batch, stages, {}, run_settings)
        assert result.failures == []  # the runner would isolate a crash: here any crash is a finding
        assert all(a.document.text for a in result.analyses)

    property_()
