"""The GX suites: an error-level break blocks, a warning does not; every raw suite runs on a
loaded raw layer and passes on clean data; and judging one row of SQL-measured metrics
gives the verdicts the row-level expectations gave on the rows themselves."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from arrears.ingest.contract import ENTITY_ORDER
from arrears.ingest.loader import load_entity
from expectations._common import GX_SEVERITY
from expectations.registry import SUITES, suite_module
from expectations.runner import context, run_suite, validate, warm_up

SMALL_LANDING = Path(__file__).resolve().parents[1] / "e2e" / "landing_small"


def _raw_invoices(rows: list[tuple]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute(
        "create table raw.invoices (invoice_id varchar, account_id varchar, issued_on varchar,"
        " due_on varchar, amount varchar, _loaded_at timestamp)"
    )
    con.executemany("insert into raw.invoices values (?, ?, ?, ?, ?, '2026-01-01')", rows)
    return con


def test_error_level_failures_block_and_warnings_do_not():
    module = suite_module(("raw", "invoices"))
    con = _raw_invoices(
        [
            ("I1", "A1", "2025-01-01", "2025-01-31", "100.00"),
            ("I2", "A1", "2025-02-01", "2025-01-15", "20000000.00"),  # due before issue, absurd
        ]
    )
    outcome = run_suite(con, module)
    assert outcome.rows == 2
    assert outcome.failed_errors == []
    assert [(e.expectation, e.observed_value) for e in outcome.failed_warnings] == [
        (
            "amount <= 10000000",
            "1 of 2 rows break it (min 100.00, max 20,000,000.00), e.g. ['20000000.00']",
        ),
        (
            "due_on >= issued_on",
            "1 of 2 rows break it, e.g. ['I2: due_on 2025-01-15, issued_on 2025-02-01']",
        ),
    ]
    con.execute("update raw.invoices set invoice_id = 'I1'")  # duplicate id: error
    outcome = run_suite(con, module)
    assert [(e.expectation, e.observed_value) for e in outcome.failed_errors] == [
        ("invoice_id is unique", "1 of 2 rows repeat a value, e.g. ['I1']")
    ]


def test_an_unknown_code_is_an_error():
    module = suite_module(("raw", "actions"))
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute(
        "create table raw.actions as select * from (values"
        " ('X1', 'call', 'outbound', 'no_answer', '30', timestamp '2026-01-01'),"
        " ('X2', 'FAX', 'inbound', 'right_party_contact', '60', timestamp '2026-01-01'))"
        " as t(action_id, channel, direction, outcome, duration_s, _loaded_at)"
    )
    outcome = run_suite(con, module)
    assert [(e.expectation, e.observed_value) for e in outcome.failed_errors] == [
        ("channel in (call, sms, email, letter, visit)", "1 of 2 rows break it, e.g. ['fax']")
    ]


def test_a_suite_judges_only_the_rows_loaded_after_its_mark():
    module = suite_module(("raw", "invoices"))
    con = _raw_invoices([("I1", "A1", "2025-01-01", "2025-01-31", "0.00")])  # below 0.01
    con.execute(
        "insert into raw.invoices values ('I2', 'A1', '2025-01-01', '2025-01-31', '5.00',"
        " '2026-01-02 08:00:00')"
    )
    everything = run_suite(con, module)
    assert (everything.rows, [e.expectation for e in everything.failed_errors]) == (
        2,
        ["0.01 <= amount"],
    )
    newer = run_suite(con, module, since=everything.loaded_through.replace(day=1))
    assert (newer.rows, newer.failed_errors, str(newer.loaded_through)) == (
        1,
        [],
        "2026-01-02 08:00:00",
    )


@pytest.fixture(scope="module")
def raw_layer(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw")
    landing = root / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    path = root / "work.duckdb"
    with duckdb.connect(str(path)) as con:
        for entity in ENTITY_ORDER:
            load_entity(con, landing, entity)
    return path


@pytest.mark.parametrize("asset_path", [p for p in SUITES if p[0] == "raw"])
def test_raw_suites_pass_on_clean_data(raw_layer, asset_path):
    module = suite_module(asset_path)
    with duckdb.connect(str(raw_layer), read_only=True) as con:
        outcome = run_suite(con, module)
    assert outcome.failed_errors == [], outcome.failed_errors
    assert outcome.rows > 0
    assert len(outcome.expectations) >= 2


# Rows no loader would let through, appended to the clean raw layer straight in SQL (the
# raw tables are VARCHAR): every kind of break, its boundaries, and NULLs each rule skips.
# Each is a copy of one loaded row of the table with these columns replaced.
BREAKS: dict[str, list[dict[str, str]]] = {
    "accounts": [
        {"account_id": "null"},
        {"account_id": "'ZZ1'", "segment": "'retail'", "state": "'xx'", "opened_on": "null"},
        {"account_id": "'ZZ2'", "segment": "'COMMERCIAL'", "state": "'ny'"},
        {"account_id": "'ZZ3'", "segment": "null", "state": "null"},
    ],
    "collectors": [
        {"collector_id": "null"},
        {"collector_id": "'C-X1'", "team": "null"},
        {"collector_id": "'C-DUP'"},
        {"collector_id": "'C-DUP'"},
    ],
    "invoices": [
        {"invoice_id": "null"},
        {"invoice_id": "'BRK1'", "account_id": "null", "amount": "'0.00'"},
        {"invoice_id": "'BRK2'", "amount": "'0.01'"},
        {"invoice_id": "'BRK3'", "amount": "'10000000.00'"},
        {"invoice_id": "'BRK4'", "amount": "'10000000.01'"},
        {"invoice_id": "'BRK5'", "issued_on": "'2025-02-01'", "due_on": "'2025-01-31'"},
        {"invoice_id": "'BRK6'", "due_on": "null"},
        {"invoice_id": "'BRK7'", "due_on": "null", "issued_on": "null"},
        {"invoice_id": "'BRK7'"},
    ],
    "adjustments": [
        {"adjustment_id": "null"},
        {"adjustment_id": "'BRK1'", "kind": "'Bogus'", "amount": "'-10000000.01'"},
        {"adjustment_id": "'BRK2'", "kind": "null", "amount": "'-10000000.00'"},
        {"adjustment_id": "'BRK2'"},
    ],
    "payments": [
        {"payment_id": "null"},
        {"payment_id": "'BRK1'", "amount": "'-20000000.00'", "reverses_payment_id": "'NOPE'"},
        {"payment_id": "'BRK2'", "amount": "'10000000.00'"},
        {"payment_id": "'BRK2'"},
    ],
    "actions": [
        {"action_id": "null"},
        {"action_id": "'BRK1'", "channel": "'FAX'", "direction": "null", "duration_s": "'-1'"},
        {"action_id": "'BRK2'", "direction": "'sideways'", "duration_s": "'14400'"},
        {"action_id": "'BRK3'", "outcome": "'shrug'", "duration_s": "'14401'"},
        {"action_id": "'BRK3'", "duration_s": "null"},
    ],
    "promises": [
        {"promise_id": "null"},
        {
            "promise_id": "'BRK1'",
            "amount": "'10000000.01'",
            "due_on": "'2025-01-01'",
            "created_at": "'2025-01-02T09:00:00Z'",
        },
        {"promise_id": "'BRK2'", "due_on": "null"},
        {"promise_id": "'BRK2'"},
    ],
    "payment_plans": [
        {"plan_id": "null"},
        {"plan_id": "'BRK1'", "frequency": "'daily'", "installments": "'0'"},
        {
            "plan_id": "'BRK2'",
            "installments": "'121'",
            "first_due_on": "'2025-01-01'",
            "created_on": "'2025-01-02'",
        },
        {
            "plan_id": "'BRK3'",
            "installments": "'120'",
            "first_due_on": "null",
            "created_on": "null",
        },
        {"plan_id": "'BRK3'", "installments": "'1'", "first_due_on": "null"},
    ],
    "disputes": [
        {"dispute_id": "null"},
        {
            "dispute_id": "'BRK1'",
            "channel": "'fax'",
            "opened_at": "'2025-01-02T00:00:00Z'",
            "verified_at": "'2025-01-01T00:00:00Z'",
        },
        {"dispute_id": "'BRK2'", "opened_at": "null", "resolved_at": "'2025-01-05T00:00:00Z'"},
        {
            "dispute_id": "'BRK3'",
            "opened_at": "'2025-03-01T00:00:00Z'",
            "resolved_at": "'2025-02-28T23:59:59Z'",
        },
    ],
}


@pytest.fixture(scope="module")
def broken_layer(raw_layer, tmp_path_factory):
    path = tmp_path_factory.mktemp("broken") / "work.duckdb"
    shutil.copy(raw_layer, path)
    with duckdb.connect(str(path)) as con:
        for entity, breaks in BREAKS.items():
            for number, replaced in enumerate(breaks):
                columns = ", ".join(f"{sql} as {column}" for column, sql in replaced.items())
                # a later version than any loaded one (restatable entities keep the newest)
                con.execute(
                    f"insert into raw.{entity} select * replace ({columns},"
                    f" 1000 + {number} as _file_seq) from (from raw.{entity} limit 1)"
                )
    return path


def _row_level_suite(module):
    """The suite as it was before issue 16: each rule's row-level expectation."""
    import great_expectations as gx

    built = gx.ExpectationSuite(name=f"{module.__name__}_rows")
    for rule in module.RULES:
        name, kwargs = rule.row_expectation
        built.add_expectation(
            getattr(gx.expectations, name)(
                **kwargs, description=rule.description, severity=GX_SEVERITY[rule.severity]
            )
        )
    return built


@pytest.mark.parametrize("asset_path", [p for p in SUITES if p[0] == "raw"])
def test_metrics_give_the_row_level_verdicts(broken_layer, asset_path):
    """Same verdict per rule, and the same count of breaking rows (for uniqueness GX counts
    every row of a repeated value, the metric each repeat: both are 0 together)."""
    module = suite_module(asset_path)
    with duckdb.connect(str(broken_layer), read_only=True) as con:
        outcome = run_suite(con, module)
        rows = con.execute(module.QUERY).df().drop(columns="_loaded_at", errors="ignore")
    by_rows = validate(_row_level_suite(module), rows)
    assert [(e.expectation, e.severity, e.passed) for e in outcome.expectations] == [
        (e.expectation, e.severity, e.passed) for e in by_rows.expectations
    ]
    assert outcome.rows == len(rows)
    assert any(not e.passed for e in outcome.expectations)  # the breaks were seen
    for rule, metric, row_level in zip(
        module.RULES, outcome.expectations, by_rows.expectations, strict=True
    ):
        if rule.failing is not None:
            assert (
                metric.observed_value.split(" of ")[0].replace(",", "")
                == (row_level.observed_value.split(" unexpected")[0])
            ), rule.description


def test_every_contract_code_list_is_a_suite_value_set():
    """GX's value sets are the ingest contract's code lists (arrears/ingest/contract.py),
    read from it, for every code column of every entity: no third copy to drift."""
    from arrears.ingest.contract import ENTITIES

    expected = {
        (entity.name, column.name): sorted(column.codes)
        for entity in ENTITIES.values()
        for column in entity.columns
        if column.codes
    }
    found = {
        (entity, rule.column): sorted(rule.value_set)
        for entity in ENTITIES
        for rule in suite_module(("raw", entity)).RULES
        if rule.value_set and (entity, rule.column) in expected
    }
    assert found == expected


def test_warm_up_makes_the_one_context_in_the_background():
    thread = warm_up()
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert context() is context()
