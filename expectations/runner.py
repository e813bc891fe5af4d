"""Validate a pandas frame against a suite with an ephemeral GX context (GX 1.x).

GX is imported lazily (it takes seconds) and its context is created once per process.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

ERROR = "error"
WARN = "warn"


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's verdict, flattened for the dq_results table."""

    expectation: str
    severity: str
    passed: bool
    observed_value: str


@dataclass(frozen=True)
class SuiteOutcome:
    """A suite's verdicts: failed errors block, failed warnings do not."""

    suite: str
    rows: int
    expectations: list[ExpectationOutcome]

    @property
    def failed_errors(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.passed and e.severity == ERROR]

    @property
    def failed_warnings(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.passed and e.severity == WARN]


@functools.cache
def context() -> Any:
    """The process's ephemeral GX context (created on first use; suites need one)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    created = gx.get_context(mode="ephemeral")
    created.variables.progress_bars = ProgressBarsConfig(globally=False)
    return created


def validate(suite: Any, frame: pd.DataFrame) -> SuiteOutcome:
    """Run a built (not yet registered) ExpectationSuite on frame."""
    gx_context = context()
    name = suite.name
    if name in {s.name for s in gx_context.suites.all()}:
        gx_context.suites.delete(name)
    suite = gx_context.suites.add(suite)
    source = gx_context.data_sources.add_or_update_pandas("arrears")
    asset_names = {a.name for a in source.assets}
    asset = source.get_asset(name) if name in asset_names else source.add_dataframe_asset(name=name)
    definitions = {b.name for b in asset.batch_definitions}
    batch_definition = (
        asset.get_batch_definition("all")
        if "all" in definitions
        else asset.add_batch_definition_whole_dataframe("all")
    )
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(suite)
    outcomes = []
    for item in result.results:
        config = item.expectation_config
        kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
        label = config.type + "(" + ", ".join(f"{k}={v}" for k, v in sorted(kwargs.items())) + ")"
        details = item.result or {}
        observed = details.get("observed_value")
        if observed is None and "unexpected_count" in details:
            observed = f"{details['unexpected_count']} unexpected"
            sample = details.get("partial_unexpected_list") or []
            if sample:
                observed += f", e.g. {sample[:3]}"
        outcomes.append(
            ExpectationOutcome(
                expectation=label[:500],
                severity=(config.meta or {}).get("severity", ERROR),
                passed=bool(item.success),
                observed_value=str(observed if observed is not None else "")[:500],
            )
        )
    return SuiteOutcome(name, len(frame), outcomes)
