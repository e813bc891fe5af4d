"""Turn typed numpy columns into the contract's text: ids, codes, money, dates, timestamps.

All formatting is integer arithmetic plus Arrow string kernels and dictionary look-ups
(`HH:MM:SS`, dates, offsets and cents are small label tables), never floats and never a
Python loop over rows. A missing value is an Arrow null, written as an empty field.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from seeds.generator.window import SECONDS_PER_DAY

ACCOUNT_WIDTH = 8


def _null_mask(ok: np.ndarray) -> np.ndarray | None:
    return None if ok.all() else ~ok


def labels(codes: np.ndarray, names: Sequence[str], valid: np.ndarray | None = None) -> pa.Array:
    """Look codes up in `names`; a negative code (or `valid` False) gives null."""
    codes = np.asarray(codes, dtype=np.int64)
    ok = codes >= 0 if valid is None else (codes >= 0) & np.asarray(valid, dtype=bool)
    safe = np.where(ok, codes, 0).astype(np.int32)
    dictionary = pa.array(list(names) or [""], pa.string())
    indices = pa.array(safe, mask=_null_mask(ok))
    array = pa.DictionaryArray.from_arrays(indices, dictionary)
    return array.cast(pa.string())


@lru_cache(maxsize=1)
def _cents_labels() -> pa.Array:
    return pa.array([f"{c:02d}" for c in range(100)], pa.string())


@lru_cache(maxsize=1)
def _hms_labels() -> pa.Array:
    return pa.array(
        [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)],
        pa.string(),
    )


def money(cents: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Integer cents as a decimal string with exactly two decimals: -1234.50."""
    cents = np.asarray(cents, dtype=np.int64)
    magnitude = np.abs(cents)
    whole = pc.cast(pa.array(magnitude // 100), pa.string())
    frac = pa.DictionaryArray.from_arrays(
        pa.array((magnitude % 100).astype(np.int32)), _cents_labels()
    ).cast(pa.string())
    sign = labels((cents < 0).astype(np.int64), ("", "-"))
    text = pc.binary_join_element_wise(sign, whole, ".", frac, "")
    return masked(text, valid)


def integers(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Whole numbers as text."""
    text = pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())
    return masked(text, valid)


def dates(days: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Integer days as ISO dates (YYYY-MM-DD)."""
    days = np.asarray(days, dtype=np.int64)
    ok = np.ones(days.shape, bool) if valid is None else np.asarray(valid, dtype=bool)
    if not ok.any():
        return pa.nulls(days.size, pa.string())
    low, high = int(days[ok].min()), int(days[ok].max())
    table = np.arange(low, high + 1, dtype=np.int64).astype("datetime64[D]").astype(str)
    codes = np.where(ok, days - low, -1)
    return labels(codes, table.tolist())


def timestamps(
    wall_s: np.ndarray, utc_s: np.ndarray, as_utc: np.ndarray, valid: np.ndarray | None = None
) -> pa.Array:
    """ISO 8601 timestamps: local wall time with its offset, or UTC with `Z` where as_utc."""
    wall_s = np.asarray(wall_s, dtype=np.int64)
    utc_s = np.asarray(utc_s, dtype=np.int64)
    as_utc = np.asarray(as_utc, dtype=bool)
    shown = np.where(as_utc, utc_s, wall_s)
    day = shown // SECONDS_PER_DAY
    hms = pa.DictionaryArray.from_arrays(
        pa.array((shown - day * SECONDS_PER_DAY).astype(np.int32)), _hms_labels()
    ).cast(pa.string())
    offset_min = np.where(as_utc, 100_000, (wall_s - utc_s) // 60)
    distinct, codes = np.unique(offset_min, return_inverse=True)
    suffix = labels(codes, [_offset_label(int(m)) for m in distinct])
    text = pc.binary_join_element_wise(
        pc.binary_join_element_wise(dates(day), hms, "T"), suffix, ""
    )
    return masked(text, valid)


def _offset_label(minutes: int) -> str:
    if minutes == 100_000:
        return "Z"
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def padded(numbers: np.ndarray, width: int) -> pa.Array:
    """Zero-padded whole numbers (non-negative)."""
    numbers = np.asarray(numbers, dtype=np.int64)
    top = int(numbers.max()) if numbers.size else 0
    if top < _LOOKUP_LIMIT:  # a label table is much faster than cast + pad
        return labels(numbers, _padded_labels(width, top + 1))
    return pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, "0")


_LOOKUP_LIMIT = 200_000


def _padded_labels(width: int, count: int) -> list[str]:
    size = 1 << max(count - 1, 1).bit_length()  # a few sizes only, so the cache stays small
    return _padded_table(width, size)[:count]


@lru_cache(maxsize=32)
def _padded_table(width: int, size: int) -> list[str]:
    return [f"{i:0{width}d}" for i in range(size)]


def account_ids(numbers: np.ndarray) -> pa.Array:
    """Account ids: AC + 8 digits."""
    return pc.binary_join_element_wise("AC", padded(numbers, ACCOUNT_WIDTH), "")


def child_ids(prefix: str, account_digits: pa.Array, seq: np.ndarray, width: int) -> pa.Array:
    """Ids of rows that belong to an account: PREFIX-<account number>-<sequence>.

    `account_digits` are the rows' zero-padded account numbers (see `padded`).
    """
    return pc.binary_join_element_wise(prefix, account_digits, padded(seq, width), "-")


def masked(array: pa.Array, valid: np.ndarray | None) -> pa.Array:
    """The array with nulls (empty fields) where `valid` is False."""
    if valid is None:
        return array
    valid = np.asarray(valid, dtype=bool)
    if valid.all():
        return array
    return pc.if_else(pa.array(valid), array, pa.nulls(len(array), pa.string()))
