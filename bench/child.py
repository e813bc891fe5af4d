"""The protocol between the harness and a measured child process: the child times its own
work and writes a small JSON result; the parent adds wall time and peak memory."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the --result option every child takes."""
    parsed = argparse.ArgumentParser(description=description)
    parsed.add_argument("--result", type=Path, required=True, help="JSON file to write")
    return parsed


def write_result(path: Path, result: dict[str, Any]) -> None:
    """Write a child's result (seconds, rows and any detail) as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, default=str) + "\n")


def read_result(path: Path) -> dict[str, Any]:
    """A child's result, or {} if it wrote none (it failed)."""
    return json.loads(path.read_text()) if path.exists() else {}
