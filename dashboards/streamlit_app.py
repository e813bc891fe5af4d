"""arrears dashboards: the Streamlit entry point and page router.

Start it from the repository root with ``streamlit run dashboards/streamlit_app.py``.
The published warehouse is ``$ARREARS_WAREHOUSE`` (default ``data/arrears.duckdb``).
Add a page by writing ``app_pages/<job>.py``, registering it in ``SECTIONS``
(dashboards/lib/navigation.py) and naming its URL path in the roles that may open it
(arrears/access/roles.py). Who is signed in, and so which pages and rows they see, is
dashboards/lib/access.py's.
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

from dashboards.lib import access, navigation  # noqa: E402 - needs the path above

st.set_page_config(page_title="arrears", page_icon=":material/account_balance:", layout="wide")
st.navigation(navigation.navigation_for(access.sign_in())).run()
