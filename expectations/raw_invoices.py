"""raw.invoices: unique ids, positive amounts, due on or after issue, no absurd amounts."""

from expectations._common import ABSURD_AMOUNT, error, suite, warn

QUERY = """
    select invoice_id, account_id, cast(issued_on as date) as issued_on,
        cast(due_on as date) as due_on, cast(amount as decimal(18, 2)) as amount, _loaded_at
    from raw.invoices
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "raw_invoices",
        [
            error(e.ExpectColumnValuesToNotBeNull, column="invoice_id"),
            error(e.ExpectColumnValuesToBeUnique, column="invoice_id"),
            error(e.ExpectColumnValuesToNotBeNull, column="account_id"),
            error(e.ExpectColumnValuesToBeBetween, column="amount", min_value=0.01),
            warn(e.ExpectColumnValuesToBeBetween, column="amount", max_value=ABSURD_AMOUNT),
            warn(
                e.ExpectColumnPairValuesAToBeGreaterThanB,
                column_A="due_on",
                column_B="issued_on",
                or_equal=True,
            ),
        ],
    )
