"""raw.collectors: unique ids, every collector in a team."""

from expectations._common import error, suite

QUERY = "select collector_id, name, team from raw.collectors"


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "raw_collectors",
        [
            error(e.ExpectColumnValuesToNotBeNull, column="collector_id"),
            error(e.ExpectColumnValuesToBeUnique, column="collector_id"),
            error(e.ExpectColumnValuesToNotBeNull, column="team"),
        ],
    )
