"""Read one batch file (CSV or Parquet) into an Arrow table of strings, as written.

Every value stays text here; typing and contract checks happen in SQL afterwards. Each
record keeps its line number (the header is line 1, so the first record is line 2; a
record with a quoted newline still counts as one). Records with the wrong number of
fields are kept aside, never dropped, so they can be quarantined.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

LINE_COLUMN = "_line_number"


class BatchReadError(Exception):
    """A batch file that cannot be read at all (encoding, structure); names the file."""


@dataclass
class MalformedRecord:
    """A CSV record that could not be split into the header's fields."""

    line_number: int
    text: str
    reason: str


@dataclass
class Batch:
    """The records of one file: string columns as written plus their line numbers."""

    table: pa.Table
    header: list[str]
    malformed: list[MalformedRecord] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return self.table.num_rows + len(self.malformed)


def read_batch(path: Path) -> Batch:
    """Read a landing file; raise BatchReadError with a readable reason if impossible."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".parquet":
            return _read_parquet(path)
    except BatchReadError:
        raise
    except (pa.ArrowException, OSError, UnicodeDecodeError, csv.Error) as exc:
        bad_line = _first_undecodable_line(path) if suffix == ".csv" else None
        if bad_line is not None:
            raise BatchReadError(
                f"{path}: line {bad_line} is not valid UTF-8 (save the file as UTF-8)"
            ) from exc
        raise BatchReadError(f"{path}: cannot be read: {_one_line(exc)}") from exc
    raise BatchReadError(f"{path}: unsupported file type {suffix!r} (expected .csv or .parquet)")


def _first_undecodable_line(path: Path) -> int | None:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _read_header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
    if not first.strip():
        return []
    header = next(csv.reader(io.StringIO(first)))
    names = [name.strip() for name in header]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise BatchReadError(f"{path}: line 1: duplicate column(s) {', '.join(duplicates)}")
    if any(not n for n in names):
        raise BatchReadError(f"{path}: line 1: a header column has no name")
    return names


def _read_csv(path: Path) -> Batch:
    header = _read_header(path)
    if not header:
        return Batch(_empty_table([]).append_column(LINE_COLUMN, pa.array([], pa.int64())), [])
    malformed: list[MalformedRecord] = []

    def keep_aside(row: pacsv.InvalidRow) -> str:
        malformed.append(
            MalformedRecord(
                line_number=int(row.number) if row.number is not None else -1,
                text=row.text,
                reason=f"expected {row.expected_columns} fields, found {row.actual_columns}",
            )
        )
        return "skip"

    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(
            use_threads=False, column_names=header, skip_rows=1, block_size=1 << 24
        ),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=keep_aside),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    # Record numbers of the kept rows: every number from 2 on that was not set aside.
    total = table.num_rows + len(malformed)
    bad = np.array(sorted(m.line_number for m in malformed), dtype=np.int64)
    lines = np.setdiff1d(np.arange(2, total + 2, dtype=np.int64), bad, assume_unique=True)
    table = table.append_column(LINE_COLUMN, pa.array(lines[: table.num_rows]))
    return Batch(table, header, malformed)


def _read_parquet(path: Path) -> Batch:
    source = pq.read_table(path)
    columns = {}
    for name, column in zip(source.column_names, source.columns, strict=True):
        columns[name.strip()] = _as_text(column)
    table = pa.table(columns) if columns else pa.table({"_": pa.nulls(source.num_rows)}).drop(["_"])
    lines = np.arange(1, table.num_rows + 1, dtype=np.int64)
    table = table.append_column(LINE_COLUMN, pa.array(lines))
    return Batch(table, list(columns))


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A Parquet column as the text a CSV would hold (ISO dates, UTC `Z` timestamps)."""
    kind = column.type
    if pa.types.is_timestamp(kind):
        if kind.tz is None:
            # no zone: written without offset, so the contract check rejects it as ambiguous
            return pc.strftime(column, format="%Y-%m-%dT%H:%M:%S")
        utc = column.cast(pa.timestamp(kind.unit, tz="UTC"))
        return pc.strftime(utc, format="%Y-%m-%dT%H:%M:%SZ")
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return column.cast(pa.string())
    return column.cast(pa.string())


def _empty_table(names: list[str]) -> pa.Table:
    return pa.table({name: pa.array([], pa.string()) for name in names})
