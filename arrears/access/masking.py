"""PII masking: SQL expressions that replace a tagged column before it leaves the query
layer.

Which columns are PII is not decided here: dbt tags them (``meta: {pii: true, mask:
<kind>}``) and the warehouse lists them in ``restricted.pii_columns`` (a dbt model built
from those tags). A column's ``mask`` kind picks the expression: ``name`` keeps each word's
first letter (``Jane Doe`` → ``J*** D***``), ``email`` the first letter and the domain
(``j***@example.com``), ``phone`` the last four digits (``***-***-1234``); anything else
becomes ``***``. A role with PII level ``none`` gets NULL, ``full`` the stored value.
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
DEFAULT_MASK = "'***'"


def quote_ident(name: str) -> str:
    """A double-quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def column_expression(column: str, mask: str | None, level: PiiLevel) -> str:
    """The select-list expression for a PII ``column`` at PII ``level`` (aliased back)."""
    col = quote_ident(column)
    if level == "full":
        return col
    if level == "none":
        expression = "cast(null as varchar)"
    else:
        template = MASKS.get(mask or "", DEFAULT_MASK)
        expression = f"case when {col} is null then null else {template.format(col=col)} end"
    return f"{expression} as {col}"
