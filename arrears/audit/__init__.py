"""Auditor exports of the action history, with hash-chain integrity evidence.

- `chain`: the canonical record and the row hash, exactly as dbt computes them
  (fct_action_history); the algorithm is documented in docs/compliance.md.
- `export`: read the published warehouse read-only, filter, write CSV / XLSX / Parquet
  plus a manifest (filters, row count, file SHA-256, chain head per account).
- `files`: read and write the three file formats as text cells.
- `verify`: recompute the chain of an exported file and name the first bad row.
"""
