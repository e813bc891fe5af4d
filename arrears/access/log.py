"""The access log: one hash-chained JSON line per export (dashboard download or
``arrears export-audit``): who, role, when, what, which filter, how many rows, the file's
SHA-256.

It lives beside the published warehouse (``<warehouse dir>/access_log.jsonl``, or
``$ARREARS_ACCESS_LOG``), not in it: the published file is read-only to every reader and
replaced whole by each build, so anything written into it would be lost at the next
publish. A JSON-lines file opened in append mode, under an exclusive lock, keeps every
entry in order across processes; it is created owner-only (0600).

Each entry carries ``prev_hash`` (the previous entry's ``hash``; 64 zeros for the first)
and ``hash`` = SHA-256 of the entry's canonical JSON without ``hash``: changing, removing
or reordering an entry breaks every later link, which ``verify`` reports (``arrears
verify-audit --access-log``), as the action history's chain does.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ACCESS_LOG_ENV_VAR = "ARREARS_ACCESS_LOG"
FILE_NAME = "access_log.jsonl"
GENESIS = "0" * 64
FIELDS = ("seq", "at", "who", "role", "action", "file", "filter", "rows", "sha256")


def log_path(warehouse: Path) -> Path:
    """``$ARREARS_ACCESS_LOG`` or ``access_log.jsonl`` beside ``warehouse``."""
    configured = os.environ.get(ACCESS_LOG_ENV_VAR, "").strip()
    return Path(configured).expanduser() if configured else warehouse.parent / FILE_NAME


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 of the entry's canonical JSON (sorted keys, no ``hash``)."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(
    path: Path,
    *,
    who: str,
    role: str,
    action: str,
    file: str,
    filter: dict[str, Any],
    rows: int,
    sha256: str,
) -> dict[str, Any]:
    """Append one chained entry to the log at ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "r+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            last = None
            seq = 0
            for line in handle:
                if line.strip():
                    last = line
                    seq += 1
            prev = json.loads(last)["hash"] if last else GENESIS
            entry: dict[str, Any] = {
                "seq": seq + 1,
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "who": who,
                "role": role,
                "action": action,
                "file": file,
                "filter": filter,
                "rows": int(rows),
                "sha256": sha256,
                "prev_hash": prev,
            }
            entry["hash"] = entry_hash(entry)
            handle.write(json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return entry


def read(path: Path) -> list[dict[str, Any]]:
    """Every entry, oldest first ([] when there is no log yet)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    message: str


def verify(path: Path) -> Verdict:
    """Recompute the chain; the verdict names the first entry that does not link."""
    if not path.exists():
        return Verdict(False, 0, f"no access log at {path}")
    prev = GENESIS
    count = 0
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                return Verdict(False, count, f"{path}: line {number} is not JSON")
            count += 1
            if entry.get("seq") != count or entry.get("prev_hash") != prev:
                return Verdict(
                    False,
                    count,
                    f"{path}: entry {count} (line {number}) does not follow entry {count - 1}",
                )
            if entry.get("hash") != entry_hash(entry):
                return Verdict(False, count, f"{path}: entry {count} (line {number}) was altered")
            prev = entry["hash"]
    return Verdict(True, count, f"{path}: {count} access log entries, chain intact")
