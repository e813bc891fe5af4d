"""Audit exports from the published warehouse: `python -m bench.audit`.

Times arrears.audit.export.export_audit (what `arrears export-audit` calls) for
the account with the longest action history, and for the busiest collector-month by
local date (`--collector C --from <first day> --to <last day>`). Picking is not timed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb

from bench.child import parser, write_result


def pick_subjects(warehouse: Path) -> tuple[str, str, Any, Any]:
    """(account id, collector id, first day, last day of the collector's month)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        account = con.execute(
            "select account_id from marts.fct_action_history"
            " group by account_id order by count(*) desc, account_id limit 1"
        ).fetchone()[0]
        collector, month = con.execute(
            """
            select
                collector_id,
                cast(date_trunc('month', coalesce(
                    cast(occurred_at_local as date), cast(occurred_at as date)
                )) as date) as month
            from marts.fct_action_history
            where collector_id is not null
            group by all
            order by count(*) desc, month desc, collector_id
            limit 1
            """
        ).fetchone()
        last = con.execute("select last_day(?::date)", [month]).fetchone()[0]
    return account, collector, month, last


def measure_exports(warehouse: Path, out_dir: Path) -> dict[str, dict[str, Any]]:
    """Export one account, then one collector's month, as CSV; seconds and rows of each."""
    from arrears.audit.export import ExportFilters, export_audit

    account, collector, first, last = pick_subjects(warehouse)
    cases = {
        "account": ExportFilters(accounts=(account,)),
        "collector_month": ExportFilters(collector=collector, date_from=first, date_to=last),
    }
    results = {}
    for name, filters in cases.items():
        began = time.perf_counter()
        exported = export_audit(warehouse, out_dir / f"{name}.csv", "csv", filters)
        results[name] = {
            "seconds": time.perf_counter() - began,
            "rows": exported.row_count,
            "accounts": exported.accounts,
            "filters": filters.as_json(),
        }
    return results


def main(argv: list[str] | None = None) -> None:
    args = parser(__doc__.splitlines()[0])
    args.add_argument("--warehouse", type=Path, required=True, help="published warehouse")
    args.add_argument("--out-dir", type=Path, required=True, help="where exports go")
    ns = args.parse_args(argv)
    write_result(ns.result, {"exports": measure_exports(ns.warehouse, ns.out_dir)})


if __name__ == "__main__":
    main()
