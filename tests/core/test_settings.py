"""The DuckDB memory limits a build's connections get (arrears.settings)."""

from __future__ import annotations

import duckdb
import pytest

from arrears.settings import ingest_memory_limit, scaled_memory_limit


@pytest.mark.parametrize(
    ("limit", "share", "expected"),
    [
        ("4GB", 0.75, "2861MiB"),  # DuckDB's GB is 10**9 bytes: 3e9 bytes
        ("4GiB", 0.75, "3072MiB"),
        ("3.5 GiB", 0.5, "1792MiB"),
        ("512mb", 1.0, "488MiB"),
        ("80%", 0.75, "80%"),  # not an amount: left to DuckDB
        ("lots", 0.75, "lots"),
    ],
)
def test_scaled_memory_limit(limit: str, share: float, expected: str) -> None:
    assert scaled_memory_limit(limit, share) == expected


def test_ingest_gets_three_quarters_of_the_build_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARREARS_DUCKDB_MEMORY_LIMIT", "2GiB")
    assert ingest_memory_limit() == "1536MiB"
    monkeypatch.delenv("ARREARS_DUCKDB_MEMORY_LIMIT")
    assert ingest_memory_limit() == "2861MiB"  # three quarters of the default 4GB


def test_duckdb_accepts_the_scaled_limit() -> None:
    with duckdb.connect() as con:
        con.execute(f"set memory_limit = '{scaled_memory_limit('4GiB', 0.75)}'")
        assert con.execute("select current_setting('memory_limit')").fetchall()[0][0] == "3.0 GiB"
