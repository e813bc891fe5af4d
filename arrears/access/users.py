"""Who is who: the users file maps an e-mail to a role and its scope.

The file is TOML (``config/users.example.toml`` documents it), found at ``--users`` /
``$ARREARS_USERS``, default ``config/users.toml``::

    [users."cfo@example.com"]
    role = "cfo"

    [users."viewer@acme.example"]
    role = "client_viewer"
    client = "ACME"                # the client whose accounts they see

    [users."lead@example.com"]
    role = "manager"
    teams = ["early_stage"]        # their teams' collectors and accounts

    [users."ann@example.com"]
    role = "collector"
    collector_id = "C001"          # their own queue

E-mails match case-insensitively. An unknown e-mail has no access (``lookup`` returns
None), and a malformed file raises ``UsersFileError`` with one readable line.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from arrears.access.roles import ROLES, RolePolicy, policy

USERS_ENV_VAR = "ARREARS_USERS"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_USERS_FILE = REPO_ROOT / "config" / "users.toml"


class UsersFileError(ValueError):
    """The users file is missing or malformed (one readable line)."""


@dataclass(frozen=True)
class Principal:
    """A signed-in user with their role and scope (hashable: part of query cache keys)."""

    email: str
    role: str
    client: str | None = None
    teams: tuple[str, ...] = ()
    collector_id: str | None = None

    @property
    def policy(self) -> RolePolicy:
        return policy(self.role)

    def may_open(self, page: str) -> bool:
        return page in self.policy.pages

    def describe(self) -> str:
        """``email (role, scope)`` for banners and the access log."""
        scope = {
            "client": f"client {self.client}",
            "team": f"teams {', '.join(self.teams)}",
            "queue": f"collector {self.collector_id}",
            "all": "all clients",
        }[self.policy.scope]
        return f"{self.email} ({self.role}, {scope})"


DEMO_PRINCIPAL = Principal(email="demo (no login)", role="admin")


def users_file() -> Path:
    """``$ARREARS_USERS`` or ``config/users.toml``."""
    configured = os.environ.get(USERS_ENV_VAR, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_USERS_FILE


def load_users(path: Path | None = None) -> dict[str, Principal]:
    """Read the users file into ``{lower-case e-mail: Principal}``."""
    path = path or users_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsersFileError(
            f"no users file at {path} (copy config/users.example.toml; ${USERS_ENV_VAR})"
        ) from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsersFileError(f"cannot read users file {path}: {exc}") from None
    users = data.get("users", {})
    if not isinstance(users, dict):
        raise UsersFileError(f"{path}: [users] must be a table of e-mail = {{role = ...}}")
    return {email.strip().lower(): _principal(path, email, entry) for email, entry in users.items()}


def _principal(path: Path, email: str, entry: object) -> Principal:
    where = f"{path}: user {email!r}"
    if not isinstance(entry, dict):
        raise UsersFileError(f"{where} must be a table")
    role = entry.get("role")
    if role not in ROLES:
        raise UsersFileError(f"{where} has role {role!r}; known: {', '.join(ROLES)}")
    client = entry.get("client")
    teams = entry.get("teams", [])
    collector_id = entry.get("collector_id")
    if isinstance(teams, str):
        teams = [teams]
    scope = ROLES[role].scope
    if scope == "client" and not (isinstance(client, str) and client):
        raise UsersFileError(f'{where} is a {role} and needs client = "..."')
    if scope == "team" and not (teams and all(isinstance(t, str) and t for t in teams)):
        raise UsersFileError(f'{where} is a {role} and needs teams = ["..."]')
    if scope == "queue" and not (isinstance(collector_id, str) and collector_id):
        raise UsersFileError(f'{where} is a {role} and needs collector_id = "..."')
    return Principal(
        email=email.strip().lower(),
        role=role,
        client=client if scope == "client" else None,
        teams=tuple(teams) if scope == "team" else (),
        collector_id=collector_id if scope == "queue" else None,
    )


def lookup(email: str | None, path: Path | None = None) -> Principal | None:
    """The principal for ``email``, or None when the e-mail is not in the users file."""
    if not email:
        return None
    return load_users(path).get(email.strip().lower())
