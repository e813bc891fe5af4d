"""raw.payment_plans: unique ids, known frequencies, first installment not before the plan
was made."""

from expectations._common import contract_codes, error, suite, warn

QUERY = """
    select plan_id, cast(created_on as date) as created_on,
        cast(first_due_on as date) as first_due_on, cast(installments as integer) as installments,
        lower(frequency) as frequency, _loaded_at
    from raw.payment_plans
"""

# Rows loaded since the suite last passed are validated (orchestration/defs/quality).
NEW_ROWS_ONLY = True


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "raw_payment_plans",
        [
            error(e.ExpectColumnValuesToNotBeNull, column="plan_id"),
            error(e.ExpectColumnValuesToBeUnique, column="plan_id"),
            error(
                e.ExpectColumnValuesToBeInSet,
                column="frequency",
                value_set=contract_codes("payment_plans", "frequency"),
            ),
            warn(
                e.ExpectColumnValuesToBeBetween, column="installments", min_value=1, max_value=120
            ),
            warn(
                e.ExpectColumnPairValuesAToBeGreaterThanB,
                column_A="first_due_on",
                column_B="created_on",
                or_equal=True,
            ),
        ],
    )
