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

    @property
    def head_hex(self) -> str:
        return self.head.hex()


def verify_chain(
    recorder: Chain, *, kept_head: bytes | None = None, gap_free: bool = True
) -> Verdict:
    """Walk every event in position order. `gap_free` is true of SQLite, whose positions are
    rowids; PostgreSQL's sequence may skip numbers after a rolled-back insert."""
    previous, last = GENESIS, 0
    kept_seen = kept_head is None or kept_head == GENESIS
    for row in recorder.stored_rows():
        if gap_free and row.position != last + 1:
            return Verdict(False, last + 1, previous, f"position {last + 1} is missing")
        if row.link is None:
            return Verdict(False, row.position, previous, f"position {row.position} has no link")
        expected = link(
            previous, row.position, row.originator_id, row.version, row.topic, row.state
        )
        if expected != row.link:
            return Verdict(
                False,
                row.position,
                previous,
                f"position {row.position} does not match its link: the event or the chain "
                "was changed",
            )
        previous, last = expected, row.position
        if not kept_seen and expected == kept_head:
            kept_seen = True
    orphan = recorder.first_link_without_event()
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
    return Verdict(True, last, previous)
