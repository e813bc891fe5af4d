"""Display queries of the Accounts page: the open accounts in the signed-in user's scope
at the latest snapshot, with their contact details from ``restricted.dim_account_contacts``
(masked by the query layer for roles without PII)."""

from __future__ import annotations

import pandas as pd

from dashboards.lib import db

WORKLIST_MARTS = ("fct_account_status",)
CONTACTS = ("restricted", "dim_account_contacts")


def has_contacts() -> bool:
    """True when the warehouse publishes the restricted contact table (any catalog: the
    attached file under DuckDB's query layer, the database on PostgreSQL, where a scoped
    role's catalog query lists its serve_<role> views)."""
    frame = db.query(
        "select count(*) as n from information_schema.tables"
        " where table_schema = ? and table_name = ?",
        CONTACTS,
    )
    return bool(frame["n"].iloc[0])


def worklist(limit: int = 500) -> pd.DataFrame:
    """Open accounts at the latest snapshot, most days past due (then balance) first."""
    contacts = has_contacts()
    contact_columns = (
        "contacts.customer_name, contacts.phone, contacts.email,"
        if contacts
        else "null as customer_name, null as phone, null as email,"
    )
    contact_join = (
        "left join restricted.dim_account_contacts as contacts"
        " on contacts.account_id = status.account_id"
        if contacts
        else ""
    )
    return db.query(
        f"""
        select
            status.account_id,
            {contact_columns}
            status.client,
            status.segment,
            status.balance,
            status.days_past_due,
            status.delinquency_bucket
        from marts.fct_account_status as status
        {contact_join}
        where status.as_of_date = (
                select max(as_of_date) from marts.fct_account_status
            )
            and status.is_open
        order by status.days_past_due desc, status.balance desc, status.account_id
        limit ?
        """,
        (limit,),
    )
