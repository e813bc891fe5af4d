"""AppTests of login, roles, row scope and PII masking: every page opened (as by its URL)
as every role, on the tiny warehouse plus access_warehouse.py (whose docstring has the
scopes by hand)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from access_warehouse import (
    CLIENT_OF,
    COLLECTOR_SCOPES,
    COLLECTORS,
    CONTACTS,
    SCOPES,
    USERS,
    write_access,
)
from aging_warehouse import D2
from streamlit.testing.v1 import AppTest

from arrears.access.roles import ALL_PAGES, ROLES
from arrears.access.users import lookup
from dashboards.lib.navigation import menu

APP = Path(__file__).resolve().parents[2] / "dashboards" / "streamlit_app.py"
TIMEOUT_S = 60
PAGE_TITLES = {
    "aging": "Receivables aging",
    "cash": "Cash",
    "roll-rates": "Roll rates",
    "recovery": "Recovery",
    "team": "Team productivity",
    "promises": "Promises and plans",
    "accounts": "Accounts",
    "strategy": "Strategy",
    "compliance": "Compliance",
    "audit-export": "Audit export",
    "data-quality": "Data quality",
}
ACCOUNT_IDS = set(CLIENT_OF)


@pytest.fixture
def signed(warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Login mode with the access tests' users file and warehouse."""
    write_access(warehouse)
    users = tmp_path / "users.toml"
    users.write_text(USERS)
    monkeypatch.setenv("ARREARS_AUTH", "oidc")
    monkeypatch.setenv("ARREARS_USERS", str(users))
    monkeypatch.setenv("ARREARS_ACCESS_LOG", str(tmp_path / "access_log.jsonl"))
    return warehouse


def app_as(email: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.user = {"is_logged_in": email is not None, **({"email": email} if email else {})}
    return at.run()


def open_url(at: AppTest, url_path: str) -> AppTest:
    """Open a page as its URL would (hidden pages included): by its registered url path."""
    (page_hash,) = [
        h
        for h, info in at._registered_pages.items()
        if info.get("url_pathname") == url_path
        or (info.get("url_pathname") == "" and info.get("page_name") == PAGE_TITLES[url_path])
    ]
    at._page_hash = page_hash
    return at.run()


def shown_frames(at: AppTest) -> list[pd.DataFrame]:
    return [df.value for df in at.dataframe]


def shown_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for box in at.selectbox:
        parts += [str(option) for option in box.options]
    return "\n".join(parts)


def test_a_visitor_who_is_not_logged_in_sees_only_the_login(signed: Path) -> None:
    at = app_as(None)
    assert not at.exception
    assert [t.value for t in at.title] == ["arrears"]
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.dataframe and not at.metric


def test_an_unknown_user_is_refused_with_a_page(signed: Path) -> None:
    at = app_as("stranger@example.com")
    assert not at.exception
    assert [t.value for t in at.title] == ["No access"]
    assert "stranger@example.com is not a user" in at.error[0].value
    assert not at.dataframe and not at.metric


def test_a_broken_users_file_is_a_message(signed: Path, tmp_path: Path) -> None:
    (tmp_path / "users.toml").write_text('[users."x@example.com"]\nrole = "king"\n')
    at = app_as("x@example.com")
    assert not at.exception
    assert "role 'king'" in at.error[0].value


@pytest.mark.parametrize("role", list(ROLES))
def test_the_menu_holds_exactly_the_roles_pages(signed: Path, role: str) -> None:
    email, _ = SCOPES[role]
    principal = lookup(email)
    assert principal is not None and principal.role == role
    pages = [entry for section in menu(principal).values() for entry in section]
    assert {spec.url_path for spec, _ in pages} == set(ALL_PAGES)  # every URL answers
    assert {spec.url_path for spec, visible in pages if visible} == ROLES[role].pages
    at = app_as(email)
    assert not at.exception, [e.value for e in at.exception]
    assert f"({role})" in shown_text(at)  # the sidebar names who is signed in


@pytest.mark.parametrize("page", sorted(ALL_PAGES))
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_as_every_role(signed: Path, role: str, page: str) -> None:
    email, in_scope = SCOPES[role]
    at = open_url(app_as(email), page)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [PAGE_TITLES[page]]
    if page not in ROLES[role].pages:
        assert [e.value for e in at.error] == [f"Your role ({role}) may not open this page."]
        assert not at.dataframe and not at.metric
        return
    assert not any("may not open" in e.value for e in at.error)
    # not one row of an account (or its client) outside the role's scope
    out_of_scope = ACCOUNT_IDS - in_scope
    other_clients = {CLIENT_OF[a] for a in out_of_scope} - {CLIENT_OF[a] for a in in_scope}
    other_collectors = COLLECTORS - COLLECTOR_SCOPES.get(role, COLLECTORS)
    for frame in shown_frames(at):
        cells = {str(v) for v in frame.astype(str).to_numpy().ravel()}
        assert not cells & out_of_scope, (page, frame)
        if "account_id" not in frame.columns:  # rows of in-scope accounts keep every event
            assert not cells & other_collectors, (page, frame)
        assert not cells & {c for c in other_clients if c}, (page, frame)
    text = shown_text(at)
    for account in out_of_scope:
        assert f"'{account}'" not in text and f" {account} " not in text


def test_a_client_viewers_headline_numbers_are_the_marts_for_its_client(signed: Path) -> None:
    email, _ = SCOPES["client_viewer"]
    at = open_url(app_as(email), "aging")
    assert not at.exception, [e.value for e in at.exception]
    with duckdb.connect(str(signed), read_only=True) as con:
        (expected,) = con.execute(
            "select sum(balance) from marts.fct_account_status"
            " where as_of_date = ? and client = 'Acme Bank' and is_open",
            [D2],
        ).fetchone()
    metrics = {m.label: m.value for m in at.metric}
    assert f"{expected:,.2f}" in metrics["Open AR"]  # 1,500.25 + 2,000.00
    assert "3,500.25" in metrics["Open AR"]


def _worklist(role: str) -> pd.DataFrame:
    email, _ = SCOPES[role]
    at = open_url(app_as(email), "accounts")
    assert not at.exception, [e.value for e in at.exception]
    (frame,) = [f for f in shown_frames(at) if "customer_name" in f.columns]
    return frame.set_index("account_id")


def test_a_manager_sees_masked_contacts_of_its_teams_accounts(signed: Path) -> None:
    frame = _worklist("manager")
    assert list(frame.index) == ["A1"]
    row = frame.loc["A1"]
    assert (row["customer_name"], row["email"], row["phone"]) == (
        "J*** D***",
        "j***@example.com",
        "***-***-1234",
    )


def test_an_auditor_sees_full_contacts(signed: Path) -> None:
    frame = _worklist("auditor")
    contacts = {a: (n, e, p) for a, n, e, p in CONTACTS}
    for account in ("A1", "A2", "A3"):  # the open accounts at the latest snapshot
        row = frame.loc[account]
        expected = contacts[account]
        assert (row["customer_name"], row["email"], row["phone"])[0] == expected[0]
        assert row["phone"] == expected[2] or (pd.isna(row["phone"]) and expected[2] is None)


def test_a_collector_sees_its_queue_with_phone_numbers(signed: Path) -> None:
    frame = _worklist("collector")
    assert list(frame.index) == ["A2"]
    assert frame.loc["A2", "phone"] == "555-020-5678"


def test_a_client_viewer_sees_only_its_clients_contacts_masked(signed: Path) -> None:
    frame = _worklist("client_viewer")
    assert sorted(frame.index) == ["A2", "A3"]
    assert frame.loc["A3", "customer_name"] == "C*** T***"
    assert frame.loc["A3", "phone"] == "***-***-9012"


def test_the_access_log_is_on_the_audit_page_for_auditors(signed: Path, tmp_path: Path) -> None:
    from arrears.access import log as access_log

    access_log.append(
        tmp_path / "access_log.jsonl",
        who="audit@example.com",
        role="auditor",
        action="download",
        file="x.csv",
        filter={"page": "x"},
        rows=3,
        sha256="0" * 64,
    )
    at = open_url(app_as(SCOPES["auditor"][0]), "audit-export")
    assert not at.exception, [e.value for e in at.exception]
    assert any("hash chain intact" in s.value for s in at.success)
    (log,) = [f for f in shown_frames(at) if "sha256" in f.columns]
    assert list(log["file"]) == ["x.csv"]
