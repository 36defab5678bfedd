"""Command-palette providers: every entity the ledger names, as `KIND: HANDLE` (`office:
asp-chair`, `meeting: asp-viii`, `person: gina-nilo`…), found by its handle or its name, so
any of them is a few keystrokes away on a ledger of any size."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider

if TYPE_CHECKING:
    from projections.readmodel import Named
    from tui.app import LedgerApp

# What choosing an entity of each kind shows.
SHOWS = {
    "office": "Show this office's line of holders",
    "body": "Show this body's offices and seats",
    "meeting": "Show this meeting: agenda, decisions, attendance",
    "decision": "Show this decision's life across venues",
    "election": "Show this election: candidates and votes",
    "action": "Show this action item's history",
    "person": "Show every event that names this person",
    "institution": "Show every event that names this institution",
    "plan": "Show every event that names this work plan",
}
PER_KIND = 20  # entities of each kind fetched per query; the palette ranks what it gets


def parse(query: str) -> tuple[set[str] | None, str]:
    """A leading kind (`office:` or `office `) keeps to that kind; the rest is looked for."""
    head, sep, rest = query.partition(":")
    if not sep:
        head, _, rest = query.strip().partition(" ")
    kind = head.strip().lower()
    if kind in SHOWS and (sep or rest):
        return {kind}, rest.strip()
    return None, query.strip()


class EntityCommands(Provider):
    async def _named(self, query: str) -> list[Named]:
        app: LedgerApp = self.app  # type: ignore[assignment]
        kinds, text = parse(query)
        return await asyncio.to_thread(
            app.ledger.named, text, kinds=kinds, known_at=app.known_at, limit=PER_KIND
        )

    async def search(self, query: str) -> Hits:
        if not query.strip():
            return
        matcher = self.matcher(query)
        app: LedgerApp = self.app  # type: ignore[assignment]
        for n in await self._named(query):
            text = f"{n.kind}: {n.handle}"
            # The handle first, then its name: a name's words find it too.
            score = max(matcher.match(text), matcher.match(f"{n.kind}: {n.label}") * 0.9)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(app.show_entity, n.kind, n.handle),
                    text=text,
                    help=f"{n.label} — {SHOWS[n.kind].lower()}",
                )
