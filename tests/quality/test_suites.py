"""The GX suites: an error-level break blocks, a warning does not; every raw suite's query
runs on a loaded raw layer and passes on clean data."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from expectations.registry import SUITES, suite_module
from expectations.runner import validate
from orchestration.ingest.contract import ENTITY_ORDER
from orchestration.ingest.loader import load_entity

SMALL_LANDING = Path(__file__).resolve().parents[1] / "e2e" / "landing_small"


def test_error_level_failures_block_and_warnings_do_not():
    module = suite_module(("raw", "invoices"))
    frame = pd.DataFrame(
        {
            "invoice_id": ["I1", "I2"],
            "account_id": ["A1", "A1"],
            "issued_on": pd.to_datetime(["2025-01-01", "2025-02-01"]),
            "due_on": pd.to_datetime(["2025-01-31", "2025-01-15"]),  # I2 due before issue: warn
            "amount": [100.0, 20_000_000.0],  # absurd: warn
        }
    )
    outcome = validate(module.build_suite(), frame)
    assert outcome.failed_errors == []
    assert len(outcome.failed_warnings) == 2
    frame.loc[1, "invoice_id"] = "I1"  # duplicate id: error
    outcome = validate(module.build_suite(), frame)
    assert [e.expectation.split("(")[0] for e in outcome.failed_errors] == [
        "expect_column_values_to_be_unique"
    ]


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
        frame = con.execute(module.QUERY).df()
    outcome = validate(module.build_suite(), frame)
    assert outcome.failed_errors == [], outcome.failed_errors
    assert len(outcome.expectations) >= 2


def test_every_contract_code_list_is_a_suite_value_set():
    """GX's value sets are the ingest contract's code lists (orchestration/ingest/contract.py),
    read from it, for every code column of every entity: no third copy to drift."""
    from orchestration.ingest.contract import ENTITIES

    expected = {
        (entity.name, column.name): sorted(column.codes)
        for entity in ENTITIES.values()
        for column in entity.columns
        if column.codes
    }
    found = {}
    for entity in ENTITIES:
        for expectation in suite_module(("raw", entity)).build_suite().expectations:
            if (
                type(expectation).__name__ == "ExpectColumnValuesToBeInSet"
                and (
                    entity,
                    expectation.column,
                )
                in expected
            ):
                found[(entity, expectation.column)] = sorted(expectation.value_set)
    assert found == expected


def test_an_unknown_code_is_an_error():
    module = suite_module(("raw", "actions"))
    frame = pd.DataFrame(
        {
            "action_id": ["X1", "X2"],
            "channel": ["call", "fax"],
            "direction": ["outbound", "inbound"],
            "outcome": ["no_answer", "right_party_contact"],
            "duration_s": [30, 60],
        }
    )
    outcome = validate(module.build_suite(), frame)
    assert [(e.expectation.split("(")[0], e.observed_value) for e in outcome.failed_errors] == [
        ("expect_column_values_to_be_in_set", "1 unexpected, e.g. ['fax']")
    ]
