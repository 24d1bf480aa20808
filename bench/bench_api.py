"""The API and the web app at scale: filtered /api/happenings latency and the page's cold load.

    .venv/bin/python bench/bench_api.py                 # 100k events, SQLite and a throw-away PostgreSQL
    .venv/bin/python bench/bench_api.py --events 20000 --backends sqlite

A synthetic store (garrison.eval.synthetic's seeded events generator: 100k events over ~100k documents,
fused by the real fusion) is written through the store's own API.  For each back end a real ``garrison serve`` process answers
filtered ``/api/happenings`` requests (100 per page, 8 filter kinds, 40 requests each), timed over HTTP from
here.  The baseline, measured in the same run, is the bare SQL behind each filter run directly on the same
database (no HTTP, no JSON decoding, no pydantic): the ratio is what the API adds to the store's floor.
Then headless chromium opens the web app cold on a filter that shows about 10k happenings, and the time from
navigation to the count being shown (every happening on the map and timeline) is read from the page's own clock.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name: str) -> str:
    return shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))[-1]


def as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def start_postgres(root: Path, *, reuse: bool = False) -> tuple[str, Path]:
    data = root / "pg"
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = free_port()
    if not reuse:
        shutil.rmtree(data, ignore_errors=True)
        subprocess.run(as_owner([pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "garrison", "--no-sync"]),
                       check=True, capture_output=True)
    subprocess.run(as_owner([pg_bin("pg_ctl"), "-D", str(data), "-l", str(root / "pg.log"), "-w", "-o",
                             f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start"]),
                   check=True, capture_output=True)
    return f"postgresql://garrison@127.0.0.1:{port}/postgres", data


def build_store(url: str, events: int) -> dict:
    from garrison.fusion import fuse, presence
    from garrison.eval.synthetic import events_corpus
    from garrison.model import Analysis, Entity, Label
    from garrison.store import Store

    started = time.perf_counter()
    found, documents, _gold = events_corpus(events, seed=11)
    store = Store(url)
    by_doc: dict[str, list] = {}
    for event in found:
        by_doc.setdefault(event.document_id, []).append(event)
    ids = set()
    for e in found:
        ids.update(e.actors, e.targets, e.materiel)
    entities = [Entity(Label.MIL_UNIT if i.startswith("mil_unit") else Label.EQUIPMENT,
                       i.split(":", 1)[1].replace("-", " ").title(), id=i) for i in sorted(ids)]
    docs = list(documents.values())
    for start in range(0, len(docs), 2000):
        batch = docs[start:start + 2000]
        store.add_documents([(d, None) for d in batch])
        analyses = [Analysis(document=d, events=by_doc.get(d.id, [])) for d in batch]
        if start == 0:
            analyses[0].entities = entities
            store.save_stage("entities", ("entities",), analyses[:1], 0.0)
        store.save_stage("events", ("events",), analyses, 0.0)
    events, headers = store.all_events(), store.document_headers()
    happenings = fuse(events, headers)
    presences = presence(happenings, events, headers)
    store.replace_fusion(happenings, presences)
    store.close()
    return {"events": len(found), "documents": len(docs), "happenings": len(happenings),
            "presences": len(presences), "build_seconds": round(time.perf_counter() - started, 1)}


def open_store(url: str) -> float:
    """Open a kept store with the code under test (its migrations run here, timed)."""
    from garrison.store import Store

    started = time.perf_counter()
    Store(url).close()
    return round(time.perf_counter() - started, 1)


FILTERS = {
    "type": {"type": "ASSAULT"},
    "time window": {"since": "2023-03-01", "until": "2023-04-30"},
    "min_reports=3": {"min_reports": 3},
    "contested": {"contested": "true"},
    "actor": {"actor": "force-7"},
    "place (name)": {"place": "Country 3"},
    "bbox": {"bbox": "0,0,20,20"},
    "type+window+min_reports": {"type": "DEPLOY", "since": "2023-01-01", "until": "2023-12-31", "min_reports": 2},
    "stance": {"stance": "denied"},
    "actor+place": {"actor": "force-7", "place": "Country 3"},
}

# The presence listing's filters (no SQL floor: the ratio against the older server is the figure).
PRESENCE_FILTERS = {
    "presence actor": {"actor": "force-7"},
    "presence place": {"place": "Country 3"},
}


def baseline_sql(url: str):
    """The store's floor for each filter: one SQL statement, rows fetched, nothing decoded."""
    from sqlalchemy import text

    from garrison.store.engine import make_engine

    engine = make_engine(url)
    like = "ILIKE" if url.startswith("postgres") else "LIKE"
    as_text = "CAST(data AS TEXT)"
    where = {
        "type": "type = 'ASSAULT'",
        "time window": "time_end >= '2023-03-01' AND time_start <= '2023-04-30'",
        "min_reports=3": "reports >= 3",
        "contested": "contradicted = TRUE" if url.startswith("postgres") else "contradicted = 1",
        "actor": f"{as_text} LIKE '%force-7%'",
        "place (name)": f"{as_text} {like} '%Country 3%'",
        "bbox": "lat BETWEEN 0 AND 20 AND lon BETWEEN 0 AND 20",
        "type+window+min_reports": "type = 'DEPLOY' AND time_end >= '2023-01-01' AND time_start <= '2023-12-31' "
                                   "AND reports >= 2",
        "stance": f"{as_text} LIKE '%\"denied\"%'",
        "actor+place": f"{as_text} LIKE '%force-7%' AND {as_text} {like} '%Country 3%'",
    }

    def run(name: str) -> float:
        sql = (f"SELECT id, data FROM happenings WHERE {where[name]} "
               "ORDER BY COALESCE(time_start, '9999-12-31'), id LIMIT 101")
        start = time.perf_counter()
        with engine.connect() as c:
            c.execute(text(sql)).all()
        return time.perf_counter() - start

    return run, engine


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def serve(url: str, code: Path | None = None) -> tuple[subprocess.Popen, str]:
    """A real ``garrison serve`` on a free port; ``code``: a folder holding an older ``garrison`` package to run
    instead of this checkout's (the baseline of --vs-code)."""
    port = free_port()
    env = os.environ | ({"PYTHONPATH": str(code)} if code else {})
    process = subprocess.Popen([str(ROOT / ".venv/bin/garrison"), "serve", "--db", url, "--port", str(port),
                                "--no-process"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/status", timeout=5).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("garrison serve did not start: " + process.stderr.read().decode()[-500:])


def time_api(base: str, url: str, repeats: int, old_base: str | None = None) -> dict:
    """Per filter, p50/p95 of the API and of the bare SQL floor, interleaved; with ``old_base``, the same
    requests to the baseline server too (its own copy of the store), in the same loop."""
    run_sql, engine = baseline_sql(url)
    results = {}
    clients = {"api": httpx.Client(base_url=base, timeout=60)}
    if old_base:
        clients["old_api"] = httpx.Client(base_url=old_base, timeout=60)
    cases = [("/api/happenings", name, params, True) for name, params in FILTERS.items()]
    cases += [("/api/presence", name, params, False) for name, params in PRESENCE_FILTERS.items()]
    for path, name, params, floor in cases:
        for client in clients.values():
            client.get(path, params=params | {"limit": 100})  # warm the caches once
        if floor:
            run_sql(name)
        samples: dict[str, list[float]] = {k: [] for k in [*clients, "sql"]}
        items = {}
        for _ in range(repeats):  # interleaved, so every side sees the same machine load
            for side, client in clients.items():
                start = time.perf_counter()
                response = client.get(path, params=params | {"limit": 100})
                samples[side].append(time.perf_counter() - start)
                assert response.status_code == 200, response.text[:200]
                items[side] = [h["id"] for h in response.json()["items"]]
            if floor:
                samples["sql"].append(run_sql(name))
        if old_base:
            assert items["api"] == items["old_api"], f"{name}: the two servers answer differently"
        row = {"items": len(items["api"]), "api_p50_ms": round(statistics.median(samples["api"]) * 1000, 1),
               "api_p95_ms": round(p95(samples["api"]) * 1000, 1)}
        if floor:
            row |= {"sql_p95_ms": round(p95(samples["sql"]) * 1000, 1),
                    "ratio_p95": round(p95(samples["api"]) / p95(samples["sql"]), 2)}
        if old_base:
            row |= {"old_api_p50_ms": round(statistics.median(samples["old_api"]) * 1000, 1),
                    "old_api_p95_ms": round(p95(samples["old_api"]) * 1000, 1),
                    "vs_old_p95": round(p95(samples["api"]) / p95(samples["old_api"]), 2)}
        results[name] = row
    for client in clients.values():
        client.close()
    engine.dispose()
    return results


def window_for(base: str, target: int) -> str:
    """An ``until`` date holding about ``target`` happenings: widen month by month from the earliest."""
    with httpx.Client(base_url=base, timeout=120) as client:
        for months in range(1, 60):
            until = f"{2022 + (months // 12)}-{months % 12 + 1:02d}-01"
            n = 0
            cursor = None
            while True:
                page = client.get("/api/happenings", params={"until": until, "limit": 10000, "compact": "true",
                                                             **({"cursor": cursor} if cursor else {})}).json()
                n += len(page["items"])
                cursor = page["next_cursor"]
                if not cursor:
                    break
            if n >= target:
                return until
    raise RuntimeError(f"the store holds fewer than {target} happenings")


def page_load(bases: dict[str, str], target: int, runs: int = 3) -> dict:
    """Cold loads of the web app on a window of about ``target`` happenings, on each server of ``bases``
    (side → URL) in turn, ``runs`` times: the time from navigation start to the count being shown, on the
    page's own clock."""
    from playwright.sync_api import sync_playwright

    window = window_for(next(iter(bases.values())), target)
    found: dict[str, list[dict]] = {side: [] for side in bases}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(runs):
            for side, base in bases.items():  # interleaved: both see the same machine load
                context = browser.new_context(viewport={"width": 1400, "height": 900})  # cold: no cache
                tab = context.new_page()
                outside = []
                tab.on("request", lambda r, base=base, outside=outside: outside.append(r.url)
                       if not r.url.startswith(base) and not r.url.startswith("data:") else None)
                tab.goto(f"{base}/?until={window}", wait_until="commit")
                tab.wait_for_function("() => { const c = document.getElementById('count'); "
                                      "return c !== null && c.dataset.count !== undefined; }", timeout=120_000)
                shown = int(tab.get_attribute("#count", "data-count"))
                # When the count appeared (from navigation start).  This app shows it once every happening is in
                # the map's clustering and the view is drawn, and the timeline too; older ones showed it before
                # markercluster's chunked clustering had ended.
                ms = tab.evaluate("() => window.garrison.shownAt")
                timings = tab.evaluate("() => window.garrison.timings")
                # The listing's requests as the page saw them: from asking to the last byte (the server's share).
                timings["listing requests"] = tab.evaluate(
                    "() => performance.getEntriesByType('resource').filter(r => r.name.includes('/api/happenings?'))"
                    ".reduce((ms, r) => ms + r.responseEnd - r.requestStart, 0)")
                timings["scripts run"] = tab.evaluate(
                    "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventStart")
                on_map = int(tab.get_attribute("#map", "data-points") or 0)
                found[side].append({"shown": shown, "on_map": on_map, "ms": round(ms),
                                    "phases_ms": {k: round(v) for k, v in timings.items()},
                                    "outside_requests": len(outside)})
                context.close()
        browser.close()
    result = {"until": window}
    for side, rows in found.items():
        result[side] = {"runs": rows, "median_ms": statistics.median(r["ms"] for r in rows)}
    if len(found) == 2:
        new, old = (result[side]["median_ms"] for side in bases)
        result["vs_old_median"] = round(new / old, 2)
    return result


def copy_for_baseline(backend: str, url: str, root: Path, events: int) -> str:
    """A copy of the kept store for the baseline server, made before this checkout opens (so migrates) it."""
    if backend == "sqlite":
        source = Path(url.split("///", 1)[1])
        old = root / f"bench-{events}-baseline.db"
        if not old.exists():
            shutil.copy(source, old)
        return f"sqlite:///{old}"
    import psycopg

    name = "baseline"
    with psycopg.connect(url, autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            c.execute(f"CREATE DATABASE {name} TEMPLATE postgres")
    return url.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--page-happenings", type=int, default=10_000)
    parser.add_argument("--page-runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the built stores in this folder and reuse them on the "
                        "next run (opened, so migrated, by the code under test)")
    parser.add_argument("--vs-code", type=Path, help="a folder holding an older garrison package (e.g. "
                        "`git archive main garrison | tar -x -C DIR` plus garrison/web/vendor): its server, on "
                        "a copy of the store as first built, answers the same requests in the same loop")
    parser.add_argument("--build-only", action="store_true", help="build (or open) the stores, time nothing")
    parser.add_argument("--no-page", action="store_true", help="skip the page-load timing")
    args = parser.parse_args()
    report = {"events": args.events}
    with tempfile.TemporaryDirectory(prefix="garrison-bench-api-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        if args.keep and os.geteuid() == 0:
            root.chmod(0o755)
        pg_data = None
        for backend in args.backends.split(","):
            facts_file = root / f"{backend}-{args.events}.json"
            if backend == "sqlite":
                url = f"sqlite:///{root / f'bench-{args.events}.db'}"
            elif args.keep:
                url, pg_data = start_postgres(root / f"pg-{args.events}", reuse=facts_file.exists())
            else:
                pg_root = Path(tempfile.mkdtemp(prefix="garrison-bench-pg-"))  # the postgres user must reach it
                url, pg_data = start_postgres(pg_root)
            try:
                if args.keep and facts_file.exists():
                    facts = json.loads(facts_file.read_text()) | {"reused": True}
                else:
                    print(f"[{backend}] building the store …", file=sys.stderr)
                    facts = build_store(url, args.events)
                    facts_file.write_text(json.dumps(facts))
                old_url = copy_for_baseline(backend, url, root, args.events) if args.vs_code else None
                facts["open_seconds"] = open_store(url)  # a kept store is migrated here
                print(f"[{backend}] {facts}", file=sys.stderr)
                if args.build_only:
                    report[backend] = {"store": facts}
                    continue
                servers = {"api": serve(url)}
                if args.vs_code:
                    servers["old_api"] = serve(old_url, args.vs_code)
                try:
                    old_base = servers["old_api"][1] if args.vs_code else None
                    result = {"store": facts, "happenings": time_api(servers["api"][1], url, args.repeats, old_base)}
                    if backend == "sqlite" and not args.no_page:
                        result["page"] = page_load({side: base for side, (_p, base) in servers.items()},
                                                   args.page_happenings, args.page_runs)
                finally:
                    for process, _base in servers.values():
                        process.terminate()
                        process.wait(10)
                report[backend] = result
                print(json.dumps({backend: result}, indent=1), file=sys.stderr)
            finally:
                if pg_data and backend != "sqlite":
                    subprocess.run(as_owner([pg_bin("pg_ctl"), "-D", str(pg_data), "-m", "fast", "stop"]),
                                   capture_output=True)
                    if not args.keep:
                        shutil.rmtree(pg_data.parent, ignore_errors=True)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
