"""PII masking: SQL expressions that replace a tagged column before it leaves the query
layer.

Which columns are PII is not decided here: dbt tags them (``meta: {pii: true, mask:
<kind>}``) and the warehouse lists them in ``restricted.pii_columns`` (a dbt model built
from those tags). A column's ``mask`` kind picks the expression: ``name`` keeps each word's
first letter (``Jane Doe`` → ``J*** D***``), ``email`` the first letter and the domain
(``j***@example.com``), ``phone`` the last four digits (``***-***-1234``); anything else
becomes ``***``. A role with PII level ``none`` gets NULL, ``full`` the stored value.

The expressions exist once per engine, side by side (``ENGINE_MASKS``): DuckDB's for the
query layer (arrears.access.scope), PostgreSQL's for the database's own per-role views
(arrears.access.postgres); a test feeds both the same values and compares the results.
"""

from __future__ import annotations

from arrears.access.roles import PiiLevel

MASKS = {
    "name": (
        "array_to_string(list_transform(string_split(trim({col}), ' '),"
        " lambda w: left(w, 1) || '***'), ' ')"
    ),
    "email": "left({col}, 1) || '***@' || split_part({col}, '@', 2)",
    "phone": "'***-***-' || right(regexp_replace({col}, '[^0-9]', '', 'g'), 4)",
}
# PostgreSQL: the same results (regexp_split_to_array keeps empty words, as string_split)
POSTGRES_MASKS = {
    **MASKS,
    "name": (
        "array_to_string(array(select left(w, 1) || '***' from"
        " unnest(regexp_split_to_array(trim({col}), ' ')) with ordinality as t(w, n)"
        " order by n), ' ')"
    ),
}
ENGINE_MASKS = {"duckdb": MASKS, "postgres": POSTGRES_MASKS}
NULL_TEXT = {"duckdb": "cast(null as varchar)", "postgres": "cast(null as text)"}
DEFAULT_MASK = "'***'"


def quote_ident(name: str) -> str:
    """A double-quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def column_expression(
    column: str, mask: str | None, level: PiiLevel, engine: str = "duckdb"
) -> str:
    """The select-list expression for a PII ``column`` at PII ``level`` (aliased back), in
    ``engine``'s SQL (``duckdb`` or ``postgres``)."""
    col = quote_ident(column)
    if level == "full":
        return col
    if level == "none":
        expression = NULL_TEXT[engine]
    else:
        template = ENGINE_MASKS[engine].get(mask or "", DEFAULT_MASK)
        expression = f"case when {col} is null then null else {template.format(col=col)} end"
    return f"{expression} as {col}"
