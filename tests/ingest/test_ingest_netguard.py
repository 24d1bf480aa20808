"""No SSRF: fetches refuse loopback, private, link-local, multicast and reserved addresses in every spelling,
re-check each redirect hop and connect only to the address that was checked (a real server on 127.0.0.1)."""

from __future__ import annotations

import ipaddress
import socket
import subprocess
import sys

import pytest
from ingest_helpers import Route, collect

from garrison.ingest import netguard

STORY = ("Chadian officials said a column of armoured vehicles crossed into Libya near the Salvador Pass overnight, "
         "escorted by foreign contractors, and headed towards the Maaten al-Sarra air base.")
LOOPBACK_SPELLINGS = ["127.0.0.1", "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "127.1", "localhost",
                      "[::ffff:127.0.0.1]", "[::ffff:7f00:1]"]


@pytest.fixture
def story(server):
    server.routes["/story"] = Route(body=STORY.encode(), content_type="text/plain")
    return server


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_every_spelling_of_loopback_is_refused_without_a_request(story, host):
    port = story.httpd.server_address[1]
    url = f"http://{host}:{port}/story"
    docs, (reject,) = collect(url)
    assert docs == [] and (reject.source, reject.reason) == (url, "blocked-address")
    assert "loopback" in reject.detail and "--allow-private" in reject.detail
    assert story.hits == []


def test_the_allowance_opens_loopback(story):
    (doc,), rejects = collect(story.url("/story"), allow_private=True)
    assert rejects == [] and doc.text == STORY


def test_a_caller_supplied_client_is_guarded_too(story, client):
    _, (reject,) = collect(story.url("/story"), client=client)
    assert reject.reason == "blocked-address" and story.hits == []


@pytest.mark.parametrize("address, problem", [
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
    ("100.64.0.1", "not globally routable"), ("224.0.0.251", "multicast"), ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"), ("::1", "loopback"), ("fe80::1", "link-local"), ("fc00::1", "private"),
    ("ff02::1", "multicast"), ("::ffff:10.0.0.1", "private"), ("64:ff9b::7f00:1", "loopback"),
    ("2002:7f00:1::", "loopback"), ("192.0.2.1", "private"),
])
def test_blocked_address_kinds(address, problem):
    assert netguard.address_problem(ipaddress.ip_address(address)).startswith(problem)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8", "1.1.1.1"])
def test_public_addresses_pass(address):
    assert netguard.address_problem(ipaddress.ip_address(address)) is None


def test_each_redirect_hop_is_checked(story):
    """Only 127.0.0.1 is opened: a redirect to another loopback address is refused before it is requested."""
    port = story.httpd.server_address[1]
    story.routes["/hop"] = Route(302, headers={"Location": f"http://127.0.0.2:{port}/story"})
    _, (reject,) = collect(story.url("/hop"), allow_private=["127.0.0.1/32"])
    assert reject.reason == "blocked-address" and "redirected to http://127.0.0.2" in reject.detail
    story.routes["/hop-ok"] = Route(302, headers={"Location": "/story"})
    (doc,), _ = collect(story.url("/hop-ok"), allow_private=["127.0.0.1/32"])
    assert doc.text == STORY


def test_feed_entry_links_to_loopback_are_refused(tmp_path, story):
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
            f'<item><title>Entry</title><link>{story.url("/story")}</link><description>Teaser.</description></item>'
            '</channel></rss>')
    (tmp_path / "feed.xml").write_text(feed)
    docs, (reject,) = collect(str(tmp_path / "feed.xml"))
    assert docs == [] and reject.reason == "blocked-address" and story.hits == []


def test_the_connection_goes_to_the_checked_address(story, monkeypatch):
    """DNS rebinding: a name answering an allowed address at check time and a blocked one later is refused
    at connect time, because the guarded backend connects only to addresses it has just checked."""
    port = story.httpd.server_address[1]
    answers = iter(["127.0.0.1"] + ["10.9.9.9"] * 10)
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    _, (reject,) = collect(f"http://rebind.test:{port}/story", allow_private=["127.0.0.1/32"])
    assert reject.reason == "blocked-address" and "10.9.9.9" in reject.detail
    assert story.hits == []


def test_the_guarded_client_refuses_on_its_own():
    with netguard.guarded_client(timeout=1) as client, pytest.raises(netguard.BlockedAddress):
        client.get("http://127.0.0.1:9/")
    with pytest.raises(netguard.BlockedAddress):
        netguard.check_url("http://[::1]:9/")
    with pytest.raises(ValueError):
        netguard.check_url("file:///etc/passwd")


def test_cli_ingest_refuses_loopback_and_allow_private_opens_it(story, tmp_path):
    db = str(tmp_path / "store.db")
    command = [sys.executable, "-m", "garrison.cli.main", "ingest", "--db", db, story.url("/story")]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "blocked-address" in refused.stdout + refused.stderr
    assert story.hits == []
    allowed = subprocess.run(command + ["--allow-private"], capture_output=True, text=True, timeout=120)
    assert allowed.returncode == 0 and "stored 1 document" in allowed.stdout
