"""The hand-written store on each back end, served over real HTTP."""

from __future__ import annotations

import pytest

from garrison.store import Store

from .helpers import Running, _free_port, fill, start_server


@pytest.fixture
def api(store_url):
    """The hand-written store on this back end, served over real HTTP with a write token."""
    from garrison.api.app import create_app

    store = Store(store_url)
    facts = fill(store)
    port = _free_port()
    token = "s3cret-token"
    server, thread = start_server(create_app(store, token=token, process_uploads=False), port)
    try:
        yield Running(f"http://127.0.0.1:{port}", store, token, facts)
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()
