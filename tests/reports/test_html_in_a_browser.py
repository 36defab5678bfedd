"""The HTML reports render in a real headless browser (Debian's chromium): a screenshot of each
is not blank, and the meeting report prints to PDF.

Where chromium is not installed these tests skip, except in CI (CI=true), where they fail:
CI installs it (`apt-get install -y chromium`) and must not pass by skipping. Another build of
chromium can be named with LEDGER_TEST_CHROMIUM.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reports.support import REPORTS

if TYPE_CHECKING:
    from collections.abc import Callable

WIDTH, HEIGHT = 1200, 1600


def find_chromium() -> str | None:
    """LEDGER_TEST_CHROMIUM if set, else `chromium` on PATH, else Debian's /usr/bin/chromium."""
    named = os.environ.get("LEDGER_TEST_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    debian = Path("/usr/bin/chromium")
    return shutil.which("chromium") or (str(debian) if debian.exists() else None)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        message = "chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must render the HTML reports, not skip them")
        pytest.skip(message)
    return found


def headless(chromium: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium with no network chatter, no profile of its own outside `home`."""
    return subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={home / 'profile'}",
            *args,
        ],
        env={**os.environ, "HOME": str(home)},
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
    )


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and every pixel of an 8-bit, non-interlaced PNG (what chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks: dict[bytes, bytes] = {}
    idat, at = b"", 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        chunks[kind] = body
        idat += body if kind == b"IDAT" else b""
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert depth == 8 and interlace == 0, (depth, interlace)
    size = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    stride, raw = width * size, zlib.decompress(idat)
    high = int.from_bytes(b"\x80" * stride, "big")
    previous, pixels = bytes(stride), []
    for y in range(height):
        kind, line = raw[y * (stride + 1)], raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]
        if kind == 2:  # Up, the filter chromium mostly uses: bytewise sums, carries dropped
            a, b = int.from_bytes(line, "big"), int.from_bytes(previous, "big")
            line = (((a & ~high) + (b & ~high)) ^ ((a ^ b) & high)).to_bytes(stride, "big")
        elif kind:
            line = _unfilter(kind, bytearray(line), previous, size)
        pixels += [line[x : x + size] for x in range(0, stride, size)]
        previous = line
    return width, height, pixels


def _unfilter(kind: int, line: bytearray, previous: bytes, size: int) -> bytes:
    """PNG filters 1 (Sub), 3 (Average) and 4 (Paeth), a byte at a time."""
    for x in range(len(line)):
        a, b = line[x - size] if x >= size else 0, previous[x]
        c = previous[x - size] if x >= size else 0
        p = a + b - c
        paeth = min((abs(p - a), 0, a), (abs(p - b), 1, b), (abs(p - c), 2, c))[2]
        line[x] = (line[x] + {1: a, 3: (a + b) // 2, 4: paeth}[kind]) & 0xFF
    return bytes(line)


@pytest.mark.slow
@pytest.mark.usefixtures("demo_dir")
@pytest.mark.parametrize("name", list(REPORTS))
def test_each_html_report_renders_in_chromium_and_its_screenshot_is_not_blank(
    chromium: str, report: Callable[..., str], tmp_path: Path, name: str
) -> None:
    page = tmp_path / f"{name}.html"
    page.write_text(report(*REPORTS[name], "--format", "html"), encoding="utf-8")
    shot = tmp_path / f"{name}.png"
    done = headless(
        chromium,
        tmp_path,
        f"--screenshot={shot}",
        f"--window-size={WIDTH},{HEIGHT}",
        page.as_uri(),
    )
    assert shot.exists(), f"chromium wrote no screenshot: {done.returncode} {done.stderr[-2000:]}"
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    background = max(set(pixels[:WIDTH]), key=pixels[:WIDTH].count)
    drawn = sum(1 for p in pixels if p != background)
    assert len(set(pixels)) > 16, "the screenshot has hardly any colours: a blank page"
    assert drawn > 0.01 * len(pixels), f"only {drawn} pixels differ from the background"


@pytest.mark.slow
@pytest.mark.usefixtures("demo_dir")
def test_the_meeting_report_prints_to_pdf_from_the_browser(
    chromium: str, report: Callable[..., str], tmp_path: Path
) -> None:
    page = tmp_path / "meeting.html"
    page.write_text(report("meeting", "asp-viii", "--format", "html"), encoding="utf-8")
    pdf = tmp_path / "meeting.pdf"
    done = headless(
        chromium, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()
    )
    assert pdf.exists(), f"chromium wrote no PDF: {done.returncode} {done.stderr[-2000:]}"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 2, f"the meeting report with 90 participants printed on {pages} page(s)"
