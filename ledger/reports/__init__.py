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
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import msgspec
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ledger.location import FileLocation, Location, PostgresLocation
from ledger.reports import svg
from ledger.workplans import COUNTRY, EVERYONE

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ledger.app import Ledger
    from projections.governance import Tenure
    from projections.proceedings import MeetingRecord, Present

# What a long report is told as it reads: how many of how many (rows, events, steps).
Progress = Callable[[int, int], None]

KINDS = ("meeting", "governance", "office", "workplan", "decisions", "audit")
TABULAR = {"governance", "workplan", "decisions", "audit"}

_env = Environment(
    loader=PackageLoader("ledger.reports", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2", "svg.j2"), default=False),
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
        # The provenance is a comment line, `# made …`, that readers skip with `comment="#"`
        # (pandas, R, DuckDB); it holds no comma or quote, so the csv module, which knows no
        # comments, reads it as one unquoted field rather than a row of stray columns.
        out.write("# " + _csv_safe(_provenance_line(self.provenance)) + "\n")
        writer = csv.writer(out, lineterminator="\n")
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
    """`made [as of DAY] from ledger L at position N with head H; generated T`: no comma,
    so that the CSV comment line needs no quoting."""
    as_of = f"as of {p.as_of} " if p.as_of else ""
    return (
        f"made {as_of}from ledger {p.ledger} at position {p.position} with head {p.head}; "
        f"generated {p.generated_at}"
    )


def _csv_safe(text: str) -> str:
    """The line with the characters a CSV reader would split or quote on (a ledger's path
    may hold them) percent-encoded."""
    for char in ("%", ",", '"', "\r", "\n"):
        text = text.replace(char, f"%{ord(char):02X}")
    return text


def _provenance_sentence(p: Provenance) -> str:
    """The footer of the Markdown and HTML reports: `Made … generated T.`"""
    return "M" + _provenance_line(p)[1:] + "."


_env.globals["provenance_sentence"] = _provenance_sentence


def ledger_name(location: Location) -> str:
    """The one name a report gives a ledger however it was spelt on the command line: a
    file's absolute path with links resolved (`x.db`, `./x.db` and `/here/x.db` are one
    ledger), a PostgreSQL database as `postgresql://host:port/db` with its schema, without
    the user or password that reached it."""
    if isinstance(location, FileLocation):
        return str(location.events.resolve())
    if isinstance(location, PostgresLocation):
        schema = "" if location.schema == "public" else f"?schema={location.schema}"
        return f"postgresql://{location.host.lower()}:{location.port}/{location.dbname}{schema}"
    return str(location)


def provenance(ledger: Ledger, known_at: int | None, as_of: date | None) -> Provenance:
    position = ledger.head_position() if known_at is None else known_at
    link = ledger.chain.links(position, position).get(position) if position else None
    return Provenance(
        ledger=ledger_name(ledger.location),
        position=position,
        head=(link or bytes(32)).hex(),
        as_of=as_of.isoformat() if as_of else None,
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )


# Annex II of a meeting report lists the participants, then those who came from FAO, from
# the ITPS…, each group under its own heading; other capacities are the participants.
GROUPS = {
    "fao": "From FAO",
    "itps": "From the ITPS",
    "secretariat": "From the secretariat",
    "observer": "Observers",
}
# The closing item of an agenda ("Closure of the meeting", "Conclusions"): its decisions
# are the report's conclusions and way forward.
CLOSING = re.compile(r"\b(clos(e|ing|ure)|conclu)", re.IGNORECASE)


def names_of(ledger: Ledger, handles: Iterable[str], known_at: int | None) -> dict[str, str]:
    """The name of each person, institution or body; an owner's `country:NAME` is the
    country, `all-member-countries` all member countries. A handle unknown stays itself."""
    view = ledger.governance.view
    names: dict[str, str] = {}
    for handle in handles:
        if handle in names:
            continue
        if handle == EVERYONE:
            names[handle] = "All member countries"
        elif handle.startswith(COUNTRY):
            names[handle] = handle[len(COUNTRY) :]
        elif (holder := view.holder(handle, known_at)) is not None:
            names[handle] = holder.name
        elif (body := view.body(handle, known_at)) is not None:
            names[handle] = body.name
        else:
            names[handle] = handle
    return names


def _came_from(p: Present) -> str:
    """Where a participant came from, without the group the annex already names."""
    where = p.affiliation or p.country or ""
    return where.removesuffix(f" ({p.capacity.upper()})")


def _next_meeting(ledger: Ledger, m: MeetingRecord, known_at: int | None) -> Any:
    """The first meeting of the same body after this one, if the ledger records it."""
    if m.body is None:
        return None
    handles = ledger.proceedings.view.meeting_handles(known_at)  # by day
    for handle in handles[handles.index(m.meeting) + 1 :]:
        later = ledger.proceedings.view.meeting(handle, known_at)
        if later is not None and later.body == m.body and later.day > m.day:
            return later
    return None


def meeting_report(
    ledger: Ledger, meeting: str, known_at: int | None, progress: Progress | None = None
) -> Report:
    """`progress` is told of the four reads: the meeting, the action items (all of them, to
    find its follow-up), its work plans, the names."""
    tell = progress or (lambda done, total: None)
    m = ledger.meeting(meeting, known_at=known_at)
    tell(1, 4)
    items = {a.key: a for a in m.agenda}
    under: dict[str | None, list[Any]] = {}
    for d in m.decisions:
        under.setdefault(d.item if d.item in items else None, []).append(d)
    closing = m.agenda[-1] if m.agenda else None
    if closing is not None and not CLOSING.search(f"{closing.key} {closing.title}"):
        closing = None
    conclusions = under.pop(closing.key, []) if closing is not None else []
    decided = {d.decision for d in m.decisions}
    actions = [
        i
        for i in ledger.workplan(as_of=date.max, known_at=known_at)
        if i.source in decided or i.source == meeting
    ]
    tell(2, 4)
    plans = [p for p in ledger.plans(known_at=known_at) if p.adopted_by in decided]
    plan_items = {p.plan: ledger.workplan(p.plan, as_of=date.max, known_at=known_at) for p in plans}
    tell(3, 4)
    adopting = {d.decision: d for d in m.decisions}
    groups: dict[str | None, list[Present]] = {None: []}
    for person in m.attendance:
        groups.setdefault(GROUPS.get(person.capacity), []).append(person)
    by_country = Counter(_came_from(p) or "unknown" for p in groups[None])
    counts = sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0]))
    counts += [(label, len(people)) for label, people in groups.items() if label is not None]
    people = {p.holder: p.name for p in m.attendance}
    for a in m.agenda:
        for who in (*a.presenters, *([a.moderator] if a.moderator else [])):
            if who not in people:
                info = ledger.governance.view.holder(who, known_at)
                people[who] = info.name if info else who
    owners = names_of(ledger, (o for i in actions for o in i.owners), known_at)
    next_meeting = _next_meeting(ledger, m, known_at)
    tell(4, 4)
    return Report(
        "meeting",
        m.name,
        provenance(ledger, known_at, m.day),
        {
            "m": m,
            "by_country": counts,
            "items": m.agenda,
            "under": under,
            "followups": [a for a in actions if a.plan is None],
            "plans": plans,
            "plan_items": plan_items,
            "adopting": adopting,
            "names": people,
            "owners": owners,
            "participants": groups[None],
            "groups": [(label, ps) for label, ps in groups.items() if label is not None],
            "came_from": _came_from,
            "conclusions": conclusions,
            "next_meeting": next_meeting,
            "body_name": names_of(ledger, [m.body], known_at)[m.body] if m.body else None,
        },
    )


def governance_report(
    ledger: Ledger, as_of: date, known_at: int | None, progress: Progress | None = None
) -> Report:
    """`progress` is told how many of the offices and bodies were laid out."""
    tell = progress or (lambda done, total: None)
    g = ledger.governance_on(as_of, known_at=known_at)
    total = len(g.offices) + len(g.bodies)
    tell(0, total)
    rows: list[list[Any]] = []
    for done, o in enumerate(g.offices, 1):
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
        tell(done, total)
    for done, b in enumerate(g.bodies, len(g.offices) + 1):
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
        tell(done, total)
    return Report(
        "governance",
        f"Governance as of {as_of.isoformat()}",
        provenance(ledger, known_at, as_of),
        {"g": g, "bodies": {b.body.body: b.body.name for b in g.bodies}},
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
            "timeline": svg.timeline([t for t, _ in lines], until),
        },
    )


def workplan_report(
    ledger: Ledger,
    plan: str | None,
    as_of: date,
    since: date | None,
    known_at: int | None,
    progress: Progress | None = None,
) -> Report:
    """`progress` is told how many items were read, and with `since` how many items'
    histories after them."""
    tell = progress or (lambda done, total: None)
    reads = 1 if since is None else 2
    items = ledger.workplan(
        plan,
        as_of=as_of,
        known_at=known_at,
        progress=lambda done, total: tell(done, reads * total),
    )
    changes = []
    if since is not None:
        for done, item in enumerate(items, len(items) + 1):
            for c in ledger.action_history(item.item, known_at=known_at):
                if since < c.day <= as_of and c.what != "created":
                    changes.append((item, c))
            tell(done, 2 * len(items))
        changes.sort(key=lambda pair: (pair[1].day, pair[0].item))
    owners = names_of(ledger, (o for i in items for o in i.owners), known_at)
    rows = [
        [
            i.item,
            i.title,
            i.status,
            i.progress,
            ", ".join(i.owners),
            "; ".join(owners[o] for o in i.owners),
            i.due,
            i.overdue,
        ]
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
            "owners": owners,
            "chart": svg.progress_chart(items),
        },
        ("item", "title", "status", "progress", "owners", "owner_names", "due", "overdue"),
        rows,
    )


def decisions_report(
    ledger: Ledger,
    start: date | None,
    end: date | None,
    known_at: int | None,
    progress: Progress | None = None,
) -> Report:
    """`progress` is told how many of the register's decisions were read."""
    lives = ledger.decisions(known_at=known_at, progress=progress)

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
    progress: Progress | None = None,
) -> Report:
    """`progress` is told how many of the log's events were read: the audit extract reads
    the whole log, which on a large ledger takes a while."""
    tell = progress or (lambda done, total: None)
    last = ledger.head_position() if known_at is None else known_at
    events = []
    for e in ledger.audit_log():
        if e.position > last:
            break
        events.append(e)
        tell(len(events), last)
    tell(last, last)
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
