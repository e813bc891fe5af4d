"""Display queries of the auditor's pages: compliance findings and their evidence
(``marts.fct_compliance_findings``, ``marts.fct_action_history``) and data quality
(``marts.dq_results``, ``marts.quarantine``).

Presentation only: which action is a finding is decided by dbt; these queries filter,
count and list mart rows for display.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from dashboards.lib import db

COMPLIANCE_MARTS = ("fct_compliance_findings",)
TIMELINE_MARTS = ("fct_action_history",)
FINDING_COLUMNS = [
    "rule_id",
    "severity",
    "occurred_at_local",
    "account_id",
    "collector_id",
    "action_id",
    "channel",
    "state",
    "citation",
    "detail",
    "finding_id",
]
TIMELINE_COLUMNS = [
    "event_seq",
    "event_id",
    "event_type",
    "occurred_at_local",
    "collector_id",
    "channel",
    "direction",
    "outcome",
    "template",
    "amount",
    "detail",
    "source_file",
    "source_line_number",
]


Dates = tuple[date, date] | None  # local dates of the finding's action, both included


def _finding_where(
    rule: str | None, severity: str | None, dates: Dates = None
) -> tuple[str, list[Any]]:
    clauses, params = ["true"], []
    if dates is not None:
        clauses.append("cast(occurred_at_local as date) between ? and ?")
        params.extend(dates)
    if rule is not None:
        clauses.append("rule_id = ?")
        params.append(rule)
    if severity is not None:
        clauses.append("severity = ?")
        params.append(severity)
    return " and ".join(clauses), params


def finding_choices() -> pd.DataFrame:
    """Distinct rules and severities with their finding counts."""
    return db.query(
        """
        select rule_id, severity, min(citation) as citation, count(*) as findings
        from marts.fct_compliance_findings
        group by rule_id, severity
        order by rule_id
        """
    )


def finding_range() -> tuple[date | None, date | None]:
    """First and last local date of a finding's action."""
    row = db.query(
        "select cast(min(occurred_at_local) as date) as first,"
        " cast(max(occurred_at_local) as date) as last from marts.fct_compliance_findings"
    ).iloc[0]
    first, last = row["first"], row["last"]
    return (None if pd.isna(first) else first, None if pd.isna(last) else last)


def finding_totals(rule: str | None, severity: str | None, dates: Dates = None) -> pd.Series:
    """Counts over every matching finding (one row): findings, accounts, critical, rules."""
    where, params = _finding_where(rule, severity, dates)
    return db.query(
        f"""
        select
            count(*) as findings,
            count(distinct account_id) as accounts,
            count(*) filter (where severity = 'critical') as critical,
            count(distinct rule_id) as rules
        from marts.fct_compliance_findings
        where {where}
        """,
        params,
    ).iloc[0]


def findings_by_month(rule: str | None, severity: str | None, dates: Dates = None) -> pd.DataFrame:
    """Findings per local month of the action and rule."""
    where, params = _finding_where(rule, severity, dates)
    return db.query(
        f"""
        select date_trunc('month', occurred_at_local) as month, rule_id, count(*) as findings
        from marts.fct_compliance_findings
        where {where}
        group by 1, 2
        order by month, rule_id
        """,
        params,
    )


def findings_by_collector(
    rule: str | None, severity: str | None, dates: Dates = None
) -> pd.DataFrame:
    """Findings and affected accounts per collector (NULL collector = automated)."""
    where, params = _finding_where(rule, severity, dates)
    return db.query(
        f"""
        select
            coalesce(collector_id, '(automated)') as collector_id,
            count(*) as findings,
            count(distinct account_id) as accounts,
            count(distinct rule_id) as rules
        from marts.fct_compliance_findings
        where {where}
        group by 1
        order by findings desc, collector_id
        """,
        params,
    )


def findings(
    rule: str | None, severity: str | None, dates: Dates = None, limit: int = 1000
) -> pd.DataFrame:
    """Findings, newest first, with ``occurred_at`` (UTC) kept for the drill-down."""
    where, params = _finding_where(rule, severity, dates)
    return db.query(
        f"""
        select {", ".join(FINDING_COLUMNS)}, occurred_at, count(*) over () as matching
        from marts.fct_compliance_findings
        where {where}
        order by occurred_at desc, finding_id
        limit ?
        """,
        [*params, limit],
    )


def account_timeline(
    account_id: str, around: Any | None = None, days: int | None = None
) -> pd.DataFrame:
    """An account's events in timeline order, optionally within ``days`` of ``around``."""
    clauses, params = ["account_id = ?"], [account_id]
    if around is not None and days is not None:
        moment = pd.Timestamp(around).to_pydatetime()
        clauses.append("occurred_at between ? and ?")
        params += [moment - timedelta(days=days), moment + timedelta(days=days)]
    return db.query(
        f"""
        select {", ".join(TIMELINE_COLUMNS)}
        from marts.fct_action_history
        where {" and ".join(clauses)}
        order by event_seq
        """,
        params,
    )


def latest_dq_run() -> pd.DataFrame:
    """Every verdict of the latest run in marts.dq_results, failures first."""
    return db.query(
        """
        with latest as (
            select run_id from marts.dq_results order by checked_at desc limit 1
        )
        select
            run_id, checked_at, severity, passed, check_name, asset, expectation,
            observed_value
        from marts.dq_results
        where run_id = (select run_id from latest)
        order by passed, severity, asset, check_name, expectation
        """
    )


def quarantine_counts() -> pd.DataFrame:
    """Quarantined rows per entity and reason code."""
    return db.query(
        """
        select entity, reason_code, count(*) as rows
        from marts.quarantine
        group by entity, reason_code
        order by rows desc, entity, reason_code
        """
    )


def quarantine_rows(entity: str | None, reason_code: str | None, limit: int = 500) -> pd.DataFrame:
    """Quarantined rows (file, line, record, reason), optionally filtered."""
    clauses, params = ["true"], []
    if entity is not None:
        clauses.append("entity = ?")
        params.append(entity)
    if reason_code is not None:
        clauses.append("reason_code = ?")
        params.append(reason_code)
    return db.query(
        f"""
        select entity, reason_code, reason, source_file, line_number, raw_record, loaded_at
        from marts.quarantine
        where {" and ".join(clauses)}
        order by entity, source_file, line_number
        limit ?
        """,
        [*params, limit],
    )


def matching_accounts(text: str, limit: int = 50) -> pd.DataFrame:
    """Accounts in the action history whose id contains ``text`` (case-insensitive)."""
    return db.query(
        """
        select account_id, count(*) as events, max(occurred_at_local) as last_event
        from marts.fct_action_history
        where contains(lower(account_id), lower(?))
        group by account_id
        order by account_id = ? desc, account_id
        limit ?
        """,
        [text, text, limit],
    )


def history_collectors() -> pd.DataFrame:
    """Collectors with at least one event in the action history, with their accounts."""
    return db.query(
        """
        select collector_id, count(*) as events, count(distinct account_id) as accounts
        from marts.fct_action_history
        where collector_id is not null
        group by collector_id
        order by collector_id
        """
    )


def collector_timelines(collector_id: str, limit: int = 2000) -> pd.DataFrame:
    """Every event on the accounts ``collector_id`` has an event on (what the export
    selects), by account and event_seq, with the total count in ``matching``."""
    return db.query(
        f"""
        select account_id, {", ".join(TIMELINE_COLUMNS)}, count(*) over () as matching
        from marts.fct_action_history
        where account_id in (
            select account_id from marts.fct_action_history where collector_id = ?
        )
        order by account_id, event_seq
        limit ?
        """,
        [collector_id, limit],
    )


def freshness() -> pd.DataFrame:
    """The latest run's freshness checks in marts.dq_results, one row per asset."""
    return db.query(
        """
        with latest as (
            select run_id from marts.dq_results order by checked_at desc limit 1
        )
        select asset, passed, observed_value, expectation, severity
        from marts.dq_results
        where run_id = (select run_id from latest) and check_name = 'freshness'
        order by passed, asset
        """
    )
