"""Fixtures for the generator tests: one small landing folder per session, and a reader.

The reader parses files with the standard library's csv module (an independent RFC 4180
parser), keeping each record's batch file and line number (header = line 1).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from seeds.generator import generate

SMALL = {"accounts": 1_000, "months": 12, "seed": 11, "end_month": "2026-10"}
MID_MONTH = "2026-05"  # the middle month of SMALL's window (index months // 2)
ID_COLUMN = {
    "accounts": "account_id",
    "invoices": "invoice_id",
    "adjustments": "adjustment_id",
    "payments": "payment_id",
    "actions": "action_id",
    "promises": "promise_id",
    "payment_plans": "plan_id",
    "disputes": "dispute_id",
    "collectors": "collector_id",
}
# the deliberate contract breaks (seeds/generator/bad_rows.py), by id; besides these, the
# rows with an empty id and the second version of a (non-restatable) id are bad rows
BAD_IDS = {
    "accounts": {"AC99999990", "AC99999991"},
    "invoices": {"INV-00000001-901", "INV-00000001-902", "INV-99999999-001",
                 "INV-00000001-903", "INV-00000001-904"},
    "payments": {"PAY-00000001-9001", "PAY-00000001-9002", "PAY-00000001-9003"},
    "adjustments": {"ADJ-00000001-901", "ADJ-99999999-001"},
    "actions": {"ACT-00000001-90001", "ACT-00000001-90002", "ACT-00000001-90003"},
    "promises": {"PRM-00000001-901"},
    "payment_plans": {"PLN-00000001-91"},
    "disputes": {"DSP-00000001-91"},
    "collectors": set(),
}  # fmt: skip
RESTATABLE = {"accounts", "disputes"}
# the usual zone of each state the generator uses (where `timezone` is empty)
STATE_ZONE = {
    "CA": "America/Los_Angeles", "TX": "America/Chicago", "FL": "America/New_York",
    "NY": "America/New_York", "PA": "America/New_York", "IL": "America/Chicago",
    "OH": "America/New_York", "GA": "America/New_York", "NC": "America/New_York",
    "MI": "America/Detroit", "NJ": "America/New_York", "VA": "America/New_York",
    "WA": "America/Los_Angeles", "AZ": "America/Phoenix", "MA": "America/New_York",
    "TN": "America/Chicago", "IN": "America/Indiana/Indianapolis", "MO": "America/Chicago",
    "MD": "America/New_York", "CO": "America/Denver", "MN": "America/Chicago",
    "OR": "America/Los_Angeles", "KY": "America/New_York", "LA": "America/Chicago",
    "UT": "America/Denver", "NV": "America/Los_Angeles", "NM": "America/Denver",
    "ID": "America/Boise", "HI": "Pacific/Honolulu", "AK": "America/Anchorage",
}  # fmt: skip

Record = dict[str, str]


def read_csv(path: Path) -> tuple[list[str], list[Record]]:
    """Header and records of one batch file; each record also gets _file and _line."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        records = []
        for row in reader:
            assert len(row) == len(header), f"{path}:{reader.line_num}: {row}"
            record = dict(zip(header, row, strict=True))
            record["_file"] = path.name
            record["_line"] = str(reader.line_num)
            records.append(record)
    return header, records


@pytest.fixture(scope="session", name="read_csv")
def read_csv_fixture() -> Callable[[Path], tuple[list[str], list[Record]]]:
    """The reader above, for tests."""
    return read_csv


@pytest.fixture(scope="session")
def landing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A landing folder of 1,000 accounts over 12 months, and generate()'s row counts."""
    root = tmp_path_factory.mktemp("landing")
    return root, generate(root, **SMALL)


@pytest.fixture(scope="session")
def rows(landing: tuple[Path, dict[str, int]]) -> Callable[[str], list[Record]]:
    """rows(entity): every record of the entity, files in load order."""
    root, _ = landing
    cache: dict[str, list[Record]] = {}

    def load(entity: str) -> list[Record]:
        if entity not in cache:
            cache[entity] = [
                record
                for path in sorted((root / entity).glob("*.csv"))
                for record in read_csv(path)[1]
            ]
        return cache[entity]

    return load


@pytest.fixture(scope="session")
def clean(rows: Callable[[str], list[Record]]) -> Callable[[str], list[Record]]:
    """clean(entity): the records that are not deliberate bad rows (nor exact repeats)."""
    cache: dict[str, list[Record]] = {}

    def load(entity: str) -> list[Record]:
        if entity not in cache:
            id_column = ID_COLUMN[entity]
            seen: set[str] = set()
            kept = []
            for record in rows(entity):
                key = record[id_column]
                if not key or key in BAD_IDS[entity]:
                    continue
                if key in seen and entity not in RESTATABLE:
                    continue
                seen.add(key)
                kept.append(record)
            cache[entity] = kept
        return cache[entity]

    return load


@pytest.fixture(scope="session")
def account_zone(clean: Callable[[str], list[Record]]) -> dict[str, ZoneInfo]:
    """Each account's zone: its `timezone`, else its state's."""
    return {
        a["account_id"]: ZoneInfo(a["timezone"] or STATE_ZONE[a["state"]])
        for a in clean("accounts")
    }
