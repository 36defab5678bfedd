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
from ledger.errors import EventUnreadable
from ledger.events import logged

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from ledger.core import LedgerCore as Ledger
    from ledger.events import LoggedEvent


class ImportRefused(RuleBroken):
    rule = "import refused"


class _Stored(msgspec.Struct, forbid_unknown_fields=True):
    # Parsed by msgspec as the line is decoded: the one parse of the id an import needs.
    originator_id: UUID
    topic: str
    state: str


class _Line(msgspec.Struct):
    """An exported line, decoded once: the readable part (`entity` is not checked, it is a
    name the reader learns from the entity's creation) and the stored part."""

    position: int
    type: str
    originator: str
    version: int
    recorded_at: str
    actor: str
    payload: dict[str, Any]
    link: str
    stored: _Stored
    effective: str | None = None


_line_decoder = msgspec.json.Decoder(_Line)
# Sorted keys, so that a payload is compared whatever order its keys were written in; and
# encoded, so that tuples and lists, dates and their ISO text, compare as JSON sees them.
_payload_encoder = msgspec.json.Encoder(order="sorted")


def export_lines(ledger: Ledger) -> Iterator[str]:
    handles: dict[UUID, str] = {}
    for row in ledger.chain.stored_rows():
        try:
            event = ledger.mapper.to_domain_event(_stored_event(row))
            line: dict[str, Any] = logged(row.position, event, handles, row.link).as_json()
            line["stored"] = {
                "originator_id": row.originator_id,
                "topic": row.topic,
                "state": row.state.decode("utf-8"),
            }
        except Exception as e:  # a hand-edited row: refused by name, not as a failure
            raise EventUnreadable(f"the event at position {row.position}", str(e)) from e
        yield json.dumps(line, ensure_ascii=False)


def _stored_event(row: StoredRow) -> StoredEvent:
    return StoredEvent(UUID(row.originator_id), row.version, row.topic, row.state)


def read_rows(
    ledger: Ledger, lines: Iterable[bytes], progress: Callable[[int], None] | None = None
) -> Iterator[StoredRow]:
    """Parse, decode and chain-check each line; raise ImportRefused at the first bad one."""
    previous, last = GENESIS, 0
    handles: dict[UUID, str] = {}
    to_domain_event = ledger.mapper.to_domain_event
    for number, raw in enumerate(lines, start=1):
        if progress is not None:
            progress(len(raw))
        if not raw.strip():
            continue
        try:
            line = _line_decoder.decode(raw)
            stored = line.stored
            row = StoredRow(
                line.position,
                stored.originator_id.hex,
                line.version,
                stored.topic,
                stored.state.encode("utf-8"),
                bytes.fromhex(line.link),
            )
            event = to_domain_event(
                StoredEvent(stored.originator_id, row.version, row.topic, row.state)
            )
        except Exception as e:  # any malformed line refuses the whole file
            raise ImportRefused(f"line {number} is not an exported event ({e})") from e
        if row.position <= last:
            raise ImportRefused(f"line {number}: position {row.position} is not after {last}")
        # The readable part must say what the stored part holds, or the backup misleads.
        if not _says(line, logged(row.position, event, handles, row.link)):
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


def _says(line: _Line, described: LoggedEvent) -> bool:
    """Whether a line's readable part is what `export` writes for the event it stores."""
    effective = described.effective
    return (
        line.type == described.type
        and line.originator == described.originator
        and line.recorded_at == described.recorded_at.isoformat()
        and line.actor == described.actor
        and line.effective == (None if effective is None else effective.isoformat())
        and line.link == described.link
        and _payload_encoder.encode(line.payload) == _payload_encoder.encode(described.payload)
    )
