"""Which suite checks which asset: asset key path -> suite module."""

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
    ("marts", "fct_account_status"): "marts_fct_account_status",
    ("marts", "fct_cash_kpis"): "marts_fct_cash_kpis",
    ("marts", "fct_roll_rates"): "marts_fct_roll_rates",
}


def suite_module(asset_path: tuple[str, ...]) -> ModuleType:
    return importlib.import_module(f"expectations.{SUITES[asset_path]}")
