"""The demo ledger built on a fixed clock, and the app on it with fixed days, so that what the
screens show (recorded times, chain links, the timeline's axis) is the same on every run."""

from __future__ import annotations

import asyncio
import inspect
import itertools
import shutil
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import eventsourcing.application
import eventsourcing.domain
import pytest

from ledger.app import Ledger
from ledger.demo import build_demo
from ledger.location import Location
from tui.app import LedgerApp, make_app

# The helpers assert what the forms show: rewritten as pytest rewrites a test's own asserts,
# a failure shows the text compared.
pytest.register_assert_rewrite("tui_helpers")
from tui_helpers import AS_OF, TODAY, open_vice_chair_election  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

CLOCK_START = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests on a fresh event loop: Pilot needs one, and no asyncio plugin is
    among the dev dependencies."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


def fix_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every event is recorded one second after the one before, from 2026-01-01 09:00 UTC.

    `create_timestamp` looks the function up in `eventsourcing.domain` at each call; the
    application module imported it by name, so both are patched.
    """
    ticks = itertools.count()

    def now() -> datetime:
        return CLOCK_START + timedelta(seconds=next(ticks))

    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", now)
    monkeypatch.setattr(eventsourcing.application, "datetime_now_with_tzinfo", now)


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ASP-VIII demo built once on the fixed clock; tests open copies of its files."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as monkeypatch:
        fix_the_clock(monkeypatch)
        ledger = Ledger(
            Location.parse(str(folder / "demo.db")), actor="ASP Secretariat", create=True
        )
        try:
            build_demo(ledger)
        finally:
            ledger.close()
    return folder


@pytest.fixture
def demo_ledger(
    built_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Ledger]:
    """A copy of the demo in `tmp_path`, opened as the relative path `demo.db` so that the path
    the app shows is the same wherever the test runs."""
    for db in built_demo.glob("demo*.db"):
        shutil.copy(db, tmp_path / db.name)
    monkeypatch.chdir(tmp_path)
    ledger = Ledger(Location.parse("demo.db"), actor="ASP Secretariat")
    yield ledger
    ledger.close()


@pytest.fixture
def demo_app(demo_ledger: Ledger) -> LedgerApp:
    """The app on the demo, on the day of the meeting, with today fixed for the timeline."""
    return make_app(demo_ledger, as_of=AS_OF, today=TODAY)


@pytest.fixture
def election_app(demo_ledger: Ledger) -> LedgerApp:
    """The demo with the Vice-Chair election the ASP-VIII report announces, recorded."""
    open_vice_chair_election(demo_ledger, opens=date(2023, 5, 10), closes=date(2023, 6, 10))
    demo_ledger.nominate("asp-vice-chair-2023", "manzurul-hoque", day=date(2023, 5, 15))
    demo_ledger.nominate(
        "asp-vice-chair-2023",
        "gina-nilo",
        day=date(2023, 5, 20),
        override="nominated by the governance group",
    )
    demo_ledger.tally(
        "asp-vice-chair-2023", {"manzurul-hoque": 31, "gina-nilo": 12}, day=date(2023, 6, 12)
    )
    demo_ledger.close_election("asp-vice-chair-2023", day=date(2023, 6, 12))
    return make_app(demo_ledger, as_of=AS_OF, today=TODAY)
