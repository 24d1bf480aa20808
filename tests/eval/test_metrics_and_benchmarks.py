"""Shared arithmetic and the helpers the bench/ scripts use."""

from __future__ import annotations

import pytest

from garrison.eval.benchmarks import corpus_parser, peak_rss_mib, read_texts, stage_functions
from garrison.eval.metrics import prf, ratios, share


def test_ratios_and_rounded_scores():
    assert ratios(2, 4, 8) == (0.5, 0.25, pytest.approx(1 / 3))
    assert ratios(0, 0, 5) == (0.0, 0.0, 0.0)
    assert prf(1, 3, 2) == {"precision": 0.3333, "recall": 0.5, "f1": 0.4, "tp": 1, "predicted": 3, "gold": 2}
    assert share(1, 3) == 0.3333 and share(0, 0) is None


def test_read_texts_from_jsonl_files_and_directories(tmp_path):
    (tmp_path / "gold.jsonl").write_text('{"text": "one"}\n\n{"text": "two"}\n', encoding="utf-8")
    articles = tmp_path / "articles"
    (articles / "sub").mkdir(parents=True)
    (articles / "b.txt").write_text("bee", encoding="utf-8")
    (articles / "sub" / "a.md").write_text("ay", encoding="utf-8")
    (articles / "c.html").write_text("<p>not an article file</p>", encoding="utf-8")
    (articles / "blank.txt").write_text("  \n", encoding="utf-8")
    single = tmp_path / "single.html"
    single.write_text("named explicitly", encoding="utf-8")
    assert read_texts([tmp_path / "gold.jsonl", articles, single]) == ["one", "two", "bee", "ay", "named explicitly"]


def test_stage_functions_in_the_order_asked_and_unknown_ones_left_out():
    found = stage_functions(["dates", "no_such_stage", "places"])
    assert [name for name, _ in found] == ["dates", "places"]
    assert all(callable(run) for _, run in found)


def test_corpus_parser_and_peak_memory():
    args = corpus_parser("x", unit="articles").parse_args(["a.txt", "--docs", "3"])
    assert (args.docs, args.repeat, [str(p) for p in args.corpus]) == (3, 2, ["a.txt"])
    assert 10 < peak_rss_mib() <= peak_rss_mib(children=True) + 1e-9
