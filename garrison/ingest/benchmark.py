"""Measure iter_inputs throughput over a generated directory of text and HTML reports.

    .venv/bin/python -m garrison.ingest.benchmark --files 300
    .venv/bin/python -m garrison.ingest.benchmark --dates GOLD.jsonl   # publication dates vs "dct"
    .venv/bin/python -m garrison.ingest.benchmark --dedup GOLD.jsonl   # near-duplicate recall / false matches

Writes ``--files`` plain-text and as many HTML files (synthetic reports in the register of
the news we read) to a temporary directory, then times one full pass of ``iter_inputs``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from garrison.ingest import Reject, iter_inputs

ACTORS = ["Russian paramilitaries", "Malian troops", "the Libyan National Army", "Turkish advisers",
          "French special forces", "the Africa Corps", "Chadian soldiers", "Sudanese militias"]
PLACES = ["Al Jufra", "Al Khadim", "Bamako", "Gao", "Kidal", "Tobruk", "Sabha", "Maaten al-Sarra", "Niamey"]
VERBS = ["arrived at", "withdrew from", "reinforced", "were seen near", "began construction at", "shelled"]
MATERIEL = ["armoured vehicles", "transport aircraft", "drones", "air defence radars", "artillery pieces"]
SOURCES = ["officials said", "according to satellite images", "residents told reporters", "a statement said"]


def sentence(rng: random.Random, day: date) -> str:
    year = f" {day.year}," if rng.random() < 0.25 else ""
    return (f"On {day:%B} {day.day},{year} {rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(PLACES)} with "
            f"{rng.randint(2, 40)} {rng.choice(MATERIEL)}, {rng.choice(SOURCES)}.")


def report(rng: random.Random, sentences: int) -> tuple[date, list[str]]:
    published = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    paragraphs = [" ".join(sentence(rng, published - timedelta(days=rng.randint(0, 30))) for _ in range(4))
                  for _ in range(sentences // 4)]
    return published, paragraphs


def generate(folder: Path, files: int, sentences: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    total = 0
    for n in range(files):
        published, paragraphs = report(rng, sentences)
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


def _gold_day(value: str) -> date:
    if len(value) == 10 and value[2] == "-":  # some gold rows write DD-MM-YYYY
        value = f"{value[6:]}-{value[3:5]}-{value[:2]}"
    return date.fromisoformat(value[:10])


def measure_dates(gold_path: Path) -> dict[str, dict[str, int]]:
    """How publication dates are found for gold texts with a "dct": as written, and with the
    second line (where WikiNews-style texts carry their dateline) removed, so that only the
    inference from the body can date them."""
    rows = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [row for row in rows if row.get("dct")]
    results = {}
    for label, texts in (
        ("as written", [row["text"] for row in rows]),
        ("dateline line removed", ["\n".join(l[:1] + l[2:]) for l in (row["text"].split("\n") for row in rows)]),
    ):
        tally: dict[str, int] = {"documents": 0}
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "texts.jsonl"
            path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
            for row, item in zip(rows, iter_inputs(str(path)), strict=True):
                tally["documents"] += 1
                source = str(getattr(item, "published_source", None) or "none")
                tally[source] = tally.get(source, 0) + 1
                if getattr(item, "published", None) == _gold_day(row["dct"]):
                    tally["exact"] = tally.get("exact", 0) + 1
        results[label] = tally
    return results


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


def measure_dedup(gold_path: Path, threshold: float = 0.7) -> dict[str, float]:
    """Near-duplicate recall on generated syndicated copies of the gold texts, and false matches
    among the distinct gold texts themselves (MEANTIME holds several reports of one event)."""
    from garrison.ingest import NearDuplicateIndex

    rng = random.Random(11)
    rows = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = {row.get("id", str(n)): row["text"] for n, row in enumerate(rows) if len(row["text"].split()) >= 80}
    index = NearDuplicateIndex(threshold=threshold)
    false_matches = 0
    for doc_id, text in texts.items():
        signature = index.signature(text)
        false_matches += index.find(signature) is not None
        index.add(doc_id, signature)
    found = 0
    similarities = []
    for doc_id, text in texts.items():
        match = index.find(index.signature(syndicated_copy(text, rng)))
        if match and match[0] == doc_id:
            found += 1
            similarities.append(match[1])
    return {"texts": len(texts), "copies_found": found, "recall": round(found / len(texts), 3),
            "false_matches_among_distinct": false_matches,
            "median_copy_similarity": sorted(similarities)[len(similarities) // 2] if similarities else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300, help="text files and HTML files each (default 300)")
    parser.add_argument("--sentences", type=int, default=24, help="sentences per report (default 24)")
    parser.add_argument("--dates", type=Path, help="instead: date-finding accuracy on a gold JSONL with dct")
    parser.add_argument("--dedup", type=Path, help="instead: near-duplicate recall/false matches on a gold JSONL")
    args = parser.parse_args()
    if args.dedup:
        print(json.dumps(measure_dedup(args.dedup)))
        return
    if args.dates:
        print(json.dumps(measure_dates(args.dates)))
        return
    with tempfile.TemporaryDirectory() as folder:
        size = generate(Path(folder), args.files, args.sentences)
        # Warm-up outside the timing: lingua's models and trafilatura load once per process.
        next(iter_inputs(str(Path(folder) / "t00000.txt")))
        next(iter_inputs(str(Path(folder) / "h00000.html")))
        cpu_started = time.process_time()
        started = previous = time.perf_counter()
        documents = rejects = 0
        kinds: dict[str, int] = {}
        per_type: dict[str, list[float]] = {}  # content type -> [documents, seconds]
        for item in iter_inputs(folder):
            now = time.perf_counter()
            if isinstance(item, Reject):
                rejects += 1
            else:
                documents += 1
                kinds[item.published_source or "none"] = kinds.get(item.published_source or "none", 0) + 1
                tally = per_type.setdefault(item.content_type or "?", [0, 0.0])
                tally[0] += 1
                tally[1] += now - previous
            previous = now
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    print(json.dumps({
        "documents": documents, "rejects": rejects, "bytes": size, "seconds": round(seconds, 2),
        "docs_per_s": round(documents / seconds, 1), "mb_per_s": round(size / seconds / 1e6, 2),
        "cpu_seconds": round(cpu_seconds, 2), "docs_per_cpu_s": round(documents / cpu_seconds, 1),
        "mb_per_cpu_s": round(size / cpu_seconds / 1e6, 2),
        "date_sources": kinds,
        "docs_per_s_by_type": {k: round(n / t, 1) for k, (n, t) in per_type.items()}, "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
