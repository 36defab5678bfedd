"""Recompute the hash chain from the stored events and say where, if anywhere, it breaks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ledger.chain import GENESIS, link

if TYPE_CHECKING:
    from ledger.chain import Chain


@dataclass(frozen=True)
class Verdict:
    ok: bool
    position: int
    head: bytes
    problem: str | None = None
    # How many events were verified: the head position, unless the positions have gaps.
    events: int = 0

    @property
    def head_hex(self) -> str:
        return self.head.hex()


def verify_chain(recorder: Chain, *, kept_head: bytes | None = None) -> Verdict:
    """The chain's verdict; when it fails, and the file itself is damaged (a page SQLite
    cannot read), that is said first: the position named may then be a damaged page's."""
    try:
        verdict = _walk(recorder, kept_head)
    except Exception as e:  # a file damaged under the rows being read: said, never raised
        verdict = Verdict(False, 0, GENESIS, f"the log could not be read to its end ({e})")
    if verdict.ok:
        return verdict
    damage = recorder.storage_damage()
    if damage is None:
        return verdict
    if len(damage) > 200:
        damage = damage[:200] + "…"
    return Verdict(
        False,
        verdict.position,
        verdict.head,
        f"the file itself is damaged (SQLite: {damage}); the chain: {verdict.problem}",
    )


def _walk(recorder: Chain, kept_head: bytes | None) -> Verdict:
    """Walk every event in position order. Positions may have gaps (PostgreSQL's sequence
    skips a number after a rolled-back insert, and a shared ledger moved to a file keeps
    them): the chain links over them, so a deleted event still breaks the next link."""
    previous, last, count = GENESIS, 0, 0
    kept_seen = kept_head is None or kept_head == GENESIS
    orphan = recorder.first_link_without_event()
    for row in recorder.stored_rows():
        if orphan is not None and orphan < row.position:
            return Verdict(
                False,
                orphan,
                previous,
                f"position {orphan} is missing: its link is there but not its event, it was "
                "deleted",
            )
        if row.link is None:
            return Verdict(False, row.position, previous, f"position {row.position} has no link")
        expected = link(
            previous, row.position, row.originator_id, row.version, row.topic, row.state
        )
        if expected != row.link:
            if row.position != last + 1:
                return Verdict(
                    False,
                    last + 1,
                    previous,
                    f"position {last + 1} is missing, or position {row.position} was changed: "
                    f"position {row.position} does not match its link",
                )
            return Verdict(
                False,
                row.position,
                previous,
                f"position {row.position} does not match its link: the event or the chain "
                "was changed",
            )
        previous, last, count = expected, row.position, count + 1
        if not kept_seen and expected == kept_head:
            kept_seen = True
    if orphan is not None:
        return Verdict(
            False, orphan, previous, f"position {orphan} has a link but no event: it was deleted"
        )
    if not kept_seen:
        assert kept_head is not None
        return Verdict(
            False,
            last + 1,
            previous,
            f"the kept head {kept_head.hex()} is not in the chain, which ends at position "
            f"{last}: events after it were cut, or the log was rewritten",
        )
    return Verdict(True, last, previous, events=count)
