"""The ledger application: the one façade the CLI and the TUI talk to, gathering the
commands and queries of every part of the domain over one core."""

from __future__ import annotations

from ledger.core import Receipt, default_actor
from ledger.governance import GovernanceCommands
from ledger.proceedings import ProceedingsCommands

__all__ = ["Ledger", "Receipt", "default_actor"]


class Ledger(GovernanceCommands, ProceedingsCommands):
    """Commands (find, decide, save) and queries answered from the read models."""
