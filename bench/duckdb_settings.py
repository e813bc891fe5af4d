"""The DuckDB settings the build's dbt profile uses, for the harness's own sessions.

Renders dbt_project/profiles.yml (its `env_var()` calls read this process's environment)
and returns the `settings:` of the duckdb output (memory_limit, threads, ...), so the
floors and the compiled-SQL run get the same limits as the build.
"""

from __future__ import annotations

import os
from typing import Any

from bench import REPO_ROOT

PROFILES = REPO_ROOT / "dbt_project" / "profiles.yml"
_MISSING = object()


def _env_var(name: str, default: Any = _MISSING) -> str:
    value = os.environ.get(name)
    if value is not None:
        return value
    if default is _MISSING:
        raise KeyError(f"environment variable {name} is not set")
    return str(default)


def profile_settings() -> dict[str, Any]:
    """`settings:` of the duckdb output in profiles.yml, rendered; {} if unreadable."""
    import jinja2
    import yaml

    try:
        text = jinja2.Environment().from_string(PROFILES.read_text()).render(env_var=_env_var)
        profile = next(iter(yaml.safe_load(text).values()))
        return dict(profile["outputs"]["duckdb"].get("settings") or {})
    except (OSError, KeyError, StopIteration, TypeError, jinja2.TemplateError, yaml.YAMLError):
        return {}


def connect_settings() -> dict[str, Any]:
    """The profile's settings as a duckdb.connect(config=...) mapping."""
    return {key: value for key, value in profile_settings().items() if value is not None}
