"""The dbt project, as dagster-dbt sees it (one cached DbtProject for every asset), and
the partial-parse cache that spares a daily build dbt's full parse."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from dagster_dbt.compat import DBT_PYTHON_VERSION

from arrears.dbt_manifest import DBT_PROJECT_DIR

arrears_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` this (re)parses the project; elsewhere the CLI prepares it first.
arrears_dbt_project.prepare_if_dev()


class ArrearsDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt CLI resource without two start-up costs it pays on every `cli()`
    call and a build does not use (together ~4 s of a daily build, measured in
    DECISIONLOG "Fixed costs of a build"):

    - the version of dbt, which it learns by running `dbt --version` (a whole dbt start-up
      in a subprocess): the dbt run is the dbt-core installed beside this code
      (arrears.dbt_manifest.dbt_command), whose version dagster-dbt has read at
      import;
    - a dbt adapter loaded in this process (dbt imported, the project and profile read),
      used only by `fetch_row_counts()` and `fetch_column_metadata()`, which this project
      never calls. Without it those two would be no-ops, not errors.

    Both override private members of the pinned dagster-dbt; tests/dbt/test_dbt_cli_resource.py
    fails if an upgrade renames them."""

    @cached_property
    def _cli_version(self):  # packaging Version, as the base returns
        if DBT_PYTHON_VERSION is None:  # no dbt-core here: ask the executable, as the base does
            return DbtCliResource._cli_version.func(self)
        return DBT_PYTHON_VERSION

    def _initialize_dbt_core_adapter(self, args):
        return None


PARTIAL_PARSE_FILE = "partial_parse.msgpack"
# One cached parse per working database; the least recently used beyond this are removed.
PARTIAL_PARSE_KEEP = 8


def dbt_target_root() -> Path:
    """Where dbt invocations write their target folders (DBT_TARGET_PATH, as dagster-dbt
    reads it), absolute."""
    root = Path(os.getenv("DBT_TARGET_PATH", "target"))
    return root if root.is_absolute() else DBT_PROJECT_DIR / root


def unique_target_path(step_name: str, run_id: str) -> Path:
    """A fresh target folder for one dbt invocation, named as dagster-dbt names its own."""
    return dbt_target_root() / f"{step_name}-{run_id[:7]}-{uuid.uuid4().hex[:7]}"


def _partial_parse_cache(work_db: Path) -> Path:
    # dbt rejects a saved parse whose profile differs, and the profile holds the working
    # database's path: a parse is only reusable by builds of the same working database.
    key = hashlib.sha256(str(work_db.resolve()).encode()).hexdigest()[:16]
    return dbt_target_root() / "partial_parse" / f"{key}.msgpack"


def seed_partial_parse(target_path: Path, work_db: Path) -> bool:
    """Put the last parse of this working database into a new dbt target folder, so dbt
    re-parses only the files that changed. dbt checks the saved state itself (file
    checksums, profile, vars, env vars, version) and parses in full when it does not
    match, so a stale cache costs time, never correctness. Returns whether one was put."""
    cache = _partial_parse_cache(work_db)
    if not cache.is_file():
        return False  # dagster-dbt then copies target/partial_parse.msgpack (dbt parse's)
    target_path.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cache, target_path / PARTIAL_PARSE_FILE)
    os.utime(cache)  # recently used
    return True


def save_partial_parse(target_path: Path, work_db: Path) -> None:
    """Keep the parse dbt wrote in target_path for this working database's next build
    (written whole then renamed, so a build reading it never sees half a file)."""
    written = target_path / PARTIAL_PARSE_FILE
    if not written.is_file():
        return
    cache = _partial_parse_cache(work_db)
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(f"{cache.name}.{uuid.uuid4().hex[:8]}.tmp")
    shutil.copyfile(written, partial)
    os.replace(partial, cache)
    cached = sorted(cache.parent.glob("*.msgpack"), key=_mtime, reverse=True)
    for old in cached[PARTIAL_PARSE_KEEP:]:
        old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # removed by a build finishing beside this one
        return 0.0
