"""The ledger application: the one façade the CLI and the TUI talk to, gathering the
commands and queries of every part of the domain over one core."""

from __future__ import annotations

from ledger.core import Receipt, default_actor
from ledger.proceedings import ProceedingsCommands
from ledger.terms import TermsCommands
from ledger.workplans import WorkPlanCommands

__all__ = ["Ledger", "Receipt", "default_actor"]


class Ledger(TermsCommands, ProceedingsCommands, WorkPlanCommands):
    """Commands (find, decide, save) and queries answered from the read models: governance
    and the terms of reference (TermsCommands extends GovernanceCommands), meetings,
    decisions and elections, work plans and their action items."""
