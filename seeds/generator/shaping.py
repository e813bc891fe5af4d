"""Make the activity log behave like a mostly compliant agency, with a few slips.

Random activity breaks the Reg F / FDCPA rules far too often. This pass thins it the way
a compliant shop would, keeping a small share of breaches for the compliance marts:

- after a `cease_request` or `attorney_represented`: outbound contact stops (on 5% of
  accounts, a tenth of the contacts slip through);
- after a telephone conversation: no outbound call for 7 days (1% slip);
- at most 7 call attempts in 7 days, and in Massachusetts 2 (5% / 25% slip);
- while a dispute is open and unverified: outbound collection pauses (2% slip);
- bursts of 8-10 calls in 5 days on ~0.3% of past-due windows;
- letters: `validation_notice` after the first outbound communication (a few late),
  `verification` when a dispute is verified, `cease_acknowledgement` after a cease request.

A promise or payment-plan call that would break a spacing rule becomes an inbound call
(the consumer called back) instead of disappearing. Actions are kept sorted by account
and local time.
"""

from __future__ import annotations

import numpy as np

from seeds.generator import actions as act
from seeds.generator.accounts import Accounts
from seeds.generator.collectors import Roster
from seeds.generator.disputes import open_disputes, pause_until
from seeds.generator.reference import OUTCOME, RPC_OUTCOMES, STATE_CODES, TEMPLATE
from seeds.generator.window import SECONDS_PER_DAY, Window

_RPC = np.array([OUTCOME[name] for name in RPC_OUTCOMES])
_MA = STATE_CODES.index("MA")
_KEY = 1 << 20  # > any day number; account * _KEY + day orders by account, then day


def shape(
    rng: np.random.Generator,
    acc: Accounts,
    actions: dict[str, np.ndarray],
    windows: dict[str, np.ndarray],
    roster: Roster,
    win: Window,
    force_examples: bool,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Return the shaped actions (sorted) and the disputes they opened."""
    # a few accounts are worked sloppily: some of their breaches are not caught
    sloppy = rng.random((2, acc.n)) < 0.05
    a = sort(actions)
    a = _stop_after(rng, a, OUTCOME["cease_request"], sloppy[0])
    a = _stop_after(rng, a, OUTCOME["attorney_represented"], sloppy[1])
    a = _space_after_conversation(rng, a, keep=0.01)
    a = _limit_attempts(rng, acc, a)
    disputes = open_disputes(rng, a)
    a = _pause_disputed(rng, a, disputes, keep=0.02)

    verified = disputes["verified_s"] >= 0
    extra = [
        act.burst_calls(rng, acc, windows, roster, win, force=force_examples),
        act.letters(
            rng,
            disputes["acct"][verified],
            disputes["verified_s"][verified] // SECONDS_PER_DAY,
            TEMPLATE["verification"],
        ),
    ]
    # what is added must respect a cease or attorney request too
    added = sort(act.concat(extra))
    added = _stop_after(rng, added, OUTCOME["cease_request"], sloppy[0], reference=a)
    added = _stop_after(rng, added, OUTCOME["attorney_represented"], sloppy[1], reference=a)
    a = sort(act.concat([a, added]))
    a = sort(act.concat([a, _cease_acknowledgements(rng, a)]))
    a = sort(act.concat([a, _validation_notices(rng, a)]))
    return a, disputes


def sort(a: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Order actions by account, local time, channel, direction (one packed int64 key)."""
    if a["acct"].size == 0:
        return a
    since = a["local_s"] - a["local_s"].min()  # < 2**30 s (34 years)
    key = (a["acct"].astype(np.int64) << 34) | (since << 4) | (a["channel"] << 1) | a["direction"]
    return act.take(a, np.argsort(key, kind="stable"))


def _first_per_account(a: dict[str, np.ndarray], hit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(accounts, row of their first hit) for sorted actions."""
    rows = np.flatnonzero(hit)
    accounts, first = np.unique(a["acct"][rows], return_index=True)
    return accounts, rows[first]


def _per_row(a, accounts, values, missing):
    """Broadcast a per-account value onto action rows (`missing` where the account has none)."""
    out = np.full(a["acct"].size, missing, dtype=np.int64)
    if accounts.size == 0:
        return out
    pos = np.minimum(np.searchsorted(accounts, a["acct"]), accounts.size - 1)
    match = accounts[pos] == a["acct"]
    out[match] = values[pos[match]]
    return out


def _thin(rng, a, breach: np.ndarray, keep: float) -> dict[str, np.ndarray]:
    """Drop breaching rows (but `keep` of them); protected calls become inbound instead."""
    slip = rng.random(breach.size) < keep
    fix = breach & ~slip
    flip = fix & a["protected"]
    a = dict(a)
    a["direction"] = np.where(flip, act.INBOUND, a["direction"])
    return act.take(a, ~(fix & ~flip))


def _stop_after(rng, a, outcome: int, sloppy: np.ndarray, reference=None):
    """No outbound contact after the first `outcome` (a tenth of a sloppy account's slips).

    The first `outcome` is looked up in `reference` (default: `a` itself).
    """
    ref_a = a if reference is None else reference
    accounts, rows = _first_per_account(ref_a, ref_a["outcome"] == outcome)
    since = _per_row(a, accounts, ref_a["local_s"][rows], np.iinfo(np.int64).max)
    breach = (a["local_s"] > since) & (a["direction"] == act.OUTBOUND)
    slip = sloppy[a["acct"]] & (rng.random(breach.size) < 0.1)
    return _thin(rng, a, breach & ~slip, keep=0.0)


def _space_after_conversation(rng, a, keep: float):
    """No outbound call within 7 days (the conversation's day is day 1) of a conversation."""
    conversation = (a["channel"] == act.CALL) & np.isin(a["outcome"], _RPC)
    base = a["acct"].astype(np.int64) * (_KEY * SECONDS_PER_DAY)
    marked = np.where(conversation, base + a["local_s"], base - 1)
    running = np.maximum.accumulate(marked) if marked.size else marked
    previous = np.concatenate([[np.iinfo(np.int64).min], running[:-1]])
    has = previous >= base
    last_day = (previous - base) // SECONDS_PER_DAY
    day = a["local_s"] // SECONDS_PER_DAY
    call_out = (a["channel"] == act.CALL) & (a["direction"] == act.OUTBOUND)
    breach = call_out & has & (day - last_day <= 6)
    return _thin(rng, a, breach, keep)


def _limit_attempts(rng, acc: Accounts, a):
    """At most 7 call attempts in 7 local days (Massachusetts: 2)."""
    attempt = np.flatnonzero((a["channel"] == act.CALL) & (a["direction"] == act.OUTBOUND))
    day = a["local_s"][attempt] // SECONDS_PER_DAY
    key = a["acct"][attempt].astype(np.int64) * _KEY + day
    prior = np.arange(attempt.size) - np.searchsorted(key, key - 6, side="left")
    limit = np.where(acc.state[a["acct"][attempt]] == _MA, 2, 7)
    over = prior >= limit
    keep = np.where(limit == 2, 0.25, 0.05)
    slip = rng.random(attempt.size) < keep
    breach = np.zeros(a["acct"].size, dtype=bool)
    breach[attempt[over & ~slip]] = True
    return _thin(rng, a, breach, keep=0.0)


def _pause_disputed(rng, a, disputes, keep: float):
    order = np.argsort(disputes["acct"], kind="stable")
    accounts = disputes["acct"][order]
    opened = _per_row(a, accounts, disputes["opened_s"][order], np.iinfo(np.int64).max)
    until = _per_row(a, accounts, pause_until(disputes)[order], np.iinfo(np.int64).max)
    breach = (a["direction"] == act.OUTBOUND) & (a["local_s"] > opened) & (a["local_s"] < until)
    return _thin(rng, a, breach, keep)


def _cease_acknowledgements(rng, a):
    accounts, rows = _first_per_account(a, a["outcome"] == OUTCOME["cease_request"])
    send = rng.random(accounts.size) < 0.9
    day = a["local_s"][rows] // SECONDS_PER_DAY + rng.integers(1, 6, accounts.size)
    return act.letters(rng, accounts[send], day[send], TEMPLATE["cease_acknowledgement"])


def _validation_notices(rng, a):
    """The validation notice, mostly within 0-4 days of the first outbound communication."""
    accounts, rows = _first_per_account(a, a["direction"] == act.OUTBOUND)
    k = accounts.size
    lags = np.array([0, 1, 2, 3, 4, -1])
    lag = lags[rng.choice(lags.size, size=k, p=[0.45, 0.25, 0.15, 0.08, 0.04, 0.03])]
    lag = np.where(lag < 0, rng.integers(9, 21, k), lag)
    day = a["local_s"][rows] // SECONDS_PER_DAY + lag
    return act.letters(rng, accounts, day, TEMPLATE["validation_notice"])
