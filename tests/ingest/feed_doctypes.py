"""Generated feeds carrying DOCTYPEs: external DTDs (http and file), internal subsets, entities of every kind.

Shared by tests/ingest/test_ingest_feed_doctype.py and the fuzz campaign (bench/fuzz_readers.py, reader
``feed-doctype``).  Every DTD or entity a feed names points at a server this process runs on 127.0.0.1
(so that a fetch would be counted) or at a local file holding a marker (so that a read would show in the
text); nothing may ever be resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hostile_inputs import hostile_text, problems
from hypothesis import strategies as st

from garrison.ingest import Reject
from garrison.model import Document

INJECTED = "INJECTED-BY-A-DTD"  # what the served DTD's entity would expand to
SECRET = "SECRET-OF-A-LOCAL-FILE"  # what a local file an entity names holds
STORY = ("Chadian officials said a column of armoured vehicles crossed into Libya near the Salvador Pass overnight, "
         "escorted by foreign contractors, and headed towards the Maaten al-Sarra air base. ")


@dataclass(frozen=True)
class Targets:
    """Where the generated DOCTYPEs point: a DTD served over HTTP and files on disk."""
    dtd_url: str  # serves <!ENTITY inject "INJECTED…">
    dtd_file: Path  # holds <!ENTITY inject SYSTEM "file://…secret">
    secret_file: Path  # holds SECRET…


def make_targets(folder: Path, dtd_url: str) -> Targets:
    secret = folder / "secret.txt"
    secret.write_text(SECRET)
    dtd = folder / "local.dtd"
    dtd.write_text(f'<!ENTITY inject SYSTEM "file://{secret}">')
    return Targets(dtd_url, dtd, secret)


SERVED_DTD = f'<!ENTITY inject "{INJECTED}">'.encode()


def _keyword(word: str):
    return st.sampled_from([word, word.lower(), word.capitalize()])


_space = st.sampled_from([" ", "\n", "\t", "  \r\n"])


def doctypes(targets: Targets):
    """(prolog, declares_entities): a DOCTYPE of one of the kinds a hostile feed could carry."""
    url, dtd, secret = targets.dtd_url, targets.dtd_file, targets.secret_file

    @st.composite
    def one(draw) -> tuple[str, bool]:
        doctype, entity, gap = draw(_keyword("DOCTYPE")), draw(_keyword("ENTITY")), draw(_space)
        root = draw(st.sampled_from(["rss", "feed", "rdf:RDF", "x"]))
        kind = draw(st.sampled_from(["none", "system-http", "public-http", "system-file", "internal-general",
                                     "internal-external-http", "internal-external-file", "parameter-http",
                                     "internal-elements", "laughs"]))
        external = {"system-http": f'SYSTEM "{url}"', "public-http": f'PUBLIC "-//Desk//DTD Feed//EN" "{url}"',
                    "system-file": f'SYSTEM "file://{dtd}"'}
        if kind == "none":
            return "", False
        if kind in external:
            return f"<!{doctype}{gap}{root}{gap}{external[kind]}>", False
        subset = {
            "internal-general": f'<!{entity} inject "{INJECTED}">',
            "internal-external-http": f'<!{entity} inject SYSTEM "{url}">',
            "internal-external-file": f'<!{entity} inject SYSTEM "file://{secret}">',
            "parameter-http": f'<!{entity} % ext SYSTEM "{url}">{gap}%ext;',
            "internal-elements": f"<!ELEMENT {root} ANY>",
            "laughs": f'<!{entity} a "{INJECTED}"><!{entity} inject "&a;&a;&a;&a;&a;&a;&a;&a;">',
        }[kind]
        return f"<!{doctype}{gap}{root}{gap}[{gap}{subset}{gap}]>", kind != "internal-elements"

    return one()


@dataclass(frozen=True)
class DoctypeFeed:
    data: bytes
    declares_entities: bool  # an <!ENTITY …> stands in the bytes, whole: the feed must be refused
    whole: bool  # not cut short


def doctype_feeds(targets: Targets):
    @st.composite
    def one(draw) -> DoctypeFeed:
        prolog, declares = draw(doctypes(targets))
        atom = draw(st.booleans())
        reference = draw(st.sampled_from(["&inject;", "&inject; &amp;", "", "&a;", "&ext;"]))
        body = f"{reference} {draw(hostile_text)} {STORY}"
        if atom:
            feed = (f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><entry><title>a</title>'
                    f"<content>{body}</content></entry></feed>")
        else:
            feed = (f'<rss version="2.0"><channel><title>Desk</title><item><title>a</title>'
                    f"<description>{body}</description></item></channel></rss>")
        encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "none"]))
        declaration = '<?xml version="1.0"?>' if encoding == "none" else f'<?xml version="1.0" encoding="{encoding}"?>'
        text = declaration + prolog + feed
        data = text.encode("utf-16" if encoding == "utf-16" else "utf-8", errors="surrogatepass")
        cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
        return DoctypeFeed(data if cut is None else data[:cut], declares, cut is None)

    return one()


_DECLARATION = re.compile(r"<!entity", re.IGNORECASE)


def doctype_problems(feed: DoctypeFeed, items: list[Document | Reject], source: str) -> list[str]:
    """What is wrong with a reader's output on a DOCTYPE'd feed: the common checks, nothing resolved or
    declared reaching a Document, and a whole feed that declares entities refused by name."""
    found = problems(items)
    for item in items:
        if isinstance(item, Document):
            for value in (item.text, item.title or ""):
                if INJECTED in value or SECRET in value:
                    found.append("an entity was resolved into the text")
                if _DECLARATION.search(value):
                    found.append("an entity declaration was stored as text")
    if feed.declares_entities and feed.whole:
        if not items or any(not isinstance(i, Reject) or i.reason != "unsafe-markup" or i.source != source
                            for i in items):
            found.append(f"a feed declaring entities was not refused as unsafe-markup naming {source}: "
                         f"{[(type(i).__name__, getattr(i, 'reason', None)) for i in items]}")
    return found
