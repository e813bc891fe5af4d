"""raw.actions: unique ids, known channels, directions and outcomes (the ingest contract's
code lists), sane call durations."""

from expectations._common import contract_codes, error, suite, warn

QUERY = """
    select action_id, lower(channel) as channel, lower(direction) as direction,
        lower(outcome) as outcome, cast(duration_s as integer) as duration_s, _loaded_at
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
            *(
                error(
                    e.ExpectColumnValuesToBeInSet,
                    column=column,
                    value_set=contract_codes("actions", column),
                )
                for column in ("channel", "direction", "outcome")
            ),
            # a call longer than 4 hours is almost surely a logging error
            warn(
                e.ExpectColumnValuesToBeBetween, column="duration_s", min_value=0, max_value=14400
            ),
        ],
    )
