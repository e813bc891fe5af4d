"""Loading landing files: every row in exactly one place, each file exactly once."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from arrears.ingest.loader import ChangedFileError, load_entity

ACCOUNTS = (
    "account_id,customer_name,email,phone,state,timezone,segment,product,client,opened_on\n"
    "A1,Ann,,,NY,,consumer,card,,2025-01-01\n"
    "A2,Bob,,,AZ,America/Phoenix,commercial,loan,ACME,2025-01-01\n"
)
INVOICE_HEADER = "invoice_id,account_id,issued_on,due_on,amount,currency\n"


def write(landing: Path, relative: str, text: str) -> Path:
    path = landing / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "work.duckdb")) as connection:
        yield connection


@pytest.fixture
def landing(tmp_path, con):
    root = tmp_path / "landing"
    write(root, "accounts/0001.csv", ACCOUNTS)
    load_entity(con, root, "accounts")
    return root


def quarantine(con) -> list[tuple]:
    return con.execute(
        "select source_file, line_number, reason_code from raw.quarantine order by 1, 2"
    ).fetchall()


def test_each_contract_break_is_quarantined_with_its_reason(con, landing):
    write(
        landing,
        "invoices/2025-01.csv",
        INVOICE_HEADER
        + "I1,A1,2025-01-01,2025-01-31,100.00,USD\n"  # line 2: clean
        + ",A1,2025-01-01,2025-01-31,1.00,USD\n"  # 3: missing key
        + "I3,A1,2025-13-01,2025-01-31,1.00,USD\n"  # 4: bad date
        + "I4,A1,2025-01-01,2025-01-31,1.005,USD\n"  # 5: 3 decimals
        + "I5,A1,2025-01-01,2025-01-31,abc,USD\n"  # 6: not a number
        + "I6,ZZ,2025-01-01,2025-01-31,1.00,USD\n"  # 7: unknown account
        + "I7,A1,2025-01-01,2025-01-31,-1.00,USD\n"  # 8: negative invoice
        + "I8,A1,2025-01-01,2025-01-31,0.00,USD\n"  # 9: zero invoice
        + "I9,A1,2025-01-01,2025-01-31,1.00,EUR\n"  # 10: wrong currency
        + "I10,A1,2025-01-01,2025-01-31,1.00,\n"  # 11: empty currency = reporting: clean
        + "I11,A1,2025-01-01,2025-01-31,1.00,usd\n",  # 12: clean
    )
    [result] = load_entity(con, landing, "invoices")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (11, 3, 8)
    assert quarantine(con) == [
        ("invoices/2025-01.csv", 3, "missing_required"),
        ("invoices/2025-01.csv", 4, "bad_date"),
        ("invoices/2025-01.csv", 5, "bad_amount"),
        ("invoices/2025-01.csv", 6, "bad_amount"),
        ("invoices/2025-01.csv", 7, "unknown_account"),
        ("invoices/2025-01.csv", 8, "negative_amount"),
        ("invoices/2025-01.csv", 9, "negative_amount"),
        ("invoices/2025-01.csv", 10, "wrong_currency"),
    ]
    raw = con.execute("select raw_record from raw.quarantine where line_number = 7").fetchall()
    assert '"account_id":"ZZ"' in raw[0][0]


def test_unknown_codes_timestamps_and_signs(con, landing):
    write(
        landing,
        "actions/a.csv",
        "action_id,account_id,collector_id,channel,direction,occurred_at,outcome,duration_s,template\n"
        "X1,A1,C1,call,outbound,2025-03-10T10:00:00-04:00,no_answer,30,\n"
        "X2,A1,C1,pigeon,outbound,2025-03-10T10:00:00-04:00,sent,,\n"
        "X3,A1,C1,call,outbound,2025-03-10 10:00:00,no_answer,30,\n"
        "X4,A1,C1,call,outbound,2025-03-10T10:00:00Z,no_answer,3.5,\n",
    )
    write(
        landing,
        "adjustments/a.csv",
        "adjustment_id,account_id,invoice_id,effective_on,amount,kind\n"
        "F1,A1,,2025-01-01,5.00,fee\n"
        "F2,A1,,2025-01-01,-5.00,fee\n"
        "W1,A1,,2025-01-01,5.00,write_off\n"
        "K1,A1,,2025-01-01,5.00,bonus\n",
    )
    load_entity(con, landing, "actions")
    load_entity(con, landing, "adjustments")
    assert quarantine(con) == [
        ("actions/a.csv", 3, "unknown_code"),
        ("actions/a.csv", 4, "bad_timestamp"),
        ("actions/a.csv", 5, "bad_integer"),
        ("adjustments/a.csv", 3, "bad_amount_sign"),
        ("adjustments/a.csv", 4, "bad_amount_sign"),
        ("adjustments/a.csv", 5, "unknown_code"),
    ]


def test_duplicates_exact_is_a_no_op_and_conflict_is_quarantined(con, landing):
    write(landing, "invoices/1.csv", INVOICE_HEADER + "I1,A1,2025-01-01,2025-01-31,100.00,USD\n")
    write(
        landing,
        "invoices/2.csv",
        INVOICE_HEADER
        + "I1,A1,2025-01-01,2025-01-31,100.00,USD\n"  # exact duplicate of file 1
        + "I1,A1,2025-01-01,2025-01-31,999.00,USD\n"  # same id, other content
        + "I2,A1,2025-01-01,2025-01-31,5.00,USD\n"
        + "I2,A1,2025-01-01,2025-01-31,5.00,USD\n"  # duplicate inside the file
        + "I2,A1,2025-01-01,2025-01-31,6.00,USD\n",  # conflict inside the file
    )
    first, second = load_entity(con, landing, "invoices")
    assert (first.rows_loaded, second.rows_loaded) == (1, 1)
    assert (second.rows_duplicate, second.rows_quarantined) == (2, 2)
    assert con.execute("select invoice_id, amount from raw.invoices order by 1").fetchall() == [
        ("I1", "100.00"),
        ("I2", "5.00"),
    ]
    assert [r[2] for r in quarantine(con)] == ["duplicate_id", "duplicate_id"]


def test_accounts_are_restated_not_quarantined(con, landing):
    write(
        landing,
        "accounts/0002.csv",
        ACCOUNTS.splitlines()[0] + "\n"
        "A1,Ann,,,NY,,consumer,card,,2025-01-01\n"  # same as before: no-op
        "A2,Bob,,,AZ,America/Phoenix,commercial,loan,ACME2,2025-01-01\n",  # restated
    )
    skipped, result = load_entity(con, landing, "accounts")
    assert skipped.status == "skipped"
    assert (result.rows_loaded, result.rows_duplicate, result.rows_quarantined) == (1, 1, 0)
    versions = con.execute(
        "select client from raw.accounts where account_id = 'A2' order by _file_seq"
    ).fetchall()
    assert versions == [("ACME",), ("ACME2",)]


def test_a_file_is_loaded_once_and_a_changed_file_is_an_error(con, landing):
    path = write(landing, "invoices/1.csv", INVOICE_HEADER + "I1,A1,2025-01-01,2025-01-31,1.00,\n")
    assert [r.status for r in load_entity(con, landing, "invoices")] == ["loaded"]
    assert [r.status for r in load_entity(con, landing, "invoices")] == ["skipped"]
    assert con.execute("select count(*) from raw.invoices").fetchall() == [(1,)]
    path.write_text(INVOICE_HEADER + "I1,A1,2025-01-01,2025-01-31,2.00,\n", encoding="utf-8")
    with pytest.raises(ChangedFileError, match=r"invoices/1\.csv"):
        load_entity(con, landing, "invoices")


def test_missing_required_column_quarantines_every_row(con, landing):
    write(
        landing, "invoices/1.csv", "invoice_id,account_id,issued_on,amount\nI1,A1,2025-01-01,1.00\n"
    )
    [result] = load_entity(con, landing, "invoices")
    assert (result.rows_read, result.rows_quarantined) == (1, 1)
    assert quarantine(con) == [("invoices/1.csv", 2, "missing_column")]


def test_malformed_records_are_quarantined_not_dropped(con, landing):
    write(landing, "invoices/1.csv", INVOICE_HEADER + "I1,A1,2025-01-01,2025-01-31,1.00,,x\n")
    [result] = load_entity(con, landing, "invoices")
    assert (result.rows_read, result.rows_quarantined) == (1, 1)
    assert quarantine(con) == [("invoices/1.csv", 2, "malformed_record")]


def test_a_failed_file_leaves_nothing_behind(con, landing, monkeypatch):
    write(landing, "invoices/1.csv", INVOICE_HEADER + "I1,A1,2025-01-01,2025-01-31,1.00,\n")
    import arrears.ingest.loader as loader

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "_load_batch", explode)
    with pytest.raises(RuntimeError):
        load_entity(con, landing, "invoices")
    counts = con.execute(
        "select (select count(*) from raw.invoices), (select count(*) from raw.load_manifest)"
    ).fetchall()
    assert counts == [(0, 1)]  # only the accounts file is in the manifest


def _tables(con) -> dict[str, list[tuple]]:
    """Every raw table and the quarantine without load times, in physical order."""
    out = {}
    for table, stamp in (("accounts", "_loaded_at"), ("invoices", "_loaded_at")):
        out[table] = con.execute(
            f"select * exclude ({stamp}) from raw.{table} order by rowid"
        ).fetchall()
    out["quarantine"] = con.execute(
        "select * exclude (loaded_at) from raw.quarantine order by rowid"
    ).fetchall()
    out["manifest"] = con.execute(
        "select * exclude (loaded_at) from raw.load_manifest order by rowid"
    ).fetchall()
    return out


@pytest.mark.parametrize("chunk_bytes", [1, 1 << 30], ids=["a-statement-per-file", "one-statement"])
def test_files_loaded_together_equal_files_loaded_one_by_one(tmp_path, monkeypatch, chunk_bytes):
    """New files are checked and loaded together, in one transaction; the outcome of every
    record (its hash, line, duplicate or conflict across files, restatement, reasons) is
    the one it would have if each file were loaded by itself, in name order."""
    import arrears.ingest.loader as loader

    files = {
        "accounts/0001.csv": ACCOUNTS
        + "A2,Bob,,,AZ,America/Phoenix,commercial,loan,ACME,2025-01-01\n",
        "accounts/0002.csv": ACCOUNTS.splitlines()[0] + ",effective_on\n"
        "A1,Ann,,,NY,,consumer,card,,2025-01-01,2025-03-10\n"
        "A2,Bob,,,AZ,America/Phoenix,commercial,loan,ACME,2025-01-01,\n"
        "A3,Cy,,,XX,,consumer,,,2025-01-01,\n",
        "accounts/0003.csv": "account_id,customer_name,state,segment,opened_on,note\n"
        "A2,Bob,AZ,commercial,2025-01-01,moved\nA4,Di,NY,consumer,2025-01-01,x,y\n",
        "invoices/1.csv": INVOICE_HEADER + "I1,A1,2025-01-01,2025-01-31,100.00,USD\n"
        "I2,A1,2025-01-01,2025-01-31,5.00,\nI2,A1,2025-01-01,2025-01-31,6.00,\n",
        "invoices/2.csv": INVOICE_HEADER + "I1,A1,2025-01-01,2025-01-31,100.00,USD\n"
        "I1,A1,2025-01-01,2025-01-31,999.00,USD\nI3,A9,2025-01-01,2025-01-31,1.00,\n",
        "invoices/3.csv": "invoice_id,account_id,issued_on,amount\nI4,A1,2025-01-01,1.00\n",
        "invoices/4.csv": INVOICE_HEADER + "I2,A1,2025-01-01,2025-01-31,5.00,\nI5,A3,2025-01-01,"
        "2025-01-31,1.00,\nI6,A4,2025-01-01,2025-01-31,1.00,,x\n",
    }
    monkeypatch.setattr(loader, "_CHUNK_BYTES", chunk_bytes)
    outcomes = []
    for together in (True, False):
        root = tmp_path / f"landing-{together}"
        with duckdb.connect(str(tmp_path / f"work-{together}.duckdb")) as con:
            for relative, text in files.items():
                write(root, relative, text)
                if not together:
                    load_entity(con, root, relative.split("/")[0])
            if together:
                load_entity(con, root, "accounts")
                results = load_entity(con, root, "invoices")
                assert [r.rows_read for r in results] == [3, 3, 1, 3]
            outcomes.append(_tables(con))
    assert outcomes[0] == outcomes[1]
    assert len(outcomes[0]["quarantine"]) == 8
