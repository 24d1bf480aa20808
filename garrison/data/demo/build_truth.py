"""Build the demo corpus's truth files from the hand-written annotation sources.

The annotations are written as surface strings (``annotations/*.tsv``, ``happenings.json``),
never as character offsets: this script finds every span in the documents' text, so the
shipped JSONL in ``truth/`` always agrees with the corpus.  Run it after editing either::

    .venv/bin/python garrison/data/demo/build_truth.py          # rewrite truth/*.jsonl
    .venv/bin/python garrison/data/demo/build_truth.py --check  # fail if truth/ is stale

Document ids are paths relative to ``corpus/``; records inside a multi-record file (JSONL,
RSS) are ``file#N`` with N the 1-based record/item number.  The text of a document is:
the whole file for ``.txt``; the ``text`` field for a JSONL record; ``content:encoded``
(paragraphs joined by a blank line) or else ``description`` for an RSS item; the
paragraphs of the article body (``div.entry-content``) joined by a blank line for HTML.
Only the standard library is used, so the truth does not depend on Garrison's own ingest.
"""

from __future__ import annotations

import csv
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
ANNOTATIONS = HERE / "annotations"
TRUTH = HERE / "truth"

CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
# A surface matches only as a whole word; a leading hyphen also blocks ("pro-Russian").
LEFT_EDGE = r"(?<![\w-])"
RIGHT_EDGE = r"(?!\w)"
PLACE_LABELS = {"GPE", "LOC", "FACILITY"}


# ---------------------------------------------------------------------------
# reading the sources


def read_tsv(name: str) -> list[dict[str, str]]:
    with open(ANNOTATIONS / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _paragraphs_text(fragment: str) -> str:
    paragraphs = re.findall(r"<p>(.*?)</p>", fragment, flags=re.S)
    if not paragraphs:
        return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()
    return "\n\n".join(html.unescape(re.sub(r"<[^>]+>", "", p)).strip() for p in paragraphs)


@cache
def document_text(doc: str) -> str:
    name, _, number = doc.partition("#")
    path = CORPUS / name
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return json.loads(lines[int(number) - 1])["text"]
    if path.suffix == ".xml":
        item = ET.parse(path).getroot().findall("./channel/item")[int(number) - 1]
        encoded = item.find(CONTENT_NS)
        if encoded is not None and encoded.text:
            return _paragraphs_text(encoded.text)
        return _paragraphs_text(item.findtext("description") or "")
    if path.suffix == ".html":
        page = path.read_text(encoding="utf-8")
        body = re.search(r'<div class="entry-content">(.*?)</div>', page, flags=re.S)
        if body is None:
            raise ValueError(f"{doc}: no entry-content block")
        return _paragraphs_text(body.group(1))
    raise ValueError(f"{doc}: unsupported file type")


@cache
def places() -> dict[str, dict]:
    out = {}
    for row in read_tsv("places.tsv"):
        out[row["key"]] = {
            "name": row["name"],
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "country": row["country"] or None,
            "geonameid": row["geonameid"] or None,
        }
    return out


# ---------------------------------------------------------------------------
# spans


def find_all(text: str, surface: str) -> list[tuple[int, int]]:
    pattern = LEFT_EDGE + re.escape(surface) + RIGHT_EDGE
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def lexicon_spans(text: str, lexicon: dict[str, str]) -> list[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping matches of the lexicon's surfaces."""
    alternatives = sorted(lexicon, key=len, reverse=True)
    pattern = LEFT_EDGE + "(?:" + "|".join(map(re.escape, alternatives)) + ")" + RIGHT_EDGE
    return [(m.start(), m.end(), lexicon[m.group()]) for m in re.finditer(pattern, text)]


SENTENCE_END = re.compile(r"""[.!?]["”»)]?(?=\s+["“«(]?[A-ZÀ-Ý0-9])|\n""")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) of ``text`` that contain ``text[start:end]``."""
    left = 0
    for m in SENTENCE_END.finditer(text):  # the whole text: the look-ahead must see past start
        if m.end() > start:
            break
        left = m.end()
    m = SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    if m and m.group() == "\n":
        right = m.start()
    return text[left:right].strip()


# ---------------------------------------------------------------------------
# truth builders


def build_documents() -> list[dict]:
    rows = []
    for row in read_tsv("documents.tsv"):
        document_text(row["doc"])  # fails loudly on a missing file or record
        rows.append({
            "doc": row["doc"],
            "title": row["title"] or None,
            "outlet": row["outlet"],
            "published": row["published"],
            "published_source": row["published_source"],
            "language": row["language"],
        })
    return rows


def build_duplicates() -> list[dict]:
    return [{"original": r["original"], "copy": r["copy"], "kind": r["kind"]} for r in read_tsv("duplicates.tsv")]


def ner_lexicon() -> dict[str, str]:
    return {row["surface"]: row["label"] for row in read_tsv("ner_lexicon.tsv")}


def annotated_docs() -> list[str]:
    """NER, time and geo truth covers every plain-text document."""
    return [row["doc"] for row in read_tsv("documents.tsv") if row["doc"].endswith(".txt")]


def build_ner() -> list[dict]:
    lexicon = ner_lexicon()
    rows = []
    for doc in annotated_docs():
        text = document_text(doc)
        entities = [
            {"start": s, "end": e, "label": label, "text": text[s:e]}
            for s, e, label in lexicon_spans(text, lexicon)
        ]
        rows.append({"id": doc, "text": text, "entities": entities})
    return rows


def build_geo() -> list[dict]:
    """Toponyms are the GPE/LOC/FACILITY spans of the NER truth that name a known place."""
    default: dict[str, str] = {}
    per_doc: dict[tuple[str, str], str] = {}
    for row in read_tsv("geo_aliases.tsv"):
        if row["doc"]:
            per_doc[(row["doc"], row["surface"])] = row["place"]
        else:
            default[row["surface"]] = row["place"]
    lexicon = ner_lexicon()
    rows = []
    for doc in annotated_docs():
        text = document_text(doc)
        toponyms = []
        for s, e, label in lexicon_spans(text, lexicon):
            surface = text[s:e]
            key = per_doc.get((doc, surface), default.get(surface))
            if label not in PLACE_LABELS or key is None:
                continue
            place = places()[key]
            toponym = {"start": s, "end": e, "name": place["name"], "lat": place["lat"], "lon": place["lon"]}
            if place["geonameid"]:
                toponym["geonameid"] = place["geonameid"]
            toponyms.append(toponym)
        rows.append({"id": doc, "text": text, "toponyms": toponyms})
    return rows


def build_time() -> list[dict]:
    published = {row["doc"]: row["published"] for row in read_tsv("documents.tsv")}
    by_doc: dict[str, list[dict]] = {}
    for row in read_tsv("time.tsv"):
        text = document_text(row["doc"])
        hits = find_all(text, row["surface"])
        if not hits:
            raise ValueError(f"time.tsv: {row['surface']!r} not found in {row['doc']}")
        if row["nth"]:
            hits = [hits[int(row["nth"]) - 1]]
        for s, e in hits:
            by_doc.setdefault(row["doc"], []).append(
                {"start": s, "end": e, "text": text[s:e], "type": row["type"], "value": row["value"]}
            )
    rows = []
    for doc, timexes in by_doc.items():
        timexes.sort(key=lambda t: t["start"])
        for a, b in zip(timexes, timexes[1:]):
            if b["start"] < a["end"]:
                raise ValueError(f"time.tsv: overlapping timexes {a['text']!r} / {b['text']!r} in {doc}")
        rows.append({"id": doc, "dct": published[doc], "text": document_text(doc), "timexes": timexes})
    return rows


def _place(key: str | None) -> dict | None:
    if not key:
        return None
    place = places()[key]
    return {"name": place["name"], "lat": place["lat"], "lon": place["lon"], "country": place["country"]}


def build_events() -> list[dict]:
    happenings = json.loads((ANNOTATIONS / "happenings.json").read_text(encoding="utf-8"))
    outlets = {row["doc"]: row["outlet"] for row in read_tsv("documents.tsv")}
    rows = []
    for number, row in enumerate(read_tsv("events.tsv"), start=1):
        doc = row["doc"]
        text = document_text(doc)
        where = f"events.tsv row {number + 1} ({doc})"
        found = text.count(row["evidence"])
        if found != 1:
            raise ValueError(f"{where}: evidence found {found} times: {row['evidence']!r}")
        start = text.index(row["evidence"])
        sentence = sentence_around(text, start, start + len(row["evidence"]))
        event = dict(happenings[row["happening"]])
        event.update(json.loads(row["overrides"]) if row["overrides"] else {})
        chain = [part.strip() for part in row["source_chain"].split(">")]
        if chain[0] != outlets[doc]:
            raise ValueError(f"{where}: source chain must start with the outlet {outlets[doc]!r}")
        out = {
            "id": f"demo-ev-{number:03d}",
            "doc": doc,
            "text": sentence,
            "event_type": event["event_type"],
            "sub_event_type": event.get("sub_event_type"),
            "actors": event["actors"],
            "materiel": event.get("materiel", []),
            "location": _place(event.get("location")),
            "date": row["date"] or event["date"],
            "stance": row["stance"],
            "outlet": outlets[doc],
            "source_chain": chain,
            "happening": row["happening"],
            "ontology": "garrison",
        }
        for key in ("origin", "destination"):
            if event.get(key):
                out[key] = _place(event[key])
        if row["background"] not in ("", "yes"):
            raise ValueError(f"{where}: background must be 'yes' or empty, not {row['background']!r}")
        if row["background"] == "yes":
            out["background"] = True
        rows.append(out)
    return rows


BUILDERS = {
    "documents.jsonl": build_documents,
    "duplicates.jsonl": build_duplicates,
    "events.jsonl": build_events,
    "ner.jsonl": build_ner,
    "time.jsonl": build_time,
    "geo.jsonl": build_geo,
}


def render(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    TRUTH.mkdir(exist_ok=True)
    for name, builder in BUILDERS.items():
        content = render(builder())
        path = TRUTH / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                stale.append(name)
        else:
            path.write_text(content, encoding="utf-8")
            print(f"{name}: {content.count(chr(10))} rows")
    if stale:
        print("stale truth files: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
