"""The SHA-256 of the strategy seeds, computed from the CSV files the way the warehouse
computes it from the loaded seeds (dbt model int_strategy_seed_digest), so an auditor can
check which rules were in force: `python -m arrears.strategy_digest [SEEDS_DIR]`.

Canonical form: each row is its columns in file order as text (empty for NULL, booleans
true/false, money with two decimals, integers without them), joined by ','; a seed's lines
are sorted and joined by '\n' and hashed (hex); the set's digest is the SHA-256 of
'strategies:<hex>\nstrategy_rules:<hex>\ntreatments:<hex>'.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from decimal import Decimal
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"

# column -> how the warehouse types it (seeds/_strategy__seeds.yml column_types)
_MONEY = {"min_balance", "max_balance", "unit_cost"}
_INTEGER = {
    "version",
    "traffic_share",
    "priority",
    "min_days_past_due",
    "max_days_past_due",
    "step",
    "day_offset",
}
_BOOLEAN = {"is_champion", "has_open_promise", "has_active_plan", "has_open_dispute"}
_DOUBLE = {"min_score", "max_score"}
SEEDS = ("strategies", "strategy_rules", "treatments")


def _canonical(column: str, value: str) -> str:
    value = value.strip()
    if value == "":
        return ""
    if column in _MONEY:
        return f"{Decimal(value):.2f}"
    if column in _INTEGER:
        return str(int(value))
    if column in _BOOLEAN:
        return str(value.lower() == "true").lower()
    if column in _DOUBLE:
        return repr(float(value))
    return value


def seed_sha256(path: Path) -> str:
    """SHA-256 (hex) of one seed file in canonical form."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        lines = [
            ",".join(_canonical(c, row[c] or "") for c in reader.fieldnames or []) for row in reader
        ]
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def strategy_seed_sha256(seeds_dir: Path = SEEDS_DIR) -> str:
    """The digest of the three strategy seeds together (fct_strategy_assignment's column)."""
    parts = [f"{name}:{seed_sha256(seeds_dir / f'{name}.csv')}" for name in SEEDS]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    seeds_dir = Path(args[0]) if args else SEEDS_DIR
    missing = [n for n in SEEDS if not (seeds_dir / f"{n}.csv").is_file()]
    if missing:
        print(f"arrears: error: {seeds_dir} has no {', '.join(missing)} seed", file=sys.stderr)
        return 2
    print(strategy_seed_sha256(seeds_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
