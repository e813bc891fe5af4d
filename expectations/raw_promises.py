"""raw.promises: unique ids, due on or after the day they were made."""

from expectations._common import ABSURD_AMOUNT, suite
from expectations.metrics import WARN, between, not_before, not_null, unique

QUERY = """
    select promise_id, cast(substring(created_at, 1, 10) as date) as created_on,
        cast(due_on as date) as due_on, cast(amount as decimal(18, 2)) as amount, _loaded_at
    from raw.promises
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True

RULES = [
    not_null("promise_id"),
    unique("promise_id"),
    between("amount", max_value=ABSURD_AMOUNT, severity=WARN),
    not_before("due_on", "created_on", key="promise_id", severity=WARN),
]


def build_suite():
    return suite("raw_promises", RULES)
