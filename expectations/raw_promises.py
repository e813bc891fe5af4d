"""raw.promises: unique ids, due on or after the day they were made."""

from expectations._common import ABSURD_AMOUNT, error, suite, warn

QUERY = """
    select promise_id, cast(substring(created_at, 1, 10) as date) as created_on,
        cast(due_on as date) as due_on, cast(amount as decimal(18, 2)) as amount, _loaded_at
    from raw.promises
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "raw_promises",
        [
            error(e.ExpectColumnValuesToNotBeNull, column="promise_id"),
            error(e.ExpectColumnValuesToBeUnique, column="promise_id"),
            warn(e.ExpectColumnValuesToBeBetween, column="amount", max_value=ABSURD_AMOUNT),
            warn(
                e.ExpectColumnPairValuesAToBeGreaterThanB,
                column_A="due_on",
                column_B="created_on",
                or_equal=True,
            ),
        ],
    )
