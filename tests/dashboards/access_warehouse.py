"""What the access tests add to the tiny warehouse (aging_warehouse.py + marts_warehouse.py):
``marts.dim_accounts`` (who placed each account) and the restricted schema (contacts and
the PII column list, as the dbt models publish them).

Scopes in this warehouse, by hand:
- client ``Acme Bank``: A2, A3; ``O'Brien Recovery``: A5; own book (no client): A1, A4.
- team ``early_stage`` (C1, C3): C1 has events on A1 → accounts {A1}.
- collector ``C2`` (late_stage): events on A2 → queue {A2}.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

ACCOUNTS = ["A1", "A2", "A3", "A4", "A5"]
CLIENT_OF = {"A1": None, "A2": "Acme Bank", "A3": "Acme Bank", "A4": None, "A5": "O'Brien Recovery"}
CONTACTS = [
    # account_id, customer_name, email, phone
    ("A1", "Jane Doe", "jane.doe@example.com", "+1 (555) 010-1234"),
    ("A2", "Acme Debtor", "ad@acme.example", "555-020-5678"),
    ("A3", "Carl Three", None, "555 030 9012"),
    ("A4", "Dana Four", "dana@example.com", None),
    ("A5", "Eve Five", "eve@example.com", "5550403456"),
]
PII = [
    ("restricted", "dim_account_contacts", "customer_name", "name"),
    ("restricted", "dim_account_contacts", "email", "email"),
    ("restricted", "dim_account_contacts", "phone", "phone"),
]
USERS = """
[users."cfo@example.com"]
role = "cfo"

[users."lead@example.com"]
role = "manager"
teams = ["early_stage"]

[users."c2@example.com"]
role = "collector"
collector_id = "C2"

[users."audit@example.com"]
role = "auditor"

[users."viewer@acme.example"]
role = "client_viewer"
client = "Acme Bank"

[users."admin@example.com"]
role = "admin"
"""
# e-mail, role, the accounts it may see
SCOPES = {
    "cfo": ("cfo@example.com", set(ACCOUNTS)),
    "manager": ("lead@example.com", {"A1"}),
    "collector": ("c2@example.com", {"A2"}),
    "auditor": ("audit@example.com", set(ACCOUNTS)),
    "client_viewer": ("viewer@acme.example", {"A2", "A3"}),
    "admin": ("admin@example.com", set(ACCOUNTS)),
}


COLLECTORS = {"C1", "C2", "C3"}
# collectors whose rows a role may see (a client viewer sees whoever worked its accounts)
COLLECTOR_SCOPES = {"manager": {"C1", "C3"}, "collector": {"C2"}}


def write_access(path: Path) -> Path:
    """Add dim_accounts and the restricted schema to the warehouse at ``path``."""
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table marts.dim_accounts (account_id varchar, client varchar,"
            " is_current boolean)"
        )
        con.executemany(
            "insert into marts.dim_accounts values (?, ?, true)", list(CLIENT_OF.items())
        )
        con.execute("create schema restricted")
        con.execute(
            "create table restricted.dim_account_contacts (account_id varchar,"
            " customer_name varchar, email varchar, phone varchar)"
        )
        con.executemany("insert into restricted.dim_account_contacts values (?, ?, ?, ?)", CONTACTS)
        con.execute(
            "create table restricted.pii_columns (schema_name varchar, table_name varchar,"
            " column_name varchar, mask varchar)"
        )
        con.executemany("insert into restricted.pii_columns values (?, ?, ?, ?)", PII)
    return path
