"""A meeting (the eighth ASP meeting, online, 2 May 2023): its agenda and who attended.

Attendance can be corrected during the day: a line is retracted with a reason, never erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date  # noqa: TC003 (event fields are resolved at runtime)
from enum import StrEnum

from eventsourcing.domain import event

from domain.errors import DuplicateEntry, InvalidNumber, NoSuchEntry, ReasonRequired
from domain.recorded import Entity, check_handle, check_name


class Mode(StrEnum):
    ONLINE = "online"
    IN_PERSON = "in-person"
    HYBRID = "hybrid"


class Capacity(StrEnum):
    NATIONAL_FOCAL_POINT = "national-focal-point"
    PARTNER = "partner"
    FAO = "fao"
    ITPS = "itps"
    SECRETARIAT = "secretariat"
    OBSERVER = "observer"
    PARTICIPANT = "participant"


@dataclass
class AgendaItem:
    key: str
    title: str
    time: str | None
    presenters: tuple[str, ...]
    moderator: str | None


@dataclass
class Attendance:
    holder: str
    capacity: Capacity
    affiliation: str | None
    retracted: bool = False


class Meeting(Entity):
    class Created(Entity.Created):
        name: str
        body: str | None
        number: int | None
        day: date
        mode: Mode
        venue: str | None
        hours: str | None
        registered: int | None
        attending: int | None

        def effective(self) -> date | None:
            return self.day

    class AgendaItemAdded(Entity.Event):
        key: str
        title: str
        time: str | None
        presenters: tuple[str, ...]
        moderator: str | None

    class Attended(Entity.Event):
        holder: str
        capacity: Capacity
        affiliation: str | None

    class AttendanceRetracted(Entity.Event):
        holder: str
        reason: str

    @event(Created)
    def __init__(
        self,
        handle: str,
        name: str,
        body: str | None,
        number: int | None,
        day: date,
        mode: Mode,
        venue: str | None,
        hours: str | None,
        registered: int | None,
        attending: int | None,
    ) -> None:
        """`registered` and `attending` are the counts the report gives (87 and 48); the
        named attendance lines are recorded one by one and need not add up to them."""
        self.handle = handle
        self.name = name
        self.body = body
        self.number = number
        self.day = day
        self.mode = mode
        self.venue = venue
        self.hours = hours
        self.registered = registered
        self.attending = attending
        self.agenda: list[AgendaItem] = []
        self.attendance: list[Attendance] = []

    @classmethod
    def create(
        cls,
        handle: str,
        name: str,
        day: date,
        *,
        mode: Mode = Mode.IN_PERSON,
        body: str | None = None,
        number: int | None = None,
        venue: str | None = None,
        hours: str | None = None,
        registered: int | None = None,
        attending: int | None = None,
    ) -> Meeting:
        if number is not None and number < 1:
            raise InvalidNumber(handle, "meeting number", number)
        for what, count in (("number registered", registered), ("number attending", attending)):
            if count is not None and count < 0:
                raise InvalidNumber(handle, what, count, minimum=0)
        return cls(
            handle=check_handle(handle),
            name=check_name("meeting", name),
            body=body,
            number=number,
            day=day,
            mode=mode,
            venue=venue,
            hours=hours,
            registered=registered,
            attending=attending,
        )

    @property
    def present(self) -> list[Attendance]:
        return [a for a in self.attendance if not a.retracted]

    def add_agenda_item(
        self,
        key: str,
        title: str,
        *,
        time: str | None = None,
        presenters: tuple[str, ...] = (),
        moderator: str | None = None,
    ) -> None:
        if any(item.key == key for item in self.agenda):
            raise DuplicateEntry(self.handle, f"an agenda item {key}")
        self._agenda_item_added(
            key=check_handle(key),
            title=check_name("agenda item", title),
            time=time,
            presenters=tuple(presenters),
            moderator=moderator,
        )

    @event(AgendaItemAdded)
    def _agenda_item_added(
        self,
        key: str,
        title: str,
        time: str | None,
        presenters: tuple[str, ...],
        moderator: str | None,
    ) -> None:
        self.agenda.append(AgendaItem(key, title, time, tuple(presenters), moderator))

    def has_item(self, key: str) -> bool:
        return any(item.key == key for item in self.agenda)

    def attend(self, holder: str, capacity: Capacity, *, affiliation: str | None = None) -> None:
        if any(a.holder == holder for a in self.present):
            raise DuplicateEntry(self.handle, f"{holder} as attending")
        self._attended(holder=holder, capacity=capacity, affiliation=affiliation)

    @event(Attended)
    def _attended(self, holder: str, capacity: Capacity, affiliation: str | None) -> None:
        self.attendance.append(Attendance(holder, capacity, affiliation))

    def retract_attendance(self, holder: str, *, reason: str) -> None:
        if not reason.strip():
            raise ReasonRequired(f"the retraction of {holder}'s attendance at {self.handle}")
        if not any(a.holder == holder for a in self.present):
            raise NoSuchEntry(f"attendance of {holder} at {self.handle}", None)
        self._attendance_retracted(holder=holder, reason=reason.strip())

    @event(AttendanceRetracted)
    def _attendance_retracted(self, holder: str, reason: str) -> None:
        for a in self.attendance:
            if a.holder == holder and not a.retracted:
                a.retracted = True
