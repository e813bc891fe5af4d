"""raw.disputes (current versions): known channels, verified and resolved after opened."""

from expectations._common import contract_codes, error, suite, warn

QUERY = """
    select dispute_id, lower(channel) as channel,
        cast(opened_at as timestamptz) at time zone 'UTC' as opened_at,
        coalesce(cast(verified_at as timestamptz), cast(opened_at as timestamptz))
            at time zone 'UTC' as verified_at,
        coalesce(cast(resolved_at as timestamptz), cast(opened_at as timestamptz))
            at time zone 'UTC' as resolved_at
    from raw.disputes
    qualify row_number() over (
        partition by dispute_id order by _file_seq desc, _line_number desc) = 1
"""


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "raw_disputes",
        [
            error(e.ExpectColumnValuesToNotBeNull, column="dispute_id"),
            error(e.ExpectColumnValuesToBeUnique, column="dispute_id"),
            # optional: an empty channel (written) is not checked
            error(
                e.ExpectColumnValuesToBeInSet,
                column="channel",
                value_set=contract_codes("disputes", "channel"),
            ),
            warn(
                e.ExpectColumnPairValuesAToBeGreaterThanB,
                column_A="verified_at",
                column_B="opened_at",
                or_equal=True,
            ),
            warn(
                e.ExpectColumnPairValuesAToBeGreaterThanB,
                column_A="resolved_at",
                column_B="opened_at",
                or_equal=True,
            ),
        ],
    )
