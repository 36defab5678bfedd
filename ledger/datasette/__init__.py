"""The read models as open data: Datasette metadata (titles, descriptions of every table and
column, canned queries) for a ledger's read-model files, `metadata.json` beside this module.

Datasette names a database after its file, so the metadata, written for the models `governance`,
`proceedings` and `workplans`, is renamed for a ledger's own files; for the demo:

    python -m ledger.datasette demo.db > metadata.json
    datasette demo.governance.db demo.proceedings.db demo.workplans.db --metadata metadata.json

Datasette itself is an optional extra (`pip install 'partnership-ledger[datasette]'`).
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

MODELS = ("governance", "proceedings", "workplans")


def metadata(ledger: str | None = None) -> dict[str, Any]:
    """The metadata, for the read models of the ledger whose event store is `ledger`
    (`demo.db` has `demo.governance.db`…), or under the models' own names."""
    data: dict[str, Any] = json.loads(
        files(__package__).joinpath("metadata.json").read_text("utf-8")
    )
    if ledger is not None:
        stem = Path(ledger).stem
        data["databases"] = {f"{stem}.{name}": d for name, d in data["databases"].items()}
    return data


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: python -m ledger.datasette [LEDGER.db]", file=sys.stderr)
        return 2
    print(json.dumps(metadata(argv[0] if argv else None), indent=2, ensure_ascii=False))
    return 0
