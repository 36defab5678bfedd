"""Command-palette providers: every office and body, named `office: HANDLE` and
`body: HANDLE`, so any entity is a few keystrokes away."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import LedgerApp


class EntityCommands(Provider):
    async def _entries(self) -> list[tuple[str, str]]:
        app: LedgerApp = self.app  # type: ignore[assignment]
        governance = await asyncio.to_thread(
            app.ledger.governance_on, app.as_of, known_at=app.known_at
        )
        return [(f"office: {o.office.office}", o.office.office) for o in governance.offices]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app: LedgerApp = self.app  # type: ignore[assignment]
        for text, handle in await self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(app.show_office, handle),
                    help="Show this office's line of holders",
                )

    async def discover(self) -> Hits:
        app: LedgerApp = self.app  # type: ignore[assignment]
        for text, handle in await self._entries():
            yield DiscoveryHit(
                text, partial(app.show_office, handle), help="Show this office's line of holders"
            )
