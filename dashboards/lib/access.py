"""Who is looking: the dashboards' side of arrears.access (login, role, pages, exports).

Two modes, chosen by ``$ARREARS_AUTH`` (``arrears dashboard`` sets it):
- ``oidc`` (default): Streamlit's ``st.login`` against the provider in
  ``.streamlit/secrets.toml`` ``[auth]``; the e-mail maps to a role and scope in the users
  file (arrears.access.users). Unknown e-mails get a refusal page.
- ``none`` (``arrears dashboard --no-auth``, the demo): no login, everyone is the demo
  admin, a banner says so on every page, and the app refuses to serve unless Streamlit
  listens on localhost only.

The router (streamlit_app.py) calls ``sign_in()`` once per run; ``db.query`` reads
``current_principal()`` so every query is scoped to whoever is signed in.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import streamlit as st

from arrears.access import log as access_log
from arrears.access.users import DEMO_PRINCIPAL, Principal, UsersFileError, lookup, users_file

AUTH_ENV_VAR = "ARREARS_AUTH"
LOCAL_ADDRESSES = frozenset({"localhost", "127.0.0.1", "::1"})
PRINCIPAL_KEY = "_arrears_principal"
DEMO_BANNER = (
    ":orange-background[**Demo mode, no login**: everyone who opens this page sees every "
    "client's data, with PII, as admin. Local use only (`arrears dashboard --no-auth`).]"
)


class NotSignedIn(RuntimeError):
    """A query ran with nobody signed in (never expected: the router stops first)."""


def auth_mode() -> str:
    """``oidc`` or ``none``."""
    return "none" if os.environ.get(AUTH_ENV_VAR, "").strip().lower() == "none" else "oidc"


def listens_locally() -> bool:
    """True when Streamlit's server address is a loopback address."""
    address = st.get_option("server.address")
    return bool(address) and str(address).strip() in LOCAL_ADDRESSES


def current_principal() -> Principal:
    """The signed-in principal of this session (the demo admin in no-auth mode)."""
    if auth_mode() == "none":
        return DEMO_PRINCIPAL
    principal = st.session_state.get(PRINCIPAL_KEY)
    if not isinstance(principal, Principal):
        raise NotSignedIn("nobody is signed in")
    return principal


def sign_in() -> Principal:
    """Sign the session in, or draw the login / refusal page and stop the run."""
    if auth_mode() == "none":
        if not listens_locally():
            st.error(
                "Demo mode (no login) serves on localhost only: start it with "
                "`arrears dashboard --no-auth` (address 127.0.0.1), or configure login.",
                icon=":material/block:",
            )
            st.stop()
        st.markdown(DEMO_BANNER)
        return DEMO_PRINCIPAL
    st.session_state.pop(PRINCIPAL_KEY, None)
    user = st.user
    if not user.get("is_logged_in"):
        _login_page()
        st.stop()
    email = str(user.get("email") or "")
    try:
        principal = lookup(email)
    except UsersFileError as err:
        st.error(f"The users file cannot be read: {err}", icon=":material/error:")
        st.stop()
    if principal is None:
        _refusal_page(email)
        st.stop()
    st.session_state[PRINCIPAL_KEY] = principal
    with st.sidebar:
        st.caption(f"Signed in as **{principal.email}** ({principal.role})")
        st.button("Log out", key="logout", on_click=st.logout, icon=":material/logout:")
    return principal


def _login_page() -> None:
    st.title("arrears")
    st.write("Collections data is personal and regulated: sign in to see the dashboards.")
    if st.button("Log in", key="login", type="primary", icon=":material/login:"):
        try:
            st.login()
        except Exception as err:
            st.error(
                f"Login is not configured ({type(err).__name__}): add an [auth] section to "
                ".streamlit/secrets.toml (see .streamlit/secrets.example.toml), or run the "
                "demo with `arrears dashboard --no-auth`.",
                icon=":material/error:",
            )


def _refusal_page(email: str) -> None:
    st.title("No access")
    st.error(
        f"{email or 'This account'} is not a user of these dashboards. Ask an admin to add "
        f"you to the users file ({users_file().name}).",
        icon=":material/block:",
    )
    st.button("Log out", key="logout_refused", on_click=st.logout, icon=":material/logout:")


def forbidden_page(title: str) -> None:
    """What a page the role may not open shows when its URL is opened directly."""
    principal = current_principal()
    st.title(title)
    st.error(f"Your role ({principal.role}) may not open this page.", icon=":material/block:")


def log_download(
    file_name: str, data: bytes, rows: int, page: str, extra: dict[str, Any] | None = None
) -> None:
    """Append a download to the access log (an ``on_click`` callback of a download)."""
    from dashboards.lib import db

    principal = current_principal()
    filters = {"page": page, **st.query_params.to_dict(), **(extra or {})}
    access_log.append(
        access_log.log_path(db.warehouse_path()),
        who=principal.email,
        role=principal.role,
        action="download",
        file=file_name,
        filter=filters,
        rows=rows,
        sha256=access_log.sha256_bytes(data),
    )


def deferred_logged(
    producer: Callable[[], bytes],
    file_name: str,
    rows: int,
    page: str,
    extra: dict[str, Any] | None = None,
) -> Callable[[], bytes]:
    """Wrap a download's deferred ``data`` callable so that making the file logs it.

    Who, role and filter are taken now (the callable may run outside the page's run)."""
    from dashboards.lib import db

    principal = current_principal()
    filters = {"page": page, **st.query_params.to_dict(), **(extra or {})}
    path = access_log.log_path(db.warehouse_path())

    def produce() -> bytes:
        data = producer()
        access_log.append(
            path,
            who=principal.email,
            role=principal.role,
            action="download",
            file=file_name,
            filter=filters,
            rows=rows,
            sha256=access_log.sha256_bytes(data),
        )
        return data

    return produce
