"""The champion/challenger treatment effect: accounts in the challenger arm pay more often.

The arm is the one dbt assigns (macro strategy_hash_bucket, model int_strategy_arms): the
first 7 hex digits of md5("<account_id>|<strategy_id>") as an integer, mod 100, falls in one
arm's slice of the traffic shares, the arms laid end to end in arm name order. The shares
come from the dbt seed dbt_project/seeds/strategies.csv (its latest version), so the
generator and the warehouse agree on every account (tests/seeds/test_treatment.py).

The effect: a delinquent challenger account's monthly probability of paying is multiplied
by CHALLENGER_UPLIFT (calls first, per the demo strategy); champion accounts keep theirs.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

STRATEGIES_CSV = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "strategies.csv"
CHALLENGER_UPLIFT = 1.3


@dataclass(frozen=True)
class Arm:
    strategy_id: str
    arm: str
    is_champion: bool
    bucket_from: int
    bucket_to: int  # exclusive


def hash_bucket(account_id: str, strategy_id: str) -> int:
    """The account's traffic bucket 0..99 for a strategy (same as dbt)."""
    digest = hashlib.md5(f"{account_id}|{strategy_id}".encode(), usedforsecurity=False)
    return int(digest.hexdigest()[:7], 16) % 100


@lru_cache(maxsize=4)
def load_arms(path: Path = STRATEGIES_CSV) -> tuple[Arm, ...]:
    """The arms of the first strategy's latest version, each with its bucket slice."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        raise ValueError(f"{path} has no strategy")
    strategy_id = min(row["strategy_id"] for row in rows)
    version = max(int(row["version"]) for row in rows if row["strategy_id"] == strategy_id)
    chosen = sorted(
        (r for r in rows if r["strategy_id"] == strategy_id and int(r["version"]) == version),
        key=lambda r: r["arm"],
    )
    arms, start = [], 0
    for row in chosen:
        share = int(row["traffic_share"])
        is_champion = row["is_champion"].strip().lower() == "true"
        arms.append(Arm(strategy_id, row["arm"], is_champion, start, start + share))
        start += share
    return tuple(arms)


def assign_arm(account_id: str, arms: tuple[Arm, ...] | None = None) -> Arm:
    """The arm an account is in (the one whose slice holds its bucket)."""
    arms = arms or load_arms()
    bucket = hash_bucket(account_id, arms[0].strategy_id)
    for arm in arms:
        if arm.bucket_from <= bucket < arm.bucket_to:
            return arm
    raise ValueError(f"traffic shares of {arms[0].strategy_id} do not cover bucket {bucket}")


def treatment_multiplier(account_ids: np.ndarray) -> np.ndarray:
    """Per account, the factor on its monthly probability of paying: CHALLENGER_UPLIFT for
    challenger accounts, 1.0 for the champion's."""
    arms = load_arms()
    uplift = {arm.arm: (1.0 if arm.is_champion else CHALLENGER_UPLIFT) for arm in arms}
    return np.array([uplift[assign_arm(str(a), arms).arm] for a in account_ids], dtype=np.float64)
