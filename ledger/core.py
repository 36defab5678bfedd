"""The ledger's core: the eventsourcing application (events in a SQLite file or PostgreSQL,
never the silent in-memory default), the read models it keeps caught up after every command
and on open, the decide-and-save loop every command goes through, and the audit queries.

Commands and queries for each part of the domain live in their own modules and are gathered
into one façade in `ledger.app`.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import (
    IntegrityError,
    MapperDeserialisationError,
    OperationalError,
    PersistenceError,
)
from eventsourcing.utils import TopicError, get_topic

from domain.errors import DuplicateHandle, UnknownHandle
from domain.recorded import Entity, current_actor, entity_id
from ledger.chain import Chain
from ledger.errors import (
    EventUnreadable,
    InvalidPosition,
    NoLedger,
    NotALedger,
    ReadModelStuck,
    ReadOnly,
    StorageBusy,
    TooManyConflicts,
)
from ledger.events import LoggedEvent, logged
from ledger.mapper import MsgspecMapper, NoTranscoder
from ledger.transfer import ImportRefused, read_rows
from ledger.verify import Verdict, verify_chain
from projections.governance import GovernanceView
from projections.governance_events import GovernanceProjection
from projections.proceedings import ProceedingsView
from projections.proceedings_events import ProceedingsProjection
from projections.readmodel import EventOutOfPlace
from projections.workplan_events import WorkPlanProjection
from projections.workplans import WorkPlanView

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from pathlib import Path

    from eventsourcing.persistence import Notification

    from ledger.location import Location
    from projections.readmodel import ReadModel, ReadModelProjection

E = TypeVar("E", bound=Entity)

MAX_ATTEMPTS = 40
CATCH_UP_BATCH = 2000
IDLE_LAG = 10_000
# Up to this many new events are read once for every read model, not once a model.
RECENT = 500


_previewing: ContextVar[bool] = ContextVar("previewing", default=False)


@contextmanager
def previewing() -> Iterator[None]:
    """Commands decide as usual but record nothing: their Receipt (position 0) holds the
    events they would record. How a form shows what it will record before it does."""
    token = _previewing.set(True)
    try:
        yield
    finally:
        _previewing.reset(token)


@dataclass(frozen=True)
class Receipt:
    """What a command recorded: its events, and the log position of the last one."""

    position: int
    events: list[Any]


class LedgerCore(Application[UUID]):
    name = "ledger"

    # Every read model: its name (and file), its projection and its view.
    READ_MODELS: ClassVar[dict[str, tuple[type[Any], type[ReadModel]]]] = {
        "governance": (GovernanceProjection, GovernanceView),
        "proceedings": (ProceedingsProjection, ProceedingsView),
        "workplans": (WorkPlanProjection, WorkPlanView),
    }

    def __init__(
        self,
        location: Location,
        *,
        actor: str = "unknown",
        read_only: bool = False,
        create: bool = False,
        follow: bool = True,
    ) -> None:
        """`follow=False` opens the log without bringing the read models up to it: what
        `verify`, `head` and `export` need, since a tampered log may not project at all."""
        if create:
            try:
                # An existing ledger is opened as it is: an officer's role may read and
                # append to the shared ledger without any right to create tables in it.
                location.check_is_ledger()
                create = False
            except (NoLedger, NotALedger):
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
        self.projections: dict[str, Any] = {
            name: self._open_projection(name, self.location.view(name)) for name in self.READ_MODELS
        }
        # Per read model, the position up to which this process knows it needs nothing more,
        # and its tracked position as last read or written: what lets a catch-up after a
        # command look at that command's events only. Another process may have moved a view
        # further; the write transaction reads its real position, so a stale figure here
        # costs a probe, never an event applied twice or skipped.
        self._checked: dict[str, int] = {}
        self._tracked: dict[str, int] = {}
        if not follow:
            return
        head = self.head_position()
        if any(p.view.position(self.name) > head for p in self.projections.values()):
            # The views follow another log than this one (a shared ledger dropped and made
            # again, a file restored from a backup): they are rebuilt rather than trusted.
            self.rebuild()
        self.catch_up()

    def _open_projection(self, name: str, path: Path) -> Any:
        projection_class, view_class = self.READ_MODELS[name]
        return projection_class(view_class.open(path))

    @property
    def governance(self) -> GovernanceProjection:
        projection: GovernanceProjection = self.projections["governance"]
        return projection

    def close(self) -> None:
        for projection in self.projections.values():
            projection.view.close()
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
                if _previewing.get():
                    return Receipt(0, events)
                try:
                    recordings = self.save(*aggregates)
                except IntegrityError as e:
                    if "unique" not in str(e).lower():
                        raise  # not another writer's change: a constraint of the store broke
                    time.sleep(random.uniform(0, min(0.1, 0.005 * 2**attempt)))
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
            found: Any = self.repository.get(entity_id(handle), projector_func=_replay)
        except AggregateNotFoundError:
            return None
        assert isinstance(found, Entity)
        return found

    def _get(self, handle: str, kind: type[E]) -> E:
        found = self._find(handle)
        if not isinstance(found, kind):
            expected = re.sub(r"(?<!^)(?=[A-Z])", " ", kind.__name__).lower()  # `action item`
            raise UnknownHandle(handle, expected, None if found is None else found.kind)
        return found

    def _create(self, command: str, handle: str, make: Callable[[], Entity]) -> Receipt:
        def decide() -> list[Entity]:
            existing = self._find(handle)
            if existing is not None:
                raise DuplicateHandle(handle, existing.kind)
            return [make()]

        return self._decide(command, handle, decide)

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
        return verify_chain(self.chain, kept_head=kept_head)

    def catch_up(self, progress: Callable[[int, int], None] | None = None) -> int:
        head = self.head_position()
        recent = self._recent(head)
        return sum(
            self._follow(name, projection, head, recent, progress)
            for name, projection in self.projections.items()
        )

    def _recent(self, head: int) -> Sequence[Notification] | None:
        """The events up to `head` that some read model has not looked at yet, read once for
        all of them when they are few (after a command: that command's own events)."""
        if len(self._checked) < len(self.projections):
            return None
        since = min(self._checked.values())
        if since >= head:
            return []
        if head - since > RECENT:
            return None
        return self.recorder.select_notifications(
            start=since, limit=head - since, stop=head, inclusive_of_start=False
        )

    def _follow(
        self,
        name: str,
        projection: ReadModelProjection[Any],
        head: int,
        recent: Sequence[Notification] | None,
        progress: Callable[[int, int], None] | None,
    ) -> int:
        """Bring one of this ledger's read models up to `head`, looking only past the position
        it is known to have reached.

        A view that no event since then concerns is left alone (no write, no fsync) until it
        lags far enough behind that its position is worth recording.
        """
        checked = self._checked.get(name)
        if checked is None:
            checked = self._tracked[name] = projection.view.position(self.name)
        if checked >= head:
            return 0
        tracked = self._tracked[name]
        if recent is None:
            concerning = None
            idle = not self.recorder.select_notifications(
                start=checked,
                limit=1,
                stop=head,
                topics=projection.topics,
                inclusive_of_start=False,
            )
        else:
            topics = frozenset(projection.topics)
            concerning = [n for n in recent if n.id > checked and n.topic in topics]
            idle = not concerning
        if idle and head - tracked < IDLE_LAG:
            self._checked[name] = head
            return 0
        # Nothing between the tracked position and `checked` concerns this view, so the
        # events `recent` holds for it are all it lacks, if no one else has moved it since.
        known = None if concerning is None else (tracked, concerning)
        done, reached = self._catch_up(projection, head, progress, known)
        self._checked[name] = self._tracked[name] = reached
        return done

    def _catch_up(
        self,
        projection: ReadModelProjection[Any],
        head: int,
        progress: Callable[[int, int], None] | None = None,
        known: tuple[int, Sequence[Notification]] | None = None,
    ) -> tuple[int, int]:
        """Apply the events the view has not seen, up to `head`, in log order, a batch a
        transaction; how many, and the position the view then records.

        `known` is what is already known to be missing: from which tracked position, the
        events up to `head` that concern the view."""
        view: ReadModel = projection.view
        done = 0
        while True:
            with view.writing(self.name) as batch:
                if known is not None and known[0] == batch.start:
                    notifications, finished = known[1], True
                else:
                    notifications = self._select(
                        start=batch.start,
                        limit=CATCH_UP_BATCH,
                        stop=head,
                        topics=projection.topics,
                        inclusive_of_start=False,
                    )
                    finished = len(notifications) < CATCH_UP_BATCH
                known = None
                for n in notifications:
                    batch.position = n.id
                    try:
                        projection.write(self.mapper.to_domain_event(n), batch)
                    except (
                        MapperDeserialisationError,
                        TopicError,
                        EventOutOfPlace,
                        IntegrityError,
                    ) as e:
                        raise ReadModelStuck(n.id, str(e)) from e
                if finished:
                    # No other event up to the head concerns this view.
                    batch.position = max(batch.position, head)
            done += len(notifications)
            if progress is not None:
                progress(batch.position, head)
            if finished:
                return done, batch.position

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Build every read model anew from the log, beside the old one, then swap it in.

        Readers keep the old file until the new one is complete, and a crash mid-way leaves
        the old view as it was. `progress(done, total)` counts positions over all the read
        models (each reads the log from the start), so a bar of it never runs backwards.
        """
        count = 0
        head = self.head_position()
        total = head * len(self.READ_MODELS)
        for i, name in enumerate(self.READ_MODELS):
            step = None
            if progress is not None:
                step = partial(_overall, progress, i * head, total)
            path = self.location.view(name)
            fresh = path.with_name(path.name + ".rebuilding")
            for leftover in _sqlite_files(fresh):
                leftover.unlink(missing_ok=True)
            projection = self._open_projection(name, fresh)
            try:
                done, reached = self._catch_up(projection, head, step)
            finally:
                projection.view.close()
            if progress is not None:
                progress((i + 1) * head, total)
            count = max(count, done)
            self.projections[name].view.close()
            for old in _sqlite_files(path)[1:]:
                old.unlink(missing_ok=True)
            os.replace(fresh, path)
            self.projections[name] = self._open_projection(name, path)
            self._checked[name] = self._tracked[name] = reached
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
        handles: dict[UUID, str] = {}
        position = after
        while True:
            notifications = self._select(start=position, limit=page, inclusive_of_start=False)
            # Only this page's entities are looked up: a window of a long log names a few
            # hundred of them, not the whole ledger's.
            unknown = {UUID(str(n.originator_id)) for n in notifications} - handles.keys()
            if unknown:
                ids = [u.hex for u in unknown]
                handles.update(
                    (UUID(k), v)
                    for p in self.projections.values()
                    for k, v in p.view.id_handles(ids).items()
                )
            links = (
                self.chain.links(notifications[0].id, notifications[-1].id) if notifications else {}
            )
            for n in notifications:
                try:
                    event = self.mapper.to_domain_event(n)
                except Exception as e:  # a hand-edited row: refused by name, not as a failure
                    raise EventUnreadable(f"the event at position {n.id}", str(e)) from e
                yield logged(n.id, event, handles, links.get(n.id))
            if len(notifications) < page:
                return
            position = notifications[-1].id

    def _select(self, **kwargs: Any) -> Sequence[Notification]:
        """`select_notifications`, with a row edited by hand so that it cannot even be listed
        (a NULL or malformed originator id) refused by name rather than as a failure."""
        try:
            return self.recorder.select_notifications(**kwargs)
        except (TypeError, ValueError) as e:
            raise EventUnreadable(f"an event after position {kwargs['start']}", str(e)) from e


def _overall(
    progress: Callable[[int, int], None], before: int, total: int, position: int, _head: int
) -> None:
    progress(before + position, total)


def _replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """eventsourcing's own projector without its per-event `isinstance` against a runtime
    Protocol, which costs more than most events' own mutation."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def _sqlite_files(path: Path) -> list[Path]:
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
