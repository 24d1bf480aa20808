"""A synthetic news corpus for benchmarks and crash tests: any size, deterministic for a seed.

Reports are assembled from templates in the register of conflict reporting (actors, systems,
sites, relative dates, attribution), with a share of syndicated near-copies (another headline,
a few words changed) and exact copies, so that deduplication is exercised at scale too.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

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


if __name__ == "__main__":
    import sys

    out, count = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    print(f"wrote {write(out, count)} bytes in {count} files under {out}")
