"""Same arguments, same bytes; and the number of worker processes changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from seeds.generator import generate
from seeds.generator.chunk import stream
from seeds.generator.collectors import make_roster
from seeds.generator.pipeline import chunk_batches
from seeds.generator.window import make_window

ARGS = {"accounts": 300, "months": 6, "seed": 5, "end_month": "2026-03"}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.csv"))}


def test_same_arguments_give_identical_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", **ARGS)
    second = generate(tmp_path / "b", **ARGS)
    assert first == second
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", **ARGS)
    generate(tmp_path / "b", **{**ARGS, "seed": 6})
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a["accounts/0000-initial.csv"] != b["accounts/0000-initial.csv"]


def test_worker_processes_do_not_change_the_output() -> None:
    win = make_window("2026-03", 4)
    roster = make_roster(stream(9, 0), 400, win)
    serial = list(chunk_batches(9, 400, win, roster, workers=1, chunk_size=150))
    parallel = list(chunk_batches(9, 400, win, roster, workers=2, chunk_size=150))
    assert len(serial) == len(parallel) == 3
    for one, other in zip(serial, parallel, strict=True):
        for entity in one:
            assert one[entity].table.equals(other[entity].table), entity
            assert (one[entity].file_index == other[entity].file_index).all(), entity


def test_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    small = {**ARGS, "accounts": 40, "months": 2}
    generate(tmp_path, **small)
    with pytest.raises(FileExistsError):
        generate(tmp_path, **small)
    before = _files(tmp_path)
    generate(tmp_path, **small, overwrite=True)
    assert _files(tmp_path) == before


def test_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path, accounts=10, months=3, seed=1, end_month="2026-13")
    with pytest.raises(ValueError):
        generate(tmp_path, accounts=0, months=3, seed=1)
