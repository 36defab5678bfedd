"""Reports replayed from the ledger: a meeting, the governance on a day, an office's line of
holders, the work plan, the decision register and an audit extract.

Each report is built from read-model queries at one log position (the head, or `--known-at`)
and states what it was made from: the as-of day, the position, the chain's link there and the
generation time. Made again from the same position it is the same to the byte but for the
generation time. Templates live as files beside this module (Jinja2).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import msgspec
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ledger.reports import svg

if TYPE_CHECKING:
    from collections.abc import Callable

    from ledger.app import Ledger
    from projections.governance import Tenure

KINDS = ("meeting", "governance", "office", "workplan", "decisions", "audit")
TABULAR = {"governance", "workplan", "decisions", "audit"}

_env = Environment(
    loader=PackageLoader("ledger.reports", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Provenance:
    """What a report was made from, printed on every report."""

    ledger: str
    position: int
    head: str
    as_of: str | None
    generated_at: str


@dataclass
class Report:
    kind: str
    title: str
    provenance: Provenance
    context: dict[str, Any]
    headers: tuple[str, ...] = ()
    rows: list[list[Any]] = field(default_factory=list)

    def render(self, fmt: str) -> str:
        if fmt in ("csv", "json"):
            return self._tabular(fmt)
        template = _env.get_template(f"{self.kind}.{fmt}.j2")
        return template.render(title=self.title, p=self.provenance, **self.context)

    def _tabular(self, fmt: str) -> str:
        cells = [[_plain(v) for v in row] for row in self.rows]
        if fmt == "json":
            return (
                json.dumps(
                    {
                        "report": self.kind,
                        "title": self.title,
                        "provenance": msgspec.to_builtins(self.provenance),
                        "rows": [dict(zip(self.headers, row, strict=True)) for row in cells],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
                + "\n"
            )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["# " + _provenance_line(self.provenance)])
        writer.writerow(self.headers)
        writer.writerows(["" if v is None else v for v in row] for row in cells)
        return out.getvalue()


def _period(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return ""
    first = start.isoformat() if start else "the start"
    return f", {first} to {end.isoformat() if end else 'now'}"


def _plain(value: Any) -> Any:
    return msgspec.to_builtins(value)


def _provenance_line(p: Provenance) -> str:
    as_of = f"as of {p.as_of}; " if p.as_of else ""
    return (
        f"{as_of}ledger {p.ledger} at position {p.position}, head {p.head}; "
        f"generated {p.generated_at}"
    )


_env.globals["provenance_line"] = _provenance_line


def provenance(ledger: Ledger, known_at: int | None, as_of: date | None) -> Provenance:
    position = ledger.head_position() if known_at is None else known_at
    link = ledger.chain.links(position, position).get(position) if position else None
    return Provenance(
        ledger=str(ledger.location),
        position=position,
        head=(link or bytes(32)).hex(),
        as_of=as_of.isoformat() if as_of else None,
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )


def meeting_report(ledger: Ledger, meeting: str, known_at: int | None) -> Report:
    m = ledger.meeting(meeting, known_at=known_at)
    by_country = Counter((p.affiliation or p.country or "unknown") for p in m.attendance)
    items = {a.key: a for a in m.agenda}
    under: dict[str | None, list[Any]] = {}
    for d in m.decisions:
        under.setdefault(d.item if d.item in items else None, []).append(d)
    decided = {d.decision for d in m.decisions}
    actions = [
        i
        for i in ledger.workplan(as_of=date.max, known_at=known_at)
        if i.source in decided or i.source == meeting
    ]
    plans = [p for p in ledger.plans(known_at=known_at) if p.adopted_by in decided]
    plan_items = {p.plan: ledger.workplan(p.plan, as_of=date.max, known_at=known_at) for p in plans}
    people = {p.holder: p.name for p in m.attendance}
    for a in m.agenda:
        for who in (*a.presenters, *([a.moderator] if a.moderator else [])):
            if who not in people:
                info = ledger.governance.view.holder(who, known_at)
                people[who] = info.name if info else who
    return Report(
        "meeting",
        m.name,
        provenance(ledger, known_at, m.day),
        {
            "m": m,
            "by_country": sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0])),
            "items": m.agenda,
            "under": under,
            "followups": [a for a in actions if a.plan is None],
            "plans": plans,
            "plan_items": plan_items,
            "names": people,
        },
    )


def governance_report(ledger: Ledger, as_of: date, known_at: int | None) -> Report:
    g = ledger.governance_on(as_of, known_at=known_at)
    rows: list[list[Any]] = []
    for o in g.offices:
        held: list[Tenure | None] = [*o.holders] or [None]
        for t in held:
            rows.append(
                [
                    "office",
                    o.office.office,
                    o.office.name,
                    t.holder if t else None,
                    t.name if t else None,
                    t.start if t else None,
                    t.end if t else None,
                    bool(t and t.acting),
                    False,
                ]
            )
    for b in g.bodies:
        for s in b.members:
            rows.append(
                [
                    "body",
                    b.body.body,
                    b.body.name,
                    s.member,
                    s.name,
                    s.start,
                    s.end,
                    False,
                    s.ex_officio,
                ]
            )
    return Report(
        "governance",
        f"Governance as of {as_of.isoformat()}",
        provenance(ledger, known_at, as_of),
        {"g": g},
        (
            "kind",
            "entity",
            "entity_name",
            "holder",
            "holder_name",
            "start",
            "end",
            "acting",
            "ex_officio",
        ),
        rows,
    )


def office_report(ledger: Ledger, office: str, known_at: int | None) -> Report:
    rules = ledger.office_rules(office, known_at=known_at)
    info = ledger.governance.view.office(office, known_at)
    tenures = [t for t in ledger.holders(office, known_at=known_at) if not t.acting]
    acting = [t for t in ledger.holders(office, known_at=known_at) if t.acting]
    vacancies = []
    for before, after in itertools.pairwise(tenures):
        if before.end and before.end < after.start:
            vacancies.append((before.end, after.start))
    # Open mandates are drawn up to the day the report's position was recorded, so the same
    # position gives the same picture whenever the report is made.
    position = ledger.head_position() if known_at is None else known_at
    recorded = ledger.recorded_at(position).date() if position else date.min
    until = max([t.end for t in tenures if t.end] + [t.start for t in tenures] + [recorded])
    lines = []
    for t in [*tenures, *acting]:
        expected = None
        if rules.term_years:
            try:
                expected = t.start.replace(year=t.start.year + rules.term_years)
            except ValueError:
                expected = t.start + timedelta(days=365 * rules.term_years)
        lines.append((t, expected))
    lines.sort(key=lambda pair: pair[0].start)
    return Report(
        "office",
        f"{info.name if info else office}: the line of holders",
        provenance(ledger, known_at, None),
        {
            "office": office,
            "info": info,
            "rules": rules,
            "lines": lines,
            "vacancies": vacancies,
            "picture": svg.timeline([t for t, _ in lines], until),
        },
    )


def workplan_report(
    ledger: Ledger, plan: str | None, as_of: date, since: date | None, known_at: int | None
) -> Report:
    items = ledger.workplan(plan, as_of=as_of, known_at=known_at)
    changes = []
    if since is not None:
        for item in items:
            for c in ledger.action_history(item.item, known_at=known_at):
                if since < c.day <= as_of and c.what != "created":
                    changes.append((item, c))
        changes.sort(key=lambda pair: (pair[1].day, pair[0].item))
    rows = [
        [i.item, i.title, i.status, i.progress, ", ".join(i.owners), i.due, i.overdue]
        for i in items
    ]
    return Report(
        "workplan",
        f"Work plan{' ' + plan if plan else ''} as of {as_of.isoformat()}",
        provenance(ledger, known_at, as_of),
        {
            "items": items,
            "since": since,
            "changes": changes,
            "by_owner": ledger.rollup(items, "owner"),
            "by_plan": ledger.rollup(items, "plan"),
            "overdue": [i for i in items if i.overdue],
            "picture": svg.progress_chart(items),
        },
        ("item", "title", "status", "progress", "owners", "due", "overdue"),
        rows,
    )


def decisions_report(
    ledger: Ledger, start: date | None, end: date | None, known_at: int | None
) -> Report:
    lives = ledger.decisions(known_at=known_at)

    def within(d: date | None) -> bool:
        return d is not None and (start is None or d >= start) and (end is None or d < end)

    lives = [d for d in lives if any(within(s.day) for s in d.steps)]
    rows = [
        [d.decision, d.title, d.meeting, d.item, s.what, s.venue, s.day, s.note]
        for d in lives
        for s in d.steps
        if within(s.day)
    ]
    return Report(
        "decisions",
        f"Decision register{_period(start, end)}",
        provenance(ledger, known_at, None),
        {"lives": lives, "within": within},
        ("decision", "title", "meeting", "item", "step", "venue", "day", "note"),
        rows,
    )


CORRECTS = {
    "MandateCorrected": "MandateStarted",
    "MandateRetracted": "MandateStarted",
    "MembershipCorrected": "MemberAdded",
    "MembershipRetracted": "MemberAdded",
    "OutcomeCorrected": "Decided",
    "AttendanceRetracted": "Attended",
}


def audit_report(
    ledger: Ledger,
    start: datetime | None,
    end: datetime | None,
    known_at: int | None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """`progress` is told how many events were read, a thousand at a time: the audit
    extract reads the whole log, which on a large ledger takes a while."""
    last = ledger.head_position() if known_at is None else known_at
    events = []
    for e in ledger.audit_log():
        if e.position > last:
            break
        events.append(e)
        if progress is not None and len(events) % 1000 == 0:
            progress(1000)
    chosen = [
        e
        for e in events
        if (start is None or e.recorded_at >= start) and (end is None or e.recorded_at < end)
    ]
    originals: dict[int, Any] = {}
    for e in chosen:
        kind = e.type.rsplit(".", 1)[-1]
        if kind in CORRECTS:
            number = e.payload.get("number")
            holder = e.payload.get("holder") or e.payload.get("member")
            originals[e.position] = next(
                (
                    o
                    for o in events
                    if o.entity == e.entity
                    and o.type.rsplit(".", 1)[-1] == CORRECTS[kind]
                    and (number is None or o.payload.get("number") == number)
                    and (
                        holder is None or o.payload.get("holder", o.payload.get("member")) == holder
                    )
                ),
                None,
            )
    rows = [
        [
            e.position,
            e.recorded_at,
            e.actor,
            e.type,
            e.entity,
            e.effective,
            e.summary(),
            originals[e.position].position if originals.get(e.position) else None,
        ]
        for e in chosen
    ]
    return Report(
        "audit",
        f"Audit extract{_period(start, end)}",
        provenance(ledger, known_at, None),
        {
            "events": chosen,
            "originals": originals,
            "actors": sorted(Counter(e.actor for e in chosen).items()),
        },
        (
            "position",
            "recorded_at",
            "actor",
            "type",
            "entity",
            "effective",
            "details",
            "corrects_position",
        ),
        rows,
    )
