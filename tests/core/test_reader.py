"""Reading batch files as written: line numbers, quoting, malformed records, Parquet."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from arrears.ingest.reader import LINE_COLUMN, BatchReadError, read_batch


def test_csv_keeps_text_and_line_numbers_across_quoted_newlines(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,name\n1,"Smith, Jo"\n2,"two\nlines"\n3, padded \n', encoding="utf-8")
    batch = read_batch(path)
    assert batch.header == ["id", "name"]
    assert batch.table.column("name").to_pylist() == ["Smith, Jo", "two\nlines", " padded "]
    assert batch.table.column(LINE_COLUMN).to_pylist() == [2, 3, 4]
    assert batch.rows_read == 3


def test_records_with_wrong_field_count_are_kept_aside_with_their_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,name\n1,a\n2,b,extra\n3\n4,d\n", encoding="utf-8")
    batch = read_batch(path)
    assert batch.table.column(LINE_COLUMN).to_pylist() == [2, 5]
    assert [(m.line_number, m.text) for m in batch.malformed] == [(3, "2,b,extra"), (4, "3")]
    assert batch.rows_read == 4


def test_bom_is_ignored(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("\ufeffid,name\n1,a\n".encode())
    assert read_batch(path).header == ["id", "name"]


def test_empty_file_reads_as_no_rows(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"")
    assert read_batch(path).rows_read == 0


def test_invalid_utf8_is_a_readable_error_naming_the_file(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,name\n1,Jos\xe9\n".encode("latin-1"))
    with pytest.raises(BatchReadError, match=r"latin1\.csv"):
        read_batch(path)


def test_parquet_values_become_contract_text(tmp_path):
    path = tmp_path / "a.parquet"
    table = pa.table(
        {
            "id": ["P1"],
            "received_at": pa.array(
                [datetime(2025, 3, 31, 4, 30, tzinfo=UTC)], pa.timestamp("us", tz="UTC")
            ),
            "on": pa.array([date(2025, 3, 31)], pa.date32()),
            "amount": pa.array([Decimal("12.30")], pa.decimal128(18, 2)),
        }
    )
    pq.write_table(table, path)
    batch = read_batch(path)
    row = batch.table.to_pylist()[0]
    assert row == {
        "id": "P1",
        "received_at": "2025-03-31T04:30:00.000000Z",
        "on": "2025-03-31",
        "amount": "12.30",
        LINE_COLUMN: 1,
    }
