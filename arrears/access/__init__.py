"""Access control for the dashboards and exports: who is who (users), what each role may
see (roles), which rows (scope), how PII is masked (masking) and the hash-chained log of
every export (log). Plain Python; the dashboards and the CLI import it."""
