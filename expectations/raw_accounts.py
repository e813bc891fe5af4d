"""raw.accounts: one current version per account, known codes, opened_on a date."""

from arrears.ingest.contract import US_STATES
from expectations._common import contract_codes, suite
from expectations.metrics import WARN, in_set, not_null, unique

# The newest version of each account (no QUALIFY: the query runs on every engine).
QUERY = """
    select account_id, state, segment, opened_on, _file_seq, _line_number
    from (
        select account_id, upper(state) as state, lower(segment) as segment,
            cast(opened_on as date) as opened_on, _file_seq, _line_number,
            row_number() over (
                partition by account_id order by _file_seq desc, _line_number desc
            ) as _newest
        from raw.accounts
    ) as versions
    where _newest = 1
"""

RULES = [
    not_null("account_id"),
    unique("account_id"),
    in_set("segment", contract_codes("accounts", "segment")),
    not_null("opened_on", example="account_id"),
    in_set(
        "state",
        sorted(US_STATES),
        severity=WARN,
        description="state is a US state or territory code",
    ),
]


def build_suite():
    return suite("raw_accounts", RULES)
