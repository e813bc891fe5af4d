"""Local wall-clock times to UTC, per IANA zone, vectorized with pandas (DST-correct).

Events are generated as naive local times in the consumer's zone. Each zone's group is
localized at once; a local time that does not exist (the spring-forward hour) is moved an
hour later (02:30 becomes 03:30 daylight time), and an ambiguous one (the fall-back hour)
is read as the first (daylight) one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

_SPRING_FORWARD = pd.Timedelta(hours=1)  # every US daylight-saving gap is one hour


def localize(
    local_s: np.ndarray, zone_idx: np.ndarray, zones: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Return (wall_s, utc_s): the wall-clock time actually shown and the UTC instant.

    Both are int64 seconds since 1970-01-01; `wall_s - utc_s` is the UTC offset. `wall_s`
    equals `local_s` except for local times skipped by a DST change.
    """
    local_s = np.asarray(local_s, dtype=np.int64)
    zone_idx = np.asarray(zone_idx)
    wall = local_s.copy()
    utc = local_s.copy()
    if local_s.size == 0:
        return wall, utc
    present = np.flatnonzero(np.bincount(zone_idx, minlength=len(zones)))
    for z in present:
        mask = zone_idx == z
        naive = pd.DatetimeIndex(local_s[mask].astype("datetime64[s]"))
        aware = naive.tz_localize(
            zones[z], ambiguous=np.ones(mask.sum(), dtype=bool), nonexistent=_SPRING_FORWARD
        )
        utc[mask] = _seconds(aware.tz_convert("UTC").tz_localize(None))
        wall[mask] = _seconds(aware.tz_localize(None))
    return wall, utc


def _seconds(index: pd.DatetimeIndex) -> np.ndarray:
    return index.to_numpy().astype("datetime64[s]").astype(np.int64)
