"""The dbt project's layer rules, read from dbt's manifest (docs/data_quality.md):

- staging models read sources only (no ref to a model or seed);
- intermediate models and marts never read a source directly (only through staging);
- marts never feed intermediate models (a rule reads the models below it, never a public
  table above it);
- every public mart (models/marts/**) has a primary-key test: `unique` on a column that
  is also `not_null` (a test or an enforced constraint), or the project's generic test
  `unique_combination_of_columns`.

Exceptions are named here with their reason; an exception no longer needed fails too, so
the list cannot go stale.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

LAYERS = ("staging", "intermediate", "marts")
# PII apart from the marts (issue 15): published beside them, read through the query layer
RESTRICTED = "restricted"

# Non-staging models allowed to read a source directly: {model: {source unique_id}}.
ALLOWED_SOURCE_READS: dict[str, set[str]] = {}

# Intermediate models allowed to read a mart: {model: {mart name}}. None: the account
# status is computed in int_account_status, which fct_account_status publishes.
ALLOWED_MART_READS: dict[str, set[str]] = {}


@pytest.fixture(scope="module")
def manifest(dbt_manifest) -> dict[str, Any]:
    return json.loads(dbt_manifest.read_text())


def layer(node: dict[str, Any]) -> str | None:
    for name in (*LAYERS, RESTRICTED):
        if node["original_file_path"].startswith(f"models/{name}/"):
            return name
    return None


def models(manifest: dict[str, Any], in_layer: str) -> Iterator[dict[str, Any]]:
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and layer(node) == in_layer:
            yield node


def upstream(node: dict[str, Any], prefix: str) -> set[str]:
    return {d for d in node["depends_on"]["nodes"] if d.startswith(prefix)}


def test_every_model_is_in_a_layer(manifest):
    stray = [
        node["original_file_path"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and layer(node) is None
    ]
    assert stray == []


def test_staging_reads_sources_only(manifest):
    found = {
        node["name"]: sorted(upstream(node, "model.") | upstream(node, "seed."))
        for node in models(manifest, "staging")
        if upstream(node, "model.") or upstream(node, "seed.") or not upstream(node, "source.")
    }
    assert found == {}, "staging models must select from sources only"


def test_intermediate_and_marts_never_read_sources(manifest):
    found = {
        node["name"]: upstream(node, "source.")
        for name in ("intermediate", "marts")
        for node in models(manifest, name)
        if upstream(node, "source.")
    }
    assert found == ALLOWED_SOURCE_READS, "read sources through their staging model"


def test_marts_never_feed_intermediate_models(manifest):
    nodes = manifest["nodes"]
    found: dict[str, set[str]] = {}
    for node in models(manifest, "intermediate"):
        marts = {nodes[d]["name"] for d in upstream(node, "model.") if layer(nodes[d]) == "marts"}
        if marts:
            found[node["name"]] = marts
    assert found == ALLOWED_MART_READS


def primary_keys(manifest: dict[str, Any], model_id: str) -> list[str]:
    """The model's primary-key tests: unique+not_null columns, unique combinations."""
    model = manifest["nodes"][model_id]
    tests: dict[str, set[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or node.get("attached_node") != model_id:
            continue
        name = (node.get("test_metadata") or {}).get("name")
        if name == "unique_combination_of_columns":
            kwargs = node["test_metadata"]["kwargs"]
            tests.setdefault(name, set()).add(",".join(kwargs["combination_of_columns"]))
        elif name in ("unique", "not_null"):
            tests.setdefault(name, set()).add(node["column_name"])
    not_null = tests.get("not_null", set()) | {
        column
        for column, spec in model["columns"].items()
        if any(c["type"] == "not_null" for c in spec.get("constraints", []))
        and model["config"].get("contract", {}).get("enforced")
    }
    keys = sorted(tests.get("unique", set()) & not_null)
    return keys + sorted(tests.get("unique_combination_of_columns", set()))


def test_every_public_mart_has_a_primary_key_test(manifest):
    missing = sorted(
        node["name"]
        for node in [*models(manifest, "marts"), *models(manifest, RESTRICTED)]
        if not primary_keys(manifest, node["unique_id"])
    )
    assert missing == [], "add unique + not_null on the key, or unique_combination_of_columns"


def test_the_rules_see_the_project(manifest):
    """Guard against a vacuous pass (paths or manifest layout changed)."""
    assert {name: len(list(models(manifest, name))) >= 3 for name in LAYERS} == dict.fromkeys(
        LAYERS, True
    )
    assert primary_keys(manifest, "model.arrears.fct_account_status") == ["as_of_date,account_id"]


def test_pii_columns_are_tagged_and_stay_out_of_the_marts(manifest):
    """customer_name, email and phone: tagged wherever they are, never in a mart."""
    pii_names = {"customer_name", "email", "phone"}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        for name, column in node["columns"].items():
            if name in pii_names:
                meta = column.get("meta") or column.get("config", {}).get("meta", {})
                assert meta.get("pii") is True, (node["name"], name)
        if layer(node) == "marts":
            assert not pii_names & set(node["columns"]), node["name"]
    contacts = manifest["nodes"]["model.arrears.dim_account_contacts"]
    assert contacts["config"]["schema"] == RESTRICTED
