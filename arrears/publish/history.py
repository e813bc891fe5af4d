"""Publish the action history without copying it: immutable Parquet files the published
warehouse reads through a view.

`marts.fct_action_history` is append-only and by far the largest mart; copying it into
every published file cost most of the publish step (68 s of 108 s at 1M accounts). It is
kept instead in `<warehouse>.history/` as immutable Parquet files, and the published
warehouse holds a view `marts.fct_action_history` over exactly the files of its build:

- a **base** file: every event (in month, account, event_seq order: _layout), with a
  small file of per-account fingerprints beside it;
- at most one **delta** file: for every account whose rows differ from the base, its rows
  from the first position that differs on (new events, a re-chained tail, a restated time
  zone), and a small file of those starts (account_id, from_seq, and the fingerprint).
  The view reads the base minus the positions the delta holds, plus the delta. A
  publish with nothing new since the last one reuses the delta.

Each publish compares per-account fingerprints of the working database's history (count,
and an XOR of per-row hashes of row_hash and the columns outside the hash) with the base's
and, for the accounts that differ, finds the first differing position against the base and
writes a new delta of the rows since then: a day's publish writes what changed since the
base (mostly the new events), not the history. When the delta would exceed
REBASE_FRACTION of the history, or an account lost events, a new base is written instead.
Files are never modified; every file name is new, and the view names them, so a reader of
an older published file keeps reading that build's history. Files referenced by neither
the new nor the previous published warehouse are deleted (readers hold a file for one
query). The view's comment holds the file names (JSON), which is how the next publish
finds them.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

HISTORY_TABLE = "fct_action_history"

# Rewrite the base when the delta would hold more than this share of the history's rows.
REBASE_FRACTION = 0.25


# Physical layout (no business rule): rows in month-of-occurred_at order, then account and
# position, in small row groups, so DuckDB skips row groups by their min/max: an auditor's
# month (a sargable occurred_at range, arrears/audit/export.py) reads that month's
# groups only, and one account's events one group per month.
def _layout(alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return (
        f"order by date_trunc('month', {prefix}occurred_at), {prefix}account_id, {prefix}event_seq"
    )


_PARQUET = "(format parquet, row_group_size 16384)"

# The columns compared to find where a changed account's timeline first differs from the
# base (row_hash covers every hashed column; the others are outside the hash).
_COMPARED = (
    "event_seq", "row_hash", "prev_hash", "source_id", "occurred_at_local", "local_timezone",
    "is_date_only",
)  # fmt: skip

# Per account: its event count and an XOR of one 64-bit hash per row over the columns a
# change can touch. row_hash covers every hashed column and, through prev_hash, the order;
# the others are the stored columns outside the hash.
_FINGERPRINT_SQL = """
select
    account_id,
    count(*) as events,
    bit_xor(hash(
        event_seq, row_hash, prev_hash, source_id, occurred_at_local, local_timezone,
        is_date_only
    )) as fingerprint
from {relation}
group by account_id
"""


@dataclass(frozen=True)
class HistoryFiles:
    """The files one published warehouse reads its history from (names in history_dir)."""

    base: str
    base_fingerprints: str
    delta: str | None = None
    delta_starts: str | None = None

    def names(self) -> set[str]:
        """Every file name of this state."""
        return {n for n in (self.base, self.base_fingerprints, self.delta, self.delta_starts) if n}

    def to_json(self) -> str:
        """The view comment that records these files."""
        return json.dumps(
            {
                "base": self.base,
                "base_fingerprints": self.base_fingerprints,
                "delta": self.delta,
                "delta_starts": self.delta_starts,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | None) -> HistoryFiles | None:
        """Parse a view comment; None if it is not one of ours."""
        try:
            data = json.loads(text or "")
            return cls(
                data["base"],
                data["base_fingerprints"],
                data.get("delta"),
                data.get("delta_starts"),
            )
        except (ValueError, KeyError, TypeError):
            return None


def history_dir(warehouse: Path) -> Path:
    """Where the history files of a published warehouse live: `<warehouse>.history/`."""
    return warehouse.with_name(warehouse.name + ".history")


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def published_history_files(warehouse: Path) -> HistoryFiles | None:
    """The history files the currently published warehouse reads (None: none, or a
    warehouse published before the history moved out of it)."""
    if not warehouse.exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            row = con.execute(
                "select comment from duckdb_views() where schema_name = 'marts' and view_name = ?",
                [HISTORY_TABLE],
            ).fetchone()
    except duckdb.Error:
        return None
    return HistoryFiles.from_json(row[0]) if row else None


def _usable(files: HistoryFiles | None, folder: Path) -> bool:
    return files is not None and all((folder / name).exists() for name in files.names())


def write_history(
    con: duckdb.DuckDBPyConnection, source: str, warehouse: Path, previous: HistoryFiles | None
) -> tuple[HistoryFiles, int]:
    """Bring the history files up to date with `source` (a relation in con, e.g.
    work.marts.fct_action_history); return the new files and the history's row count."""
    folder = history_dir(warehouse)
    folder.mkdir(parents=True, exist_ok=True)
    token = f"{time.time_ns()}"
    con.execute(
        "create or replace temp table _history_fingerprints as "
        + _FINGERPRINT_SQL.format(relation=source)
    )
    total = con.execute("select coalesce(sum(events), 0) from _history_fingerprints").fetchone()[0]
    if _usable(previous, folder):
        assert previous is not None
        files = _delta_on(con, source, folder, previous, token, total)
        if files is not None:
            return files, int(total)
    base = f"base-{token}.parquet"
    fingerprints = f"base-{token}.fingerprints.parquet"
    con.execute(
        f"copy (select * from {source} {_layout()}) to {_sql_path(folder / base)} {_PARQUET}"
    )
    con.execute(
        "copy (select * from _history_fingerprints order by account_id)"
        f" to {_sql_path(folder / fingerprints)} (format parquet)"
    )
    return HistoryFiles(base, fingerprints), int(total)


def _delta_on(
    con: duckdb.DuckDBPyConnection,
    source: str,
    folder: Path,
    previous: HistoryFiles,
    token: str,
    total: int,
) -> HistoryFiles | None:
    """The files for `source` on the previous base: the base alone, the previous delta
    again, or a new delta; None when a new base is due instead."""
    base = _sql_path(folder / previous.base)
    changed, removed = con.execute(
        f"""
        create or replace temp table _history_changed as
        select
            coalesce(w.account_id, b.account_id) as account_id,
            w.account_id is null or w.events < b.events as is_removed,
            w.events,
            w.fingerprint
        from _history_fingerprints as w
        full outer join read_parquet({_sql_path(folder / previous.base_fingerprints)}) as b
            on w.account_id = b.account_id
        where w.fingerprint is distinct from b.fingerprint or w.events is distinct from b.events;
        select count(*), count(*) filter (where is_removed) from _history_changed
        """
    ).fetchone()
    if removed:
        return None  # the history never shrinks; if it did, start over from a new base
    if not changed:
        return HistoryFiles(previous.base, previous.base_fingerprints)
    differs = " or ".join(f"w.{c} is distinct from b.{c}" for c in _COMPARED)
    delta_rows = con.execute(
        f"""
        create or replace temp table _history_starts as
        select
            w.account_id,
            min(w.event_seq) as from_seq,
            any_value(c.events) as events,
            any_value(c.fingerprint) as fingerprint
        from {source} as w
        inner join _history_changed as c on w.account_id = c.account_id
        left join (
            select account_id, {", ".join(_COMPARED)} from read_parquet({base})
            where account_id in (select account_id from _history_changed)
        ) as b on w.account_id = b.account_id and w.event_seq = b.event_seq
        where b.account_id is null or {differs}
        group by w.account_id;
        select coalesce(sum(events - from_seq + 1), 0) from _history_starts
        """
    ).fetchone()[0]
    if delta_rows > REBASE_FRACTION * max(total, 1):
        return None
    if not delta_rows:  # fingerprints differ but no row does (e.g. another DuckDB's hash)
        return HistoryFiles(previous.base, previous.base_fingerprints)
    if _same_delta(con, folder, previous):
        return previous  # nothing changed since the last publish
    delta, starts = f"delta-{token}.parquet", f"delta-{token}.starts.parquet"
    con.execute(
        "copy (select * from _history_starts order by account_id)"
        f" to {_sql_path(folder / starts)} (format parquet)"
    )
    con.execute(
        f"copy (select w.* from {source} as w inner join _history_starts as s"
        " on w.account_id = s.account_id and w.event_seq >= s.from_seq"
        f" {_layout('w')})"
        f" to {_sql_path(folder / delta)} {_PARQUET}"
    )
    return HistoryFiles(previous.base, previous.base_fingerprints, delta, starts)


def _same_delta(con: duckdb.DuckDBPyConnection, folder: Path, previous: HistoryFiles) -> bool:
    """Whether the previous delta starts at the same positions of the same accounts, each
    with the working history's fingerprint (then it is reused, not rewritten)."""
    if not previous.delta_starts:
        return False
    stored = _sql_path(folder / previous.delta_starts)
    names = {r[0] for r in con.execute(f"describe select * from read_parquet({stored})").fetchall()}
    if not {"from_seq", "events", "fingerprint"} <= names:
        return False
    differing = con.execute(
        f"""
        select account_id, from_seq, events, fingerprint, count(*) from (
            select account_id, from_seq, events, fingerprint from _history_starts
            union all
            select account_id, from_seq, events, fingerprint from read_parquet({stored})
        ) as both_sides
        group by account_id, from_seq, events, fingerprint
        having count(*) != 2
        """
    ).fetchall()
    return not differing


def create_history_view(
    con: duckdb.DuckDBPyConnection, warehouse: Path, files: HistoryFiles
) -> None:
    """Create marts.fct_action_history in the current database as a view over the files."""
    folder = history_dir(warehouse)
    base = f"select * from read_parquet({_sql_path(folder / files.base)}) as b"
    if files.delta and files.delta_starts:
        # the delta holds every position from each start on (a timeline never shrinks), so
        # superseding the positions it holds is an equality anti-join (a range condition
        # on from_seq made DuckDB 30x slower on every read)
        delta = f"read_parquet({_sql_path(folder / files.delta)})"
        body = (
            f"{base} where not exists (select 1 from {delta} as d"
            " where d.account_id = b.account_id and d.event_seq = b.event_seq)"
            f" union all select * from {delta}"
        )
    else:
        body = base
    con.execute(f'create view marts."{HISTORY_TABLE}" as {body}')
    comment = files.to_json().replace("'", "''")
    con.execute(f"comment on view marts.\"{HISTORY_TABLE}\" is '{comment}'")


def remove_unreferenced(warehouse: Path, keep: list[HistoryFiles | None]) -> None:
    """Delete history files that no published warehouse in `keep` reads."""
    folder = history_dir(warehouse)
    if not folder.is_dir():
        return
    wanted: set[str] = set()
    for files in keep:
        if files is not None:
            wanted |= files.names()
    for path in folder.glob("*.parquet"):
        if path.name not in wanted:
            path.unlink(missing_ok=True)
