"""A throwaway PostgreSQL server (tests, the benchmark): initdb in a temp dir, a free port on
127.0.0.1, stopped at the end.

The binaries come from $ARREARS_PG_BIN, else the newest /usr/lib/postgresql/<v>/bin
(Debian's `postgresql` package), else pg_ctl on PATH. PostgreSQL refuses to run as root:
as root the server runs as the `postgres` user (Debian creates it). When none of this is
possible, `start_postgres` raises Unavailable with the reason (the tests skip with it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "arrears"


class Unavailable(Exception):
    """PostgreSQL cannot be started on this machine; the message says why."""


def pg_bin_dir() -> Path:
    configured = os.environ.get("ARREARS_PG_BIN")
    candidates = [Path(configured)] if configured else []
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    raise Unavailable(
        "PostgreSQL binaries not found (install Debian's `postgresql` package, or set "
        "ARREARS_PG_BIN to the directory holding initdb and pg_ctl)"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    """A running server; `database()` creates a fresh database and returns its URL."""

    bin_dir: Path
    data_dir: Path
    port: int
    run_as: list[str]
    _databases: int = field(default=0)

    @property
    def base_url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}"

    def database(self, name: str | None = None) -> str:
        import psycopg2

        self._databases += 1
        name = name or f"arrears_{self._databases}"
        con = psycopg2.connect(f"{self.base_url}/postgres")
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(f'drop database if exists "{name}"')
            cur.execute(f'create database "{name}"')
        con.close()
        return f"{self.base_url}/{name}"

    def stop(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
            capture_output=True,
            check=False,
        )


def _run(command: list[str], what: str) -> None:
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = " ".join((proc.stdout + proc.stderr).split())[-400:]
        raise Unavailable(f"{what} failed: {tail}")


def start_postgres(root: Path | None = None) -> PostgresServer:
    """initdb + pg_ctl start in a new temp dir; raise Unavailable with the reason."""
    bin_dir = pg_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="arrears-pg-", dir=root))
    data_dir = root / "data"
    data_dir.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            runuser = None
        if runuser is None:
            raise Unavailable("running as root without a `postgres` user and runuser")
        run_as = [runuser, "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        shutil.chown(data_dir, "postgres")
    data_dir.chmod(0o700)
    _run(
        [
            *run_as,
            str(bin_dir / "initdb"),
            "-D",
            str(data_dir),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        "initdb",
    )
    port = _free_port()
    options = f"-p {port} -k {data_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
    options += " -c synchronous_commit=off -c full_page_writes=off"
    _run(
        [
            *run_as,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data_dir),
            "-o",
            options,
            "-l",
            str(data_dir / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
        "pg_ctl start",
    )
    return PostgresServer(bin_dir, data_dir, port, run_as)


@contextlib.contextmanager
def running_postgres():
    """A started server, stopped (and its directory removed) on exit."""
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.data_dir.parent, ignore_errors=True)


__all__ = ["PostgresServer", "Unavailable", "running_postgres", "start_postgres"]
