"""Commands and queries for work plans and action items, and full-text search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.bodies import Body
from domain.decisions import Decision
from domain.errors import UnknownHandle
from domain.holders import Holder
from domain.meetings import Meeting
from domain.workplans import ActionItem, Status, WorkPlan
from ledger.core import LedgerCore, Receipt

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date, datetime

    from domain.recorded import Entity
    from projections.workplan_events import WorkPlanProjection
    from projections.workplans import Hit, ItemChange, ItemState, PlanInfo, Rollup

EVERYONE = "all-member-countries"
COUNTRY = "country:"


class WorkPlanCommands(LedgerCore):
    @property
    def workplans(self) -> WorkPlanProjection:
        projection: WorkPlanProjection = self.projections["workplans"]
        return projection

    def _check_owners(self, owners: tuple[str, ...]) -> None:
        """An owner is a person, an institution or a body, a country (`country:India`), or
        all member countries (`all-member-countries`)."""
        for owner in owners:
            if owner == EVERYONE or (owner.startswith(COUNTRY) and owner[len(COUNTRY) :]):
                continue
            found = self._find(owner)
            if not isinstance(found, Holder | Body):
                raise UnknownHandle(
                    owner,
                    f"owner (a person, institution or body; country:NAME; or {EVERYONE})",
                    None if found is None else found.kind,
                )

    def add_plan(
        self,
        handle: str,
        name: str,
        *,
        start: date,
        end: date,
        adopted_by: str | None = None,
    ) -> Receipt:
        def make() -> Entity:
            if adopted_by is not None:
                found = self._find(adopted_by)
                if not isinstance(found, Decision | Meeting):
                    raise UnknownHandle(
                        adopted_by, "decision or meeting", None if found is None else found.kind
                    )
            return WorkPlan.create(handle, name, start=start, end=end, adopted_by=adopted_by)

        return self._create("plan add", handle, make)

    def add_action(
        self,
        handle: str,
        title: str,
        *,
        owners: tuple[str, ...],
        day: date,
        plan: str | None = None,
        parent: str | None = None,
        due: date | None = None,
        source: str | None = None,
    ) -> Receipt:
        def make() -> Entity:
            self._check_owners(owners)
            if plan is not None:
                self._get(plan, WorkPlan)
            item = None if parent is None else self._get(parent, ActionItem)
            if source is not None:
                found = self._find(source)
                if not isinstance(found, Decision | Meeting):
                    raise UnknownHandle(
                        source, "decision or meeting", None if found is None else found.kind
                    )
            if item is not None:
                return ActionItem.create_step(
                    item, handle, title, owners=owners, day=day, plan=plan, due=due, source=source
                )
            return ActionItem.create(
                handle, title, owners=owners, day=day, plan=plan, due=due, source=source
            )

        return self._create("action add", handle, make)

    def update_action(
        self,
        item: str,
        status: Status,
        *,
        day: date,
        progress: int | None = None,
        note: str | None = None,
    ) -> Receipt:
        def decide() -> list[Entity]:
            a = self._get(item, ActionItem)
            a.update(status, day=day, progress=progress, note=note)
            return [a]

        return self._decide("action update", item, decide)

    def assign_action(
        self, item: str, owners: tuple[str, ...], *, day: date, note: str | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            a = self._get(item, ActionItem)
            self._check_owners(owners)
            a.assign(owners, day=day, note=note)
            return [a]

        return self._decide("action assign", item, decide)

    def set_action_due(
        self, item: str, due: date | None, *, day: date, note: str | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            a = self._get(item, ActionItem)
            a.set_due(due, day=day, note=note)
            return [a]

        return self._decide("action due", item, decide)

    def reopen_action(self, item: str, *, day: date, note: str | None = None) -> Receipt:
        def decide() -> list[Entity]:
            a = self._get(item, ActionItem)
            a.reopen(day=day, note=note)
            return [a]

        return self._decide("action reopen", item, decide)

    # --- queries ------------------------------------------------------------------------

    def plans(self, *, known_at: int | datetime | None = None) -> list[PlanInfo]:
        return self.workplans.view.plans(self._known(known_at))

    def workplan(
        self,
        plan: str | None = None,
        *,
        as_of: date,
        known_at: int | datetime | None = None,
        status: str | None = None,
        owner: str | None = None,
        limit: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[ItemState]:
        """Action items as they stood on `as_of`; with `limit`, the latest `limit` of them;
        `progress` is told how many of how many were read."""
        k = self._known(known_at)
        if plan is not None and self.workplans.view.plan(plan, k) is None:
            found = self._find(plan)
            raise UnknownHandle(plan, "work plan", None if found is None else found.kind, k)
        return self.workplans.view.items(
            plan=plan,
            as_of=as_of,
            known_at=k,
            status=status,
            owner=owner,
            limit=limit,
            progress=progress,
        )

    def action_history(
        self, item: str, *, known_at: int | datetime | None = None
    ) -> list[ItemChange]:
        k = self._known(known_at)
        if self.workplans.view.item(item, k) is None:
            found = self._find(item)
            raise UnknownHandle(item, "action item", None if found is None else found.kind, k)
        return self.workplans.view.history(item, k)

    def rollup(self, states: list[ItemState], by: str) -> list[Rollup]:
        return self.workplans.view.rollup(states, by)

    def search(self, text: str, *, known_at: int | datetime | None = None) -> list[Hit]:
        """Decisions and action items whose words match, best first within each kind, as
        the ledger would have found them at `known_at` (now by default)."""
        k = self._known(known_at)
        proceedings = self.projections["proceedings"].view
        return [
            *proceedings.search(text, known_at=k),
            *self.workplans.view.search(text, known_at=k),
        ]
