"""Compliance findings and the audit trail, built end to end through Dagster.

The hand-made landing folder (tests/e2e/landing_small, latest data date 2025-04-20) has no
breach. A copy gets extra batches (accounts and disputes with the optional columns
`effective_on` and `channel`, and actions) with planted breaches, each beside a near-miss:

- A2 (TX, America/Chicago): 8 outbound calls 04-01..04-07; the 8th is CALL_FREQUENCY_7IN7.
  No-answer calls are not communications: the initial communication is the sms Z09 on
  04-01; no validation notice by its 5th business day 04-08 (before 04-20):
  VALIDATION_NOTICE_LATE on Z09.
- A4 (timezone America/Chicago): an sms at 21:30 local is INCONVENIENT_TIME; its
  validation notice is sent the next day.
- A5 (AZ, America/Phoenix): a call at 07:59 local is INCONVENIENT_TIME, one at 08:00 is
  not; validation notice the same day.
- A6 (TN, no timezone): a call at 20:30 Central is 21:30 in East Tennessee:
  INCONVENIENT_TIME. An oral cease request on an inbound call: a later sms is fine, a later
  call is MEDIUM_OPT_OUT (and CALL_AFTER_CONVERSATION: the request was a conversation).
- A7 (MA, moves to NY effective 04-10): a call and two texts 04-07..04-09 in MA, the 3rd
  is STATE_CALL_FREQUENCY; a call on 04-11 in NY is not, but it follows an oral dispute:
  DISPUTED_DEBT_ACTIVITY (a warning).
- A1 (NY): its dispute D1 (no channel: written, within the validation period) stays open
  until the verification letter of 04-03, not verified_at: an email on 03-25 is
  COLLECTING_DISPUTED_DEBT, a call after the letter is not.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from e2e_support import SMALL_LANDING, build

from arrears.audit.chain import canonical_record, row_hash
from arrears.cli import main
from arrears.settings import REPO_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("compliance")]

HEADER = (
    "action_id,account_id,collector_id,channel,direction,occurred_at,outcome,duration_s,template"
)
PLANTED = [
    *(f"Z0{d},A2,C1,call,outbound,2025-04-0{d}T10:00:00-05:00,no_answer,0," for d in range(1, 8)),
    "Z08,A2,C1,call,outbound,2025-04-07T15:00:00-05:00,no_answer,0,",
    "Z09,A2,,sms,outbound,2025-04-01T12:00:00-05:00,delivered,,",
    "Z11,A4,,sms,outbound,2025-04-01T21:30:00-05:00,delivered,,",
    "Z12,A4,,letter,outbound,2025-04-02T12:00:00-05:00,sent,,validation_notice",
    "Z21,A5,C1,call,outbound,2025-04-16T07:59:00-07:00,no_answer,0,",
    "Z22,A5,C1,call,outbound,2025-04-16T08:00:00-07:00,no_answer,0,",
    "Z23,A5,,letter,outbound,2025-04-16T12:00:00-07:00,sent,,validation_notice",
    "Z31,A6,C1,call,outbound,2025-04-14T20:30:00-05:00,no_answer,0,",
    "Z32,A6,,letter,outbound,2025-04-14T12:00:00-05:00,sent,,validation_notice",
    "Z33,A6,C1,call,inbound,2025-04-15T10:00:00-05:00,cease_request,60,",
    "Z34,A6,,sms,outbound,2025-04-16T10:00:00-05:00,delivered,,",
    "Z35,A6,C1,call,outbound,2025-04-17T10:00:00-05:00,no_answer,0,",
    "Z41,A7,C1,call,outbound,2025-04-07T10:00:00-04:00,no_answer,0,",
    "Z42,A7,,sms,outbound,2025-04-08T10:00:00-04:00,delivered,,",
    "Z43,A7,,sms,outbound,2025-04-09T10:00:00-04:00,delivered,,",
    "Z44,A7,C1,call,outbound,2025-04-11T10:00:00-04:00,no_answer,0,",
    "Z45,A7,,letter,outbound,2025-04-08T12:00:00-04:00,sent,,validation_notice",
    "Z50,A1,,email,outbound,2025-03-25T10:00:00-04:00,sent,,",
    "Z51,A1,,letter,outbound,2025-04-03T10:00:00-04:00,sent,,verification",
    "Z52,A1,C1,call,outbound,2025-04-04T10:00:00-04:00,no_answer,0,",
]
ACCOUNTS_HEADER = (
    "account_id,customer_name,email,phone,state,timezone,segment,product,client,opened_on,"
    "effective_on"
)
PLANTED_ACCOUNTS = {
    "2025-04-10-compliance.csv": [
        "A6,Tennessee Tia,,,TN,,consumer,card,,2025-01-01,",
        "A7,Mover Max,,,MA,,consumer,card,,2025-01-01,",
    ],
    # A7 moved to New York on 04-10 (learned later)
    "2025-04-12-compliance.csv": ["A7,Mover Max,,,NY,,consumer,card,,2025-01-01,2025-04-10"],
}
DISPUTES = "dispute_id,account_id,opened_at,verified_at,resolved_at,outcome,channel\n" + (
    "D2,A7,2025-04-10T10:00:00-04:00,,,,call\n"
)
EXPECTED = {
    ("CALL_FREQUENCY_7IN7", "Z08"),
    ("VALIDATION_NOTICE_LATE", "Z09"),
    ("INCONVENIENT_TIME", "Z11"),
    ("INCONVENIENT_TIME", "Z21"),
    ("INCONVENIENT_TIME", "Z31"),
    ("MEDIUM_OPT_OUT", "Z35"),
    ("CALL_AFTER_CONVERSATION", "Z35"),
    ("STATE_CALL_FREQUENCY", "Z43"),
    ("DISPUTED_DEBT_ACTIVITY", "Z44"),
    ("COLLECTING_DISPUTED_DEBT", "Z50"),
}


@pytest.fixture(scope="module")
def compliance_build(tmp_path_factory, dbt_manifest):
    """landing_small plus the planted actions, built once: (landing, warehouse)."""
    root = tmp_path_factory.mktemp("compliance")
    landing = root / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    (landing / "actions" / "2025-04-compliance.csv").write_text(
        "\n".join([HEADER, *PLANTED]) + "\n"
    )
    for name, rows in PLANTED_ACCOUNTS.items():
        (landing / "accounts" / name).write_text("\n".join([ACCOUNTS_HEADER, *rows]) + "\n")
    (landing / "disputes" / "2025-04-compliance.csv").write_text(DISPUTES)
    warehouse = root / "arrears.duckdb"
    outcome = build(landing, warehouse)
    assert outcome.success, outcome.reason
    return landing, warehouse


def _findings(db: Path, schema: str = "marts") -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            f"select finding_id, rule_id, action_id, occurred_at_local, detail"
            f" from {schema}.fct_compliance_findings order by finding_id"
        ).fetchall()
    finally:
        con.close()


def test_findings_are_exactly_the_planted_breaches(compliance_build):
    _, warehouse = compliance_build
    rows = _findings(warehouse)
    assert {(r[1], r[2]) for r in rows} == EXPECTED
    by_action = {r[2]: r for r in rows}
    assert str(by_action["Z21"][3]) == "2025-04-16 07:59:00"
    assert "Z01, Z02, Z03, Z04, Z05, Z06, Z07" in by_action["Z08"][4]
    assert "due by 2025-04-08" in by_action["Z09"][4]
    assert "21:30:00 in America/New_York" in by_action["Z31"][4]
    assert "earlier calls and texts: Z41, Z42" in by_action["Z43"][4]
    for finding_id, rule_id, action_id, *_ in rows:
        assert finding_id == hashlib.md5(f"{rule_id}|{action_id}".encode()).hexdigest()


def test_finding_ids_are_the_same_on_rebuild(compliance_build, tmp_path):
    """Rebuild the compliance models on the working database: identical findings."""
    _, warehouse = compliance_build
    work_db = warehouse.with_name("arrears.work.duckdb")
    before = _findings(warehouse)
    env = {**os.environ, "ARREARS_WORK_DB": str(work_db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = Path(sys.executable).parent / "dbt"
    subprocess.run(
        [str(dbt), "run", "--profiles-dir", ".", "--target-path", str(tmp_path / "target"),
         "--log-path", str(tmp_path / "logs"), "-s", "int_compliance_actions+"],
        cwd=REPO_ROOT / "dbt_project", env=env, check=True, capture_output=True,
    )  # fmt: skip
    assert _findings(work_db) == before


def test_export_recomputes_what_dbt_hashed(compliance_build, tmp_path):
    _, warehouse = compliance_build
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        history = con.execute(
            "select account_id, event_seq, event_type, prev_hash, row_hash"
            " from marts.fct_action_history order by account_id, event_seq"
        ).fetchall()
    finally:
        con.close()
    assert {r[2] for r in history} >= {"action", "payment", "payment_reversal", "invoice",
                                        "adjustment", "promise", "payment_plan",
                                        "dispute_opened", "dispute_verified"}  # fmt: skip
    runner = CliRunner()
    for fmt in ("csv", "xlsx", "parquet"):
        out = tmp_path / f"audit.{fmt}"
        result = runner.invoke(
            main, ["export-audit", "--warehouse", str(warehouse), "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        verified = runner.invoke(main, ["verify-audit", str(out)])
        assert verified.exit_code == 0, verified.output
    filtered = tmp_path / "a2.csv"
    result = runner.invoke(
        main,
        ["export-audit", "--warehouse", str(warehouse), "--rule", "CALL_FREQUENCY_7IN7",
         "--from", "2025-04-01", "--to", "2025-04-30", "--format", "csv", "--out", str(filtered)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["verify-audit", str(filtered)]).exit_code == 0
    # and the first chained row, by hand
    from arrears.audit.files import read_rows

    first = read_rows(tmp_path / "audit.csv")[0]
    assert first["row_hash"] == row_hash(first["prev_hash"], canonical_record(first))
    assert len(read_rows(tmp_path / "audit.csv")) == len(history)
