"""The web app's cold load on an existing store: the time until about 10k happenings are shown.

    .venv/bin/python bench/bench_page.py --db sqlite:///bench.db
    .venv/bin/python bench/bench_page.py --db sqlite:///bench.db --vs-code /tmp/garrison-main --vs-db sqlite:///old.db

Headless chromium (Debian's), a fresh context per load (no cache), on a time window holding about
``--happenings`` happenings; the time is the page's own clock from navigation start to the count being shown
(see bench_api.page_load).  With ``--vs-code``, a server running that older ``garrison`` package on ``--vs-db``
(a copy of the store its schema can read) is loaded in turn in the same loop: the ratio is the portable figure.
bench_api.py builds the 100k-event store (``--keep DIR`` keeps it for this).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench_api import page_load, serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the store to serve (this checkout's code)")
    parser.add_argument("--vs-code", type=Path, help="a folder holding an older garrison package: the baseline")
    parser.add_argument("--vs-db", help="the store the baseline serves (default: --db)")
    parser.add_argument("--happenings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    servers = {"api": serve(args.db)}
    if args.vs_code:
        servers["old_api"] = serve(args.vs_db or args.db, args.vs_code)
    try:
        result = page_load({side: base for side, (_p, base) in servers.items()}, args.happenings, args.runs)
    finally:
        for process, _base in servers.values():
            process.terminate()
            process.wait(10)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
