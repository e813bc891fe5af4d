"""Every dashboard page's queries against the published warehouse: `python -m
bench.dashboards`.

Each page runs as the app runs it (Streamlit's AppTest through the router, default
filters), with the query cache cleared first; every warehouse read the page makes
(dashboards.lib.db._read: open read-only, query, to pandas, close) is timed. A page's
`seconds` is the sum of its reads; `render_seconds` is the whole page run.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from bench import REPO_ROOT
from bench.child import parser, write_result

APP = REPO_ROOT / "dashboards" / "streamlit_app.py"
PAGES_DIR = APP.parent / "app_pages"
PAGE_TIMEOUT_S = 600


def pages() -> list[str]:
    """The page scripts' names (app_pages/<name>.py)."""
    return sorted(p.stem for p in PAGES_DIR.glob("*.py") if not p.name.startswith("_"))


def measure_pages(warehouse: Path) -> dict[str, dict[str, Any]]:
    """Run every page once, cold; its query seconds, query count and render seconds."""
    os.environ["ARREARS_WAREHOUSE"] = str(warehouse)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # "No runtime found" per read
    # As the no-login demo admin (every page, every row): the demo mode needs localhost.
    os.environ["ARREARS_AUTH"] = "none"
    import streamlit as st
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    config.set_option("server.address", "127.0.0.1")

    from dashboards.lib import db

    reads: list[float] = []
    original = db._read

    def timed_read(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            reads.append(time.perf_counter() - began)

    db._read = timed_read
    try:
        app = AppTest.from_file(str(APP), default_timeout=PAGE_TIMEOUT_S)
        app.run()
        results = {}
        for page in pages():
            st.cache_data.clear()
            reads.clear()
            began = time.perf_counter()
            app.switch_page(f"app_pages/{page}.py").run()
            render = time.perf_counter() - began
            problems = [str(e.value) for e in app.exception] + [str(w.value) for w in app.warning]
            results[page] = {
                "seconds": round(sum(reads), 4),
                "queries": len(reads),
                "slowest_query_seconds": round(max(reads, default=0.0), 4),
                "render_seconds": round(render, 4),
                **({"problems": problems} if problems else {}),
            }
    finally:
        db._read = original
    return results


def main(argv: list[str] | None = None) -> None:
    args = parser(__doc__.splitlines()[0])
    args.add_argument("--warehouse", type=Path, required=True, help="published warehouse")
    ns = args.parse_args(argv)
    write_result(ns.result, {"pages": measure_pages(ns.warehouse)})


if __name__ == "__main__":
    main()
