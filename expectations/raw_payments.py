"""raw.payments: unique ids, reversals reference a loaded payment, no absurd amounts."""

from expectations._common import ABSURD_AMOUNT, error, suite, warn

QUERY = """
    select payments.payment_id, payments.account_id,
        abs(cast(payments.amount as decimal(18, 2))) as absolute_amount,
        payments.reverses_payment_id is null
            or reversed.payment_id is not null as reversal_is_known,
        payments._loaded_at
    from raw.payments as payments
    left join raw.payments as reversed
        on payments.reverses_payment_id = reversed.payment_id
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "raw_payments",
        [
            error(e.ExpectColumnValuesToNotBeNull, column="payment_id"),
            error(e.ExpectColumnValuesToBeUnique, column="payment_id"),
            warn(
                e.ExpectColumnValuesToBeBetween, column="absolute_amount", max_value=ABSURD_AMOUNT
            ),
            warn(e.ExpectColumnValuesToBeInSet, column="reversal_is_known", value_set=[True]),
        ],
    )
