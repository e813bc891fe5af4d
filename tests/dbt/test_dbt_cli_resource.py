"""What the build's dbt step skips at start-up, and the partial-parse cache it keeps
(orchestration/project.py)."""

from __future__ import annotations

import inspect
import sys
from importlib.metadata import version

import pytest
from dagster_dbt import DbtCliResource

from arrears.dbt_manifest import DBT_PROJECT_DIR, dbt_command
from orchestration import project
from orchestration.project import ArrearsDbtCliResource


def test_the_overridden_members_are_still_what_dagster_dbt_calls():
    # They are private: an upgrade that renames them must fail here, not silently bring
    # back a `dbt --version` subprocess and an in-process adapter on every build.
    source = inspect.getsource(DbtCliResource.cli)
    assert "self._cli_version" in source
    assert "self._initialize_dbt_core_adapter(" in source
    assert isinstance(
        inspect.getattr_static(DbtCliResource, "_cli_version"),
        type(inspect.getattr_static(ArrearsDbtCliResource, "_cli_version")),
    )


def test_version_is_the_installed_dbt_core_without_running_dbt():
    # the base asks `dbt --version`, which starts dbt and asks PyPI for the latest release
    resource = ArrearsDbtCliResource(project_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_command())
    assert dbt_command().startswith(sys.prefix)  # the dbt beside this interpreter
    assert str(resource._cli_version) == version("dbt-core")
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_the_build_uses_it(dbt_manifest):
    from orchestration.definitions import defs

    assert isinstance(defs.resources["dbt"], ArrearsDbtCliResource)


def test_the_build_leaves_unit_tests_out():
    from orchestration.defs.transform.assets import BUILD_ARGS

    assert BUILD_ARGS[0] == "build"
    assert "unit_test" in BUILD_ARGS[BUILD_ARGS.index("--exclude-resource-type") + 1 :]


@pytest.fixture
def target_root(tmp_path, monkeypatch):
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    return tmp_path / "target"


def test_a_parse_is_reused_by_the_next_build_of_the_same_working_database(target_root, tmp_path):
    work, other = tmp_path / "a.work.duckdb", tmp_path / "b.work.duckdb"
    first = project.unique_target_path("arrears_dbt_models", "run-one")
    assert first.parent == target_root
    assert not project.seed_partial_parse(first, work)  # nothing cached yet
    first.mkdir(parents=True)
    (first / project.PARTIAL_PARSE_FILE).write_bytes(b"parse of a")
    project.save_partial_parse(first, work)

    second = project.unique_target_path("arrears_dbt_models", "run-two")
    assert second != first
    assert project.seed_partial_parse(second, work)
    assert (second / project.PARTIAL_PARSE_FILE).read_bytes() == b"parse of a"
    # another working database's profile differs: dbt would reject that parse
    assert not project.seed_partial_parse(project.unique_target_path("m", "r3"), other)


def test_the_cache_keeps_the_most_recent_parses_only(target_root, tmp_path):
    for i in range(project.PARTIAL_PARSE_KEEP + 3):
        built = project.unique_target_path("m", f"run{i}")
        built.mkdir(parents=True)
        (built / project.PARTIAL_PARSE_FILE).write_bytes(b"x")
        project.save_partial_parse(built, tmp_path / f"{i}.work.duckdb")
    cached = list((target_root / "partial_parse").iterdir())
    assert len(cached) == project.PARTIAL_PARSE_KEEP
    assert all(p.suffix == ".msgpack" for p in cached)  # no temporary file left behind
