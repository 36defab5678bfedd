"""The audit log as a reader sees it: each event with its position, type, entity, actor,
recorded and effective times, and payload."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from uuid import UUID

    from eventsourcing.domain import DomainEventProtocol

_BASE_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor"}


@dataclass(frozen=True)
class LoggedEvent:
    position: int
    type: str
    originator: str
    entity: str
    version: int
    recorded_at: datetime
    actor: str
    effective: date | None
    payload: dict[str, Any]
    link: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The `events --format jsonl` shape of DESIGN.md."""
        return {
            "position": self.position,
            "type": self.type,
            "originator": self.originator,
            "entity": self.entity,
            "version": self.version,
            "recorded_at": self.recorded_at.isoformat(),
            "actor": self.actor,
            "effective": self.effective.isoformat() if self.effective else None,
            # Through JSON and back, so tuples are lists as in any reader's hands.
            "payload": msgspec.json.decode(msgspec.json.encode(self.payload)),
            "link": self.link,
        }

    def summary(self) -> str:
        return ", ".join(
            f"{k}={_short(v)}" for k, v in self.payload.items() if v is not None and k != "handle"
        )


def _short(value: Any) -> str:
    text = value.isoformat() if isinstance(value, date) else str(getattr(value, "value", value))
    return text if len(text) <= 40 else text[:39] + "…"


@cache
def _shape(cls: type[Any]) -> tuple[tuple[str, ...], str]:
    """An event class's payload fields and type name.

    dataclasses.fields() walks the class on every call; an export, an import or the audit
    log describes every event of the log, a few dozen classes over and over.
    """
    payload = tuple(f.name for f in dataclasses.fields(cls) if f.name not in _BASE_FIELDS)
    return payload, cls.__qualname__


def logged(
    position: int,
    event: DomainEventProtocol[UUID],
    handles: dict[UUID, str],
    link: bytes | None = None,
) -> LoggedEvent:
    """Describe one decoded event; `handles` learns each entity's handle from its creation,
    which always comes first in log order."""
    payload_names, type_name = _shape(type(event))
    payload = {name: getattr(event, name) for name in payload_names}
    oid = event.originator_id
    if "handle" in payload:
        handles[oid] = payload["handle"]
    effective = getattr(event, "effective", None)
    originator = str(oid)
    return LoggedEvent(
        position,
        type_name,
        originator,
        handles.get(oid) or originator,
        event.originator_version,
        event.timestamp,  # type: ignore[attr-defined]
        getattr(event, "actor", ""),
        effective() if callable(effective) else None,
        payload,
        None if link is None else link.hex(),
    )
