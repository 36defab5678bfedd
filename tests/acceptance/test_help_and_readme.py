"""Every command explains itself, and the README mentions every command.

Like sqlite-utils, a new command without a line in the README fails the build: the commands
are collected from `ledger --help` itself, so nothing has to be listed twice.
"""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import Result

README = Path(__file__).resolve().parents[2] / "README.md"

# `ledger`, then any global options (`--db asp.db`, `--read-only`), then the command path.
_GLOBALS = r"(?:\s+--?[\w-]+(?:[ =](?!-)\S+)?)*"


def shown(path: tuple[str, ...], readme: str) -> bool:
    """Shown as used (`ledger --db asp.db member remove …`) or named in a code span."""
    words = r"\s+".join(map(re.escape, path)) + r"(?![\w-])"
    return bool(re.search(rf"\bledger{_GLOBALS}\s+{words}|`{words}", readme))


def commands(tree: dict[tuple[str, ...], Result]) -> list[tuple[str, ...]]:
    """The commands that do something: every path whose help lists no subcommands."""
    return [path for path, result in tree.items() if path and "\nCommands:\n" not in result.out]


def test_the_help_walk_finds_the_contracts_commands(
    command_tree: dict[tuple[str, ...], Result],
) -> None:
    found = {" ".join(path) for path in commands(command_tree)}
    contract = {"init", "person add", "body add", "office add", "mandate start", "mandate end"}
    contract |= {"member add", "member remove", "holders", "governance", "events", "rebuild"}
    assert contract <= found, sorted(contract - found)


def test_every_command_and_group_has_help(command_tree: dict[tuple[str, ...], Result]) -> None:
    broken = {
        " ".join(path) or "ledger": result
        for path, result in command_tree.items()
        if result.code != 0
        or result.err
        or not result.out.startswith(f"Usage: {' '.join(('ledger', *path))}")
    }
    assert not broken, broken


def test_every_command_is_in_the_readme(command_tree: dict[tuple[str, ...], Result]) -> None:
    readme = README.read_text(encoding="utf-8")
    missing = [" ".join(path) for path in commands(command_tree) if not shown(path, readme)]
    assert not missing, f"commands not shown in README.md: {', '.join(missing)}"


def test_a_holder_s_add_command_speaks_of_its_own_kind(
    command_tree: dict[tuple[str, ...], Result],
) -> None:
    person = command_tree[("person", "add")].out
    institution = command_tree[("institution", "add")].out
    assert "Record a person who can hold offices and sit in bodies." in person
    assert "Record an institution that can hold offices and sit in bodies." in institution
