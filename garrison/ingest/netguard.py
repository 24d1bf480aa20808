"""Which addresses a fetch may reach: public ones only, unless the user opens their intranet.

A page or a feed entry names the URL Garrison fetches, so an adversarial outlet could point it at
the machine itself (``http://127.0.0.1:5432``, ``http://2130706433``, ``http://[::ffff:127.0.0.1]``),
at the local network, or at a cloud metadata service (169.254.169.254).  Every host is resolved
once, every address it resolves to is checked, and the connection goes to the checked address
itself, so a DNS answer that changes between check and connect (rebinding) gains nothing.

Use :func:`check_url` before a request made with any client, and :func:`guarded_client` (or
:func:`guard_transport`) so that the connections themselves, redirect hops included, are checked::

    from garrison.ingest import netguard

    netguard.check_url(url)                      # raises BlockedAddress
    with netguard.guarded_client(timeout=15) as client:
        client.get(url)                          # raises BlockedAddress on a blocked hop
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# What may be reached besides public addresses: nothing (False), everything (True), or these networks
# (CIDR strings such as "10.20.0.0/16": one intranet, not the whole private space).
Allowance = bool | Iterable[str]
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, RFC 6052 and RFC 8215).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class BlockedAddress(Exception):
    """A URL whose host is, or resolves to, an address fetches must not reach."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def address_problem(address: IPAddress) -> str | None:
    """Why a fetch must not connect to ``address`` ("loopback", "private" …), or None when it may."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or _nat64_ipv4(address)
        if address.sixtofour is not None:
            embedded = address.sixtofour
        if address.teredo is not None:
            embedded = address.teredo[1]
        if embedded is not None:
            problem = address_problem(embedded)
            return f"{problem} (IPv4 {embedded} inside)" if problem else None
    for problem, test in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if test:
            return problem
    if not address.is_global:  # shared address space (100.64/10), documentation ranges …
        return "not globally routable"
    return None


def _nat64_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def allowed_networks(allow_private: Allowance) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None:
    """The networks an allowance opens; None for all of them.  Raises ValueError for a bad CIDR."""
    if allow_private is True:
        return None
    if allow_private is False:
        return []
    return [ipaddress.ip_network(cidr.strip(), strict=False) for cidr in allow_private if cidr.strip()]


def resolve(host: str, port: int, *, allow_private: Allowance = False) -> list[str]:
    """The addresses ``host`` resolves to, each checked; raises BlockedAddress if any is blocked.

    One blocked address refuses the host: a name resolving to a public and a loopback address
    would otherwise reach the loopback one whenever the public one fails.  The resolver reads
    every IPv4 spelling (``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1``) as inet_aton does,
    and ``localhost`` names through /etc/hosts, so the check sees the address a connect would use.
    """
    host = host.strip("[]")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from None
    addresses = list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))
    opened = allowed_networks(allow_private)
    if opened is not None:
        for text in addresses:
            address = ipaddress.ip_address(text)
            problem = address_problem(address)
            if problem and not any(address in network for network in opened):
                shown = host if host == text else f"{host} ({text})"
                raise BlockedAddress(f"{shown}: {problem} address, not fetched without --allow-private")
    return addresses


def check_url(url: str, *, allow_private: Allowance = False) -> list[str]:
    """Check an http(s) URL's host before a request; returns the checked addresses.

    Raises BlockedAddress for a blocked host, ValueError for a URL that is not http(s) with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url} is not an http(s) URL with a host")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as error:
        raise ValueError(f"{url} has an invalid port ({error})") from None
    return resolve(parts.hostname, port, allow_private=allow_private)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to addresses that passed :func:`resolve`."""

    def __init__(self, *, allow_private: Allowance = False) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for address in resolve(host, port, allow_private=self.allow_private):
            try:  # an address literal: the socket layer does no second lookup
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as error:
                last_error = error
        raise last_error or httpcore.ConnectError(f"no address for {host}")


def guard_transport(transport: httpx.HTTPTransport, *, allow_private: Allowance = False) -> httpx.HTTPTransport:
    """Make an httpx transport connect through :class:`GuardedBackend` (TLS still checks the name)."""
    pool = transport._pool  # httpcore.ConnectionPool; httpx offers no public hook for its backend
    if not hasattr(pool, "_network_backend"):
        raise RuntimeError("this httpcore version keeps its network backend elsewhere; update netguard")
    pool._network_backend = GuardedBackend(allow_private=allow_private)
    return transport


def guarded_client(*, timeout: float, allow_private: Allowance = False, **options: Any) -> httpx.Client:
    """An httpx client whose every connection, redirect hops included, goes to a checked address.

    Proxies from the environment are not used: a proxy would make the connection on our behalf,
    to an address this module never sees."""
    transport = guard_transport(httpx.HTTPTransport(trust_env=False), allow_private=allow_private)
    return httpx.Client(transport=transport, timeout=httpx.Timeout(timeout), trust_env=False, **options)
