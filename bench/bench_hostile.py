"""What the hostile-input guards cost on ordinary input, as ratios against the unguarded path in the same run.

    .venv/bin/python bench/bench_hostile.py            # prints JSON; figures in docs/reliability.md

- WARC: a .warc.gz of the demo corpus's HTML pages (300 records) read through the capped gunzip
  (CappedGunzip) against warcio decompressing by itself (``gzipped=False``: the old path).
- HTML: the nesting-depth scan and entity check as a share of one page's extraction.
- Bomb: seconds and peak memory to refuse a 2 GB-of-zeros .warc.gz (9 MB on disk).
"""

from __future__ import annotations

import io
import json
import resource
import statistics
import sys
import time
import zlib
from pathlib import Path

from garrison.ingest.limits import CappedGunzip, check_no_entity_declarations, markup_depth
from garrison.ingest.readers import Options, html_found, read_warc

CORPUS = Path(__file__).resolve().parents[1] / "garrison" / "data" / "demo" / "corpus"


def warc_gz(pages: list[bytes], copies: int) -> bytes:
    out = []
    for n in range(copies):
        html = pages[n % len(pages)] + f"<!-- {n} -->".encode()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/{n}\r\n"
                f"WARC-Record-ID: <urn:uuid:{n:032x}>\r\nContent-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n").encode()
        out.append(zlib.compress(head + http + b"\r\n\r\n", wbits=31))
    return b"".join(out)


def records(data: bytes, guarded: bool) -> int:
    """Decompress and parse every record, reading its body: the part the gunzip cap sits in."""
    from warcio.archiveiterator import ArchiveIterator

    stream = io.BytesIO(data)
    count = 0
    for record in ArchiveIterator(CappedGunzip(stream) if guarded else stream):
        record.content_stream().read()
        count += 1
    return count


def median_of(runs: int, work) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    pages = [p.read_bytes() for p in sorted(CORPUS.glob("*.html"))]
    data = warc_gz(pages, 300)
    options = Options(max_bytes=10 << 20)
    count = lambda gz: sum(1 for _ in read_warc(io.BytesIO(data), "b.warc.gz", options, gzipped=gz))  # noqa: E731
    count(True)  # warm: trafilatura, lingua
    guarded, unguarded = median_of(3, lambda: count(True)), median_of(3, lambda: count(False))
    records_guarded = median_of(9, lambda: records(data, True))
    records_unguarded = median_of(9, lambda: records(data, False))
    page = pages[0].decode()
    scan = median_of(20, lambda: (markup_depth(page, stop_at=120), check_no_entity_declarations(page, "p")))
    extract = median_of(5, lambda: html_found(page, "p.html"))
    bomb = io.BytesIO()
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb.write(packer.compress(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/\r\n"
                               b"Content-Type: application/http; msgtype=response\r\nContent-Length: 2000000000\r\n\r\n"))
    zeros = b"\0" * (1 << 20)
    for _ in range(2048):
        bomb.write(packer.compress(zeros))
    bomb.write(packer.flush())
    size = bomb.tell()
    bomb.seek(0)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    reasons = [r.reason for r in read_warc(bomb, "bomb.warc.gz", options)]
    refused_after = time.perf_counter() - started
    json.dump({
        "warc_records": 300, "warc_gz_bytes": len(data),
        "warc_guarded_s": round(guarded, 3), "warc_unguarded_s": round(unguarded, 3),
        "warc_ratio_guarded_vs_unguarded": round(guarded / unguarded, 3),
        "warc_records_only_guarded_s": round(records_guarded, 4),
        "warc_records_only_unguarded_s": round(records_unguarded, 4),
        "warc_records_only_ratio": round(records_guarded / records_unguarded, 3),
        "html_guard_scan_ms": round(scan * 1000, 3), "html_extract_ms": round(extract * 1000, 3),
        "html_guard_share": round(scan / extract, 4),
        "bomb_gz_bytes": size, "bomb_reasons": reasons, "bomb_refused_after_s": round(refused_after, 2),
        "bomb_peak_rss_growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024,
    }, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
