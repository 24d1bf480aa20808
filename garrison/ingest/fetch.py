"""HTTP(S) fetching with bounded size, redirects and time; every failure becomes a Rejected.

Every hop of a fetch, redirects included, is checked by :mod:`garrison.ingest.netguard` before it
is requested; the client made here also connects only to the checked addresses."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from garrison import config
from garrison.ingest import netguard
from garrison.ingest.reject import Rejected

USER_AGENT = "garrison/0.1 (news reader for research)"
DEFAULT_TIMEOUT = config.FETCH_TIMEOUT  # seconds, for connect and for each read
MAX_REDIRECTS = 10


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str | None


def is_url(target: str) -> bool:
    return target.lower().startswith(("http://", "https://"))


def make_client(timeout: float = DEFAULT_TIMEOUT, *, allow_private: netguard.Allowance = False) -> httpx.Client:
    return netguard.guarded_client(
        timeout=timeout,
        allow_private=allow_private,
        follow_redirects=False,  # fetch() follows them itself, checking each hop
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT},
    )


def fetch(client: httpx.Client, url: str, *, max_bytes: int, deadline: float = 4 * DEFAULT_TIMEOUT,
          allow_private: netguard.Allowance = False) -> Fetched:
    """GET ``url``; raises Rejected with reason blocked-address, unreachable, timeout, redirect-loop,
    http-error or too-large.

    ``deadline`` bounds the whole download in seconds, redirects included: the client's timeouts
    apply to each read, and a server that trickles bytes would otherwise never time out."""
    started = time.monotonic()
    current = url
    try:
        for _hop in range(client.max_redirects + 1):
            netguard.check_url(current, allow_private=allow_private)
            with client.stream("GET", current, follow_redirects=False) as response:
                if response.is_redirect and response.next_request is not None:
                    current = str(response.next_request.url)
                    continue
                return _read_body(response, url, max_bytes, started, deadline)
        raise Rejected("redirect-loop", f"{url} redirected more than {client.max_redirects} times", url)
    except netguard.BlockedAddress as blocked:
        via = "" if current == url else f" (redirected to {current})"
        raise Rejected("blocked-address", f"{url}{via}: {blocked.detail}", url) from None
    except ValueError as error:  # check_url: a redirect to a non-http(s) URL
        raise Rejected("unreachable", f"{url} is not a fetchable URL ({error})", url) from None
    except httpx.TooManyRedirects:
        raise Rejected("redirect-loop", f"{url} redirected more than {client.max_redirects} times", url) from None
    except httpx.TimeoutException as error:
        raise Rejected("timeout", f"{url} timed out ({type(error).__name__})", url) from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise Rejected("unreachable", f"{url} is not a fetchable URL ({error})", url) from None
    except httpx.HTTPError as error:  # connect, read, protocol errors
        raise Rejected("unreachable", f"{url} could not be fetched ({type(error).__name__}: {error})", url) from None


def _read_body(response: httpx.Response, url: str, max_bytes: int, started: float, deadline: float) -> Fetched:
    if response.status_code >= 400:
        raise Rejected("http-error", f"HTTP {response.status_code} {response.reason_phrase} for {url}", url)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise Rejected("too-large", f"{url} declares {int(declared):,} bytes, over the limit of {max_bytes:,}", url)
    body = bytearray()
    for chunk in response.iter_bytes():
        body.extend(chunk)
        if time.monotonic() - started > deadline:
            raise Rejected("timeout", f"{url} took more than {deadline:g} s to download", url)
        if len(body) > max_bytes:
            raise Rejected("too-large", f"{url} sent more than {max_bytes:,} bytes", url)
    return Fetched(str(response.url), bytes(body), response.headers.get("content-type"))
