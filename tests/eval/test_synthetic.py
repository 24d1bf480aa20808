"""The synthetic corpora: deterministic for a seed, with the copies and gold they promise."""

from __future__ import annotations

from collections import Counter

from garrison.eval import synthetic


def test_reports_are_deterministic_and_include_near_and_exact_copies():
    first = list(synthetic.generate(400, seed=3))
    assert first == list(synthetic.generate(400, seed=3))
    assert first != list(synthetic.generate(400, seed=4))
    contents = [content for _, content in first]
    exact = sum(n - 1 for n in Counter(contents).values())
    near = sum(content.endswith("Share this article") for content in contents)
    assert 1 <= exact <= 30 and 5 <= near <= 50  # 2 % and 5 % of 400, give or take chance
    assert all(content.split("\n", 1)[0][-4:].isdigit() for content in contents)  # a dateline with its year


def test_write_lays_the_reports_out_in_folders_of_a_thousand(tmp_path):
    size = synthetic.write(tmp_path, 1200, seed=1)
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.txt"))
    assert len(files) == 1200 and files[0] == "000/report-000000.txt" and files[-1] == "001/report-001199.txt"
    assert size == sum(p.stat().st_size for p in tmp_path.rglob("*.txt"))


def test_pages_are_text_and_html_half_with_a_dateline(tmp_path):
    synthetic.write_pages(tmp_path, 6, sentences=8, seed=2)
    texts = sorted(tmp_path.glob("t*.txt"))
    pages = sorted(tmp_path.glob("h*.html"))
    assert len(texts) == len(pages) == 6
    with_dateline = [p for p in texts if not p.read_text(encoding="utf-8").startswith("On ")]
    assert len(with_dateline) == 3
    assert all("article:published_time" in p.read_text(encoding="utf-8") for p in pages)


def test_a_syndicated_copy_keeps_most_of_the_text():
    import random

    text = "Headline\n" + " . ".join(f"Sentence number {i} about the base" for i in range(12))
    copy = synthetic.syndicated_copy(text, random.Random(1))
    assert copy != text and copy.startswith("Syndicated: Headline (updated)")
    shared = set(text.split()) & set(copy.split())
    assert len(shared) > 0.8 * len(set(text.split()))


def test_events_corpus_has_a_gold_happening_for_every_event():
    events, documents, gold = synthetic.events_corpus(300, seed=5)
    assert len(events) == 300 and {e.id for e in events} <= set(gold)
    assert all(e.document_id in documents for e in events)
    assert len(set(gold.values())) < 300  # several reports per happening
    again, _, _ = synthetic.events_corpus(300, seed=5)
    assert [e.id for e in again] == [e.id for e in events]
