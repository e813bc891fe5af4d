"""The strategy marts on a generated portfolio (conftest's session fixture
``generated_build``): the generator put every account in the arm the warehouse assigns,
every row names the digest of the strategy seeds in the repo, and the worklist never
suggests a contact the compliance history forbids."""

from __future__ import annotations

import duckdb
import pytest

from arrears.strategy_digest import strategy_seed_sha256
from seeds.generator.treatment import assign_arm

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("generated")]


@pytest.fixture(scope="module")
def marts(generated_build):
    _, warehouse, outcome = generated_build
    assert outcome.success, outcome.reason
    with duckdb.connect(str(warehouse), read_only=True) as con:
        yield con


def test_generator_and_warehouse_assign_the_same_arm(marts):
    rows = marts.execute(
        "select distinct account_id, strategy_id, arm from marts.fct_strategy_assignment"
    ).fetchall()
    assert len(rows) > 200
    for account_id, strategy_id, arm in rows:
        expected = assign_arm(account_id)
        assert (expected.strategy_id, expected.arm) == (strategy_id, arm), account_id
    arms = {arm for _, _, arm in rows}
    assert arms == {"champion", "challenger"}


def test_every_row_names_the_seeds_in_the_repo(marts):
    digests = {
        row[0]
        for table in ("fct_strategy_assignment", "fct_worklist", "dim_strategy_rules")
        for row in marts.execute(
            f"select distinct strategy_seed_sha256 from marts.{table}"
        ).fetchall()
    }
    assert digests == {strategy_seed_sha256()}


def test_worklist_never_suggests_a_forbidden_contact(marts):
    # an account that said an attorney represents it, or asked in writing to stop, gets no
    # allowed contact; every blocked row says why
    forbidden = marts.execute(
        """
        select w.account_id, w.channel
        from marts.fct_worklist as w
        where not w.is_blocked and exists (
            select 1 from marts.fct_action_history as h
            where h.account_id = w.account_id
                and (h.outcome = 'attorney_represented'
                     or (h.outcome = 'cease_request' and h.channel in ('letter', 'email')))
        )
        """
    ).fetchall()
    assert forbidden == []
    unexplained = marts.execute(
        "select count(*) from marts.fct_worklist where is_blocked and blocked_reason is null"
    ).fetchone()[0]
    assert unexplained == 0
    ranks = marts.execute(
        """
        select count(*) from (
            select team, collector_id, count(*) as n, max(queue_rank) as top
            from marts.fct_worklist where not is_blocked group by all
        ) where n != top
        """
    ).fetchone()[0]
    assert ranks == 0
