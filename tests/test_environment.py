"""The main environment imports cleanly from any entry point.

pyspark beside Great Expectations made `python -c "import great_expectations"` (and
pytest's workers, whose __main__ has no file) exit 0 without a word: pyspark's Spark
Connect doctest guard. pyspark therefore lives in .venv-spark (`make spark-deps`).
"""

import importlib.util
import subprocess
import sys


def test_pyspark_is_not_in_the_main_environment():
    assert importlib.util.find_spec("pyspark") is None


def test_great_expectations_imports_from_python_dash_c():
    done = subprocess.run(
        [sys.executable, "-c", "import great_expectations; print('imported')"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("imported"), done.stderr[-2000:]
