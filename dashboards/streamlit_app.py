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

# Sections of the navigation menu. Later pages (cash, roll rates, compliance, …) slot in
# as more st.Page entries here.
PAGES: dict[str, list[st.Page]] = {
    "Finance": [
        st.Page(
            PAGES_DIR / "aging.py",
            title="Receivables aging",
            icon=":material/hourglass_bottom:",
            url_path="aging",
            default=True,
        ),
    ],
}

st.set_page_config(page_title="arrears", page_icon=":material/account_balance:", layout="wide")
st.navigation(PAGES).run()
