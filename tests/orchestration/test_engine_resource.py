"""One resource owns the engine: a build's settings reach every step as the `engine`
resource's config (not through os.environ and back), and no step under defs/ opens a
connection or reads the environment itself."""

from __future__ import annotations

import os
import re

import dagster as dg

from arrears.settings import REPO_ROOT, Settings

EXPORTED = (
    "ARREARS_LANDING",
    "ARREARS_WAREHOUSE",
    "ARREARS_WORK_DB",
    "ARREARS_CURRENCY",
    "ARREARS_ENGINE",
    "ARREARS_DBT_TARGET",
)


def _settings(tmp_path) -> Settings:
    return Settings.from_env(
        tmp_path / "landing",
        tmp_path / "out" / "w.duckdb",
        "duckdb",
        tmp_path / "work" / "build.duckdb",
        "eur",
    )


def test_settings_round_trip_through_resource_config(monkeypatch, tmp_path):
    settings = _settings(tmp_path)
    assert settings.work_db == tmp_path / "work" / "build.duckdb"
    assert settings.currency == "EUR"
    # the environment says otherwise: the config wins
    monkeypatch.setenv("ARREARS_LANDING", str(tmp_path / "env-landing"))
    monkeypatch.setenv("ARREARS_WAREHOUSE", str(tmp_path / "env.duckdb"))
    monkeypatch.setenv("ARREARS_WORK_DB", str(tmp_path / "env.work.duckdb"))
    monkeypatch.setenv("ARREARS_CURRENCY", "GBP")
    assert Settings.from_env(**settings.as_config()) == settings


def test_postgres_settings_round_trip(monkeypatch, tmp_path):
    monkeypatch.delenv("ARREARS_ENGINE", raising=False)
    url = "postgresql://arrears@127.0.0.1:5999/arrears"
    settings = Settings.from_env(tmp_path, url, work_db=tmp_path / "w.duckdb")
    assert (settings.engine, settings.served) == ("postgres", url)
    assert Settings.from_env(**settings.as_config()) == settings


def test_engine_resource_owns_the_connection(monkeypatch, tmp_path):
    from orchestration.defs.resources import ArrearsEngine

    for name in EXPORTED:  # restored after the test
        monkeypatch.delenv(name, raising=False)
    settings = _settings(tmp_path)
    engine = ArrearsEngine(**settings.as_config())
    assert engine.settings == settings
    with engine.connect() as con:
        con.execute("create table t as select 42 as answer")
    with engine.connect(read_only=True) as con:
        assert con.execute("select answer from t").fetchall() == [(42,)]
    assert settings.work_db.is_file()
    # only the dbt step's explicit export touches the environment
    assert "ARREARS_WORK_DB" not in os.environ
    engine.export_for_dbt()
    assert os.environ["ARREARS_WORK_DB"] == str(settings.work_db)
    assert os.environ["ARREARS_DBT_TARGET"] == "duckdb"


def test_build_run_config_is_valid_for_the_job(tmp_path):
    from orchestration.definitions import defs
    from orchestration.defs.jobs import BUILD_JOB_NAME

    job = defs.resolve_job_def(BUILD_JOB_NAME)
    config = {"resources": {"engine": {"config": _settings(tmp_path).as_config()}}}
    dg.validate_run_config(job, config)  # raises DagsterInvalidConfigError if not


def test_no_step_opens_connections_or_reads_the_environment():
    offenders = []
    for path in sorted((REPO_ROOT / "orchestration" / "defs").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"duckdb\.connect\(", r"os\.environ", r"os\.getenv", r"\.dbapi\("):
            if path.name != "resources.py" and re.search(pattern, text):
                offenders.append(f"{path.relative_to(REPO_ROOT)}: {pattern}")
    assert offenders == []
