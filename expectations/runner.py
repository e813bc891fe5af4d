"""Run a raw suite: measure its rules in DuckDB as one row of metrics, let GX 1.x judge that
row with an ephemeral context and a pandas datasource, and word each verdict.

The rows never leave DuckDB: one aggregate counts, per rule, the rows that break it
(expectations/metrics.py); GX validates the one-row frame of counts; for a rule that
failed, a second small query fetches a few example values for the message. GX is imported
lazily (it takes seconds) and its context is created once per process.
"""

from __future__ import annotations

import functools
import numbers
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from types import ModuleType
from typing import Any

import duckdb
import pandas as pd

from expectations.metrics import ERROR, WARN, Rule, metrics_sql, rows_sql

__all__ = [
    "ERROR",
    "WARN",
    "ExpectationOutcome",
    "SuiteOutcome",
    "context",
    "run_suite",
    "validate",
    "warm_up",
]


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's verdict, flattened for the dq_results table."""

    expectation: str
    severity: str
    passed: bool
    observed_value: str


@dataclass(frozen=True)
class SuiteOutcome:
    """A suite's verdicts: failed errors block, failed warnings do not. `rows` is how many
    rows were checked; `loaded_through` the newest `_loaded_at` among them (None when the
    suite checks whole tables or there was no row)."""

    suite: str
    rows: int
    expectations: list[ExpectationOutcome]
    loaded_through: datetime | None = None

    @property
    def failed_errors(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.passed and e.severity == ERROR]

    @property
    def failed_warnings(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.passed and e.severity == WARN]


_CONTEXT_LOCK = threading.Lock()


def context() -> Any:
    """The process's ephemeral GX context (created on first use; suites need one)."""
    with _CONTEXT_LOCK:  # warm_up() may be creating it in another thread
        return _context()


@functools.cache
def _context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    created = gx.get_context(mode="ephemeral")
    created.variables.progress_bars = ProgressBarsConfig(globally=False)
    return created


def warm_up() -> threading.Thread:
    """Import GX and create its context in a background thread, so that the first check
    does not wait for it: `import great_expectations` costs 5-15 s of one core (scipy,
    altair, sqlalchemy), spent while ingestion waits on DuckDB instead. Idempotent."""
    thread = threading.Thread(target=context, name="gx-warm-up", daemon=True)
    thread.start()
    return thread


def run_suite(
    con: duckdb.DuckDBPyConnection, module: ModuleType, *, since: datetime | None = None
) -> SuiteOutcome:
    """Validate a suite module (`QUERY`, `RULES`, `build_suite()`) on the rows of its query,
    or on only those loaded after `since` (a NEW_ROWS_ONLY suite's mark)."""
    rules: list[Rule] = list(module.RULES)
    rows, params = rows_sql(module.QUERY, since)
    loaded_at = bool(getattr(module, "NEW_ROWS_ONLY", False))
    cursor = con.execute(metrics_sql(rows, rules, loaded_at=loaded_at), params)
    measured = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    metrics = pd.DataFrame([measured])  # the one row GX judges
    checked = int(measured["rows_checked"])
    by_metric = {rule.metric: rule for rule in rules}
    suite = module.build_suite()
    outcomes = []
    for item in _validate(suite, metrics):
        outcome = _outcome(item)
        rule = by_metric.get(item.expectation_config.kwargs.get("column"))
        if rule is not None:
            failing = int(measured[rule.metric])
            examples = _examples(con, rule, rows, params) if failing else []
            observed = _observed(rule, failing, checked, measured, examples)
            outcome = ExpectationOutcome(
                outcome.expectation, outcome.severity, outcome.passed, observed[:500]
            )
        outcomes.append(outcome)
    return SuiteOutcome(suite.name, checked, outcomes, measured.get("loaded_through"))


def validate(suite: Any, frame: pd.DataFrame) -> SuiteOutcome:
    """Run a built (not yet registered) ExpectationSuite on any frame, GX's own observed
    values as the messages."""
    return SuiteOutcome(
        suite.name, len(frame), [_outcome(item) for item in _validate(suite, frame)]
    )


def _validate(suite: Any, frame: pd.DataFrame) -> list[Any]:
    """GX's results for each expectation of suite on frame (a whole-dataframe batch)."""
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
    return list(batch.validate(suite).results)


def _outcome(item: Any) -> ExpectationOutcome:
    """A GX result as a verdict: labelled by its description (a rule's words) or else by its
    type and arguments; severity `critical` is an error, anything else a warning."""
    config = item.expectation_config
    if config.description:
        label = config.description
    else:
        kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
        label = config.type + "(" + ", ".join(f"{k}={v}" for k, v in sorted(kwargs.items())) + ")"
    details = item.result or {}
    observed = details.get("observed_value")
    if observed is None and "unexpected_count" in details:
        observed = f"{details['unexpected_count']} unexpected"
        sample = details.get("partial_unexpected_list") or []
        if sample:
            observed += f", e.g. {sample[:3]}"
    severity = getattr(config.severity, "value", config.severity)
    return ExpectationOutcome(
        expectation=label[:500],
        severity=ERROR if severity in (None, "critical") else WARN,
        passed=bool(item.success),
        observed_value=str(observed if observed is not None else "")[:500],
    )


def _examples(
    con: duckdb.DuckDBPyConnection, rule: Rule, rows: str, params: list[Any]
) -> list[str]:
    sql = rule.examples_sql(rows)
    return [] if sql is None else [r[0] for r in con.execute(sql, params).fetchall()]


def _observed(
    rule: Rule, failing: int, checked: int, measured: dict[str, Any], examples: list[str]
) -> str:
    """E.g. "2 of 1,204 rows break it (min 0.00, max 20,000,000.00), e.g. ['I7', 'I9']"."""
    what = "repeat a value" if rule.failing is None else "break it"
    text = f"{failing:,} of {checked:,} rows {what}"
    if rule.context:
        shown = ", ".join(
            f"{name.rsplit('__', 1)[-1]} {_number(measured[name])}" for name in rule.context
        )
        text += f" ({shown})"
    if examples:
        text += f", e.g. {examples}"
    return text


def _number(value: Any) -> str:
    if value is None:
        return "none"  # no row had a value
    if isinstance(value, numbers.Integral):
        return f"{value:,}"
    return f"{value:,.2f}" if isinstance(value, Decimal | float) else str(value)
