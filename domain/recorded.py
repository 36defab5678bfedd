"""What every aggregate and event of the ledger shares: an actor, a handle-derived id and an
effective date kept apart from the recorded timestamp.

The actor travels in a ContextVar set by the application, so command methods stay about the
rules and cannot forget to say who recorded them.
"""

from __future__ import annotations

import re
import unicodedata
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import InvalidHandle, InvalidName, InvalidNumber, InvalidText

if TYPE_CHECKING:
    from datetime import date

current_actor: ContextVar[str] = ContextVar("current_actor", default="unknown")

HANDLES = uuid5(NAMESPACE_URL, "https://partnership-ledger.org/handles")
_HANDLE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
MAX_NAME = 300
# Far above any real office or body, and far below what a date or an SQLite integer can hold.
MOST_SEATS = 10_000
MOST_YEARS = 100
MOST_MONTHS = 12 * MOST_YEARS


def entity_id(handle: str) -> UUID:
    """One id a handle, whatever the kind: a handle names exactly one thing in a ledger."""
    return uuid5(HANDLES, handle)


def check_handle(handle: str) -> str:
    if not _HANDLE.fullmatch(handle) or handle.endswith("-"):
        raise InvalidHandle(handle)
    return handle


def derive_handle(name: str) -> str:
    """`ASP Chair` -> `asp-chair`; accents folded, anything else becomes a hyphen."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:64].rstrip("-")
    if not slug:
        raise InvalidName("entity", f"{name!r} gives no handle; pass one with --handle")
    return slug


def check_number(entity: str, what: str, value: int | None, most: int) -> int | None:
    """A count or a number of years, from 1 up to `most`, or None where it is optional."""
    if value is not None and not 1 <= value <= most:
        raise InvalidNumber(entity, what, value, maximum=most)
    return value


def check_name(what: str, name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidName(what, "is empty")
    if len(cleaned) > MAX_NAME:
        raise InvalidName(what, f"is longer than {MAX_NAME} characters")
    if any(unicodedata.category(ch) == "Cc" for ch in cleaned):
        raise InvalidName(what, "contains control characters")
    if any(unicodedata.category(ch) == "Cs" for ch in cleaned):
        raise InvalidName(what, "is not valid text (it holds lone surrogates)")
    return cleaned


_CONTROL_NAMES = {"\n": "a newline", "\r": "a carriage return", "\t": "a tab", "\x00": "NUL"}


def check_text(what: str, text: str | None) -> str | None:
    """Free text (a basis, a reason, a note): None when absent or blank, else the text with
    its ends trimmed. A control character, newline and tab included, is refused: every line
    of the audit log, a table or a CSV report holds one fact on one line."""
    if text is None:
        return None
    for ch in text:
        if unicodedata.category(ch) == "Cc":
            name = _CONTROL_NAMES.get(ch, f"U+{ord(ch):04X}")
            raise InvalidText(what, name)
    return text.strip() or None


class Entity(Aggregate):
    """An aggregate named by a handle, whose events say who recorded them."""

    handle: str
    name: str

    class Event(Aggregate.Event):
        actor: str

        def effective(self) -> date | None:
            """The day the fact holds in the world, where the event has one."""
            return None

    class Created(Event, Aggregate.Created):
        handle: str

    @staticmethod
    def create_id(handle: str) -> UUID:
        return entity_id(handle)

    def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None:
        kwargs.setdefault("actor", current_actor.get())
        super().trigger_event(event_class, **kwargs)

    @classmethod
    def _create(cls, event_class: type[Any], **kwargs: Any) -> Any:
        kwargs.setdefault("actor", current_actor.get())
        return super()._create(event_class, **kwargs)

    @property
    def kind(self) -> str:
        """`WorkPlan` -> `work plan`: how messages name the kind of entity."""
        return re.sub(r"(?<!^)(?=[A-Z])", " ", type(self).__name__).lower()
