"""The money side: billing cycles of every account of a chunk, simulated month by month.

One loop step per billing cycle (a handful of steps), vectorized over the chunk's
accounts. Each cycle issues an invoice (due after the account's terms), charges a late
fee and interest on past-due accounts, and lets every account behave as its payer type
says: pay on time, late, partially, skip, cure, settle, enter a payment plan or stop
paying. Payments are sometimes reversed; overpayments happen. Balances are applied
oldest item first (as the warehouse does) to know each account's days past due, which
suspends billing at 90 days and charges the account off (a `write_off` of its exact open
balance, dated after its last ledger event) at 180. Some charged-off accounts pay later
(recoveries). Money is integer cents throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seeds.generator import formatting as fmt
from seeds.generator.accounts import CURE, LATE, ON_TIME, PARTIAL, Accounts
from seeds.generator.reference import ADJUSTMENT_KINDS, PRODUCTS
from seeds.generator.treatment import treatment_multiplier
from seeds.generator.window import Window, add_months, day_of_month

# adjustment kinds
FEE, INTEREST, CREDIT, SETTLEMENT, WRITE_OFF = range(len(ADJUSTMENT_KINDS))
# payment purposes
REGULAR, PLAN, SETTLE_PAY, RECOVERY, REVERSAL = range(5)
# behaviour modes inside the loop (payer types first)
DELINQUENT, ON_PLAN = 3, 4
PLAN_SIZES = np.array([3, 4, 6, 8, 10, 12])
PERIOD_DAYS = np.array([7, 14, 0])  # weekly, biweekly, monthly (calendar months)
# reversal probability and lag range (days) per method: ach, card, check, cash
_REVERSAL_P = np.array([0.015, 0.008, 0.025, 0.0])
_REVERSAL_LAG = np.array([[2, 6], [5, 31], [3, 11], [2, 3]])
_FEE = np.array([p.fee_cents for p in PRODUCTS])
_INTEREST_BP = np.array([p.interest_bp for p in PRODUCTS])
# Payment behaviour that depends on what the warehouse can see (seeds/README.md "Signal"):
# a delinquent account's monthly chance of a good-faith payment, before the factors below
GOOD_FAITH_P = 0.08
GOOD_FAITH_CAP = 0.95
PAID_LAST_CYCLE = 2.5  # it paid something in the previous cycle (cash in the last 30/90 days)
MISSED_LAST_CYCLE = 0.5  # it owed and paid nothing in the previous cycle
DEEP_ARREARS = 0.5  # 90+ days past due at the last close
ROLLING_FORWARD = 0.6  # days past due grew since the cycle before (bucket trend)
COMMERCIAL = 1.5  # segment commercial
# late and partial payers skip a cycle this often, more so right after a skipped one
SKIP_P = {LATE: 0.06, PARTIAL: 0.05}
SKIP_AFTER_MISS = 2.5


@dataclass
class Ledger:
    """Everything the money side produced for a chunk (positions are chunk positions)."""

    invoices: dict[str, np.ndarray]
    adjustments: dict[str, np.ndarray]
    payments: dict[str, np.ndarray]
    plans: dict[str, np.ndarray]
    issue: np.ndarray  # (n, months) statement days
    dpd: np.ndarray  # (n, months) days past due at each cycle's close
    balance: np.ndarray  # (n, months) open balance at each cycle's close
    resolved_day: np.ndarray  # (n, months) day a past-due balance was paid in the cycle, or -1
    late_due: np.ndarray  # (n, months) due day of a statement paid late, or -1
    late_paid: np.ndarray  # (n, months) its payment day, or -1
    wo_day: np.ndarray  # (n,) write-off day, -1 = never
    wo_cycle: np.ndarray  # (n,) cycle of the write-off, months = never
    plan_start: np.ndarray  # (n,) day a payment plan was agreed, -1 = none
    plan_end: np.ndarray  # (n,) last day the plan was kept (+ a few days' grace)


class _Events:
    """Column lists collected per cycle, concatenated once at the end."""

    def __init__(self, *names: str) -> None:
        self.columns: dict[str, list[np.ndarray]] = {name: [] for name in names}
        self.count = 0

    def add(self, mask: np.ndarray | None = None, **columns: np.ndarray) -> None:
        for name, values in columns.items():
            values = np.asarray(values)
            self.columns[name].append(values if mask is None else values[mask])
        self.count += int(next(iter(self.columns.values()))[-1].size)

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            name: np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            for name, parts in self.columns.items()
        }


def simulate(rng: np.random.Generator, acc: Accounts, win: Window) -> Ledger:
    """Run every billing cycle of the window for the chunk's accounts."""
    n, months = acc.n, win.months
    rows = np.arange(n)
    issue = win.month_start[None, :months] + acc.billing_day[:, None] - 1
    close = issue + 29
    due = issue + acc.terms[:, None]
    first_cycle = (issue < acc.opened_on[:, None]).sum(axis=1)
    trigger = np.maximum(acc.event_cycle, first_cycle + 1)
    fee_cents = _FEE[acc.product]
    interest_bp = _INTEREST_BP[acc.product]

    invoices = _Events("acct", "cycle", "issued", "due", "amount")
    adjustments = _Events("acct", "day", "amount", "kind", "invoice_cycle")
    payments = _Events(
        "acct", "day", "amount", "method", "invoice_cycle", "reverses", "purpose", "collected"
    )
    plans = _Events("acct", "created_on", "first_due", "installments", "amount", "frequency")

    mode = acc.payer.copy()
    cure_at = np.full(n, months + 1)
    balance = np.zeros(n, dtype=np.int64)
    credits = np.zeros(n, dtype=np.int64)
    cum_items = np.zeros((n, months), dtype=np.int64)
    due_col = np.zeros((n, months), dtype=np.int64)
    suspended = np.zeros(n, dtype=bool)
    closed = np.zeros(n, dtype=bool)
    charged = np.zeros(n, dtype=bool)
    had_plan = np.zeros(n, dtype=bool)
    hold_until = np.full(n, -1, dtype=np.int64)
    plan_start = np.full(n, -1, dtype=np.int64)
    plan_end = np.full(n, -1, dtype=np.int64)
    last_event = np.full(n, -(10**6), dtype=np.int64)
    plan_credit = np.zeros((n, months + 1), dtype=np.int64)
    wo_day = np.full(n, -1, dtype=np.int64)
    wo_cycle = np.full(n, months, dtype=np.int64)
    wo_amount = np.zeros(n, dtype=np.int64)
    recovered = np.zeros(n, dtype=np.int64)
    recovers = np.zeros(n, dtype=bool)
    dpd_prev = np.zeros(n, dtype=np.int64)
    dpd_before = np.zeros(n, dtype=np.int64)  # days past due at the close before last
    paid_last = np.zeros(n, dtype=bool)  # paid something in the previous cycle
    missed_last = np.zeros(n, dtype=bool)  # owed and paid nothing in the previous cycle
    # the champion/challenger arm's effect (seeds/generator/treatment.py)
    uplift = treatment_multiplier(fmt.account_ids(acc.number).to_numpy(zero_copy_only=False))

    dpd_m = np.zeros((n, months), dtype=np.int64)
    bal_m = np.zeros((n, months), dtype=np.int64)
    resolved_m = np.full((n, months), -1, dtype=np.int64)
    late_due_m = np.full((n, months), -1, dtype=np.int64)
    late_paid_m = np.full((n, months), -1, dtype=np.int64)

    for t in range(months):
        it, ct, dt = issue[:, t], close[:, t], due[:, t]
        alive = ~charged & ~closed
        starts = alive & (trigger == t) & (mode <= PARTIAL)
        cure_at = np.where(starts & (acc.event == CURE), t + acc.cure_len, cure_at)
        mode = np.where(starts & (acc.event != 0), DELINQUENT, mode)

        # --- receivable items: invoice, late fee, interest
        billing = alive & ~suspended & (acc.opened_on <= it)
        variation = np.exp(rng.normal(0.0, 0.12, n))
        amount = np.where(billing, np.round(acc.base_cents * variation).astype(np.int64), 0)
        past_due = alive & (dpd_prev > 0)
        fee = np.where(past_due & billing & (fee_cents > 0) & (rng.random(n) < 0.85), fee_cents, 0)
        fee = np.where((acc.segment == 1) & (fee > 0), np.maximum(fee, balance // 50), fee)
        interest = np.where(
            past_due & (interest_bp > 0) & (balance > 0) & (mode != ON_PLAN),
            balance * interest_bp // 10_000,
            0,
        )
        items = amount + fee + interest
        cum_items[:, t] = (cum_items[:, t - 1] if t else 0) + items
        due_col[:, t] = np.where(amount > 0, dt, it)
        invoices.add(amount > 0, acct=rows, cycle=np.full(n, t), issued=it, due=dt, amount=amount)
        adjustments.add(
            fee > 0,
            acct=rows,
            day=it,
            amount=fee,
            kind=np.full(n, FEE),
            invoice_cycle=np.full(n, -1),
        )
        adjustments.add(
            interest > 0,
            acct=rows,
            day=it,
            amount=interest,
            kind=np.full(n, INTEREST),
            invoice_cycle=np.full(n, -1),
        )
        last_event = np.where(items > 0, np.maximum(last_event, it), last_event)
        statement = balance + items
        credited = np.zeros(n, dtype=np.int64)

        # goodwill: a late fee waived a few days later
        waive = (fee > 0) & (rng.random(n) < 0.08)
        waive_day = it + rng.integers(1, 21, n)
        adjustments.add(
            waive,
            acct=rows,
            day=waive_day,
            amount=-fee,
            kind=np.full(n, CREDIT),
            invoice_cycle=np.where(amount > 0, t, -1),
        )
        credited += np.where(waive, fee, 0)
        last_event = np.where(waive, np.maximum(last_event, waive_day), last_event)

        # --- regular payments by behaviour
        owes = alive & (statement > 0)
        pay = np.zeros(n, dtype=np.int64)
        pay_day = np.full(n, -1, dtype=np.int64)
        u = rng.random(n)

        on_time = owes & (mode == ON_TIME)
        slip = rng.random(n) < 0.03
        early = np.maximum(dt - rng.integers(0, 13, n), it + 1)
        day = np.where(slip, dt + rng.integers(5, 21, n), early)
        over = rng.random(n) < 0.015
        rounded_up = (statement // 1_000 + 1) * 1_000 + 1_000 * rng.integers(0, 5, n)
        pay = np.where(on_time, np.where(over, rounded_up, statement), pay)
        pay_day = np.where(on_time, day, pay_day)

        skip_factor = np.where(missed_last, SKIP_AFTER_MISS, 1.0)
        late = owes & (mode == LATE) & (u >= SKIP_P[LATE] * skip_factor)
        pay = np.where(late, statement, pay)
        pay_day = np.where(late, dt + rng.integers(3, 41, n), pay_day)

        partial = owes & (mode == PARTIAL) & (u >= SKIP_P[PARTIAL] * skip_factor)
        catch_up = rng.random(n) < 0.10
        part = np.maximum(statement * acc.partial_bp // 10_000, np.minimum(statement, 1_000))
        pay = np.where(partial, np.where(catch_up, statement, part), pay)
        pay_day = np.where(partial, np.maximum(dt + rng.integers(-5, 16, n), it + 1), pay_day)

        cure = owes & (mode == DELINQUENT) & (cure_at == t)
        pay = np.where(cure, statement, pay)
        pay_day = np.where(cure, np.maximum(dt + rng.integers(-5, 11, n), it + 1), pay_day)
        good_faith_p = np.minimum(
            GOOD_FAITH_P
            * np.where(paid_last, PAID_LAST_CYCLE, 1.0)
            * np.where(missed_last, MISSED_LAST_CYCLE, 1.0)
            * np.where(dpd_prev >= 90, DEEP_ARREARS, 1.0)
            * np.where(dpd_prev > dpd_before, ROLLING_FORWARD, 1.0)
            * np.where(acc.segment == 1, COMMERCIAL, 1.0)
            * uplift,
            GOOD_FAITH_CAP,
        )
        good_faith = owes & (mode == DELINQUENT) & ~cure & (u < good_faith_p)
        pay = np.where(
            good_faith,
            np.maximum(
                statement * rng.integers(1_000, 4_000, n) // 10_000, np.minimum(statement, 2_000)
            ),
            pay,
        )
        pay_day = np.where(good_faith, it + rng.integers(0, 29, n), pay_day)

        paying = pay > 0
        method = np.where(rng.random(n) < 0.1, rng.integers(0, 3, n), acc.method)
        names_invoice = (amount > 0) & (rng.random(n) < np.where(mode == ON_TIME, 0.6, 0.3))
        reversed_ = paying & (rng.random(n) < _REVERSAL_P[method])
        lag = rng.integers(_REVERSAL_LAG[method, 0], _REVERSAL_LAG[method, 1])
        first_index = payments.count
        payments.add(
            paying,
            acct=rows,
            day=pay_day,
            amount=pay,
            method=method,
            invoice_cycle=np.where(names_invoice, t, -1),
            reverses=np.full(n, -1),
            purpose=np.full(n, REGULAR),
            collected=dpd_prev > 0,
        )
        position = first_index + np.cumsum(paying) - 1
        payments.add(
            reversed_,
            acct=rows,
            day=pay_day + lag,
            amount=-pay,
            method=method,
            invoice_cycle=np.where(names_invoice, t, -1),
            reverses=position,
            purpose=np.full(n, REVERSAL),
            collected=np.zeros(n, dtype=bool),
        )
        credited += np.where(paying & ~reversed_, pay, 0)
        last_event = np.where(paying, np.maximum(last_event, pay_day), last_event)
        last_event = np.where(reversed_, np.maximum(last_event, pay_day + lag), last_event)
        late_due_m[:, t] = np.where(paying & (pay_day > dt + 3), dt, -1)
        late_paid_m[:, t] = np.where(paying & (pay_day > dt + 3), pay_day, -1)
        resolved_m[:, t] = np.where(paying & (dpd_prev > 0), pay_day, -1)
        mode = np.where(cure, np.where(rng.random(n) < 0.7, ON_TIME, LATE), mode)
        suspended &= ~cure

        # --- long-delinquent accounts may settle or enter a payment plan
        eligible = alive & (mode == DELINQUENT) & (dpd_prev >= 60) & ~had_plan & ~paying
        eligible &= statement > 0
        u = rng.random(n)
        settle = eligible & (u < 0.035)
        enter_plan = eligible & (u >= 0.035) & (u < 0.105)

        settle_day = np.maximum(it + rng.integers(0, 26, n), last_event + 1)
        settle_pay = statement * rng.integers(3_500, 8_000, n) // 10_000
        payments.add(
            settle,
            acct=rows,
            day=settle_day,
            amount=settle_pay,
            method=acc.method,
            invoice_cycle=np.full(n, -1),
            reverses=np.full(n, -1),
            purpose=np.full(n, SETTLE_PAY),
            collected=np.ones(n, dtype=bool),
        )
        adjustments.add(
            settle,
            acct=rows,
            day=settle_day,
            amount=settle_pay - statement,
            kind=np.full(n, SETTLEMENT),
            invoice_cycle=np.full(n, -1),
        )
        credited += np.where(settle, statement, 0)
        last_event = np.where(settle, settle_day, last_event)
        resolved_m[:, t] = np.where(settle, settle_day, resolved_m[:, t])
        closed |= settle

        plan_rows = np.flatnonzero(enter_plan)
        if plan_rows.size:
            hold = _start_plans(
                rng,
                plan_rows,
                statement,
                last_event,
                it,
                acc,
                win,
                issue,
                t,
                plans,
                payments,
                plan_credit,
            )
            hold_until[plan_rows] = hold + 40
            plan_start[plan_rows] = plans.columns["created_on"][-1]
            plan_end[plan_rows] = hold + 10
            last_event[plan_rows] = np.maximum(last_event[plan_rows], hold)
            resolved_m[plan_rows, t] = plans.columns["created_on"][-1]
        mode = np.where(enter_plan, ON_PLAN, mode)
        suspended |= enter_plan
        had_plan |= enter_plan

        # --- balances, oldest item first
        credited += plan_credit[:, t]
        balance = statement - credited
        credits += credited
        open_from = (cum_items[:, : t + 1] <= credits[:, None]).sum(axis=1)
        has_open = open_from <= t
        oldest_due = due_col[rows, np.minimum(open_from, t)]
        dpd = np.where(alive & has_open, np.maximum(ct - oldest_due, 0), 0)
        suspended |= alive & (mode == DELINQUENT) & (dpd >= 90)

        # --- charge-off at 180 days past due
        wo = alive & (dpd >= 180) & (ct > hold_until) & (balance > 0)
        day = np.maximum(ct, last_event + 2)
        wo &= day <= win.last_day
        adjustments.add(
            wo,
            acct=rows,
            day=day,
            amount=-balance,
            kind=np.full(n, WRITE_OFF),
            invoice_cycle=np.full(n, -1),
        )
        wo_day = np.where(wo, day, wo_day)
        wo_cycle = np.where(wo, t, wo_cycle)
        wo_amount = np.where(wo, balance, wo_amount)
        recovers |= wo & (rng.random(n) < 0.3)
        charged |= wo
        balance = np.where(wo, 0, balance)
        dpd = np.where(wo, 0, dpd)

        # --- recoveries: payments on accounts charged off in an earlier cycle
        left = wo_amount - recovered
        recover = charged & (wo_cycle < t) & recovers & (left > 0) & (rng.random(n) < 0.22)
        chunk = np.maximum(wo_amount * rng.integers(500, 5_000, n) // 10_000, 2_000)
        recover_amount = np.minimum(left, chunk)
        recover_day = np.maximum(it + rng.integers(0, 29, n), wo_day + 1)
        payments.add(
            recover,
            acct=rows,
            day=recover_day,
            amount=recover_amount,
            method=acc.method,
            invoice_cycle=np.full(n, -1),
            reverses=np.full(n, -1),
            purpose=np.full(n, RECOVERY),
            collected=np.ones(n, dtype=bool),
        )
        recovered += np.where(recover, recover_amount, 0)

        dpd_m[:, t] = dpd
        bal_m[:, t] = balance
        dpd_before = dpd_prev
        dpd_prev = dpd
        paid_last = paying
        missed_last = owes & ~paying

    return Ledger(
        invoices=invoices.arrays(),
        adjustments=adjustments.arrays(),
        payments=payments.arrays(),
        plans=plans.arrays(),
        issue=issue,
        dpd=dpd_m,
        balance=bal_m,
        resolved_day=resolved_m,
        late_due=late_due_m,
        late_paid=late_paid_m,
        wo_day=wo_day,
        wo_cycle=wo_cycle,
        plan_start=plan_start,
        plan_end=plan_end,
    )


def _start_plans(
    rng: np.random.Generator,
    plan_rows: np.ndarray,
    statement: np.ndarray,
    last_event: np.ndarray,
    it: np.ndarray,
    acc: Accounts,
    win: Window,
    issue: np.ndarray,
    t: int,
    plans: _Events,
    payments: _Events,
    plan_credit: np.ndarray,
) -> np.ndarray:
    """Create payment plans for `plan_rows` and their installment payments.

    A plan covers the whole statement; 55% are paid through, the rest stop after a random
    number of installments. Returns each plan's last paid day (its creation day if none).
    """
    k = plan_rows.size
    owed = statement[plan_rows]
    created = np.maximum(it[plan_rows] + rng.integers(0, 21, k), last_event[plan_rows] + 1)
    size = PLAN_SIZES[rng.integers(0, PLAN_SIZES.size, k)]
    frequency = rng.choice(3, size=k, p=[0.25, 0.30, 0.45])
    installment = -(-owed // size)
    first_due = created + rng.integers(3, 15, k)
    # a monthly plan falls due on a day every month has: move the 29th-31st to early next month
    dom = day_of_month(first_due)
    first_due = np.where((frequency == 2) & (dom > 28), first_due + 32 - dom, first_due)
    completes = rng.random(k) < 0.55
    paid = np.where(completes, size, (rng.random(k) * size).astype(np.int64))

    which = np.repeat(np.arange(k), paid)
    step = np.arange(which.size) - np.repeat(np.cumsum(paid) - paid, paid)
    due_k = np.where(
        frequency[which] == 2,
        add_months(first_due[which], step),
        first_due[which] + step * PERIOD_DAYS[frequency[which]],
    )
    pay_day = np.maximum(due_k + rng.integers(-3, 3, which.size), created[which])
    acct = plan_rows[which]
    payments.add(
        acct=acct,
        day=pay_day,
        amount=installment[which],
        method=acc.method[acct],
        invoice_cycle=np.full(which.size, -1),
        reverses=np.full(which.size, -1),
        purpose=np.full(which.size, PLAN),
        collected=np.ones(which.size, dtype=bool),
    )
    # credit each installment to the billing cycle its day falls in (for the balance)
    cycle = (issue[acct] <= pay_day[:, None]).sum(axis=1) - 1
    np.add.at(plan_credit, (acct, np.clip(cycle, t, plan_credit.shape[1] - 1)), installment[which])

    last_paid = created.copy()
    if which.size:
        np.maximum.at(last_paid, which, pay_day)
    plans.add(
        acct=plan_rows,
        created_on=created,
        first_due=first_due,
        installments=size,
        amount=installment,
        frequency=frequency,
    )
    return last_paid
