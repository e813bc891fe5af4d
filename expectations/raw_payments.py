"""raw.payments: unique ids, reversals reference a loaded payment, no absurd amounts."""

from expectations._common import ABSURD_AMOUNT, suite
from expectations.metrics import WARN, between, in_set, not_null, unique

QUERY = """
    select payments.payment_id, payments.account_id,
        abs(cast(payments.amount as decimal(18, 2))) as absolute_amount,
        payments.reverses_payment_id is null
            or reversed.payment_id is not null as reversal_is_known,
        payments.reverses_payment_id,
        payments._loaded_at
    from raw.payments as payments
    left join raw.payments as reversed
        on payments.reverses_payment_id = reversed.payment_id
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True

RULES = [
    not_null("payment_id"),
    unique("payment_id"),
    between("absolute_amount", max_value=ABSURD_AMOUNT, severity=WARN),
    in_set(
        "reversal_is_known",
        [True],
        severity=WARN,
        description="a reversal references a loaded payment",
        example="payment_id || ' reverses ' || reverses_payment_id",
    ),
]


def build_suite():
    return suite("raw_payments", RULES)
