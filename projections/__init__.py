"""Read models rebuilt from the event log into SQLite files of their own (sqlite-utils).

Projections know only events: they never import the ledger and never write events.
"""
