"""Run one command as a child process; time it and poll the RSS of its whole process tree.

Linux only: the tree is found by scanning /proc for parent ids (psutil is not in the lock
file on Linux). The peak is the largest sum of resident set sizes seen in one poll, so a
spike shorter than the poll interval can be missed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

POLL_SECONDS = 0.05
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Run:
    """What one measured child process did."""

    returncode: int
    wall_seconds: float
    peak_rss_mb: float
    # (seconds since start, line) for every output line, when the output was captured.
    lines: list[tuple[float, str]] = field(default_factory=list)


def _parents() -> dict[int, int]:
    """Parent pid of every process visible in /proc."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may hold spaces or parentheses
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def tree_pids(root: int) -> list[int]:
    """root and every descendant still running."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def rss_kb(pid: int) -> int:
    """Resident set size of one process in KiB (0 once it has exited)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_mb(root: int) -> float:
    """Summed RSS of root and its descendants, in MiB."""
    return sum(rss_kb(pid) for pid in tree_pids(root)) / 1024


def run_measured(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    log: Path | None = None,
    on_line: Callable[[float, str], None] | None = None,
) -> Run:
    """Run command to completion, polling its tree's RSS.

    With log or on_line, stdout and stderr are captured line by line, each stamped with
    the seconds since start, written to log and passed to on_line; else they pass
    through to this process's own streams.
    """
    capture = log is not None or on_line is not None
    started = time.monotonic()
    proc = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.STDOUT if capture else None,
        text=True,
        errors="replace",
    )
    lines: list[tuple[float, str]] = []
    reader = None
    if capture:
        reader = threading.Thread(
            target=_read_lines, args=(proc, started, lines, log, on_line), daemon=True
        )
        reader.start()
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(POLL_SECONDS)
    wall = time.monotonic() - started
    if reader is not None:
        reader.join()
    return Run(proc.returncode, wall, round(peak, 1), lines)


def _read_lines(
    proc: subprocess.Popen[str],
    started: float,
    lines: list[tuple[float, str]],
    log: Path | None,
    on_line: Callable[[float, str], None] | None,
) -> None:
    assert proc.stdout is not None
    handle = log.open("w") if log is not None else None
    try:
        for raw in proc.stdout:
            stamp = time.monotonic() - started
            line = raw.rstrip("\n")
            lines.append((stamp, line))
            if handle is not None:
                handle.write(f"{stamp:9.2f} {line}\n")
                handle.flush()
            if on_line is not None:
                on_line(stamp, line)
    finally:
        if handle is not None:
            handle.close()


def python_module(module: str, *args: str) -> list[str]:
    """The command that runs `python -m module args` with this interpreter."""
    return [sys.executable, "-m", module, *args]
