"""AppTest tests of the audit export page (and the export bytes it serves) on the
hand-made action history of marts_warehouse.py: A1 has 2 events, A2 has 5; collector C1
has events on A1 only, C2 on A2 only."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest
from test_pages import APP, TIMEOUT_S, drop, open_page, table

from dashboards.lib import audit_export


def downloads(at: AppTest) -> dict[str, object]:
    return {button.proto.label: button for button in at.get("download_button")}


def test_search_an_account_shows_its_timeline_and_export(warehouse: Path) -> None:
    at = open_page("audit_export")
    assert not at.dataframe
    at.text_input(key="audit_account").input("A2").run()
    assert not at.exception, [e.value for e in at.exception]

    timeline = table(at, "event_seq")
    assert list(timeline["event_seq"]) == [1, 2, 3, 4, 5]
    assert list(timeline["event_id"])[-1] == "payment:PAY-1"
    assert any("5 events on 1 account;" in c.value for c in at.caption)
    assert set(downloads(at)) == {"Download CSV", "Download manifest"}

    at.radio(key="audit_format").set_value("parquet").run()
    assert not at.exception
    assert "Download Parquet" in downloads(at)


def test_a_partial_account_id_offers_the_matches(warehouse: Path) -> None:
    at = open_page("audit_export")
    at.text_input(key="audit_account").input("a").run()
    box = at.selectbox(key="audit_account_match")
    assert box.options == ["A1", "A2"]
    box.select("A1").run()
    assert list(table(at, "event_seq")["event_id"]) == ["invoice:I-1", "action:ACT-3"]

    at.text_input(key="audit_account").input("zz").run()
    assert "No account" in at.info[0].value


def test_pick_a_collector(warehouse: Path) -> None:
    at = open_page("audit_export")
    at.segmented_control(key="audit_mode").set_value("Collector").run()
    box = at.selectbox(key="audit_collector")
    assert box.options == ["C1 (1 account)", "C2 (1 account)"]
    box.select("C2").run()
    assert not at.exception, [e.value for e in at.exception]
    timeline = table(at, "account_id")
    assert set(timeline["account_id"]) == {"A2"}
    assert len(timeline) == 5
    assert any("collector C2: 5 events on 1 account;" in c.value for c in at.caption)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_export_bytes_are_the_export_audit_files(warehouse: Path, fmt: str) -> None:
    export = audit_export.export_bytes(audit_export.ExportFilters(accounts=("A2",)), fmt, "a")
    assert export.file_name == f"a.{fmt}"
    assert export.manifest_name == f"a.{fmt}.manifest.json"
    manifest = json.loads(export.manifest)
    assert manifest["sha256"] == hashlib.sha256(export.data).hexdigest() == export.sha256
    assert manifest["row_count"] == export.row_count == 5
    assert manifest["filters"]["accounts"] == ["A2"]
    assert manifest["accounts"]["A2"]["chain_head"] == "h5"
    if fmt == "csv":
        lines = export.data.decode().splitlines()
        assert lines[0].startswith("account_id,event_seq,event_id")
        assert len(lines) == 6
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(export.data)).active
        assert sheet.max_row == 6
    else:
        assert pq.read_table(io.BytesIO(export.data)).num_rows == 5


def test_audit_export_without_action_history(warehouse: Path) -> None:
    drop(warehouse, "fct_action_history")
    at = open_page("audit_export")
    assert "fct_action_history" in at.warning[0].value


def test_a_shared_url_opens_the_account(warehouse: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.query_params["audit_account"] = "A1"
    at.run()
    at.switch_page("app_pages/audit_export.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert list(table(at, "event_seq")["event_id"]) == ["invoice:I-1", "action:ACT-3"]
