"""Transform: the dbt project, one Dagster asset per model, dbt tests as asset checks."""
