"""The figures of issue 9, each with its raw-SQLite baseline measured in the same run.

Every function returns plain data (lists of seconds, counts) for `bench.run` to summarise.
The ledger side goes through the public façade (`Ledger`) exactly as the CLI and the TUI do;
the baselines use plain `sqlite3` on files of the same shape, with the same pragmas the
ledger's store gets from eventsourcing (WAL, the default `synchronous`, autocommit with
explicit BEGIN/COMMIT).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

from bench.generate import END, open_ledger, sqlite_files, view_paths

CATCH_UP_BATCH_DEFAULT = 2000
IMPORT_BATCH_DEFAULT = 1000
PYTHON = sys.executable
LEDGER_BIN = str(Path(sys.executable).parent / "ledger")


def _connect(path: Path) -> sqlite3.Connection:
    """A plain connection as eventsourcing makes them: autocommit, WAL."""
    db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    return db


def _remove_db(path: Path) -> None:
    for f in sqlite_files(path):
        f.unlink(missing_ok=True)


_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


def _shadow_tables(db: sqlite3.Connection) -> set[str]:
    """The tables an FTS (virtual) table makes and fills for itself."""
    virtual = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
    ]
    return {v + suffix for v in virtual for suffix in _SHADOW_SUFFIXES}


def _schema(path: Path) -> list[str]:
    """The CREATE statements of a database (tables first, then indexes), without the shadow
    tables that virtual tables create for themselves."""
    with contextlib.closing(sqlite3.connect(str(path))) as db:
        shadows = _shadow_tables(db)
        rows = db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
            " AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid"
        ).fetchall()
    return [sql for _, name, sql in rows if name not in shadows]


def _catch_up_batch() -> int:
    try:
        from ledger import core

        return int(getattr(core, "CATCH_UP_BATCH", CATCH_UP_BATCH_DEFAULT))
    except ImportError:
        return CATCH_UP_BATCH_DEFAULT


# --- 1. record one command, read models caught up --------------------------------------


def pick_partnership(db: Path) -> dict[str, Any]:
    """The partnership the write and read figures use: the first (a full history), its
    country offices with their current focal points, its plenary and latest meeting."""
    views = {p.name.split(".")[-2]: p for p in view_paths(db)}
    with contextlib.closing(sqlite3.connect(str(views["governance"]))) as g:
        offices = [
            r[0]
            for r in g.execute(
                "SELECT handle FROM offices WHERE handle LIKE 'p0001-nfp-%' ORDER BY handle"
            )
        ]
        current = {}
        for office in offices:
            row = g.execute(
                "SELECT holder FROM mandates WHERE office = ? AND known_until IS NULL"
                " AND acting = 0 AND end IS NULL ORDER BY start DESC LIMIT 1",
                (office,),
            ).fetchone()
            if row:
                current[office] = row[0]
        all_offices = [r[0] for r in g.execute("SELECT handle FROM offices")]
    meeting = None
    if "proceedings" in views:
        with contextlib.closing(sqlite3.connect(str(views["proceedings"]))) as pr:
            row = pr.execute(
                "SELECT handle FROM meetings WHERE body = 'p0001-plenary' ORDER BY day DESC LIMIT 1"
            ).fetchone()
            meeting = row[0] if row else None
            meetings = [r[0] for r in pr.execute("SELECT handle FROM meetings")]
    else:
        meetings = []
    return {
        "focal_offices": current,
        "offices": all_offices,
        "plenary": "p0001-plenary",
        "meeting": meeting,
        "meetings": meetings,
    }


def record_commands(db: Path, cycles: int, *, warmup: int = 1) -> dict[str, list[float]]:
    """A focal point changes, `cycles` times, each command timed on its own, the way a
    secretariat records it: person add, mandate end, mandate start, member remove (plenary),
    member add (plenary), attend (the latest plenary meeting), decision agree."""
    from domain.decisions import Outcome
    from domain.errors import RuleBroken
    from domain.holders import HolderKind
    from domain.meetings import Capacity

    part = pick_partnership(db)
    offices = sorted(part["focal_offices"].items())
    if not offices:
        raise RuntimeError("no focal-point office with an open mandate to change")
    ledger = open_ledger(db, actor="bench")
    samples: dict[str, list[float]] = {}
    refused: dict[str, int] = {}
    try:
        for cycle in range(warmup + cycles):
            office, old = offices[cycle % len(offices)]
            day = date(2026, 1, 1) + timedelta(days=cycle)
            new = f"bench-fp-{cycle}-{uuid4().hex[:8]}"
            steps: list[tuple[str, Any]] = [
                (
                    "person add",
                    lambda: ledger.add_holder(
                        f"Bench Person {cycle}", HolderKind.PERSON, handle=new
                    ),
                ),
                ("mandate end", lambda: ledger.end_mandate(office, old, day)),
                (
                    "mandate start",
                    lambda: ledger.start_mandate(office, new, day, basis="nomination letter"),
                ),
                ("member remove", lambda: ledger.remove_member(part["plenary"], old, day)),
                ("member add", lambda: ledger.add_member(part["plenary"], new, day)),
            ]
            if part["meeting"]:
                steps.append(
                    (
                        "meeting attend",
                        lambda: ledger.attend(part["meeting"], new, Capacity.NATIONAL_FOCAL_POINT),
                    )
                )
                steps.append(
                    (
                        "decision agree",
                        lambda: ledger.record_decision(
                            f"bench-d-{new}",
                            Outcome.AGREED,
                            title="Welcome the new focal point",
                            meeting=part["meeting"],
                        ),
                    )
                )
            for name, command in steps:
                t = time.perf_counter()
                c = time.process_time()
                try:
                    command()
                except RuleBroken as e:
                    key = f"{name}: {e}"[:160]
                    refused[key] = refused.get(key, 0) + 1
                    continue
                elapsed = time.perf_counter() - t
                cpu = time.process_time() - c
                if cycle >= warmup:
                    samples.setdefault(name, []).append(elapsed)
                    samples.setdefault(f"_cpu {name}", []).append(cpu)
            offices[cycle % len(offices)] = (office, new)
    finally:
        ledger.close()
    if refused:
        samples["_refused"] = [float(len(refused))]
        print(f"  refused while recording: {refused}", flush=True)
    return samples


def raw_one_row_inserts(db: Path, work: Path, n: int) -> dict[str, list[float]]:
    """Baseline: one row a transaction into a copy of the store (same table, same size),
    rows as big as the events recorded above (a MandateStarted)."""
    copy = work / "raw-record.db"
    _remove_db(copy)
    for f, g in zip(sqlite_files(db), sqlite_files(copy), strict=True):
        if f.exists():
            shutil.copyfile(f, g)
    conn = _connect(copy)
    topic, state = conn.execute(
        "SELECT topic, state FROM stored_events WHERE topic LIKE '%MandateStarted'"
        " ORDER BY rowid DESC LIMIT 1"
    ).fetchone()
    out, cpu = [], []
    try:
        for _ in range(n + 5):
            t = time.perf_counter()
            c = time.process_time()
            conn.execute("BEGIN")
            conn.execute(
                "INSERT INTO stored_events (originator_id, originator_version, topic, state)"
                " VALUES (?, ?, ?, ?)",
                (uuid4().hex, 1, topic, state),
            )
            conn.execute("COMMIT")
            out.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    finally:
        conn.close()
        _remove_db(copy)
    return {"wall": out[5:], "cpu": cpu[5:]}


# --- 2. import JSONL into an empty ledger -------------------------------------------------


def export_jsonl(db: Path, out: Path) -> dict[str, float]:
    """`ledger export` of the working copy (the file the imports read): made in each run with
    the code under test, so a change to the export format never meets a stale file."""
    from bench.generate import export

    ledger = open_ledger(db, actor="bench")
    try:
        t, c = time.perf_counter(), time.process_time()
        export(ledger, out)
        return {
            "wall": time.perf_counter() - t,
            "cpu": time.process_time() - c,
            "bytes": out.stat().st_size,
        }
    finally:
        ledger.close()


def import_jsonl(jsonl: Path, work: Path, *, read_models: bool = True) -> dict[str, Any]:
    """`ledger import` as shipped; if it refuses its own export because the readable fields
    hold tuples where the file holds JSON lists (seen with tuple-valued events such as
    Body.RulesChanged and Meeting.AgendaItemAdded), measure it again with that comparison
    normalised through JSON, and say so (`patched`)."""
    from domain.errors import RuleBroken

    try:
        return _import_jsonl(jsonl, work, read_models)
    except RuleBroken as e:
        if "readable fields do not match" not in str(e):
            raise
        refusal = str(e)
    import msgspec

    import ledger.transfer as transfer

    original = transfer.logged

    class _Normalised:
        def __init__(self, described: Any) -> None:
            self.described = described

        def as_json(self) -> Any:
            return msgspec.json.decode(msgspec.json.encode(self.described.as_json()))

    transfer.logged = lambda *a, **k: _Normalised(original(*a, **k))  # type: ignore[assignment]
    try:
        result = _import_jsonl(jsonl, work, read_models)
    finally:
        transfer.logged = original
    result["patched"] = refusal
    return result


def _import_jsonl(jsonl: Path, work: Path, read_models: bool) -> dict[str, Any]:
    """`ledger import` as the façade does it: parse, check and chain every line, insert in
    one transaction, then bring the read models up. The two parts are timed apart; without
    `read_models` the second is skipped (it is the rebuild, measured on its own)."""
    target = work / "import" / "ledger.db"
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir(parents=True)
    ledger = open_ledger(target, create=True, actor="bench")
    marks: dict[str, float] = {}
    original = ledger.catch_up

    def timed_catch_up(*args: Any, **kwargs: Any) -> int:
        marks["stored"] = time.perf_counter()
        marks["stored_cpu"] = time.process_time()
        return original(*args, **kwargs) if read_models else 0

    ledger.catch_up = timed_catch_up  # only to see where the store part ends
    try:
        with jsonl.open("rb") as lines:
            t = time.perf_counter()
            c = time.process_time()
            count = ledger.import_log(lines)
            done = time.perf_counter()
            done_cpu = time.process_time()
    finally:
        ledger.close()
    shutil.rmtree(target.parent, ignore_errors=True)
    stored = marks.get("stored", done)
    stored_cpu = marks.get("stored_cpu", done_cpu)
    out = {"events": count, "store": stored - t, "cpu_store": stored_cpu - c}
    if read_models:
        out.update({"total": done - t, "read_models": done - stored, "cpu_total": done_cpu - c})
    return out


def load_store_rows(db: Path) -> tuple[list[str], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rows the import writes: every event and its link, exactly as stored."""
    schema = [s for s in _schema(db)]
    with contextlib.closing(sqlite3.connect(str(db))) as c:
        events = c.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events"
            " ORDER BY rowid"
        ).fetchall()
        links = c.execute("SELECT notification_id, link FROM event_links ORDER BY 1").fetchall()
    return schema, events, links


def raw_import(
    schema: list[str],
    events: list[tuple[Any, ...]],
    links: list[tuple[Any, ...]],
    work: Path,
    batch: int = IMPORT_BATCH_DEFAULT,
) -> dict[str, float]:
    """Baseline: the same rows into an empty store of the same schema, `executemany` of
    `batch` rows at a time, all in one transaction (as `insert_exact` does)."""
    target = work / "raw-import.db"
    _remove_db(target)
    conn = _connect(target)
    for statement in schema:
        conn.execute(statement)
    t = time.perf_counter()
    c = time.process_time()
    conn.execute("BEGIN")
    for i in range(0, len(events), batch):
        conn.executemany(
            "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state)"
            " VALUES (?, ?, ?, ?, ?)",
            events[i : i + batch],
        )
        conn.executemany("INSERT INTO event_links VALUES (?, ?)", links[i : i + batch])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - t
    cpu = time.process_time() - c
    conn.close()
    _remove_db(target)
    return {"wall": elapsed, "cpu": cpu}


# --- 3. rebuild every read model ----------------------------------------------------------


def rebuild_in_child(db: Path) -> dict[str, float]:
    """`Ledger.rebuild()` in a process of its own; its peak RSS from `wait4`."""
    proc = subprocess.Popen(
        [PYTHON, "-m", "bench.child", "rebuild", str(db)],
        stdout=subprocess.PIPE,
        cwd=str(Path(__file__).resolve().parent.parent),
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"rebuild child failed ({proc.returncode})")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result["peak_rss_mb"] = usage.ru_maxrss / 1024  # kB on Linux
    result["cpu_process"] = usage.ru_utime + usage.ru_stime
    return result


def load_view_rows(db: Path) -> list[dict[str, Any]]:
    """Every read model's final rows (what a rebuild writes), its schema and topics."""
    from ledger.core import LedgerCore

    out = []
    for name, path in zip(LedgerCore.READ_MODELS, view_paths(db), strict=True):
        projection_class = LedgerCore.READ_MODELS[name][0]
        schema = _schema(path)
        tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
        with contextlib.closing(sqlite3.connect(str(path))) as c:
            shadows = _shadow_tables(c)
            for (table,) in c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name != 'tracking'"
            ).fetchall():
                if table in shadows:
                    continue
                cur = c.execute(f"SELECT * FROM {table}")
                cols = [d[0] for d in cur.description]
                tables[table] = (cols, cur.fetchall())
        out.append(
            {
                "name": name,
                "schema": schema,
                "tables": tables,
                "topics": tuple(getattr(projection_class, "topics", ())),
            }
        )
    return out


def raw_rebuild(db: Path, views: list[dict[str, Any]], work: Path) -> dict[str, float]:
    """Baseline: per read model, an ordered keyset scan of the log in pages of the catch-up
    batch (with the same topic filter), and `executemany` of the rows the rebuild ends up
    with into a fresh file of the same schema, one transaction a page."""
    batch = _catch_up_batch()
    store = sqlite3.connect(str(db), isolation_level=None)
    total_scan = total_write = 0.0
    scanned = 0
    cpu0 = time.process_time()
    for view in views:
        target = work / f"raw-{view['name']}.db"
        _remove_db(target)
        out = _connect(target)
        for statement in view["schema"]:
            out.execute(statement)
        rows = [(t, cols, r) for t, (cols, rs) in view["tables"].items() for r in rs]
        # Group the rows into one list per table, handed out evenly across the pages.
        topics = view["topics"]
        where = f" AND topic IN ({','.join('?' * len(topics))})" if topics else ""
        count = store.execute(
            f"SELECT count(*) FROM stored_events WHERE rowid > 0{where}", topics
        ).fetchone()[0]
        pages = max(1, -(-count // batch))
        per_page = -(-len(rows) // pages) if rows else 0
        position, page = 0, 0
        while True:
            t = time.perf_counter()
            fetched = store.execute(
                f"SELECT rowid, * FROM stored_events WHERE rowid > ?{where} ORDER BY rowid LIMIT ?",
                (position, *topics, batch),
            ).fetchall()
            t2 = time.perf_counter()
            chunk = rows[page * per_page : (page + 1) * per_page] if per_page else []
            out.execute("BEGIN")
            by_table: dict[str, list[tuple[Any, ...]]] = {}
            for table, _cols, r in chunk:
                by_table.setdefault(table, []).append(r)
            for table, rs in by_table.items():
                cols = view["tables"][table][0]
                out.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES"
                    f" ({', '.join('?' * len(cols))})",
                    rs,
                )
            out.execute("COMMIT")
            t3 = time.perf_counter()
            total_scan += t2 - t
            total_write += t3 - t2
            scanned += len(fetched)
            page += 1
            if len(fetched) < batch:
                break
            position = fetched[-1][0]
        # Rows left over (rounding) go in a last transaction.
        rest = rows[page * per_page :] if per_page else []
        if rest:
            t = time.perf_counter()
            out.execute("BEGIN")
            for table, cols, r in rest:
                out.execute(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES"
                    f" ({', '.join('?' * len(cols))})",
                    r,
                )
            out.execute("COMMIT")
            total_write += time.perf_counter() - t
        out.close()
        _remove_db(target)
    store.close()
    return {
        "total": total_scan + total_write,
        "scan": total_scan,
        "write": total_write,
        "scanned": scanned,
        "cpu": time.process_time() - cpu0,
    }


# --- 4 and 5. reads in process ------------------------------------------------------------


def _days(rng: random.Random, n: int) -> list[date]:
    return [
        date(1980, 1, 1) + timedelta(days=rng.randint(0, (END - date(1980, 1, 1)).days))
        for _ in range(n)
    ]


_CPU: list[float] = []


def _timed(fn: Any, args: list[Any]) -> list[float]:
    """Wall time of each call; the CPU time of each is left in `_CPU`."""
    out = []
    _CPU.clear()
    for a in args:
        t = time.perf_counter()
        c = time.process_time()
        fn(*a)
        out.append(time.perf_counter() - t)
        _CPU.append(time.process_time() - c)
    return out


def _with_cpu(out: dict[str, list[float]], key: str, fn: Any, args: list[Any]) -> None:
    out[key] = _timed(fn, args)
    out[f"_cpu {key}"] = list(_CPU)


def reads(db: Path, n_point: int, n_heavy: int, seed: int = 7) -> dict[str, list[float]]:
    """In-process reads through the façade, on a ledger opened once (as the TUI does)."""
    rng = random.Random(seed)
    part = pick_partnership(db)
    offices = part["offices"]
    ledger = open_ledger(db, actor="bench")
    out: dict[str, list[float]] = {}
    try:
        head = ledger.head_position()
        old = max(1, head // 10)  # an old position: a tenth of the way into the log
        old_instant = ledger.recorded_at(old)
        point_args = [(rng.choice(offices), d) for d in _days(rng, n_point)]
        heavy_days = _days(rng, n_heavy)
        # Warm the caches the way a long-running process has them.
        for office, d in point_args[:5]:
            ledger.holders(office, as_of=d)
        ledger.governance_on(heavy_days[0])
        _with_cpu(out, "holders --as-of", lambda o, d: ledger.holders(o, as_of=d), point_args)
        _with_cpu(out, "holders (whole line)", lambda o, d: ledger.holders(o), point_args)
        _with_cpu(
            out, "governance --as-of", lambda d: ledger.governance_on(d), [(d,) for d in heavy_days]
        )
        # --known-at an old position (offices that existed then).
        known_offices = _known_offices(db, old)
        old_args = [(rng.choice(known_offices), d) for d in _days(rng, n_point)]
        _with_cpu(
            out, "holders --known-at old", lambda o, d: ledger.holders(o, known_at=old), old_args
        )
        _with_cpu(
            out,
            "holders --as-of --known-at old",
            lambda o, d: ledger.holders(o, as_of=d, known_at=old),
            old_args,
        )
        _with_cpu(
            out,
            "holders --known-at old instant",
            lambda o, d: ledger.holders(o, known_at=old_instant),
            old_args[: max(3, n_heavy)],
        )
        _with_cpu(
            out,
            "governance --as-of --known-at old",
            lambda d: ledger.governance_on(d, known_at=old),
            [(d,) for d in heavy_days],
        )
        if hasattr(ledger, "meeting") and part["meetings"]:
            known_meetings = _known_meetings(db, old) or part["meetings"]
            _with_cpu(
                out,
                "meeting --known-at old",
                lambda m: ledger.meeting(m, known_at=old),
                [(rng.choice(known_meetings),) for _ in range(n_point)],
            )
            _with_cpu(
                out,
                "decisions --meeting --known-at old",
                lambda m: ledger.decisions(meeting=m, known_at=old),
                [(rng.choice(known_meetings),) for _ in range(n_point)],
            )
        if hasattr(ledger, "events_window"):  # informative: the audit tab and the dashboard
            _with_cpu(
                out,
                "audit window, 500 events",
                lambda: ledger.events_window(limit=500),
                [()] * max(3, n_heavy),
            )
            _with_cpu(
                out,
                "audit window, 8 events",
                lambda: ledger.events_window(limit=8),
                [()] * max(3, n_heavy),
            )
        out["_head"] = [float(head)]
        out["_old_position"] = [float(old)]
        g = ledger.governance_on(date(2023, 5, 2))  # the TUI's day
        out["_governance_offices"] = [float(len(g.offices))]
        out["_governance_rows"] = [
            float(sum(len(o.holders) for o in g.offices) + sum(len(b.members) for b in g.bodies))
        ]
    finally:
        ledger.close()
    return out


def _known_offices(db: Path, position: int) -> list[str]:
    gov = next(p for p in view_paths(db) if p.name.endswith(".governance.db"))
    with contextlib.closing(sqlite3.connect(str(gov))) as g:
        return [
            r[0] for r in g.execute("SELECT handle FROM offices WHERE known_from <= ?", (position,))
        ] or ["none"]


def _known_meetings(db: Path, position: int) -> list[str]:
    paths = [p for p in view_paths(db) if p.name.endswith(".proceedings.db")]
    if not paths:
        return []
    with contextlib.closing(sqlite3.connect(str(paths[0]))) as c:
        return [
            r[0]
            for r in c.execute("SELECT handle FROM meetings WHERE known_from <= ?", (position,))
        ]


HOLDERS_SQL = (
    "SELECT m.holder, h.name, m.start, m.end, m.acting, m.basis FROM mandates m"
    " JOIN holders h ON h.handle = m.holder WHERE m.office = ? AND m.known_until IS NULL"
    " AND m.start <= ? AND (m.end IS NULL OR m.end > ?) ORDER BY m.start, m.number"
)
GOVERNANCE_SQL = (
    "SELECT o.handle, o.name, m.holder, h.name, m.start, m.end FROM offices o"
    " LEFT JOIN mandates m ON m.office = o.handle AND m.known_until IS NULL"
    " AND m.start <= :d AND (m.end IS NULL OR m.end > :d)"
    " LEFT JOIN holders h ON h.handle = m.holder ORDER BY o.known_from"
)
MEMBERS_SQL = (
    "SELECT b.handle, m.member, h.name, m.start, m.end FROM bodies b"
    " JOIN memberships m ON m.body = b.handle AND m.known_until IS NULL"
    " AND m.start <= :d AND (m.end IS NULL OR m.end > :d)"
    " JOIN holders h ON h.handle = m.member ORDER BY b.known_from, m.start"
)


def raw_reads(db: Path, n_point: int, n_heavy: int, seed: int = 7) -> dict[str, list[float]]:
    """Baselines: the indexed point query behind `holders --as-of` with plain sqlite3, and
    (for scale) everything `governance --as-of` returns in two plain queries."""
    rng = random.Random(seed)
    part = pick_partnership(db)
    gov = next(p for p in view_paths(db) if p.name.endswith(".governance.db"))
    conn = sqlite3.connect(str(gov))
    out: dict[str, list[float]] = {}
    try:
        args = [
            (rng.choice(part["offices"]), d.isoformat(), d.isoformat()) for d in _days(rng, n_point)
        ]
        for a in args[:5]:
            conn.execute(HOLDERS_SQL, a).fetchall()
        _with_cpu(out, "point query", lambda *a: conn.execute(HOLDERS_SQL, a).fetchall(), args)
        days = [d.isoformat() for d in _days(rng, n_heavy)]
        _with_cpu(
            out,
            "governance in two queries",
            lambda d: (
                conn.execute(GOVERNANCE_SQL, {"d": d}).fetchall(),
                conn.execute(MEMBERS_SQL, {"d": d}).fetchall(),
            ),
            [(d,) for d in days],
        )
    finally:
        conn.close()
    return out


# --- 6. CLI read from cold ----------------------------------------------------------------


def cli_cold(db: Path, n: int, seed: int = 7, *, warm: bool = True) -> dict[str, list[float]]:
    rng = random.Random(seed)
    part = pick_partnership(db)
    office = "p0001-chair" if "p0001-chair" in part["offices"] else part["offices"][0]
    env = {**os.environ, "LEDGER_ACTOR": "bench"}
    commands = {
        "python -c pass": [PYTHON, "-c", "pass"],
        "ledger holders OFFICE": [LEDGER_BIN, "--db", str(db), "holders", office],
        "ledger holders OFFICE --as-of": [
            LEDGER_BIN,
            "--db",
            str(db),
            "holders",
            office,
            "--as-of",
            "2010-06-01",
        ],
        "ledger governance --as-of": [
            LEDGER_BIN,
            "--db",
            str(db),
            "governance",
            "--as-of",
            "2010-06-01",
            "--format",
            "json",
        ],
    }
    out: dict[str, list[float]] = {k: [] for k in commands}
    out.update({f"_cpu {k}": [] for k in commands})

    def run(cmd: list[str]) -> tuple[float, float]:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}")
        return wall, usage.ru_utime + usage.ru_stime

    for cmd in commands.values() if warm else ():  # one untimed run each: warm OS cache
        run(cmd)
    order = [name for name in commands for _ in range(n)]
    rng.shuffle(order)
    for name in order:
        wall, cpu = run(commands[name])
        out[name].append(wall)
        out[f"_cpu {name}"].append(cpu)
    return out


# --- 7. TUI -------------------------------------------------------------------------------


def tui(db: Path, repeat: int, seed: int = 7, *, changes: int = 3) -> dict[str, list[float]]:
    """First paint, then `changes` as-of changes and `changes` replay steps, `repeat` times."""
    import asyncio

    return asyncio.run(_tui(db, repeat, seed, changes))


async def _settle(pilot: Any) -> None:
    """Until the thread workers have answered, their messages have been handled and the
    screen has been updated (one load may start another: showing the offices loads the
    highlighted office's line; a newer load cancels an older one of its group).

    Not `pilot.pause()`: it waits for the process to look idle in steps of 20 ms (up to a
    second when busy), which would swamp the 50 ms and 100 ms targets."""

    from textual.worker import WorkerCancelled, WorkerState

    app = pilot.app
    busy_states = (WorkerState.PENDING, WorkerState.RUNNING)
    deadline = time.perf_counter() + 600
    while time.perf_counter() < deadline:
        await pilot._wait_for_screen()
        failed = [w for w in app.workers if w.state == WorkerState.ERROR]
        if failed:
            raise RuntimeError(f"TUI worker {failed[0].name} failed: {failed[0].error!r}")
        if any(w.state in busy_states for w in app.workers):
            # Awaited, not polled: a polling loop holds the GIL against the worker threads
            # it waits for (a 3 s calendar took 36 s under a 0.5 ms poll).
            # A worker cancelled by a newer load of its group: wait for that one.
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete()
            continue
        await pilot._wait_for_screen()  # what the finished workers posted
        if any(w.state in busy_states for w in app.workers):
            continue
        app.screen._on_timer_update()  # paint now, as the next refresh would
        await pilot._wait_for_screen()
        return
    raise RuntimeError("the TUI did not settle in ten minutes")


async def _tui(
    db: Path, repeat: int, seed: int, changes: int, budget: float = 300.0
) -> dict[str, list[float]]:
    """`repeat` runs of: first paint, `changes` as-of changes, `changes` replay steps; then
    every other tab opened once. Once `budget` seconds are spent, no further run starts (at
    1M a first paint takes minutes here). A tab that does not settle is recorded as failed."""
    import resource

    from textual import events

    from tui.app import make_app

    rng = random.Random(seed)
    ledger = open_ledger(db, actor="bench")
    out: dict[str, list[float]] = {
        "first paint": [],
        "as-of change": [],
        "replay step": [],
        "_cpu first paint": [],
        "_cpu as-of change": [],
        "_cpu replay step": [],
    }
    started = time.perf_counter()
    try:
        for run in range(repeat):
            if run and time.perf_counter() - started > budget:
                out["_runs_cut_by_budget"] = [float(repeat - run)]
                break
            t, c = time.perf_counter(), time.process_time()
            app = make_app(ledger, as_of=date(2023, 5, 2), today=date(2026, 11, 24))
            async with app.run_test(size=(160, 48)) as pilot:
                await _settle(pilot)
                out["first paint"].append(time.perf_counter() - t)
                out["_cpu first paint"].append(time.process_time() - c)
                out["_rows_shown"] = [float(_table_rows(app))]
                for d in _days(rng, changes):
                    t, c = time.perf_counter(), time.process_time()
                    app.as_of = d
                    await _settle(pilot)
                    out["as-of change"].append(time.perf_counter() - t)
                    out["_cpu as-of change"].append(time.process_time() - c)
                for _ in range(changes):
                    t, c = time.perf_counter(), time.process_time()
                    # The key as the terminal's driver delivers it. Not `pilot.press`: it
                    # then waits for the process to look idle, sleeping at least 40 ms.
                    app.post_message(events.Key("left_square_bracket", "["))
                    await _settle(pilot)
                    out["replay step"].append(time.perf_counter() - t)
                    out["_cpu replay step"].append(time.process_time() - c)
                if run == 0:
                    # Informative: every other tab, opened once, as known now.
                    app.known_at = None
                    await _settle(pilot)
                    for tab in _tabs(app):
                        t, c = time.perf_counter(), time.process_time()
                        try:
                            await app.action_show_tab(tab)
                            await _settle(pilot)
                        except RuntimeError:
                            out.setdefault("_tabs_failed", []).append(1.0)
                            out.setdefault(f"_failed open tab {tab}", []).append(
                                time.perf_counter() - t
                            )
                            continue
                        out.setdefault(f"open tab {tab}", []).append(time.perf_counter() - t)
                        out.setdefault(f"_cpu open tab {tab}", []).append(time.process_time() - c)
        out["_peak_rss_mb"] = [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]
    finally:
        ledger.close()
    return out


def _tabs(app: Any) -> list[str]:
    from textual.widgets import TabbedContent

    try:
        tabbed = app.query_one(TabbedContent)
        panes = [p.id for p in tabbed.query("TabPane") if p.id]
        return [t for t in panes if t != tabbed.active]
    except Exception:
        return []


def _table_rows(app: Any) -> int:
    from textual.widgets import DataTable

    return sum(t.row_count for t in app.query(DataTable))


# --- sizes and the machine ----------------------------------------------------------------


def sizes(db: Path) -> dict[str, int]:
    out = {"store": sum(f.stat().st_size for f in sqlite_files(db) if f.exists())}
    for v in view_paths(db):
        out[v.name.split(".")[-2]] = sum(f.stat().st_size for f in sqlite_files(v) if f.exists())
    return out


def machine() -> dict[str, Any]:
    import platform

    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    from importlib.metadata import version

    for pkg in ("eventsourcing", "msgspec", "sqlite-utils", "textual"):
        with contextlib.suppress(Exception):
            info[pkg] = version(pkg)
    with contextlib.suppress(Exception):
        root = Path(__file__).resolve().parent.parent
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "domain", "ledger", "projections", "tui"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        info["commit"] = rev + (" (with uncommitted changes to the source)" if dirty else "")
    with contextlib.suppress(Exception):
        c = sqlite3.connect(":memory:")
        info["sqlite_synchronous_default"] = c.execute("PRAGMA synchronous").fetchone()[0]
    info["measured_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return info
