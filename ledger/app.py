"""The ledger application: the one façade the CLI and the TUI talk to.

It owns the eventsourcing application (events in a SQLite file, never the silent in-memory
default), keeps the read models caught up after every command and on open, and offers
commands (find, decide, save) and queries answered from the read models.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, OperationalError, PersistenceError
from eventsourcing.utils import get_topic

from domain.bodies import Body
from domain.errors import DuplicateHandle, UnknownHandle
from domain.holders import Holder, HolderKind
from domain.offices import Office
from domain.recorded import Entity, current_actor, derive_handle, entity_id
from ledger.chain import Chain
from ledger.errors import (
    InvalidPosition,
    NotALedger,
    ReadOnly,
    StorageBusy,
    TooManyConflicts,
)
from ledger.events import LoggedEvent, logged
from ledger.mapper import MsgspecMapper, NoTranscoder
from ledger.transfer import ImportRefused, read_rows
from ledger.verify import Verdict, verify_chain
from projections.governance import Governance, GovernanceProjection, GovernanceView, Tenure

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from datetime import date

    from eventsourcing.projection import Projection

    from ledger.location import Location
    from projections.readmodel import ReadModel

E = TypeVar("E", bound=Entity)

MAX_ATTEMPTS = 8
CATCH_UP_BATCH = 2000


@dataclass(frozen=True)
class Receipt:
    """What a command recorded: its events, and the log position of the last one."""

    position: int
    events: list[Any]


class Ledger(Application[UUID]):
    name = "ledger"

    def __init__(
        self,
        location: Location,
        *,
        actor: str = "unknown",
        read_only: bool = False,
        create: bool = False,
    ) -> None:
        if create:
            location.prepare()
        else:
            location.check_is_ledger()
        self.location = location
        self.actor = actor
        self.read_only = read_only
        try:
            super().__init__(
                env={
                    **location.env(create=create),
                    "MAPPER_TOPIC": get_topic(MsgspecMapper),
                    "TRANSCODER_TOPIC": get_topic(NoTranscoder),
                }
            )
            self.chain.head()
        except (PersistenceError, sqlite3.DatabaseError) as e:
            if hasattr(self, "factory"):
                super().close()
            raise NotALedger(str(location), str(e)) from e
        self.governance = GovernanceProjection(
            GovernanceView.open(location.view("governance"))  # type: ignore[arg-type]
        )
        if self.governance.view.position(self.name) > self.head_position():
            # The view follows another log than this one (a shared ledger dropped and made
            # again, a file restored from a backup): it is rebuilt rather than trusted.
            self.rebuild()
        self.catch_up()

    def close(self) -> None:
        self.governance.view.close()
        super().close()

    # --- writing ---------------------------------------------------------------------------

    def _decide(self, command: str, entity: str, decide: Callable[[], list[Entity]]) -> Receipt:
        """Load, decide and save; on a concurrent change, reload and decide again.

        `decide` runs the rules against freshly loaded aggregates on every attempt, so a retry
        can be refused by a rule that another writer's change now breaks.
        """
        if self.read_only:
            raise ReadOnly(command)
        token = current_actor.set(self.actor)
        try:
            for attempt in range(MAX_ATTEMPTS):
                aggregates = decide()
                events = [e for a in aggregates for e in a.pending_events]
                try:
                    recordings = self.save(*aggregates)
                except IntegrityError:
                    time.sleep(random.uniform(0, 0.005 * 2**attempt))
                    continue
                except OperationalError as e:
                    raise StorageBusy(str(self.location), str(e)) from e
                self.catch_up()
                return Receipt(recordings[-1].notification.id, events)
            raise TooManyConflicts(entity, MAX_ATTEMPTS)
        finally:
            current_actor.reset(token)

    def _find(self, handle: str) -> Entity | None:
        try:
            found: Any = self.repository.get(entity_id(handle))
        except AggregateNotFoundError:
            return None
        assert isinstance(found, Entity)
        return found

    def _get(self, handle: str, kind: type[E]) -> E:
        found = self._find(handle)
        if not isinstance(found, kind):
            expected = kind.__name__.lower()
            raise UnknownHandle(handle, expected, None if found is None else found.kind)
        return found

    def _create(self, command: str, handle: str, make: Callable[[], Entity]) -> Receipt:
        def decide() -> list[Entity]:
            existing = self._find(handle)
            if existing is not None:
                raise DuplicateHandle(handle, existing.kind)
            return [make()]

        return self._decide(command, handle, decide)

    def add_holder(
        self,
        name: str,
        kind: HolderKind,
        *,
        handle: str | None = None,
        country: str | None = None,
    ) -> Receipt:
        h = handle or derive_handle(name)
        return self._create(f"{kind.value} add", h, lambda: Holder.register(h, name, kind, country))

    def add_body(
        self,
        name: str,
        *,
        handle: str | None = None,
        max_members: int | None = None,
        term_years: int | None = None,
    ) -> Receipt:
        h = handle or derive_handle(name)
        return self._create(
            "body add",
            h,
            lambda: Body.create(h, name, max_members=max_members, term_years=term_years),
        )

    def add_office(
        self,
        name: str,
        *,
        handle: str | None = None,
        body: str | None = None,
        term_years: int | None = None,
        seats: int = 1,
    ) -> Receipt:
        h = handle or derive_handle(name)

        def make() -> Entity:
            if body is not None:
                self._get(body, Body)
            return Office.create(h, name, body=body, term_years=term_years, seats=seats)

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
    ) -> Receipt:
        def decide() -> list[Entity]:
            o = self._get(office, Office)
            self._get(holder, Holder)
            o.start_mandate(holder, start, end=end, acting=acting, basis=basis)
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
        self, body: str, member: str, start: date, *, end: date | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            b = self._get(body, Body)
            self._get(member, Holder)
            b.add_member(member, start, end=end)
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

    # --- read models -----------------------------------------------------------------------

    @property
    def chain(self) -> Chain:
        recorder = self.recorder
        assert isinstance(recorder, Chain)
        return recorder

    def head_position(self) -> int:
        return self.recorder.max_notification_id() or 0

    def head(self) -> tuple[int, str]:
        """The position and link of the last event, to be kept elsewhere and checked later."""
        position, last = self.chain.head()
        return position, last.hex()

    def import_log(
        self, lines: Iterable[bytes], progress: Callable[[int], None] | None = None
    ) -> int:
        """Import an exported log into this empty ledger, then bring the read models up."""
        if self.read_only:
            raise ReadOnly("import")
        if self.head_position() > 0:
            raise ImportRefused(
                f"{self.location} already holds {self.head_position()} events; import only "
                "into a new, empty ledger"
            )
        count = self.chain.insert_exact(read_rows(self, lines, progress))
        self.catch_up()
        return count

    def verify(self, kept_head: bytes | None = None) -> Verdict:
        return verify_chain(self.chain, kept_head=kept_head, gap_free=self.location.gap_free)

    def catch_up(self, progress: Callable[[int, int], None] | None = None) -> int:
        return self._catch_up(self.governance, progress)

    def _catch_up(
        self,
        projection: Projection[Any],
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Apply the events the view has not seen, in log order, a batch a transaction."""
        view: ReadModel = projection.view
        head = self.head_position()
        if view.position(self.name) >= head:
            return 0
        done = 0
        while True:
            with view.writing(self.name) as batch:
                notifications = self.recorder.select_notifications(
                    start=batch.start,
                    limit=CATCH_UP_BATCH,
                    stop=head,
                    topics=projection.topics,
                    inclusive_of_start=False,
                )
                for n in notifications:
                    batch.position = n.id
                    projection.apply(self.mapper.to_domain_event(n), batch)  # type: ignore[attr-defined]
                finished = len(notifications) < CATCH_UP_BATCH
                if finished:
                    # No other event up to the head concerns this view.
                    batch.position = max(batch.position, head)
            done += len(notifications)
            if progress is not None:
                progress(batch.position, head)
            if finished:
                return done

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Build the read models anew from the log, beside the old ones, then swap them in.

        Readers keep the old file until the new one is complete, and a crash mid-way leaves
        the old view as it was.
        """
        path = self.location.view("governance")
        fresh = path.with_name(path.name + ".rebuilding")
        for leftover in _sqlite_files(fresh):
            leftover.unlink(missing_ok=True)
        projection = GovernanceProjection(GovernanceView.open(fresh))  # type: ignore[arg-type]
        try:
            count = self._catch_up(projection, progress)
        finally:
            projection.view.close()
        self.governance.view.close()
        for old in _sqlite_files(path)[1:]:
            old.unlink(missing_ok=True)
        os.replace(fresh, path)
        self.governance = GovernanceProjection(GovernanceView.open(path))  # type: ignore[arg-type]
        return count

    # --- queries ---------------------------------------------------------------------------

    def _known(self, known_at: int | datetime | None) -> int | None:
        """A position in the log, from a position or from an instant of recorded time."""
        if known_at is None:
            return None
        head = self.head_position()
        if isinstance(known_at, datetime):
            return self.position_at(known_at)
        if known_at < 0 or known_at > head:
            raise InvalidPosition(known_at, head)
        return known_at

    def recorded_at(self, position: int) -> datetime:
        n = self.recorder.select_notifications(start=position, limit=1)[0]
        timestamp: datetime = self.mapper.to_domain_event(n).timestamp  # type: ignore[attr-defined]
        return timestamp

    def position_at(self, moment: datetime) -> int:
        """The last position recorded at or before `moment` (0 before the first event).

        Recorded times rise with positions, so a binary search decodes about twenty events
        on a log of a million.
        """
        low, high = 0, self.head_position()
        while low < high:
            middle = (low + high + 1) // 2
            if self.recorded_at(middle) <= moment:
                low = middle
            else:
                high = middle - 1
        return low

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
            raise UnknownHandle(office, "office", self.kind_of(office, k))
        return self.governance.view.holders(office, as_of=as_of, known_at=k)

    def governance_on(self, as_of: date, *, known_at: int | datetime | None = None) -> Governance:
        return self.governance.view.governance(as_of, known_at=self._known(known_at))

    def events_window(self, *, last: int | None = None, limit: int = 500) -> list[LoggedEvent]:
        """The `limit` events up to position `last` (the head by default), in order."""
        end = self.head_position() if last is None else last
        window = []
        for e in self.audit_log(after=max(end - limit, 0), page=limit):
            if e.position > end:
                break
            window.append(e)
        return window

    def audit_log(self, *, after: int = 0, page: int = 1000) -> Iterator[LoggedEvent]:
        """The audit log in order, decoded, a page of notifications at a time."""
        handles = {UUID(k): v for k, v in self.governance.view.handles().items()}
        position = after
        while True:
            notifications = self.recorder.select_notifications(
                start=position, limit=page, inclusive_of_start=False
            )
            links = (
                self.chain.links(notifications[0].id, notifications[-1].id) if notifications else {}
            )
            for n in notifications:
                yield logged(n.id, self.mapper.to_domain_event(n), handles, links.get(n.id))
            if len(notifications) < page:
                return
            position = notifications[-1].id


def _sqlite_files(path: Any) -> list[Any]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def default_actor() -> str:
    configured = os.environ.get("LEDGER_ACTOR")
    if configured:
        return configured
    try:
        import getpass

        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
