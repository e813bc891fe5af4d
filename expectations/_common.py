"""Shorthands shared by the suites: rules (expectations/metrics.py) turned into GX
expectations over the suite's metrics row, and severities in GX's own terms."""

from __future__ import annotations

from typing import Any

from expectations.metrics import ERROR, WARN, Rule
from expectations.runner import context

# Our severities in GX 1.x's (`Expectation.severity`): a failed `critical` blocks publication,
# a failed `warning` is shown and recorded but does not block.
GX_SEVERITY = {ERROR: "critical", WARN: "warning"}


def error(expectation_class: Any, **kwargs: Any) -> Any:
    """An expectation whose failure blocks publication."""
    return expectation_class(**kwargs, severity=GX_SEVERITY[ERROR])


def warn(expectation_class: Any, **kwargs: Any) -> Any:
    """An expectation whose failure is shown but does not block."""
    return expectation_class(**kwargs, severity=GX_SEVERITY[WARN])


def expectation(rule: Rule) -> Any:
    """GX's verdict on one rule: no row of those checked breaks it (its count is 0)."""
    import great_expectations as gx

    return gx.expectations.ExpectColumnValuesToBeBetween(
        column=rule.metric,
        min_value=0,
        max_value=0,
        description=rule.description,
        severity=GX_SEVERITY[rule.severity],
    )


def suite(name: str, rules: list[Rule]) -> Any:
    """The suite GX runs on the metrics row: one expectation per rule."""
    import great_expectations as gx

    context()  # GX builds suites only inside an active context

    built = gx.ExpectationSuite(name=name)
    for rule in rules:
        built.add_expectation(expectation(rule))
    return built


# An amount above this is almost surely a unit or parsing error (cents as dollars, …).
ABSURD_AMOUNT = 10_000_000


def contract_codes(entity: str, column: str) -> list[str]:
    """The codes the ingest contract accepts in a code column (arrears/ingest/contract.py),
    so that a suite's value set is the contract's one list, not a copy of it."""
    from arrears.ingest.contract import ENTITIES

    (found,) = [c for c in ENTITIES[entity].columns if c.name == column]
    if not found.codes:
        raise ValueError(f"{entity}.{column} has no code list in the ingest contract")
    return list(found.codes)
