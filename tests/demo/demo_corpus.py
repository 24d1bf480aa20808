"""Helpers for the demo corpus tests: where the corpus lives and an independent text reader.

The reader below is deliberately a second implementation (stdlib ``html.parser`` and
``ElementTree``), not the one in ``build_truth.py``: the truth must agree with the corpus as an
outsider reads it, not only as its own generator does.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "garrison" / "data" / "demo"
CORPUS = DEMO / "corpus"
TRUTH = DEMO / "truth"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"


class _Paragraphs(HTMLParser):
    """Collects the text of <p> elements, optionally only inside div.entry-content."""

    def __init__(self, inside_class: str | None = None):
        super().__init__(convert_charrefs=True)
        self.inside_class = inside_class
        self.depth = 0 if inside_class else 1
        self.in_p = False
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            if self.depth:
                self.depth += 1
            elif dict(attrs).get("class") == self.inside_class:
                self.depth = 1
        if tag == "p" and self.depth:
            self.in_p = True
            self.paragraphs.append("")

    def handle_endtag(self, tag):
        if tag == "div" and self.depth and self.inside_class:
            self.depth -= 1
        if tag == "p":
            self.in_p = False

    def handle_data(self, data):
        if self.in_p:
            self.paragraphs[-1] += data


def paragraphs(markup: str, inside_class: str | None = None) -> list[str]:
    parser = _Paragraphs(inside_class)
    parser.feed(markup)
    return [p.strip() for p in parser.paragraphs]


def read_text(doc: str) -> str:
    """The text a truth row's ``doc``/``id`` refers to (see docs/demo-corpus.md, "Formats")."""
    name, _, number = doc.partition("#")
    path = CORPUS / name
    if path.suffix == ".txt":
        assert not number, doc
        return path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return records[int(number) - 1]["text"]
    if path.suffix == ".xml":
        item = ET.parse(path).getroot().findall("./channel/item")[int(number) - 1]
        encoded = item.findtext(CONTENT_ENCODED)
        if encoded:
            return "\n\n".join(paragraphs(encoded))
        return item.findtext("description").strip()
    if path.suffix == ".html":
        return "\n\n".join(paragraphs(path.read_text(encoding="utf-8"), inside_class="entry-content"))
    raise AssertionError(f"unexpected document type: {doc}")


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
