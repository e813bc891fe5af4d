"""raw.adjustments: unique ids, known kinds, no absurd amounts."""

from expectations._common import ABSURD_AMOUNT, contract_codes, error, suite, warn

QUERY = """
    select adjustment_id, account_id, lower(kind) as kind,
        abs(cast(amount as decimal(18, 2))) as absolute_amount, _loaded_at
    from raw.adjustments
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "raw_adjustments",
        [
            error(e.ExpectColumnValuesToNotBeNull, column="adjustment_id"),
            error(e.ExpectColumnValuesToBeUnique, column="adjustment_id"),
            error(
                e.ExpectColumnValuesToBeInSet,
                column="kind",
                value_set=contract_codes("adjustments", "kind"),
            ),
            warn(
                e.ExpectColumnValuesToBeBetween, column="absolute_amount", max_value=ABSURD_AMOUNT
            ),
        ],
    )
