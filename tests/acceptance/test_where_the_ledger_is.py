"""Which ledger a command works on (`--db`, `$LEDGER_DB`, the user's data directory), what
happens where there is none yet, and what a read-only ledger allows."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from .conftest import Cli, assert_refused

COMMANDS_NEEDING_A_LEDGER = [
    'person add "Gina Nilo"',
    'institution add "GSP Secretariat"',
    'body add "ASP governance group"',
    'office add "ASP Chair"',
    "mandate start asp-chair gina-nilo --from 2021-05-04",
    "mandate end asp-chair gina-nilo --on 2024-05-04",
    "member add asp-governance-group gina-nilo --from 2024-05-04",
    "member remove asp-governance-group gina-nilo --on 2027-05-04",
    "holders asp-chair",
    "governance",
    "events",
    "rebuild",
    "head",
    "verify",
    "export out.jsonl",
]


def command_name(line: str) -> str:
    words = shlex.split(line)
    return " ".join(w for w in words[:2] if not w.startswith("-") and "." not in w)


def _files(where: Path) -> set[str]:
    return {p.name for p in where.iterdir() if p.name != "home"}


@pytest.mark.parametrize("command", COMMANDS_NEEDING_A_LEDGER, ids=command_name)
def test_without_a_ledger_a_command_says_to_run_init_and_creates_nothing(
    run: Cli, command: str
) -> None:
    assert_refused(run.line(command, ok=False), "no ledger", "asp.db", "init")
    assert _files(run.cwd) == set()


def test_init_twice_keeps_what_was_recorded(run: Cli) -> None:
    run("init")
    run("person", "add", "Gina Nilo")
    assert run("init").err == ""
    assert [e["payload"]["handle"] for e in run.events()] == ["gina-nilo"]


def test_init_creates_the_event_store_and_its_read_model_beside_it(run: Cli) -> None:
    run("init")
    run("person", "add", "Gina Nilo")
    assert {"asp.db", "asp.governance.db"} <= _files(run.cwd)


def test_init_creates_the_directories_the_ledger_lives_in(run: Cli) -> None:
    nested = Cli(run.cwd, db="secretariat/2023/asp.db")
    nested("init")
    nested("person", "add", "Gina Nilo")
    assert (run.cwd / "secretariat" / "2023" / "asp.db").is_file()


def test_the_ledger_defaults_to_ledger_db_from_the_environment(tmp_path: Path) -> None:
    cli = Cli(tmp_path, db=None)
    env = {"LEDGER_DB": str(tmp_path / "from-env.db")}
    cli("init", env=env)
    cli("person", "add", "Gina Nilo", env=env)
    assert (tmp_path / "from-env.db").is_file()
    assert "Gina" in cli("events", env=env).out
    other = Cli(tmp_path, db="explicit.db")
    assert_refused(other("events", ok=False, env=env), "no ledger", "explicit.db")


def test_without_db_or_ledger_db_the_ledger_lives_in_the_users_data_directory(
    tmp_path: Path,
) -> None:
    cli = Cli(tmp_path, db=None)
    refusal = cli("events", ok=False)
    assert_refused(refusal, "no ledger", "init")
    cli("init")
    cli("person", "add", "Gina Nilo")
    data = Path(cli.env["XDG_DATA_HOME"])
    assert [p.name for p in data.rglob("ledger.db")] == ["ledger.db"]
    assert _files(tmp_path) == set()


def test_a_file_that_is_not_a_ledger_is_refused_as_such(run: Cli) -> None:
    (run.cwd / "asp.db").write_text("minutes of ASP-VIII, not a ledger\n")
    assert_refused(run("events", ok=False), "not a ledger", "asp.db")


def test_an_empty_file_is_not_a_ledger(run: Cli) -> None:
    (run.cwd / "asp.db").touch()
    assert_refused(run("events", ok=False), "not a ledger", "asp.db")


# --- read-only -----------------------------------------------------------------------------

WRITES = [
    'person add "Ana Bell"',
    'institution add "GSP Secretariat"',
    'body add "CESRA steering committee"',
    'office add "ASP Vice-Chair"',
    "mandate start asp-chair ana-bell --from 2024-05-04",
    "mandate end asp-chair gina-nilo --on 2024-05-04",
    "member add asp-governance-group gina-nilo --from 2024-05-04",
    "member remove asp-governance-group bo-chen --on 2024-05-04",
]

READS = [
    "holders asp-chair --format json",
    "governance --as-of 2023-05-02 --format json",
    "events --format jsonl",
    "head",
    "verify",
]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A small ledger the read-only tests never change; its log is kept as `baseline`."""
    cli = Cli(tmp_path_factory.mktemp("read-only"))
    for step in [
        "init",
        'person add "Gina Nilo"',
        'person add "Ana Bell"',
        'person add "Bo Chen"',
        'body add "ASP governance group"',
        'office add "ASP Chair" --body asp-governance-group',
        "mandate start asp-chair gina-nilo --from 2021-05-04",
        "member add asp-governance-group bo-chen --from 2021-05-04",
    ]:
        cli.line(step)
    cli.baseline = cli.events()
    cli.answers = {read: cli.line(read).out for read in READS}
    return cli


@pytest.mark.parametrize("write", WRITES, ids=command_name)
def test_read_only_refuses_every_write(recorded: Cli, write: str) -> None:
    refusal = recorded.line(f"--read-only {write}", ok=False)
    assert_refused(refusal, "read-only", command_name(write))
    assert recorded.events() == recorded.baseline


@pytest.mark.parametrize(
    ("yes", "write"), [("1", WRITES[0]), ("true", WRITES[4]), ("yes", WRITES[6])]
)
def test_ledger_read_only_in_the_environment_refuses_writes(
    recorded: Cli, yes: str, write: str
) -> None:
    refusal = recorded(*shlex.split(write), ok=False, env={"LEDGER_READ_ONLY": yes})
    assert_refused(refusal, "read-only", command_name(write))
    assert recorded.events() == recorded.baseline


@pytest.mark.parametrize(
    ("flags", "env"),
    [(["--read-only"], {}), ([], {"LEDGER_READ_ONLY": "1"})],
    ids=["--read-only", "LEDGER_READ_ONLY=1"],
)
def test_a_read_only_ledger_answers_reads(
    recorded: Cli, flags: list[str], env: dict[str, str]
) -> None:
    answers = {read: recorded(*flags, *shlex.split(read), env=env).out for read in READS}
    assert answers == recorded.answers


def test_a_read_only_init_creates_no_ledger(run: Cli) -> None:
    assert_refused(run("--read-only", "init", ok=False), "read-only", "init")
    assert _files(run.cwd) == set()


def test_a_read_only_import_creates_no_ledger(recorded: Cli, tmp_path: Path) -> None:
    exported = tmp_path / "asp.jsonl"
    recorded("export", str(exported))
    target = Cli(tmp_path, db="copy.db")
    assert_refused(target("--read-only", "import", str(exported), ok=False), "read-only")
    assert not (tmp_path / "copy.db").exists()


def test_ledger_read_only_set_to_0_allows_writes(run: Cli) -> None:
    run("init")
    run("person", "add", "Gina Nilo", env={"LEDGER_READ_ONLY": "0"})
    assert run.event_count() == 1
