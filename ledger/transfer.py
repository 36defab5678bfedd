"""`ledger export` and `ledger import`: the whole log as JSON Lines.

Each line is the event as a reader sees it (position, type, actor, times, payload, link) plus
`stored`: the exact stored bytes, so an import reproduces the same events and the same chain.
An import checks every line and every link as it writes, inside one transaction: a bad file
is refused whole, with nothing recorded.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec
from eventsourcing.persistence import StoredEvent

from domain.errors import RuleBroken
from ledger.chain import GENESIS, StoredRow, link
from ledger.events import logged

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from ledger.core import LedgerCore as Ledger


class ImportRefused(RuleBroken):
    rule = "import refused"


class _Stored(msgspec.Struct, forbid_unknown_fields=True):
    originator_id: str
    topic: str
    state: str


class _Line(msgspec.Struct):
    position: int
    version: int
    link: str
    stored: _Stored


_line_decoder = msgspec.json.Decoder(_Line)


def export_lines(ledger: Ledger) -> Iterator[str]:
    handles: dict[UUID, str] = {}
    for row in ledger.chain.stored_rows():
        event = ledger.mapper.to_domain_event(_stored_event(row))
        line: dict[str, Any] = logged(row.position, event, handles, row.link).as_json()
        line["stored"] = {
            "originator_id": row.originator_id,
            "topic": row.topic,
            "state": row.state.decode("utf-8"),
        }
        yield json.dumps(line, ensure_ascii=False)


def _stored_event(row: StoredRow) -> StoredEvent:
    return StoredEvent(UUID(row.originator_id), row.version, row.topic, row.state)


def read_rows(
    ledger: Ledger, lines: Iterable[bytes], progress: Callable[[int], None] | None = None
) -> Iterator[StoredRow]:
    """Parse, decode and chain-check each line; raise ImportRefused at the first bad one."""
    previous, last = GENESIS, 0
    handles: dict[UUID, str] = {}
    for number, raw in enumerate(lines, start=1):
        if progress is not None:
            progress(len(raw))
        if not raw.strip():
            continue
        try:
            line = _line_decoder.decode(raw)
            row = StoredRow(
                line.position,
                UUID(line.stored.originator_id).hex,
                line.version,
                line.stored.topic,
                line.stored.state.encode("utf-8"),
                bytes.fromhex(line.link),
            )
            event = ledger.mapper.to_domain_event(_stored_event(row))
            readable = {k: v for k, v in msgspec.json.decode(raw).items() if k != "stored"}
        except Exception as e:  # any malformed line refuses the whole file
            raise ImportRefused(f"line {number} is not an exported event ({e})") from e
        if row.position <= last:
            raise ImportRefused(f"line {number}: position {row.position} is not after {last}")
        # The readable part must say what the stored part holds, or the backup misleads.
        described = logged(row.position, event, handles, row.link).as_json()
        if any(readable.get(k) != v for k, v in described.items() if k != "entity"):
            raise ImportRefused(f"line {number}: its readable fields do not match its stored event")
        expected = link(
            previous, row.position, row.originator_id, row.version, row.topic, row.state
        )
        if expected != row.link:
            raise ImportRefused(
                f"line {number} (position {row.position}) does not match its link: the file's "
                "chain does not verify"
            )
        previous, last = expected, row.position
        yield row
