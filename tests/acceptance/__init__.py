"""Acceptance tests: the installed `ledger` command, driven as a user would."""
