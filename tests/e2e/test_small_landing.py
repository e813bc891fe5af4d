"""The hand-made landing folder (landing_small/) built through Dagster end to end, checked
against numbers computed by hand.

Accounts (latest data date 2025-04-20; snapshots 01-31, 02-28, 03-31, 04-20):
- A1: invoices 100 (due 01-31), 100 (due 03-03), 100 (due 03-31); 150 paid 02-10 naming
  the second invoice (FIFO pays the first), 50 paid 03-15, reversed 04-05.
- A2: 200 invoice, 250 paid 01-20 (overpaid 50), then an 80 invoice: 30 open. Restated
  in a later batch with client ACME2.
- A3: 300 invoice due 01-20, fee 25 (02-15), interest 10 (03-01), written off 04-10, a
  40 recovery 04-15.
- A4: 60 due 03-31 paid 2025-03-31T23:30-05:00 (March cash, April 1 UTC); 40 issued 04-20.
- A5: opened 04-15, 500 due 05-15.
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal

import duckdb
import pytest
from e2e_support import SMALL_LANDING, build

from arrears.ingest.contract import ENTITY_ORDER

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("small_build")]

D = Decimal
# (as_of_date, account_id): (balance, days_past_due, delinquency_bucket, is_charged_off)
EXPECTED_STATUS = {
    ("2025-01-31", "A1"): (D("100.00"), 0, "current", False),
    ("2025-01-31", "A2"): (D("0.00"), 0, "current", False),
    ("2025-01-31", "A3"): (D("300.00"), 11, "1-30", False),
    ("2025-01-31", "A4"): (D("0.00"), 0, "current", False),
    ("2025-02-28", "A1"): (D("50.00"), 0, "current", False),
    ("2025-02-28", "A2"): (D("30.00"), 0, "current", False),
    ("2025-02-28", "A3"): (D("325.00"), 39, "31-60", False),
    ("2025-02-28", "A4"): (D("0.00"), 0, "current", False),
    ("2025-03-31", "A1"): (D("100.00"), 0, "current", False),
    ("2025-03-31", "A2"): (D("30.00"), 24, "1-30", False),
    ("2025-03-31", "A3"): (D("335.00"), 70, "61-90", False),
    ("2025-03-31", "A4"): (D("0.00"), 0, "current", False),
    ("2025-04-20", "A1"): (D("150.00"), 48, "31-60", False),
    ("2025-04-20", "A2"): (D("30.00"), 44, "31-60", False),
    ("2025-04-20", "A3"): (D("0.00"), 0, "charged_off", True),
    ("2025-04-20", "A4"): (D("40.00"), 0, "current", False),
    ("2025-04-20", "A5"): (D("500.00"), 0, "current", False),
}
# (as_of_date, account_id, aging_bucket): (open_balance, open_items)
EXPECTED_AGING = {
    ("2025-01-31", "A1", "current"): (D("100.00"), 1),
    ("2025-01-31", "A3", "1-30"): (D("300.00"), 1),
    ("2025-02-28", "A1", "current"): (D("50.00"), 1),
    ("2025-02-28", "A2", "current"): (D("30.00"), 1),
    ("2025-02-28", "A3", "1-30"): (D("25.00"), 1),
    ("2025-02-28", "A3", "31-60"): (D("300.00"), 1),
    ("2025-03-31", "A1", "current"): (D("100.00"), 1),
    ("2025-03-31", "A2", "1-30"): (D("30.00"), 1),
    ("2025-03-31", "A3", "1-30"): (D("10.00"), 1),
    ("2025-03-31", "A3", "31-60"): (D("25.00"), 1),
    ("2025-03-31", "A3", "61-90"): (D("300.00"), 1),
    ("2025-04-20", "A1", "1-30"): (D("100.00"), 1),
    ("2025-04-20", "A1", "31-60"): (D("50.00"), 1),
    ("2025-04-20", "A2", "31-60"): (D("30.00"), 1),
    ("2025-04-20", "A4", "current"): (D("40.00"), 1),
    ("2025-04-20", "A5", "current"): (D("500.00"), 1),
}
EXPECTED_QUARANTINE = [
    ("actions/2025-03.csv", 4, "unknown_code"),
    ("invoices/2025-01.csv", 5, "negative_amount"),
    ("invoices/2025-01.csv", 6, "unknown_account"),
    ("invoices/2025-01.csv", 7, "bad_amount"),
    ("invoices/2025-01.csv", 8, "bad_date"),
    ("invoices/2025-01.csv", 9, "wrong_currency"),
    ("invoices/2025-02.csv", 5, "duplicate_id"),
    ("payments/2025-q1.csv", 6, "missing_required"),
]


def query(warehouse, sql):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_account_status_matches_hand_computed(small_build):
    _, warehouse, _ = small_build
    rows = query(
        warehouse,
        "select cast(as_of_date as varchar), account_id, balance, days_past_due,"
        " delinquency_bucket, is_charged_off from marts.fct_account_status",
    )
    assert {(r[0], r[1]): r[2:] for r in rows} == EXPECTED_STATUS


def test_aging_matches_hand_computed(small_build):
    _, warehouse, _ = small_build
    rows = query(
        warehouse,
        "select cast(as_of_date as varchar), account_id, aging_bucket, open_balance, open_items"
        " from marts.fct_ar_aging",
    )
    assert {(r[0], r[1], r[2]): r[3:] for r in rows} == EXPECTED_AGING


def test_restated_account_uses_newest_version(small_build):
    _, warehouse, _ = small_build
    rows = query(
        warehouse,
        "select distinct segment, client from marts.fct_account_status where account_id = 'A2'",
    )
    assert rows == [("commercial", "ACME2")]


def test_quarantine_holds_each_bad_row_with_its_reason(small_build):
    _, warehouse, _ = small_build
    rows = query(
        warehouse,
        "select source_file, line_number, reason_code from marts.quarantine order by 1, 2",
    )
    assert rows == EXPECTED_QUARANTINE


def test_every_input_row_ends_in_exactly_one_place(small_build):
    landing, warehouse, _ = small_build
    work = warehouse.with_name("arrears.work.duckdb")
    with duckdb.connect(str(work), read_only=True) as con:
        manifest = con.execute(
            "select source_file, rows_read, rows_loaded, rows_quarantined, rows_duplicate"
            " from raw.load_manifest"
        ).fetchall()
        per_file = dict(
            con.execute(
                "select source_file, count(*) from ("
                + " union all ".join(
                    f"select _source_file as source_file from raw.{e}" for e in (ENTITY_ORDER)
                )
                + " union all select source_file from raw.quarantine) group by 1"
            ).fetchall()
        )
    files = sorted(p.relative_to(landing).as_posix() for p in landing.rglob("*.csv"))
    assert sorted(m[0] for m in manifest) == files
    for source_file, read, loaded, quarantined, duplicate in manifest:
        with (landing / source_file).open(newline="", encoding="utf-8") as handle:
            records = sum(1 for _ in csv.reader(handle)) - 1
        assert read == records, source_file
        assert read == loaded + quarantined + duplicate, source_file
        assert per_file.get(source_file, 0) == loaded + quarantined, source_file


def test_published_warehouse_holds_only_the_marts_and_the_restricted_pii(small_build):
    _, warehouse, _ = small_build
    schemas = query(
        warehouse, "select distinct table_schema from information_schema.tables order by 1"
    )
    assert schemas == [("marts",), ("restricted",)]
    restricted = query(
        warehouse,
        "select table_name from information_schema.tables"
        " where table_schema = 'restricted' order by 1",
    )
    assert restricted == [("dim_account_contacts",), ("pii_columns",)]
    # the PII columns are in restricted only, and listed by their dbt tags
    pii = query(
        warehouse,
        "select table_name, column_name from information_schema.columns"
        " where column_name in ('customer_name', 'email', 'phone') order by 1, 2",
    )
    assert pii == [
        ("dim_account_contacts", "customer_name"),
        ("dim_account_contacts", "email"),
        ("dim_account_contacts", "phone"),
    ]
    tagged = query(
        warehouse,
        "select column_name, mask from restricted.pii_columns"
        " where schema_name = 'restricted' order by 1",
    )
    assert tagged == [("customer_name", "name"), ("email", "email"), ("phone", "phone")]
    assert warehouse.stat().st_mode & 0o777 == 0o600
    tables = {r[0] for r in query(warehouse, "select table_name from information_schema.tables")}
    assert {"fct_account_status", "fct_ar_aging", "quarantine", "dim_aging_buckets"} <= tables
    types = dict(
        query(
            warehouse,
            "select column_name, data_type from information_schema.columns"
            " where table_name = 'fct_account_status'",
        )
    )
    assert types["balance"] == "DECIMAL(18,2)"


def test_rebuild_changes_nothing_and_a_changed_file_is_an_error(small_build):
    landing, warehouse, _ = small_build
    before = query(warehouse, "select * from marts.fct_account_status order by 1, 2")
    again = build(landing, warehouse)
    assert again.success, again.reason
    assert query(warehouse, "select * from marts.fct_account_status order by 1, 2") == before

    changed = landing / "invoices" / "2025-03.csv"
    changed.write_text(changed.read_text().replace("100.00", "101.00"))
    outcome = build(landing, warehouse)
    assert not outcome.success
    assert "invoices/2025-03.csv" in outcome.reason and "changed" in outcome.reason
    assert query(warehouse, "select * from marts.fct_account_status order by 1, 2") == before


def test_every_check_verdict_is_recorded_in_the_warehouse(small_build):
    _, warehouse, _ = small_build
    rows = query(
        warehouse,
        "select check_name, asset, severity, passed from marts.dq_results",
    )
    names = {r[0] for r in rows}
    assert {"gx_raw_invoices", "gx_raw_payments", "freshness"} <= names
    assert not any(name.startswith("gx_marts_") for name in names)  # dbt owns reconciliations
    # dbt unit tests test the SQL, not the data: tests/dbt runs them, not the build
    assert "fifo_across_items_and_reversal_reopens" not in names
    unit = "select count(*) from marts.dq_results where expectation = 'dbt unit test'"
    assert query(warehouse, unit) == [(0,)]
    assert "assert_aging_sums_to_account_balance" in names  # a dbt data test
    assert all(passed for _, _, severity, passed in rows if severity == "error")
    assert len({r[1] for r in rows if r[0] == "freshness"}) == 5


# A second batch: April's invoices, Q2 payments, the April dispute restatement and the
# April account restatement (A2's new client) arrive after a first build.
LATER_BATCH = (
    "invoices/2025-04.csv",
    "payments/2025-q2.csv",
    "disputes/2025-04.csv",
    "accounts/2025-04-01.csv",
)
# Load times (and the account versions' validity, which starts at them) differ between two
# builds, and the audit hashes cover them.
BUILD_DEPENDENT_COLUMNS = {"loaded_at", "row_hash", "prev_hash", "valid_from", "valid_to"}
# Tables that keep one row per build by design: check verdicts, and the scoring step's
# training runs (a build of the first batch records its own run beside the later one's).
BUILD_HISTORY_TABLES = {"dq_results", "model_runs", "model_run_deciles", "model_run_features"}


def _marts_without_load_times(warehouse) -> dict[str, list[tuple]]:
    tables = [
        r[0]
        for r in query(
            warehouse,
            "select table_name from information_schema.tables where table_schema = 'marts'",
        )
        if r[0] not in BUILD_HISTORY_TABLES
    ]
    contents = {}
    for table in tables:
        columns = [
            r[0]
            for r in query(
                warehouse,
                "select column_name from information_schema.columns"
                f" where table_schema = 'marts' and table_name = '{table}'"
                " order by ordinal_position",
            )
            if r[0] not in BUILD_DEPENDENT_COLUMNS
        ]
        select = ", ".join(f'"{c}"' for c in columns)
        contents[table] = query(warehouse, f"select {select} from marts.{table} order by all")
    return contents


def test_a_later_batch_builds_incrementally_to_the_same_marts(small_build, tmp_path):
    """Build without the later batch, land it, rebuild: the incremental models (the action
    history and its hash chain) end up where a build of everything at once does."""
    _, full_warehouse, _ = small_build
    landing = tmp_path / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    held = tmp_path / "held"
    for name in LATER_BATCH:
        (held / name).parent.mkdir(parents=True, exist_ok=True)
        (landing / name).rename(held / name)
    warehouse = tmp_path / "arrears.duckdb"
    first = build(landing, warehouse)
    assert first.success, first.reason
    events_before = query(warehouse, "select count(*) from marts.fct_action_history")[0][0]

    for name in LATER_BATCH:
        (held / name).rename(landing / name)
    second = build(landing, warehouse)
    assert second.success, second.reason

    incremental = _marts_without_load_times(warehouse)
    assert incremental == _marts_without_load_times(full_warehouse)
    assert len(incremental["fct_action_history"]) > events_before > 0


def test_action_history_built_in_batches_equals_one_statement(small_build, tmp_path, monkeypatch):
    """A build from empty with a few events per batch (the post-hook inserts every batch
    after the first) gives the same timeline as one statement, and its chain holds (the
    build runs assert_action_history_chain_links on every account of a small portfolio)."""
    _, full_warehouse, _ = small_build
    monkeypatch.setenv("ARREARS_ACTION_HISTORY_BATCH_EVENTS", "7")
    warehouse = tmp_path / "arrears.duckdb"
    result = build(SMALL_LANDING, warehouse)
    assert result.success, result.reason
    batched = _marts_without_load_times(warehouse)["fct_action_history"]
    assert len(batched) > 7  # so more than one batch
    assert batched == _marts_without_load_times(full_warehouse)["fct_action_history"]


def test_aging_on_any_date_is_hand_computed(small_build):
    """marts.ar_aging_on at 2025-02-15, between snapshots: A1's 150 of 02-10 paid the
    first 100 invoice and 50 of the second (due 03-03: current); its 50 of 03-15 is not
    there yet. A3 (300 due 01-20) is 26 days late: 1-30; its fee (02-15) is current."""
    _, warehouse, _ = small_build
    rows = query(
        warehouse,
        "select account_id, aging_bucket, open_balance, open_items"
        " from marts.ar_aging_on(date '2025-02-15')"
        " where account_id in ('A1', 'A3') order by 1, 2",
    )
    assert rows == [
        ("A1", "current", D("50.00"), 1),
        ("A3", "1-30", D("300.00"), 1),
        ("A3", "current", D("25.00"), 1),
    ]


def test_account_status_on_any_date_is_hand_computed(small_build):
    """marts.account_status_on: A3 (335.00 billed, unpaid) is written off on 2025-04-10, so
    it is open and not charged off on 04-09 and charged off, not open, on 04-10 itself (the
    write-off date counts, as in fct_account_status). A5 is listed from its opening (04-15),
    the day its invoice I8 (500.00, due 05-15) makes it open."""
    _, warehouse, _ = small_build

    def status(on_date: str) -> dict[str, tuple[bool, bool]]:
        rows = query(
            warehouse,
            "select account_id, is_open, is_charged_off"
            f" from marts.account_status_on(date '{on_date}')",
        )
        return {account: (is_open, charged) for account, is_open, charged in rows}

    assert status("2025-04-09")["A3"] == (True, False)
    assert status("2025-04-10")["A3"] == (False, True)
    assert "A5" not in status("2025-04-14")
    assert status("2025-04-15")["A5"] == (True, False)
