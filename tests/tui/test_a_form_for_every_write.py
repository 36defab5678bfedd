"""The TUI records everything the CLI records: a form for every command that writes."""

from __future__ import annotations

import click

from ledger.cli.base import cli
from tui.screens.forms import FORMS

# Commands that record nothing (reads, reports, checks), or that make or fill a whole ledger
# file rather than record into the one the TUI has open.
NOT_RECORDING = {
    "action history",
    "calendar",
    "decisions",
    "elections",
    "events",
    "export",
    "governance",
    "head",
    "holders",
    "meeting show",
    "meetings",
    "rebuild",
    "report audit",
    "report decisions",
    "report governance",
    "report meeting",
    "report office",
    "report workplan",
    "search",
    "tui",
    "verify",
    "workplan",
    "init",
    "demo",
    "import",
}

# The form (its key in FORMS) each recording command is made with.
FORM_OF = {
    "action add": "action-add",
    "action assign": "action-assign",
    "action due": "action-due",
    "action reopen": "action-reopen",
    "action update": "action",
    "body add": "body",
    "body rules": "body-rules",
    "correct decision": "correct-decision",
    "correct mandate": "correct-mandate",
    "correct member": "correct-membership",
    "decision defer": "decision",  # an outcome of the decision form
    "decision endorse": "decision-endorsed",
    "decision note": "decision-noted",
    "decision record": "decision",
    "decision refer": "decision",  # an outcome of the decision form
    "election close": "election-close",
    "election nominate": "election-nominate",
    "election open": "election-open",
    "election tally": "election-tally",
    "election withdraw": "election-withdraw",
    "institution add": "institution",
    "mandate end": "mandate-end",
    "mandate start": "mandate",
    "meeting add": "meeting",
    "meeting agenda": "agenda-item",
    "meeting attend": "attendance",
    "member add": "membership",
    "member remove": "membership-end",
    "office abolish": "office-abolish",
    "office add": "office",
    "office rules": "office-rules",
    "person add": "person",
    "plan add": "plan",
    "retract attendance": "retract-attendance",
    "retract mandate": "retract-mandate",
    "retract member": "retract-membership",
    "succession act": "acting",
    "succession apply": "succession",
}


def _commands(group: click.Group, ctx: click.Context, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found |= _commands(command, ctx, f"{prefix}{name} ")
        elif command is not None:
            found.add(prefix + name)
    return found


def test_every_command_of_the_cli_is_read_only_or_has_its_form() -> None:
    commands = _commands(cli, click.Context(cli))
    unaccounted = commands - NOT_RECORDING - FORM_OF.keys()
    assert not unaccounted, f"CLI commands with no form in the TUI: {sorted(unaccounted)}"
    assert not (FORM_OF.keys() | NOT_RECORDING) - commands, "commands the CLI no longer has"
    missing = {command: key for command, key in FORM_OF.items() if key not in FORMS}
    assert not missing, f"forms named but not made: {missing}"


def test_the_decision_form_offers_what_defer_and_refer_record() -> None:
    from tui.screens.forms.decisions import OUTCOMES, WRITTEN_PROCEDURE

    offered = {value for _label, value in OUTCOMES}
    assert {"deferred", WRITTEN_PROCEDURE} <= offered
