"""`ledger`: the scriptable face of the ledger. Parse, call a command or a query, print.

Every refusal is one `error: …` line on stderr and a non-zero exit, with nothing recorded.
"""

from __future__ import annotations

import os
import sys

import click

from domain.errors import RuleBroken
from ledger.cli.base import cli
from ledger.errors import NotUtf8

# The command modules (audit, governance, …) are imported by `cli` when their commands are
# asked for: see ledger.cli.base.LazyGroup.
__all__ = ["cli", "entry", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn every refusal into one `error: …` line and a non-zero exit."""
    try:
        for argument in sys.argv[1:] if argv is None else argv:
            try:
                argument.encode("utf-8")
            except UnicodeEncodeError:
                raise NotUtf8(argument.encode("utf-8", "replace").decode()) from None
        cli.main(args=argv, prog_name="ledger", standalone_mode=False)
    except NotUtf8 as e:
        return _fail(str(e), 2)
    except RuleBroken as e:
        return _fail(str(e), 1)
    except click.UsageError as e:
        where = e.ctx.command_path if e.ctx else "ledger"
        return _fail(f"usage: {e.format_message()} (see `{where} --help`)", 2)
    except click.ClickException as e:
        return _fail(e.format_message(), e.exit_code or 1)
    except click.exceptions.Abort:
        return _fail("aborted", 130)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as e:  # the promise is no traceback, whatever happens
        # Imported here, not above: a read answered without opening the ledger never
        # loads eventsourcing at all.
        from eventsourcing.persistence import PersistenceError

        from ledger.mapper import MapperValidationError

        if isinstance(e, PersistenceError):
            return _fail(f"storage: {e}", 1)
        if isinstance(e, MapperValidationError):  # refused before it was stored
            return _fail(f"unstorable value: {e}; nothing was recorded", 1)
        if os.environ.get("LEDGER_DEBUG"):
            raise
        return _fail(f"unexpected failure ({type(e).__name__}: {e}); please report it", 70)
    return 0


def _fail(message: str, code: int) -> int:
    click.echo(f"error: {' '.join(message.split())}", err=True)
    return code


def entry() -> None:
    sys.exit(main())
