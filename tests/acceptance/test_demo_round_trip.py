"""The whole demo (every kind of event the ledger records: tuples of owners and presenters,
rules, dates, enums) survives export and import with the same head hash."""

from __future__ import annotations

from acceptance.conftest import Cli


def test_the_demo_exported_imports_into_a_new_ledger_with_the_same_head(tmp_path):
    demo, copy = Cli(tmp_path, db="demo.db"), Cli(tmp_path, db="copy.db")
    demo("demo", "--no-tui")
    head = demo("head").out
    demo("export", "demo.jsonl")
    copy("import", "demo.jsonl")
    assert copy("head").out == head
    copy("verify")
    # The same report from both, but for the ledger's file named in its last line.
    original = demo("report", "meeting", "asp-viii").out.splitlines()
    moved = copy("report", "meeting", "asp-viii").out.splitlines()
    assert original[:-1] == moved[:-1]
