"""Screenshot every dashboard page in a real browser, for the README.

    .venv/bin/python -m dashboards.screenshots data/arrears.duckdb docs/screenshots

Starts ``streamlit run dashboards/streamlit_app.py`` on a free localhost port with
``ARREARS_WAREHOUSE`` set to the given warehouse (the dashboards only open it read-only),
opens each page in Debian's ``/usr/bin/chromium`` through Playwright (never
``playwright install``), waits until the page has rendered, checks that it shows no error
and writes ``<out>/<page>.png`` (1440 px wide, the whole page). The audit export page is
opened on one account (``--account``; by default the account with the most events).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[1]
APP = REPO_ROOT / "dashboards" / "streamlit_app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTH = 1440
MIN_HEIGHT = 900
STARTUP_TIMEOUT_S = 60
RENDER_TIMEOUT_MS = 120_000


class Shot(NamedTuple):
    """One page to screenshot: file name, URL path, page heading, query string."""

    name: str
    path: str
    heading: str
    query: tuple[tuple[str, str], ...] = ()


PAGES = [
    Shot("aging", "", "Receivables aging"),  # the default page lives at "/"
    Shot("cash", "cash", "Cash"),
    Shot("roll_rates", "roll-rates", "Roll rates"),
    Shot("recovery", "recovery", "Recovery"),
    Shot("team", "team", "Team productivity"),
    Shot("promises", "promises", "Promises and plans"),
    Shot("strategy", "strategy", "Strategy"),
    Shot("accounts", "accounts", "Accounts"),
    Shot("compliance", "compliance", "Compliance"),
    Shot("audit_export", "audit-export", "Audit export"),
    Shot("data_quality", "data-quality", "Data quality"),
]


class ScreenshotError(RuntimeError):
    """A page did not render cleanly."""


def free_port() -> int:
    """A free TCP port on localhost."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(
    warehouse: Path,
    log: Path,
    *,
    secrets: Path | None = None,
    env: dict[str, str] | None = None,
    port: int | None = None,
) -> Iterator[str]:
    """Run the dashboards on a free localhost port against ``warehouse``; yield the base URL.

    Without ``secrets`` the app runs in the no-login demo mode (localhost only), so every
    page can be opened; with ``secrets`` (a secrets.toml with an ``[auth]`` section) it
    runs behind the login, and ``env`` carries e.g. ``ARREARS_USERS``."""
    port = port or free_port()
    env = {
        **os.environ,
        "ARREARS_WAREHOUSE": str(warehouse.resolve()),
        "ARREARS_AUTH": "oidc" if secrets else "none",
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    if secrets:
        command += ["--secrets.files", str(secrets)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_for_health(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ScreenshotError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise ScreenshotError(f"streamlit not healthy after {STARTUP_TIMEOUT_S}s:\n{log.read_text()}")


def _main_height(page) -> int:
    return int(page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight"))


def fit_viewport_to_content(page, settle_ms: int = 300, attempts: int = 30) -> None:
    """Grow the viewport to the page's full height once it has stopped changing (Streamlit
    scrolls inside its main block, so ``full_page`` alone would cut at the viewport)."""
    height, unchanged = _main_height(page), 0
    for _ in range(attempts):
        page.set_viewport_size({"width": WIDTH, "height": max(MIN_HEIGHT, height)})
        page.wait_for_timeout(settle_ms)
        now = _main_height(page)
        unchanged = unchanged + 1 if now == height else 0
        if unchanged == 3:
            break
        height = now


def screenshot_pages(url: str, out: Path, pages: list[Shot] = PAGES) -> dict[str, float]:
    """Open each page by its URL, wait for it to render, check it, write ``<name>.png``.

    Returns the seconds each page took to render."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": MIN_HEIGHT})
            for shot in pages:
                started = time.monotonic()
                page.set_viewport_size({"width": WIDTH, "height": MIN_HEIGHT})
                query = f"?{urllib.parse.urlencode(list(shot.query))}" if shot.query else ""
                page.goto(f"{url}/{shot.path}{query}", wait_until="domcontentloaded")
                page.get_by_role("heading", name=shot.heading, exact=True).wait_for(
                    timeout=RENDER_TIMEOUT_MS
                )
                # The script has finished when the "running" status widget is gone.
                page.wait_for_timeout(500)
                page.locator('[data-testid="stStatusWidget"]').wait_for(
                    state="hidden", timeout=RENDER_TIMEOUT_MS
                )
                timings[shot.name] = time.monotonic() - started
                fit_viewport_to_content(page)
                if page.locator('[data-testid="stException"]').count():
                    raise ScreenshotError(f"{shot.name}: the page shows an exception")
                if "Traceback" in page.locator("body").inner_text():
                    raise ScreenshotError(f"{shot.name}: the page shows a traceback")
                page.screenshot(path=str(out / f"{shot.name}.png"), full_page=True)
        finally:
            browser.close()
    return timings


def busiest_account(warehouse: Path) -> str | None:
    """The account with the most events in marts.fct_action_history (opened read-only)."""
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = con.execute(
                "select account_id from marts.fct_action_history"
                " group by account_id order by count(*) desc, account_id limit 1"
            ).fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", type=Path, help="published warehouse (read-only)")
    parser.add_argument("out", type=Path, help="folder for <page>.png")
    parser.add_argument("--account", help="account shown on the audit export page")
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        parser.error(f"no warehouse at {args.warehouse}")
    if not CHROMIUM.exists():
        parser.error(f"needs Debian's chromium at {CHROMIUM}")
    account = args.account or busiest_account(args.warehouse)
    pages = [
        shot._replace(query=(("audit_account", account),))
        if shot.name == "audit_export" and account
        else shot
        for shot in PAGES
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    log = args.out / ".streamlit.log"
    try:
        with serve(args.warehouse, log) as url:
            timings = screenshot_pages(url, args.out, pages)
    finally:
        server_log = log.read_text() if log.exists() else ""
        log.unlink(missing_ok=True)
    if "Traceback" in server_log:
        print(server_log, file=sys.stderr)
        return 1
    for name, seconds in timings.items():
        size = (args.out / f"{name}.png").stat().st_size
        print(f"{args.out / f'{name}.png'}  {size / 1024:.0f} KiB  rendered in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
