"""raw.invoices: unique ids, positive amounts, due on or after issue, no absurd amounts."""

from expectations._common import ABSURD_AMOUNT, suite
from expectations.metrics import WARN, between, not_before, not_null, unique

QUERY = """
    select invoice_id, account_id, cast(issued_on as date) as issued_on,
        cast(due_on as date) as due_on, cast(amount as decimal(18, 2)) as amount, _loaded_at
    from raw.invoices
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True

RULES = [
    not_null("invoice_id"),
    unique("invoice_id"),
    not_null("account_id", example="invoice_id"),
    between("amount", min_value=0.01),
    between("amount", max_value=ABSURD_AMOUNT, severity=WARN),
    not_before("due_on", "issued_on", key="invoice_id", severity=WARN),
]


def build_suite():
    return suite("raw_invoices", RULES)
