"""The demo ledger: the ASP-VIII meeting of 2 May 2023, recorded from a readable data file
through the same commands a secretariat would use.

Building is idempotent: each entry is recorded only if the ledger does not hold it yet, so a
second run (or a run after an interrupted one) records only what is missing.
"""

from __future__ import annotations

import tomllib
from datetime import date
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from domain.decisions import Outcome
from domain.holders import HolderKind
from domain.meetings import Capacity, Mode

if TYPE_CHECKING:
    from collections.abc import Callable

    from ledger.app import Ledger

DEMO_ACTOR = "ASP Secretariat"
DEMO_DAY = date(2023, 5, 2)  # the meeting: the demo opens on the day it describes


def demo_data() -> dict[str, Any]:
    return tomllib.loads(files(__package__).joinpath("asp_viii.toml").read_text("utf-8"))


def build_demo(ledger: Ledger, progress: Callable[[str], None] | None = None) -> int:
    """Record what the demo data holds and the ledger does not; return how many entries."""
    data = demo_data()
    ledger.actor = data.get("actor", DEMO_ACTOR)
    recorded = 0

    def note(what: str) -> None:
        nonlocal recorded
        recorded += 1
        if progress is not None:
            progress(what)

    for handle, name, country, *_ in data["participants"]["people"]:
        if ledger.kind_of(handle) is None:
            ledger.add_holder(name, HolderKind.PERSON, handle=handle, country=country)
            note(f"person {handle}")
    for entry in data["institution"]:
        if ledger.kind_of(entry["handle"]) is None:
            ledger.add_holder(
                entry["name"],
                HolderKind.INSTITUTION,
                handle=entry["handle"],
                country=entry.get("country"),
            )
            note(f"institution {entry['handle']}")
    for entry in data["body"]:
        if ledger.kind_of(entry["handle"]) is None:
            ledger.add_body(
                entry["name"],
                handle=entry["handle"],
                max_members=entry.get("max_members"),
                term_years=entry.get("term_years"),
                part_of=entry.get("part_of"),
                basis=entry.get("basis"),
            )
            note(f"body {entry['handle']}")
    for entry in data["office"]:
        if ledger.kind_of(entry["handle"]) is None:
            ledger.add_office(
                entry["name"],
                handle=entry["handle"],
                body=entry.get("body"),
                term_years=entry.get("term_years"),
                seats=entry.get("seats", 1),
                basis=entry.get("basis"),
            )
            note(f"office {entry['handle']}")
    for entry in data["mandate"]:
        held = ledger.holders(entry["office"])
        if not any(t.holder == entry["holder"] and t.start == entry["from"] for t in held):
            ledger.start_mandate(
                entry["office"],
                entry["holder"],
                entry["from"],
                end=entry.get("until"),
                acting=entry.get("acting", False),
                basis=entry.get("basis"),
            )
            note(f"mandate {entry['office']} {entry['holder']}")
    for entry in data["member"]:
        on_the_day = ledger.governance_on(entry["from"]).bodies
        seats = [s for b in on_the_day if b.body.body == entry["body"] for s in b.members]
        if not any(s.member == entry["holder"] and not s.ex_officio for s in seats):
            ledger.add_member(entry["body"], entry["holder"], entry["from"], end=entry.get("until"))
            note(f"member {entry['body']} {entry['holder']}")
    recorded += _terms(ledger, data)
    recorded += _meeting(ledger, data)
    recorded += _workplan(ledger, data)
    return recorded


def _workplan(ledger: Ledger, data: dict[str, Any]) -> int:
    """The work plan of section 7 and the follow-up lists of sections 3 to 5."""
    plan = data["workplan"]
    day = data["meeting"]["date"]
    count = 0
    if ledger.kind_of_any(plan["handle"]) is None:
        ledger.add_plan(
            plan["handle"],
            plan["name"],
            start=plan["from"],
            end=plan["until"],
            adopted_by=plan["adopted_by"],
        )
        count += 1
    for entry in data["action"]:
        if ledger.kind_of_any(entry["handle"]) is None:
            ledger.add_action(
                entry["handle"],
                entry["title"],
                owners=("all-member-countries",),
                day=day,
                plan=plan["handle"],
                parent=entry.get("parent"),
                source=entry.get("source", plan["adopted_by"]),
            )
            count += 1
    for entry in data["followup"]:
        if ledger.kind_of_any(entry["handle"]) is None:
            ledger.add_action(
                entry["handle"],
                entry["title"],
                owners=tuple(entry["owners"]),
                day=day,
                due=entry.get("due"),
                source=entry["source"],
            )
            count += 1
    return count


def _terms(ledger: Ledger, data: dict[str, Any]) -> int:
    """The rules of Annexes III and IV, each recorded with its basis unless the ledger holds
    them with it already: rules equal to those a body was created with are recorded all the
    same, so that the annex they come from is their basis."""
    count = 0
    for entry in data["office_rules"]:
        rules = {k: v for k, v in entry.items() if k not in ("office", "basis")}
        current = ledger.office_rules(entry["office"])
        if current.basis != entry["basis"] or any(
            getattr(current, k) != v for k, v in rules.items()
        ):
            ledger.set_office_rules(entry["office"], basis=entry["basis"], **rules)
            count += 1
    for entry in data["body_rules"]:
        rules = {k: v for k, v in entry.items() if k not in ("body", "basis")}
        rules["ex_officio"] = tuple(rules.get("ex_officio", ()))
        now = ledger.body_rules(entry["body"])
        if now.basis != entry["basis"] or any(getattr(now, k) != v for k, v in rules.items()):
            ledger.set_body_rules(entry["body"], basis=entry["basis"], **rules)
            count += 1
    return count


def _meeting(ledger: Ledger, data: dict[str, Any]) -> int:
    """The meeting, its agenda, the participants of Annex II and the decisions."""
    m = data["meeting"]
    count = 0
    if ledger.kind_of_any(m["handle"]) is None:
        ledger.add_meeting(
            m["handle"],
            m["name"],
            m["date"],
            mode=Mode(m["mode"]),
            body=m["body"],
            number=m["number"],
            venue=m["venue"],
            hours=m["hours"],
            registered=m["registered"],
            attending=m["attending"],
        )
        count += 1
    record = ledger.meeting(m["handle"])
    items = {a.key for a in record.agenda}
    for item in data["agenda"]:
        if item["key"] not in items:
            ledger.add_agenda_item(
                m["handle"],
                item["key"],
                item["title"],
                time=item.get("time"),
                presenters=tuple(item.get("presenters", ())),
                moderator=item.get("moderator"),
            )
            count += 1
    present = {p.holder for p in record.attendance}
    for handle, _name, country, *capacity in data["participants"]["people"]:
        if handle not in present:
            ledger.attend(
                m["handle"],
                handle,
                Capacity(capacity[0] if capacity else "participant"),
                affiliation=country,
            )
            count += 1
    for d in data["decision"]:
        if ledger.kind_of_any(d["handle"]) is not None:
            continue
        common = {
            "title": d["title"],
            "meeting": m["handle"],
            "item": d["item"],
            "note": d.get("note"),
        }
        if d["outcome"] == "referred":
            ledger.refer_decision(d["handle"], **common)
        else:
            ledger.record_decision(d["handle"], Outcome(d["outcome"]), **common)
        count += 1
    return count
