"""The benchmark's landing folder: generated once per scale, minus its last day.

The seeded generator writes monthly files (`invoices/2026-10.csv`, ...). Before the full
build, the records of the last calendar day of the latest month are moved out of each
dated entity's latest file into `holdback/<entity>/<next day>.csv` (e.g. `2026-11-01.csv`:
that day's batch, landed the next morning; the name sorts after every monthly file). The
incremental measurement copies those files into the landing folder and rebuilds.
"""

from __future__ import annotations

import calendar
import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

SEED = 42
END_MONTH = "2026-10"
MARKER = ".bench.json"

# The column that dates each record of the entities delivered in monthly files.
DATED_ENTITIES: dict[str, str] = {
    "invoices": "issued_on",
    "adjustments": "effective_on",
    "payments": "received_at",
    "actions": "occurred_at",
    "promises": "created_at",
    "payment_plans": "created_on",
    "disputes": "opened_at",
}


@dataclass(frozen=True)
class Landing:
    """A prepared landing folder and the day held back from it."""

    landing: Path
    holdback: Path
    day: str
    held_rows: dict[str, int]

    def holdback_files(self) -> list[Path]:
        """The held-back batch files, relative to holdback/ (and to landing/ once landed)."""
        return sorted(p.relative_to(self.holdback) for p in self.holdback.glob("*/*.csv"))

    def land_new_day(self) -> None:
        """Copy the held-back files into the landing folder."""
        for relative in self.holdback_files():
            shutil.copy2(self.holdback / relative, self.landing / relative)

    def remove_new_day(self) -> None:
        """Take the held-back files out of the landing folder again (idempotent)."""
        for relative in self.holdback_files():
            (self.landing / relative).unlink(missing_ok=True)


def prepare(root: Path, accounts: int, months: int, log: TextIO = sys.stderr) -> Landing:
    """Generate root/landing (unless already there with these arguments) and hold back
    its last day; return the prepared landing with the new day *not* landed."""
    landing, holdback = root / "landing", root / "holdback"
    wanted = {"accounts": accounts, "months": months, "seed": SEED, "end_month": END_MONTH}
    marker = landing / MARKER
    if marker.exists():
        saved = json.loads(marker.read_text())
        if saved.get("arguments") == wanted:
            prepared = Landing(landing, holdback, saved["day"], saved["held_rows"])
            prepared.remove_new_day()
            print(f"[bench] reusing {landing} (held back {prepared.day})", file=log, flush=True)
            return prepared
    shutil.rmtree(landing, ignore_errors=True)
    shutil.rmtree(holdback, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "arrears.cli",
        "generate",
        "--out",
        str(landing),
        "--accounts",
        str(accounts),
        "--months",
        str(months),
        "--seed",
        str(SEED),
        "--end-month",
        END_MONTH,
    ]
    print(f"[bench] generating {accounts:,} accounts x {months} months", file=log, flush=True)
    subprocess.run(command, check=True)
    day, held = hold_back_last_day(landing, holdback)
    print(f"[bench] held back {day}: {sum(held.values()):,} records", file=log, flush=True)
    marker.write_text(json.dumps({"arguments": wanted, "day": day, "held_rows": held}, indent=2))
    return Landing(landing, holdback, day, held)


def hold_back_last_day(landing: Path, holdback: Path) -> tuple[str, dict[str, int]]:
    """Move the last day's records of each dated entity into holdback/; return the day
    (ISO) and the records moved per entity."""
    held: dict[str, int] = {}
    day = ""
    for entity, column in DATED_ENTITIES.items():
        monthly = sorted((landing / entity).glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].csv"))
        if not monthly:
            continue
        latest = monthly[-1]
        year, month = (int(part) for part in latest.stem.split("-"))
        last = date(year, month, calendar.monthrange(year, month)[1])
        day = last.isoformat()
        target = holdback / entity / f"{last + timedelta(days=1):%Y-%m-%d}.csv"
        held[entity] = split_file(latest, target, column, day)
    return day, held


def split_file(path: Path, target: Path, column: str, day: str) -> int:
    """Move the records of path whose `column` starts with day into target (same header,
    records byte for byte); return how many moved."""
    target.parent.mkdir(parents=True, exist_ok=True)
    kept_path = path.with_name(path.name + ".tmp")
    moved = 0
    with (
        path.open(newline="", encoding="utf-8") as source,
        kept_path.open("w", newline="", encoding="utf-8") as kept,
        target.open("w", newline="", encoding="utf-8") as held,
    ):
        records = _records(source)
        header, raw_header = next(records, ([], ""))
        kept.write(raw_header)
        held.write(raw_header)
        index = header.index(column) if column in header else -1
        for row, raw in records:
            if 0 <= index < len(row) and row[index].startswith(day):
                held.write(raw)
                moved += 1
            else:
                kept.write(raw)
    kept_path.replace(path)
    return moved


def _records(handle: TextIO) -> Iterator[tuple[list[str], str]]:
    """Each CSV record with its raw text (a quoted newline keeps the record whole)."""
    buffer: list[str] = []

    def lines() -> Iterator[str]:
        for line in handle:
            buffer.append(line)
            yield line

    for row in csv.reader(lines()):
        raw = "".join(buffer)
        buffer.clear()
        yield row, raw
