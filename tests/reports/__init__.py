"""Reports replayed from the ledger: goldens, reproducibility, a real browser, the CLI, and
the read models as open data."""
