"""The benchmark harness works end to end on a tiny ledger (no timing is asserted here:
timings belong in bench/RESULTS.md, measured against raw SQLite in the same run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_quick_benchmark_measures_every_figure_and_writes_its_results():
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = Path(done.stdout.strip().splitlines()[-1].split()[-1]) / "RESULTS.md"
    text = results.read_text()
    for figure in (
        "record one command",
        "import JSONL",
        "rebuild every read model",
        "holders --as-of",
        "TUI first paint",
    ):
        assert figure in text
