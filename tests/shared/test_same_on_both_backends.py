"""The same ledger, the same answers, whether it lives in a SQLite file or in a PostgreSQL
schema: every test here runs on both (the `ledger_url` fixture), through the `Ledger` API in
process and through the installed `ledger` command."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.errors import EndsBeforeStart, RuleBroken, SeatsFull, UnknownHandle
from domain.holders import HolderKind
from ledger import output
from ledger.errors import NoLedger, ReadOnly

from .conftest import (
    ACTOR,
    GINA_AS_CHAIR,
    GINA_IN_THE_GROUP,
    GOVERNANCE_ON_ASP_VIII,
    HEX64,
    WALK_THROUGH,
    WALK_THROUGH_EVENTS,
    Cli,
    assert_refused,
    cli_for,
    is_postgres,
    opened,
    pg_connect,
    pg_rows,
    schema_of,
    stored_positions,
    walk_through,
)

ASP_VIII = date(2023, 5, 2)
HANDOVER = date(2024, 5, 4)


def holders_json(led: Any, office: str, **kw: Any) -> list[dict[str, Any]]:
    return [output.tenure_json(t) for t in led.holders(office, **kw)]


def governance_json(led: Any, day: date, **kw: Any) -> dict[str, Any]:
    return output.governance_json(led.governance_on(day, **kw))


def reads(led: Any) -> Any:
    """Everything the governance read model answers about the walk-through."""
    return (
        holders_json(led, "asp-chair"),
        [holders_json(led, "asp-chair", as_of=d) for d in (ASP_VIII, HANDOVER)],
        [governance_json(led, d) for d in (ASP_VIII, HANDOVER)],
        [holders_json(led, "asp-chair", known_at=k) for k in range(3, led.head_position() + 1)],
    )


# --- through the Ledger API ----------------------------------------------------------------------


def test_api_walk_through_answers_in_the_contract_shapes(ledger_url: str) -> None:
    with opened(ledger_url, create=True) as led:
        walk_through(led)
        assert led.head_position() == WALK_THROUGH_EVENTS
        assert holders_json(led, "asp-chair", as_of=ASP_VIII) == [GINA_AS_CHAIR]
        assert holders_json(led, "asp-chair", as_of=date(2024, 5, 3)) == [GINA_AS_CHAIR]
        assert holders_json(led, "asp-chair", as_of=HANDOVER) == []
        assert holders_json(led, "asp-chair") == [GINA_AS_CHAIR]
        assert governance_json(led, ASP_VIII) == GOVERNANCE_ON_ASP_VIII
        after = governance_json(led, HANDOVER)
        assert after["offices"][0]["holders"] == []
        assert after["bodies"][0]["members"] == [GINA_IN_THE_GROUP]


@pytest.mark.parametrize(
    ("command", "refusal"),
    [
        (lambda led: led.start_mandate("asp-chair", "abe", date(2022, 1, 1)), SeatsFull),
        (
            lambda led: led.start_mandate(
                "asp-chair", "abe", date(2025, 1, 1), end=date(2024, 1, 1)
            ),
            EndsBeforeStart,
        ),
        (lambda led: led.start_mandate("asp-chair", "nobody", date(2025, 1, 1)), UnknownHandle),
        (lambda led: led.add_member("asp-chair", "abe", date(2025, 1, 1)), UnknownHandle),
    ],
    ids=["seats-full", "ends-before-start", "unknown-holder", "office-is-not-a-body"],
)
def test_api_refusals_record_nothing(walked: str, command: Any, refusal: type[RuleBroken]) -> None:
    with opened(walked) as led:
        led.add_holder("Abe Kebe", HolderKind.PERSON, handle="abe")
        before = (led.head(), led.head_position(), stored_positions(walked), reads(led))
        with pytest.raises(refusal):
            command(led)
        assert (led.head(), led.head_position(), stored_positions(walked), reads(led)) == before
        assert led.verify().ok


def test_api_a_second_instance_on_the_same_url_sees_the_events(
    walked: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with opened(walked) as first:
        # The second officer works elsewhere: read models of their own, built from the log.
        monkeypatch.setenv("LEDGER_VIEWS_DIR", str(tmp_path / "elsewhere"))
        with opened(walked, actor="second") as second:
            assert second.head() == first.head()
            assert reads(second) == reads(first)

            first.add_holder("Abe Kebe", HolderKind.PERSON, handle="abe")
            first.start_mandate("asp-chair", "abe", HANDOVER, basis="ASP-IX")
            # The store is shared at once; the second's read models follow on catching up
            # (on SQLite they are the first's too, beside the file).
            assert second.head() == first.head()
            second.catch_up()
            assert holders_json(second, "asp-chair", as_of=HANDOVER) == [
                {
                    "holder": "abe",
                    "name": "Abe Kebe",
                    "start": "2024-05-04",
                    "end": None,
                    "acting": False,
                }
            ]

            # The second one's writes continue the one chain.
            with pytest.raises(SeatsFull):
                second.start_mandate("asp-chair", "gina-nilo", date(2025, 1, 1))
            second.end_mandate("asp-chair", "abe", date(2027, 5, 4), reason="completed")
            first.catch_up()
            assert first.head() == second.head()
            assert reads(first) == reads(second)
            assert first.verify().ok and second.verify().ok
            actors = [e.actor for e in first.audit_log()]
            assert actors == [ACTOR] * (WALK_THROUGH_EVENTS + 2) + ["second"]


def test_api_known_at_answers_as_the_ledger_knew_it(walked: str) -> None:
    with opened(walked) as led:
        started = WALK_THROUGH_EVENTS - 2  # the mandate's start, before its end was known
        open_ended = GINA_AS_CHAIR | {"end": None}
        assert holders_json(led, "asp-chair", known_at=started) == [open_ended]
        assert holders_json(led, "asp-chair", known_at=started - 1) == []
        assert holders_json(led, "asp-chair", as_of=HANDOVER, known_at=started) == [open_ended]
        assert holders_json(led, "asp-chair", known_at=led.head_position()) == [GINA_AS_CHAIR]
        known = governance_json(led, HANDOVER, known_at=started)
        assert known["offices"][0]["holders"] == [open_ended]
        assert known["bodies"][0]["members"] == []


def test_api_corrections_and_retractions_keep_the_first_record(walked: str) -> None:
    with opened(walked) as led:
        before = led.head_position()
        led.correct_mandate("asp-chair", "gina-nilo", start=date(2021, 6, 1), reason="minutes")
        assert holders_json(led, "asp-chair") == [GINA_AS_CHAIR | {"start": "2021-06-01"}]
        assert holders_json(led, "asp-chair", as_of=date(2021, 5, 15)) == []
        assert holders_json(led, "asp-chair", known_at=before) == [GINA_AS_CHAIR]

        led.retract_mandate("asp-chair", "gina-nilo", reason="never elected")
        assert holders_json(led, "asp-chair") == []
        assert holders_json(led, "asp-chair", known_at=before + 1) == [
            GINA_AS_CHAIR | {"start": "2021-06-01"}
        ]
        types = [e.type.rsplit(".", 1)[-1] for e in led.audit_log()]
        assert types[-2:] == ["MandateCorrected", "MandateRetracted"]
        assert len(types) == before + 2
        assert led.verify().ok


def test_api_head_and_verify(walked: str) -> None:
    with opened(walked) as led:
        position, link = led.head()
        assert position == led.head_position() == WALK_THROUGH_EVENTS
        assert HEX64.fullmatch(link)
        assert [e.link for e in led.audit_log()][-1] == link
        verdict = led.verify(bytes.fromhex(link))
        assert verdict.ok and verdict.position == position and verdict.head_hex == link


def test_api_rebuild_gives_identical_reads(walked: str) -> None:
    with opened(walked) as led:
        before = reads(led)
        assert led.rebuild() == WALK_THROUGH_EVENTS
        assert reads(led) == before


def test_api_read_only_refuses_every_write(walked: str) -> None:
    with opened(walked, read_only=True) as led:
        before = (led.head(), stored_positions(walked))
        with pytest.raises(ReadOnly):
            led.add_holder("Abe Kebe", HolderKind.PERSON, handle="abe")
        with pytest.raises(ReadOnly):
            led.end_mandate("asp-chair", "gina-nilo", date(2024, 1, 1))
        assert (led.head(), stored_positions(walked)) == before
        assert holders_json(led, "asp-chair", as_of=ASP_VIII) == [GINA_AS_CHAIR]


def test_api_an_uninitialised_url_is_no_ledger_and_stays_untouched(ledger_url: str) -> None:
    with pytest.raises(NoLedger), opened(ledger_url):
        pass
    assert_untouched(ledger_url)


def assert_untouched(url: str) -> None:
    if is_postgres(url):
        schema = schema_of(url)
        assert pg_rows(url, "SELECT 1 FROM pg_namespace WHERE nspname = %s", schema) == []
    else:
        assert not Path(url).exists()


# --- through the command line --------------------------------------------------------------------


def test_cli_walk_through_answers_in_the_contract_shapes(cli: Cli) -> None:
    cli("init")
    for step in WALK_THROUGH:
        assert "(position " in cli(*step).out
    held = cli.json("holders", "asp-chair", "--as-of", "2023-05-02", "--format", "json")
    assert held == [GINA_AS_CHAIR]
    assert cli.json("holders", "asp-chair", "--as-of", "2024-05-04", "--format", "json") == []
    governance = cli.json("governance", "--as-of", "2023-05-02", "--format", "json")
    assert governance == GOVERNANCE_ON_ASP_VIII
    after = cli.json("governance", "--as-of", "2024-05-04", "--format", "json")
    assert after["bodies"][0]["members"] == [GINA_IN_THE_GROUP]
    events = cli.events()
    assert [e["position"] for e in events] == list(range(1, WALK_THROUGH_EVENTS + 1))
    assert {e["actor"] for e in events} == {ACTOR}


def test_cli_and_api_give_the_same_answers(walked: str, cli: Cli) -> None:
    with opened(walked) as led:
        assert cli.json("holders", "asp-chair", "--format", "json") == holders_json(
            led, "asp-chair"
        )
        assert cli.json("governance", "--as-of", "2024-05-04", "--format", "json") == (
            governance_json(led, HANDOVER)
        )
        assert [e["link"] for e in cli.events()] == [e.link for e in led.audit_log()]


def test_cli_refusals_are_one_error_line_and_record_nothing(walked: str, cli: Cli) -> None:
    cli("person", "add", "Abe Kebe", "--handle", "abe")
    head, events = cli.head(), cli.events()
    refusals = [
        (("mandate", "start", "asp-chair", "abe", "--from", "2022-01-01"), "seats full"),
        (
            (
                "mandate",
                "start",
                "asp-chair",
                "abe",
                "--from",
                "2025-01-01",
                "--until",
                "2024-01-01",
            ),
            "end on or before start",
        ),
        (("member", "add", "asp-governance-group", "nobody", "--from", "2025-01-01"), "nobody"),
        (("person", "add", "Gina Nilo", "--handle", "gina-nilo"), "duplicate handle"),
    ]
    for argv, named in refusals:
        assert_refused(cli(*argv, ok=False), named)
    assert cli.head() == head
    assert cli.events() == events


def test_cli_known_at(walked: str, cli: Cli) -> None:
    started = str(WALK_THROUGH_EVENTS - 2)
    open_ended = GINA_AS_CHAIR | {"end": None}
    assert cli.json("holders", "asp-chair", "--known-at", started, "--format", "json") == [
        open_ended
    ]
    governance = cli.json(
        "governance", "--as-of", "2024-05-04", "--known-at", started, "--format", "json"
    )
    assert governance["offices"][0]["holders"] == [open_ended]
    assert_refused(cli("holders", "asp-chair", "--known-at", "99", ok=False), "known-at")


def test_cli_corrections_and_retractions(walked: str, cli: Cli) -> None:
    before = len(cli.events())
    cli("correct", "mandate", "asp-chair", "gina-nilo", "--from", "2021-06-01", "--reason", "m")
    assert cli.json("holders", "asp-chair", "--format", "json") == [
        GINA_AS_CHAIR | {"start": "2021-06-01"}
    ]
    assert_refused(cli("correct", "mandate", "asp-chair", "gina-nilo", ok=False), "reason")
    cli("retract", "mandate", "asp-chair", "gina-nilo", "--reason", "never elected")
    assert cli.json("holders", "asp-chair", "--format", "json") == []
    known = cli.json("holders", "asp-chair", "--known-at", str(before), "--format", "json")
    assert known == [GINA_AS_CHAIR]
    events = cli.events()
    assert len(events) == before + 2
    corrected, retracted = events[-2:]
    assert corrected["type"].endswith("MandateCorrected")
    assert corrected["payload"]["reason"] == "m"
    assert retracted["type"].endswith("MandateRetracted")
    assert retracted["payload"]["reason"] == "never elected"
    cli("verify")


def test_cli_head_verify_and_the_audit_log(walked: str, cli: Cli) -> None:
    position, link = cli.head()
    assert position == WALK_THROUGH_EVENTS
    out = cli("verify").out
    assert link in out
    cli("verify", "--head", link)
    events = cli.events()
    positions = [e["position"] for e in events]
    assert positions == sorted(set(positions)) and len(positions) == WALK_THROUGH_EVENTS
    keys = {"position", "type", "originator", "version", "recorded_at", "actor", "effective"}
    for e in events:
        assert keys | {"payload", "link"} <= e.keys(), e
        assert HEX64.fullmatch(e["link"]), e
    assert len({e["link"] for e in events}) == len(events)
    assert events[-1]["link"] == link


def test_cli_rebuild_gives_identical_reads(walked: str, cli: Cli) -> None:
    def everything() -> Any:
        return [
            cli("holders", "asp-chair", "--format", "json").out,
            cli("governance", "--as-of", "2024-05-04", "--format", "json").out,
            cli("holders", "asp-chair", "--known-at", "4", "--format", "json").out,
        ]

    before = everything()
    assert f"from {WALK_THROUGH_EVENTS} events" in cli("rebuild").out
    assert everything() == before


def test_cli_read_only_refuses_writes_and_still_reads(walked: str, cli: Cli) -> None:
    head = cli.head()
    assert_refused(
        cli("--read-only", "person", "add", "Abe Kebe", "--handle", "abe", ok=False), "read-only"
    )
    read_only = cli.env | {"LEDGER_READ_ONLY": "1"}
    quiet = Cli(cli.url, cli.cwd, cli.views, env=read_only)
    assert_refused(
        quiet("mandate", "end", "asp-chair", "gina-nilo", "--on", "2023-01-01", ok=False),
        "read-only",
    )
    assert quiet.json("holders", "asp-chair", "--format", "json") == [GINA_AS_CHAIR]
    quiet("verify")
    assert cli.head() == head


def test_cli_an_uninitialised_url_is_no_ledger(ledger_url: str, tmp_path: Path) -> None:
    cli = cli_for(ledger_url, tmp_path)
    for argv in [("holders", "asp-chair"), ("person", "add", "Abe"), ("head",), ("verify",)]:
        result = cli(*argv, ok=False)
        assert_refused(result, "no ledger", "init")
        assert result.err.startswith("error: no ledger: ")
    assert_untouched(ledger_url)


def test_cli_an_empty_postgres_schema_is_no_ledger(postgres_url: str, tmp_path: Path) -> None:
    """A schema made by hand (or by someone else) but never initialised."""
    with pg_connect(postgres_url) as conn:
        conn.execute(f'CREATE SCHEMA "{schema_of(postgres_url)}"')
    result = cli_for(postgres_url, tmp_path)("person", "add", "Abe", ok=False)
    assert result.err.startswith("error: no ledger: ")
    assert_refused(result, "init")
    assert (
        pg_rows(
            postgres_url,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            schema_of(postgres_url),
        )
        == []
    )


# --- the same events on both --------------------------------------------------------------------


def test_the_same_commands_make_the_same_events_on_both(postgres_url: str, tmp_path: Path) -> None:
    """Everything but the recorded time (and so the links, which hash it) is the same."""
    logs = []
    for url in (str(tmp_path / "file.db"), postgres_url):
        with opened(url, create=True) as led:
            walk_through(led)
            led.correct_mandate("asp-chair", "gina-nilo", start=date(2021, 6, 1), reason="m")
            logs.append(
                (
                    [
                        {k: v for k, v in e.as_json().items() if k not in {"recorded_at", "link"}}
                        for e in led.audit_log()
                    ],
                    reads(led),
                )
            )
    sqlite_log, postgres_log = logs
    assert sqlite_log == postgres_log
