"""Compliance end-to-end tests reuse the e2e helpers (tests/e2e/e2e_support.py)."""

from __future__ import annotations

import sys
from pathlib import Path

E2E = Path(__file__).resolve().parents[1] / "e2e"
if str(E2E) not in sys.path:
    sys.path.insert(0, str(E2E))
