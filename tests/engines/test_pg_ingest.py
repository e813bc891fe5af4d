"""PostgreSQL's COPY ingest on inputs the small landing does not have."""

from __future__ import annotations

from arrears.engines import pg_ingest
from arrears.engines.postgres import connect

HEADER = "adjustment_id,account_id,invoice_id,effective_on,amount,kind\n"


def test_a_header_only_file_before_others_loads(postgres_server, tmp_path):
    """A month with no adjustments (header only) sorted before one with two: pyarrow's CSV
    writer once wrote NUL bytes for the combined table, and COPY refused the entity."""
    accounts = tmp_path / "landing" / "accounts"
    accounts.mkdir(parents=True)
    (accounts / "0000-initial.csv").write_text(
        "account_id,customer_name,email,phone,state,timezone,segment,product,client,opened_on\n"
        '"AC00000016","Ann Lee","ann@example.net","+12195550170","IN",,"consumer","telecom",,'
        '"2022-10-17"\n'
        '"AC00000167","Bo Tan","bo@example.net","+12195550171","IN",,"consumer","telecom",,'
        '"2022-10-17"\n'
    )
    folder = tmp_path / "landing" / "adjustments"
    folder.mkdir(parents=True)
    (folder / "2026-05.csv").write_text(HEADER)
    (folder / "2026-06.csv").write_text(
        HEADER
        + "ADJ-00000016-001,AC00000016,,2026-06-06,20.00,fee\n"
        + "ADJ-00000167-001,AC00000167,,2026-06-07,1.80,interest\n"
    )
    con = connect(postgres_server.database("pg_ingest_header_only"))
    try:
        pg_ingest.load_entity(con, tmp_path / "landing", "accounts", "USD")
        results = pg_ingest.load_entity(con, tmp_path / "landing", "adjustments", "USD")
        with con.cursor() as cur:
            cur.execute("select adjustment_id, amount from raw.adjustments order by 1")
            rows = cur.fetchall()
    finally:
        con.close()
    assert [(r.source_file, r.status, r.rows_loaded, r.rows_quarantined) for r in results] == [
        ("adjustments/2026-05.csv", "loaded", 0, 0),
        ("adjustments/2026-06.csv", "loaded", 2, 0),
    ]
    assert [(a, str(m)) for a, m in rows] == [
        ("ADJ-00000016-001", "20.00"),
        ("ADJ-00000167-001", "1.80"),
    ]
