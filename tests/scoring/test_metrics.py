"""arrears.scoring.metrics on tiny inputs whose answers are worked out by hand."""

import math

import numpy as np
import pytest

from arrears.scoring import metrics

LABELS = np.array([1, 0, 1, 0])
SCORES = np.array([0.9, 0.8, 0.4, 0.1])


def test_auc_counts_the_pairs_a_positive_wins():
    # positive/negative pairs: 0.9>0.8, 0.9>0.1, 0.4<0.8, 0.4>0.1 -> 3 of 4
    assert metrics.auc(LABELS, SCORES) == pytest.approx(0.75)
    assert metrics.gini(0.75) == pytest.approx(0.5)


def test_auc_counts_a_tie_as_half_and_needs_both_classes():
    assert metrics.auc(np.array([1, 0]), np.array([0.5, 0.5])) == pytest.approx(0.5)
    assert metrics.auc(np.array([1, 1]), np.array([0.2, 0.3])) is None
    assert metrics.gini(None) is None


def test_ks_is_the_largest_gap_of_cumulative_shares():
    # from the top: 0.9 (pos) 1/2 - 0/2 = 0.5; 0.8 (neg) 0.5 - 0.5 = 0;
    # 0.4 (pos) 1 - 0.5 = 0.5; 0.1 (neg) 0
    assert metrics.ks(LABELS, SCORES) == pytest.approx(0.5)
    # a perfect ranking separates everything
    assert metrics.ks(np.array([1, 1, 0]), np.array([0.9, 0.7, 0.2])) == pytest.approx(1.0)


def test_brier_is_the_mean_squared_error():
    # (0.1² + 0.8² + 0.6² + 0.1²) / 4 = (0.01 + 0.64 + 0.36 + 0.01) / 4
    assert metrics.brier(LABELS, SCORES) == pytest.approx(0.255)
    assert metrics.brier(np.array([]), np.array([])) is None


def test_psi_of_a_shifted_two_value_feature():
    # expected 0: 1/2, 1: 1/2; actual 0: 1/4, 1: 3/4
    expected = (0.25 - 0.5) * math.log(0.25 / 0.5) + (0.75 - 0.5) * math.log(0.75 / 0.5)
    assert metrics.psi(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 1])) == pytest.approx(expected)
    assert expected == pytest.approx(0.274653, abs=1e-6)


def test_psi_is_zero_for_the_same_population_and_floors_empty_bins():
    values = np.arange(100.0)
    assert metrics.psi(values, values) == pytest.approx(0.0)
    # actual all in one value the training never had: its own bin, shares floored at 1e-4
    got = metrics.psi(np.array([0.0, 1.0]), np.array([5.0, 5.0]))
    floor = metrics.PSI_FLOOR
    # bins 0 and 1: e 0.5, a floored; the new bin: e floored, a 1
    want = 2 * (floor - 0.5) * math.log(floor / 0.5) + (1 - floor) * math.log(1 / floor)
    assert got == pytest.approx(want)


def test_decile_table_ranks_highest_first():
    p = np.linspace(0.95, 0.05, 10)  # one row per decile, already ranked
    y = np.array([1, 1, 1, 0, 1, 0, 0, 0, 0, 0])
    table = metrics.decile_table(y, p)
    assert table["decile"].tolist() == list(range(1, 11))
    assert table["accounts"].tolist() == [1] * 10
    assert table["payers"].tolist() == y.tolist()
    # 4 payers: gains 1/4, 2/4, 3/4, 3/4, 4/4, ...
    assert table["cumulative_payer_share"].tolist()[:5] == [0.25, 0.5, 0.75, 0.75, 1.0]
    # base rate 0.4: a payer decile has lift 1 / 0.4 = 2.5
    assert table["lift"].iloc[0] == pytest.approx(2.5)
    assert table["mean_predicted"].iloc[0] == pytest.approx(0.95)
