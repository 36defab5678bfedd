"""Who can hold an office or sit in a body: a person (Gina Nilo) or an institution (the Land
Development Department of Thailand, the GSP Secretariat)."""

from __future__ import annotations

from enum import StrEnum

from eventsourcing.domain import event

from domain.recorded import Entity, check_handle, check_name


class HolderKind(StrEnum):
    PERSON = "person"
    INSTITUTION = "institution"


class Holder(Entity):
    class Registered(Entity.Created):
        name: str
        holder_kind: HolderKind
        country: str | None

    @event(Registered)
    def __init__(
        self, handle: str, name: str, holder_kind: HolderKind, country: str | None
    ) -> None:
        self.handle = handle
        self.name = name
        self.holder_kind = holder_kind
        self.country = country

    @classmethod
    def register(
        cls, handle: str, name: str, holder_kind: HolderKind, country: str | None = None
    ) -> Holder:
        return cls(
            handle=check_handle(handle),
            name=check_name(holder_kind.value, name),
            holder_kind=holder_kind,
            country=check_name("country", country) if country is not None else None,
        )

    @property
    def kind(self) -> str:
        return self.holder_kind.value
