"""Promises to pay and payment plans, as rows that point at their calls and collectors.

A promise made by phone is the `promise_to_pay` call itself: same account, collector and
timestamp, and its `action_id`. About one in ten promises comes from the self-service
portal (no collector, no action, a UTC stamp). A payment plan names the collector who
would have agreed it on the phone, or none (self-service) for one in ten.
"""

from __future__ import annotations

import numpy as np

from seeds.generator.accounts import Accounts
from seeds.generator.collectors import Roster
from seeds.generator.reference import OUTCOME
from seeds.generator.window import SECONDS_PER_DAY, Window
from seeds.generator.windows import B91_PLUS, team_of


def promise_rows(
    rng: np.random.Generator,
    actions: dict[str, np.ndarray],
    candidates: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Promises: acct, collector, action_row (-1 = none), local_s, as_utc, due, amount."""
    by_call = np.flatnonzero(
        (actions["outcome"] == OUTCOME["promise_to_pay"]) & (actions["promise_amount"] >= 0)
    )
    portal = ~candidates["via_call"]
    k = int(portal.sum())
    portal_s = candidates["day"][portal] * SECONDS_PER_DAY + rng.integers(7 * 3_600, 86_400, k)
    return {
        "acct": np.concatenate([actions["acct"][by_call], candidates["acct"][portal]]),
        "collector": np.concatenate([actions["collector"][by_call], np.zeros(k, np.int64)]),
        "action_row": np.concatenate([by_call, np.full(k, -1)]),
        "local_s": np.concatenate([actions["local_s"][by_call], portal_s]),
        "as_utc": np.concatenate([actions["as_utc"][by_call], np.ones(k, dtype=bool)]),
        "due": np.concatenate([actions["promise_due"][by_call], candidates["due"][portal]]),
        "amount": np.concatenate(
            [actions["promise_amount"][by_call], candidates["amount"][portal]]
        ),
    }


def plan_collectors(
    rng: np.random.Generator,
    acc: Accounts,
    plans: dict[str, np.ndarray],
    roster: Roster,
    win: Window,
) -> np.ndarray:
    """The collector of each plan (0 = self-service), as for the plan's call."""
    acct = plans["acct"]
    team = team_of(acc.segment[acct], np.full(acct.size, B91_PLUS))
    collector = roster.pick(team, win.month_index(plans["created_on"]), acc.sticky[acct])
    return np.where(rng.random(acct.size) < 0.1, 0, collector)
