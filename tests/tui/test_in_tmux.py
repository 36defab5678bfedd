"""The installed `ledger demo` in a real terminal (tmux), driven by keys as a user would."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

LEDGER = Path(sys.executable).parent / "ledger"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def _ended(pid: int) -> bool:
    """The process is gone, or a zombie: ended, its status not yet collected (by tmux, which
    was seen not to collect it on a busy machine)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


class Terminal:
    """A 100x30 tmux session on a server of its own (its own socket), so the environment the
    command sees is this test's and no one else's sessions are touched."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session
        self.socket_path: Path | None = None

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=check,
        )

    def start(self, command: str, config: Path) -> None:
        # The pane stays once the command ends, so that its exit status can be read.
        config.write_text("set-option -g remain-on-exit on\n")
        self.tmux("-f", str(config), "new-session", "-d", "-s", self.session,
                  "-x", "100", "-y", "30", command)  # fmt: skip
        self.socket_path = Path(self.tmux("display-message", "-p", "#{socket_path}").stdout.strip())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session).stdout

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not on the screen after {timeout} s:\n{screen}")
            time.sleep(0.1)

    def wait_for_gone(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text not in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} still on the screen after {timeout} s:\n{screen}")
            time.sleep(0.1)

    def wait_for_exit(self, timeout: float = 30) -> int | None:
        """Wait for the command to end: its exit status, or None when tmux did not record one.

        tmux marks the pane dead when the command's terminal closes, and records the status
        when it reaps the process; on a busy machine the second was seen never to come (the
        process gone, `pane_dead_status` empty). That the process is gone is what counts.
        """
        pid = self.tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").stdout
        deadline = time.monotonic() + timeout
        while True:
            dead, status, signal = (
                self.tmux(
                    "display-message",
                    "-p",
                    "-t",
                    self.session,
                    "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}",
                )
                .stdout.strip()
                .split(":")
            )
            assert not signal, f"killed by signal {signal}:\n{self.screen()}"
            if dead == "1" and _ended(int(pid)):
                return int(status) if status else None
            if time.monotonic() > deadline:
                raise AssertionError(f"still running after {timeout} s:\n{self.screen()}")
            time.sleep(0.1)

    def close(self) -> None:
        """End the session; its server, left with none, exits by itself."""
        self.tmux("kill-session", "-t", self.session, check=False)
        if self.socket_path is not None:
            self.socket_path.unlink(missing_ok=True)


@pytest.fixture
def terminal():
    name = f"ledger-tui-{uuid.uuid4().hex[:8]}"
    term = Terminal(socket=name, session=name)
    try:
        yield term
    finally:
        term.close()


def test_the_demo_opens_in_a_terminal_and_answers_keys_until_q(terminal, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = (
        f"cd {shlex.quote(str(tmp_path))} && env -i {settings} "
        f"{shlex.quote(str(LEDGER))} --db demo.db demo"
    )
    terminal.start(command, tmp_path / "tmux.conf")

    # The command builds the demo (a few seconds, more on a busy machine) before the UI opens.
    terminal.wait_for("Offices on 2023-05-02", timeout=30)
    # The table sizes its columns a moment after its rows arrive.
    screen = terminal.wait_for("asp-chair  ")
    assert "Gina Nilo" in screen

    head = re.search(r"known now \(position (\d+)\)", screen)
    assert head, screen
    terminal.send("l")
    screen = terminal.wait_for("Audit log:")
    assert f"up to position {head[1]} of {head[1]}" in screen

    terminal.send("a")
    terminal.wait_for("Show the ledger as of")
    terminal.type("2021-01-01")
    terminal.send("Enter")
    terminal.wait_for("As of 2021-01-01")
    # The status line is written first, the dialog taken away in the next frames.
    terminal.wait_for_gone("Show the ledger as of")

    terminal.send("q")
    # q closes the app and gives the terminal back: the UI is gone, the process has ended
    # (with status 0 where tmux recorded one), and the ledger file is there.
    assert terminal.wait_for_exit() in (0, None)
    screen = terminal.screen()
    assert "Offices on" not in screen and "As of 2021-01-01" not in screen
    assert (tmp_path / "demo.db").exists()
