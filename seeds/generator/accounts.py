"""The accounts of one chunk: who they are, where they live, what they buy, how they pay.

Attributes are drawn for the whole chunk at once. Text columns (names, e-mail, phone) are
kept as small integer parts and only joined into strings when the table is written, so a
restatement (a later batch that changes a phone number, an e-mail, a segment or a name)
is a copy of the parts with a few of them changed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from seeds.generator import formatting as fmt
from seeds.generator import reference as ref
from seeds.generator.window import Window

# payer types and delinquency events
ON_TIME, LATE, PARTIAL = 0, 1, 2
NO_EVENT, CURE, DEFAULT = 0, 1, 2

_STATE_WEIGHTS = np.array([s.weight for s in ref.STATES]) / sum(s.weight for s in ref.STATES)
_PRODUCT_BASE_CENTS = {
    "telecom": 7_500,
    "utility": 12_000,
    "credit_card": 9_000,
    "personal_loan": 25_000,
    "medical": 15_000,
    "trade_credit": 250_000,
    "equipment_lease": 120_000,
}


@dataclass(frozen=True)
class Accounts:
    """Column arrays of the accounts of one chunk (index = position in the chunk)."""

    number: np.ndarray  # global account number, 1-based
    segment: np.ndarray  # index into ref.SEGMENTS
    product: np.ndarray  # index into ref.PRODUCTS
    client: np.ndarray  # index into ref.CLIENTS, -1 = own book
    state: np.ndarray  # index into ref.STATES
    zone: np.ndarray  # effective zone, index into ref.ZONES
    zone_written: np.ndarray  # zone written in `timezone`, -1 = empty
    opened_on: np.ndarray  # days
    billing_day: np.ndarray  # 1..28
    terms: np.ndarray  # days from issue to due
    base_cents: np.ndarray  # typical monthly invoice
    payer: np.ndarray  # ON_TIME, LATE, PARTIAL
    event: np.ndarray  # NO_EVENT, CURE, DEFAULT
    event_cycle: np.ndarray  # cycle the event starts
    cure_len: np.ndarray  # cycles delinquent before curing
    partial_bp: np.ndarray  # share of the statement a partial payer pays, basis points
    method: np.ndarray  # preferred payment method, index into ref.METHODS
    writes_usd: np.ndarray  # currency written as USD (else left empty)
    sticky: np.ndarray  # uniform [0, 1): which collector of a team works the account
    # text parts
    first: np.ndarray
    last: np.ndarray
    suffix: np.ndarray
    trade: np.ndarray
    legal: np.ndarray
    email_digits: np.ndarray  # -1 = no digits, -2 = no e-mail
    domain: np.ndarray
    area: np.ndarray  # index into the flat area-code list
    phone_line: np.ndarray  # 0..99 (555-01xx), -1 = no phone

    @property
    def n(self) -> int:
        return int(self.number.size)


_AREA_CODES = tuple(code for s in ref.STATES for code in s.area_codes)
_AREA_START = np.cumsum([0] + [len(s.area_codes) for s in ref.STATES])[:-1]
_AREA_COUNT = np.array([len(s.area_codes) for s in ref.STATES])


def make_accounts(rng: np.random.Generator, first_number: int, n: int, win: Window) -> Accounts:
    """Draw `n` accounts numbered from `first_number`."""
    number = np.arange(first_number, first_number + n, dtype=np.int64)
    segment = (rng.random(n) < 0.15).astype(np.int64)
    product = _draw_products(rng, segment)
    client_share = np.array([p.client_share for p in ref.PRODUCTS])[product]
    client_of_product = np.array(
        [ref.CLIENTS.index(p.client) if p.client else -1 for p in ref.PRODUCTS]
    )[product]
    client = np.where(rng.random(n) < client_share, client_of_product, -1)

    state = rng.choice(len(ref.STATES), size=n, p=_STATE_WEIGHTS)
    default_zone = np.array([ref.ZONES.index(s.zone) for s in ref.STATES])[state]
    other_zone = np.array(
        [ref.ZONES.index(s.other_zones[0]) if s.other_zones else -1 for s in ref.STATES]
    )[state]
    override = rng.random(n) < 0.04
    # an override names another zone of the state where there is one, else the state's own
    zone_written = np.where(override, np.where(other_zone >= 0, other_zone, default_zone), -1)
    zone = np.where(zone_written >= 0, zone_written, default_zone)

    span = win.last_day - win.first_day + 1
    before = rng.random(n) < 0.65
    opened_on = np.where(
        before,
        win.first_day - rng.integers(30, 2_000, n),
        win.first_day + rng.integers(0, max(span - 10, 1), n),
    )
    billing_day = rng.integers(1, 29, n)
    terms = np.where(
        segment == 0,
        rng.choice([21, 30], size=n, p=[0.2, 0.8]),
        rng.choice([30, 45, 60], size=n, p=[0.6, 0.25, 0.15]),
    )
    base = np.array([_PRODUCT_BASE_CENTS[p.name] for p in ref.PRODUCTS])[product]
    sigma = np.where(segment == 0, 0.5, 0.8)
    base_cents = np.maximum(1_000, np.round(base * np.exp(rng.normal(0, sigma))).astype(np.int64))

    payer = rng.choice(3, size=n, p=[0.68, 0.19, 0.13])
    placed = client >= 0
    event = np.where(
        placed,
        rng.choice(3, size=n, p=[0.65, 0.15, 0.20]),
        rng.choice(3, size=n, p=[0.78, 0.11, 0.11]),
    )
    event_cycle = rng.integers(0, win.months, n)
    cure_len = rng.choice([1, 2, 3], size=n, p=[0.5, 0.3, 0.2])
    partial_bp = rng.integers(3_500, 9_500, n)
    method = np.where(
        segment == 0,
        rng.choice(4, size=n, p=[0.45, 0.40, 0.10, 0.05]),
        rng.choice(4, size=n, p=[0.60, 0.07, 0.33, 0.0]),
    )
    writes_usd = rng.random(n) < 0.75
    sticky = rng.random(n)

    first = rng.integers(0, len(ref.FIRST_NAMES), n)
    last = rng.integers(0, len(ref.LAST_NAMES), n)
    suffix = rng.choice(len(ref.SUFFIXES), size=n, p=ref.SUFFIX_WEIGHTS)
    trade = rng.integers(0, len(ref.TRADES), n)
    legal = rng.integers(0, len(ref.LEGAL_FORMS), n)
    email_digits = np.where(rng.random(n) < 0.5, rng.integers(1, 100, n), -1)
    email_digits = np.where(rng.random(n) < np.where(segment == 0, 0.15, 0.1), -2, email_digits)
    domain = rng.integers(0, len(ref.EMAIL_DOMAINS), n)
    area = _AREA_START[state] + (rng.random(n) * _AREA_COUNT[state]).astype(np.int64)
    phone_line = np.where(rng.random(n) < 0.92, rng.integers(0, 100, n), -1)

    return Accounts(
        number=number,
        segment=segment,
        product=product,
        client=client,
        state=state,
        zone=zone,
        zone_written=zone_written,
        opened_on=opened_on.astype(np.int64),
        billing_day=billing_day,
        terms=terms.astype(np.int64),
        base_cents=base_cents,
        payer=payer,
        event=event,
        event_cycle=event_cycle,
        cure_len=cure_len,
        partial_bp=partial_bp,
        method=method,
        writes_usd=writes_usd,
        sticky=sticky,
        first=first,
        last=last,
        suffix=suffix,
        trade=trade,
        legal=legal,
        email_digits=email_digits,
        domain=domain,
        area=area,
        phone_line=phone_line,
    )


def _draw_products(rng: np.random.Generator, segment: np.ndarray) -> np.ndarray:
    product = np.empty(segment.size, dtype=np.int64)
    for seg in (0, 1):
        idx = np.array([i for i, p in enumerate(ref.PRODUCTS) if p.segment == seg])
        weights = np.array([ref.PRODUCTS[i].weight for i in idx])
        mask = segment == seg
        product[mask] = idx[rng.choice(idx.size, size=int(mask.sum()), p=weights / weights.sum())]
    return product


def subset(acc: Accounts, rows: np.ndarray) -> Accounts:
    """The accounts at positions `rows`."""
    return replace(acc, **{f.name: getattr(acc, f.name)[rows] for f in fields(acc)})


def restatement_month(win: Window) -> int:
    """Index of the month whose batch restates accounts (about two thirds into the window)."""
    return min(win.months - 1, (2 * win.months) // 3)


def restate(rng: np.random.Generator, acc: Accounts, win: Window, force_first: int = 0) -> Accounts:
    """A few accounts as a later batch restates them: new phone, e-mail, segment or name.

    About 0.5% of the accounts opened before the restatement month (and always the first
    `force_first` of those), each with one change that makes the row differ.
    """
    eligible = acc.opened_on < win.month_start[restatement_month(win)]
    pick = (rng.random(acc.n) < 0.005) & eligible
    pick[np.flatnonzero(eligible)[:force_first]] = True
    rows = np.flatnonzero(pick)
    old = subset(acc, rows)
    k = rows.size
    change = rng.choice(4, size=k, p=[0.45, 0.25, 0.1, 0.2])  # phone, e-mail, segment, name
    change = np.where((change == 2) & (old.segment == 1), 0, change)
    phone_line = np.where(change == 0, (np.maximum(old.phone_line, 0) + 37) % 100, old.phone_line)
    email_digits = np.where(change == 1, np.where(old.email_digits == -2, -1, -2), old.email_digits)
    segment = np.where(change == 2, 1, old.segment)
    suffix = np.where((change == 3) & (old.suffix == 0), 1, old.suffix)
    suffix = np.where((change == 3) & (old.suffix != 0), 0, suffix)
    legal = np.where((change == 3) & (old.segment == 1), (old.legal + 1) % 6, old.legal)
    return replace(
        old,
        phone_line=phone_line,
        email_digits=email_digits,
        segment=segment,
        suffix=suffix,
        legal=legal,
    )


def account_table(acc: Accounts) -> pa.Table:
    """The accounts as contract text columns."""
    first = fmt.labels(acc.first, [f for f, _ in ref.FIRST_NAMES])
    first_slug = fmt.labels(acc.first, [s for _, s in ref.FIRST_NAMES])
    last = fmt.labels(acc.last, [name for name, _ in ref.LAST_NAMES])
    last_slug = fmt.labels(acc.last, [s for _, s in ref.LAST_NAMES])
    trade = fmt.labels(acc.trade, [t for t, _ in ref.TRADES])
    trade_slug = fmt.labels(acc.trade, [s for _, s in ref.TRADES])
    consumer = acc.segment == 0

    person = pc.binary_join_element_wise(
        pc.binary_join_element_wise(first, last, " "), fmt.labels(acc.suffix, ref.SUFFIXES), ""
    )
    business = pc.binary_join_element_wise(
        pc.binary_join_element_wise(last, trade, " "), fmt.labels(acc.legal, ref.LEGAL_FORMS), ""
    )
    name = pc.if_else(pa.array(consumer), person, business)

    digits = fmt.labels(np.maximum(acc.email_digits, 0), [""] + [str(i) for i in range(1, 100)])
    local_part = pc.binary_join_element_wise(
        pc.binary_join_element_wise(first_slug, last_slug, "."), digits, ""
    )
    person_mail = pc.binary_join_element_wise(
        local_part, fmt.labels(acc.domain, ref.EMAIL_DOMAINS), "@"
    )
    business_mail = pc.binary_join_element_wise("ap@", last_slug, trade_slug, ".example", "")
    email = pc.if_else(pa.array(consumer), person_mail, business_mail)
    email = pc.if_else(pa.array(acc.email_digits == -2), pa.nulls(acc.n, pa.string()), email)

    phone = pc.binary_join_element_wise(
        "+1",
        fmt.labels(acc.area, _AREA_CODES),
        "55501",
        fmt.padded(np.maximum(acc.phone_line, 0), 2),
        "",
    )
    phone = pc.if_else(pa.array(acc.phone_line < 0), pa.nulls(acc.n, pa.string()), phone)

    columns = {
        "account_id": fmt.account_ids(acc.number),
        "customer_name": name,
        "email": email,
        "phone": phone,
        "state": fmt.labels(acc.state, ref.STATE_CODES),
        "timezone": fmt.labels(acc.zone_written, ref.ZONES),
        "segment": fmt.labels(acc.segment, ref.SEGMENTS),
        "product": fmt.labels(acc.product, [p.name for p in ref.PRODUCTS]),
        "client": fmt.labels(acc.client, ref.CLIENTS),
        "opened_on": fmt.dates(acc.opened_on),
    }
    return pa.table(columns)
