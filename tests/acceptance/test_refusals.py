"""Every broken rule is refused the same way: a non-zero exit, one `error: …` line on stderr
naming the rule and the entity, no traceback, and nothing recorded."""

from __future__ import annotations

import pytest

from .conftest import Cli, assert_refused

SETUP = [
    "init",
    'person add "Gina Nilo" --handle gina-nilo --country Philippines',
    'person add "Ana Bell" --handle ana',
    'person add "Bo Chen" --handle bo',
    'body add "ASP governance group" --handle asp-governance-group',
    'body add "Tiny committee" --handle tiny --max-members 2',
    'office add "ASP Chair" --handle asp-chair --body asp-governance-group',
    'office add "Working group chairs" --handle wg-chairs --seats 3',
    "mandate start asp-chair gina-nilo --from 2021-05-04",
    "mandate start wg-chairs ana --from 2022-01-01 --until 2024-01-01",
    "member add tiny ana --from 2020-01-01",
    "member add tiny bo --from 2020-01-01",
    "mandate start asp-chair bo --from 2022-01-01 --until 2022-06-01 --acting",
    "member add asp-governance-group ana --from 2021-01-01 --until 2023-01-01",
]

# (id, the command, words its one error line must hold: the rule, then the entities)
REFUSALS = [
    (
        "a-second-holder-on-a-one-seat-office",
        "mandate start asp-chair ana --from 2023-05-02",
        ["seats full", "asp-chair", "gina-nilo"],
    ),
    (
        "a-mandate-that-ends-before-it-starts",
        "mandate start wg-chairs bo --from 2024-05-04 --until 2024-05-03",
        ["before", "start", "bo", "wg-chairs"],
    ),
    (
        "a-mandate-that-ends-on-its-start",
        "mandate start wg-chairs bo --from 2024-05-04 --until 2024-05-04",
        ["start", "bo", "wg-chairs"],
    ),
    (
        "an-end-before-the-start",
        "mandate end asp-chair gina-nilo --on 2020-01-01",
        ["before", "start", "gina-nilo", "asp-chair"],
    ),
    (
        "an-end-on-the-start",
        "mandate end asp-chair gina-nilo --on 2021-05-04",
        ["start", "gina-nilo", "asp-chair"],
    ),
    (
        "a-membership-that-ends-before-it-starts",
        "member add asp-governance-group bo --from 2024-05-04 --until 2023-05-04",
        ["before", "start", "bo", "asp-governance-group"],
    ),
    (
        "a-start-inside-another-mandate-of-the-same-holder",
        "mandate start wg-chairs ana --from 2023-01-01",
        ["overlapping mandate", "ana", "wg-chairs"],
    ),
    (
        "ending-a-mandate-that-was-never-started",
        "mandate end asp-chair ana --on 2024-01-01",
        ["mandate not open", "ana", "asp-chair"],
    ),
    (
        "ending-a-mandate-that-has-already-ended",
        "mandate end wg-chairs ana --on 2025-01-01",
        ["mandate not open", "ana", "wg-chairs"],
    ),
    (
        "a-second-acting-holder-of-a-one-seat-office",
        "mandate start asp-chair ana --from 2022-03-01 --acting",
        ["acting seats full", "asp-chair", "bo"],
    ),
    (
        "a-membership-inside-another-of-the-same-member",
        "member add asp-governance-group ana --from 2022-01-01",
        ["overlapping membership", "ana", "asp-governance-group"],
    ),
    (
        "removing-a-member-who-never-sat",
        "member remove asp-governance-group bo --on 2024-01-01",
        ["membership not open", "bo", "asp-governance-group"],
    ),
    (
        "removing-a-member-whose-membership-has-ended",
        "member remove asp-governance-group ana --on 2024-01-01",
        ["membership not open", "ana", "asp-governance-group"],
    ),
    (
        "removing-a-member-on-the-day-they-joined",
        "member remove tiny ana --on 2020-01-01",
        ["start", "ana", "tiny"],
    ),
    (
        "a-body-over-its-max-members",
        "member add tiny gina-nilo --from 2023-01-01",
        ["body full", "tiny", "2", "--override"],
    ),
    (
        "a-body-part-of-an-unknown-body",
        'body add "Sub group" --handle sub --part-of no-such-body',
        ["unknown", "no-such-body", "body"],
    ),
    (
        "a-body-part-of-an-office",
        'body add "Sub group" --handle sub --part-of asp-chair',
        ["unknown", "asp-chair", "office"],
    ),
    (
        "an-unknown-office",
        "mandate start no-such-office ana --from 2023-01-01",
        ["unknown", "no-such-office"],
    ),
    (
        "an-unknown-holder",
        "mandate start wg-chairs nobody-here --from 2023-01-01",
        ["unknown", "nobody-here"],
    ),
    (
        "an-unknown-body",
        "member add no-such-body ana --from 2023-01-01",
        ["unknown", "no-such-body"],
    ),
    (
        "an-office-in-an-unknown-body",
        'office add "CESRA director" --body no-such-body',
        ["unknown", "no-such-body"],
    ),
    (
        "an-office-asked-for-that-is-a-person",
        "holders gina-nilo",
        ["unknown", "gina-nilo", "person"],
    ),
    (
        "a-body-given-where-an-office-is-expected",
        "mandate start asp-governance-group ana --from 2023-01-01",
        ["unknown", "asp-governance-group", "body"],
    ),
    (
        "a-duplicate-handle",
        'person add "Gina Nilo" --handle gina-nilo',
        ["duplicate handle", "gina-nilo"],
    ),
    ("a-duplicate-derived-handle", 'person add "Gina Nilo"', ["duplicate handle", "gina-nilo"]),
    (
        "an-office-handle-reused-for-a-person",
        'person add "Asp Chair" --handle asp-chair',
        ["duplicate handle", "asp-chair", "office"],
    ),
    (
        "a-person-handle-reused-for-a-body",
        'body add "Ana group" --handle ana',
        ["duplicate handle", "ana", "person"],
    ),
    (
        "the-thirtieth-of-february",
        "mandate start wg-chairs bo --from 2023-02-30",
        ["--from", "2023-02-30"],
    ),
    (
        "a-thirteenth-month",
        "mandate start wg-chairs bo --from 2023-13-01",
        ["--from", "2023-13-01"],
    ),
    ("a-day-in-words", "mandate start wg-chairs bo --from yesterday", ["--from", "yesterday"]),
    (
        "a-day-without-hyphens",
        "mandate start wg-chairs bo --from 20230502",
        ["--from", "20230502", "YYYY-MM-DD"],
    ),
    (
        "an-impossible-end-day",
        "mandate end asp-chair gina-nilo --on 2024-02-30",
        ["--on", "2024-02-30"],
    ),
    ("an-impossible-as-of-day", "governance --as-of 2023-02-29", ["--as-of", "2023-02-29"]),
    ("a-missing-required-option", "mandate start wg-chairs bo", ["missing", "--from"]),
    ("a-missing-argument", "mandate start wg-chairs --from 2023-01-01", ["missing", "HOLDER"]),
    ("an-unknown-command", "frobnicate", ["no such command", "frobnicate"]),
    ("an-unknown-subcommand", "person frobnicate", ["no such command", "frobnicate"]),
    ("an-unknown-option", "holders asp-chair --colour", ["no such option", "--colour"]),
    ("an-unknown-format", "holders asp-chair --format xml", ["--format", "xml"]),
    (
        "a-handle-with-capitals-and-underscores",
        'person add "Dan Eve" --handle Dan_Eve',
        ["invalid handle", "Dan_Eve"],
    ),
    (
        "a-handle-with-spaces-and-punctuation",
        'person add "Dan Eve" --handle "dan eve!"',
        ["invalid handle", "dan eve!"],
    ),
    (
        "a-handle-ending-in-a-hyphen",
        "office add Vice-Chair --handle vice-",
        ["invalid handle", "vice-"],
    ),
    (
        "an-office-with-no-seats",
        'office add "Ghost office" --handle ghost --seats 0',
        ["--seats", "0"],
    ),
    (
        "a-body-with-no-room",
        'body add "Ghost body" --handle ghost --max-members 0',
        ["--max-members", "0"],
    ),
    (
        "more-seats-than-a-number-can-hold",
        'office add "Huge office" --handle huge --seats 99999999999999999999999',
        ["invalid number", "huge", "seats", "at most"],
    ),
    (
        "a-body-maximum-beyond-any-body",
        'body add "Huge body" --handle huge --max-members 10001',
        ["invalid number", "huge", "members", "at most"],
    ),
    (
        "a-term-of-a-thousand-years",
        'office add "Eternal office" --handle eternal --term-years 1000',
        ["invalid number", "eternal", "term", "at most"],
    ),
    (
        "office-rules-with-seats-beyond-any-office",
        "office rules asp-chair --seats 50000",
        ["invalid number", "asp-chair", "seats", "at most 10000", "50000"],
    ),
    (
        "office-rules-with-a-term-too-large-to-store",
        "office rules asp-chair --term-years 99999999999999999999999",
        ["invalid number", "asp-chair", "term", "at most 100"],
    ),
    (
        "office-rules-with-a-thousand-years-as-a-former-holder",
        "office rules asp-chair --alumni-years 1000",
        ["invalid number", "asp-chair", "alumni years", "at most 100"],
    ),
    (
        "body-rules-with-a-maximum-beyond-any-body",
        "body rules tiny --max-members 50000",
        ["invalid number", "tiny", "max members", "at most 10000", "50000"],
    ),
    (
        "body-rules-with-a-cadence-beyond-any-body",
        "body rules tiny --cadence-months 99999",
        ["invalid number", "tiny", "cadence months", "at most 1200"],
    ),
    (
        # Any command's number beyond what SQLite holds: stored, it would stop the read models
        # and with them every later command.
        "a-count-too-large-to-store",
        'meeting add huge "Huge meeting" --date 2023-05-02 --registered 99999999999999999999999',
        ["99999999999999999999999"],
    ),
    ("an-empty-handle", 'person add "Dan Eve" --handle ""', ["invalid handle", "''"]),
    ("an-empty-name", 'person add " "', ["name"]),
    ("a-known-at-beyond-the-head", "holders asp-chair --known-at 999", ["--known-at", "999"]),
    ("a-governance-known-at-beyond-the-head", "governance --known-at 999", ["--known-at", "999"]),
]


@pytest.fixture(scope="module")
def asp(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A ledger the refusals are tried on; its log is kept as `baseline`."""
    cli = Cli(tmp_path_factory.mktemp("refusals"))
    for step in SETUP:
        cli.line(step)
    cli.baseline = cli.events()
    return cli


@pytest.mark.parametrize(
    ("command", "named"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_a_refusal_is_one_error_line_naming_the_rule_and_records_nothing(
    asp: Cli, command: str, named: list[str]
) -> None:
    assert_refused(asp.line(command, ok=False), *named)
    assert asp.events() == asp.baseline


def test_a_refusal_leaves_the_reads_as_they_were(asp: Cli) -> None:
    before = asp("governance", "--as-of", "2023-05-02", "--format", "json").out
    asp.line("mandate start asp-chair bo --from 2023-05-02", ok=False)
    assert asp("governance", "--as-of", "2023-05-02", "--format", "json").out == before
