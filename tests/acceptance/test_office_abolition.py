"""An office dropped by a decision leaves the governance from that day on, keeps its history."""

from __future__ import annotations

from acceptance.conftest import Cli, assert_refused


def test_an_abolished_office_leaves_the_governance_from_its_day(tmp_path):
    cli = Cli(tmp_path)
    cli("init")
    cli("institution", "add", "GSP Secretariat", "--handle", "gsp-secretariat")
    cli("office", "add", "ASP Secretariat", "--handle", "asp-secretariat")
    cli("mandate", "start", "asp-secretariat", "gsp-secretariat", "--from", "2020-01-01")
    count = cli.event_count()
    assert_refused(
        cli("office", "abolish", "asp-secretariat", "--on", "2023-09-01", ok=False),
        "office still held",
        "asp-secretariat",
    )
    assert cli.event_count() == count
    cli("mandate", "end", "asp-secretariat", "gsp-secretariat", "--on", "2023-09-01")
    cli(
        "office",
        "abolish",
        "asp-secretariat",
        "--on",
        "2023-09-01",
        "--basis",
        "keep-or-drop-asp-secretariat",
    )
    offices = lambda day: [  # noqa: E731
        o["office"] for o in cli.json("governance", "--as-of", day, "--format", "json")["offices"]
    ]
    assert offices("2023-08-31") == ["asp-secretariat"]
    assert offices("2023-09-01") == []
    assert [h["holder"] for h in cli.json("holders", "asp-secretariat", "--format", "json")] == [
        "gsp-secretariat"
    ]
    assert_refused(
        cli(
            "mandate",
            "start",
            "asp-secretariat",
            "gsp-secretariat",
            "--from",
            "2024-01-01",
            ok=False,
        ),
        "office abolished",
        "asp-secretariat",
    )
