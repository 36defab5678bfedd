"""The terms of reference as rules: setting them on offices and bodies, applying the
succession they prescribe at the end of a term, and the compliance calendar they imply.

A succession is decided on freshly loaded aggregates and either described (the plan shown
before anything is recorded) or saved as one atomic change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from domain.bodies import Body
from domain.errors import SuccessionImpossible, TermNotComplete, UnknownHandle
from domain.offices import Office
from ledger.events import logged
from ledger.governance import GovernanceCommands

if TYPE_CHECKING:
    from domain.recorded import Entity
    from ledger.core import Receipt
    from projections.governance import BodyRules, OfficeRules


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    kind: str
    entity: str
    text: str


def _years_after(day: date, years: int) -> date:
    if day.year + years > date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > date.max.year:
        return date.max
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _meetings_due(held: list[date], months: int, start: date, end: date) -> list[tuple[date, str]]:
    """When a body's cadence of a meeting every `months` months falls due in `[start, end)`,
    from the days it met (`held`, in order: its last meeting by `start`, then every later
    one): counted from its last meeting by `start`, and again from each meeting it holds (or
    has planned) after that. One entry a missed due day: a body that has not met is due from
    then until it meets."""
    before = [d for d in held if d <= start]
    later = iter(d for d in held if d > start)
    every = f"meets every {months} months"
    if not before:
        first = next(later, None)
        if first is None:
            return [(start, f"{every} and has no meeting recorded")]
        if first >= end:
            return [(start, f"{every} and has no meeting recorded before {first}")]
        last = first
    else:
        last = before[-1]
    due_days: list[tuple[date, str]] = []
    following = next(later, None)
    while True:
        due = _months_after(last, months)
        if following is not None and following <= due:  # met in time
            last, following = following, next(later, None)
            continue
        if due >= end or due == date.max:
            break
        late = " (overdue)" if due < start else ""
        due_days.append((max(due, start), f"{every}; last met {last.isoformat()}{late}"))
        if following is None:
            break
        last, following = following, next(later, None)  # met late
    return due_days


def _described(changed: list[Entity]) -> list[str]:
    """The events pending on `changed`, one line each, as the audit log will show them."""
    handles: dict[Any, str] = {}
    lines = []
    for aggregate in changed:
        handles[aggregate.id] = aggregate.handle
        for e in aggregate.pending_events:
            described = logged(0, e, handles)
            lines.append(f"{described.type} {described.entity}: {described.summary()}")
    return lines


class TermsCommands(GovernanceCommands):
    def set_office_rules(self, office: str, *, basis: str | None = None, **rules: Any) -> Receipt:
        def decide() -> list[Entity]:
            o = self._get(office, Office)
            for name in ("successor_from", "acting_from"):
                if rules.get(name):
                    self._get(rules[name], Office)
            if rules.get("alumni_body"):
                self._get(rules["alumni_body"], Body)
            o.set_rules(basis=basis, **rules)
            return [o]

        return self._decide("office rules", office, decide)

    def set_body_rules(
        self, body: str, *, basis: str | None = None, override: str | None = None, **rules: Any
    ) -> Receipt:
        def decide() -> list[Entity]:
            b = self._get(body, Body)
            for office in rules.get("ex_officio") or ():
                self._get(office, Office)
            b.set_rules(basis=basis, override=override, **rules)
            return [b]

        return self._decide("body rules", body, decide)

    def office_rules(self, office: str, *, known_at: int | datetime | None = None) -> OfficeRules:
        rules = self.governance.view.office_rules(office, self._known(known_at))
        if rules is None:
            raise UnknownHandle(office, "office")
        return rules

    def body_rules(self, body: str, *, known_at: int | datetime | None = None) -> BodyRules:
        rules = self.governance.view.body_rules(body, self._known(known_at))
        if rules is None:
            raise UnknownHandle(body, "body")
        return rules

    # --- succession -----------------------------------------------------------------------

    def _succession(self, office: str, on: date, override: str | None) -> list[Entity]:
        """What the terms of reference prescribe for the handover of `office` on `on`:
        the holder's mandate ends, the successor office's holder takes it, and the former
        holder joins the body the rules name, for the years they name."""
        o = self._get(office, Office)
        before = on - timedelta(days=1)
        incumbents = [m for m in o.holders_on(before) if not m.acting]
        if not incumbents:
            raise SuccessionImpossible(office, f"no one holds it on {before.isoformat()}")
        if o.successor_from is None and o.alumni_body is None:
            raise SuccessionImpossible(
                office,
                "its terms of reference name no successor office and no body for a "
                "former holder (set them with `ledger office rules`)",
            )
        changed: list[Entity] = [o]
        basis = f"succession under the terms of reference of {office}"
        if override:
            basis += f" (override: {override})"
        for m in incumbents:
            if any(
                n.holder == m.holder and n.span.start == on and not n.retracted for n in o.mandates
            ):
                raise SuccessionImpossible(
                    office, f"{m.holder} was re-elected from {on.isoformat()}: nothing to hand over"
                )
            ends = o.term_end(m)
            early = ends is not None and ends > on
            if early and not override:
                assert ends is not None
                raise TermNotComplete(office, m.holder, ends, on)
            reason = (
                f"handed over before the end of the term (override: {override})"
                if early
                else "term completed (succession)"
            )
            if m.span.end is None or m.span.end > on:
                o.end_mandate(m.holder, on, reason=reason)
        if o.successor_from is not None:
            source = self._get(o.successor_from, Office)
            successors = [m for m in source.holders_on(before) if not m.acting]
            if not successors:
                raise SuccessionImpossible(
                    office,
                    f"{o.successor_from} has no holder on {before.isoformat()} to "
                    "take it; elect one, or record the handover by hand",
                )
            for s in successors[: o.seats]:
                if s.span.end is None or s.span.end > on:
                    source.end_mandate(s.holder, on, reason=f"became {office} (succession)")
                o.start_mandate(s.holder, on, basis=basis)
            changed.append(source)
        if o.alumni_body is not None:
            body = self._get(o.alumni_body, Body)
            until = _years_after(on, o.alumni_years) if o.alumni_years else None
            for m in incumbents:
                body.add_member(m.holder, on, end=until)
            changed.append(body)
        return changed

    def succession_plan(self, office: str, on: date, override: str | None = None) -> list[str]:
        """What `apply_succession` would record, described, with nothing recorded."""
        return _described(self._succession(office, on, override))

    def _acting(self, office: str, start: date, until: date | None) -> list[Entity]:
        """The acting mandate the terms of reference prescribe while `office`'s holder is
        unavailable: held by whoever holds the acting office (`acting_from`) on `start`."""
        o = self._get(office, Office)
        if o.acting_from is None:
            raise SuccessionImpossible(
                office,
                "its terms of reference name no office whose holder acts (set one with "
                "`ledger office rules --acting-from`), or record the acting mandate by hand",
            )
        source = self._get(o.acting_from, Office)
        acting = [m for m in source.holders_on(start) if not m.acting]
        if not acting:
            raise SuccessionImpossible(
                office, f"{o.acting_from} has no holder on {start.isoformat()} to act for it"
            )
        basis = f"acting under the terms of reference of {office} (holder of {o.acting_from})"
        rightful = [m.holder for m in acting]
        for m in acting[: o.seats]:
            o.start_mandate(
                m.holder, start, end=until, acting=True, basis=basis, acting_holders=rightful
            )
        return [o]

    def acting_plan(self, office: str, start: date, until: date | None = None) -> list[str]:
        """What `apply_acting` would record, described, with nothing recorded."""
        return _described(self._acting(office, start, until))

    def apply_acting(self, office: str, start: date, until: date | None = None) -> Receipt:
        return self._decide("succession act", office, lambda: self._acting(office, start, until))

    def apply_succession(self, office: str, on: date, override: str | None = None) -> Receipt:
        return self._decide(
            "succession apply", office, lambda: self._succession(office, on, override)
        )

    # --- compliance calendar --------------------------------------------------------------

    def calendar(
        self, start: date, days: int, *, known_at: int | datetime | None = None
    ) -> list[CalendarEntry]:
        """What falls due in `[start, start + days)`, derived from the log as known at
        `known_at` (now by default): terms completing, mandates and memberships ending,
        renewals, meetings due by cadence, written procedures' deadlines and calls for
        candidates closing. A handful of set queries, however many offices and bodies."""
        k = self._known(known_at)
        try:
            end = start + timedelta(days=days)
        except OverflowError:
            end = date.max
        entries: list[CalendarEntry] = []

        def add(day: date, kind: str, entity: str, text: str) -> None:
            if start <= day < end:
                entries.append(CalendarEntry(day, kind, entity, text))

        offices, bodies = self.governance.view.terms_due(start, end, k)
        for o in offices:
            for t in o.tenures:
                if t.end is not None:
                    add(t.end, "mandate ends", o.office, f"{t.name}'s mandate of {o.name} ends")
                elif o.term_years:
                    add(
                        _years_after(t.start, o.term_years),
                        "term completes",
                        o.office,
                        f"{t.name}'s {o.term_years}-year term as {o.name} completes",
                    )
        view = self.proceedings_view()
        met = view.meeting_days(start, k)
        for b in bodies:
            cycle = b.term_years if b.max_members else None
            for s in b.seats:
                if s.end is not None:
                    add(s.end, "membership ends", b.body, f"{s.name}'s membership of {b.name} ends")
                    renewal = _years_after(s.start, cycle) if cycle else None
                    if (
                        renewal is not None
                        and s.end < renewal
                        and not any(s.end <= day < renewal for day in b.joined)
                    ):
                        # A seat left before its renewal: the body works on its replacement.
                        add(
                            s.end,
                            "replacement due",
                            b.body,
                            f"{s.name} leaves {b.name} before the {cycle}-year seat "
                            "completes; no replacement is recorded",
                        )
                elif b.term_years:
                    add(
                        _years_after(s.start, b.term_years),
                        "renewal due",
                        b.body,
                        f"{s.name}'s {b.term_years}-year seat in {b.name} is due for renewal",
                    )
            if b.cadence_months:
                held = met.get(b.body, [])
                for day, text in _meetings_due(held, b.cadence_months, start, end):
                    add(day, "meeting due", b.body, f"{b.name} {text}")
        for decision, title, deadline in view.procedures_due(start, end, k):
            add(deadline, "written procedure", decision, f"the written procedure on {title} closes")
        for election, name, closes in view.calls_closing(start, end, k):
            add(closes, "call closes", election, f"the call for candidates of {name} closes")
        return sorted(entries, key=lambda e: (e.day, e.kind, e.entity))

    def proceedings_view(self) -> Any:
        return self.projections["proceedings"].view
