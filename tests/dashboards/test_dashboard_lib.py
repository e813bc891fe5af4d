"""Unit tests of dashboards.lib (warehouse access, display queries, formatting)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from aging_warehouse import D2

from dashboards.app_pages import aging
from dashboards.lib import db, formatting, queries

LATEST = queries.AccountFilter(as_of_date=date.fromisoformat(D2))


def test_warehouse_path_default_and_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(db.WAREHOUSE_ENV_VAR, raising=False)
    assert db.warehouse_path() == Path(db.__file__).resolve().parents[2] / "data/arrears.duckdb"
    monkeypatch.setenv(db.WAREHOUSE_ENV_VAR, str(tmp_path / "w.duckdb"))
    assert db.warehouse_path() == tmp_path / "w.duckdb"


def test_query_keeps_decimals_and_closes_the_file(warehouse: Path) -> None:
    frame = db.query(
        "select open_balance from marts.fct_ar_aging where account_id = ? order by 1",
        ("A2",),
        cache=False,
    )
    assert list(frame["open_balance"]) == [
        Decimal("500.00"),
        Decimal("500.00"),
        Decimal("1000.25"),
        Decimal("1000.25"),
    ]
    # No connection is left open: the file can be opened for writing right away.
    with duckdb.connect(str(warehouse)) as writer:
        writer.execute("create table marts.scratch as select 1 as x")


def test_missing_file_and_missing_marts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(db.WAREHOUSE_ENV_VAR, str(tmp_path / "absent.duckdb"))
    with pytest.raises(db.WarehouseMissing):
        db.query("select 1")

    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    monkeypatch.setenv(db.WAREHOUSE_ENV_VAR, str(empty))
    with pytest.raises(db.MartsMissing) as raised:
        db.require_marts(*queries.AGING_MARTS)
    assert raised.value.missing == queries.AGING_MARTS
    with pytest.raises(db.MartsMissing):
        db.query("select * from marts.fct_ar_aging", cache=False)


def test_a_transient_read_failure_is_retried_once(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = duckdb.connect
    calls: list[int] = []

    def flaky_connect(*args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        calls.append(1)
        if len(calls) == 1:
            raise duckdb.IOException("Could not set lock on file: Conflicting lock is held")
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(db, "RETRY_DELAY_SECONDS", 0)
    monkeypatch.setattr(duckdb, "connect", flaky_connect)  # as arrears.warehouse opens it
    assert db.query("select 42 as answer", cache=False)["answer"].tolist() == [42]
    assert len(calls) == 2


def test_a_persistent_read_failure_is_reported(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_connect(*args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        raise duckdb.IOException("Could not set lock on file: Conflicting lock is held")

    monkeypatch.setattr(db, "RETRY_DELAY_SECONDS", 0)
    monkeypatch.setattr(duckdb, "connect", broken_connect)
    with pytest.raises(db.WarehouseReadError, match="Conflicting lock"):
        db.query("select 1", cache=False)


def test_filter_values_are_parameters_never_sql_text() -> None:
    account_filter = queries.AccountFilter(
        as_of_date=LATEST.as_of_date,
        segment="consumer",
        clients=queries.ClientScope(name="O'Brien Recovery"),
    )
    sql, params = account_filter.where()
    assert "O'Brien" not in sql and "consumer" not in sql
    assert params == [LATEST.as_of_date, "consumer", "O'Brien Recovery"]
    own_book = queries.AccountFilter(LATEST.as_of_date, clients=queries.ClientScope(own_book=True))
    assert own_book.where() == ("as_of_date = ? and client is null", [LATEST.as_of_date])


def test_client_scopes_and_labels(warehouse: Path) -> None:
    assert [str(scope) for scope in queries.client_scopes()] == [
        "All clients",
        "Own book (no client)",
        "Acme Bank",
        "O'Brien Recovery",
    ]


def test_aging_snapshot_totals(warehouse: Path) -> None:
    snapshot = queries.aging_snapshot(LATEST, queries.bucket_definitions())
    assert snapshot.total_open_balance == Decimal("3850.75")
    assert snapshot.over_90_open_balance == Decimal("1500.25")
    assert (snapshot.accounts_with_open_balance, snapshot.charged_off_accounts) == (3, 1)
    assert list(snapshot.by_bucket["aging_bucket"]) == [
        "current",
        "1-30",
        "31-60",
        "61-90",
        "91-120",
        "121-180",
        "180+",
    ]
    assert list(snapshot.by_bucket["is_over_90"]) == [False] * 4 + [True] * 3


def test_account_list_limit_reports_all_matches(warehouse: Path) -> None:
    top = queries.account_list(LATEST, limit=2)
    assert list(top["account_id"]) == ["A3", "A2"]
    assert set(top["matching_accounts"]) == {3}


def test_accounts_csv_has_every_matching_account(warehouse: Path) -> None:
    assert aging.accounts_csv(LATEST).decode().splitlines() == [
        "as_of_date,account_id,segment,client,balance,days_past_due,delinquency_bucket",
        "2025-02-28,A3,commercial,Acme Bank,2000.00,10,1-30",
        "2025-02-28,A2,consumer,Acme Bank,1500.25,200,180+",
        "2025-02-28,A1,consumer,,350.50,45,31-60",
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("1234567.5"), "1,234,567.50"), (Decimal("0"), "0.00"), (None, "n/a")],
)
def test_money(value: Decimal | None, text: str) -> None:
    assert formatting.money(value) == text


def test_changes_and_shares() -> None:
    assert formatting.money_change(Decimal("-5580.00")) == "-5,580.00"
    assert formatting.share(Decimal("1500.25") / Decimal("3850.75")) == "39.0%"
    assert formatting.share_change_points(Decimal("-0.4587")) == "-45.9 pp"
    assert formatting.client_label(None) == "own book"


def test_charged_off_is_not_an_aging_bucket(warehouse):
    buckets = queries.bucket_definitions()["aging_bucket"].tolist()
    assert buckets == ["current", "1-30", "31-60", "61-90", "91-120", "121-180", "180+"]
