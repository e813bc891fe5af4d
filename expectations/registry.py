"""Which suite checks which asset: asset key path -> suite module.

GX owns the raw edge (each landing entity's table as loaded). Reconciliations across marts
and the ledger (aging = balance, balance = items - credits, cash = raw payments, roll
rates = from-bucket totals) are dbt singular tests (dbt_project/tests/singular/), one
owner per check: they run in the same `dbt build` that writes the marts, block it, and
read the models and sources by ref (DECISIONLOG "One owner per check").
"""

from __future__ import annotations

import importlib
from types import ModuleType

# asset key path (as in Dagster) -> module under expectations/
SUITES: dict[tuple[str, ...], str] = {
    ("raw", "accounts"): "raw_accounts",
    ("raw", "collectors"): "raw_collectors",
    ("raw", "invoices"): "raw_invoices",
    ("raw", "adjustments"): "raw_adjustments",
    ("raw", "payments"): "raw_payments",
    ("raw", "actions"): "raw_actions",
    ("raw", "promises"): "raw_promises",
    ("raw", "payment_plans"): "raw_payment_plans",
    ("raw", "disputes"): "raw_disputes",
}


def suite_module(asset_path: tuple[str, ...]) -> ModuleType:
    return importlib.import_module(f"expectations.{SUITES[asset_path]}")
