"""Where a ledger lives: its event-store file, and the read-model files beside it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ledger.errors import UnsupportedLocation

APP_NAME = "partnership-ledger"


def default_db() -> str:
    """`$LEDGER_DB`, else `ledger.db` in the user's data directory."""
    configured = os.environ.get("LEDGER_DB")
    if configured:
        return configured
    return str(platformdirs.user_data_path(APP_NAME) / "ledger.db")


def demo_db() -> str:
    """The demo's own file: the demo never writes into the user's default ledger."""
    return str(platformdirs.user_data_path(APP_NAME) / "demo-asp-viii.db")


@dataclass(frozen=True)
class Location:
    """An embedded ledger: `asp.db` holds the events, `asp.governance.db` the governance view."""

    events: Path

    @classmethod
    def parse(cls, db: str) -> Location:
        if "://" in db:
            raise UnsupportedLocation(db)
        return cls(Path(db).expanduser())

    def view(self, name: str) -> Path:
        suffix = self.events.suffix or ".db"
        return self.events.with_name(f"{self.events.stem}.{name}{suffix}")

    def __str__(self) -> str:
        return str(self.events)
