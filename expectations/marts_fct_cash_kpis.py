"""marts.fct_cash_kpis: cash in the marts equals cash in the inputs, month by month.

The input side is recomputed from raw.payments (the landing rows as written: net of
reversals, by the calendar date of received_at as written), not from the dbt models; the
segment and client breakdowns each add up to the `all` row.
"""

from expectations._common import error, suite

QUERY = """
with inputs as (
    select cast(date_trunc('month', cast(substring(received_at, 1, 10) as date)) as date)
            as month_start,
        sum(cast(amount as decimal(18, 2))) as input_cash
    from raw.payments
    group by 1
),
marts as (
    select month as month_start,
        sum(case when dimension = 'all' then cash_collected end) as all_cash,
        sum(case when dimension = 'segment' then cash_collected end) as segment_cash,
        sum(case when dimension = 'client' then cash_collected end) as client_cash
    from marts.fct_cash_kpis
    group by 1
)
select coalesce(marts.month_start, inputs.month_start) as month_start,
    abs(coalesce(marts.all_cash, 0) - coalesce(inputs.input_cash, 0)) as input_difference,
    abs(coalesce(marts.segment_cash, 0) - coalesce(marts.all_cash, 0)) as segment_difference,
    abs(coalesce(marts.client_cash, 0) - coalesce(marts.all_cash, 0)) as client_difference
from marts
full outer join inputs on marts.month_start = inputs.month_start
"""


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "marts_fct_cash_kpis",
        [
            error(e.ExpectColumnValuesToBeBetween, column="input_difference", max_value=0.005),
            error(e.ExpectColumnValuesToBeBetween, column="segment_difference", max_value=0.005),
            error(e.ExpectColumnValuesToBeBetween, column="client_difference", max_value=0.005),
        ],
    )
