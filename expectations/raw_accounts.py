"""raw.accounts: one current version per account, known codes, opened_on a date."""

from expectations._common import contract_codes, error, suite, warn
from orchestration.ingest.contract import US_STATES

QUERY = """
    select account_id, upper(state) as state, lower(segment) as segment,
        cast(opened_on as date) as opened_on, _file_seq, _line_number
    from raw.accounts
    qualify row_number() over (
        partition by account_id order by _file_seq desc, _line_number desc) = 1
"""


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "raw_accounts",
        [
            error(e.ExpectColumnValuesToNotBeNull, column="account_id"),
            error(e.ExpectColumnValuesToBeUnique, column="account_id"),
            error(
                e.ExpectColumnValuesToBeInSet,
                column="segment",
                value_set=contract_codes("accounts", "segment"),
            ),
            error(e.ExpectColumnValuesToNotBeNull, column="opened_on"),
            warn(e.ExpectColumnValuesToBeInSet, column="state", value_set=sorted(US_STATES)),
        ],
    )
