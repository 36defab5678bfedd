"""Refusals that come from the ledger itself rather than from a domain rule."""

from __future__ import annotations

from domain.errors import RuleBroken


class NoLedger(RuleBroken):
    rule = "no ledger"

    def __init__(self, where: str) -> None:
        super().__init__(
            f"there is no ledger at {where}; create it with `ledger --db {where} init`"
        )


class NotALedger(RuleBroken):
    rule = "not a ledger"

    def __init__(self, where: str, reason: str, *, kind: str = "ledger file") -> None:
        super().__init__(f"{where} is not a {kind} ({reason})")


class CannotConnect(RuleBroken):
    rule = "cannot connect"

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(
            f"{where} could not be reached ({reason}); check the URL, that the server is"
            " running, and the role and its password ($PGPASSWORD)"
        )


class NoAccess(RuleBroken):
    rule = "permission denied"

    def __init__(self, where: str, role: str, *, create: bool = False) -> None:
        if create:
            super().__init__(
                f"role {role} may not create a ledger at {where}; the database's owner runs"
                " `ledger init` there and grants the officer or the auditor role (README,"
                " Shared mode)"
            )
            return
        super().__init__(
            f"role {role} may not read the ledger at {where}; ask the ledger's owner to grant"
            " it the officer or the auditor role (README, Shared mode)"
        )


class ReadOnly(RuleBroken):
    rule = "read-only"

    def __init__(self, command: str) -> None:
        super().__init__(
            f"this ledger was opened read-only, so `{command}` was not recorded; drop "
            "--read-only (or unset LEDGER_READ_ONLY) to record"
        )


class TooManyConflicts(RuleBroken):
    rule = "concurrent change"

    def __init__(self, entity: str, attempts: int) -> None:
        super().__init__(
            f"{entity} kept changing under this command ({attempts} attempts); nothing was "
            "recorded, try again"
        )


class StorageBusy(RuleBroken):
    rule = "storage busy"

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where} could not be written ({reason}); nothing was recorded")


class UnsupportedLocation(RuleBroken):
    rule = "unsupported ledger location"

    def __init__(self, where: str) -> None:
        super().__init__(
            f"{where}: give a file path for an embedded ledger, or a"
            " postgresql://USER@HOST:PORT/DATABASE?schema=SCHEMA URL for a shared one"
        )


class InvalidPosition(RuleBroken):
    rule = "invalid position"

    def __init__(self, position: int, head: int) -> None:
        super().__init__(
            f"--known-at {position} is outside the log, whose positions run from 0 to {head}"
        )


class ChainBroken(RuleBroken):
    rule = "chain broken"


class ConfirmationNeeded(RuleBroken):
    rule = "confirmation needed"

    def __init__(self, command: str) -> None:
        super().__init__(
            f"`{command}` records several events at once; review them (--dry-run) and pass "
            "--yes to record them when not at a terminal"
        )


class ReadModelStuck(RuleBroken):
    rule = "read model stuck"

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(
            f"the event at position {position} cannot be read into the read models ({reason});"
            " the log may have been changed: run `ledger verify`"
        )


class EventUnreadable(RuleBroken):
    """A stored event that cannot be decoded: the file was changed by hand."""

    rule = "event unreadable"

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(
            f"{where} cannot be read ({reason}); the log may have been changed: run `ledger verify`"
        )


class NotUtf8(RuleBroken):
    rule = "usage"

    def __init__(self, argument: str) -> None:
        super().__init__(f"argument {argument!r} is not valid UTF-8 text")
