"""Disputes: opened by a `dispute` outcome, later verified and/or resolved.

The first action with outcome `dispute` on an account opens its dispute (same timestamp).
About 65% are verified 3-30 days later and most of those resolved (`upheld` or
`corrected`); the others are withdrawn without verification or stay open. Verification and
resolution are system stamps (UTC). The landing batches restate a dispute: it appears in
the month it was opened with what was known by that month's end, and again in each later
month that added a verified_at or resolved_at.
"""

from __future__ import annotations

import numpy as np

from seeds.generator.reference import DISPUTE_OUTCOMES, OUTCOME
from seeds.generator.window import SECONDS_PER_DAY, Window

UPHELD, CORRECTED, WITHDRAWN = range(len(DISPUTE_OUTCOMES))
NOT_YET = -1


def open_disputes(
    rng: np.random.Generator, actions: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """One dispute per account with a `dispute` outcome (actions sorted by account, time)."""
    hit = np.flatnonzero(actions["outcome"] == OUTCOME["dispute"])
    _, first = np.unique(actions["acct"][hit], return_index=True)
    rows = hit[first]
    k = rows.size
    opened = actions["local_s"][rows]
    verified = rng.random(k) < 0.65
    verified_s = (opened // SECONDS_PER_DAY + rng.integers(3, 31, k)) * SECONDS_PER_DAY
    verified_s += _office_hours(rng, k)
    verified_s = np.where(verified, np.maximum(verified_s, opened + 3_600), NOT_YET)
    resolve_verified = verified & (rng.random(k) < 0.85)
    resolve_other = ~verified & (rng.random(k) < 0.6)
    after_verify = verified_s + rng.integers(0, 21, k) * SECONDS_PER_DAY + 3_600
    withdrawn_at = (opened // SECONDS_PER_DAY + rng.integers(5, 46, k)) * SECONDS_PER_DAY
    withdrawn_at += _office_hours(rng, k)
    resolved_s = np.where(
        resolve_verified,
        after_verify,
        np.where(resolve_other, np.maximum(withdrawn_at, opened + 3_600), NOT_YET),
    )
    outcome = np.where(
        resolve_verified,
        np.where(rng.random(k) < 0.75, UPHELD, CORRECTED),
        np.where(resolve_other, WITHDRAWN, NOT_YET),
    )
    return {
        "acct": actions["acct"][rows],
        "opened_s": opened,
        "opened_as_utc": actions["as_utc"][rows],
        "verified_s": verified_s,
        "resolved_s": resolved_s,
        "outcome": outcome,
    }


def _office_hours(rng: np.random.Generator, k: int) -> np.ndarray:
    return rng.integers(10 * 3_600, 17 * 3_600, k)


def pause_until(disputes: dict[str, np.ndarray]) -> np.ndarray:
    """Local time collections may resume: verified, else resolved, else never."""
    never = np.iinfo(np.int64).max
    return np.where(
        disputes["verified_s"] >= 0,
        disputes["verified_s"],
        np.where(disputes["resolved_s"] >= 0, disputes["resolved_s"], never),
    )


def _month_of(win: Window, local_s: np.ndarray) -> np.ndarray:
    return win.month_index(np.maximum(local_s, 0) // SECONDS_PER_DAY)


def dispute_versions(disputes: dict[str, np.ndarray], win: Window) -> dict[str, np.ndarray]:
    """One row per (dispute, batch month): the opening month, then each month adding a date.

    Returns the dispute columns plus `month` (file month index) and `version` (0, 1, 2),
    with verified/resolved set to NOT_YET when not known by that month's end.
    """
    last_s = (win.last_day + 1) * SECONDS_PER_DAY
    known_v = (disputes["verified_s"] >= 0) & (disputes["verified_s"] < last_s)
    known_r = (disputes["resolved_s"] >= 0) & (disputes["resolved_s"] < last_s)
    m_open = win.month_index(disputes["opened_s"] // SECONDS_PER_DAY)
    m_ver = np.where(known_v, _month_of(win, disputes["verified_s"]), -1)
    m_res = np.where(known_r, _month_of(win, disputes["resolved_s"]), -1)

    versions = []
    for version, month, show in (
        (0, m_open, np.ones(m_open.size, dtype=bool)),
        (1, m_ver, known_v & (m_ver > m_open)),
        (2, m_res, known_r & (m_res > np.maximum(m_open, m_ver))),
    ):
        rows = np.flatnonzero(show)
        at = month[rows]
        v_ok = known_v[rows] & (m_ver[rows] <= at)
        r_ok = known_r[rows] & (m_res[rows] <= at)
        versions.append(
            {
                "row": rows,
                "month": at,
                "version": np.full(rows.size, version),
                "verified_s": np.where(v_ok, disputes["verified_s"][rows], NOT_YET),
                "resolved_s": np.where(r_ok, disputes["resolved_s"][rows], NOT_YET),
                "outcome": np.where(r_ok, disputes["outcome"][rows], NOT_YET),
            }
        )
    out = {key: np.concatenate([v[key] for v in versions]) for key in versions[0]}
    for key in ("acct", "opened_s", "opened_as_utc"):
        out[key] = disputes[key][out["row"]]
    return out
