"""Render the web app's main views of the demo store into docs/img/ (the README shows them).

    .venv/bin/python docs/img/screenshots.py [--db garrison-demo.db]     # or: make screenshots

Builds the demo store first when it is missing (as `make demo` does), serves it on a free loopback port, and
drives Debian's chromium headless.  The page is offline: every request goes to that port.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def serve(db: Path) -> str:
    import uvicorn

    from garrison.api.app import create_app
    from garrison.store import Store

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Store(f"sqlite:///{db.resolve()}"), process_uploads=False),
                                           host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "garrison-demo.db")
    args = parser.parse_args()
    if not args.db.exists():
        subprocess.run([str(ROOT / ".venv/bin/garrison"), "demo", "--db", str(args.db)], check=True,
                       stdout=subprocess.DEVNULL)
    base = serve(args.db)

    import httpx
    from playwright.sync_api import sync_playwright

    corroborated = httpx.get(base + "/api/happenings", params={"min_reports": 2, "contested": "true"}).json()["items"]
    chosen = corroborated[0] if corroborated else httpx.get(base + "/api/happenings").json()["items"][0]
    document = chosen["attributes"]["documents"][0]
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        def shot(path: str, name: str, width: int = 1400, height: int = 860, then=None) -> None:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:")) else None)
            page.goto(base + path)
            page.wait_for_function("() => document.getElementById('count').dataset.count !== undefined")
            page.wait_for_timeout(1200)
            if then:
                then(page)
                page.wait_for_timeout(800)
            page.screenshot(path=str(HERE / name))
            page.close()
            print(f"wrote docs/img/{name}", file=sys.stderr)

        shot(f"/?sel={chosen['id']}", "map-evidence.png", then=lambda page: page.wait_for_selector("#panel .claim"))
        shot("/?view=presence", "presence.png")
        shot(f"/?view=doc&doc={document}", "document.png", then=lambda page: page.wait_for_selector("#doc-text span"))
        shot("/?view=list&min=2", "list.png")
        shot(f"/?sel={chosen['id']}", "phone.png", width=390, height=844)
        browser.close()
    if outside:
        raise SystemExit(f"the page asked for something outside {base}: {outside[:5]}")


if __name__ == "__main__":
    main()
