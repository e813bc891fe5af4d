"""Dagster definitions, one folder per step: ingest, transform, publish."""
