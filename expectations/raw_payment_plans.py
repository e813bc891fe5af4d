"""raw.payment_plans: unique ids, known frequencies, first installment not before the plan
was made."""

from expectations._common import contract_codes, suite
from expectations.metrics import WARN, between, in_set, not_before, not_null, unique

QUERY = """
    select plan_id, cast(created_on as date) as created_on,
        cast(first_due_on as date) as first_due_on, cast(installments as integer) as installments,
        lower(frequency) as frequency, _loaded_at
    from raw.payment_plans
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True

RULES = [
    not_null("plan_id"),
    unique("plan_id"),
    in_set("frequency", contract_codes("payment_plans", "frequency")),
    between("installments", min_value=1, max_value=120, severity=WARN),
    not_before("first_due_on", "created_on", key="plan_id", severity=WARN),
]


def build_suite():
    return suite("raw_payment_plans", RULES)
