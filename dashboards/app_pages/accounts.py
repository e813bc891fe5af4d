"""Accounts (collector, manager): the open accounts to work, with how to reach them.

The latest snapshot's open accounts from ``marts.fct_account_status``, most days past due
first, with name, phone and e-mail from ``restricted.dim_account_contacts``. The query
layer keeps only the signed-in user's accounts (a collector's queue, a manager's teams, a
client's placements) and masks the contact details for roles without PII. Streamlit runs
this file as a page script.
"""

from __future__ import annotations

import streamlit as st

from dashboards.lib import db, formatting, ui
from dashboards.lib import worklist_queries as queries

TITLE = "Accounts"
LIMIT = 500


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    ui.run_page(TITLE, _render_body)


def _render_body() -> None:
    db.require_marts(*queries.WORKLIST_MARTS)
    rows = queries.worklist(LIMIT)
    st.caption(
        "Open accounts at the latest snapshot, most days past due first (at most "
        f"{LIMIT}), from `marts.fct_account_status`; contact details from the restricted "
        "schema, masked unless your role may read them."
    )
    total = sum(rows["balance"], start=0) if len(rows) else 0
    ui.metric_row(
        [
            ui.Tile("Open accounts", formatting.count(len(rows))),
            ui.Tile("Open balance", formatting.money(total)),
        ]
    )
    if rows.empty:
        st.info("No open account in your scope.")
        return
    st.dataframe(rows, hide_index=True, key="worklist_table")
    ui.download(rows, "worklist.csv", "worklist_download")


if __name__ == "__main__":
    render()
