"""How work plans and action items become rows of the work-plan view."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

import msgspec
from eventsourcing.utils import get_topic

from domain.workplans import ActionItem, WorkPlan
from projections.readmodel import Batch, EventOutOfPlace, Insert, ReadModelProjection
from projections.workplans import WorkPlanView

PLANS = Insert("plans", ("handle", "id", "name", "start", "end", "adopted_by", "known_from"))
ACTION_ITEMS = Insert(
    "action_items",
    ("handle", "id", "title", "plan", "parent", "source", "created", "known_from"),
)
ITEM_CHANGES = Insert(
    "item_changes",
    ("item", "what", "status", "progress", "owners", "due", "due_set", "day", "note", "known_from"),
)
ACTION_ITEMS_FTS = Insert("action_items_fts", ("rowid", "handle", "title", "notes"))

HANDLED = (
    WorkPlan.Created,
    ActionItem.Created,
    ActionItem.StatusChanged,
    ActionItem.Reassigned,
    ActionItem.DueChanged,
    ActionItem.Reopened,
)


class WorkPlanProjection(ReadModelProjection[WorkPlanView]):
    name = "workplans"
    topics: tuple[str, ...] = tuple(get_topic(cls) for cls in HANDLED)

    @singledispatchmethod
    def apply(self, domain_event: Any, batch: Batch) -> None:
        """Events this view does not show change nothing."""

    def _item(self, batch: Batch, entity_id: str) -> str:
        handle = self._handles.get(entity_id)
        if handle is None:
            row = batch.one("SELECT handle FROM action_items WHERE id = ?", (entity_id,))
            if row is None:
                raise EventOutOfPlace(f"action item {entity_id} changed before it was created")
            handle = self._handles[entity_id] = row["handle"]
        return handle

    def _change(self, batch: Batch, e: Any, what: str, **values: Any) -> None:
        item = self._item(batch, e.originator_id.hex)
        batch.insert(
            ITEM_CHANGES,
            {
                "item": item,
                "what": what,
                "status": None,
                "progress": None,
                "owners": None,
                "due": None,
                "due_set": 0,
                "day": e.day.isoformat(),
                "note": e.note,
                "known_from": batch.position,
                **values,
            },
        )
        if e.note:
            # By rowid: the handle is not indexed in the full-text table, and a search for it
            # would read every row, for every note.
            batch.execute(
                "UPDATE action_items_fts SET notes = coalesce(notes, '') || ' ' || ?"
                " WHERE rowid = (SELECT rowid FROM action_items WHERE handle = ?)",
                (e.note, item),
            )

    @apply.register
    def _plan(self, e: WorkPlan.Created, batch: Batch) -> None:
        batch.insert(
            PLANS,
            {
                "handle": e.handle,
                "id": e.originator_id.hex,
                "name": e.name,
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "adopted_by": e.adopted_by,
                "known_from": batch.position,
            },
        )

    @apply.register
    def _created(self, e: ActionItem.Created, batch: Batch) -> None:
        self._handles[e.originator_id.hex] = e.handle
        rowid = batch.insert(
            ACTION_ITEMS,
            {
                "handle": e.handle,
                "id": e.originator_id.hex,
                "title": e.title,
                "plan": e.plan,
                "parent": e.parent,
                "source": e.source,
                "created": e.day.isoformat(),
                "known_from": batch.position,
            },
        )
        batch.insert(
            ITEM_CHANGES,
            {
                "item": e.handle,
                "what": "created",
                "status": "planned",
                "progress": 0,
                "owners": msgspec.json.encode(list(e.owners)).decode(),
                "due": e.due.isoformat() if e.due else None,
                "due_set": 1,
                "day": e.day.isoformat(),
                "note": None,
                "known_from": batch.position,
            },
        )
        batch.insert(
            ACTION_ITEMS_FTS, {"rowid": rowid, "handle": e.handle, "title": e.title, "notes": ""}
        )

    @apply.register
    def _status(self, e: ActionItem.StatusChanged, batch: Batch) -> None:
        self._change(batch, e, e.status.value, status=e.status.value, progress=e.progress)

    @apply.register
    def _assigned(self, e: ActionItem.Reassigned, batch: Batch) -> None:
        self._change(batch, e, "reassigned", owners=msgspec.json.encode(list(e.owners)).decode())

    @apply.register
    def _due(self, e: ActionItem.DueChanged, batch: Batch) -> None:
        self._change(
            batch, e, "due date changed", due=e.due.isoformat() if e.due else None, due_set=1
        )

    @apply.register
    def _reopened(self, e: ActionItem.Reopened, batch: Batch) -> None:
        self._change(batch, e, "reopened", status="in-progress")
