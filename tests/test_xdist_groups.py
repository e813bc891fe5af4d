"""`make test` runs pytest with `-n 2 --dist loadgroup`: the tests of one xdist_group
(e.g. "engines": the cross-engine builds, the Spark unit tests on the Spark build) must run
on one worker, so its session fixtures (a Spark server and build, minutes each) are built
once. pytest 9.2 broke this silently with pytest-xdist 3.8 (the group marks were ignored
and each worker built its own; pytest-xdist issue 1386), hence pyproject.toml's pin; this
test fails if grouping stops working again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MODULE = """
import os
import pytest

pytestmark = pytest.mark.xdist_group("together")


@pytest.mark.parametrize("n", range(3))
def test_records_its_worker(n):
    with open(os.environ["WORKERS_FILE"], "a") as out:
        out.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")
"""


def test_one_xdist_group_runs_on_one_worker(tmp_path: Path):
    for name in ("test_first.py", "test_second.py"):
        (tmp_path / name).write_text(MODULE)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    workers = tmp_path / "workers.txt"
    command = [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-q"]
    proc = subprocess.run(
        [*command, "-p", "no:cacheprovider", "test_first.py", "test_second.py"],
        cwd=tmp_path,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
            "WORKERS_FILE": str(workers),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    seen = workers.read_text().split()
    assert len(seen) == 6, seen
    assert len(set(seen)) == 1, f"one xdist_group ran on several workers: {sorted(set(seen))}"
