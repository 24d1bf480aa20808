"""The web edge's defences: who may write, where the server may listen, what a page may load.

Garrison holds sensitive material, so the defaults are closed: reads only from loopback, writes only with a
token, no cross-origin access, a Content-Security-Policy that forbids inline and foreign script, bounded
request bodies, and errors that say what went wrong without saying how the server is built.
"""

from __future__ import annotations

import hmac
import ipaddress
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    # Leaflet and vis-timeline position elements with style attributes; no script can come from a style.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]

LOOPBACK_NAMES = ("localhost",)


class BindRefused(ValueError):
    """Listening beyond this machine without a token would publish the store to the network."""


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    if not is_loopback(host) and not token:
        raise BindRefused(
            f"refusing to listen on {host} without a token: anyone who can reach it could read the store. "
            "Pass --token (or set GARRISON_TOKEN), or listen on 127.0.0.1."
        )


def token_matches(header: str | None, token: str | None) -> bool:
    if not token or not header:
        return False
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def _problem(status: int, error: str) -> tuple[dict, bytes]:
    body = json.dumps({"error": error, "detail": None}).encode()
    return ({"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                         *SECURITY_HEADERS]}, body)


class EdgeMiddleware:
    """Security headers on every response, a Host allow-list (against DNS rebinding) and body-size limits.

    Pure ASGI rather than a Starlette BaseHTTPMiddleware: it can stop a body that grows past the limit while it
    streams in, before the application buffers it.
    """

    def __init__(self, app: ASGIApp, *, allowed_hosts: set[str], max_body: int, max_upload: int,
                 upload_paths: tuple[str, ...] = ("/api/ingest",)):
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.max_body = max_body
        self.max_upload = max_upload
        self.upload_paths = upload_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        hostname = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if hostname.lower() not in self.allowed_hosts:
            start, body = _problem(421, f"this server does not answer for host {hostname[:80]!r}")
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        if b"%00" in scope.get("query_string", b"") or "\x00" in scope["path"]:
            start, body = _problem(400, "NUL characters are not accepted in a URL")
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        multipart = headers.get(b"content-type", b"").startswith(b"multipart/form-data")
        limit = self.max_upload if multipart and scope["path"] in self.upload_paths else self.max_body
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            start, body = _problem(413, f"request body larger than {limit} bytes")
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return

        received = 0
        too_large = False

        async def bounded_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise BodyTooLarge(limit)
            return message

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in SECURITY_HEADERS if h[0] not in present)]}
            await send(message)

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                start, body = _problem(413, f"request body larger than {limit} bytes")
                await send(start)
                await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(f"request body larger than {limit} bytes")
        self.limit = limit
