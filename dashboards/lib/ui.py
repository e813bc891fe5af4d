"""Page-level UI helpers shared by the dashboard pages.

Filters a view can be shared by are bound to the URL query string
(``bind="query-params"``): the widget key is the parameter name, so opening
``/<page>?<key>=<value>`` preselects the filter, and changing it rewrites the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Literal, NamedTuple

import pandas as pd
import streamlit as st

from dashboards.lib import access, db, formatting

BUILD_HINT = "run `make demo` or `arrears build --landing PATH --warehouse {path}`"


def show_unavailable(err: db.WarehouseUnavailable) -> None:
    """Explain, without a traceback, why the page has no data to show."""
    path = err.path
    hint = BUILD_HINT.format(path=path)
    if isinstance(err, db.AccessRefused):
        st.error(f"The warehouse at `{path}` does not serve you: {err}", icon=":material/block:")
        return
    if isinstance(err, db.WarehouseMissing):
        st.info(f"No warehouse at `{path}` yet: {hint}.", icon=":material/info:")
    elif isinstance(err, db.MartsMissing):
        names = ", ".join(f"`{db.MARTS_SCHEMA}.{name}`" for name in err.missing)
        st.warning(
            f"The warehouse at `{path}` has no {names} yet: {hint}.",
            icon=":material/warning:",
        )
    elif isinstance(err, db.MartsOutdated):
        st.warning(
            f"The warehouse at `{path}` was built by an older version of arrears: a mart "
            f"lacks a column this page reads. Rebuild it: {hint}.",
            icon=":material/warning:",
        )
        st.caption(f"Details: {err.error}")
    else:
        st.warning(
            f"Could not read the warehouse at `{path}`; a build may be publishing a new "
            "version right now. Reload the page in a moment.",
            icon=":material/warning:",
        )
        st.caption(f"Details: {err}")
    st.caption(f"The dashboards read `${db.WAREHOUSE_ENV_VAR}` (default `data/arrears.duckdb`).")


class Tile(NamedTuple):
    """One headline figure of a page's metric row, already formatted."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_color: Literal["normal", "inverse", "off"] = "off"
    delta_description: str | None = None


def metric_row(tiles: Sequence[Tile]) -> None:
    """The page's bordered row of st.metric tiles."""
    for column, tile in zip(st.columns(len(tiles)), tiles, strict=True):
        column.metric(
            tile.label,
            tile.value,
            tile.delta,
            delta_color=tile.delta_color,
            delta_description=tile.delta_description if tile.delta else None,
            help=tile.help,
            border=True,
        )


def run_page(title: str, body: Callable[[], None]) -> None:
    """Draw a page titled ``title``; explain instead of failing when data is missing."""
    st.title(title)
    try:
        body()
    except db.WarehouseUnavailable as err:
        show_unavailable(err)


def section_has_marts(*names: str) -> bool:
    """True when the marts a page section needs exist; otherwise say so and return False."""
    missing = [name for name in names if name not in db.mart_tables()]
    if missing:
        marts = ", ".join(f"`{db.MARTS_SCHEMA}.{name}`" for name in missing)
        st.info(
            f"This section needs {marts}, which the warehouse does not have yet: "
            f"{BUILD_HINT.format(path=db.shown_location(db.warehouse_location()))}.",
            icon=":material/info:",
        )
    return not missing


def download(frame: pd.DataFrame, file_name: str, key: str, label: str = "Download CSV") -> None:
    """A CSV download button for a table shown on the page; each click is on the access
    log."""
    logged_download(
        st, label, formatting.csv_bytes(frame), file_name, "text/csv", key, rows=len(frame)
    )


def logged_download(
    container: Any,
    label: str,
    data: bytes,
    file_name: str,
    mime: str,
    key: str,
    *,
    rows: int,
    extra: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """``st.download_button`` whose click appends who, role, filter, rows and the file's
    SHA-256 to the hash-chained access log (arrears.access.log) before the file leaves."""
    container.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        icon=kwargs.pop("icon", ":material/download:"),
        on_click=access.log_download,
        args=(file_name, data, rows, key, extra),
        key=key,
        **kwargs,
    )


def date_range(container: Any, label: str, first: date, last: date, key: str) -> tuple[date, date]:
    """A date-range picker bound to the URL (``?key=YYYY-MM-DD&key=YYYY-MM-DD``), all
    of ``first`` … ``last`` by default; returns the picked (start, end)."""
    chosen = container.date_input(
        label,
        value=(first, last),
        min_value=first,
        max_value=last,
        key=key,
        bind="query-params",
    )
    return picked_range(chosen, first, last)


def picked_range(chosen: object, first: date, last: date) -> tuple[date, date]:
    """The picked (start, end); while only a start is picked, from it to ``last``."""
    if isinstance(chosen, tuple | list):
        if len(chosen) == 2:
            return chosen[0], chosen[1]
        if len(chosen) == 1:
            return chosen[0], last
    if isinstance(chosen, date):
        return chosen, last
    return first, last
