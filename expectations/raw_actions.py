"""raw.actions: unique ids, known channels, directions and outcomes (the ingest contract's
code lists), sane call durations."""

from expectations._common import contract_codes, suite
from expectations.metrics import WARN, between, in_set, not_null, unique

QUERY = """
    select action_id, lower(channel) as channel, lower(direction) as direction,
        lower(outcome) as outcome, cast(duration_s as integer) as duration_s, _loaded_at
    from raw.actions
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True

RULES = [
    not_null("action_id"),
    unique("action_id"),
    *(
        in_set(column, contract_codes("actions", column))
        for column in ("channel", "direction", "outcome")
    ),
    # a call longer than 4 hours is almost surely a logging error
    between("duration_s", min_value=0, max_value=14400, severity=WARN),
]


def build_suite():
    return suite("raw_actions", RULES)
