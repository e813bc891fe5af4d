"""Quality: Great Expectations suites and freshness as Dagster asset checks."""
