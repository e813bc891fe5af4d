"""Collections activity: calls, texts, e-mails, letters and visits drawn for each window.

Per window and kind of contact, the number of actions is Poisson with a rate per 30 days
that depends on the severity bucket (and on the segment: businesses get fewer texts, more
e-mail and visits). Outcomes follow each channel's own mix; calls carry a duration;
letters, texts and e-mails a template. Texts, e-mails and most letters are automated
(no collector) and stamped in UTC; a collector's actions carry the local offset. Local
hours stay within 08:00-21:00 except for a small share, which the compliance rules find.
Promise and payment-plan calls come from the ledger (see windows.py).
"""

from __future__ import annotations

import numpy as np

from seeds.generator.accounts import Accounts
from seeds.generator.collectors import Roster
from seeds.generator.reference import OUTCOME, TEMPLATE
from seeds.generator.window import SECONDS_PER_DAY, Window
from seeds.generator.windows import B1_30, B91_PLUS, RECOVERING, team_of

CALL, SMS, EMAIL, LETTER, VISIT = range(5)
OUTBOUND, INBOUND = 0, 1
NONE = -1

# kinds of contact: (channel, direction)
KINDS = (
    (CALL, OUTBOUND),
    (SMS, OUTBOUND),
    (EMAIL, OUTBOUND),
    (LETTER, OUTBOUND),
    (VISIT, OUTBOUND),
    (CALL, INBOUND),
    (SMS, INBOUND),
    (EMAIL, INBOUND),
    (LETTER, INBOUND),
)
# expected actions per 30 days, rows = bucket (light, 1-30, 31-60, 61-90, 91+, recovery)
RATES = np.array(
    [
        [0.3, 0.9, 0.6, 0.0, 0.0, 0.05, 0.02, 0.02, 0.0],
        [2.0, 1.2, 1.0, 0.3, 0.0, 0.25, 0.05, 0.05, 0.01],
        [3.5, 1.0, 1.0, 0.5, 0.0, 0.30, 0.05, 0.05, 0.02],
        [4.0, 0.6, 0.8, 0.7, 0.02, 0.30, 0.03, 0.05, 0.02],
        [3.0, 0.4, 0.6, 0.6, 0.05, 0.20, 0.03, 0.05, 0.02],
        [1.0, 0.2, 0.4, 0.4, 0.01, 0.10, 0.02, 0.05, 0.01],
    ]
)
COMMERCIAL_FACTOR = np.array([1.0, 0.2, 1.6, 1.0, 3.0, 1.0, 0.3, 1.5, 1.0])

_O = OUTCOME
OUTCOME_MIX = {
    "call_out": (
        [_O["no_answer"], _O["left_message"], _O["wrong_party"], _O["right_party_contact"],
         _O["refused"], _O["dispute"], _O["cease_request"], _O["attorney_represented"]],
        [0.42, 0.26, 0.05, 0.18, 0.075, 0.008, 0.004, 0.003],
    ),
    "call_in": (
        [_O["right_party_contact"], _O["refused"], _O["dispute"], _O["cease_request"],
         _O["attorney_represented"]],
        [0.84, 0.07, 0.05, 0.02, 0.02],
    ),
    "message_out": ([_O["delivered"], _O["sent"], _O["bounced"]], [0.86, 0.09, 0.05]),
    "sms_in": ([_O["right_party_contact"], _O["cease_request"], _O["dispute"]], [0.88, 0.1, 0.02]),
    "email_in": (
        [_O["right_party_contact"], _O["dispute"], _O["cease_request"], _O["attorney_represented"]],
        [0.86, 0.1, 0.03, 0.01],
    ),
    "letter_out": ([_O["sent"], _O["delivered"], _O["bounced"]], [0.90, 0.05, 0.05]),
    "letter_in": (
        [_O["dispute"], _O["cease_request"], _O["attorney_represented"]], [0.7, 0.2, 0.1]
    ),
    "visit": (
        [_O["right_party_contact"], _O["no_answer"], _O["refused"], _O["wrong_party"]],
        [0.30, 0.50, 0.15, 0.05],
    ),
}  # fmt: skip
_T = TEMPLATE
# template per bucket (light, 1-30, 31-60, 61-90, 91+, recovery) for letters, texts, e-mails
LETTER_TEMPLATES = np.array(
    [
        _T["payment_reminder"],
        _T["payment_reminder"],
        _T["past_due_notice"],
        _T["final_demand"],
        _T["final_demand"],
        _T["settlement_offer"],
    ]
)
SMS_TEMPLATES = np.array(
    [
        _T["payment_reminder_sms"],
        _T["payment_reminder_sms"],
        _T["past_due_sms"],
        _T["past_due_sms"],
        _T["past_due_sms"],
        _T["past_due_sms"],
    ]
)
EMAIL_TEMPLATES = np.array([_T["payment_reminder_email"], _T["payment_reminder_email"],
                            _T["past_due_email"], _T["past_due_email"],
                            _T["settlement_offer_email"],
                            _T["settlement_offer_email"]])  # fmt: skip

COLUMNS = (
    "acct", "local_s", "channel", "direction", "outcome", "collector", "duration", "template",
    "as_utc", "protected", "promise_due", "promise_amount",
)  # fmt: skip


def draw_actions(
    rng: np.random.Generator,
    acc: Accounts,
    windows: dict[str, np.ndarray],
    roster: Roster,
    win: Window,
) -> dict[str, np.ndarray]:
    """The background activity of every window."""
    segment = acc.segment[windows["acct"]]
    length = windows["end"] - windows["start"] + 1
    rates = RATES[windows["bucket"]] * np.where(segment[:, None] == 1, COMMERCIAL_FACTOR, 1.0)
    counts = rng.poisson(rates * (length / 30.0)[:, None])
    parts = []
    for k, (channel, direction) in enumerate(KINDS):  # nine kinds of contact, not rows
        which = np.repeat(np.arange(counts.shape[0]), counts[:, k])
        if which.size == 0:
            continue
        day = windows["start"][which] + (rng.random(which.size) * length[which]).astype(np.int64)
        parts.append(
            _kind(rng, channel, direction, windows["acct"][which], day,
                  windows["bucket"][which], windows["team"][which], acc, roster, win)
        )  # fmt: skip
    return concat(parts)


def _kind(rng, channel, direction, acct, day, bucket, team, acc, roster, win):
    m = acct.size
    collector = roster.pick(team, win.month_index(day), acc.sticky[acct])
    duration = np.full(m, NONE)
    template = np.full(m, NONE)
    automated = np.zeros(m, dtype=bool)
    if channel == CALL and direction == OUTBOUND:
        automated = rng.random(m) < 0.08
        outcome = _mix(rng, "call_out", m)
        outcome = np.where(
            automated, np.where(rng.random(m) < 0.6, _O["no_answer"], _O["left_message"]), outcome
        )
        seconds = _hours(rng, m, 8, 21, off_share=0.004)
    elif channel == CALL:
        outcome = _mix(rng, "call_in", m)
        seconds = _hours(rng, m, 7, 22)
    elif channel in (SMS, EMAIL) and direction == OUTBOUND:
        automated = rng.random(m) < 0.92
        outcome = _mix(rng, "message_out", m)
        template = (SMS_TEMPLATES if channel == SMS else EMAIL_TEMPLATES)[bucket]
        seconds = _hours(rng, m, 9, 20, off_share=0.003)
    elif channel == SMS:
        automated[:] = True
        outcome = _mix(rng, "sms_in", m)
        seconds = _hours(rng, m, 7, 23)
    elif channel == EMAIL:
        automated[:] = True
        outcome = _mix(rng, "email_in", m)
        seconds = _hours(rng, m, 0, 24)
    elif channel == LETTER and direction == OUTBOUND:
        automated = rng.random(m) < 0.85
        outcome = _mix(rng, "letter_out", m)
        template = LETTER_TEMPLATES[bucket]
        seconds = _hours(rng, m, 10, 17)
    elif channel == LETTER:
        automated[:] = True
        outcome = _mix(rng, "letter_in", m)
        seconds = _hours(rng, m, 10, 17)
    else:  # visit
        outcome = _mix(rng, "visit", m)
        seconds = _hours(rng, m, 10, 19, off_share=0.005)
    if channel == CALL:
        duration = call_seconds(rng, outcome)
    collector = np.where(automated, 0, collector)
    return _frame(
        acct=acct,
        local_s=day * SECONDS_PER_DAY + seconds,
        channel=np.full(m, channel),
        direction=np.full(m, direction),
        outcome=outcome,
        collector=collector,
        duration=duration,
        template=template,
        as_utc=automated & (channel != CALL),
    )


def promise_calls(
    rng: np.random.Generator,
    acc: Accounts,
    candidates: dict[str, np.ndarray],
    roster: Roster,
    win: Window,
) -> dict[str, np.ndarray]:
    """Calls in which a promise to pay was made (the candidates made by phone)."""
    via_call = candidates["via_call"]
    acct = candidates["acct"][via_call]
    m = acct.size
    day = candidates["day"][via_call]
    team = team_of(acc.segment[acct], candidates["bucket"][via_call])
    outcome = np.full(m, _O["promise_to_pay"])
    return _frame(
        acct=acct,
        local_s=day * SECONDS_PER_DAY + _hours(rng, m, 9, 20),
        channel=np.full(m, CALL),
        direction=np.where(rng.random(m) < 0.4, INBOUND, OUTBOUND),
        outcome=outcome,
        collector=roster.pick(team, win.month_index(day), acc.sticky[acct]),
        duration=call_seconds(rng, outcome),
        template=np.full(m, NONE),
        as_utc=np.zeros(m, dtype=bool),
        protected=np.ones(m, dtype=bool),
        promise_due=candidates["due"][via_call],
        promise_amount=candidates["amount"][via_call],
    )


def plan_calls(
    rng: np.random.Generator,
    acc: Accounts,
    plans: dict[str, np.ndarray],
    roster: Roster,
    win: Window,
) -> dict[str, np.ndarray]:
    """The call in which each payment plan was agreed (right-party contact)."""
    acct = plans["acct"]
    m = acct.size
    day = plans["created_on"]
    team = team_of(acc.segment[acct], np.full(m, B91_PLUS))
    outcome = np.full(m, _O["right_party_contact"])
    return _frame(
        acct=acct,
        local_s=day * SECONDS_PER_DAY + _hours(rng, m, 9, 20),
        channel=np.full(m, CALL),
        direction=np.where(rng.random(m) < 0.3, INBOUND, OUTBOUND),
        outcome=outcome,
        collector=roster.pick(team, win.month_index(day), acc.sticky[acct]),
        duration=call_seconds(rng, outcome) + 300,
        template=np.full(m, NONE),
        as_utc=np.zeros(m, dtype=bool),
        protected=np.ones(m, dtype=bool),
    )


def letters(
    rng: np.random.Generator, acct: np.ndarray, day: np.ndarray, template: int
) -> dict[str, np.ndarray]:
    """Automated outbound letters of one template, sent during office hours."""
    m = acct.size
    return _frame(
        acct=acct,
        local_s=day * SECONDS_PER_DAY + _hours(rng, m, 10, 17),
        channel=np.full(m, LETTER),
        direction=np.full(m, OUTBOUND),
        outcome=np.full(m, _O["sent"]),
        collector=np.zeros(m, dtype=np.int64),
        duration=np.full(m, NONE),
        template=np.full(m, template),
        as_utc=np.ones(m, dtype=bool),
    )


def burst_calls(
    rng: np.random.Generator,
    acc: Accounts,
    windows: dict[str, np.ndarray],
    roster: Roster,
    win: Window,
    force: bool,
) -> dict[str, np.ndarray]:
    """A few over-eager collectors: 8-10 unanswered calls in 5 days on a past-due account.

    About 0.3% of past-due windows (and, with `force`, at least one) get a burst; these
    are what the 7-in-7 call frequency rule is there to find.
    """
    hard = (windows["bucket"] >= B1_30) & (windows["bucket"] < RECOVERING)
    length = windows["end"] - windows["start"] + 1
    eligible = hard & (length >= 5)
    pick = eligible & (rng.random(eligible.size) < 0.003)
    if force and not pick.any() and eligible.any():
        pick[np.flatnonzero(eligible)[0]] = True
    rows = np.flatnonzero(pick)
    calls = rng.integers(8, 11, rows.size)
    which = np.repeat(rows, calls)
    step = np.arange(which.size) - np.repeat(np.cumsum(calls) - calls, calls)
    day = windows["start"][which] + step // 2
    acct = windows["acct"][which]
    m = acct.size
    team = windows["team"][which]
    outcome = np.where(rng.random(m) < 0.7, _O["no_answer"], _O["left_message"])
    return _frame(
        acct=acct,
        local_s=day * SECONDS_PER_DAY + _hours(rng, m, 9, 20),
        channel=np.full(m, CALL),
        direction=np.full(m, OUTBOUND),
        outcome=outcome,
        collector=roster.pick(team, win.month_index(day), acc.sticky[acct]),
        duration=call_seconds(rng, outcome),
        template=np.full(m, NONE),
        as_utc=np.zeros(m, dtype=bool),
    )


def call_seconds(rng: np.random.Generator, outcome: np.ndarray) -> np.ndarray:
    """Talk (or ring) time of a call by outcome."""
    m = outcome.size
    low = np.full(m, 60)
    high = np.full(m, 900)
    for name, lo, hi in (
        ("no_answer", 15, 45),
        ("left_message", 20, 75),
        ("wrong_party", 15, 90),
        ("refused", 30, 300),
        ("promise_to_pay", 180, 1_500),
        ("cease_request", 30, 240),
        ("attorney_represented", 30, 200),
    ):
        low = np.where(outcome == _O[name], lo, low)
        high = np.where(outcome == _O[name], hi, high)
    return low + (rng.random(m) * (high - low)).astype(np.int64)


def _mix(rng: np.random.Generator, name: str, m: int) -> np.ndarray:
    codes, weights = OUTCOME_MIX[name]
    return np.asarray(codes)[rng.choice(len(codes), size=m, p=weights)]


def _hours(
    rng: np.random.Generator, m: int, first_hour: int, end_hour: int, off_share: float = 0.0
) -> np.ndarray:
    """Seconds after local midnight in [first_hour, end_hour); a share at 07:xx or 21:xx."""
    seconds = first_hour * 3_600 + (rng.random(m) * (end_hour - first_hour) * 3_600)
    seconds = seconds.astype(np.int64)
    off = rng.random(m) < off_share
    odd_hour = np.where(rng.random(m) < 0.5, 7, 21)
    return np.where(off, odd_hour * 3_600 + rng.integers(0, 3_600, m), seconds)


def _frame(**columns: np.ndarray) -> dict[str, np.ndarray]:
    m = columns["acct"].size
    defaults = {
        "protected": np.zeros(m, dtype=bool),
        "promise_due": np.full(m, NONE),
        "promise_amount": np.full(m, NONE),
    }
    frame = {**defaults, **columns}
    return {name: np.asarray(frame[name]) for name in COLUMNS}


def concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Stack action frames."""
    if not parts:
        return _frame(**{name: np.zeros(0, dtype=np.int64) for name in COLUMNS[:9]})
    return {name: np.concatenate([p[name] for p in parts]) for name in COLUMNS}


def take(frame: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """Rows of an action frame (a boolean mask or positions)."""
    return {name: values[rows] for name, values in frame.items()}
