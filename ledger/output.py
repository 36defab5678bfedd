"""How reads are printed: plain tables for people, JSON/CSV/Markdown for scripts.

The JSON shapes are the contract of DESIGN.md; scripts depend on them.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from projections.governance import Governance, Seat, Tenure


def day(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def tenure_json(t: Tenure) -> dict[str, Any]:
    return {
        "holder": t.holder,
        "name": t.name,
        "start": t.start.isoformat(),
        "end": day(t.end),
        "acting": t.acting,
    }


def seat_json(s: Seat) -> dict[str, Any]:
    return {
        "member": s.member,
        "name": s.name,
        "start": s.start.isoformat(),
        "end": day(s.end),
        "ex_officio": s.ex_officio,
    }


def governance_json(g: Governance) -> dict[str, Any]:
    return {
        "as_of": g.as_of.isoformat(),
        "offices": [
            {
                "office": o.office.office,
                "name": o.office.name,
                "body": o.office.body,
                "holders": [tenure_json(t) for t in o.holders],
            }
            for o in g.offices
        ],
        "bodies": [
            {
                "body": b.body.body,
                "name": b.body.name,
                "part_of": b.body.part_of,
                "members": [seat_json(s) for s in b.members],
            }
            for b in g.bodies
        ],
    }


def plain(value: Any) -> Any:
    """A read model's frozen dataclasses as JSON-ready values (dates as ISO days)."""
    # Imported here: msgspec is a fifth of what a cold `ledger holders` imports, and only
    # these outputs need it.
    import msgspec

    return msgspec.to_builtins(value)


def dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, indent: str = "") -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = [indent + "  ".join(h.upper().ljust(w) for h, w in zip(headers, widths, strict=True))]
    for r in cells:
        lines.append(indent + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue().rstrip("\n")


def markdown(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def esc(v: Any) -> str:
        return _cell(v).replace("|", "\\|")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(esc(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


TENURE_HEADERS = ("holder", "name", "start", "end", "acting", "basis")


def tenure_rows(tenures: Sequence[Tenure]) -> list[list[Any]]:
    return [[t.holder, t.name, t.start, t.end, t.acting, t.basis] for t in tenures]


def governance_text(g: Governance, *, style: str) -> str:
    """The governance as a person reads it: offices with their holders, bodies with members."""
    heading = f"Governance as of {g.as_of.isoformat()}"
    office_rows = []
    for o in g.offices:
        holders = "; ".join(_holding(t) for t in o.holders) or "none recorded"
        office_rows.append([o.office.office, o.office.name, o.office.body, holders])
    member_rows = [
        [b.body.body, s.member, s.name, s.start, s.end, s.ex_officio]
        for b in g.bodies
        for s in b.members
    ]
    body_rows = [[b.body.body, b.body.name, b.body.part_of] for b in g.bodies]
    empty = [b.body.body for b in g.bodies if not b.members]
    office_headers = ("office", "name", "body", "held by")
    body_headers = ("body", "name", "part of")
    member_headers = ("body", "member", "name", "since", "until", "ex officio")
    if style == "md":
        parts = [f"# {heading}", "", "## Offices", "", markdown(office_headers, office_rows)]
        parts += ["", "## Bodies", "", markdown(body_headers, body_rows)]
        parts += ["", "## Body members", "", markdown(member_headers, member_rows)]
    else:
        parts = [heading, "", "Offices"]
        parts.append(table(office_headers, office_rows, indent="  ") if office_rows else "  none")
        parts += ["", "Bodies"]
        parts.append(table(body_headers, body_rows, indent="  ") if body_rows else "  none")
        parts += ["", "Body members"]
        parts.append(table(member_headers, member_rows, indent="  ") if member_rows else "  none")
    if empty:
        parts += ["", f"Bodies with no members on {g.as_of.isoformat()}: {', '.join(empty)}"]
    return "\n".join(parts)


def _holding(t: Tenure) -> str:
    acting = "acting " if t.acting else ""
    until = f" until {t.end.isoformat()}" if t.end else ""
    return f"{acting}{t.name} ({t.holder}) from {t.start.isoformat()}{until}"
