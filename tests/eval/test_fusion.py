"""Clustering scores, checked against arithmetic done by hand."""

from __future__ import annotations

import pytest

from garrison.eval.fusion import score_happenings


def test_pairwise_and_bcubed_by_hand():
    # predicted p1 = {x1, x2, x3}, p2 = {x4}; gold g1 = {x1, x2}, g2 = {x3, x4}
    result = score_happenings([("p1", "g1"), ("p1", "g1"), ("p1", "g2"), ("p2", "g2")])
    # pairs: predicted together x1x2, x1x3, x2x3 (3); gold together x1x2, x3x4 (2); both: x1x2 (1)
    assert result["pairwise"]["true_pairs"] == 1
    assert result["pairwise"]["predicted_pairs"] == 3
    assert result["pairwise"]["gold_pairs"] == 2
    assert result["pairwise"]["precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert result["pairwise"]["recall"] == pytest.approx(1 / 2, abs=1e-4)
    assert result["pairwise"]["f1"] == pytest.approx(0.4, abs=1e-4)
    # B-cubed precision per item: 2/3, 2/3, 1/3, 1/1 -> 2/3; recall: 1, 1, 1/2, 1/2 -> 3/4
    assert result["bcubed"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["bcubed"]["recall"] == pytest.approx(3 / 4, abs=1e-4)
    assert result["bcubed"]["f1"] == pytest.approx(12 / 17, abs=1e-4)
    assert (result["items"], result["predicted_happenings"], result["gold_happenings"]) == (4, 2, 2)


def test_a_perfect_clustering_scores_one_whatever_the_names():
    result = score_happenings([("h:1", "a"), ("h:1", "a"), ("h:2", "b"), ("h:3", "c"), ("h:3", "c")])
    assert result["pairwise"]["f1"] == 1.0 and result["bcubed"]["f1"] == 1.0


def test_all_singletons_have_perfect_precision_and_poor_recall():
    result = score_happenings([("p1", "g"), ("p2", "g"), ("p3", "g")])
    assert result["pairwise"]["precision"] == 1.0 and result["pairwise"]["recall"] == 0.0
    assert result["bcubed"]["precision"] == 1.0
    assert result["bcubed"]["recall"] == pytest.approx(1 / 3, abs=1e-4)


def test_one_big_cluster_has_perfect_recall():
    result = score_happenings([("p", "g1"), ("p", "g1"), ("p", "g2"), ("p", "g3")])
    assert result["pairwise"]["recall"] == 1.0
    assert result["pairwise"]["precision"] == pytest.approx(1 / 6, abs=1e-4)
