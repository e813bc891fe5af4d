"""The CLI's side of issue 15: export-audit on the access log, verify-audit --access-log,
and `arrears dashboard` refusing to serve the no-login demo beyond localhost."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from arrears.access import log as access_log
from arrears.cli import main

HISTORY = """
create schema marts;
create table marts.fct_action_history as select * from (values
    ('e1', 'A1', 1, 'action', 'a1', timestamp '2025-01-01 10:00', timestamp '2025-01-01 05:00',
     'America/New_York', false, 'C1', 'call', 'outbound', 'no_answer', null, null, null,
     'f.csv', 2, timestamp '2025-01-02 00:00', 'h1', 'h0')
) t(event_id, account_id, event_seq, event_type, source_id, occurred_at, occurred_at_local,
    local_timezone, is_date_only, collector_id, channel, direction, outcome, template, amount,
    detail, source_file, source_line_number, loaded_at, row_hash, prev_hash);
create table marts.fct_compliance_findings (action_id varchar, rule_id varchar,
    account_id varchar, occurred_at timestamp, occurred_at_local timestamp);
"""


def test_export_audit_is_logged_and_the_log_verifies(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("ARREARS_ACCESS_LOG", raising=False)
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(HISTORY)
    out = tmp_path / "x.csv"
    runner = CliRunner()
    args = ["export-audit", "--warehouse", str(warehouse), "--out", str(out), "--user", "ann"]
    result = runner.invoke(main, args)
    log = tmp_path / "access_log.jsonl"
    assert result.exit_code == 0, result.output
    (entry,) = access_log.read(log)
    assert (entry["who"], entry["action"], entry["file"]) == ("ann", "export-audit", str(out))
    assert entry["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    ok = runner.invoke(main, ["verify-audit", "--access-log", str(log)])
    assert ok.exit_code == 0 and "1 access log entries, chain intact" in ok.output
    # one edited field breaks the chain, and the CLI names the entry
    tampered = json.loads(log.read_text())
    tampered["who"] = "bob"
    log.write_text(json.dumps(tampered) + "\n")
    bad = runner.invoke(main, ["verify-audit", "--access-log", str(log)])
    assert bad.exit_code == 1 and "entry 1" in bad.output and "Traceback" not in bad.output


def test_verify_audit_needs_a_file_or_the_access_log() -> None:
    result = CliRunner().invoke(main, ["verify-audit"])
    assert result.exit_code == 2 and "--access-log" in result.output


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.5", "example.com"])
def test_the_no_login_demo_refuses_to_listen_beyond_localhost(address: str) -> None:
    result = CliRunner().invoke(main, ["dashboard", "--no-auth", "--address", address])
    assert result.exit_code == 2
    assert f"--no-auth serves on localhost only, not {address}" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_login_mode_needs_owner_only_secrets(tmp_path: Path, monkeypatch) -> None:
    from arrears import cli

    secrets = tmp_path / "secrets.toml"
    assert "no " in cli._login_problem(secrets)
    secrets.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n')
    secrets.chmod(0o644)
    assert "chmod 600" in cli._login_problem(secrets)
    secrets.chmod(0o600)
    assert cli._login_problem(secrets) is None
    secrets.write_text("[other]\n")
    assert "no [auth] section" in cli._login_problem(secrets)
