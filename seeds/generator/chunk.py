"""One chunk of accounts, end to end: accounts, ledger, activity, then contract tables.

A chunk is a fixed number of consecutive accounts with its own random stream, spawned
from the run's seed by chunk index (`SeedSequence(seed).spawn`: child 0 draws the
collector roster, child i + 1 chunk i). What a chunk produces depends only on the seed,
its index, the window and the roster, never on how many chunks run or in which process.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from seeds.generator import actions as act
from seeds.generator import tables
from seeds.generator.accounts import account_table, make_accounts, restate
from seeds.generator.collectors import Roster
from seeds.generator.disputes import dispute_versions
from seeds.generator.ledger import simulate
from seeds.generator.promises import plan_collectors, promise_rows
from seeds.generator.shaping import shape
from seeds.generator.tables import Batch
from seeds.generator.window import Window
from seeds.generator.windows import collection_windows, promise_candidates

CHUNK_SIZE = 50_000
RESTATED_IN_FIRST_CHUNK = 3


def stream(seed: int, child: int) -> np.random.Generator:
    """The random stream of a child of the run's seed (0 = roster, i + 1 = chunk i)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(child,)))


def build_chunk(
    seed: int,
    index: int,
    accounts: int,
    win: Window,
    roster: Roster,
    chunk_size: int = CHUNK_SIZE,
) -> dict[str, Batch]:
    """The rows of chunk `index` of a portfolio of `accounts` accounts, per entity."""
    rng = stream(seed, index + 1)
    first_number = index * chunk_size + 1
    n = min(chunk_size, accounts - index * chunk_size)
    first = index == 0

    acc = make_accounts(rng, first_number, n, win)
    restated = restate(rng, acc, win, force_first=RESTATED_IN_FIRST_CHUNK if first else 0)
    led = simulate(rng, acc, win)
    windows = collection_windows(acc, led, win)
    candidates = promise_candidates(rng, acc, led, windows)
    drawn = act.concat(
        [
            act.draw_actions(rng, acc, windows, roster, win),
            act.promise_calls(rng, acc, candidates, roster, win),
            act.plan_calls(rng, acc, led.plans, roster, win),
        ]
    )
    actions, disputes = shape(rng, acc, drawn, windows, roster, win, force_examples=first)
    promises = promise_rows(rng, actions, candidates)
    action_batch, promise_batch = tables.actions_and_promises(acc, actions, promises, win)

    account_rows = pa.concat_tables([account_table(acc), account_table(restated)])
    account_file = np.concatenate([np.zeros(acc.n, np.int64), np.ones(restated.n, np.int64)])
    return {
        "accounts": Batch(account_rows, account_file),
        "invoices": tables.invoices(acc, led.invoices, win),
        "adjustments": tables.adjustments(acc, led.adjustments, win),
        "payments": tables.payments(rng, acc, led.payments, win),
        "actions": action_batch,
        "promises": promise_batch,
        "payment_plans": tables.plans(
            acc, led.plans, plan_collectors(rng, acc, led.plans, roster, win), win
        ),
        "disputes": tables.disputes(acc, dispute_versions(disputes, win), win),
    }
