"""The navigation menu: every page, and which of them a signed-in user's role may open.

A page the role may not open stays registered under its URL path but hidden from the menu,
and shows a refusal instead of its content (dashboards/lib/access.py ``forbidden_page``):
opening its URL by hand is refused, never silently redirected.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import NamedTuple

import streamlit as st

from arrears.access.users import Principal
from dashboards.lib import access

PAGES_DIR = Path(__file__).resolve().parents[1] / "app_pages"


class PageSpec(NamedTuple):
    """One page: its script, menu title, icon and URL path (the id roles name)."""

    script: str
    title: str
    icon: str
    url_path: str


# Sections of the navigation menu, one page per user question. Which of them a signed-in
# user sees is their role's (arrears/access/roles.py); the others are hidden from the
# menu and show a refusal when their URL is opened.
SECTIONS: dict[str, list[PageSpec]] = {
    "Finance": [
        PageSpec("aging.py", "Receivables aging", ":material/hourglass_bottom:", "aging"),
        PageSpec("cash.py", "Cash", ":material/payments:", "cash"),
        PageSpec("roll_rates.py", "Roll rates", ":material/trending_up:", "roll-rates"),
        PageSpec("recovery.py", "Recovery", ":material/restore:", "recovery"),
    ],
    "Collections": [
        PageSpec("team.py", "Team productivity", ":material/groups:", "team"),
        PageSpec("promises.py", "Promises and plans", ":material/handshake:", "promises"),
        PageSpec("accounts.py", "Accounts", ":material/contact_phone:", "accounts"),
        PageSpec("strategy.py", "Strategy", ":material/alt_route:", "strategy"),
    ],
    "Audit": [
        PageSpec("compliance.py", "Compliance", ":material/gavel:", "compliance"),
        PageSpec("audit_export.py", "Audit export", ":material/download:", "audit-export"),
        PageSpec("data_quality.py", "Data quality", ":material/fact_check:", "data-quality"),
    ],
}


def menu(principal: Principal) -> dict[str, list[tuple[PageSpec, bool]]]:
    """Every page by section, each with whether the principal may open it."""
    return {
        section: [(spec, principal.may_open(spec.url_path)) for spec in specs]
        for section, specs in SECTIONS.items()
    }


def navigation_for(principal: Principal) -> dict[str, list[st.Page]]:
    """The principal's menu: its pages visible, every other page hidden and refusing."""
    entries = menu(principal)
    allowed = [spec.url_path for pages in entries.values() for spec, ok in pages if ok]
    default = allowed[0] if allowed else None
    return {
        section: [
            st.Page(
                PAGES_DIR / spec.script,
                title=spec.title,
                icon=spec.icon,
                url_path=spec.url_path,
                default=spec.url_path == default,
            )
            if ok
            else st.Page(
                partial(access.forbidden_page, spec.title),
                title=spec.title,
                icon=spec.icon,
                url_path=spec.url_path,
                visibility="hidden",
            )
            for spec, ok in pages
        ]
        for section, pages in entries.items()
    }
