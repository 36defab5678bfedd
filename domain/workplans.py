"""Work plans and their action items, with every change over time.

An action item has owners (people, institutions, bodies, countries, or all member
countries), an optional due date, optional sub-items, the decision or meeting that created
it, and a status that moves: planned, in progress, done, blocked, dropped. Each change is its
own event with its effective day; the history is the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date  # noqa: TC003 (event fields are resolved at runtime)
from enum import StrEnum

from eventsourcing.domain import event

from domain.errors import (
    DueBeforeCreation,
    EndsBeforeStart,
    InvalidProgress,
    ItemClosed,
    ItemNotClosed,
    NoOwner,
    OutOfOrder,
    SubItemBeforeItem,
    SubItemInAnotherPlan,
)
from domain.recorded import Entity, check_handle, check_name


class Status(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    BLOCKED = "blocked"
    DROPPED = "dropped"


CLOSED = {Status.DONE, Status.DROPPED}


class WorkPlan(Entity):
    class Created(Entity.Created):
        name: str
        start: date
        end: date
        adopted_by: str | None

        def effective(self) -> date | None:
            return self.start

    @event(Created)
    def __init__(
        self, handle: str, name: str, start: date, end: date, adopted_by: str | None
    ) -> None:
        self.handle = handle
        self.name = name
        self.start = start
        self.end = end
        self.adopted_by = adopted_by

    @classmethod
    def create(
        cls, handle: str, name: str, *, start: date, end: date, adopted_by: str | None = None
    ) -> WorkPlan:
        if end <= start:
            raise EndsBeforeStart(f"the period of {handle}", start, end)
        return cls(
            handle=check_handle(handle),
            name=check_name("work plan", name),
            start=start,
            end=end,
            adopted_by=adopted_by,
        )


@dataclass(frozen=True)
class Change:
    day: date
    what: str
    note: str | None


class ActionItem(Entity):
    class Created(Entity.Created):
        title: str
        plan: str | None
        parent: str | None
        owners: tuple[str, ...]
        due: date | None
        source: str | None
        day: date

        def effective(self) -> date | None:
            return self.day

    class StatusChanged(Entity.Event):
        status: Status
        progress: int | None
        day: date
        note: str | None

        def effective(self) -> date | None:
            return self.day

    class Reassigned(Entity.Event):
        owners: tuple[str, ...]
        day: date
        note: str | None

        def effective(self) -> date | None:
            return self.day

    class DueChanged(Entity.Event):
        due: date | None
        day: date
        note: str | None

        def effective(self) -> date | None:
            return self.day

    class Reopened(Entity.Event):
        day: date
        note: str | None

        def effective(self) -> date | None:
            return self.day

    @event(Created)
    def __init__(
        self,
        handle: str,
        title: str,
        plan: str | None,
        parent: str | None,
        owners: tuple[str, ...],
        due: date | None,
        source: str | None,
        day: date,
    ) -> None:
        self.handle = handle
        self.name = title
        self.plan = plan
        self.parent = parent
        self.owners = tuple(owners)
        self.due = due
        self.created = day
        self.status = Status.PLANNED
        self.progress = 0
        self.history = [Change(day, "created", source)]

    @classmethod
    def create(
        cls,
        handle: str,
        title: str,
        *,
        owners: tuple[str, ...],
        day: date,
        plan: str | None = None,
        parent: str | None = None,
        due: date | None = None,
        source: str | None = None,
    ) -> ActionItem:
        if not owners:
            raise NoOwner(handle)
        if due is not None and due < day:
            raise DueBeforeCreation(handle, due, day)
        return cls(
            handle=check_handle(handle),
            title=check_name("action item", title),
            plan=plan,
            parent=parent,
            owners=tuple(dict.fromkeys(owners)),
            due=due,
            source=source,
            day=day,
        )

    @classmethod
    def create_step(
        cls,
        parent: ActionItem,
        handle: str,
        title: str,
        *,
        owners: tuple[str, ...],
        day: date,
        plan: str | None = None,
        due: date | None = None,
        source: str | None = None,
    ) -> ActionItem:
        """A sub-item of `parent` (a pilot country's step): in its item's plan, and created
        no earlier than its item."""
        if day < parent.created:
            raise SubItemBeforeItem(handle, parent.handle, day, parent.created)
        if plan is not None and plan != parent.plan:
            raise SubItemInAnotherPlan(handle, parent.handle, plan, parent.plan)
        return cls.create(
            handle,
            title,
            owners=owners,
            day=day,
            plan=parent.plan,
            parent=parent.handle,
            due=due,
            source=source,
        )

    @property
    def last_day(self) -> date:
        return self.history[-1].day

    def _check_day(self, step: str, day: date) -> None:
        if day < self.last_day:
            last = "it was created" if len(self.history) == 1 else "its last step"
            raise OutOfOrder(self.handle, step, day, self.last_day, last)

    def update(
        self,
        status: Status,
        *,
        day: date,
        progress: int | None = None,
        note: str | None = None,
    ) -> None:
        if self.status in CLOSED:
            raise ItemClosed(self.handle, self.status.value)
        self._check_day(f"marked {status.value}", day)
        if progress is not None and not 0 <= progress <= 100:
            raise InvalidProgress(self.handle, progress)
        if status is Status.DONE and progress is None:
            progress = 100
        self._status_changed(status=status, progress=progress, day=day, note=note)

    @event(StatusChanged)
    def _status_changed(
        self, status: Status, progress: int | None, day: date, note: str | None
    ) -> None:
        self.status = status
        if progress is not None:
            self.progress = progress
        self.history.append(Change(day, status.value, note))

    def assign(self, owners: tuple[str, ...], *, day: date, note: str | None = None) -> None:
        if not owners:
            raise NoOwner(self.handle)
        self._check_day("reassigned", day)
        self._reassigned(owners=tuple(dict.fromkeys(owners)), day=day, note=note)

    @event(Reassigned)
    def _reassigned(self, owners: tuple[str, ...], day: date, note: str | None) -> None:
        self.owners = tuple(owners)
        self.history.append(Change(day, "reassigned", note))

    def set_due(self, due: date | None, *, day: date, note: str | None = None) -> None:
        self._check_day("given a new due date", day)
        if due is not None and due < self.created:
            raise DueBeforeCreation(self.handle, due, self.created)
        self._due_changed(due=due, day=day, note=note)

    @event(DueChanged)
    def _due_changed(self, due: date | None, day: date, note: str | None) -> None:
        self.due = due
        self.history.append(Change(day, "due date changed", note))

    def reopen(self, *, day: date, note: str | None = None) -> None:
        if self.status not in CLOSED:
            raise ItemNotClosed(self.handle, self.status.value)
        self._check_day("reopened", day)
        self._reopened(day=day, note=note)

    @event(Reopened)
    def _reopened(self, day: date, note: str | None) -> None:
        self.status = Status.IN_PROGRESS
        self.history.append(Change(day, "reopened", note))
