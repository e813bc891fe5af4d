"""arrears core: plain Python with no Dagster import.

Engine connections, ingest, publish, audit export and verification, access control,
scoring and the CLI's building blocks live here, so that the Dagster definitions
(`orchestration/`), the CLI and the dashboards all import one core. Modules move here
from `orchestration/` as they lose their Dagster coupling.
"""
