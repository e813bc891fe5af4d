"""`python -m bench [--scale 10k|100k|1m|tiny] [--engine duckdb|postgres|spark]`: run the
benchmark, write bench/results/<scale>.json and .md (`<scale>-<engine>` on another engine),
print the markdown table. Exits 1 if a measurement failed (the results are written anyway)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.engines import ENGINES
from bench.run import DATA_ROOT, RESULTS_DIR, Bench, failed_measurements, write_results
from bench.scales import DEFAULT_SCALE, SCALES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default=DEFAULT_SCALE)
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="duckdb",
        help="engine the builds run on (a throwaway server is started for postgres/spark)",
    )
    parser.add_argument(
        "--data-dir", type=Path, default=DATA_ROOT, help="data goes in DATA_DIR/<scale>/"
    )
    parser.add_argument(
        "--results-dir", type=Path, default=RESULTS_DIR, help="where <scale>.json/.md go"
    )
    args = parser.parse_args(argv)
    results = Bench(SCALES[args.scale], args.data_dir, args.results_dir, args.engine).run()
    print(write_results(results, args.results_dir))
    failed = failed_measurements(results)
    if failed:
        print(f"[bench] failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
