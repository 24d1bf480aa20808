"""Outlet names: from page metadata when a page names itself, else from a reviewed domain table."""

from __future__ import annotations

import csv
from functools import cache
from urllib.parse import urlsplit

from garrison.config import DATA_DIR

OUTLETS_FILE = DATA_DIR / "ingest" / "outlets.tsv"


@cache
def outlet_table() -> dict[str, str]:
    table: dict[str, str] = {}
    with OUTLETS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader((r for r in handle if not r.startswith("#")), delimiter="\t"):
            if not row.get("source", "").strip():
                raise ValueError(f"{OUTLETS_FILE}: domain {row['domain']!r} has no source note")
            table[row["domain"].strip().lower()] = row["outlet"].strip()
    return table


def hostname(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


def outlet_for_url(url: str | None) -> str | None:
    """The outlet a URL belongs to, trying parent domains too (edition.cnn.com → cnn.com)."""
    host = hostname(url)
    table = outlet_table()
    while host:
        if host in table:
            return table[host]
        _, _, host = host.partition(".")
        if "." not in host:
            return None
    return None


def looks_like_domain(name: str) -> bool:
    return " " not in name.strip() and "." in name


def choose_outlet(*, given: str | None = None, site_name: str | None = None, url: str | None = None,
                  feed_title: str | None = None) -> tuple[str | None, str | None]:
    """(outlet, how it was found).  A name the source gives wins; a bare domain loses to the table."""
    for name, how in ((given, "given"), (site_name, "site-name")):
        if name and name.strip() and not looks_like_domain(name):
            return name.strip(), how
    from_table = outlet_for_url(url)
    if from_table:
        return from_table, "domain-table"
    if feed_title and feed_title.strip():
        return feed_title.strip(), "feed-title"
    for name, how in ((given, "given"), (site_name, "site-name")):
        if name and name.strip():
            return name.strip(), how
    return None, None
