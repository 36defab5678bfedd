"""The rules of the domain, one exception class a rule.

Every message names the rule, the entity it was broken on and the way out, because the
secretariat reads it at the moment of recording and must be able to act on it at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date


class RuleBroken(Exception):
    """A command was refused; nothing was recorded."""

    rule: str = "rule"

    def __init__(self, message: str) -> None:
        super().__init__(f"{self.rule}: {message}")


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _until(d: date | None) -> str:
    return "open-ended" if d is None else f"until {d.isoformat()}"


class InvalidHandle(RuleBroken):
    rule = "invalid handle"

    def __init__(self, handle: str) -> None:
        super().__init__(
            f"{handle!r} is not a handle; use lowercase letters, digits and hyphens, "
            "starting with a letter or digit, at most 64 characters (e.g. asp-chair)"
        )


class InvalidName(RuleBroken):
    rule = "invalid name"

    def __init__(self, what: str, reason: str) -> None:
        super().__init__(f"the {what} name {reason}")


class InvalidText(RuleBroken):
    rule = "invalid text"

    def __init__(self, what: str, character: str) -> None:
        super().__init__(
            f"{what} holds a control character ({character}); write it on one line, with no "
            "tabs, newlines or other control characters"
        )


class InvalidNumber(RuleBroken):
    rule = "invalid number"

    def __init__(
        self, entity: str, what: str, value: int, minimum: int = 1, maximum: int | None = None
    ) -> None:
        bound = f"at most {maximum}" if maximum is not None and value > maximum else None
        super().__init__(f"{entity}: {what} must be {bound or f'at least {minimum}'}, not {value}")


class DuplicateHandle(RuleBroken):
    rule = "duplicate handle"

    def __init__(self, handle: str, kind: str) -> None:
        super().__init__(
            f"{handle} already names {_a(kind)}; choose another --handle for the new entry"
        )


class UnknownHandle(RuleBroken):
    rule = "unknown handle"

    def __init__(
        self, handle: str, expected: str, found: str | None = None, at: int | None = None
    ) -> None:
        if found is None:
            hint = f"no {expected} is recorded as {handle}; add it first or check the spelling"
        elif found == expected:
            where = "the position asked" if at is None else f"position {at}"
            hint = f"{handle} was not yet recorded at {where} (--known-at)"
        else:
            hint = f"{handle} is {_a(found)}, not {_a(expected)}"
        super().__init__(hint)


class EndsBeforeStart(RuleBroken):
    rule = "end on or before start"

    def __init__(self, entity: str, start: date, end: date) -> None:
        super().__init__(
            f"{entity} would end on {end.isoformat()}, not after its start on "
            f"{start.isoformat()}; the end is the first day no longer held, so it must be "
            "later than the start"
        )


class OverlappingMandate(RuleBroken):
    rule = "overlapping mandate"

    def __init__(self, office: str, holder: str, start: date, end: date | None) -> None:
        super().__init__(
            f"{holder} already holds {office} from {start.isoformat()} ({_until(end)}); "
            "end that mandate first, or start the new one on or after its end"
        )


class SeatsFull(RuleBroken):
    rule = "seats full"

    def __init__(self, office: str, seats: int, on: date, holders: list[str]) -> None:
        held = ", ".join(holders)
        noun = "seat" if seats == 1 else "seats"
        super().__init__(
            f"{office} has {seats} {noun}, all held on {on.isoformat()} (by {held}); "
            "end a mandate first, or record this one as --acting"
        )


class ActingSeatsFull(RuleBroken):
    rule = "acting seats full"

    def __init__(self, office: str, seats: int, on: date, holders: list[str]) -> None:
        super().__init__(
            f"{office} already has {len(holders)} acting holder(s) on {on.isoformat()} "
            f"({', '.join(holders)}) for {seats} seat(s); end an acting mandate first"
        )


class ActingNotByRule(RuleBroken):
    rule = "acting rule"

    def __init__(
        self, office: str, holder: str, acting_from: str, on: date, rightful: list[str]
    ) -> None:
        named = (
            f"its holder on {on.isoformat()} is {', '.join(rightful)}"
            if rightful
            else f"it has no holder on {on.isoformat()}"
        )
        super().__init__(
            f"{office}'s terms of reference name the holder of {acting_from} to act for it "
            f"({named}), not {holder}; record the acting mandate with `ledger succession act "
            f"{office}`, or pass --override REASON"
        )


class MandateNotOpen(RuleBroken):
    rule = "mandate not open"

    def __init__(self, office: str, holder: str, on: date) -> None:
        super().__init__(
            f"{holder} holds no open mandate of {office} to end on {on.isoformat()}; "
            f"see `ledger holders {office}` for the mandates recorded"
        )


class OverlappingMembership(RuleBroken):
    rule = "overlapping membership"

    def __init__(self, body: str, member: str, start: date, end: date | None) -> None:
        super().__init__(
            f"{member} is already a member of {body} from {start.isoformat()} "
            f"({_until(end)}); remove that membership first, or add the new one on or "
            "after its end"
        )


class BodyFull(RuleBroken):
    rule = "body full"

    def __init__(self, body: str, max_members: int, on: date, members: int) -> None:
        super().__init__(
            f"{body} allows at most {max_members} members and would have {members} on "
            f"{on.isoformat()}; remove a member first, or pass --override REASON"
        )


class MaximumBelowMembership(RuleBroken):
    rule = "maximum below membership"

    def __init__(self, body: str, max_members: int, on: date | None, seated: int) -> None:
        when = (
            "in its ex-officio seats alone"
            if on is None
            else f"on {on.isoformat()}, the latest day its membership is known (ex-officio "
            "seats included)"
        )
        super().__init__(
            f"{body} would allow at most {max_members} but seats {seated} {when}; end "
            "memberships (member remove) or drop ex-officio seats first, or pass --override "
            "REASON"
        )


class MembershipNotOpen(RuleBroken):
    rule = "membership not open"

    def __init__(self, body: str, member: str, on: date) -> None:
        super().__init__(
            f"{member} has no open membership of {body} to end on {on.isoformat()}; "
            f"see `ledger governance` for the members recorded"
        )


class ReasonRequired(RuleBroken):
    rule = "reason required"

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} needs a --reason: a correction says why, for the audit")


class NoSuchEntry(RuleBroken):
    rule = "no such entry"

    def __init__(self, what: str, started: date | None) -> None:
        when = f" starting on {started.isoformat()}" if started else ""
        super().__init__(f"there is no {what}{when} to correct or retract")


class AmbiguousEntry(RuleBroken):
    rule = "ambiguous entry"

    def __init__(self, what: str, starts: list[date]) -> None:
        days = ", ".join(d.isoformat() for d in starts)
        super().__init__(f"there are several {what}s (starting {days}); say which with --started")


class NothingToCorrect(RuleBroken):
    rule = "nothing to correct"

    def __init__(self, what: str) -> None:
        super().__init__(
            f"the correction of {what} changes nothing; give --from, --until, "
            "--open or --acting/--not-acting"
        )


class UnknownRole(RuleBroken):
    rule = "unknown office"

    def __init__(self, what: str, office: str) -> None:
        super().__init__(f"{what} names {office}, which is not a recorded office")


class NotAllowedNow(RuleBroken):
    rule = "step not allowed"

    def __init__(self, entity: str, step: str, status: str, allowed: str) -> None:
        super().__init__(f"{entity} is {status}, so it cannot be {step} now; {allowed}")


class OutOfOrder(RuleBroken):
    rule = "out of order"

    def __init__(
        self, entity: str, step: str, day: date, previous: date, last: str = "its last step"
    ) -> None:
        super().__init__(
            f"{entity} cannot be {step} on {day.isoformat()}, before {last} on "
            f"{previous.isoformat()}"
        )


class DuplicateEntry(RuleBroken):
    rule = "already recorded"

    def __init__(self, entity: str, what: str) -> None:
        super().__init__(f"{entity} already records {what}; correct or retract it instead")


class IneligibleCandidate(RuleBroken):
    rule = "ineligible candidate"

    def __init__(self, election: str, candidate: str, role: str, day: date) -> None:
        super().__init__(
            f"{candidate} holds no office of role {role} on {day.isoformat()}, and {election} "
            f"chooses among its holders; record that mandate first, or pass --override REASON"
        )


class ElectionClosed(RuleBroken):
    rule = "election closed"

    def __init__(self, election: str, reason: str) -> None:
        super().__init__(f"{election} {reason}")


class NoWinner(RuleBroken):
    rule = "no winner"

    def __init__(self, election: str, reason: str) -> None:
        super().__init__(f"{election}: {reason}")


class TermNotComplete(RuleBroken):
    rule = "term not complete"

    def __init__(self, office: str, holder: str, ends: date, on: date) -> None:
        super().__init__(
            f"{holder}'s term of {office} runs to {ends.isoformat()}, after "
            f"{on.isoformat()}; hand over on the term's end, or pass --override REASON"
        )


class SuccessionImpossible(RuleBroken):
    rule = "succession impossible"

    def __init__(self, office: str, reason: str) -> None:
        super().__init__(f"{office}: {reason}")


class InvalidProgress(RuleBroken):
    rule = "invalid progress"

    def __init__(self, item: str, progress: int) -> None:
        super().__init__(f"{item}: progress is a percentage from 0 to 100, not {progress}")


class ItemClosed(RuleBroken):
    rule = "item closed"

    def __init__(self, item: str, status: str) -> None:
        super().__init__(f"{item} is {status}; reopen it first (action reopen)")


class ItemNotClosed(RuleBroken):
    rule = "item not closed"

    def __init__(self, item: str, status: str) -> None:
        super().__init__(f"{item} is {status}, not done or dropped, so there is nothing to reopen")


class DueBeforeCreation(RuleBroken):
    rule = "due before creation"

    def __init__(self, item: str, due: date, created: date) -> None:
        super().__init__(
            f"{item} cannot be due on {due.isoformat()}, before it was created on "
            f"{created.isoformat()}"
        )


class SubItemBeforeItem(RuleBroken):
    rule = "sub-item before its item"

    def __init__(self, item: str, parent: str, day: date, created: date) -> None:
        super().__init__(
            f"{item} cannot be created on {day.isoformat()}, before {parent}, the item it is a"
            f" step of, was created on {created.isoformat()}"
        )


class SubItemInAnotherPlan(RuleBroken):
    rule = "sub-item in another plan"

    def __init__(self, item: str, parent: str, plan: str, parent_plan: str | None) -> None:
        where = f"in {parent_plan}" if parent_plan else "in no work plan"
        super().__init__(
            f"{item} cannot be in {plan}: {parent}, the item it is a step of, is {where};"
            " a sub-item is in its item's plan (leave out --plan)"
        )


class NoOwner(RuleBroken):
    rule = "no owner"

    def __init__(self, item: str) -> None:
        super().__init__(f"{item} needs at least one owner (--owner)")


class OfficeAbolished(RuleBroken):
    rule = "office abolished"

    def __init__(self, office: str, day: date) -> None:
        super().__init__(
            f"{office} was abolished from {day.isoformat()}; no mandate of it runs on or after "
            "that day"
        )


class OfficeStillHeld(RuleBroken):
    rule = "office still held"

    def __init__(self, office: str, day: date, holders: list[str]) -> None:
        super().__init__(
            f"{office} is held on or after {day.isoformat()} (by {', '.join(holders)}); end "
            "those mandates first, then abolish it"
        )
