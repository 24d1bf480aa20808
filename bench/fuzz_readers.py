"""Fuzz campaign over every ingest reader: generated hostile inputs, counted, with any crash recorded.

    .venv/bin/python bench/fuzz_readers.py --examples 100000 --seed 15

A crash is an exception escaping a reader, a Document that cannot be stored (not UTF-8 encodable,
NUL, no text), a Reject with an unknown reason, or one input taking more than --slow seconds of CPU
(CPU, not wall time: on a shared machine a stall of the scheduler is not the reader's).
The reader ``feed-doctype`` is the feed reader on feeds carrying DOCTYPEs (tests/ingest/feed_doctypes.py):
there a crash is also an entity resolved into the text, a declaration stored as text, or a whole feed
that declares entities not refused; the DTDs they name are served by this process on 127.0.0.1, and
every request for one is counted (``dtd_fetches``, a crash each).
The generators are the property tests' (tests/ingest/hostile_inputs.py, feed_doctypes.py); `make test`
runs those with 60 inputs per reader (150 DOCTYPE'd feeds).  Figures go to docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ingest"))

from feed_doctypes import SERVED_DTD, doctype_feeds, doctype_problems, make_targets  # noqa: E402
from hostile_inputs import INPUTS, KINDS, problems, read  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from garrison.ingest.readers import Options, read_document  # noqa: E402

READERS = (*KINDS, "feed-doctype")
DTD_FETCHES: list[str] = []


def serve_dtds() -> str:
    """A server on 127.0.0.1 for the DTDs the generated feeds name; it counts every request."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            DTD_FETCHES.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(SERVED_DTD)))
            self.end_headers()
            self.wfile.write(SERVED_DTD)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/feed.dtd"


def strategy_and_check(kind: str):
    if kind != "feed-doctype":
        return INPUTS[kind], lambda data: problems(read(kind, data))
    targets = make_targets(Path(tempfile.mkdtemp(prefix="garrison-fuzz-")), serve_dtds())

    def check(feed) -> list[str]:
        return doctype_problems(feed, list(read_document("feed", feed.data, "fuzz.xml", Options(1 << 20))), "fuzz.xml")

    return doctype_feeds(targets), check


def campaign(kind: str, examples: int, seed_value: int, slow: float) -> dict:
    stats: dict = {"reader": kind, "tried": 0, "crashes": 0, "slowest_s": 0.0, "slowest_cpu_s": 0.0, "examples": []}
    inputs, check = strategy_and_check(kind)

    @seed(seed_value)
    @settings(max_examples=examples, phases=[Phase.generate], database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(inputs)
    def one(data) -> None:
        stats["tried"] += 1
        fetched_before = len(DTD_FETCHES)
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            found = check(data)
        except Exception as error:  # the point of the campaign: count, keep going
            found = [f"{type(error).__name__}: {error}"[:300]]
        took, took_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        stats["slowest_s"] = max(stats["slowest_s"], took)
        stats["slowest_cpu_s"] = max(stats["slowest_cpu_s"], took_cpu)
        if took_cpu > slow:
            found.append(f"took {took_cpu:.1f} s of CPU ({took:.1f} s wall)")
        if len(DTD_FETCHES) > fetched_before:
            found.append(f"fetched {DTD_FETCHES[fetched_before:]}")
        if found:
            stats["crashes"] += 1
            if len(stats["examples"]) < 5:
                raw = getattr(data, "data", data)
                stats["examples"].append({"input": raw[:400].decode("latin-1"), "problems": found})

    one()
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=100_000, help="inputs in all, shared among the readers")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--slow", type=float, default=10.0, help="CPU seconds one input may take")
    parser.add_argument("--readers", default=",".join(READERS))
    args = parser.parse_args()
    readers = args.readers.split(",")
    started = time.monotonic()
    results = []
    for kind in readers:
        t0 = time.monotonic()
        result = campaign(kind, -(-args.examples // len(readers)), args.seed, args.slow)
        result["seconds"] = round(time.monotonic() - t0, 1)
        results.append(result)
        print(json.dumps({k: v for k, v in result.items() if k != "examples"}), file=sys.stderr, flush=True)
    summary = {
        "inputs_tried": sum(r["tried"] for r in results),
        "crashes": sum(r["crashes"] for r in results),
        "seconds": round(time.monotonic() - started, 1),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "dtd_fetches": len(DTD_FETCHES),
        "seed": args.seed,
        "readers": results,
    }
    print(json.dumps(summary, indent=2, ensure_ascii=True))
    sys.exit(1 if summary["crashes"] else 0)


if __name__ == "__main__":
    main()
