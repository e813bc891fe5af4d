"""Read and write export files (CSV, XLSX, Parquet) as rows of text cells.

Every cell is written as text (NULL as an empty cell), so what a reader gets back is the
canonical text the hash chain was computed over, whatever the format.
"""

from __future__ import annotations

import csv
from pathlib import Path

FORMATS: tuple[str, ...] = ("csv", "xlsx", "parquet")

Row = dict[str, str]


def format_of(path: Path) -> str:
    """The export format of a file, from its extension."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"{path.name}: unknown format (expected .csv, .xlsx or .parquet)")
    return suffix


def write_rows(path: Path, columns: list[str], rows: list[tuple], fmt: str) -> None:
    """Write rows (tuples of str | None, in columns order) to path in fmt."""
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("action_history")
        sheet.append(columns)
        for row in rows:
            sheet.append(["" if v is None else v for v in row])
        book.save(path)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(
            {
                name: pa.array([row[i] for row in rows], type=pa.string())
                for i, name in enumerate(columns)
            }
        )
        pq.write_table(table, path)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def read_rows(path: Path) -> list[Row]:
    """Read an export file back into rows of text cells (empty cell -> '')."""
    fmt = format_of(path)
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as handle:
            return [dict(row) for row in csv.DictReader(handle)]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        sheet = book.worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        book.close()
        if not values:
            return []
        header = [str(c) for c in values[0]]
        return [{h: _text(v) for h, v in zip(header, row, strict=False)} for row in values[1:]]
    import pyarrow.parquet as pq

    return [{k: _text(v) for k, v in row.items()} for row in pq.read_table(path).to_pylist()]


def _text(value: object) -> str:
    return "" if value is None else str(value)
