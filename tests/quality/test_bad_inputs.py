"""The bad-input corpus: every malformed file ends in quarantine or in a clear error that
names the file (and line), never a traceback and never a lost row."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from arrears.ingest.loader import load_entity
from arrears.ingest.reader import BatchReadError

ACCOUNTS = (
    "account_id,customer_name,email,phone,state,timezone,segment,product,client,opened_on\n"
    "A1,Ann,,,NY,,consumer,card,,2025-01-01\n"
)
HEADER = "invoice_id,account_id,issued_on,due_on,amount,currency\n"


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "work.duckdb")) as connection:
        yield connection


@pytest.fixture
def landing(tmp_path, con):
    root = tmp_path / "landing"
    (root / "accounts").mkdir(parents=True)
    (root / "accounts" / "a.csv").write_text(ACCOUNTS)
    load_entity(con, root, "accounts")
    (root / "invoices").mkdir()
    return root


def load_invoice_bytes(con, landing: Path, data: bytes, name: str = "bad.csv"):
    (landing / "invoices" / name).write_bytes(data)
    [result] = load_entity(con, landing, "invoices")
    reasons = [
        r[0]
        for r in con.execute(
            "select reason_code from raw.quarantine where entity = 'invoices' order by line_number"
        ).fetchall()
    ]
    assert result.rows_read == result.rows_loaded + result.rows_quarantined + result.rows_duplicate
    return result, reasons


def test_wrong_encoding_is_an_error_naming_file_and_line(con, landing):
    data = HEADER + "I1,A1,2025-01-01,2025-01-31,1.00,\nI2,A1,2025-01-01,2025-01-31,1.00,Jos\xe9\n"
    with pytest.raises(BatchReadError, match=r"invoices/bad\.csv: line 3 is not valid UTF-8"):
        load_invoice_bytes(con, landing, data.encode("latin-1"))
    assert con.execute("select count(*) from raw.invoices").fetchall() == [(0,)]


def test_missing_header_is_an_error_naming_the_file(con, landing):
    with pytest.raises(BatchReadError, match=r"bad\.csv: line 1 is not a header"):
        load_invoice_bytes(con, landing, b"I1,A1,2025-01-01,2025-01-31,1.00,USD\n")
    (landing / "invoices" / "bad.csv").unlink()
    with pytest.raises(BatchReadError, match=r"other\.csv: line 1"):
        load_invoice_bytes(con, landing, b"I1,A1,2025-01-01,2025-01-31,1.00,\n", "other.csv")


def test_extra_columns_are_ignored_but_kept_in_quarantined_records(con, landing):
    data = "invoice_id,account_id,issued_on,due_on,amount,currency,note\n"
    data += "I1,A1,2025-01-01,2025-01-31,1.00,,hello\nI2,A1,2025-01-01,2025-01-31,x,,bye\n"
    result, reasons = load_invoice_bytes(con, landing, data.encode())
    assert (result.rows_loaded, reasons) == (1, ["bad_amount"])
    raw = con.execute("select raw_record from raw.quarantine").fetchall()[0][0]
    assert '"note":"bye"' in raw


def test_empty_file_and_header_only_file_load_nothing(con, landing):
    result, reasons = load_invoice_bytes(con, landing, b"", "a.csv")
    assert (result.rows_read, reasons) == (0, [])
    (landing / "invoices" / "b.csv").write_bytes(HEADER.encode())
    results = load_entity(con, landing, "invoices")
    assert [r.status for r in results] == ["skipped", "loaded"]
    assert results[1].rows_read == 0


def test_bom_and_quoted_newlines_load(con, landing):
    data = "\ufeff" + HEADER + '"I1",A1,2025-01-01,2025-01-31,"1.00",""\n'
    data += "I2,A1,2025-01-01,2025-01-31,2.00,\n"
    result, reasons = load_invoice_bytes(con, landing, data.encode())
    assert (result.rows_loaded, reasons) == (2, [])
    text = "adjustment_id,account_id,invoice_id,effective_on,amount,kind\n"
    text += 'F1,A1,"I1\nsee note",2025-02-01,5.00,fee\n'
    (landing / "adjustments").mkdir()
    (landing / "adjustments" / "a.csv").write_text(text)
    [adjustments] = load_entity(con, landing, "adjustments")
    assert adjustments.rows_loaded == 1


def test_each_row_level_break_is_quarantined(con, landing):
    rows = [
        "I1,A1,2025-01-01,2025-01-31,1.00,",  # clean
        "I2,A1,01/02/2025,2025-01-31,1.00,",  # unparseable date
        "I3,A1,2025-01-01,2025-01-31,1,00,",  # decimal comma: one field too many
        "I4,A1,2025-01-01,2025-01-31,-3.00,",  # negative invoice
        "I5,A1,2025-01-01,2025-01-31,99999999999999999.00,",  # absurd: 17 digits
        "I6,NOPE,2025-01-01,2025-01-31,1.00,",  # unknown account
        "I7,A1,2025-01-01,2025-01-31,1.00,GBP",  # wrong currency
        "I1,A1,2025-01-01,2025-01-31,2.00,",  # duplicate id, other content
        "I1,A1,2025-01-01,2025-01-31,1.00,",  # exact duplicate: a no-op
    ]
    result, reasons = load_invoice_bytes(con, landing, (HEADER + "\n".join(rows) + "\n").encode())
    assert (result.rows_read, result.rows_loaded, result.rows_duplicate) == (9, 1, 1)
    assert reasons == [
        "bad_date",
        "malformed_record",
        "negative_amount",
        "bad_amount",
        "unknown_account",
        "wrong_currency",
        "duplicate_id",
    ]


def test_unknown_codes_are_quarantined(con, landing):
    text = "plan_id,account_id,collector_id,created_on,first_due_on,installments,"
    text += "installment_amount,frequency\n"
    text += "PL1,A1,,2025-01-01,2025-02-01,3,10.00,fortnightly\n"
    text += "PL2,A1,,2025-01-01,2025-02-01,0,10.00,weekly\n"
    (landing / "payment_plans").mkdir()
    (landing / "payment_plans" / "a.csv").write_text(text)
    [result] = load_entity(con, landing, "payment_plans")
    reasons = [r[0] for r in con.execute("select reason_code from raw.quarantine").fetchall()]
    assert (result.rows_quarantined, reasons) == (2, ["unknown_code", "bad_amount_sign"])


def test_parquet_with_wrong_types_is_quarantined_row_by_row(con, landing):
    table = pa.table(
        {
            "invoice_id": ["I1", "I2", "I3"],
            "account_id": ["A1", "A1", "A1"],
            "issued_on": pa.array([20250101, 20250101, 20250101], pa.int64()),  # not a date
            "due_on": ["2025-01-31"] * 3,
            "amount": pa.array([1.0, 12.345, 2.5], pa.float64()),
            "currency": [None, None, None],
        }
    )
    pq.write_table(table, landing / "invoices" / "a.parquet")
    [result] = load_entity(con, landing, "invoices")
    assert (result.rows_read, result.rows_quarantined) == (3, 3)
    reasons = [r[0] for r in con.execute("select reason_code from raw.quarantine").fetchall()]
    assert reasons == ["bad_date"] * 3


def test_parquet_naive_timestamp_is_ambiguous(con, landing):
    table = pa.table(
        {
            "payment_id": ["P1"],
            "account_id": ["A1"],
            "received_at": pa.array([datetime(2025, 3, 1, 12, 0)], pa.timestamp("s")),
            "amount": ["10.00"],
        }
    )
    (landing / "payments").mkdir()
    pq.write_table(table, landing / "payments" / "a.parquet")
    [result] = load_entity(con, landing, "payments")
    reasons = [r[0] for r in con.execute("select reason_code from raw.quarantine").fetchall()]
    assert (result.rows_quarantined, reasons) == (1, ["bad_timestamp"])


def test_a_corrupt_parquet_file_is_an_error_naming_it(con, landing):
    (landing / "invoices" / "broken.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(BatchReadError, match=r"broken\.parquet: cannot be read"):
        load_entity(con, landing, "invoices")
