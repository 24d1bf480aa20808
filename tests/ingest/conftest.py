"""Fixtures for the ingest tests: a real HTTP server on 127.0.0.1, an HTTP client, a closed port."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest
from ingest_helpers import Server


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    running.thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(follow_redirects=True, max_redirects=5, timeout=httpx.Timeout(1.0)) as made:
        yield made


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
