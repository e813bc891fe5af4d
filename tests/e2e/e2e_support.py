"""Helpers for end-to-end tests: build a landing folder through Dagster in-process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).parent
SMALL_LANDING = HERE / "landing_small"


@contextmanager
def arrears_env() -> Iterator[None]:
    """Builds export ARREARS_* settings into os.environ; restore it afterwards."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def build(landing: Path, warehouse: Path):
    from arrears.settings import Settings
    from orchestration.build import run_build

    with arrears_env():
        os.environ.pop("ARREARS_WORK_DB", None)
        return run_build(Settings.from_env(landing, warehouse))
