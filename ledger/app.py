"""The ledger application: the one façade the CLI and the TUI talk to, gathering the
commands and queries of every part of the domain over one core."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledger.core import Receipt, default_actor
from ledger.proceedings import ProceedingsCommands
from ledger.terms import TermsCommands
from ledger.workplans import WorkPlanCommands
from projections.governance import LATEST

if TYPE_CHECKING:
    from collections.abc import Set
    from datetime import datetime

    from projections.readmodel import Named

__all__ = ["Ledger", "Receipt", "default_actor"]


class Ledger(TermsCommands, ProceedingsCommands, WorkPlanCommands):
    """Commands (find, decide, save) and queries answered from the read models: governance
    and the terms of reference (TermsCommands extends GovernanceCommands), meetings,
    decisions and elections, work plans and their action items."""

    def named(
        self,
        text: str,
        *,
        kinds: Set[str] | None = None,
        known_at: int | datetime | None = None,
        limit: int = 20,
    ) -> list[Named]:
        """Entities (of `kinds`, or any) whose handle or name holds the characters of `text`
        in order, as the command palette matches, those holding its words first: at most
        `limit` of each kind of table."""
        words = text.split()
        close = "%" + "%".join("".join(map(_escaped, w)) for w in words) + "%"
        loose = "%" + "".join(_escaped(c) + "%" for c in "".join(words))
        k = self._known(known_at)
        return [
            n
            for p in self.projections.values()
            for n in p.view.named(kinds, (close, loose), LATEST if k is None else k, limit)
        ]


def _escaped(c: str) -> str:
    return "\\" + c if c in "%_\\" else c
