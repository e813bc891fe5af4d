"""The generator's champion/challenger arm is the warehouse's (macro strategy_hash_bucket,
model int_strategy_arms), and the treatment effect only lifts the challenger."""

from __future__ import annotations

import hashlib

import duckdb
import numpy as np

from seeds.generator.treatment import (
    CHALLENGER_UPLIFT,
    Arm,
    assign_arm,
    hash_bucket,
    load_arms,
    treatment_multiplier,
)

# The DuckDB body of macro duckdb__strategy_hash_bucket (dbt_project/macros/strategy.sql).
DBT_BUCKET_SQL = "cast(('0x' || substr(md5(? || '|' || ?), 1, 7)) as bigint) % 100"


def test_hash_bucket_hand_computed():
    # md5('A3|S') starts fcf8f64 = 265,260,900 -> bucket 0 (dbt unit test
    # strategy_arms_split_buckets_by_traffic_share uses the same accounts)
    assert hashlib.md5(b"A3|S").hexdigest()[:7] == "fcf8f64"
    assert int("fcf8f64", 16) == 265_260_900
    assert [hash_bucket(a, "S") for a in ("A3", "A7", "A12", "A5", "A9", "A1")] == [
        0,
        11,
        18,
        40,
        79,
        86,
    ]


def test_generator_bucket_equals_dbt_sql_bucket():
    accounts = [f"A{i:07d}" for i in range(2000)] + ["A1", "x|y", "ünï"]
    with duckdb.connect() as con:
        for account in accounts:
            query = con.execute("select " + DBT_BUCKET_SQL, [account, "collections"])
            (sql_bucket,) = query.fetchone()
            assert sql_bucket == hash_bucket(account, "collections"), account


def test_arm_slices_follow_arm_name_order():
    arms = (Arm("S", "challenger", False, 0, 20), Arm("S", "champion", True, 20, 100))
    assert assign_arm("A3", arms).arm == "challenger"  # bucket 0
    assert assign_arm("A12", arms).arm == "challenger"  # bucket 18
    assert assign_arm("A5", arms).arm == "champion"  # bucket 40


def test_demo_strategy_splits_80_20_and_uplifts_the_challenger():
    arms = load_arms()
    assert [(a.arm, a.bucket_from, a.bucket_to) for a in arms] == [
        ("challenger", 0, 20),
        ("champion", 20, 100),
    ]
    ids = np.array([f"A{i:07d}" for i in range(1, 5001)])
    factors = treatment_multiplier(ids)
    challenger_share = float(np.mean(factors == CHALLENGER_UPLIFT))
    assert 0.17 < challenger_share < 0.23
    assert set(np.unique(factors)) == {1.0, CHALLENGER_UPLIFT}
