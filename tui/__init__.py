"""The Textual terminal UI: reads projections and sends commands through the ledger."""
