"""The web app in headless chromium, as an analyst uses it: map, evidence, filters, timeline, documents."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from .conftest import open_app


def count(page) -> int:
    return int(page.get_attribute("#count", "data-count"))


def only_local(page, base: str) -> None:
    outside = [u for u in page.requests if not (u.startswith(base) or u.startswith("data:"))]
    assert outside == [], outside
    assert page.errors == []


def test_demo_happenings_appear_on_the_map(page, demo_url):
    open_app(page, demo_url)
    listed = httpx.get(demo_url + "/api/happenings", params={"limit": 10000}).json()["items"]
    assert count(page) == len(listed) > 50
    assert int(page.get_attribute("#map", "data-points")) > 10
    page.wait_for_selector(".leaflet-marker-icon.marker-cluster, path.happening")
    page.wait_for_selector("path.country-hit")  # country-level reports shade their country, no pin
    assert page.locator(".presence-icon").count() > 0
    only_local(page, demo_url)


def test_clicking_a_happening_shows_its_claims_with_the_sentence_highlighted(page, demo_url):
    corroborated = httpx.get(demo_url + "/api/happenings", params={"min_reports": 2, "limit": 500}).json()["items"]
    target = next(h for h in corroborated if h["location"] and h["location"]["precision"] <= 2)
    loc = target["location"]
    open_app(page, f"{demo_url}/?z=12&lat={loc['lat']}&lon={loc['lon']}")
    marker = page.locator("path.h-" + target["id"].replace(":", ""))
    marker.click(force=True)
    page.wait_for_selector("#panel .claim")
    selected = page.evaluate("() => window.garrison.state.sel")
    at_same_place = {h["id"] for h in corroborated + httpx.get(demo_url + "/api/happenings", params={
        "limit": 10000}).json()["items"] if h["location"] and h["location"]["id"] == loc["id"]}
    assert selected in at_same_place
    detail = httpx.get(f"{demo_url}/api/happenings/{selected}").json()
    claims = [c for e in detail["events"] for c in e["claims"]]
    assert page.locator("#panel .claim").count() == len(claims)
    assert page.locator("#panel q.evidence mark.trigger").count() >= 1
    first = claims[0]["evidence"][0]["text"].strip()
    assert first[:40] in page.inner_text("#panel")
    assert f"{detail['reports']} independent report" in page.inner_text("#panel .reports")
    assert "sel=" in page.url


def test_a_filter_changes_the_visible_count_and_lives_in_the_url(page, demo_url, browser):
    open_app(page, demo_url)
    before = count(page)
    page.select_option("#f-type", "DEPLOY")
    page.wait_for_function(f"() => document.getElementById('count').dataset.count !== '{before}'")
    expected = len(httpx.get(demo_url + "/api/happenings", params={"type": "DEPLOY", "limit": 10000}).json()["items"])
    assert count(page) == expected < before
    assert parse_qs(urlsplit(page.url).query)["type"] == ["DEPLOY"]
    again = browser.new_page()  # the link alone reproduces the view
    open_app(again, page.url)
    assert count(again) == expected and again.input_value("#f-type") == "DEPLOY"
    again.close()
    export = page.get_attribute("#export-csv", "href")
    rows = httpx.get(demo_url + export).text.strip().splitlines()
    assert len(rows) == expected + 1  # header + exactly what is shown


def test_a_timeline_window_filters_the_map(page, demo_url):
    open_app(page, demo_url)
    before = count(page)
    points_before = int(page.get_attribute("#map", "data-points"))
    box = page.locator("#timeline .vis-center").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + 20)
    for _ in range(8):
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(120)
    page.wait_for_function(f"() => document.getElementById('count').dataset.count !== '{before}'", timeout=10_000)
    assert count(page) < before
    assert int(page.get_attribute("#map", "data-points")) <= points_before
    assert page.inner_text("#window-label").startswith("time window ")
    query = parse_qs(urlsplit(page.url).query)
    assert "from" in query and "to" in query
    shown = page.evaluate("() => window.garrison.shown.map(h => [h.time.start, h.time.end])")
    assert all(end >= query["from"][0] and start <= query["to"][0] for start, end in shown)


def test_document_text_is_shown_as_text_and_runs_nothing(page, hostile_url):
    hits = httpx.get(hostile_url + "/api/documents", params={"q": "pwned"}).json()["items"]
    doc_id = hits[0]["id"]
    page.goto(f"{hostile_url}/?view=doc&doc={doc_id}")
    page.wait_for_selector("#doc-text span")
    text = page.inner_text("#doc-text")
    assert "<script>window.__pwned = 1</script>" in text and 'onerror="window.__pwned = 2"' in text
    assert page.locator("#doc-text img, #doc-text script").count() == 0
    mobilize = next(h for h in httpx.get(hostile_url + "/api/happenings").json()["items"] if h["type"] == "MOBILIZE")
    page.goto(f"{hostile_url}/?sel={mobilize['id']}")
    page.wait_for_selector("#panel .claim")
    assert "<img src=x onerror=" in page.inner_text("#panel")
    assert page.locator("#panel img, #panel script").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None
    only_local(page, hostile_url)


def test_keyboard_search_next_and_close(page, demo_url):
    open_app(page, demo_url)
    before = count(page)
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "f-q"
    page.keyboard.type("Tinzaouaten")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.getElementById('count').dataset.count !== '{before}'")
    assert 0 < count(page) < before
    page.keyboard.press("Escape")  # leaves the search box
    page.keyboard.press("j")
    page.wait_for_selector("#panel .claim")
    page.keyboard.press("Escape")
    page.wait_for_selector("#panel .hint")
    page.keyboard.press("3")
    assert page.is_visible("#view-presence") and page.locator("#presence-table tbody tr").count() > 0


def test_no_layout_shift_when_the_panel_opens_and_phone_width_works(browser, demo_url):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    open_app(page, demo_url)
    before = page.locator("#map").bounding_box()
    page.keyboard.press("j")
    page.wait_for_selector("#panel .claim")
    assert page.locator("#map").bounding_box() == before
    page.close()
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    open_app(phone, demo_url)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert phone.locator("#map").bounding_box()["width"] <= 390
    phone.keyboard.press("j")
    phone.wait_for_selector("#panel .claim")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    phone.close()


def test_api_docs_come_from_local_assets(page, demo_url):
    page.goto(demo_url + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "Garrison" in page.inner_text(".swagger-ui .info .title")
    only_local(page, demo_url)


def test_many_happenings_aggregate_on_the_timeline_and_all_are_on_the_map_when_counted(page, crowded_url):
    open_app(page, crowded_url)
    assert count(page) == 2400
    # When counted, every pinned happening is in the clusterer's index, and the view (fitted to them all) draws
    # each one once: the clusters' counts and the single pins add up to all of them.
    assert page.evaluate("() => window.garrison.cluster.points.length") == int(
        page.get_attribute("#map", "data-points")) == 2400
    drawn = page.evaluate("() => [...document.querySelectorAll('.marker-cluster span')]"
                          ".reduce((n, s) => n + Number(s.textContent), 0)"
                          " + document.querySelectorAll('path.happening').length")
    assert drawn == 2400
    # One request for the listing: the one prefetch.js made early, taken over by the app.
    assert len([u for u in page.requests if "/api/happenings?" in u]) == 1
    bins = page.evaluate("() => window.garrison.timeline.itemsData.get().filter(i => i.className === 'aggregate')"
                         ".map(i => [i.id, Number(i.content.textContent)])")
    assert 0 < len(bins) < 400 and sum(n for _id, n in bins) == 2400  # counts, not 2,400 items
    # Selecting a count makes its span the time window: the map and the count follow.
    first = sorted(bins)[0][0]
    page.evaluate(f"() => window.garrison.timeline.setSelection(['{first}'], {{}})")
    page.evaluate(f"() => window.garrison.timeline.emit('select', {{items: ['{first}'], event: null}})")
    page.wait_for_function("() => document.getElementById('count').dataset.count !== '2400'")
    query = parse_qs(urlsplit(page.url).query)
    shown = page.evaluate("() => window.garrison.shown.map(h => [h.time.start, h.time.end])")
    assert 0 < count(page) < 2400 and all(e >= query["from"][0] and s <= query["to"][0] for s, e in shown)
    # Zoomed in that far, the timeline holds the happenings themselves.
    page.wait_for_function("() => window.garrison.timeline.itemsData.get().some(i => i.id.startsWith('h:'))")
    assert not page.evaluate("() => window.garrison.timeline.itemsData.get().some(i => i.className === 'aggregate')")
    only_local(page, crowded_url)


def test_the_list_is_drawn_when_opened(page, crowded_url):
    open_app(page, crowded_url)
    assert page.locator("#list tbody tr").count() == 0  # not made while hidden
    page.keyboard.press("2")
    assert page.locator("#list tbody tr[data-id]").count() == 2000  # the first 2,000, then a note
    assert "400 more" in page.inner_text("#list tbody")


def test_a_cluster_opens_when_clicked(page, crowded_url):
    open_app(page, crowded_url)
    zoom = page.evaluate("() => window.garrison.map.getZoom()")
    biggest = page.evaluate("() => Math.max(...[...document.querySelectorAll('.marker-cluster span')]"
                            ".map(s => Number(s.textContent)))")
    page.locator(".marker-cluster", has_text=str(biggest)).first.click()
    page.wait_for_function(f"() => window.garrison.map.getZoom() > {zoom}")
    # Zoomed in, the cluster's happenings are drawn as smaller clusters or as pins of their own.
    page.wait_for_function(f"() => document.querySelectorAll('path.happening').length > 0 || "
                           f"Math.max(...[...document.querySelectorAll('.marker-cluster span')]"
                           f".map(s => Number(s.textContent))) < {biggest}")
