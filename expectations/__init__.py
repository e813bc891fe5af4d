"""Great Expectations suites as code: one module per raw landing entity, each exposing
`QUERY` (the frame it validates) and `build_suite()`.

Raw suites check what the ingest contract guarantees (value sets read from
orchestration/ingest/contract.py) and what it cannot (date order, absurd amounts). The
reconciliations that prove the marts add up are dbt singular tests, not suites
(expectations/registry.py says why).
Each expectation carries `meta={"severity": "error" | "warn"}`: a failed error blocks
publication, a failed warning is shown and recorded but does not block.
"""
