"""arrears core: plain Python with no Dagster import.

Settings, engine connections, ingest (contract, reader, loader), publish, data-quality
results and freshness, audit export and verification, access control, scoring, the
build's checks and outcome, and the CLI live here, so that the Dagster definitions
(`orchestration/`: thin assets over this core), the CLI and the dashboards all import one
core. Only `arrears build` imports Dagster (orchestration.build), inside the command;
tests/test_core_is_dagster_free.py keeps it so.
"""
