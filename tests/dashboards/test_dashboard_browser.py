"""Real-browser tests: `streamlit run` the dashboards, drive the aging page, and open
every page, saving a screenshot of each.

Drives Debian's chromium through Playwright (never `playwright install`). The PNGs go to
tests/dashboards/screenshots/<page>.png for a human to look at.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from dashboards.screenshots import CHROMIUM, CHROMIUM_ARGS, serve

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
STARTUP_TIMEOUT_S = 60
RENDER_TIMEOUT_MS = 60_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


class Server(NamedTuple):
    url: str
    log: Path


@pytest.fixture
def streamlit_server(warehouse: Path, tmp_path: Path) -> Iterator[Server]:
    """Serve dashboards/streamlit_app.py on a free localhost port against the fixture file."""
    log = tmp_path / "streamlit.log"
    with serve(warehouse, log) as url:
        yield Server(url, log)


def test_aging_page_in_a_real_browser(streamlit_server: Server) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot = SCREENSHOTS / "aging.png"

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(streamlit_server.url, wait_until="domcontentloaded")

            # The Plotly chart draws its bars as SVG paths once the data is in.
            page.locator('[data-testid="stPlotlyChart"] .barlayer .point path').first.wait_for(
                state="visible", timeout=RENDER_TIMEOUT_MS
            )
            page.get_by_role("heading", name="Receivables aging").wait_for(
                timeout=RENDER_TIMEOUT_MS
            )
            open_ar = page.locator('[data-testid="stMetric"]', has_text="Open AR")
            open_ar.wait_for(timeout=RENDER_TIMEOUT_MS)
            assert "3,850.75" in open_ar.inner_text()
            page.locator('[data-testid="stDataFrame"]').last.wait_for(timeout=RENDER_TIMEOUT_MS)
            # Streamlit scrolls inside its main block, so full_page alone would cut the
            # page at the viewport: grow the viewport to the content's height instead.
            height = page.evaluate(
                "document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
            )
            page.set_viewport_size({"width": 1440, "height": max(900, int(height))})
            page.wait_for_timeout(1000)  # let the chart re-layout and settle

            body = page.locator("body").inner_text()
            assert "Traceback" not in body
            assert page.locator('[data-testid="stException"]').count() == 0
            assert "2025-02-28" in body

            page.screenshot(path=str(screenshot), full_page=True)

            # The CSV is generated on click, with every matching account.
            with page.expect_download() as download_info:
                page.get_by_role("button", name="Download CSV").click()
            csv_path = download_info.value.path()
            assert Path(csv_path).read_text().splitlines()[1].startswith("2025-02-28,A3,")

            # Picking an older snapshot reruns the page with that date's figures.
            page.locator('[data-testid="stSelectbox"]', has_text="Snapshot date").click()
            page.get_by_role("option", name="2025-01-31").click()
            page.locator('[data-testid="stMetric"]', has_text="9,430.75").wait_for(
                timeout=RENDER_TIMEOUT_MS
            )
            page.locator('[data-testid="stSelectbox"]', has_text="Client").click()
            page.get_by_role("option", name="Acme Bank").click()
            page.locator('[data-testid="stMetric"]', has_text="1,500.25").wait_for(
                timeout=RENDER_TIMEOUT_MS
            )
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()

    assert screenshot.stat().st_size > 10_000
    server_log = streamlit_server.log.read_text()
    assert "Traceback" not in server_log and "Error" not in server_log, server_log


# url path, heading, a metric label and the value the fixture warehouse gives it (a page
# without metrics has label None)
PAGES = [
    ("aging", "", "Receivables aging", "Open AR", "3,850.75"),
    ("cash", "cash", "Cash", "Cash collected", "1,500"),
    ("roll_rates", "roll-rates", "Roll rates", "Accounts tracked", "7"),
    ("recovery", "recovery", "Recovery", "Balance at entry", "1,500"),
    ("team", "team", "Team productivity", "Attributed cash", "600"),
    ("promises", "promises", "Promises and plans", "Promised", "650"),
    ("strategy", "strategy", "Strategy", "Actions today", "3"),
    ("compliance", "compliance", "Compliance", "Findings", "3"),
    ("audit_export", "audit-export", "Audit export", None, None),
    ("data_quality", "data-quality", "Data quality", "Quarantined rows", "3"),
]


MAIN_HEIGHT_JS = """document.querySelector('[data-testid="stMain"]').scrollHeight"""


def _main_height(page) -> int:
    return int(page.evaluate(MAIN_HEIGHT_JS))


def _fit_viewport_to_content(page, settle_ms: int = 300, attempts: int = 30) -> None:
    """Grow the viewport to the page's full height once it has stopped changing for three
    checks in a row (tables and charts draw after the script has finished)."""
    height, unchanged = _main_height(page), 0
    for _ in range(attempts):
        page.set_viewport_size({"width": 1440, "height": max(900, height)})
        page.wait_for_timeout(settle_ms)
        now = _main_height(page)
        unchanged = unchanged + 1 if now == height else 0
        if unchanged == 3:
            break
        height = now


def screenshot_pages(url: str, folder: Path, pages: list[tuple] = PAGES) -> dict[str, float]:
    """Open each page from the sidebar in one tab, wait until it has rendered, check it and
    screenshot it. Returns the seconds each page took to render (printed, not asserted).

    An ``expected`` value of None only checks that the metric is there; a ``label`` of None
    only waits for the heading. dashboards/screenshots.py does the same for the README's
    screenshots (docs/screenshots/) on the demo warehouse.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    folder.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(url, wait_until="domcontentloaded")
            for name, path, heading, label, expected in pages:
                started = time.monotonic()
                page.set_viewport_size({"width": 1440, "height": 900})
                nav = page.locator('[data-testid="stSidebarNav"]')
                nav.get_by_role("link", name=heading, exact=True).click()
                page.get_by_role("heading", name=heading, exact=True).wait_for(
                    timeout=RENDER_TIMEOUT_MS
                )
                metric = None
                if label is not None:
                    metric = page.locator('[data-testid="stMetric"]', has_text=label).first
                    metric.wait_for(timeout=RENDER_TIMEOUT_MS)
                # The script has finished when the "running" status widget is gone.
                page.locator('[data-testid="stStatusWidget"]').wait_for(
                    state="hidden", timeout=RENDER_TIMEOUT_MS
                )
                timings[name] = time.monotonic() - started
                assert page.url.rstrip("/") == f"{url}/{path}".rstrip("/"), (name, page.url)
                if metric is not None and expected is not None:
                    assert expected in metric.inner_text(), (name, metric.inner_text())
                _fit_viewport_to_content(page)
                body = page.locator("body").inner_text()
                assert "Traceback" not in body, name
                assert page.locator('[data-testid="stException"]').count() == 0, name
                page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        finally:
            browser.close()
    return timings


def test_every_page_in_a_real_browser(streamlit_server: Server) -> None:
    timings = screenshot_pages(streamlit_server.url, SCREENSHOTS)

    print("page render times (s):", {name: round(s, 2) for name, s in timings.items()})
    for name, *_ in PAGES:
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000, name
    server_log = streamlit_server.log.read_text()
    assert "Traceback" not in server_log and "Error" not in server_log, server_log
