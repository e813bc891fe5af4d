"""raw.collectors: unique ids, every collector in a team."""

from expectations._common import suite
from expectations.metrics import not_null, unique

QUERY = "select collector_id, name, team from raw.collectors"

RULES = [
    not_null("collector_id"),
    unique("collector_id"),
    not_null("team", example="collector_id"),
]


def build_suite():
    return suite("raw_collectors", RULES)
