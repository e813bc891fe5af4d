"""Typed rows of a chunk to contract tables, each split into its monthly batch files.

Every builder drops what falls after the window (by the date *as written*: a UTC stamp can
land on the next day), gives ids (PREFIX-<account number>-<sequence in the account>),
sorts rows by batch month, then time, then account, and returns the text table with, per
row, the index of its batch file (the window's month index).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from seeds.generator import formatting as fmt
from seeds.generator import reference as ref
from seeds.generator.accounts import Accounts
from seeds.generator.collectors import collector_ids
from seeds.generator.timezones import localize
from seeds.generator.window import SECONDS_PER_DAY, Window


@dataclass(frozen=True)
class Batch:
    """Rows of one entity for one chunk: text table and the batch-file index of each row."""

    table: pa.Table
    file_index: np.ndarray


@dataclass(frozen=True)
class Stamps:
    """Event instants: local wall time, UTC, and whether it is written in UTC."""

    wall: np.ndarray
    utc: np.ndarray
    as_utc: np.ndarray

    @property
    def written_day(self) -> np.ndarray:
        return np.where(self.as_utc, self.utc, self.wall) // SECONDS_PER_DAY

    def take(self, rows: np.ndarray) -> Stamps:
        return Stamps(self.wall[rows], self.utc[rows], self.as_utc[rows])

    def text(self) -> pa.Array:
        return fmt.timestamps(self.wall, self.utc, self.as_utc)


@dataclass(frozen=True)
class Keys:
    """The chunk's account numbers as text, looked up by account position."""

    digits: pa.Array
    ids: pa.Array

    @classmethod
    def of(cls, acc: Accounts) -> Keys:
        digits = fmt.padded(acc.number, fmt.ACCOUNT_WIDTH)
        return cls(digits, pc.binary_join_element_wise("AC", digits, ""))

    def child_ids(self, prefix: str, acct: np.ndarray, seq: np.ndarray, width: int) -> pa.Array:
        return fmt.child_ids(prefix, self.digits.take(pa.array(acct)), seq, width)

    def account_ids(self, acct: np.ndarray) -> pa.Array:
        return self.ids.take(pa.array(acct))


def stamps(acc: Accounts, acct: np.ndarray, local_s: np.ndarray, as_utc: np.ndarray) -> Stamps:
    """Localize local times in each account's zone."""
    wall, utc = localize(local_s, acc.zone[acct], ref.ZONES)
    return Stamps(wall, utc, np.asarray(as_utc, dtype=bool))


def seq_within(acct: np.ndarray) -> np.ndarray:
    """1, 2, 3, ... within runs of equal (sorted) account positions."""
    n = acct.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    start = np.concatenate([[0], np.flatnonzero(np.diff(acct)) + 1])
    first = np.repeat(start, np.diff(np.concatenate([start, [n]])))
    return np.arange(n, dtype=np.int64) - first + 1


def _order(*keys: np.ndarray) -> np.ndarray:
    """Positions sorted by keys, the first key most significant."""
    return np.lexsort(tuple(reversed(keys)))


def _month(win: Window, days: np.ndarray) -> np.ndarray:
    return win.month_index(days)


def invoices(acc: Accounts, rows: dict[str, np.ndarray], win: Window) -> Batch:
    """invoices/<YYYY-MM>.csv by issued_on."""
    order = _order(rows["issued"], rows["acct"])
    r = {k: v[order] for k, v in rows.items()}
    keys = Keys.of(acc)
    table = pa.table(
        {
            "invoice_id": keys.child_ids("INV", r["acct"], r["cycle"], 3),
            "account_id": keys.account_ids(r["acct"]),
            "issued_on": fmt.dates(r["issued"]),
            "due_on": fmt.dates(r["due"]),
            "amount": fmt.money(r["amount"]),
            "currency": fmt.labels(
                np.zeros(order.size, np.int64), ("USD",), valid=acc.writes_usd[r["acct"]]
            ),
        }
    )
    return Batch(table, _month(win, r["issued"]))


def adjustments(acc: Accounts, rows: dict[str, np.ndarray], win: Window) -> Batch:
    """adjustments/<YYYY-MM>.csv by effective_on."""
    inside = rows["day"] <= win.last_day
    r = {k: v[inside] for k, v in rows.items()}
    by_account = _order(r["acct"], r["day"], r["kind"])
    seq = np.empty(by_account.size, dtype=np.int64)
    seq[by_account] = seq_within(r["acct"][by_account])
    order = _order(r["day"], r["acct"], seq)
    r = {k: v[order] for k, v in r.items()}
    seq = seq[order]
    keys = Keys.of(acc)
    table = pa.table(
        {
            "adjustment_id": keys.child_ids("ADJ", r["acct"], seq, 3),
            "account_id": keys.account_ids(r["acct"]),
            "invoice_id": _invoice_refs(keys, r["acct"], r["invoice_cycle"]),
            "effective_on": fmt.dates(r["day"]),
            "amount": fmt.money(r["amount"]),
            "kind": fmt.labels(r["kind"], ref.ADJUSTMENT_KINDS),
        }
    )
    return Batch(table, _month(win, r["day"]))


def _invoice_refs(keys: Keys, acct: np.ndarray, cycle: np.ndarray) -> pa.Array:
    ids = keys.child_ids("INV", acct, np.maximum(cycle, 0), 3)
    return fmt.masked(ids, cycle >= 0)


# payment time of day (local) by method: ach is a system posting (written in UTC)
_PAY_HOURS = np.array([[5, 12], [6, 24], [9, 18], [9, 18]])


def payments(
    rng: np.random.Generator, acc: Accounts, rows: dict[str, np.ndarray], win: Window
) -> Batch:
    """payments/<YYYY-MM>.csv by the date of received_at as written."""
    m = rows["acct"].size
    method = rows["method"]
    low, high = _PAY_HOURS[method, 0], _PAY_HOURS[method, 1]
    seconds = low * 3_600 + (rng.random(m) * (high - low) * 3_600).astype(np.int64)
    night = (method == 1) & (rng.random(m) < 0.03)  # card payments just after midnight
    seconds = np.where(night, rng.integers(0, 2 * 3_600, m), seconds)
    is_reversal = rows["reverses"] >= 0
    as_utc = (method == 0) | (is_reversal & (method == 1))
    st = stamps(acc, rows["acct"], rows["day"] * SECONDS_PER_DAY + seconds, as_utc)

    keep = np.flatnonzero(st.written_day <= win.last_day)
    by_account = keep[_order(rows["acct"][keep], st.utc[keep], is_reversal[keep])]
    seq = np.zeros(m, dtype=np.int64)
    seq[by_account] = seq_within(rows["acct"][by_account])
    order = keep[_order(st.written_day[keep], st.utc[keep], rows["acct"][keep], seq[keep])]

    keys = Keys.of(acc)
    acct = rows["acct"][order]
    target = np.maximum(rows["reverses"][order], 0)
    reverses = keys.child_ids("PAY", rows["acct"][target], seq[target], 4)
    table = pa.table(
        {
            "payment_id": keys.child_ids("PAY", acct, seq[order], 4),
            "account_id": keys.account_ids(acct),
            "invoice_id": _invoice_refs(keys, acct, rows["invoice_cycle"][order]),
            "received_at": st.take(order).text(),
            "amount": fmt.money(rows["amount"][order]),
            "currency": fmt.labels(
                np.zeros(order.size, np.int64), ("USD",), valid=acc.writes_usd[rows["acct"][order]]
            ),
            "method": fmt.labels(method[order], ref.METHODS),
            "reverses_payment_id": fmt.masked(reverses, is_reversal[order]),
        }
    )
    return Batch(table, _month(win, st.written_day[order]))


def actions_and_promises(
    acc: Accounts,
    actions: dict[str, np.ndarray],
    promises: dict[str, np.ndarray],
    win: Window,
) -> tuple[Batch, Batch]:
    """actions/<YYYY-MM>.csv and promises/<YYYY-MM>.csv (promises cite their action ids)."""
    st = stamps(acc, actions["acct"], actions["local_s"], actions["as_utc"])
    inside = st.written_day <= win.last_day
    # actions arrive sorted by account and local time: the sequence follows that order
    seq = np.zeros(inside.size, dtype=np.int64)
    kept = np.flatnonzero(inside)
    seq[kept] = seq_within(actions["acct"][kept])
    order = kept[_order(st.written_day[kept], st.utc[kept], actions["acct"][kept], seq[kept])]
    keys = Keys.of(acc)
    acct = actions["acct"][order]
    duration = actions["duration"][order]
    action_table = pa.table(
        {
            "action_id": keys.child_ids("ACT", acct, seq[order], 5),
            "account_id": keys.account_ids(acct),
            "collector_id": collector_ids(actions["collector"][order]),
            "channel": fmt.labels(actions["channel"][order], ref.CHANNELS),
            "direction": fmt.labels(actions["direction"][order], ref.DIRECTIONS),
            "occurred_at": st.take(order).text(),
            "outcome": fmt.labels(actions["outcome"][order], ref.OUTCOMES),
            "duration_s": fmt.integers(duration, valid=duration >= 0),
            "template": fmt.labels(actions["template"][order], ref.TEMPLATES),
        }
    )
    action_batch = Batch(action_table, _month(win, st.written_day[order]))

    # promises: by phone (their action is the call) or on the portal (no action)
    row = promises["action_row"]
    via_call = row >= 0
    safe = np.maximum(row, 0)
    pst = stamps(acc, promises["acct"], promises["local_s"], promises["as_utc"])
    p_keep = np.where(via_call, inside[safe], pst.written_day <= win.last_day)
    p_keep = np.flatnonzero(p_keep)
    by_account = p_keep[_order(promises["acct"][p_keep], pst.utc[p_keep])]
    p_seq = np.zeros(row.size, dtype=np.int64)
    p_seq[by_account] = seq_within(promises["acct"][by_account])
    p_order = p_keep[_order(pst.written_day[p_keep], pst.utc[p_keep], promises["acct"][p_keep])]
    p_acct = promises["acct"][p_order]
    ref_rows = safe[p_order]
    action_ids = keys.child_ids("ACT", actions["acct"][ref_rows], seq[ref_rows], 5)
    promise_table = pa.table(
        {
            "promise_id": keys.child_ids("PRM", p_acct, p_seq[p_order], 3),
            "account_id": keys.account_ids(p_acct),
            "collector_id": collector_ids(promises["collector"][p_order]),
            "action_id": fmt.masked(action_ids, via_call[p_order]),
            "created_at": pst.take(p_order).text(),
            "due_on": fmt.dates(promises["due"][p_order]),
            "amount": fmt.money(promises["amount"][p_order]),
        }
    )
    return action_batch, Batch(promise_table, _month(win, pst.written_day[p_order]))


def plans(acc: Accounts, rows: dict[str, np.ndarray], collector: np.ndarray, win: Window) -> Batch:
    """payment_plans/<YYYY-MM>.csv by created_on."""
    keep = np.flatnonzero(rows["created_on"] <= win.last_day)
    by_account = keep[_order(rows["acct"][keep], rows["created_on"][keep])]
    seq = np.zeros(rows["acct"].size, dtype=np.int64)
    seq[by_account] = seq_within(rows["acct"][by_account])
    order = keep[_order(rows["created_on"][keep], rows["acct"][keep])]
    acct = rows["acct"][order]
    keys = Keys.of(acc)
    table = pa.table(
        {
            "plan_id": keys.child_ids("PLN", acct, seq[order], 2),
            "account_id": keys.account_ids(acct),
            "collector_id": collector_ids(collector[order]),
            "created_on": fmt.dates(rows["created_on"][order]),
            "first_due_on": fmt.dates(rows["first_due"][order]),
            "installments": fmt.integers(rows["installments"][order]),
            "installment_amount": fmt.money(rows["amount"][order]),
            "frequency": fmt.labels(rows["frequency"][order], ref.FREQUENCIES),
        }
    )
    return Batch(table, _month(win, rows["created_on"][order]))


def disputes(acc: Accounts, versions: dict[str, np.ndarray], win: Window) -> Batch:
    """disputes/<YYYY-MM>.csv: each dispute in its opening month, restated when it moves."""
    opened = stamps(acc, versions["acct"], versions["opened_s"], versions["opened_as_utc"])
    keep = np.flatnonzero(opened.written_day <= win.last_day)
    order = keep[
        _order(
            versions["month"][keep],
            versions["version"][keep],
            opened.utc[keep],
            versions["acct"][keep],
        )
    ]
    acct = versions["acct"][order]
    keys = Keys.of(acc)
    everything_utc = np.ones(order.size, dtype=bool)

    def system_stamp(local_s: np.ndarray) -> pa.Array:
        known = local_s >= 0
        st = stamps(acc, acct, np.where(known, local_s, 0), everything_utc)
        return fmt.masked(st.text(), known)

    table = pa.table(
        {
            "dispute_id": keys.child_ids("DSP", acct, np.ones(order.size, np.int64), 2),
            "account_id": keys.account_ids(acct),
            "opened_at": opened.take(order).text(),
            "verified_at": system_stamp(versions["verified_s"][order]),
            "resolved_at": system_stamp(versions["resolved_s"][order]),
            "outcome": fmt.labels(versions["outcome"][order], ref.DISPUTE_OUTCOMES),
        }
    )
    return Batch(table, versions["month"][order])
