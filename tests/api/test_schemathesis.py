"""Property-based requests generated from the OpenAPI document: whatever a client sends, no 5xx, and every
answer matches the schema it promises."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from garrison.store import Store

from .helpers import _free_port, fill, start_server


@pytest.fixture
def api_schema(store_url):
    from garrison.api.app import create_app

    store = Store(store_url)
    fill(store)
    port = _free_port()
    server, thread = start_server(create_app(store, token="fuzz-token", process_uploads=False), port)
    try:
        yield schemathesis.openapi.from_url(f"http://127.0.0.1:{port}/api/openapi.json")
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()


def test_no_server_error_and_answers_match_the_schema(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def exercise(case):
            response = case.call(timeout=30)
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} {case.query}: {response.text[:300]}")
            if response.status_code < 300:
                case.validate_response(response)

        exercise()
