"""raw.disputes (current versions): known channels, verified and resolved after opened."""

from expectations._common import contract_codes, suite
from expectations.metrics import WARN, in_set, not_before, not_null, unique

# The newest version of each dispute (no QUALIFY: the query runs on every engine).
QUERY = """
    select dispute_id, channel, opened_at, verified_at, resolved_at
    from (
        select dispute_id, lower(channel) as channel,
            cast(opened_at as timestamptz) at time zone 'UTC' as opened_at,
            coalesce(cast(verified_at as timestamptz), cast(opened_at as timestamptz))
                at time zone 'UTC' as verified_at,
            coalesce(cast(resolved_at as timestamptz), cast(opened_at as timestamptz))
                at time zone 'UTC' as resolved_at,
            row_number() over (
                partition by dispute_id order by _file_seq desc, _line_number desc
            ) as _newest
        from raw.disputes
    ) as versions
    where _newest = 1
"""

RULES = [
    not_null("dispute_id"),
    unique("dispute_id"),
    # optional: an empty channel (written) is not checked
    in_set("channel", contract_codes("disputes", "channel")),
    not_before("verified_at", "opened_at", key="dispute_id", severity=WARN),
    not_before("resolved_at", "opened_at", key="dispute_id", severity=WARN),
]


def build_suite():
    return suite("raw_disputes", RULES)
