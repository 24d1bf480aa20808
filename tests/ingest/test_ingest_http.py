"""Pages, feeds and every HTTP failure, against a real server on 127.0.0.1."""

from __future__ import annotations

from datetime import date

from ingest_helpers import FIXTURES, Route, collect

from garrison.model import DateSource


def collect_local(target: str, **options):
    """The test server is on 127.0.0.1: these tests open private addresses (see test_ingest_netguard.py)."""
    return collect(target, allow_private=True, **options)

PAGE = (FIXTURES / "page.html").read_bytes()
STORY = (
    "Chadian officials said a column of armoured vehicles crossed into Libya near the Salvador Pass overnight, "
    "escorted by foreign contractors, and headed towards the Maaten al-Sarra air base."
)


def test_page_is_fetched_and_extracted(server, client):
    server.routes["/article"] = Route(body=PAGE)
    (doc,), rejects = collect_local(server.url("/article"), client=client)
    assert rejects == []
    assert doc.source_path == server.url("/article") and doc.url == server.url("/article")
    assert doc.meta["canonical_url"] == "https://sahel-defence.example/2025/01/21/air-defence-libya"
    assert doc.title == "Russian air defence systems moved to eastern Libya"
    assert (doc.published, doc.published_source) == (date(2025, 1, 21), DateSource.METADATA)


def test_default_client_follows_a_redirect(server):
    server.routes["/old"] = Route(301, headers={"Location": "/new"})
    server.routes["/new"] = Route(body=STORY.encode(), content_type="text/plain")
    (doc,), _ = collect_local(server.url("/old"))
    assert doc.url == server.url("/new") and doc.text == STORY


def feed_xml(server, entries: int = 3) -> bytes:
    items = "".join(
        f"<item><title>Entry {n}</title><link>{server.url(f'/story/{n}')}</link>"
        f"<pubDate>Mon, 0{n} Dec 2024 08:00:00 GMT</pubDate><description>Teaser {n}.</description></item>"
        for n in range(1, entries + 1)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Border Desk</title>{items}</channel></rss>'.encode()


def test_feed_entries_without_full_text_are_fetched_from_their_link(server, client):
    server.routes["/feed"] = Route(body=feed_xml(server), content_type="application/rss+xml")
    for n in (1, 2, 3):
        server.routes[f"/story/{n}"] = Route(body=f"<html><body><article><p>{STORY} Story {n}.</p></article></body></html>".encode())
    docs, rejects = collect_local(server.url("/feed"), client=client)
    assert rejects == []
    assert [d.title for d in docs] == ["Entry 1", "Entry 2", "Entry 3"]
    assert [d.url for d in docs] == [server.url(f"/story/{n}") for n in (1, 2, 3)]
    assert all(d.meta["text_from"] == "link" and d.outlet == "Border Desk" for d in docs)
    assert docs[1].text.endswith("Story 2.")
    assert (docs[0].published, docs[0].published_source) == (date(2024, 12, 1), DateSource.FEED)


def test_feed_fetching_is_bounded(server, client):
    server.routes["/feed"] = Route(body=feed_xml(server, entries=5), content_type="application/xml")
    for n in range(1, 6):
        server.routes[f"/story/{n}"] = Route(body=f"<p>{STORY}</p>".encode())
    docs, _ = collect_local(server.url("/feed"), client=client, max_feed_entries=2)
    assert len(docs) == 2
    assert [hit for hit in server.hits if hit.startswith("/story/")] == ["/story/1", "/story/2"]


def test_a_failing_entry_link_is_rejected_and_the_feed_goes_on(server, client):
    server.routes["/feed"] = Route(body=feed_xml(server, entries=2), content_type="application/rss+xml")
    server.routes["/story/2"] = Route(body=f"<p>{STORY}</p>".encode())
    docs, rejects = collect_local(server.url("/feed"), client=client)
    assert [d.title for d in docs] == ["Entry 2"]
    assert [(r.source, r.reason) for r in rejects] == [(server.url("/feed") + "#1", "http-error")]
    assert "404" in rejects[0].detail and "/story/1" in rejects[0].detail


def test_http_errors(server, client):
    server.routes["/gone"] = Route(410, b"gone", "text/plain")
    server.routes["/broken"] = Route(500, b"oops", "text/plain")
    for path, status in (("/missing", "404"), ("/gone", "410"), ("/broken", "500")):
        _, (reject,) = collect_local(server.url(path), client=client)
        assert (reject.source, reject.reason) == (server.url(path), "http-error")
        assert status in reject.detail and server.url(path) in reject.detail


def test_unreachable_host(closed_port, client):
    url = f"http://127.0.0.1:{closed_port}/x"
    _, (reject,) = collect_local(url, client=client)
    assert (reject.source, reject.reason) == (url, "unreachable")


def test_redirect_loop(server, client):
    server.routes["/loop"] = Route(302, headers={"Location": "/loop"})
    _, (reject,) = collect_local(server.url("/loop"), client=client)
    assert reject.reason == "redirect-loop" and server.url("/loop") in reject.detail
    assert 1 < len(server.hits) <= 6


def test_timeout(server, client):
    server.routes["/slow"] = Route(body=b"late", delay=2.0)
    _, (reject,) = collect_local(server.url("/slow"), client=client)
    assert (reject.source, reject.reason) == (server.url("/slow"), "timeout")


def test_response_over_max_bytes(server, client):
    server.routes["/huge"] = Route(body=b"a" * 5000, content_type="text/plain")
    _, (reject,) = collect_local(server.url("/huge"), client=client, max_bytes=1000)
    assert reject.reason == "too-large"


def test_empty_and_binary_responses(server, client):
    server.routes["/empty"] = Route(body=b"", content_type="text/html")
    server.routes["/image"] = Route(body=b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png")
    assert [r.reason for r in collect_local(server.url("/empty"), client=client)[1]] == ["empty"]
    assert [r.reason for r in collect_local(server.url("/image"), client=client)[1]] == ["binary"]


def test_a_trickling_server_hits_the_overall_deadline(server):
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def trickle() -> None:
        connection, _ = listener.accept()
        connection.recv(4096)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
        try:
            for _ in range(40):  # one byte every 0.1 s: each read is quick, the whole is not
                connection.sendall(b"a")
                threading.Event().wait(0.1)
        except OSError:
            pass
        finally:
            connection.close()
            listener.close()

    threading.Thread(target=trickle, daemon=True).start()
    url = f"http://127.0.0.1:{port}/drip"
    _, (reject,) = collect_local(url, timeout=0.25)
    assert (reject.source, reject.reason) == (url, "timeout") and "1 s" in reject.detail


def test_an_entry_whose_link_is_not_a_page_is_rejected_alone(server, client):
    server.routes["/feed"] = Route(body=feed_xml(server, entries=3), content_type="application/rss+xml")
    server.routes["/story/1"] = Route(body=f"<p>{STORY}</p>".encode())
    server.routes["/story/2"] = Route(body=b"%PDF-1.4 binary", content_type="application/pdf")
    server.routes["/story/3"] = Route(body=f"<p>{STORY} Third.</p>".encode())
    docs, rejects = collect_local(server.url("/feed"), client=client)
    assert [d.title for d in docs] == ["Entry 1", "Entry 3"]
    assert [(r.source, r.reason) for r in rejects] == [(server.url("/feed") + "#2", "binary")]
