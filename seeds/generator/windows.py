"""When an account is worked by collections, and which payments a promise came before.

From the ledger's cycle matrices this derives *collection windows*: spans of days during
which an account is past due (with a severity bucket, and none while a payment plan is
kept), a light reminder span for a statement paid late, and recovery spans after a
charge-off. It also picks the promise
candidates: collection payments preceded by a promise (kept or partial) and past-due
cycles without payment that get a promise anyway (broken).
"""

from __future__ import annotations

import numpy as np

from seeds.generator.accounts import Accounts
from seeds.generator.ledger import RECOVERY, REGULAR, SETTLE_PAY, Ledger
from seeds.generator.window import Window

LIGHT, B1_30, B31_60, B61_90, B91_PLUS, RECOVERING = range(6)
EARLY_TEAM, LATE_TEAM, RECOVERY_TEAM, COMMERCIAL_TEAM = range(4)


def collection_windows(acc: Accounts, led: Ledger, win: Window) -> dict[str, np.ndarray]:
    """Spans of collections activity: acct, start, end (days, inclusive), bucket, team."""
    n, months = led.dpd.shape
    issue = led.issue
    close = issue + 29
    cur = led.dpd
    prev = np.concatenate([np.zeros((n, 1), np.int64), cur[:, :-1]], axis=1)
    cycle = np.broadcast_to(np.arange(months), (n, months))
    acct = np.broadcast_to(np.arange(n)[:, None], (n, months))
    wo_cycle = led.wo_cycle[:, None]
    wo_day = led.wo_day[:, None]

    # past due during the cycle
    hard = (cycle <= wo_cycle) & ((cur > 0) | (prev > 0))
    start = np.where(prev > 0, issue, np.maximum(issue, close - cur + 1))
    paid_end = np.where(led.resolved_day >= 0, led.resolved_day - 1, close)
    end = np.where(cycle == wo_cycle, wo_day, np.where(cur > 0, close, paid_end))
    severity = np.maximum(cur, np.where(prev > 0, prev + 15, 0))
    bucket = np.select(
        [severity <= 30, severity <= 60, severity <= 90], [B1_30, B31_60, B61_90], B91_PLUS
    )
    hard_w = _pack(hard, acct, start, end, bucket)

    # a statement paid late, while the account was otherwise current
    light = (led.late_due >= 0) & (prev == 0) & (cur == 0)
    light_w = _pack(light, acct, led.late_due + 1, led.late_paid - 1, np.full((n, months), LIGHT))

    # after a charge-off: recovery work for 8 cycles, then only on some accounts
    since = cycle - wo_cycle
    keep_on = (acc.sticky < 0.3)[:, None]
    recovering = (since >= 1) & ((since <= 8) | keep_on)
    rec_start = np.maximum(issue, wo_day + 1)
    rec_w = _pack(recovering, acct, rec_start, close, np.full((n, months), RECOVERING))

    windows = {
        k: np.concatenate([hard_w[k], light_w[k], rec_w[k]]) for k in ("acct", "start", "end")
    }
    windows["bucket"] = np.concatenate([hard_w["bucket"], light_w["bucket"], rec_w["bucket"]])
    windows["end"] = np.minimum(windows["end"], win.last_day)
    # no dunning while a payment plan is being kept
    plan_start = led.plan_start[windows["acct"]]
    plan_end = led.plan_end[windows["acct"]]
    on_plan = (plan_start >= 0) & (windows["bucket"] != RECOVERING)
    after = on_plan & (windows["start"] >= plan_start)
    windows["start"] = np.where(after, np.maximum(windows["start"], plan_end + 1), windows["start"])
    before = on_plan & ~after & (windows["end"] >= plan_start)
    windows["end"] = np.where(before, plan_start - 1, windows["end"])
    keep = windows["end"] >= windows["start"]
    windows = {k: v[keep] for k, v in windows.items()}
    windows["team"] = team_of(acc.segment[windows["acct"]], windows["bucket"])
    return windows


def _pack(mask, acct, start, end, bucket) -> dict[str, np.ndarray]:
    return {
        "acct": acct[mask],
        "start": start[mask],
        "end": end[mask],
        "bucket": bucket[mask],
    }


def team_of(segment: np.ndarray, bucket: np.ndarray) -> np.ndarray:
    """The team that works an account: commercial, else by severity."""
    by_bucket = np.array([EARLY_TEAM, EARLY_TEAM, EARLY_TEAM, LATE_TEAM, LATE_TEAM, RECOVERY_TEAM])
    return np.where(segment == 1, COMMERCIAL_TEAM, by_bucket[bucket])


def promise_candidates(
    rng: np.random.Generator, acc: Accounts, led: Ledger, windows: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Promises to create: acct, day (created), due, amount, via_call, bucket.

    Kept/partial ones precede a collection payment; broken ones sit in a past-due window
    with no payment. `via_call` False = made on the self-service portal (no action).
    """
    pay = led.payments
    purpose_ok = np.isin(pay["purpose"], [REGULAR, SETTLE_PAY, RECOVERY])
    cand = np.flatnonzero(pay["collected"] & purpose_ok & (pay["amount"] > 0))
    draw = rng.random(cand.size)
    cand = cand[draw < 0.65]
    k = cand.size
    pay_day = pay["day"][cand]
    created = pay_day - rng.integers(1, 11, k)
    due = np.maximum(pay_day + rng.integers(-3, 2, k), created + 1)
    partial = rng.random(k) < 0.2
    amount = np.where(
        partial,
        pay["amount"][cand] * rng.integers(11_500, 16_000, k) // 10_000,
        pay["amount"][cand],
    )
    recovery = pay["purpose"][cand] == RECOVERY
    kept = {
        "acct": pay["acct"][cand],
        "day": created,
        "due": due,
        "amount": amount,
        "bucket": np.where(recovery, RECOVERING, B61_90),
    }

    # broken: past-due windows with nothing paid in them
    hard = (windows["bucket"] >= B1_30) & (windows["bucket"] <= B91_PLUS)
    length = windows["end"] - windows["start"] + 1
    pick = np.flatnonzero(hard & (length >= 3) & (rng.random(hard.size) < 0.2))
    acct = windows["acct"][pick]
    day = windows["start"][pick] + (rng.random(pick.size) * length[pick]).astype(np.int64)
    cycle_balance = _balance_at(led, acct, day)
    share = rng.integers(2_000, 10_001, pick.size)
    amount_b = np.maximum(cycle_balance * share // 10_000, 1_000)
    broken = {
        "acct": acct,
        "day": day,
        "due": day + rng.integers(3, 15, pick.size),
        "amount": amount_b,
        "bucket": windows["bucket"][pick],
    }
    out = {key: np.concatenate([kept[key], broken[key]]) for key in kept}
    out["via_call"] = rng.random(out["acct"].size) >= 0.1
    return out


def _balance_at(led: Ledger, acct: np.ndarray, day: np.ndarray) -> np.ndarray:
    cycle = (led.issue[acct] <= day[:, None]).sum(axis=1) - 1
    prior = np.maximum(cycle - 1, 0)
    return np.maximum(led.balance[acct, prior], 0)
