"""What every `ledger` command shares: the root group with its global options, the session
that opens the ledger once per invocation, and the strict parameter types (days, hashes,
positions).

Nothing here imports the ledger itself (the eventsourcing application, the domain, the read
models): a command pays for that only when it opens the ledger, and the root group loads a
command's module only when that command is asked for.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

import click

from ledger.errors import ReadOnly
from ledger.location import Location, default_db

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ledger.app import Ledger, Receipt

# Each top-level command and the modules that define it (or add subcommands to it).
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("events", "export", "head", "import", "rebuild", "verify"), ("ledger.cli.audit",)
    ),
    **dict.fromkeys(("correct", "retract"), ("ledger.cli.corrections",)),
    **dict.fromkeys(
        ("governance", "holders", "init", "institution", "mandate", "member", "person"),
        ("ledger.cli.governance",),
    ),
    **dict.fromkeys(("body", "office"), ("ledger.cli.governance", "ledger.cli.terms")),
    **dict.fromkeys(
        ("decision", "decisions", "election", "elections", "meeting", "meetings"),
        ("ledger.cli.proceedings",),
    ),
    "report": ("ledger.cli.reports",),
    **dict.fromkeys(("demo", "tui"), ("ledger.cli.screen",)),
    **dict.fromkeys(("calendar", "succession"), ("ledger.cli.terms",)),
    **dict.fromkeys(("action", "plan", "search", "workplan"), ("ledger.cli.workplans",)),
}


class LazyGroup(click.Group):
    """The root group: a command's module is imported when the command is asked for, so
    `ledger holders` does not pay for importing the code of thirty other commands (click's
    "lazily loading subcommands" pattern; the modules register themselves on `cli`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        for module in COMMAND_MODULES.get(cmd_name, ()):
            importlib.import_module(module)
        return super().get_command(ctx, cmd_name)


class Day(click.ParamType[date, Any]):
    """A strict ISO day, `YYYY-MM-DD`, that exists in the calendar."""

    name = "DATE"
    _shape = re.compile(r"\d{4}-\d{2}-\d{2}")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if not self._shape.fullmatch(text):
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.fail(f"{value!r} is not a day of the calendar", param, ctx)


DAY = Day()


class Text(click.ParamType[str | None, Any]):
    """Free text given on the command line (a basis, a reason, a note): one line. A control
    character (a newline, a tab, NUL, an escape…) is refused as `invalid text`, naming the
    option; with `blank_is_none`, a blank value means none (`--basis ""`: no basis)."""

    name = "TEXT"

    def __init__(self, *, blank_is_none: bool = False) -> None:
        self.blank_is_none = blank_is_none

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> str | None:
        text = str(value)
        for ch in text:
            if unicodedata.category(ch) == "Cc":
                # Imported here: domain.errors is plain Python, but the root group keeps to
                # click until a command runs.
                from domain.errors import InvalidText

                field = param.opts[0] if param is not None and param.opts else "the text"
                raise InvalidText(field, _control(ch))
        if self.blank_is_none and not text.strip():
            return None
        return text


def _control(ch: str) -> str:
    return {"\n": "a newline", "\r": "a carriage return", "\t": "a tab", "\x00": "NUL"}.get(
        ch, f"U+{ord(ch):04X}"
    )


TEXT = Text()
BASIS_TEXT = Text(blank_is_none=True)


@dataclass
class Session:
    db: str
    actor: str | None  # None: $LEDGER_ACTOR, else the OS user, looked up when a ledger opens
    read_only: bool
    db_given: bool = False
    _ledger: Ledger | None = field(default=None, repr=False)

    def open(self, *, create: bool = False, command: str = "init", follow: bool = True) -> Ledger:
        """The ledger, opened once; `follow=False` leaves the read models as they are."""
        if create and self.read_only:
            raise ReadOnly(command)
        if self._ledger is None:
            from ledger.app import Ledger, default_actor

            self._ledger = Ledger(
                Location.parse(self.db),
                actor=self.actor or default_actor(),
                read_only=self.read_only,
                create=create,
                follow=follow,
            )
        return self._ledger

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None


pass_session = click.make_pass_decorator(Session)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="PATH",
    help="The ledger's event-store file (default: $LEDGER_DB, else ledger.db in the user's "
    "data directory).",
)
@click.option(
    "--actor", metavar="NAME", help="Who is recording (default: $LEDGER_ACTOR, else the OS user)."
)
@click.option("--read-only", is_flag=True, help="Refuse every write (also LEDGER_READ_ONLY=1).")
@click.version_option(package_name="partnership-ledger", prog_name="ledger")
@click.pass_context
def cli(ctx: click.Context, db: str | None, actor: str | None, read_only: bool) -> None:
    """Partnership Ledger: who decided what, and who held which office when."""
    env_read_only = os.environ.get("LEDGER_READ_ONLY", "").lower() in {"1", "true", "yes"}
    session = Session(
        db or default_db(),
        actor,
        read_only or env_read_only,
        db_given=db is not None,
    )
    ctx.obj = session
    ctx.call_on_close(session.close)


class _Silent:
    def update(self, steps: int) -> None:
        """Progress nobody is watching."""


@contextlib.contextmanager
def progress_bar(length: int, label: str) -> Iterator[Any]:
    """A progress bar on stderr when a person is watching; nothing at all for scripts,
    whose stderr must hold only the one `error:` line of a refusal."""
    if not sys.stderr.isatty():
        yield _Silent()
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar


def _recorded(receipt: Receipt, what: str) -> None:
    click.echo(f"{what} (position {receipt.position})")


AS_OF = click.option("--as-of", type=DAY, help="The day asked about (effective time).")


class Moment(click.ParamType[int | datetime, Any]):
    """A point in recorded time: a log position (`42`), or an instant (`2026-11-24`, which
    means the end of that day in UTC, or `2026-11-24T10:30:00+00:00`)."""

    name = "POSITION|TIMESTAMP"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> int | datetime:
        text = str(value).strip()
        if text.isdigit():
            return int(text)
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                day = date.fromisoformat(text)
                return datetime.combine(day, time.max, tzinfo=UTC)
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.fail(f"{value!r} is neither a log position nor an ISO date or timestamp")
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


KNOWN_AT = click.option(
    "--known-at",
    type=Moment(),
    help="Answer as the ledger knew it at this log position or instant (recorded time).",
)


class Hash(click.ParamType[bytes, Any]):
    name = "HASH"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> bytes:
        text = str(value).strip().lower()
        if not re.fullmatch(r"[0-9a-f]{64}", text):
            self.fail(f"{value!r} is not a head hash (64 hex digits, as `ledger head` prints)")
        return bytes.fromhex(text)
