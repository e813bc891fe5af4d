"""The collectors: a roster in teams, and who is on duty in which month.

The roster is drawn once per run from its own random stream (so every chunk sees the same
collectors). Each team keeps at least two collectors for the whole window; the others are
hired over time and some leave (written as `active` = false). An account sticks to the
same collector of a team for as long as the team's roster does not change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from seeds.generator import formatting as fmt
from seeds.generator import reference as ref
from seeds.generator.window import Window

COLLECTOR_WIDTH = 5
NEVER = 10**7  # a leaving day that never comes
_TEAM_SHARE = (0.4, 0.3, 0.15, 0.15)


@dataclass(frozen=True)
class Roster:
    """All collectors and, per team and month, the ones on duty (padded table)."""

    number: np.ndarray  # 1-based
    team: np.ndarray  # index into ref.TEAMS
    hired_on: np.ndarray  # days
    left_on: np.ndarray  # days, NEVER = still active
    first: np.ndarray
    last: np.ndarray
    on_duty: np.ndarray  # (teams, months, k) collector numbers
    on_duty_count: np.ndarray  # (teams, months)

    def pick(self, team: np.ndarray, month: np.ndarray, u: np.ndarray) -> np.ndarray:
        """The collector number for each (team, month index, uniform draw)."""
        month = np.clip(month, 0, self.on_duty.shape[1] - 1)
        count = self.on_duty_count[team, month]
        slot = np.minimum((u * count).astype(np.int64), count - 1)
        return self.on_duty[team, month, slot]


def collector_count(accounts: int) -> int:
    """How many collectors a portfolio of this size employs (one per ~1,000 accounts)."""
    return max(12, accounts // 1_000)


def make_roster(rng: np.random.Generator, accounts: int, win: Window) -> Roster:
    """Draw the roster for a portfolio of `accounts` accounts."""
    n = collector_count(accounts)
    counts = np.maximum(2, np.floor(np.array(_TEAM_SHARE) * n).astype(np.int64))
    counts[0] += n - counts.sum()
    team = np.repeat(np.arange(len(ref.TEAMS)), counts)
    core = np.zeros(n, dtype=bool)
    starts = np.cumsum(np.concatenate([[0], counts[:-1]]))
    core[starts] = True
    core[starts + 1] = True

    hired_on = np.where(
        core,
        win.first_day - rng.integers(200, 3_000, n),
        rng.integers(win.first_day - 1_500, max(win.last_day - 60, win.first_day - 1_499), n),
    )
    earliest_leave = np.maximum(hired_on + 90, win.first_day)
    can_leave = ~core & (earliest_leave < win.last_day)
    leaves = can_leave & (rng.random(n) < 0.12)
    if not leaves.any() and can_leave.any():  # someone has always left: `active` = false
        leaves[np.flatnonzero(can_leave)[-1]] = True
    leave_day = earliest_leave + (rng.random(n) * np.maximum(win.last_day - earliest_leave, 1))
    left_on = np.where(leaves, leave_day.astype(np.int64), NEVER)
    first = rng.integers(0, len(ref.FIRST_NAMES), n)
    last = rng.integers(0, len(ref.LAST_NAMES), n)
    number = np.arange(1, n + 1, dtype=np.int64)

    month_first = win.month_start[:-1]
    month_last = win.month_start[1:] - 1
    on = (hired_on[None, :] <= month_first[:, None]) & (left_on[None, :] > month_last[:, None])
    teams = len(ref.TEAMS)
    width = int(max(counts))
    table = np.zeros((teams, win.months, width), dtype=np.int64)
    count = np.zeros((teams, win.months), dtype=np.int64)
    for g in range(teams):  # a handful of teams, not rows
        members = on & (team == g)[None, :]
        count[g] = members.sum(axis=1)
        order = np.argsort(~members, axis=1, kind="stable")[:, :width]
        table[g] = number[order]
    return Roster(number, team, hired_on, left_on, first, last, table, count)


def collector_ids(numbers: np.ndarray) -> pa.Array:
    """Collector ids: COL-00001; 0 (automated) gives null."""
    ids = pc.binary_join_element_wise("COL", fmt.padded(numbers, COLLECTOR_WIDTH), "-")
    return pc.if_else(pa.array(numbers > 0), ids, pa.nulls(len(ids), pa.string()))


def roster_table(roster: Roster) -> pa.Table:
    """collectors.csv as contract text columns."""
    name = pc.binary_join_element_wise(
        fmt.labels(roster.first, [f for f, _ in ref.FIRST_NAMES]),
        fmt.labels(roster.last, [name for name, _ in ref.LAST_NAMES]),
        " ",
    )
    return pa.table(
        {
            "collector_id": collector_ids(roster.number),
            "name": name,
            "team": fmt.labels(roster.team, ref.TEAMS),
            "hired_on": fmt.dates(roster.hired_on),
            "active": fmt.labels((roster.left_on == NEVER).astype(np.int64), ("false", "true")),
        }
    )
