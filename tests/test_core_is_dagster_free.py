"""The core package (arrears/) and the dashboards import no Dagster: only `arrears build`
runs the Dagster job (orchestration.build, imported inside that command). Dagster's
definitions, the CLI and the dashboards all import the core, never the other way round."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from arrears.settings import REPO_ROOT

# The one place the core reaches into orchestration/: the build command runs the job.
ALLOWED_ORCHESTRATION_IMPORTS = {("arrears/cli.py", "orchestration.build")}

PROBE = """
import importlib, json, pkgutil, sys
import arrears, dashboards.lib
from click.testing import CliRunner

imported = []
for package in (arrears, dashboards.lib):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
        imported.append(module.name)
from arrears.cli import main
runner = CliRunner()
exits = {
    command: runner.invoke(main, [command, "--help"]).exit_code
    for command in ("export-audit", "verify-audit", "generate", "dashboard", "build")
}
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] in ("dagster", "dagster_dbt", "dagster_postgres", "orchestration")
)
print(json.dumps({"imported": imported, "exits": exits, "loaded": loaded}))
"""


def test_core_and_dashboards_import_without_dagster() -> None:
    """Every core module and every dashboards.lib module, imported in a fresh interpreter,
    and the CLI's commands' help, leave no Dagster (nor orchestration) module loaded."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    for expected in (
        "arrears.cli",
        "arrears.settings",
        "arrears.build",
        "arrears.ingest.loader",
        "arrears.audit.export",
        "arrears.quality.results",
        "arrears.publish.duckdb",
        "dashboards.lib.audit_export",
        "dashboards.lib.db",
    ):
        assert expected in report["imported"], f"{expected} was not imported"
    assert report["exits"] == dict.fromkeys(report["exits"], 0)
    assert report["loaded"] == [], f"the core loaded {report['loaded'][:5]}"


def _imports(path: Path) -> list[str]:
    """Every module a Python file imports, at any depth (lazy imports included)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def _orchestration_imports(folder: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted((REPO_ROOT / folder).rglob("*.py")):
        relative = path.relative_to(REPO_ROOT).as_posix()
        for name in _imports(path):
            if name.split(".")[0] in ("orchestration", "dagster", "dagster_dbt"):
                found.append((relative, name))
    return found


def test_dashboards_never_import_orchestration() -> None:
    """No file under dashboards/ imports orchestration or Dagster, even lazily."""
    assert _orchestration_imports("dashboards") == []


def _private_core_names(path: Path) -> list[str]:
    """Private names (a leading underscore) a file takes from the core: imported from an
    arrears module, or read as an attribute of an arrears module it imported."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    modules: set[str] = set()  # local names bound to arrears modules
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "arrears":
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{node.module}.{alias.name}")
                modules.add(alias.asname or alias.name)  # may be a module or a name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "arrears":
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_dashboards_use_only_the_cores_public_names() -> None:
    """The dashboards import the core's public interface, never a private lock or helper."""
    found = {
        path.relative_to(REPO_ROOT).as_posix(): names
        for path in sorted((REPO_ROOT / "dashboards").rglob("*.py"))
        if (names := _private_core_names(path))
    }
    assert found == {}


def test_core_imports_orchestration_only_to_run_the_build() -> None:
    """The core imports orchestration (or Dagster) in one place only: the build command."""
    assert set(_orchestration_imports("arrears")) == ALLOWED_ORCHESTRATION_IMPORTS
