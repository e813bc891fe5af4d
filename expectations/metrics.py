"""The rules a raw suite checks, measured in SQL as one row of metrics.

Each rule is one column of that row: how many of the suite's rows break it, counted by one
DuckDB aggregate over only the rows the suite must check (all of them, or those loaded
since it last passed). GX then judges the row (expectations/runner.py): every rule is an
expectation that its count is 0, with the rule's severity. Pulling the rows themselves
into pandas so that GX could count them cost most of the checks' time (issue 16).

The rules keep GX's row semantics, so verdicts are the ones the row-level expectations
gave: a NULL is not checked by a value-set or range rule (it is the not-null rule's), a
duplicate is a non-NULL value seen more than once, and a date-order rule skips a row only
when both dates are NULL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ERROR = "error"
WARN = "warn"

# How many example values a failed rule shows (fetched only when it failed).
EXAMPLES = 3


@dataclass(frozen=True)
class Rule:
    """One row-level rule. `failing` is a SQL predicate over a suite row, true when the row
    breaks the rule (None for a uniqueness rule); `example` the SQL value shown for a few
    breaking rows (None: none shown); `context` extra aggregates reported beside the count
    (e.g. the smallest and largest amount), not judged."""

    metric: str
    description: str
    column: str
    failing: str | None
    example: str | None
    severity: str = ERROR
    value_set: tuple[Any, ...] = ()
    context: dict[str, str] = field(default_factory=dict)
    # the row-level GX expectation this rule stands for (class name, arguments): the suites
    # judged rows with it before issue 16; tests prove both give the same verdicts
    row_expectation: tuple[str, dict[str, Any]] = ("", {})

    @property
    def count_sql(self) -> str:
        if self.failing is None:  # a uniqueness rule: repeats of non-NULL values
            return f"count({self.column}) - count(distinct {self.column})"
        return f"count(case when {self.failing} then 1 end)"

    def examples_sql(self, rows_sql: str) -> str | None:
        """A few breaking values, sorted; run only for a rule that failed."""
        if self.failing is None:
            return (
                f"select cast({self.column} as varchar) from ({rows_sql}) as suite_rows"
                f" where {self.column} is not null group by {self.column}"
                f" having count(*) > 1 order by 1 limit {EXAMPLES}"
            )
        if self.example is None:
            return None
        return (
            f"select distinct cast({self.example} as varchar) as example"
            f" from ({rows_sql}) as suite_rows where {self.failing}"
            f" order by 1 limit {EXAMPLES}"
        )


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def not_null(column: str, *, severity: str = ERROR, example: str | None = None) -> Rule:
    """No NULL in column; `example` names the rows that break it (e.g. their id)."""
    return Rule(
        metric=f"{column}__nulls",
        description=f"{column} is not null",
        column=column,
        failing=f"{column} is null",
        example=example,
        severity=severity,
        row_expectation=("ExpectColumnValuesToNotBeNull", {"column": column}),
    )


def unique(column: str, *, severity: str = ERROR) -> Rule:
    """No non-NULL value of column appears twice among the rows checked."""
    return Rule(
        metric=f"{column}__repeats",
        description=f"{column} is unique",
        column=column,
        failing=None,
        example=column,
        severity=severity,
        row_expectation=("ExpectColumnValuesToBeUnique", {"column": column}),
    )


def in_set(
    column: str,
    values: list[Any] | tuple[Any, ...],
    *,
    severity: str = ERROR,
    description: str | None = None,
    example: str | None = None,
) -> Rule:
    """Every non-NULL value of column is one of values; examples show the value unless
    `example` says what to show instead."""
    values = tuple(values)
    listed = ", ".join(str(v) for v in values)
    return Rule(
        metric=f"{column}__not_in_set",
        description=description or f"{column} in ({listed})",
        column=column,
        failing=f"{column} not in ({', '.join(_literal(v) for v in values)})",
        example=example or column,
        severity=severity,
        value_set=values,
        row_expectation=(
            "ExpectColumnValuesToBeInSet",
            {"column": column, "value_set": list(values)},
        ),
    )


def between(
    column: str,
    *,
    min_value: Any = None,
    max_value: Any = None,
    severity: str = ERROR,
) -> Rule:
    """Every non-NULL value of column is within [min_value, max_value] (either may be open);
    the column's smallest and largest values are reported beside the count."""
    bounds, failing, name = [], [], []
    if min_value is not None:
        bounds.append(f"{min_value} <=")
        failing.append(f"{column} < {_literal(min_value)}")
        name.append("below")
    bounds.append(column)
    if max_value is not None:
        bounds.append(f"<= {max_value}")
        failing.append(f"{column} > {_literal(max_value)}")
        name.append("above")
    if not failing:
        raise ValueError("between() needs min_value or max_value")
    return Rule(
        metric=f"{column}__{'_or_'.join(name)}",
        description=" ".join(bounds),
        column=column,
        failing=" or ".join(failing),
        example=column,
        severity=severity,
        context={f"{column}__min": f"min({column})", f"{column}__max": f"max({column})"},
        row_expectation=(
            "ExpectColumnValuesToBeBetween",
            {"column": column, "min_value": min_value, "max_value": max_value},
        ),
    )


def not_before(
    column_a: str, column_b: str, *, key: str, severity: str = ERROR, or_equal: bool = True
) -> Rule:
    """column_a >= column_b (> without or_equal). As GX's
    ExpectColumnPairValuesAToBeGreaterThanB on pandas: a row with both NULL is skipped, a
    row with one NULL breaks the rule. `key` names the breaking rows in examples."""
    operator = ">=" if or_equal else ">"
    shown = " || ', ' || ".join(
        f"'{c} ' || coalesce(cast({c} as varchar), 'null')" for c in (column_a, column_b)
    )
    return Rule(
        metric=f"{column_a}__before_{column_b}",
        description=f"{column_a} {operator} {column_b}",
        column=column_a,
        failing=(
            f"not ({column_a} is null and {column_b} is null)"
            f" and not coalesce({column_a} {operator} {column_b}, false)"
        ),
        example=f"cast({key} as varchar) || ': ' || {shown}",
        severity=severity,
        row_expectation=(
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": column_a, "column_B": column_b, "or_equal": or_equal},
        ),
    )


def rows_sql(query: str, since: Any) -> tuple[str, list[Any]]:
    """The suite's rows: all of query, or those loaded after `since` (its `_loaded_at`)."""
    if since is None:
        return query, []
    return f"select * from ({query}) as all_rows where _loaded_at > ?", [since]


def metrics_sql(rows: str, rules: list[Rule], *, loaded_at: bool) -> str:
    """One aggregate over rows: `rows_checked`, `loaded_through` (the newest `_loaded_at`,
    when the rows have one), each rule's count of breaking rows and its context."""
    columns = {"rows_checked": "count(*)"}
    if loaded_at:
        columns["loaded_through"] = "max(_loaded_at)"
    for rule in rules:
        if rule.metric in columns:
            raise ValueError(f"two rules measure {rule.metric}")
        columns[rule.metric] = rule.count_sql
        columns.update(rule.context)
    select = ",\n    ".join(f"{sql} as {name}" for name, sql in columns.items())
    return f"select\n    {select}\nfrom ({rows}) as suite_rows"
