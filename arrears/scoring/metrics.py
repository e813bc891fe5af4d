"""Model metrics on plain arrays: AUC, Gini, KS, Brier, PSI and the decile table.

Written out (not sklearn.metrics) so each is a few lines a reviewer can check against a
hand-computed example (tests/scoring/test_metrics.py), and so ties are handled one
documented way: AUC counts a tied positive/negative pair as half.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# A share of 0 in a PSI bin would make ln(0): such a share counts as this instead.
PSI_FLOOR = 1e-4


def auc(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """Probability that a random positive scores above a random negative (ties: half).

    None when either class is absent (no pair to compare)."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=float)
    positives, negatives = int(y.sum()), int((~y).sum())
    if positives == 0 or negatives == 0:
        return None
    ranks = pd.Series(s).rank(method="average").to_numpy()  # average ranks share ties
    rank_sum = ranks[y].sum()
    return float((rank_sum - positives * (positives + 1) / 2) / (positives * negatives))


def gini(auc_value: float | None) -> float | None:
    """Gini coefficient (accuracy ratio) = 2 * AUC - 1."""
    return None if auc_value is None else 2 * auc_value - 1


def ks(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """Largest gap between the cumulative shares of positives and negatives, taking
    accounts from the highest score down (tied scores enter together)."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=float)
    positives, negatives = int(y.sum()), int((~y).sum())
    if positives == 0 or negatives == 0:
        return None
    frame = pd.DataFrame({"s": s, "pos": y.astype(int), "neg": (~y).astype(int)})
    by_score = frame.groupby("s", sort=True)[["pos", "neg"]].sum().iloc[::-1]
    gap = by_score["pos"].cumsum() / positives - by_score["neg"].cumsum() / negatives
    return float(gap.abs().max())


def brier(labels: np.ndarray, probabilities: np.ndarray) -> float | None:
    """Mean squared difference between the probability and the 0/1 outcome."""
    y = np.asarray(labels, dtype=float)
    p = np.asarray(probabilities, dtype=float)
    if len(y) == 0:
        return None
    return float(np.mean((p - y) ** 2))


def psi(expected: np.ndarray, actual: np.ndarray, bins: int = 10) -> float | None:
    """Population stability index of `actual` against `expected`:
    sum over bins of (a - e) * ln(a / e), a and e the shares of each population in a bin.

    Bins: the distinct values when there are at most `bins` of them in `expected`, else
    cut at `expected`'s deciles (edges deduplicated; the outer bins open-ended). Missing
    values are a bin of their own. A zero share counts as PSI_FLOOR."""
    e = pd.Series(np.asarray(expected, dtype=float))
    a = pd.Series(np.asarray(actual, dtype=float))
    if len(e) == 0 or len(a) == 0:
        return None
    values = np.sort(e.dropna().unique())
    if len(values) <= bins:
        e_bins, a_bins = e, a.where(a.isin(values) | a.isna(), np.inf)  # unseen: own bin
    else:
        edges = np.unique(np.quantile(e.dropna(), np.linspace(0, 1, bins + 1))[1:-1])
        e_bins = pd.Series(np.searchsorted(edges, e, side="right"), dtype=float).where(e.notna())
        a_bins = pd.Series(np.searchsorted(edges, a, side="right"), dtype=float).where(a.notna())
    e_share = e_bins.value_counts(normalize=True, dropna=False)
    a_share = a_bins.value_counts(normalize=True, dropna=False)
    keys = e_share.index.union(a_share.index)
    e_s = e_share.reindex(keys, fill_value=0).clip(lower=PSI_FLOOR).to_numpy()
    a_s = a_share.reindex(keys, fill_value=0).clip(lower=PSI_FLOOR).to_numpy()
    return float(np.sum((a_s - e_s) * np.log(a_s / e_s)))


def decile_table(labels: np.ndarray, probabilities: np.ndarray) -> pd.DataFrame:
    """Rows ranked by probability (highest first; ties by original order) and cut into 10
    groups as equal as possible (decile 1 = highest). Per decile: accounts, payers, mean
    predicted, observed pay rate, cumulative share of all payers (gains), lift."""
    y = np.asarray(labels, dtype=int)
    p = np.asarray(probabilities, dtype=float)
    n = len(y)
    order = np.argsort(-p, kind="stable")
    decile = np.empty(n, dtype=int)
    decile[order] = np.arange(n) * 10 // max(n, 1) + 1
    frame = pd.DataFrame({"decile": decile, "y": y, "p": p})
    table = frame.groupby("decile").agg(
        accounts=("y", "size"), payers=("y", "sum"), mean_predicted=("p", "mean")
    )
    table["observed_pay_rate"] = table["payers"] / table["accounts"]
    total_payers = int(y.sum())
    base_rate = total_payers / n if n else None
    table["cumulative_payer_share"] = (
        table["payers"].cumsum() / total_payers if total_payers else np.nan
    )
    table["lift"] = table["observed_pay_rate"] / base_rate if base_rate else np.nan
    return table.reset_index()
