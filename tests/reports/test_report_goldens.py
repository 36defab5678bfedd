"""Every report of the demo ledger, in every format it comes in, compared byte for byte with a
golden file under tests/reports/golden/ (the generation time and the ledger's folder masked).

After an intended change to a report, regenerate the goldens and read the diff:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/reports/test_report_goldens.py
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reports.support import CASES, FOLDER_MASK, GENERATED_MASK, REPORTS, mask, mask_folder

if TYPE_CHECKING:
    from collections.abc import Callable

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.mark.usefixtures("fixed_report_clock")
@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_each_report_of_the_demo_matches_its_golden_file(
    demo_dir: Path, report: Callable[..., str], name: str, fmt: str
) -> None:
    text = mask_folder(mask(report(*REPORTS[name], "--format", fmt)), demo_dir)
    assert GENERATED_MASK in text, "the report does not state when it was generated"
    assert f"{FOLDER_MASK}/demo.db" in text, "the report does not name its ledger's file"
    golden = GOLDEN / f"{name}.{fmt}"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="")
        return
    assert golden.exists(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1"
    expected = golden.read_text(encoding="utf-8")
    assert text == expected, (
        f"{golden.name} differs from what `ledger report {' '.join(REPORTS[name])} --format "
        f"{fmt}` prints now; if the change is intended, regenerate with UPDATE_GOLDEN=1"
    )


def test_every_golden_file_belongs_to_a_report() -> None:
    expected = {f"{name}.{fmt}" for name, fmt in CASES}
    stale = sorted(p.name for p in GOLDEN.iterdir() if p.name not in expected)
    assert not stale, f"golden files no test compares against: {stale}"
