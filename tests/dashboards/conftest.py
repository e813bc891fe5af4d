"""Fixtures for the dashboard tests: a tiny published warehouse (aging_warehouse.py and
marts_warehouse.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aging_warehouse import write_warehouse
from marts_warehouse import write_marts
from strategy_warehouse import write_strategy_marts
from streamlit import config


@pytest.fixture(autouse=True)
def demo_mode(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pages run in the no-login demo mode (the demo admin) unless a test signs a user in
    (tests/dashboards/test_access.py); demo mode needs a localhost server address."""
    monkeypatch.setenv("ARREARS_AUTH", "none")
    previous = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", previous)


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny published warehouse with every page's marts; ARREARS_WAREHOUSE points at it."""
    path = write_strategy_marts(write_marts(write_warehouse(tmp_path / "arrears.duckdb")))
    monkeypatch.setenv("ARREARS_WAREHOUSE", str(path))
    return path


@pytest.fixture
def publish(tmp_path: Path) -> Callable[..., Path]:
    """Publish a new warehouse version the way the pipeline does (temp file + os.replace)."""

    def _publish(target: Path, **tables: list[tuple] | None) -> Path:
        staging = tmp_path / f"publish-{os.urandom(4).hex()}.duckdb"
        write_warehouse(staging, **tables)
        os.replace(staging, target)
        return target

    return _publish
