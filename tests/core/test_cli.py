"""Every command has --help; settings resolve from flags, then environment, then defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from arrears.cli import main
from arrears.settings import REPO_ROOT, Settings


@pytest.mark.parametrize("command", [[], ["build"], ["generate"], ["dashboard"]])
def test_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_settings_defaults_work_from_a_fresh_clone(monkeypatch):
    for name in ("ARREARS_LANDING", "ARREARS_WAREHOUSE", "ARREARS_WORK_DB", "ARREARS_CURRENCY"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env()
    assert settings.landing == REPO_ROOT / "data" / "landing"
    assert settings.warehouse == REPO_ROOT / "data" / "arrears.duckdb"
    assert settings.work_db == REPO_ROOT / "data" / "arrears.work.duckdb"
    assert settings.currency == "USD"


def test_flags_beat_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ARREARS_LANDING", str(tmp_path / "env"))
    monkeypatch.setenv("ARREARS_WAREHOUSE", str(tmp_path / "env.duckdb"))
    monkeypatch.delenv("ARREARS_WORK_DB", raising=False)
    assert Settings.from_env().landing == tmp_path / "env"
    settings = Settings.from_env(tmp_path / "flag", tmp_path / "out" / "w.duckdb")
    assert settings.landing == tmp_path / "flag"
    assert settings.work_db == tmp_path / "out" / "w.work.duckdb"


def test_work_db_must_not_be_the_published_file(monkeypatch, tmp_path):
    monkeypatch.setenv("ARREARS_WORK_DB", str(tmp_path / "w.duckdb"))
    with pytest.raises(ValueError):
        Settings.from_env(tmp_path, Path(tmp_path / "w.duckdb"))
