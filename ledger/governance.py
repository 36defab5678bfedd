"""Governance commands and queries: people and institutions, bodies, offices, mandates and
memberships, their corrections, and who held what on a day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.bodies import Body
from domain.errors import UnknownHandle
from domain.holders import Holder, HolderKind
from domain.offices import Office
from domain.recorded import Entity, derive_handle
from ledger.core import LedgerCore, Receipt

if TYPE_CHECKING:
    from datetime import date, datetime

    from projections.governance import Governance, Tenure


class GovernanceCommands(LedgerCore):
    def add_holder(
        self,
        name: str,
        kind: HolderKind,
        *,
        handle: str | None = None,
        country: str | None = None,
    ) -> Receipt:
        h = derive_handle(name) if handle is None else handle
        return self._create(f"{kind.value} add", h, lambda: Holder.register(h, name, kind, country))

    def add_body(
        self,
        name: str,
        *,
        handle: str | None = None,
        max_members: int | None = None,
        term_years: int | None = None,
        part_of: str | None = None,
        basis: str | None = None,
    ) -> Receipt:
        """Record a body; `part_of` names the body it belongs to, which must exist."""
        h = derive_handle(name) if handle is None else handle

        def make() -> Entity:
            if part_of is not None:
                self._get(part_of, Body)
            return Body.create(
                h,
                name,
                max_members=max_members,
                term_years=term_years,
                part_of=part_of,
                basis=basis,
            )

        return self._create("body add", h, make)

    def add_office(
        self,
        name: str,
        *,
        handle: str | None = None,
        body: str | None = None,
        term_years: int | None = None,
        seats: int = 1,
        basis: str | None = None,
    ) -> Receipt:
        h = derive_handle(name) if handle is None else handle

        def make() -> Entity:
            if body is not None:
                self._get(body, Body)
            return Office.create(
                h, name, body=body, term_years=term_years, seats=seats, basis=basis
            )

        return self._create("office add", h, make)

    def start_mandate(
        self,
        office: str,
        holder: str,
        start: date,
        *,
        end: date | None = None,
        acting: bool = False,
        basis: str | None = None,
        override: str | None = None,
    ) -> Receipt:
        """Start a mandate; an acting one for someone other than the holder of the office
        whose holder acts by the terms of reference only with `override`, the reason."""

        def decide() -> list[Entity]:
            o = self._get(office, Office)
            self._get(holder, Holder)
            rightful = None
            if acting and o.acting_from is not None:
                source = self._get(o.acting_from, Office)
                rightful = [m.holder for m in source.holders_on(start) if not m.acting]
            o.start_mandate(
                holder,
                start,
                end=end,
                acting=acting,
                basis=basis,
                acting_holders=rightful,
                override=override,
            )
            return [o]

        return self._decide("mandate start", office, decide)

    def end_mandate(
        self, office: str, holder: str, end: date, *, reason: str | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            o = self._get(office, Office)
            self._get(holder, Holder)
            o.end_mandate(holder, end, reason=reason)
            return [o]

        return self._decide("mandate end", office, decide)

    def add_member(
        self,
        body: str,
        member: str,
        start: date,
        *,
        end: date | None = None,
        override: str | None = None,
    ) -> Receipt:
        """Add a member; beyond the body's maximum only with `override`, the reason."""

        def decide() -> list[Entity]:
            b = self._get(body, Body)
            self._get(member, Holder)
            b.add_member(member, start, end=end, override=override)
            return [b]

        return self._decide("member add", body, decide)

    def remove_member(
        self, body: str, member: str, end: date, *, reason: str | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            b = self._get(body, Body)
            self._get(member, Holder)
            b.remove_member(member, end, reason=reason)
            return [b]

        return self._decide("member remove", body, decide)

    def correct_mandate(
        self,
        office: str,
        holder: str,
        *,
        reason: str,
        started: date | None = None,
        start: date | None = None,
        end: date | None = None,
        reopen: bool = False,
        acting: bool | None = None,
    ) -> Receipt:
        def decide() -> list[Entity]:
            o = self._get(office, Office)
            o.correct_mandate(
                holder,
                reason=reason,
                started=started,
                start=start,
                end=end,
                reopen=reopen,
                acting=acting,
            )
            return [o]

        return self._decide("correct mandate", office, decide)

    def retract_mandate(
        self, office: str, holder: str, *, reason: str, started: date | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            o = self._get(office, Office)
            o.retract_mandate(holder, reason=reason, started=started)
            return [o]

        return self._decide("retract mandate", office, decide)

    def correct_membership(
        self,
        body: str,
        member: str,
        *,
        reason: str,
        started: date | None = None,
        start: date | None = None,
        end: date | None = None,
        reopen: bool = False,
    ) -> Receipt:
        def decide() -> list[Entity]:
            b = self._get(body, Body)
            b.correct_membership(
                member, reason=reason, started=started, start=start, end=end, reopen=reopen
            )
            return [b]

        return self._decide("correct member", body, decide)

    def retract_membership(
        self, body: str, member: str, *, reason: str, started: date | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            b = self._get(body, Body)
            b.retract_membership(member, reason=reason, started=started)
            return [b]

        return self._decide("retract member", body, decide)

    def abolish_office(self, office: str, *, day: date, basis: str | None = None) -> Receipt:
        def decide() -> list[Entity]:
            o = self._get(office, Office)
            o.abolish(day=day, basis=basis)
            return [o]

        return self._decide("office abolish", office, decide)

    def handles(self, kind: str) -> list[str]:
        """Handles of `offices`, `bodies` or `holders`, for completion in forms."""
        return self.governance.view.handles_of(kind)

    def kind_of(self, handle: str, known_at: int | None = None) -> str | None:
        view = self.governance.view
        if view.office(handle, known_at):
            return "office"
        if view.body(handle, known_at):
            return "body"
        holder = view.holder(handle, known_at)
        return None if holder is None else holder.kind

    def holders(
        self,
        office: str,
        *,
        as_of: date | None = None,
        known_at: int | datetime | None = None,
    ) -> list[Tenure]:
        k = self._known(known_at)
        if self.governance.view.office(office, k) is None:
            raise UnknownHandle(office, "office", self.kind_of(office), k)
        return self.governance.view.holders(office, as_of=as_of, known_at=k)

    def governance_on(
        self,
        as_of: date,
        *,
        known_at: int | datetime | None = None,
        limit: int | None = None,
        words: str = "",
        bodies_limit: int | None = None,
    ) -> Governance:
        """Offices and bodies on `as_of`; with `limit`, a window of those matching `words`."""
        return self.governance.view.governance(
            as_of,
            known_at=self._known(known_at),
            limit=limit,
            words=words,
            bodies_limit=bodies_limit,
        )
