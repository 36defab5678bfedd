"""A realistic synthetic history, recorded through the real ledger.

What is generated (only what the ledger can record today):
  many partnerships, each over 30-50 years (1975-2025), each with
  - a plenary, a governance group (at most 7 members, 3-year terms), a technical committee
    (at most 9, 3-year terms) and 4-8 working groups;
  - offices: Chair, Vice-Chair (3-year terms, re-elections, the Vice-Chair often succeeding,
    acting Chairs for a few months), a Secretariat held by institutions, a technical
    director, a chair per working group, and one "national focal point" office per member
    country (12-35 countries, each a succession of people over the decades);
  - people and institutions, registered when they first take a role;
  - memberships: focal points and institutions in the plenary, the governance group and the
    technical committee chosen by term, working groups with steady turnover;
  - mandates and memberships recorded either with their planned end (`--until`) or open and
    ended later; ~3% of mandates and ~2% of memberships corrected (a start date moved),
    ~2% of focal-point changes first recorded for the wrong person and then retracted, ~1%
    of working-group memberships retracted.

The partnerships' histories are merged in recording order, so the log interleaves them as a
shared ledger would. Corrections and retractions are recorded after what they correct.

MEETINGS, DECISIONS, ELECTIONS, WORK PLANS: the ledger cannot record them yet. When it can, add
a planner for them in `plan_partnership` (see the `EXTRA PLANNERS` marker): it appends
operations with `add(day, prio, op, *args)`, and `apply_op` gains the matching branch calling
the new aggregates' command methods. Everything else (merging, batching, caching) follows.

How it is recorded: not one ledger command at a time (that is ~1-30 ms a command here, hours
for a million events) but through the same domain command methods on aggregates kept in memory,
their events collected in the order the operations happen and saved with `Ledger.save(*events)`
in batches of `SAVE_BATCH` events a transaction: the real mapper (msgspec, validated on write),
the real chained recorder (every link computed and stored) and the real SQLite store. The read
model is then built by the ledger's own `catch_up()`.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

GENERATOR_VERSION = 2
SAVE_BATCH = 1000
END = date(2025, 12, 31)

GIVEN = [
    "Aisha",
    "Amir",
    "Ananya",
    "Bao",
    "Carlos",
    "Chen",
    "Dewi",
    "Farida",
    "Gina",
    "Hiro",
    "Ibrahim",
    "Jia",
    "Kamal",
    "Kiran",
    "Lan",
    "Leila",
    "Mei",
    "Nadia",
    "Nguyen",
    "Omar",
    "Priya",
    "Rahul",
    "Rina",
    "Sami",
    "Sanjay",
    "Siti",
    "Somchai",
    "Tariq",
    "Thuy",
    "Wei",
    "Yuki",
    "Zainab",
    "Arjun",
    "Bunmi",
    "Chidi",
    "Darya",
    "Elif",
    "Fatima",
    "Gulnara",
    "Hamid",
    "Ilya",
    "Joon",
    "Kwame",
    "Lina",
    "Marat",
    "Noor",
    "Olga",
    "Pablo",
    "Quang",
    "Rosa",
    "Sergei",
    "Tenzin",
    "Umar",
    "Vera",
    "Wanjiru",
    "Xin",
    "Yerlan",
    "Zara",
]
SURNAMES = [
    "Nilo",
    "Rahman",
    "Tan",
    "Sato",
    "Kim",
    "Singh",
    "Wong",
    "Hassan",
    "Perera",
    "Lim",
    "Nguyen",
    "Suzuki",
    "Khan",
    "Chowdhury",
    "Bui",
    "Santos",
    "Park",
    "Yamamoto",
    "Ali",
    "Gupta",
    "Dorji",
    "Sharma",
    "Huang",
    "Ito",
    "Rao",
    "Mehta",
    "Karimov",
    "Ahmadi",
    "Bhatt",
    "Chua",
    "Das",
    "Ebrahimi",
    "Fernando",
    "Gonzales",
    "Hussain",
    "Iqbal",
    "Jaya",
    "Kaur",
    "Liu",
    "Mahmud",
    "Nakamura",
    "Osman",
    "Pham",
    "Qureshi",
    "Reyes",
    "Saleh",
    "Thapa",
    "Usman",
    "Vo",
    "Wijaya",
    "Xu",
    "Yadav",
    "Zhou",
]
COUNTRIES = [
    "Afghanistan",
    "Bangladesh",
    "Bhutan",
    "Brunei",
    "Cambodia",
    "China",
    "Fiji",
    "India",
    "Indonesia",
    "Iran",
    "Iraq",
    "Japan",
    "Jordan",
    "Kazakhstan",
    "Korea",
    "Kuwait",
    "Kyrgyzstan",
    "Laos",
    "Lebanon",
    "Malaysia",
    "Maldives",
    "Mongolia",
    "Myanmar",
    "Nepal",
    "Oman",
    "Pakistan",
    "Philippines",
    "Qatar",
    "Samoa",
    "Singapore",
    "Sri-Lanka",
    "Syria",
    "Tajikistan",
    "Thailand",
    "Timor-Leste",
    "Tonga",
    "Turkmenistan",
    "Uzbekistan",
    "Vanuatu",
    "Vietnam",
    "Yemen",
    "Armenia",
    "Azerbaijan",
    "Georgia",
]
AGENDA = [
    "Opening and adoption of the agenda",
    "Report of the Secretariat",
    "Progress of the pillars",
    "Implementation of the work plan",
    "Election of the Chair and Vice-Chair",
    "Budget and resources",
    "Regional soil laboratory network",
    "Soil information system",
    "Capacity development",
    "Partnership with other regions",
    "Any other business",
    "Closing remarks",
]
DECISIONS = [
    "Adopt the agenda",
    "Endorse the report of the previous meeting",
    "Approve the work plan",
    "Establish a working group",
    "Endorse the terms of reference",
    "Approve the budget",
    "Request the Secretariat to prepare a proposal",
    "Adopt the regional implementation plan",
    "Accept the offer to host the next meeting",
    "Note the progress report",
    "Endorse the nomination of the focal points",
    "Approve the communication strategy",
]
ACTIONS = [
    "Update the national soil map",
    "Organise a training on soil sampling",
    "Publish the progress report",
    "Harmonise the laboratory methods",
    "Draft the soil information policy",
    "Run the proficiency test",
    "Translate the guidelines",
    "Collect the national soil data",
    "Prepare the resource mobilisation plan",
    "Hold the regional workshop",
    "Review the terms of reference",
    "Set up the data portal",
]
EVERYONE = "all-member-countries"
WG_THEMES = [
    "soil management",
    "soil information",
    "soil research",
    "soil education",
    "soil health",
    "soil fertility",
    "soil pollution",
    "soil erosion",
    "soil carbon",
    "soil salinity",
]


def _shift(day: date, days: int) -> date:
    return day + timedelta(days=days)


def _years(day: date, years: float) -> date:
    return day + timedelta(days=round(365.25 * years))


@dataclass
class Plan:
    """One partnership's operations: (record day, priority, seq, op, args)."""

    prefix: str
    ops: list[tuple[date, int, int, str, tuple[Any, ...]]] = field(default_factory=list)
    seq: int = 0

    def add(self, day: date, prio: int, op: str, *args: Any) -> None:
        self.seq += 1
        self.ops.append((day, prio, self.seq, op, args))


# Priorities on one day: creations, then ends, then starts, then corrections.
CREATE, ENDS, STARTS, FIXES, LATE = 0, 1, 2, 3, 4


def plan_partnership(index: int, seed: int) -> Plan:
    rng = random.Random(seed * 1_000_003 + index)
    p = f"p{index:04d}"
    P = p.upper()
    plan = Plan(p)
    add = plan.add
    t0 = date(rng.randint(1975, 1995), rng.randint(1, 12), 1)
    n_people = 0

    def person(day: date, role: str, country: str | None) -> str:
        nonlocal n_people
        n_people += 1
        handle = f"{p}-{role}-{n_people}"
        name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        add(day, CREATE, "holder", handle, name, "person", country)
        return handle

    def institution(day: date, label: str, country: str | None) -> str:
        nonlocal n_people
        n_people += 1
        handle = f"{p}-inst-{n_people}"
        add(day, CREATE, "holder", handle, label, "institution", country)
        return handle

    def mandate(
        office: str,
        holder: str,
        start: date,
        end: date | None,
        *,
        planned: bool,
        acting: bool = False,
        basis: str | None = None,
        started: bool = False,
    ) -> None:
        """A mandate: recorded with its planned end, or open and ended when it ends
        (`started`: an election has already started it)."""
        if start >= END:
            return
        if end is not None and end > END:
            end = None if not planned else end
        if not started:
            add(
                start,
                STARTS,
                "mstart",
                office,
                holder,
                start,
                end if planned else None,
                acting,
                basis,
            )
        if end is not None and not planned:
            add(
                end,
                ENDS,
                "mend",
                office,
                holder,
                end,
                rng.choice(("term completed", "resigned", "replaced by the member country", None)),
            )
        span = ((end or END) - start).days
        if not acting and not started and span > 40 and rng.random() < 0.03:
            fix_day = _shift(start, rng.randint(10, min(300, span - 1)))
            if fix_day < END:
                new_start = _shift(start, rng.randint(1, min(20, span - 21)))
                add(
                    fix_day,
                    FIXES,
                    "mcorrect",
                    office,
                    holder,
                    start,
                    new_start,
                    "start date misread from the report",
                )

    rosters: dict[str, list[tuple[date, date, str]]] = {}

    def membership(
        body: str,
        member: str,
        start: date,
        end: date | None,
        *,
        planned: bool,
        correctable: bool = True,
    ) -> None:
        if start >= END:
            return
        if end is not None and end > END:
            end = None if not planned else end
        add(start, STARTS, "badd", body, member, start, end if planned else None)
        if end is not None and not planned:
            add(
                end,
                ENDS,
                "bremove",
                body,
                member,
                end,
                rng.choice(("term completed", "left the organisation", None)),
            )
        rosters.setdefault(body, []).append((start, end or END, member))
        span = ((end or END) - start).days
        if correctable and span > 40 and rng.random() < 0.02:
            fix_day = _shift(start, rng.randint(10, min(300, span - 1)))
            if fix_day < END:
                add(
                    fix_day,
                    FIXES,
                    "bcorrect",
                    body,
                    member,
                    start,
                    _shift(start, rng.randint(1, min(20, span - 21))),
                    "joined later than recorded",
                )

    def on(body: str, day: date) -> list[str]:
        return [h for s, e, h in rosters.get(body, ()) if s <= day < e]

    # Bodies and offices, and their terms of reference.
    plenary, gg, tc = f"{p}-plenary", f"{p}-gg", f"{p}-tc"
    n_wg = rng.randint(4, 8)
    wgs = [f"{p}-wg{k}" for k in range(1, n_wg + 1)]
    add(t0, CREATE, "body", plenary, f"{P} Plenary Assembly", None, None)
    add(t0, CREATE, "body", gg, f"{P} Governance Group", 9, 3)
    add(t0, CREATE, "body", tc, f"{P} Technical Committee", 9, 3)
    themes = rng.sample(WG_THEMES, n_wg)
    for wg, theme in zip(wgs, themes, strict=True):
        add(t0, CREATE, "body", wg, f"{P} Working Group on {theme}", None, None)
    chair, vice, secretariat, director = (
        f"{p}-chair",
        f"{p}-vice-chair",
        f"{p}-secretariat",
        f"{p}-director",
    )
    add(t0, CREATE, "office", chair, f"{P} Chair", plenary, 3, 1)
    add(t0, CREATE, "office", vice, f"{P} Vice-Chair", plenary, 3, 1)
    add(t0, CREATE, "office", secretariat, f"{P} Secretariat", None, None, 1)
    add(t0, CREATE, "office", director, f"{P} Technical Director", tc, 4, 1)
    wg_chairs = [f"{wg}-chair" for wg in wgs]
    for wg, office, theme in zip(wgs, wg_chairs, themes, strict=True):
        add(t0, CREATE, "office", office, f"{P} Chair of the WG on {theme}", wg, 3, 1)
    add(
        t0,
        STARTS,
        "orules",
        chair,
        "terms of reference, Annex III",
        {
            "eligible_role": "national-focal-point",
            "successor_from": vice,
            "acting_from": vice,
            "alumni_body": gg,
            "alumni_years": 3,
            "role": "chair",
        },
    )
    add(t0, STARTS, "brules", plenary, "rules of procedure", {"cadence_months": 12})
    add(
        t0,
        STARTS,
        "brules",
        gg,
        "terms of reference, Annex IV",
        {"ex_officio": (chair, vice), "cadence_months": 4},
    )

    # Member countries and their national focal points, one after another.
    focal: list[tuple[date, date, str]] = []  # (start, end, holder)
    for country in rng.sample(COUNTRIES, rng.randint(12, 35)):
        office = f"{p}-nfp-{country.lower()}"
        joined = _shift(t0, rng.randint(0, 3650))
        add(
            joined,
            CREATE,
            "office",
            office,
            f"{P} national focal point of {country}",
            plenary,
            None,
            1,
        )
        add(joined, STARTS, "orules", office, None, {"role": "national-focal-point"})
        start = joined
        while start < END:
            end = _years(start, rng.uniform(2, 8))
            holder = person(start, "fp", country)
            if rng.random() < 0.02 and end < END:
                # First recorded for the wrong person, retracted, then recorded rightly.
                wrong = person(start, "fp", country)
                add(start, STARTS, "mstart", office, wrong, start, None, False, None)
                fixed = _shift(start, rng.randint(1, 30))
                add(fixed, FIXES, "mretract", office, wrong, start, "recorded for the wrong person")
                add(fixed, LATE, "mstart", office, holder, start, None, False, "nomination letter")
                add(end, ENDS, "mend", office, holder, end, "replaced by the member country")
            else:
                mandate(office, holder, start, end, planned=False, basis="nomination letter")
            membership(plenary, holder, start, end, planned=False)
            focal.append((start, min(end, END), holder))
            start = end

    def focal_on(day: date, k: int, avoid: Any = ()) -> list[str]:
        pool = [h for s, e, h in focal if s <= day < e and h not in avoid]
        return rng.sample(pool, min(k, len(pool)))

    # Institutions: partners in the plenary; some leave.
    for _ in range(rng.randint(5, 15)):
        day = _shift(t0, rng.randint(0, 7300))
        inst = institution(day, f"{rng.choice(SURNAMES)} Soil Institute", rng.choice(COUNTRIES))
        end = _years(day, rng.uniform(5, 40)) if rng.random() < 0.3 else None
        membership(plenary, inst, day, end, planned=False)

    # The Secretariat: an institution for 8-15 years at a time.
    start = t0
    secretariats: list[tuple[date, date, str]] = []
    while start < END:
        end = _years(start, rng.uniform(8, 15))
        inst = institution(start, f"{P} Secretariat host {rng.randint(1, 99)}", None)
        mandate(secretariat, inst, start, end, planned=False, basis="host agreement")
        secretariats.append((start, end, inst))
        start = end

    # Chair and Vice-Chair: 3-year terms, elected (since 1998) or recorded directly;
    # re-elections; the Vice-Chair often succeeds; acting Chairs for a few months.
    b = _years(t0, 1)
    chair_h: str | None = None
    vice_h: str | None = None
    officers: list[tuple[date, date, str]] = []
    n_elections = 0
    while b < END:
        e = _years(b, 3)
        # Candidates are focal points from the call for candidates to the start of the term.
        call = _shift(b, -120)
        eligible = [h for s, e_, h in focal if s <= call and b < e_]
        if chair_h is None or rng.random() > 0.3 or chair_h not in eligible:
            if vice_h is not None and rng.random() < 0.5 and vice_h in eligible:
                chair_h = vice_h
            else:
                chair_h = rng.choice(eligible) if eligible else None
        others = [h for h in eligible if h != chair_h]
        vice_h = rng.choice(others) if others else None
        for office, holder in ((chair, chair_h), (vice, vice_h)):
            if holder is None:
                continue
            officers.append((b, e, holder))
            if b.year >= 1998:
                n_elections += 1
                eh = f"{office}-election-{n_elections}"
                opens, closes = _shift(b, -120), _shift(b, -30)
                add(
                    opens,
                    CREATE,
                    "eopen",
                    eh,
                    office,
                    opens,
                    closes,
                    f"Election of the {P} {'Chair' if office == chair else 'Vice-Chair'} {b.year}",
                )
                rivals = [h for h in focal_on(opens, rng.randint(0, 3), {holder})]
                standing = [holder, *rivals]
                for c in standing:
                    nominated = _shift(opens, rng.randint(0, 80))
                    add(nominated, STARTS, "enominate", eh, c, nominated)
                if rivals and rng.random() < 0.3:
                    quitter = rivals.pop()
                    quit_on = _shift(closes, -rng.randint(0, 5))
                    add(quit_on, FIXES, "ewithdraw", eh, quitter, "withdrew the candidacy", quit_on)
                votes = {h: rng.randint(0, 10) for h in rivals}
                votes[holder] = max(votes.values(), default=0) + rng.randint(1, 12)
                add(b, ENDS, "etally", eh, votes, b)
                add(b, STARTS, "eclose", eh, office, b)
                mandate(office, holder, b, e, planned=False, started=True)
            else:
                mandate(
                    office, holder, b, e, planned=rng.random() < 0.5, basis="elected by the plenary"
                )
        if chair_h and vice_h and rng.random() < 0.1:
            a0 = _shift(b, rng.randint(60, 700))
            mandate(
                chair,
                vice_h,
                a0,
                _shift(a0, rng.randint(20, 180)),
                planned=True,
                acting=True,
                basis="Chair unavailable",
            )
        # The governance group, chosen for the same term (the Chair and Vice-Chair sit in it
        # ex officio).
        for member in focal_on(b, rng.randint(4, 7), {chair_h, vice_h}):
            membership(gg, member, b, e, planned=True, correctable=False)
        b = e

    # Experts: the technical committee (9, 3-year terms, about half renewed) and its director.
    experts: list[str] = []
    b = _years(t0, 1)
    committee: list[str] = []
    while b < END:
        e = _years(b, 3)
        keep = [x for x in committee if rng.random() < 0.5]
        while len(keep) < 9:
            if experts and rng.random() < 0.3:
                x = rng.choice(experts)
                if x in keep:
                    continue
            else:
                x = person(b, "expert", rng.choice(COUNTRIES))
                experts.append(x)
            keep.append(x)
        committee = keep
        for x in committee:
            membership(tc, x, b, e, planned=True, correctable=False)
        b = e
    b = _years(t0, 1)
    directors: list[tuple[date, date, str]] = []
    while b < END:
        e = _years(b, 4)
        d = person(b, "director", None)
        mandate(director, d, b, e, planned=rng.random() < 0.5, basis="appointed by the plenary")
        directors.append((b, e, d))
        b = e

    # Working groups: steady turnover of focal points and experts, and their chairs.
    opened_on: dict[str, date] = {}
    for wg, wg_chair in zip(wgs, wg_chairs, strict=True):
        opened = opened_on[wg] = _shift(t0, rng.randint(0, 1825))
        last: dict[str, date] = {}  # holder -> end of their last membership here
        for _slot in range(rng.randint(8, 20)):
            start = _shift(opened, rng.randint(0, 400))
            while start < END:
                end = _years(start, rng.uniform(1, 10))
                pool = [h for h in focal_on(start, 3) if last.get(h, date.min) <= start]
                if pool and rng.random() < 0.6:
                    holder = pool[0]
                else:
                    holder = person(start, "expert", rng.choice(COUNTRIES))
                    experts.append(holder)
                last[holder] = end
                membership(wg, holder, start, end, planned=rng.random() < 0.5)
                if rng.random() < 0.01:
                    wrong = person(start, "expert", None)
                    add(start, STARTS, "badd", wg, wrong, start, None)
                    add(
                        _shift(start, rng.randint(1, 60)),
                        FIXES,
                        "bretract",
                        wg,
                        wrong,
                        start,
                        "not a member: recorded by mistake",
                    )
                start = _shift(end, rng.randint(0, 200))
        b = _years(opened, 1)
        while b < END:
            e = _years(b, 3)
            candidates = on(wg, b)
            if candidates:
                mandate(
                    wg_chair,
                    rng.choice(candidates),
                    b,
                    e,
                    planned=rng.random() < 0.5,
                    basis="chosen by the working group",
                )
            b = e

    # Meetings with their agenda and attendance, and the decisions taken at them.
    def holding(line: list[tuple[date, date, str]], day: date) -> list[str]:
        return [h for s, e, h in line if s <= day < e]

    n_decisions = 0

    def meeting(
        body: str,
        handle: str,
        name: str,
        day: date,
        number: int,
        present: list[tuple[str, str]],
        items: int,
        decisions: int,
        later: list[tuple[str, date]],
    ) -> None:
        nonlocal n_decisions
        mode = "in-person" if day.year < 2020 else rng.choice(("online", "hybrid", "in-person"))
        add(
            day,
            CREATE,
            "meeting",
            handle,
            name,
            day,
            mode,
            body,
            number,
            len(present) + rng.randint(0, 40),
            len(present),
        )
        keys = [f"item-{k}" for k in range(1, items + 1)]
        for key in keys:
            add(day, STARTS, "agenda", handle, key, rng.choice(AGENDA))
        for holder, capacity in present:
            add(day, STARTS, "attend", handle, holder, capacity)
        for holder, _ in present:
            if rng.random() < 0.01:
                add(day, FIXES, "unattend", handle, holder, "left before the roll call")
        for _ in range(decisions):
            n_decisions += 1
            dh = f"{handle}-d{n_decisions}"
            title = f"{rng.choice(DECISIONS)} ({P}, {day.year})"
            roll = rng.random()
            item = rng.choice(keys) if keys else None
            nxt = [(m, d) for m, d in later if d > day]
            if roll < 0.10:
                add(
                    day,
                    FIXES,
                    "drefer",
                    dh,
                    title,
                    handle,
                    item,
                    day,
                    _shift(day, 30),
                    "sent for endorsement by email",
                )
                closed = _shift(day, rng.randint(14, 45))
                add(closed, FIXES, "dclose", dh, rng.random() < 0.9, closed)
                continue
            if roll < 0.20 and nxt:
                add(day, FIXES, "ddecide", dh, title, handle, item, day, "deferred")
                m2, d2 = nxt[0]
                add(d2, FIXES, "dlater", dh, rng.choice(("agreed", "rejected")), m2, d2)
                continue
            outcome = rng.choices(("agreed", "approved", "noted", "rejected"), (45, 15, 15, 5))[0]
            add(day, FIXES, "ddecide", dh, title, handle, item, day, outcome)
            if rng.random() < 0.01:
                add(
                    _shift(day, rng.randint(1, 60)),
                    LATE,
                    "dcorrect",
                    dh,
                    "approved" if outcome == "agreed" else "agreed",
                    "outcome misrecorded",
                )
            elif nxt and rng.random() < 0.1:
                m2, d2 = nxt[0]
                add(d2, LATE, "dnote", dh, m2, d2)

    def yearly(first: date, per_year: int) -> list[date]:
        days: list[date] = []
        year = first.year + 1
        while year <= END.year:
            for k in range(per_year):
                month = 1 + (12 // per_year) * k + rng.randint(0, 12 // per_year - 1)
                days.append(date(year, month, rng.randint(1, 28)))
            year += 1
        return days

    plenary_days = yearly(t0, 1)
    plenary_meetings = [(f"{p}-plenary-m{n}", d) for n, d in enumerate(plenary_days, start=1)]
    for n, (mh, day) in enumerate(plenary_meetings, start=1):
        present = [(h, "national-focal-point") for h in holding(focal, day) if rng.random() < 0.8]
        present += [
            (h, "partner")
            for h in on(plenary, day)
            if h.startswith(f"{p}-inst-") and rng.random() < 0.6
        ]
        present += [(h, "secretariat") for h in holding(secretariats, day)]
        present = list(dict(present).items())
        meeting(
            plenary,
            mh,
            f"{n}th meeting of the {P} plenary",
            day,
            n,
            present,
            rng.randint(5, 12),
            rng.randint(3, 10),
            plenary_meetings,
        )
    gg_meetings = [(f"{p}-gg-m{n}", d) for n, d in enumerate(yearly(t0, 3), start=1)]
    for n, (mh, day) in enumerate(gg_meetings, start=1):
        people = [*on(gg, day), *holding(officers, day)]
        present = list(dict.fromkeys(h for h in people if rng.random() < 0.9))
        meeting(
            gg,
            mh,
            f"{P} governance group, meeting {n}",
            day,
            n,
            [(h, "national-focal-point") for h in present],
            rng.randint(2, 5),
            rng.randint(0, 3),
            gg_meetings,
        )
    tc_meetings = [(f"{p}-tc-m{n}", d) for n, d in enumerate(yearly(t0, 2), start=1)]
    for n, (mh, day) in enumerate(tc_meetings, start=1):
        people = [*on(tc, day), *holding(directors, day)]
        present = list(dict.fromkeys(h for h in people if rng.random() < 0.85))
        meeting(
            tc,
            mh,
            f"{P} technical committee, meeting {n}",
            day,
            n,
            [(h, "participant") for h in present],
            rng.randint(2, 6),
            rng.randint(0, 2),
            tc_meetings,
        )
    for wg in wgs:
        wg_meetings = [
            (f"{wg}-m{n}", d)
            for n, d in enumerate(yearly(opened_on[wg], rng.choice((1, 2))), start=1)
        ]
        for n, (mh, day) in enumerate(wg_meetings, start=1):
            present = [(h, "participant") for h in dict.fromkeys(on(wg, day)) if rng.random() < 0.7]
            meeting(
                wg,
                mh,
                f"{wg.upper()} meeting {n}",
                day,
                n,
                present,
                rng.randint(2, 4),
                0,
                wg_meetings,
            )

    # Work plans: every other plenary from the 1990s adopts a two-year plan (a decision), with
    # 15-40 action items owned by people, institutions, bodies or countries, some with
    # sub-items, each moving through its statuses over the plan's life.
    plans = [(mh, day) for mh, day in plenary_meetings if day.year >= 1994][::2]
    for n_plan, (mh, day) in enumerate(plans, start=1):
        n_decisions += 1
        dh = f"{mh}-d{n_decisions}"
        end = _years(day, 2)
        add(
            day,
            FIXES,
            "ddecide",
            dh,
            f"Approve the work plan {day.year}-{end.year} ({P})",
            mh,
            None,
            day,
            "approved",
        )
        ph = f"{p}-wp{n_plan}"
        add(day, LATE, "plan", ph, f"{P} work plan {day.year}-{end.year}", day, end, dh)
        owners_pool = [*wgs, plenary, gg, tc, EVERYONE]
        items: list[tuple[str, date]] = []
        for k in range(1, rng.randint(15, 40) + 1):
            ah = f"{ph}-a{k}"
            created = _shift(day, rng.randint(0, 60))
            choice = rng.random()
            if choice < 0.4:
                owners = tuple(focal_on(created, rng.randint(1, 2))) or (plenary,)
            elif choice < 0.7:
                owners = (rng.choice(owners_pool),)
            else:
                owners = (f"country:{rng.choice(COUNTRIES)}",)
            parent = None
            earlier = [(h, d) for h, d in items if d <= created]
            if earlier and rng.random() < 0.2:
                parent = rng.choice(earlier)[0]
            due = _shift(created, rng.randint(90, 700)) if rng.random() < 0.8 else None
            add(
                created,
                LATE,
                "action",
                ah,
                f"{rng.choice(ACTIONS)} ({P} {day.year})",
                owners,
                created,
                ph,
                parent,
                due,
                dh,
            )
            items.append((ah, created))
            t = created
            if rng.random() < 0.15:
                continue  # never started
            progress = rng.randint(5, 30)
            t = _shift(t, rng.randint(10, 120))
            steps = [("in-progress", progress)]
            for _ in range(rng.randint(0, 3)):
                progress = min(95, progress + rng.randint(5, 30))
                steps.append(("in-progress", progress))
            if rng.random() < 0.15:
                steps += [("blocked", None), ("in-progress", progress)]
            roll = rng.random()
            if roll < 0.7:
                steps.append(("done", 100))
            elif roll < 0.8:
                steps.append(("dropped", None))
            for status, prog in steps:
                if t >= END:
                    break
                add(
                    t,
                    LATE,
                    "aupdate",
                    ah,
                    status,
                    prog,
                    t,
                    rng.choice((None, None, "reported at the plenary", "see the progress report")),
                )
                if rng.random() < 0.05:
                    t = _shift(t, rng.randint(1, 30))
                    add(t, LATE, "aassign", ah, (rng.choice(owners_pool),), t, "handed over")
                if due is not None and rng.random() < 0.07:
                    t = _shift(t, rng.randint(1, 30))
                    due = _shift(due, rng.randint(30, 365))
                    add(t, LATE, "adue", ah, due, t, "extended by the plenary")
                t = _shift(t, rng.randint(15, 200))
            if steps[-1][0] == "done" and rng.random() < 0.03 and t < END:
                add(t, LATE, "areopen", ah, t, "follow-up requested")
                add(_shift(t, 60), LATE, "aupdate", ah, "done", 100, _shift(t, 60), None)

    # EXTRA PLANNERS: anything else the ledger learns to record goes here (see the module
    # docstring).
    return plan


# Operations that record two events in one save (the ledger command does the same).
TWO_EVENTS = {"ddecide", "drefer", "eclose"}


def plan_history(target: int, seed: int) -> tuple[list[tuple[Any, ...]], int]:
    """Operations for `target` events from as many partnerships as it takes, merged in
    recording order. The last partnership is cut to a prefix of its own history (a
    partnership whose recent years are not recorded yet), so the total is `target` events
    (one more when the cut falls inside a two-event operation)."""
    plans: list[list[tuple[Any, ...]]] = []
    total, index = 0, 0
    while total < target:
        index += 1
        kept = []
        for day, prio, seq, op, args in sorted(plan_partnership(index, seed).ops):
            if total >= target:
                break
            kept.append((day, prio, index, seq, op, args))
            total += 2 if op in TWO_EVENTS else 1
        plans.append(kept)
    merged = [op for ops in plans for op in ops]
    merged.sort(key=lambda o: (o[0], o[1], o[2], o[3]))
    return merged, index


@dataclass
class Generated:
    events: int
    partnerships: int
    refused: dict[str, int]
    seconds_record: float
    seconds_catch_up: float
    seconds_plan: float


ACTORS = ("secretariat-1", "secretariat-2", "secretariat-3", "importer")


def apply_op(aggs: dict[str, Any], op: str, args: tuple[Any, ...]) -> list[Any]:
    """One operation through the aggregates' own command methods (the rules run); the
    aggregates it changed, in the order the ledger would save them."""
    from domain.bodies import Body
    from domain.decisions import Decision, Outcome
    from domain.elections import Election
    from domain.holders import Holder, HolderKind
    from domain.meetings import Capacity, Meeting, Mode
    from domain.offices import Office
    from domain.workplans import ActionItem, WorkPlan
    from domain.workplans import Status as ActionStatus

    if op == "holder":
        handle, name, kind, country = args
        agg = aggs[handle] = Holder.register(handle, name, HolderKind(kind), country)
    elif op == "body":
        handle, name, max_members, term_years = args
        agg = aggs[handle] = Body.create(
            handle, name, max_members=max_members, term_years=term_years
        )
    elif op == "office":
        handle, name, body, term_years, seats = args
        agg = aggs[handle] = Office.create(
            handle, name, body=body, term_years=term_years, seats=seats
        )
    elif op in ("orules", "brules"):
        handle, basis, rules = args
        agg = aggs[handle]
        agg.set_rules(basis=basis, **rules)
    elif op == "mstart":
        office, holder, start, end, acting, basis = args
        agg = aggs[office]
        agg.start_mandate(holder, start, end=end, acting=acting, basis=basis)
    elif op == "mend":
        office, holder, end, reason = args
        agg = aggs[office]
        agg.end_mandate(holder, end, reason=reason)
    elif op == "mcorrect":
        office, holder, started, start, reason = args
        agg = aggs[office]
        agg.correct_mandate(holder, reason=reason, started=started, start=start)
    elif op == "mretract":
        office, holder, started, reason = args
        agg = aggs[office]
        agg.retract_mandate(holder, reason=reason, started=started)
    elif op == "badd":
        body, member, start, end = args
        agg = aggs[body]
        agg.add_member(member, start, end=end)
    elif op == "bremove":
        body, member, end, reason = args
        agg = aggs[body]
        agg.remove_member(member, end, reason=reason)
    elif op == "bcorrect":
        body, member, started, start, reason = args
        agg = aggs[body]
        agg.correct_membership(member, reason=reason, started=started, start=start)
    elif op == "bretract":
        body, member, started, reason = args
        agg = aggs[body]
        agg.retract_membership(member, reason=reason, started=started)
    elif op == "meeting":
        handle, name, day, mode, body, number, registered, attending = args
        agg = aggs[handle] = Meeting.create(
            handle,
            name,
            day,
            mode=Mode(mode),
            body=body,
            number=number,
            registered=registered,
            attending=attending,
        )
    elif op == "agenda":
        meeting, key, title = args
        agg = aggs[meeting]
        agg.add_agenda_item(key, title)
    elif op == "attend":
        meeting, holder, capacity = args
        agg = aggs[meeting]
        agg.attend(holder, Capacity(capacity))
    elif op == "unattend":
        meeting, holder, reason = args
        agg = aggs[meeting]
        agg.retract_attendance(holder, reason=reason)
    elif op == "ddecide":  # tabled and decided in one save, as `decision agree` does
        handle, title, meeting, item, day, outcome = args
        agg = aggs[handle] = Decision.table(handle, title, meeting=meeting, day=day, item=item)
        agg.decide(Outcome(outcome), meeting=meeting, day=day)
    elif op == "drefer":  # tabled and sent to a written procedure in one save
        handle, title, meeting, item, day, deadline, note = args
        agg = aggs[handle] = Decision.table(handle, title, meeting=meeting, day=day, item=item)
        agg.refer(day=day, deadline=deadline, note=note)
    elif op == "dlater":
        handle, outcome, meeting, day = args
        agg = aggs[handle]
        agg.decide(Outcome(outcome), meeting=meeting, day=day)
    elif op == "dclose":
        handle, endorsed, day = args
        agg = aggs[handle]
        agg.close_procedure(endorsed=endorsed, day=day)
    elif op == "dnote":
        handle, meeting, day = args
        agg = aggs[handle]
        agg.note_at(meeting=meeting, day=day)
    elif op == "dcorrect":
        handle, outcome, reason = args
        agg = aggs[handle]
        agg.correct_outcome(Outcome(outcome), reason=reason)
    elif op == "eopen":
        handle, office, opens, closes, name = args
        agg = aggs[handle] = Election.open(
            handle, office=office, opens=opens, closes=closes, name=name
        )
    elif op == "enominate":
        election, candidate, day = args
        agg = aggs[election]
        role = aggs[agg.office].eligible_role
        # The ledger asks the governance view whether the candidate holds the role; the plan
        # only nominates focal points in office.
        agg.nominate(candidate, day=day, eligible_role=role, holds_role=True)
    elif op == "ewithdraw":
        election, candidate, reason, day = args
        agg = aggs[election]
        agg.withdraw(candidate, day=day, reason=reason)
    elif op == "etally":
        election, votes, day = args
        agg = aggs[election]
        agg.tally(votes, day=day)
    elif op == "eclose":  # closes the election and starts the winner's mandate, in one save
        election, office, day = args
        e, o = aggs[election], aggs[office]
        winner = e.close(day=day)
        o.start_mandate(winner, day, basis=f"elected ({election})")
        return [e, o]
    elif op == "plan":
        handle, name, start, end, adopted_by = args
        agg = aggs[handle] = WorkPlan.create(
            handle, name, start=start, end=end, adopted_by=adopted_by
        )
    elif op == "action":
        handle, title, owners, day, plan, parent, due, source = args
        agg = aggs[handle] = ActionItem.create(
            handle, title, owners=owners, day=day, plan=plan, parent=parent, due=due, source=source
        )
    elif op == "aupdate":
        handle, status, progress, day, note = args
        agg = aggs[handle]
        agg.update(ActionStatus(status), day=day, progress=progress, note=note)
    elif op == "aassign":
        handle, owners, day, note = args
        agg = aggs[handle]
        agg.assign(owners, day=day, note=note)
    elif op == "adue":
        handle, due, day, note = args
        agg = aggs[handle]
        agg.set_due(due, day=day, note=note)
    elif op == "areopen":
        handle, day, note = args
        agg = aggs[handle]
        agg.reopen(day=day, note=note)
    else:  # a new planner's op without its branch here
        raise ValueError(f"unknown operation {op!r}")
    return [agg]


def open_ledger(db: Path, *, create: bool = False, actor: str = "bench") -> Any:
    from ledger.app import Ledger
    from ledger.location import Location

    return Ledger(Location.parse(str(db)), actor=actor, create=create)


def generate(db: Path, target: int, seed: int, log: Any = print) -> Generated:
    """Record about `target` events into a new ledger at `db` and build its read models."""
    from domain.errors import RuleBroken
    from domain.recorded import current_actor

    t = time.perf_counter()
    ops, partnerships = plan_history(target, seed)
    seconds_plan = time.perf_counter() - t
    log(f"  planned {len(ops):,} operations for {partnerships} partnerships in {seconds_plan:.1f}s")
    ledger = open_ledger(db, create=True)
    rng = random.Random(seed)
    aggs: dict[str, Any] = {}
    refused: dict[str, int] = {}
    pending: list[Any] = []
    saved = 0
    t = time.perf_counter()
    last_report = t
    try:
        for i, (_day, _prio, _p, _seq, op, args) in enumerate(ops):
            if i % 97 == 0:
                current_actor.set(rng.choice(ACTORS))
            try:
                changed = apply_op(aggs, op, args)
            except (RuleBroken, KeyError) as e:  # a plan the domain refuses: counted, skipped
                key = f"{op}: {type(e).__name__}"
                refused[key] = refused.get(key, 0) + 1
                continue
            for agg in changed:
                pending.extend(agg.collect_events())
            if len(pending) >= SAVE_BATCH:
                ledger.save(*pending)
                saved += len(pending)
                pending = []
                now = time.perf_counter()
                if now - last_report > 30:
                    last_report = now
                    log(f"  recorded {saved:,} events ({saved / (now - t):,.0f}/s)")
        if pending:
            ledger.save(*pending)
            saved += len(pending)
        seconds_record = time.perf_counter() - t
        log(f"  recorded {saved:,} events in {seconds_record:.1f}s; building the read models")
        t = time.perf_counter()
        ledger.catch_up()
        seconds_catch_up = time.perf_counter() - t
        log(f"  read models caught up in {seconds_catch_up:.1f}s")
    finally:
        ledger.close()
    return Generated(saved, partnerships, refused, seconds_record, seconds_catch_up, seconds_plan)


def export(ledger: Any, path: Path) -> None:
    from ledger.transfer import export_lines

    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8") as f:
        for line in export_lines(ledger):
            f.write(line)
            f.write("\n")
    tmp.replace(path)


def sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def view_paths(db: Path) -> list[Path]:
    from ledger.core import LedgerCore
    from ledger.location import FileLocation

    loc = FileLocation(db)
    return [loc.view(name) for name in LedgerCore.READ_MODELS]


def view_schema_key() -> str:
    """Changes when a read model's schema changes: the cached views are then rebuilt."""
    import hashlib

    from ledger.core import LedgerCore

    h = hashlib.sha256()
    for name, (projection, view) in sorted(LedgerCore.READ_MODELS.items()):
        h.update(name.encode())
        h.update(repr(getattr(view, "migrations", ())).encode())
        h.update(repr(getattr(projection, "topics", ())).encode())
    return h.hexdigest()[:16]


def cached_ledger(
    data: Path, target: int, seed: int, *, regenerate: bool = False, log: Any = print
) -> tuple[Path, dict[str, Any]]:
    """The ledger of `target` events under `data/`, generated once and reused."""
    folder = data / f"ledger-{target}-s{seed}-g{GENERATOR_VERSION}"
    db = folder / "ledger.db"
    meta_path = folder / "meta.json"
    if regenerate and folder.exists():
        shutil.rmtree(folder)
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        log(f"  reusing {folder} ({meta['events']:,} events)")
        if meta.get("view_schema") != view_schema_key():
            log("  the read models' schema changed since it was cached: rebuilding them")
            t = time.perf_counter()
            ledger = open_ledger(db)
            ledger.rebuild()
            ledger.close()
            meta["view_schema"] = view_schema_key()
            meta["seconds_catch_up"] = time.perf_counter() - t
            meta_path.write_text(json.dumps(meta, indent=2))
        return db, meta
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    log(f"  generating {target:,} events into {folder}")
    g = generate(db, target, seed, log)
    meta = {
        "events": g.events,
        "target": target,
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "partnerships": g.partnerships,
        "refused": g.refused,
        "save_batch": SAVE_BATCH,
        "seconds_plan": g.seconds_plan,
        "seconds_record": g.seconds_record,
        "seconds_catch_up": g.seconds_catch_up,
        "view_schema": view_schema_key(),
        "generated_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    meta_path.write_text(json.dumps(meta, indent=2))
    return db, meta


def copy_ledger(src: Path, dst: Path) -> Path:
    """A working copy of a cached ledger (store and read models), so runs never touch the
    cache."""
    dst.mkdir(parents=True, exist_ok=True)
    target = dst / src.name
    for f in [*sqlite_files(target), *(p for v in view_paths(target) for p in sqlite_files(v))]:
        f.unlink(missing_ok=True)
    for f in [*sqlite_files(src), *(p for v in view_paths(src) for p in sqlite_files(v))]:
        if f.exists():
            shutil.copyfile(f, dst / f.name)
    return target
