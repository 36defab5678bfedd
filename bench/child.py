"""Work run in a process of its own, so that its peak RSS is its own (`bench.figures`).

python -m bench.child rebuild LEDGER.db   -> one JSON line: seconds, events
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    command, db = argv[0], Path(argv[1])
    from bench.generate import open_ledger

    if command == "rebuild":
        ledger = open_ledger(db, actor="bench")
        try:
            t = time.perf_counter()
            count = ledger.rebuild()
            seconds = time.perf_counter() - t
        finally:
            ledger.close()
        print(json.dumps({"seconds": seconds, "events": count}))
        return 0
    raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
