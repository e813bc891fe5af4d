"""Spark's plain Parquet tables have no row-level DELETE: no model may be incremental there.

The cross-engine equality test builds once, from empty, where an incremental model never
deletes; a new day's build on Spark then failed in the snapshot models' pre-hook
(`delete from ...`), found by `make bench ENGINE=spark`. This checks the Spark target's
parsed project, in seconds, without a Spark server.
"""

from __future__ import annotations

import json
import os
import subprocess

from arrears.dbt_manifest import DBT_PROJECT_DIR, dbt_command


def test_no_model_is_incremental_on_spark(tmp_path):
    env = {**os.environ, "DBT_TARGET_PATH": str(tmp_path / "target")}
    env["DBT_LOG_PATH"] = str(tmp_path / "logs")
    done = subprocess.run(
        [dbt_command(), "parse", "--target", "spark", "--profiles-dir", ".", "--quiet"],
        cwd=DBT_PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    models = {
        node["name"]: node["config"]["materialized"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }
    assert models, "the Spark target parsed no models"
    assert {name: kind for name, kind in models.items() if kind == "incremental"} == {}
    # the snapshot models and the action history are among those rebuilt whole
    for name in ("int_item_open_balances", "fct_ar_aging", "fct_action_history"):
        assert models[name] == "table"
