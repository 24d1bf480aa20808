"""Synthetic corpora for benchmarks and tests: any size, deterministic for a seed.

Three shapes of the same register of conflict reporting, each for the part it exercises:

* :func:`write` / :func:`generate` — plain-text reports with datelines (actors, systems, sites, relative dates,
  attribution), a share of syndicated near-copies and exact copies: ingest into the store at scale
  (bench/bench_ingest.py) and the crash-safety tests;
* :func:`write_pages` — text files and HTML pages with metadata and page furniture: reading and cleaning
  (bench/bench_ingest_inputs.py); :func:`syndicated_copy` edits a text as syndication does;
* :func:`events_corpus` — extracted events of synthetic happenings with their gold happening ids: fusion
  (bench/bench_fusion.py, tests/fusion).

Each keeps the vocabulary it was measured with, so that the figures recorded in docs/benchmarks stay comparable.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from garrison.model import (
    Claim,
    Document,
    Event,
    Evidence,
    Place,
    Precision,
    Stance,
    TimeSpan,
)

ACTORS = ["Russian forces", "Africa Corps", "the Wagner Group", "Turkish forces", "the Libyan National Army",
          "the Malian army", "JNIM fighters", "US Africa Command", "French troops", "Syrian government forces"]
SYSTEMS = ["S-300 batteries", "S-400 launchers", "Il-76 transports", "An-124 cargo aircraft", "T-72B3 tanks",
           "BTR-82A carriers", "Bayraktar TB2 drones", "Pantsir-S1 systems", "Mi-24 helicopters", "Su-24 bombers"]
SITES = ["al-Khadim air base", "Al Jufra air base", "Ghardabiya near Sirte", "Brak al-Shati", "Maaten al-Sarra",
         "the port of Tobruk", "Tartus", "Hmeimim air base", "Air Base 101 in Bamako", "Gao", "Timbuktu",
         "Kidal", "Niamey", "Ouagadougou", "Benghazi"]
OUTLETS = ["RFI", "Reuters", "AFP", "Le Monde", "Al Jazeera", "Agenzia Nova", "The Defense Post", "Bloomberg"]
SOURCES = ["satellite images", "flight-tracking data", "Pentagon sources", "a Libyan military source",
           "local residents", "diplomats", "an Italian official", "security sources"]
WHEN = ["last June", "a few days ago", "in December", "at the end of November", "on Wednesday", "last month",
        "earlier this year", "in early March"]
VERBS = [("moved", "to"), ("deployed", "at"), ("delivered", "to"), ("struck", "at"), ("withdrew", "from"),
         ("stationed", "at")]
FILLER = [
    "Analysts said the move fits a wider pattern of activity across the region.",
    "Officials declined to comment on the report.",
    "The information could not be independently verified.",
    "Flights between the two sites have increased in recent weeks.",
    "The government has not made any announcement on the matter.",
    "Observers expect further movements in the coming months.",
    "Residents described convoys passing through the area at night.",
    "The ministry denied any involvement in the operation.",
]


def report(rng: random.Random, number: int) -> tuple[str, str]:
    """One report: (headline, text with a dateline)."""
    published = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 900))
    actor, system, site, outlet = rng.choice(ACTORS), rng.choice(SYSTEMS), rng.choice(SITES), rng.choice(OUTLETS)
    verb, prep = rng.choice(VERBS)
    headline = f"{actor.capitalize()} {verb} {system} {prep} {site} (report {number})"
    sentences = [
        f"{actor.capitalize()} {verb} {system} {prep} {site} {rng.choice(WHEN)}, "
        f"according to {rng.choice(SOURCES)} cited by {outlet}.",
        f"The operation involved about {rng.randrange(2, 60)} vehicles and {rng.randrange(50, 900)} personnel.",
        *rng.sample(FILLER, k=rng.randrange(2, 5)),
        f"{rng.choice(ACTORS).capitalize()} {rng.choice(['denied', 'confirmed', 'did not comment on'])} "
        f"the reports about {rng.choice(SITES)}, {rng.choice(OUTLETS)} said.",
    ]
    dateline = published.strftime("%a. %b %d, %Y")
    return headline, dateline + "\n\n" + " ".join(sentences) + f"\n\nReference {number}-{rng.randrange(10**9)}."


def near_copy(rng: random.Random, text: str) -> str:
    """A syndicated copy: same text, a word or two changed, a share prompt appended."""
    words = text.split(" ")
    for _ in range(2):
        i = rng.randrange(len(words))
        words[i] = words[i].upper() if rng.random() < 0.5 else words[i] + ","
    return " ".join(words) + "\n\nShare this article"


def generate(n: int, seed: int = 7, near_share: float = 0.05, exact_share: float = 0.02) -> Iterator[tuple[str, str]]:
    """Yield (filename, content) for ``n`` files; a share of them are near or exact copies of earlier ones."""
    rng = random.Random(seed)
    earlier: list[str] = []
    for i in range(n):
        roll = rng.random()
        if earlier and roll < exact_share:
            content = rng.choice(earlier)
        elif earlier and roll < exact_share + near_share:
            content = near_copy(rng, rng.choice(earlier))
        else:
            _, content = report(rng, i)
            if len(earlier) < 5000:
                earlier.append(content)
        yield f"{i // 1000:03d}/report-{i:06d}.txt", content


def write(directory: Path, n: int, seed: int = 7) -> int:
    """Write the corpus under ``directory``; returns the number of bytes written."""
    total = 0
    for name, content in generate(n, seed):
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


# ---------------------------------------------------------------------------
# text files and HTML pages, for reading and cleaning

PAGE_ACTORS = ["Russian paramilitaries", "Malian troops", "the Libyan National Army", "Turkish advisers",
          "French special forces", "the Africa Corps", "Chadian soldiers", "Sudanese militias"]
PAGE_PLACES = ["Al Jufra", "Al Khadim", "Bamako", "Gao", "Kidal", "Tobruk", "Sabha", "Maaten al-Sarra", "Niamey"]
PAGE_VERBS = ["arrived at", "withdrew from", "reinforced", "were seen near", "began construction at", "shelled"]
PAGE_MATERIEL = ["armoured vehicles", "transport aircraft", "drones", "air defence radars", "artillery pieces"]
PAGE_SOURCES = ["officials said", "according to satellite images", "residents told reporters", "a statement said"]


def page_sentence(rng: random.Random, day: date) -> str:
    year = f" {day.year}," if rng.random() < 0.25 else ""
    return (f"On {day:%B} {day.day},{year} {rng.choice(PAGE_ACTORS)} {rng.choice(PAGE_VERBS)} {rng.choice(PAGE_PLACES)} with "
            f"{rng.randint(2, 40)} {rng.choice(PAGE_MATERIEL)}, {rng.choice(PAGE_SOURCES)}.")


def page_paragraphs(rng: random.Random, sentences: int) -> tuple[date, list[str]]:
    published = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    paragraphs = [" ".join(page_sentence(rng, published - timedelta(days=rng.randint(0, 30))) for _ in range(4))
                  for _ in range(sentences // 4)]
    return published, paragraphs


def write_pages(folder: Path, files: int, sentences: int, seed: int = 7) -> int:
    """Write ``files`` plain-text reports (half with a dateline, half to be dated from their body) and as many
    HTML pages (metadata date, navigation and footer furniture); returns the number of bytes written."""
    rng = random.Random(seed)
    total = 0
    for n in range(files):
        published, paragraphs = page_paragraphs(rng, sentences)
        dateline = f"{published:%a. %b %d, %Y}\n\n" if n % 2 else ""  # half must have their date inferred
        text = dateline + "\n\n".join(paragraphs) + "\n\nShare this article\n"
        html = (f"<html><head><title>Report {n}</title><meta property='og:site_name' content='Desk {n % 5}'>"
                f"<meta property='article:published_time' content='{published.isoformat()}'></head><body>"
                "<nav>Home | World | Africa</nav><article><h1>Report</h1>"
                + "".join(f"<p>{p}</p>" for p in paragraphs)
                + "</article><footer>Follow us on Twitter</footer></body></html>")
        for name, content in ((f"t{n:05d}.txt", text), (f"h{n:05d}.html", html)):
            (folder / name).write_text(content, encoding="utf-8")
            total += len(content.encode("utf-8"))
    return total


def syndicated_copy(text: str, rng: random.Random) -> str:
    """A light edit as syndication makes it: new headline, three words changed, one sentence dropped,
    one added, page furniture around it."""
    lines = [line for line in text.split("\n") if line.strip()]
    body = " \n".join(lines[1:]) if len(lines) > 1 else text
    sentences = [s for s in body.replace("\n", " ").split(" . ") if s.strip()]
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences))]
    words = " . ".join(sentences).split(" ")
    for _ in range(3):
        position = rng.randrange(len(words))
        words[position] = rng.choice(["reportedly", "officials", "new", "major"])
    return ("Syndicated: " + (lines[0] if lines else "") + " (updated)\nShare this article\n" + " ".join(words)
            + " . The agency contributed to this report .\nSubscribe to our newsletter\n")


# ---------------------------------------------------------------------------
# extracted events of synthetic happenings, for fusion

EVENT_TYPES = [("ASSAULT", "air/drone strike"), ("ASSAULT", "shelling/artillery/missile attack"),
         ("FIGHT", "armed clash"), ("DEPLOY", "redeployment"), ("TRANSFER", "delivery"),
         ("BASE_PRESENCE", "access"), ("BASE_PRESENCE", "withdrawal"), ("CONSTRUCTION", "construction"),
         ("CONSULT", "visit"), ("AGREE", "agreement")]
EVENT_STANCES = [Stance.ASSERTED] * 5 + [Stance.REPORTED] * 4 + [Stance.SPECULATED, Stance.DENIED]
EVENT_WORDS = ("drone strike convoy base hangar runway troops armour column airlift freighter radar battery "
         "instructors contingent satellite imagery officials sources ministry command statement denial").split()


def _country_places(rng: random.Random, n_countries: int) -> tuple[list[Place], list[Place]]:
    countries, sites = [], []
    for c in range(n_countries):
        code = f"X{c:02d}"[-2:] if c < 100 else f"{c}"
        lat, lon = rng.uniform(-30, 50), rng.uniform(-20, 60)
        countries.append(Place(id=f"country:{code}", name=f"Country {c}", lat=lat, lon=lon, feature="country",
                               country=code, precision=3))
        for s in range(12):
            sites.append(Place(id=f"synthetic:{code}-{s}", name=f"Site {c}-{s}", lat=lat + rng.uniform(-4, 4),
                               lon=lon + rng.uniform(-4, 4), feature="airbase" if s % 2 else "city",
                               country=code, precision=1 if s % 2 else 2))
    return countries, sites


def events_corpus(n_events: int = 10_000, seed: int = 7) -> tuple[list[Event], dict[str, Document], dict[str, str]]:
    """Reports of synthetic happenings as extracted events, for fusion: (events, documents, gold happening id
    per event id).  Several outlets per happening, syndicated copies, places coarsened to their country, dates
    to their month or left to the publication date, denials."""
    rng = random.Random(seed)
    countries, sites = _country_places(rng, max(8, n_events // 400))
    by_country = {c.country: c for c in countries}
    actors = [f"mil_unit:force-{i}" for i in range(max(20, n_events // 50))]
    materiel = [f"equipment:system-{i}" for i in range(60)]
    outlets = [f"Outlet {i}" for i in range(40)]
    origin_day = date(2022, 1, 1).toordinal()
    events: list[Event] = []
    documents: dict[str, Document] = {}
    gold: dict[str, str] = {}
    h = 0
    while len(events) < n_events:
        h += 1
        etype, mode = rng.choice(EVENT_TYPES)
        site = rng.choice(sites)
        when = date.fromordinal(origin_day + rng.randrange(3 * 365))
        parties = rng.sample(actors, rng.choice((1, 1, 2)))
        kit = rng.sample(materiel, rng.choice((0, 1, 2)))
        words = rng.sample(EVENT_WORDS, 8)
        for r in range(rng.choice((1, 2, 2, 3, 3, 4, 6))):
            published = when + timedelta(days=rng.randrange(0, 20))
            outlet = rng.choice(outlets)
            text = " ".join(words + rng.sample(EVENT_WORDS, 3))
            document = Document(text=f"{text} {h} {r}", outlet=outlet, published=published)
            documents[document.id] = document
            copies = [document]
            if rng.random() < 0.1:  # a syndicated near-copy
                copy = Document(text=f"{text} {h} {r} copy", outlet=rng.choice(outlets),
                                published=published + timedelta(days=1), duplicate_of=document.id, similarity=0.95)
                documents[copy.id] = copy
                copies.append(copy)
            place = site if rng.random() < 0.75 else by_country[site.country]
            roll = rng.random()
            if roll < 0.5:
                span, from_dct = TimeSpan(when, when, Precision.DAY), False
            elif roll < 0.85:
                first = when.replace(day=1)
                last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                span, from_dct = TimeSpan(first, last, Precision.MONTH), False
            else:
                span, from_dct = TimeSpan(published, published, Precision.DAY, anchor=published), True
            stance = rng.choice(EVENT_STANCES)
            for d in copies:
                ev = Event(type=etype, document_id=d.id, mode=mode, trigger=etype.lower(),
                           actors=parties[:1] if etype in ("DEPLOY", "BASE_PRESENCE", "CONSTRUCTION") else parties,
                           targets=parties[1:], materiel=kit if rng.random() < 0.7 else [],
                           location=place, destination=place if etype in ("DEPLOY", "TRANSFER") else None,
                           time=span, time_from_dct=from_dct,
                           claims=[Claim(event_id="", document_id=d.id, outlet=d.outlet, stance=stance,
                                         evidence=[Evidence(0, len(text), text)])])
                events.append(ev)
                gold[ev.id] = f"g{h}"
    return events[:n_events], documents, gold


if __name__ == "__main__":
    import sys

    out, count = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    print(f"wrote {write(out, count)} bytes in {count} files under {out}")
