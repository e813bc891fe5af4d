"""Command line: `python -m seeds.generator OUT_DIR [--accounts N] [--months N] ...`.

Writes a landing folder and prints the rows written per entity and the time it took.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from seeds.generator.pipeline import generate

DEMO_ACCOUNTS = 2_000
DEMO_MONTHS = 18
DEMO_SEED = 42
DEMO_END_MONTH = "2026-10"


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate, report."""
    parser = argparse.ArgumentParser(prog="python -m seeds.generator", description=__doc__)
    parser.add_argument("out_dir", type=Path, help="landing folder to write")
    parser.add_argument("--accounts", type=int, default=DEMO_ACCOUNTS)
    parser.add_argument("--months", type=int, default=DEMO_MONTHS)
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument("--end-month", default=DEMO_END_MONTH, help="last month, YYYY-MM")
    parser.add_argument("--workers", type=int, default=1, help="processes building chunks")
    parser.add_argument("--overwrite", action="store_true", help="replace existing batch files")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        rows = generate(
            args.out_dir,
            accounts=args.accounts,
            months=args.months,
            seed=args.seed,
            end_month=args.end_month,
            overwrite=args.overwrite,
            workers=args.workers,
        )
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    for entity, count in rows.items():
        print(f"{entity:>14} {count:>12,}")
    print(f"wrote {args.out_dir} in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
