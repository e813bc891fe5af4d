"""generate(): a whole landing folder, chunk after chunk, with the deliberate bad rows.

Layout written under `out_dir`:

- `accounts/0000-initial.csv` (every account) and `accounts/<YYYY-MM>-restatement.csv`
  (a few accounts restated about two thirds into the window);
- `collectors/0000-initial.csv`;
- `<entity>/<YYYY-MM>.csv` for every month of the window, for invoices, adjustments,
  payments, actions, promises, payment_plans and disputes (header-only when a month has
  no rows); disputes reappear in a later month's file when verified or resolved.

File names sort in load order. The same arguments always give byte-identical files:
chunks may be built in worker processes, but they are written strictly in chunk order.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import numpy as np

from seeds.generator.accounts import restatement_month
from seeds.generator.bad_rows import bad_rows, exact_duplicate
from seeds.generator.chunk import CHUNK_SIZE, build_chunk, stream
from seeds.generator.collectors import Roster, make_roster, roster_table
from seeds.generator.reference import ENTITIES, MONTHLY_ENTITIES
from seeds.generator.tables import Batch
from seeds.generator.window import Window, make_window
from seeds.generator.writer import LandingWriter

INITIAL = "0000-initial"


def file_names(win: Window) -> dict[str, list[str]]:
    """The batch files (names without .csv) of every entity, in load order."""
    restated_in = win.label(restatement_month(win))
    names: dict[str, list[str]] = {
        "accounts": [INITIAL, f"{restated_in}-restatement"],
        "collectors": [INITIAL],
    }
    for entity in MONTHLY_ENTITIES:
        names[entity] = [win.label(i) for i in range(win.months)]
    return {entity: names[entity] for entity in ENTITIES}


def generate(
    out_dir: Path,
    accounts: int,
    months: int,
    seed: int,
    end_month: str = "2026-10",
    *,
    overwrite: bool = False,
    workers: int = 1,
) -> dict[str, int]:
    """Write a landing folder of `accounts` accounts over `months` months up to `end_month`.

    Returns the number of rows written per entity (deliberate bad rows included). Refuses
    to write over existing batch files unless `overwrite`, which deletes them first.
    `workers` > 1 builds chunks of 50,000 accounts in that many processes (the output does
    not depend on it; on a 2-core machine it was no faster, the work being memory-bound).
    """
    if accounts < 1:
        raise ValueError("accounts must be at least 1")
    win = make_window(end_month, months)
    out = Path(out_dir)
    _prepare(out, overwrite)
    roster = make_roster(stream(seed, 0), accounts, win)
    with LandingWriter(out, file_names(win)) as writer:
        writer.write("collectors", Batch(roster_table(roster), np.zeros(roster.number.size)))
        for batches in chunk_batches(seed, accounts, win, roster, workers, CHUNK_SIZE):
            for entity, batch in batches.items():
                writer.write(entity, batch)
        extras = bad_rows(win, writer.first_rows)
        duplicate = exact_duplicate(win, writer.first_rows)
        for bad in [*extras, *([duplicate] if duplicate else [])]:
            writer.append_rows(bad.entity, bad.file, [bad.row])
    return dict(writer.counts)


def chunk_batches(
    seed: int,
    accounts: int,
    win: Window,
    roster: Roster,
    workers: int,
    chunk_size: int,
) -> Iterator[dict[str, Batch]]:
    """Every chunk's batches, in chunk order (built in `workers` processes if more than 1)."""
    count = -(-accounts // chunk_size)
    workers = max(1, min(workers, count))
    if workers <= 1:
        for index in range(count):
            yield build_chunk(seed, index, accounts, win, roster, chunk_size)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future[dict[str, Batch]]] = deque()
        for index in range(count):
            job = pool.submit(build_chunk, seed, index, accounts, win, roster, chunk_size)
            pending.append(job)
            if len(pending) > workers:  # bounded: at most one finished chunk waits in memory
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _prepare(out: Path, overwrite: bool) -> None:
    existing = [
        path
        for entity in ENTITIES
        if (out / entity).is_dir()
        for path in sorted((out / entity).iterdir())
        if path.suffix in (".csv", ".parquet")
    ]
    if existing and not overwrite:
        raise FileExistsError(
            f"{out} already holds {len(existing)} batch files; pass overwrite=True to replace them"
        )
    for path in existing:
        path.unlink()
