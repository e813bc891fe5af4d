"""Great Expectations suites as code: one module per raw landing entity, each exposing
`QUERY` (the rows it checks), `RULES` (what it checks of them, expectations/metrics.py) and
`build_suite()` (GX's expectations over the one row of metrics the rules measure).

Raw suites check what the ingest contract guarantees (value sets read from
arrears/ingest/contract.py) and what it cannot (date order, absurd amounts). DuckDB
counts, per rule, the rows that break it in one aggregate; GX judges those counts
(expectations/runner.py). The reconciliations that prove the marts add up are dbt
singular tests, not suites (expectations/registry.py says why).
Each expectation carries GX's `severity`: a failed `critical` (our "error") blocks
publication, a failed `warning` is shown and recorded but does not block.
"""
