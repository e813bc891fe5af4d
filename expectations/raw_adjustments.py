"""raw.adjustments: unique ids, known kinds, no absurd amounts."""

from expectations._common import ABSURD_AMOUNT, contract_codes, suite
from expectations.metrics import WARN, between, in_set, not_null, unique

QUERY = """
    select adjustment_id, account_id, lower(kind) as kind,
        abs(cast(amount as decimal(18, 2))) as absolute_amount, _loaded_at
    from raw.adjustments
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True

RULES = [
    not_null("adjustment_id"),
    unique("adjustment_id"),
    in_set("kind", contract_codes("adjustments", "kind")),
    between("absolute_amount", max_value=ABSURD_AMOUNT, severity=WARN),
]


def build_suite():
    return suite("raw_adjustments", RULES)
