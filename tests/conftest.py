"""Shared pytest set-up: telemetry off, and dbt's manifest parsed once before Dagster
definitions are imported (dagster-dbt reads it at import)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def pytest_configure(config: pytest.Config) -> None:
    """Parse dbt before collection: test modules may import the Dagster definitions, which
    read the manifest at import. (Parsing is skipped when the manifest is current, and
    serialized across xdist workers.)"""
    from arrears.dbt_manifest import ensure_manifest

    ensure_manifest()


@pytest.fixture(scope="session")
def dbt_manifest():
    """Parse the dbt project (once per test process) and return the manifest path."""
    from arrears.dbt_manifest import ensure_manifest

    return ensure_manifest()


@pytest.fixture
def demo_mode(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dashboards in the no-login demo mode (everyone is the demo admin), which serves on
    localhost only: tests that open pages without signing a user in use it."""
    from streamlit import config

    monkeypatch.setenv("ARREARS_AUTH", "none")
    previous = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", previous)


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for the session (arrears/devservers/postgres.py); the
    tests using it are skipped, with the reason, where it cannot start."""
    from arrears.devservers.postgres import Unavailable, running_postgres

    try:
        context = running_postgres()
        server = context.__enter__()
    except Unavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        yield server
    finally:
        context.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _restore_main_module() -> Iterator[None]:
    """Streamlit's script runner (AppTest) makes the page script ``sys.modules["__main__"]``
    and leaves it there; a later test in the same worker that starts ``spawn`` processes
    (the generator's workers) would then re-run that page in every child, which dies."""
    import sys

    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main
