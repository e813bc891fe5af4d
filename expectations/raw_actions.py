"""raw.actions: unique ids, known channels and outcomes, sane call durations."""

from expectations._common import error, suite, warn

QUERY = """
    select action_id, lower(channel) as channel, lower(direction) as direction,
        cast(duration_s as integer) as duration_s, _loaded_at
    from raw.actions
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "raw_actions",
        [
            error(e.ExpectColumnValuesToNotBeNull, column="action_id"),
            error(e.ExpectColumnValuesToBeUnique, column="action_id"),
            error(
                e.ExpectColumnValuesToBeInSet,
                column="channel",
                value_set=["call", "sms", "email", "letter", "visit"],
            ),
            error(
                e.ExpectColumnValuesToBeInSet, column="direction", value_set=["outbound", "inbound"]
            ),
            # a call longer than 4 hours is almost surely a logging error
            warn(
                e.ExpectColumnValuesToBeBetween, column="duration_s", min_value=0, max_value=14400
            ),
        ],
    )
