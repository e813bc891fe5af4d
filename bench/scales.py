"""Portfolio sizes the harness knows: `make bench SCALE=<name>`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """A named portfolio size."""

    name: str
    accounts: int
    months: int


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("tiny", 200, 6),  # the smoke test's: every phase, in seconds
        Scale("10k", 10_000, 18),
        Scale("100k", 100_000, 18),
        Scale("1m", 1_000_000, 18),
    )
}
DEFAULT_SCALE = "100k"
