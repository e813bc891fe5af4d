"""Deterministic, vectorized demo data for arrears: a landing folder of any size.

    from seeds.generator import generate
    rows = generate(Path("data/landing"), accounts=2_000, months=18, seed=42)

writes all nine contract entities as CSV batch files (see pipeline.py for the layout and
bad_rows.py for the deliberate contract breaks). Same arguments, same bytes.
"""

from seeds.generator.pipeline import generate

__all__ = ["generate"]
