"""A generated portfolio (the demo's generator, small) built end to end: the build passes
every blocking check, every input row is accounted for, and quarantine holds exactly the
generator's deliberate contract breaks (seeds/generator/bad_rows.py). The build is conftest's
session fixture ``generated_build``, shared with the dashboard tests."""

from __future__ import annotations

import csv
from collections import Counter

import duckdb
import pytest

from arrears.ingest.contract import ENTITY_ORDER

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("generated")]

EXPECTED_REASONS = Counter(
    missing_required=3,
    unknown_code=5,
    bad_date=2,
    bad_amount=3,
    negative_amount=1,
    unknown_account=2,
    wrong_currency=2,
    bad_timestamp=2,
    duplicate_id=3,
)


def test_build_passes_every_blocking_check(generated_build):
    _, _, outcome = generated_build
    assert outcome.success, outcome.reason


def test_quarantine_holds_the_deliberate_breaks(generated_build):
    _, warehouse, _ = generated_build
    with duckdb.connect(str(warehouse), read_only=True) as con:
        reasons = Counter(
            dict(
                con.execute(
                    "select reason_code, count(*) from marts.quarantine group by 1"
                ).fetchall()
            )
        )
    assert reasons == EXPECTED_REASONS


def test_every_input_row_is_loaded_quarantined_or_a_duplicate(generated_build):
    landing, warehouse, _ = generated_build
    work = warehouse.with_name("arrears.work.duckdb")
    with duckdb.connect(str(work), read_only=True) as con:
        manifest = {
            row[0]: row[1:]
            for row in con.execute(
                "select source_file, rows_read, rows_loaded, rows_quarantined, rows_duplicate"
                " from raw.load_manifest"
            ).fetchall()
        }
        loaded = sum(
            con.execute(f"select count(*) from raw.{entity}").fetchall()[0][0]
            for entity in ENTITY_ORDER
        )
        quarantined = con.execute("select count(*) from raw.quarantine").fetchall()[0][0]
    files = sorted(p for p in landing.rglob("*.csv"))
    assert len(manifest) == len(files)
    total_records = 0
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            records = sum(1 for _ in csv.reader(handle)) - 1
        read, rows_loaded, rows_quarantined, rows_duplicate = manifest[
            path.relative_to(landing).as_posix()
        ]
        assert read == records == rows_loaded + rows_quarantined + rows_duplicate
        total_records += records
    duplicates = sum(m[3] for m in manifest.values())
    assert duplicates == 1  # the generator re-delivers one payment unchanged
    assert loaded + quarantined + duplicates == total_records


def test_marts_cover_every_snapshot(generated_build):
    _, warehouse, _ = generated_build
    with duckdb.connect(str(warehouse), read_only=True) as con:
        dates = [
            r[0].isoformat()
            for r in con.execute(
                "select distinct as_of_date from marts.fct_account_status order by 1"
            ).fetchall()
        ]
        buckets = {
            r[0]
            for r in con.execute(
                "select distinct delinquency_bucket from marts.fct_account_status"
            ).fetchall()
        }
    assert dates[-1] <= "2026-10-31" and len(dates) >= 8
    assert {"current", "1-30", "charged_off"} <= buckets
