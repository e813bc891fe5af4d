"""The benchmark harness (`make bench`): floors, full and incremental builds, compiled SQL,
dashboard queries and audit exports, each timed with the peak memory of its process tree.

Not a test: it measures and reports (bench/results/<scale>.json and .md); the issue's
targets are printed next to the numbers, never asserted.
"""

from pathlib import Path

# The repository the harness measures (not resolved: a symlinked bench/ measures its tree).
REPO_ROOT = Path(__file__).absolute().parent.parent
