"""Shorthands shared by the suites: expectations tagged with a severity."""

from __future__ import annotations

from typing import Any

from expectations.runner import ERROR, WARN, context


def error(expectation_class: Any, **kwargs: Any) -> Any:
    """An expectation whose failure blocks publication."""
    return expectation_class(**kwargs, meta={"severity": ERROR})


def warn(expectation_class: Any, **kwargs: Any) -> Any:
    """An expectation whose failure is shown but does not block."""
    return expectation_class(**kwargs, meta={"severity": WARN})


def suite(name: str, expectations: list[Any]) -> Any:
    import great_expectations as gx

    context()  # GX builds suites only inside an active context

    built = gx.ExpectationSuite(name=name)
    for expectation in expectations:
        built.add_expectation(expectation)
    return built


# An amount above this is almost surely a unit or parsing error (cents as dollars, …).
ABSURD_AMOUNT = 10_000_000


def contract_codes(entity: str, column: str) -> list[str]:
    """The codes the ingest contract accepts in a code column (orchestration/ingest/contract.py),
    so that a suite's value set is the contract's one list, not a copy of it."""
    from orchestration.ingest.contract import ENTITIES

    (found,) = [c for c in ENTITIES[entity].columns if c.name == column]
    if not found.codes:
        raise ValueError(f"{entity}.{column} has no code list in the ingest contract")
    return list(found.codes)
