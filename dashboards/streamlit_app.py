"""arrears dashboards: the Streamlit entry point and page router.

Start it from the repository root with ``streamlit run dashboards/streamlit_app.py``.
The published warehouse is ``$ARREARS_WAREHOUSE`` (default ``data/arrears.duckdb``).
Add a page by writing ``app_pages/<job>.py`` and registering it in ``PAGES`` below.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

APP_DIR = Path(__file__).resolve().parent
REPO_ROOT = APP_DIR.parent
# `streamlit run` puts only this folder on sys.path; the pages import `dashboards.lib`.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

PAGES_DIR = APP_DIR / "app_pages"

# Sections of the navigation menu, one page per user question.
PAGES: dict[str, list[st.Page]] = {
    "Finance": [
        st.Page(
            PAGES_DIR / "aging.py",
            title="Receivables aging",
            icon=":material/hourglass_bottom:",
            url_path="aging",
            default=True,
        ),
        st.Page(PAGES_DIR / "cash.py", title="Cash", icon=":material/payments:", url_path="cash"),
        st.Page(
            PAGES_DIR / "roll_rates.py",
            title="Roll rates",
            icon=":material/trending_up:",
            url_path="roll-rates",
        ),
        st.Page(
            PAGES_DIR / "recovery.py",
            title="Recovery",
            icon=":material/restore:",
            url_path="recovery",
        ),
    ],
    "Collections": [
        st.Page(
            PAGES_DIR / "team.py",
            title="Team productivity",
            icon=":material/groups:",
            url_path="team",
        ),
        st.Page(
            PAGES_DIR / "promises.py",
            title="Promises and plans",
            icon=":material/handshake:",
            url_path="promises",
        ),
        st.Page(
            PAGES_DIR / "strategy.py",
            title="Strategy",
            icon=":material/alt_route:",
            url_path="strategy",
        ),
    ],
    "Audit": [
        st.Page(
            PAGES_DIR / "compliance.py",
            title="Compliance",
            icon=":material/gavel:",
            url_path="compliance",
        ),
        st.Page(
            PAGES_DIR / "audit_export.py",
            title="Audit export",
            icon=":material/download:",
            url_path="audit-export",
        ),
        st.Page(
            PAGES_DIR / "data_quality.py",
            title="Data quality",
            icon=":material/fact_check:",
            url_path="data-quality",
        ),
    ],
}

st.set_page_config(page_title="arrears", page_icon=":material/account_balance:", layout="wide")
st.navigation(PAGES).run()
