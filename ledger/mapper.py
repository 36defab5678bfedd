"""Events stored as msgspec JSON.

eventsourcing 9.5 ships no msgspec mapper. This one validates on write (so a bad value is
refused before it is stored, not discovered when the aggregate can no longer be read), restores
the originator id as a UUID, and round-trips dates, datetimes and enums with no transcodings.
The stored state is plain JSON, so `json_extract(state, '$.holder')` works in SQL.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

import msgspec
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic

if TYPE_CHECKING:
    from eventsourcing.domain import DomainEventProtocol

_IDS = ("originator_id", "originator_version")


class NoTranscoder(Transcoder):
    """The base Mapper wants a transcoder; msgspec does that work here."""

    def encode(self, obj: Any) -> bytes:
        return msgspec.json.encode(obj)

    def decode(self, data: bytes) -> Any:
        return msgspec.json.decode(data)


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()


# SQLite (the read models, `json_extract` over the stored state) holds signed 64-bit integers.
_INT_RANGE = range(-(2**63), 2**63)


def _oversized(decoded: Any) -> int | None:
    """The first integer in decoded JSON that SQLite could not hold, if any."""
    if isinstance(decoded, dict):
        decoded = list(decoded.values())
    if isinstance(decoded, list):
        return next((n for n in map(_oversized, decoded) if n is not None), None)
    if isinstance(decoded, int) and decoded not in _INT_RANGE:
        return decoded
    return None


@cache
def _field_names(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in _IDS)


class MsgspecMapper(Mapper[UUID]):
    def __init__(self, transcoder: Transcoder | None = None, **kwargs: Any) -> None:
        super().__init__(transcoder or NoTranscoder(), **kwargs)

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        cls = type(domain_event)
        state = {name: getattr(domain_event, name) for name in _field_names(cls)}
        class_version = getattr(cls, "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        try:
            data = _encoder.encode(state)
            decoded = _decoder.decode(data)
            # Validate what will be stored by reading it back as the event's own type: a value
            # of the wrong type either fails here or comes back different (a str for a date).
            readback = msgspec.convert(
                {**decoded, **{k: getattr(domain_event, k) for k in _IDS}}, type=cls
            )
        except (msgspec.ValidationError, TypeError) as e:
            msg = f"{cls.__qualname__} would not be readable back: {e}"
            raise MapperValidationError(msg) from e
        oversized = _oversized(decoded)
        if oversized is not None:
            # Stored, it would stop every read model that copies it into a table.
            msg = f"{cls.__qualname__} holds {oversized}, too large a number to store"
            raise MapperValidationError(msg)
        if readback != domain_event:
            msg = f"{cls.__qualname__} would be read back with other values or types"
            raise MapperValidationError(msg)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(cls),
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        cls = resolve_topic(stored_event.topic)
        try:
            data = stored_event.state
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
        except Exception as e:  # whatever the cipher or compressor raise, as the base Mapper
            msg = f"stored event {stored_event.originator_id} cannot be unpacked: {e}"
            raise MapperDeserialisationError(msg) from e
        try:
            state: dict[str, Any] = _decoder.decode(data)
            oid = stored_event.originator_id
            state["originator_id"] = oid if isinstance(oid, UUID) else UUID(str(oid))
            state["originator_version"] = stored_event.originator_version
            from_version = state.pop("class_version", 1)
            class_version = getattr(cls, "class_version", 1)
            while from_version < class_version:
                getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
                from_version += 1
            return cast("DomainEventProtocol[UUID]", msgspec.convert(state, type=cls))
        except (msgspec.DecodeError, msgspec.ValidationError, TypeError, ValueError) as e:
            msg = (
                f"stored event {stored_event.originator_id} v{stored_event.originator_version} "
                f"({stored_event.topic}) cannot be read: {e}"
            )
            raise MapperDeserialisationError(msg) from e


class MapperValidationError(ValueError):
    """An event whose values do not match its declared types: refused before it is stored."""
