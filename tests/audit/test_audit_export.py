"""Audit export and verification on a small hand-made warehouse (no dbt build).

The warehouse's hashes are computed here with DuckDB's sha256 over the same canonical
record dbt builds, so these tests also pin Python's hashlib to DuckDB's sha256.
Tampering with an export (edit a cell, drop a row, swap rows, insert a forged row) must
make `arrears verify-audit` exit 1 naming the first bad row.
"""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from arrears.audit.chain import canonical_field, canonical_record, row_hash
from arrears.audit.export import ExportFilters, export_audit
from arrears.audit.files import read_rows
from arrears.audit.verify import verify_file
from arrears.cli import main

EVENTS = [
    # account, seq, event_id, type, occurred_at, collector, channel, direction, outcome, amount
    ("A1", 1, "invoice:I1", "invoice", "2025-03-01 05:00:00", None, None, None, None, "100.00"),
    (
        "A1",
        2,
        "action:X1",
        "action",
        "2025-03-02 15:00:00",
        "C1",
        "call",
        "outbound",
        "no_answer",
        None,
    ),
    (
        "A1",
        3,
        "action:X2",
        "action",
        "2025-03-03 15:00:00",
        "C1",
        "sms",
        "outbound",
        "delivered",
        None,
    ),
    ("A1", 4, "payment:P1", "payment", "2025-03-04 15:00:00", None, "ach", None, None, "40.50"),
    (
        "A1",
        5,
        "action:X3",
        "action",
        "2025-03-05 02:00:00",
        "C2",
        "call",
        "outbound",
        "no_answer",
        None,
    ),
    ("A2", 1, "invoice:I2", "invoice", "2025-03-01 06:00:00", None, None, None, None, "80.00"),
    (
        "A2",
        2,
        "action:Y1",
        "action",
        "2025-03-02 16:00:00",
        "C2",
        "email",
        "outbound",
        "sent",
        None,
    ),
    ("A2", 3, "payment:P2", "payment", "2025-03-09 16:00:00", None, "card", None, None, "-80.00"),
]


def _make_warehouse(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(
        """create table marts.fct_action_history (
            event_id varchar, account_id varchar, event_seq bigint, event_type varchar,
            source_id varchar, occurred_at timestamp, occurred_at_local timestamp,
            local_timezone varchar, is_date_only boolean, collector_id varchar,
            channel varchar, direction varchar, outcome varchar, template varchar,
            amount decimal(18,2), detail varchar, source_file varchar,
            source_line_number bigint, loaded_at timestamp, row_hash varchar,
            prev_hash varchar)"""
    )
    prev: dict[str, str | None] = {}
    for acct, seq, event_id, etype, at, coll, chan, direc, outcome, amount in EVENTS:
        row = {
            "event_id": event_id,
            "account_id": acct,
            "event_type": etype,
            "occurred_at": at + ".000000",
            "collector_id": coll,
            "channel": chan,
            "direction": direc,
            "outcome": outcome,
            "template": None,
            "amount": amount,
            "detail": "a|b\\c" if seq == 2 else None,
            "source_file": f"{etype}s/batch.csv",
            "source_line_number": str(seq + 1),
            "loaded_at": "2025-05-01 00:00:00.000000",
        }
        previous = prev.get(acct)
        # the hash as DuckDB computes it, over the canonical record
        (digest,) = con.execute(
            "select sha256(?)", [f"{previous or ''}|{canonical_record(row)}"]
        ).fetchone()
        con.execute(
            "insert into marts.fct_action_history values (?, ?, ?, ?, ?, ?, ?,"
            " 'America/New_York', false, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?)",
            [
                event_id,
                acct,
                seq,
                etype,
                event_id.split(":")[1],
                at,
                at,
                coll,
                chan,
                direc,
                outcome,
                amount,
                row["detail"],
                row["source_file"],
                seq + 1,
                "2025-05-01 00:00:00",
                digest,
                previous,
            ],
        )
        prev[acct] = digest
    con.execute(
        "create table marts.fct_compliance_findings as select 'F1' as finding_id,"
        " 'INCONVENIENT_TIME' as rule_id, 'X3' as action_id, 'A1' as account_id,"
        " timestamp '2025-03-05 02:00:00' as occurred_at,"
        " timestamp '2025-03-04 21:00:00' as occurred_at_local"
    )
    con.close()


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "arrears.duckdb"
    _make_warehouse(path)
    return path


def test_hashlib_equals_duckdb_sha256():
    con = duckdb.connect()
    for text in ["", "|", "a|b", "é ü 漢字", "x" * 10_000]:
        (digest,) = con.execute("select sha256(?)", [text]).fetchone()
        assert digest == hashlib.sha256(text.encode("utf-8")).hexdigest()
    (chained,) = con.execute("select sha256('abc' || '|' || 'r')").fetchone()
    assert chained == row_hash("abc", "r")


def test_canonical_field_escapes():
    assert canonical_field(None) == ""
    assert canonical_field("a|b\\c") == "a\\|b\\\\c"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_export_verifies_in_every_format(warehouse: Path, tmp_path: Path, fmt: str):
    out = tmp_path / f"audit.{fmt}"
    result = export_audit(warehouse, out, fmt, ExportFilters())
    assert result.row_count == len(EVENTS)
    manifest = json.loads(result.manifest_path.read_text())
    assert manifest["row_count"] == len(EVENTS)
    assert set(manifest["accounts"]) == {"A1", "A2"}
    rows = read_rows(out)
    assert manifest["accounts"]["A1"]["chain_head"] == rows[4]["row_hash"]
    assert rows[4]["findings"] == "INCONVENIENT_TIME"
    verdict = verify_file(out)
    assert verdict.ok, verdict.message


def test_filters_select_contiguous_stretches(warehouse: Path, tmp_path: Path):
    out = tmp_path / "a.csv"
    result = export_audit(
        warehouse,
        out,
        "csv",
        ExportFilters(collector="C2", date_from=date(2025, 3, 2)),
    )
    rows = read_rows(out)
    # C2 acted on both accounts; from 03-02 on, each account's events from that date
    assert [r["event_id"] for r in rows] == [
        "action:X1",
        "action:X2",
        "payment:P1",
        "action:X3",
        "action:Y1",
        "payment:P2",
    ]
    assert result.manifest["accounts"]["A1"]["first_event_seq"] == 2
    assert verify_file(out).ok
    rule = export_audit(
        warehouse, tmp_path / "r.csv", "csv", ExportFilters(rule="INCONVENIENT_TIME")
    )
    assert {r["account_id"] for r in read_rows(rule.path)} == {"A1"}
    one = export_audit(warehouse, tmp_path / "o.csv", "csv", ExportFilters(accounts=("A2",)))
    assert one.row_count == 3


def _rewrite(path: Path, change) -> None:
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    body = change(header, body)
    with path.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *body])


def _export(warehouse: Path, tmp_path: Path) -> Path:
    out = tmp_path / "audit.csv"
    export_audit(warehouse, out, "csv", ExportFilters())
    return out


def _verify_cli(path: Path):
    return CliRunner().invoke(main, ["verify-audit", str(path)])


def test_verify_cli_ok(warehouse: Path, tmp_path: Path):
    result = _verify_cli(_export(warehouse, tmp_path))
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_edit_one_cell(warehouse: Path, tmp_path: Path):
    out = _export(warehouse, tmp_path)

    def edit(header, body):
        body[3][header.index("amount")] = "4.50"
        return body

    _rewrite(out, edit)
    result = _verify_cli(out)
    assert result.exit_code == 1
    assert "row 4 (line 5, event_id payment:P1): row_hash does not match" in result.output
    assert "Traceback" not in result.output


def test_drop_one_row(warehouse: Path, tmp_path: Path):
    out = _export(warehouse, tmp_path)
    _rewrite(out, lambda header, body: body[:2] + body[3:])
    result = _verify_cli(out)
    assert result.exit_code == 1
    assert "row 3 (line 4, event_id payment:P1): prev_hash does not match row 2" in result.output


def test_swap_two_rows(warehouse: Path, tmp_path: Path):
    out = _export(warehouse, tmp_path)

    def swap(header, body):
        body[1], body[3] = body[3], body[1]
        return body

    _rewrite(out, swap)
    result = _verify_cli(out)
    assert result.exit_code == 1
    assert "row 2 (line 3, event_id payment:P1)" in result.output


def test_forged_inserted_row(warehouse: Path, tmp_path: Path):
    """A self-consistent forged row still breaks the next row's link."""
    out = _export(warehouse, tmp_path)

    def insert(header, body):
        forged = dict(zip(header, body[1], strict=True))
        forged.update(event_id="action:FAKE", event_seq="3", prev_hash=forged["row_hash"])
        forged["row_hash"] = row_hash(forged["prev_hash"], canonical_record(forged))
        return [*body[:2], [forged[h] for h in header], *body[2:]]

    _rewrite(out, insert)
    result = _verify_cli(out)
    assert result.exit_code == 1
    assert "row 4 (line 5, event_id action:X2): prev_hash does not match row 3" in result.output


def test_drop_an_accounts_last_row(warehouse: Path, tmp_path: Path):
    out = _export(warehouse, tmp_path)
    _rewrite(out, lambda header, body: body[:4] + body[5:])
    result = _verify_cli(out)
    assert result.exit_code == 1
    assert "row 5 (line 6, event_id invoice:I2): account A1 ends at row 4" in result.output


def test_drop_the_last_row_of_the_file(warehouse: Path, tmp_path: Path):
    out = _export(warehouse, tmp_path)
    _rewrite(out, lambda header, body: body[:-1])
    result = _verify_cli(out)
    assert result.exit_code == 1
    assert "end of file: account A2 ends at row 7" in result.output


def test_edit_outside_the_hash_is_caught_by_the_file_digest(warehouse: Path, tmp_path: Path):
    out = _export(warehouse, tmp_path)

    def edit(header, body):
        body[0][header.index("findings")] = "NONE"
        return body

    _rewrite(out, edit)
    result = _verify_cli(out)
    assert result.exit_code == 1
    assert "SHA-256 differs from the manifest" in result.output


def test_export_cli_and_errors(warehouse: Path, tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "x.parquet"
    result = runner.invoke(
        main,
        [
            "export-audit",
            "--warehouse",
            str(warehouse),
            "--account",
            "A1",
            "--account",
            "A2",
            "--rule",
            "INCONVENIENT_TIME",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.exists() and Path(str(out) + ".manifest.json").exists()
    assert runner.invoke(main, ["verify-audit", str(out)]).exit_code == 0
    missing = runner.invoke(
        main, ["export-audit", "--warehouse", str(tmp_path / "nope.duckdb"), "--out", str(out)]
    )
    assert missing.exit_code == 1
    assert "does not exist" in missing.output and "Traceback" not in missing.output
    absent = runner.invoke(main, ["verify-audit", str(tmp_path / "nope.csv")])
    assert absent.exit_code == 2


def test_export_from_the_published_history_view_equals_the_table(warehouse: Path, tmp_path: Path):
    """Published, the history is a view over Parquet files (arrears/publish):
    every filter exports the same bytes from it as from the table, and they verify."""
    from arrears.publish.duckdb import publish_marts

    published = tmp_path / "published" / "arrears.duckdb"
    publish_marts(warehouse, published)
    cases = {
        "all": ExportFilters(),
        "collector_month": ExportFilters(
            collector="C2", date_from=date(2025, 3, 1), date_to=date(2025, 3, 31)
        ),
        "rule": ExportFilters(rule="INCONVENIENT_TIME", date_to=date(2025, 3, 31)),
        "account": ExportFilters(accounts=("A2",)),
    }
    for name, filters in cases.items():
        from_table = export_audit(warehouse, tmp_path / f"{name}.table.csv", "csv", filters)
        from_view = export_audit(published, tmp_path / f"{name}.view.csv", "csv", filters)
        assert from_view.path.read_bytes() == from_table.path.read_bytes(), name
        assert from_view.row_count > 0, name
        assert verify_file(from_view.path).ok, name
