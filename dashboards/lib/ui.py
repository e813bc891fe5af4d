"""Page-level UI helpers shared by the dashboard pages."""

from __future__ import annotations

import streamlit as st

from dashboards.lib import db

BUILD_HINT = "run `make demo` or `arrears build --landing PATH --warehouse {path}`"


def show_unavailable(err: db.WarehouseUnavailable) -> None:
    """Explain, without a traceback, why the page has no data to show."""
    path = err.path
    hint = BUILD_HINT.format(path=path)
    if isinstance(err, db.WarehouseMissing):
        st.info(f"No warehouse at `{path}` yet: {hint}.", icon=":material/info:")
    elif isinstance(err, db.MartsMissing):
        names = ", ".join(f"`{db.MARTS_SCHEMA}.{name}`" for name in err.missing)
        st.warning(
            f"The warehouse at `{path}` has no {names} yet: {hint}.",
            icon=":material/warning:",
        )
    else:
        st.warning(
            f"Could not read the warehouse at `{path}`; a build may be publishing a new "
            "version right now. Reload the page in a moment.",
            icon=":material/warning:",
        )
        st.caption(f"Details: {err}")
    st.caption(f"The dashboards read `${db.WAREHOUSE_ENV_VAR}` (default `data/arrears.duckdb`).")
