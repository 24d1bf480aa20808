"""The security points of the web edge, each against a real server."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from garrison.api.security import BindRefused, check_bind

from .helpers import _free_port, start_server


def _post(api, token: str | None = None, **kw) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return httpx.post(api.url + "/api/ingest", headers=headers, timeout=30, **kw)


def _wait(api, job_id: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = api.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("the ingest job did not finish")


def test_writes_need_the_token(api):
    upload = {"files": ("report.txt", b"A new report about the base at Jufra, long enough to be read as text.")}
    assert _post(api, files=upload).status_code == 401
    assert _post(api, token="wrong", files=upload).status_code == 401
    response = _post(api, token=api.token, files=upload)
    assert response.status_code == 202, response.text
    job = _wait(api, response.json()["id"])
    assert job["state"] == "done" and job["ingest"]["stored"] == 1
    assert api.get("/api/status").json()["documents"] == 6
    hits = api.get("/api/documents", params={"q": "Jufra"}).json()["items"]
    assert len(hits) == 1


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_writes_are_refused_when_the_server_has_no_token(store_url):
    from garrison.api.app import create_app
    from garrison.store import Store

    port = _free_port()
    server, thread = start_server(create_app(Store(store_url)), port)
    try:
        response = httpx.post(f"http://127.0.0.1:{port}/api/ingest", headers={"authorization": "Bearer x"},
                              files={"files": ("a.txt", b"text")})
        assert response.status_code == 403 and "--token" in response.json()["error"]
    finally:
        server.should_exit = True
        thread.join(10)


def test_url_ingest_refuses_private_addresses(api):
    for url in ("http://127.0.0.1:9/secret", "http://169.254.169.254/latest/meta-data", "file:///etc/passwd",
                "http://10.0.0.1/", "http://0x7f000001/", "http://2130706433/", "http://127.1/",
                "http://[::ffff:127.0.0.1]/", "http://localhost:8000/"):
        response = _post(api, token=api.token, json={"urls": [url]})
        assert response.status_code == 400, url
        assert "error" in response.json()


def test_request_size_is_limited(api):
    big = b"x" * (64 * 1024 + 1)
    response = httpx.post(api.url + "/api/ingest", content=big, timeout=30,
                          headers={"authorization": f"Bearer {api.token}", "content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"].startswith("request body larger")


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_upload_size_is_limited(store_url):
    from garrison.api.app import create_app
    from garrison.store import Store

    port = _free_port()
    server, thread = start_server(create_app(Store(store_url), token="t", max_upload=10_000, process_uploads=False), port)
    try:
        response = httpx.post(f"http://127.0.0.1:{port}/api/ingest", headers={"authorization": "Bearer t"},
                              files={"files": ("big.txt", b"word " * 5000)})
        assert response.status_code == 413
        small = httpx.post(f"http://127.0.0.1:{port}/api/ingest", headers={"authorization": "Bearer t"},
                           files={"files": ("small.txt", b"word " * 100)})
        assert small.status_code == 202
    finally:
        server.should_exit = True
        thread.join(10)


def test_page_security_headers_and_no_cors(api):
    page = api.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert page.headers["x-content-type-options"] == "nosniff"
    for response in (
        api.get("/api/happenings", headers={"origin": "https://evil.example"}),
        httpx.options(api.url + "/api/happenings", headers={
            "origin": "https://evil.example", "access-control-request-method": "GET"}),
    ):
        assert not any(k.lower().startswith("access-control-") for k in response.headers)


def test_unknown_host_header_is_refused(api):
    # DNS rebinding: a page on evil.example that resolves to 127.0.0.1 must not read the store.
    response = api.get("/api/happenings", headers={"host": "evil.example"})
    assert response.status_code == 421


def test_errors_carry_no_stack_trace(api):
    with api.store.engine.begin() as c:  # the store breaks under the server: a real internal error
        c.exec_driver_sql("DROP TABLE presences")
    response = api.get("/api/presence")
    assert response.status_code == 500
    assert response.json() == {"error": "internal error: the server log says more", "detail": None}
    assert "Traceback" not in response.text and "presences" not in response.text


def test_binding_beyond_loopback_needs_a_token(tmp_path):
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    check_bind("0.0.0.0", "a-token")
    with pytest.raises(BindRefused):
        check_bind("0.0.0.0", None)
    done = subprocess.run([sys.executable, "-m", "garrison.cli.main", "serve", "--host", "0.0.0.0", "--db",
                           str(tmp_path / "x.db")], capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 2 and "without a token" in done.stderr
