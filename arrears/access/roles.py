"""The six roles: which pages each may open, which rows it sees and how much PII.

Pages are named by their URL path (``/aging``, ``/cash``, …). A role's row scope says how
its rows are cut (``all``, its ``client``, its ``team``s' accounts, its own collector
``queue``); its PII level says how PII columns leave the query layer (``none``: NULL,
``masked``: ``J*** D***``, ``full``: as stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PiiLevel = Literal["none", "masked", "full"]
RowScope = Literal["all", "client", "team", "queue"]

FINANCE_PAGES = frozenset({"aging", "cash", "roll-rates", "recovery"})
COLLECTIONS_PAGES = frozenset({"team", "promises", "accounts", "strategy"})
AUDIT_PAGES = frozenset({"compliance", "audit-export"})
QUALITY_PAGES = frozenset({"data-quality"})
ALL_PAGES = FINANCE_PAGES | COLLECTIONS_PAGES | AUDIT_PAGES | QUALITY_PAGES


@dataclass(frozen=True)
class RolePolicy:
    """What one role may see."""

    name: str
    pages: frozenset[str]
    scope: RowScope
    pii: PiiLevel
    sees_access_log: bool = False
    description: str = ""


ROLES: dict[str, RolePolicy] = {
    policy.name: policy
    for policy in (
        RolePolicy(
            "cfo", FINANCE_PAGES, "all", "none", description="finance pages, all clients, no PII"
        ),
        RolePolicy(
            "manager",
            COLLECTIONS_PAGES,
            "team",
            "masked",
            description="collections pages and worklist for their teams, PII masked",
        ),
        RolePolicy(
            "collector",
            frozenset({"accounts", "strategy", "promises", "aging"}),
            "queue",
            "full",
            description="their own queue and its account timelines, with contact details",
        ),
        RolePolicy(
            "auditor",
            AUDIT_PAGES | {"accounts"},
            "all",
            "full",
            sees_access_log=True,
            description="compliance, audit export, action history, full PII; exports logged",
        ),
        RolePolicy(
            "client_viewer",
            ALL_PAGES - QUALITY_PAGES,
            "client",
            "masked",
            description="every page, restricted to their client's accounts, PII masked",
        ),
        RolePolicy(
            "admin",
            ALL_PAGES,
            "all",
            "full",
            sees_access_log=True,
            description="everything, and the data-quality page",
        ),
    )
}


def policy(role: str) -> RolePolicy:
    """The policy of ``role``; ``KeyError`` names the known roles."""
    try:
        return ROLES[role]
    except KeyError:
        raise KeyError(f"unknown role {role!r}; known: {', '.join(ROLES)}") from None
