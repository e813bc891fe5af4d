"""The dbt project, as dagster-dbt sees it (one cached DbtProject for every asset)."""

from __future__ import annotations

from dagster_dbt import DbtProject

from orchestration.dbt_manifest import DBT_PROJECT_DIR

arrears_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` this (re)parses the project; elsewhere the CLI prepares it first.
arrears_dbt_project.prepare_if_dev()
