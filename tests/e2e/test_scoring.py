"""The propensity-to-pay score end to end (docs/scoring.md):

- no leakage: int_score_features as of a date D is the same whether the landing stops
  at D's month or later months' files were added since (built twice, compared);
- determinism: the same features give the same run, metrics and scores;
- on the demo portfolio (2,000 accounts, 18 months) the model beats its logistic baseline
  out of time and its AUC is above 0.5.

Three builds in all (two of 300 accounts over 8 months, one of the demo portfolio): the
cost is bounded by those sizes, a few minutes on two cores."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from e2e_support import build

from seeds.generator import generate

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("scoring")]

# the label and the date flags legitimately change once later data arrives
NOT_FEATURES = {"is_latest", "label_threshold", "is_label_complete", "pays_in_window"}
CUT_MONTH = "2026-07"  # the first build sees files up to this month


def _work_db(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.stem + ".work.duckdb")


def _features(warehouse: Path) -> pd.DataFrame:
    with duckdb.connect(str(_work_db(warehouse)), read_only=True) as con:
        return con.execute(
            "select * from intermediate.int_score_features order by as_of_date, account_id"
        ).df()


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, dbt_manifest):
    """Features after a build of the landing cut at CUT_MONTH, and after the later months'
    files were added and the same warehouse built again (a daily build)."""
    root = tmp_path_factory.mktemp("scoring_leakage")
    full = root / "full"
    generate(full, accounts=300, months=8, seed=7, end_month="2026-10")
    landing = root / "landing"
    later: list[Path] = []
    for path in sorted(full.rglob("*.csv")):
        target = landing / path.relative_to(full)
        if path.stem[:7] <= CUT_MONTH:  # 0000-initial, 2026-03 ... 2026-07[-restatement]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        else:
            later.append(path)
    assert later, "the cut must leave later files to add"
    warehouse = root / "arrears.duckdb"
    first = build(landing, warehouse)
    assert first.success, first.reason
    before = _features(warehouse)
    for path in later:
        target = landing / path.relative_to(full)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    second = build(landing, warehouse)
    assert second.success, second.reason
    return before, _features(warehouse), warehouse


def test_features_as_of_a_date_do_not_change_when_later_rows_arrive(two_builds):
    before, after, _ = two_builds
    month_ends = before[pd.to_datetime(before["as_of_date"]).dt.is_month_end]
    assert month_ends["as_of_date"].nunique() >= 3
    key = ["as_of_date", "account_id"]
    columns = [c for c in before.columns if c not in NOT_FEATURES]
    merged = month_ends[columns].merge(
        after[columns], on=key, how="left", suffixes=("_before", "_after"), indicator=True
    )
    assert (merged["_merge"] == "both").all(), "a row as of a past date disappeared"
    for column in columns:
        if column in key:
            continue
        a, b = merged[f"{column}_before"], merged[f"{column}_after"]
        differs = ~((a == b) | (a.isna() & b.isna()))
        assert not differs.any(), (
            f"{column} as of a past date changed once later rows were loaded:\n"
            f"{merged.loc[differs, [*key, f'{column}_before', f'{column}_after']].head()}"
        )
    # and the second build scored something: the later months make a trainable history
    assert len(after) > len(before)


def test_the_same_features_give_the_same_run_and_scores(two_builds, tmp_path):
    from arrears.scoring import run

    _, _, warehouse = two_builds
    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = con.execute("select * from marts.model_runs order by model_version").df()
        scores = con.execute(
            "select account_id, probability_to_pay, model_version from marts.fct_account_scores"
            " where probability_to_pay is not null order by account_id"
        ).df()
    copy = tmp_path / "work.duckdb"
    shutil.copyfile(_work_db(warehouse), copy)
    with duckdb.connect(str(copy)) as con:
        result = run(con, tmp_path / "models")
        again = con.execute(
            "select * from scoring.model_runs where model_version = ?", [result.model_version]
        ).df()
        rescored = con.execute(
            "select account_id, probability_to_pay, model_version from scoring.account_scores"
            " order by account_id"
        ).df()
    latest = runs[runs["model_version"] == result.model_version]
    assert len(latest) == 1, "a rebuild of the same features must be the same model version"
    for column in ["status", "train_rows", "validate_rows", "auc", "ks", "brier", "baseline_auc"]:
        assert latest[column].iloc[0] == again[column].iloc[0] or (
            pd.isna(latest[column].iloc[0]) and pd.isna(again[column].iloc[0])
        ), column
    if result.status == "trained":
        pd.testing.assert_frame_equal(scores, rescored, check_dtype=False)


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory, dbt_manifest):
    """The demo portfolio (make demo's arguments), built once."""
    root = tmp_path_factory.mktemp("scoring_demo")
    generate(root / "landing", accounts=2_000, months=18, seed=42, end_month="2026-10")
    warehouse = root / "arrears.duckdb"
    outcome = build(root / "landing", warehouse)
    assert outcome.success, outcome.reason
    return warehouse


def test_the_model_beats_its_baseline_out_of_time_on_the_demo_portfolio(demo_build):
    with duckdb.connect(str(demo_build), read_only=True) as con:
        run = con.execute(
            "select * from marts.model_runs where status = 'trained'"
            " order by scored_on desc, model_version limit 1"
        ).df()
        scores = con.execute(
            "select count(*) as accounts, count(probability_to_pay) as scored,"
            " min(probability_to_pay) as low, max(probability_to_pay) as high"
            " from marts.fct_account_scores"
        ).df()
        deciles = con.execute(
            "select decile, observed_pay_rate from marts.model_run_deciles"
            " where model_version = ? order by decile",
            [run["model_version"].iloc[0]],
        ).df()
    assert len(run) == 1
    row = run.iloc[0]
    assert row["validate_from"] > row["train_to"], "validation must come after training"
    assert row["auc"] > 0.5
    assert row["auc"] > row["baseline_auc"]
    assert row["gini"] == pytest.approx(2 * row["auc"] - 1)
    assert scores["scored"].iloc[0] == scores["accounts"].iloc[0] > 0
    assert 0 <= scores["low"].iloc[0] <= scores["high"].iloc[0] <= 1
    # the top decile pays more often than the bottom one
    assert deciles["observed_pay_rate"].iloc[0] > deciles["observed_pay_rate"].iloc[-1]


def _scoring_tables(con) -> dict[str, pd.DataFrame]:
    return {
        table: con.execute(f"select * from scoring.{table} order by all").df()
        for table in ["account_scores", "model_runs", "model_run_deciles", "model_run_features"]
    }


def test_a_run_on_unchanged_training_rows_scores_with_the_saved_model(demo_build, tmp_path):
    """A new day that changes no training row (the usual day) keeps the model: the second
    run loads it instead of training, and records exactly what training again would."""
    from arrears.scoring import run

    copy = tmp_path / "work.duckdb"
    shutil.copyfile(_work_db(demo_build), copy)
    with duckdb.connect(str(copy)) as con:
        first = run(con, tmp_path / "models")
        trained = _scoring_tables(con)
        second = run(con, tmp_path / "models")
        reused = _scoring_tables(con)
    assert first.status == "trained" and not first.reused
    assert second.reused and second.model_version == first.model_version
    for table, frame in trained.items():
        pd.testing.assert_frame_equal(frame, reused[table], obj=table)


def test_training_reads_a_seeded_sample_of_accounts(demo_build, tmp_path, monkeypatch):
    """At most TRAINING_ACCOUNTS accounts are trained on: the first ones by
    md5(account_id:seed), recomputed here with hashlib; the cap is part of the version."""
    from arrears.scoring import pipeline, run
    from arrears.scoring.features import load_training
    from arrears.scoring.train import SEED

    with duckdb.connect(str(_work_db(demo_build)), read_only=True) as con:
        everyone = load_training(con, 1_000_000, SEED)
        sample = load_training(con, 50, SEED)
    accounts = sorted(
        everyone["account_id"].unique(),
        key=lambda a: (hashlib.md5(f"{a}:{SEED}".encode()).hexdigest(), a),
    )
    assert set(sample["account_id"]) == set(accounts[:50])
    expected = everyone[everyone["account_id"].isin(accounts[:50])].reset_index(drop=True)
    pd.testing.assert_frame_equal(sample, expected)

    copy = tmp_path / "work.duckdb"
    shutil.copyfile(_work_db(demo_build), copy)
    with duckdb.connect(str(copy)) as con:
        full = run(con, tmp_path / "models")
        monkeypatch.setattr(pipeline, "TRAINING_ACCOUNTS", 50)
        capped = run(con, tmp_path / "models")
    assert full.train_rows + full.validate_rows == len(everyone)
    assert capped.train_rows + capped.validate_rows == len(sample)
    assert capped.model_version != full.model_version
