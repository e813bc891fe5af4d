"""arrears dashboards: the Streamlit entry point and page router.

Start it from the repository root with ``streamlit run dashboards/streamlit_app.py``.
The published warehouse is ``$ARREARS_WAREHOUSE`` (default ``data/arrears.duckdb``).
Add a page by writing ``app_pages/<job>.py``, registering it in ``SECTIONS`` below and
naming its URL path in the roles that may open it (arrears/access/roles.py). Who is signed
in, and so which pages and rows they see, is dashboards/lib/access.py's.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import NamedTuple

import streamlit as st

APP_DIR = Path(__file__).resolve().parent
REPO_ROOT = APP_DIR.parent
# `streamlit run` puts only this folder on sys.path; the pages import `dashboards.lib`.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from arrears.access.users import Principal  # noqa: E402 - needs the path above
from dashboards.lib import access  # noqa: E402

PAGES_DIR = APP_DIR / "app_pages"


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
        PageSpec("accounts.py", "Worklist", ":material/contact_phone:", "accounts"),
    ],
    "Audit": [
        PageSpec("compliance.py", "Compliance", ":material/gavel:", "compliance"),
        PageSpec("audit_export.py", "Audit export", ":material/download:", "audit-export"),
        PageSpec("data_quality.py", "Data quality", ":material/fact_check:", "data-quality"),
    ],
}


def navigation_for(principal: Principal) -> dict[str, list[st.Page]]:
    """The principal's menu: its pages visible, every other page hidden and refusing."""
    allowed = [
        spec for specs in SECTIONS.values() for spec in specs if principal.may_open(spec.url_path)
    ]
    default = allowed[0].url_path if allowed else None
    menu: dict[str, list[st.Page]] = {}
    for section, specs in SECTIONS.items():
        pages = []
        for spec in specs:
            if principal.may_open(spec.url_path):
                page = st.Page(
                    PAGES_DIR / spec.script,
                    title=spec.title,
                    icon=spec.icon,
                    url_path=spec.url_path,
                    default=spec.url_path == default,
                )
            else:
                page = st.Page(
                    partial(access.forbidden_page, spec.title),
                    title=spec.title,
                    icon=spec.icon,
                    url_path=spec.url_path,
                    visibility="hidden",
                )
            pages.append(page)
        menu[section] = pages
    return menu


st.set_page_config(page_title="arrears", page_icon=":material/account_balance:", layout="wide")
st.navigation(navigation_for(access.sign_in())).run()
