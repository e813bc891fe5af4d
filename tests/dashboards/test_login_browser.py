"""Real-browser tests of the login (issue 15): `streamlit run` behind st.login against a
local mock OpenID provider (oidc-provider-mock, started here), driven through Debian's
chromium with Playwright. Covers login, logout, an unknown user refused, a forbidden page
opened by URL, a client viewer's numbers, masked and full PII, and the access log gaining
a verifiable entry per download.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import duckdb
import pytest
from access_warehouse import USERS, write_access
from aging_warehouse import D2, write_warehouse
from marts_warehouse import write_marts

from arrears.access import log as access_log
from dashboards.screenshots import CHROMIUM, CHROMIUM_ARGS, free_port, serve

TIMEOUT_MS = 60_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


class LoginServer(NamedTuple):
    url: str
    warehouse: Path
    access_log: Path
    log: Path


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[str]:
    """A mock OpenID provider on a free localhost port; any client id, any user."""
    provider = pytest.importorskip("oidc_provider_mock")
    with provider.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def login_server(
    oidc_provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LoginServer]:
    """The dashboards behind the login, on the tiny warehouse with the access tables."""
    folder = tmp_path_factory.mktemp("login")
    warehouse = write_access(write_marts(write_warehouse(folder / "arrears.duckdb")))
    users = folder / "users.toml"
    users.write_text(USERS)
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "arrears-tests"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"\n'
    )
    os.chmod(secrets_file, 0o600)
    log_file = folder / "access_log.jsonl"
    streamlit_log = folder / "streamlit.log"
    env = {"ARREARS_USERS": str(users), "ARREARS_ACCESS_LOG": str(log_file)}
    with serve(warehouse, streamlit_log, secrets=secrets_file, env=env, port=port) as url:
        yield LoginServer(url, warehouse, log_file, streamlit_log)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) per test."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page, server: LoginServer, email: str, menu_item: str = "") -> None:
    """Open the app, press Log in, sign in at the mock provider as ``email``, then open
    the menu's ``menu_item`` (the login returns to the role's default page)."""
    page.goto(server.url, wait_until="domcontentloaded")
    page.get_by_role("button", name="Log in").click(timeout=TIMEOUT_MS)
    page.locator('input[name="sub"]').fill(email, timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{server.url}/**", timeout=TIMEOUT_MS)
    if menu_item:
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_text(menu_item, exact=True).click(timeout=TIMEOUT_MS)


def main_text(page, expected: str) -> str:
    """The main area's text once ``expected`` is in it."""
    page.get_by_text(expected).first.wait_for(timeout=TIMEOUT_MS)
    return page.locator('[data-testid="stMain"]').inner_text()


def grid_text(page) -> str:
    """The text of the page's data grids (glide renders an accessible table beside its
    canvas)."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    page.locator('[data-testid="stDataFrame"] table').first.wait_for(
        state="attached", timeout=TIMEOUT_MS
    )
    return grid.text_content() or ""


def test_log_in_and_out(page, login_server: LoginServer) -> None:
    log_in(page, login_server, "audit@example.com")
    page.get_by_text("Signed in as").wait_for(timeout=TIMEOUT_MS)
    assert "audit@example.com" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.get_by_role("button", name="Log out").click()
    # st.logout ends the session at the provider too (RP-initiated logout); the mock asks
    page.get_by_role("button", name="End session").click(timeout=TIMEOUT_MS)
    page.wait_for_url(f"{login_server.url}/**", timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Log in").wait_for(timeout=TIMEOUT_MS)
    assert "Signed in as" not in page.locator("body").inner_text()


def test_an_unknown_user_is_refused(page, login_server: LoginServer) -> None:
    log_in(page, login_server, "stranger@example.com")
    text = main_text(page, "No access")
    assert "stranger@example.com is not a user" in text
    assert page.locator('[data-testid="stMetric"]').count() == 0


def test_a_forbidden_page_opened_by_url_is_refused(page, login_server: LoginServer) -> None:
    log_in(page, login_server, "lead@example.com")  # a manager: no finance pages
    page.get_by_text("Signed in as").wait_for(timeout=TIMEOUT_MS)
    page.goto(f"{login_server.url}/cash", wait_until="domcontentloaded")
    text = main_text(page, "may not open this page")
    assert "Your role (manager) may not open this page." in text
    assert page.locator('[data-testid="stMetric"]').count() == 0
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Cash" not in nav and "Team productivity" in nav


def test_a_client_viewer_sees_its_clients_numbers(page, login_server: LoginServer) -> None:
    with duckdb.connect(str(login_server.warehouse), read_only=True) as con:
        (open_ar,) = con.execute(
            "select sum(balance) from marts.fct_account_status"
            " where as_of_date = ? and client = 'Acme Bank' and is_open",
            [D2],
        ).fetchone()
    log_in(page, login_server, "viewer@acme.example", "Receivables aging")
    tile = page.locator('[data-testid="stMetric"]', has_text="Open AR")
    tile.wait_for(timeout=TIMEOUT_MS)
    assert f"{open_ar:,.2f}" in tile.inner_text()  # 3,500.25, not the book's 3,850.75


def test_a_manager_sees_masked_pii(page, login_server: LoginServer) -> None:
    log_in(page, login_server, "lead@example.com", "Accounts")
    text = grid_text(page)
    assert "J*** D***" in text and "***-***-1234" in text
    assert "Jane Doe" not in text and "010-1234" not in text


def test_an_auditor_sees_full_pii_and_each_download_is_logged(
    page, login_server: LoginServer
) -> None:
    log_in(page, login_server, "audit@example.com", "Accounts")
    text = grid_text(page)
    assert "Jane Doe" in text and "555-020-5678" in text
    before = len(access_log.read(login_server.access_log))
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name="Download CSV").click()
    data = Path(download.value.path()).read_bytes()
    page.wait_for_timeout(1000)
    entries = access_log.read(login_server.access_log)
    assert len(entries) == before + 1
    entry = entries[-1]
    assert (entry["who"], entry["role"], entry["file"]) == (
        "audit@example.com",
        "auditor",
        "worklist.csv",
    )
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["rows"] == len(data.decode().strip().splitlines()) - 1
    assert access_log.verify(login_server.access_log).ok
