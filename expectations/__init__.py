"""Great Expectations suites as code: one module per checked asset, each exposing
`build_suite()` (and, for marts, the SQL that produces the frame it validates).

Raw suites check what the ingest contract guarantees and what it cannot (date order,
absurd amounts); mart suites check the reconciliations that prove the marts add up.
Each expectation carries `meta={"severity": "error" | "warn"}`: a failed error blocks
publication, a failed warning is shown and recorded but does not block.
"""
