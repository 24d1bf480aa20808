"""Headless Debian chromium driven by Playwright against real servers: the demo store and a hostile one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from garrison.store import Store
from api.helpers import _free_port, fill, start_server

CHROMIUM = os.environ.get("GARRISON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def serve(store: Store):
    from garrison.api.app import create_app

    port = _free_port()
    server, thread = start_server(create_app(store, process_uploads=False), port)
    return f"http://127.0.0.1:{port}", server, thread


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory):
    """The built-in demo corpus, ingested and processed as `make demo` does, served on 127.0.0.1."""
    from garrison import pipeline
    from garrison.cli.core import DEMO_CORPUS
    from garrison.ingest.into_store import ingest

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    ingest(store, [str(DEMO_CORPUS)])
    pipeline.run(store)  # every stage, fusion included
    url, server, thread = serve(store)
    yield url
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory):
    """The hand-written store whose documents and evidence carry <script> and <img onerror>."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'hostile.db'}")
    fill(store)
    url, server, thread = serve(store)
    yield url
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def open_app(page, url: str):
    page.goto(url)
    page.wait_for_function("() => document.body.dataset.loaded !== undefined", timeout=20_000)
    page.wait_for_function("() => document.getElementById('count').dataset.count !== undefined")
    return page


@pytest.fixture(scope="session")
def crowded_url(tmp_path_factory):
    """A store of 2,400 happenings over two years (more than the timeline draws one by one), served."""
    from datetime import date, timedelta

    from garrison.model import Happening, Place, Precision, TimeSpan

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('crowded') / 'crowded.db'}")
    types = ["DEPLOY", "ASSAULT", "MOBILIZE", "EXERCISE"]
    happenings = []
    for i in range(2400):
        day = date(2022, 1, 1) + timedelta(days=(i * 7) % 730)
        site = Place(f"synthetic:site-{i % 300}", f"Site {i % 300}", -30 + (i % 300) * 0.2, -20 + (i % 97) * 0.5,
                     "city", "ML", precision=2)
        happenings.append(Happening(types[i % 4], [f"e:crowded-{i}"], actors=[f"mil_unit:force-{i % 40}"],
                                    location=site, time=TimeSpan(day, day, Precision.DAY), reports=1 + i % 3,
                                    stances={"reported": 1}))
    store.replace_fusion(happenings, [])
    url, server, thread = serve(store)
    yield url
    server.should_exit = True
    thread.join(10)
