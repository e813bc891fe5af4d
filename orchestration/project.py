"""The dbt project, as dagster-dbt sees it (one cached DbtProject for every asset)."""

from __future__ import annotations

from pathlib import Path

from dagster_dbt import DbtProject

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"

arrears_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` this (re)parses the project; elsewhere the CLI prepares it first.
arrears_dbt_project.prepare_if_dev()
