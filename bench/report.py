"""bench/RESULTS.md from the results of each size (bench/data/results-N.json).

The written analysis (profiles, what remains, PostgreSQL at 100M) lives in bench/NOTES.md and
is included at the end, so a rerun refreshes the figures without losing it.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _med(xs: list[float]) -> float | None:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def _p90(xs: list[float]) -> float | None:
    xs = sorted(x for x in xs if x is not None)
    return xs[min(len(xs) - 1, int(0.9 * len(xs)))] if xs else None


def _ms(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x * 1000:.3f} ms" if x < 0.01 else f"{x * 1000:.1f} ms" if x < 10 else f"{x:.1f} s"


def _s(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f} s"


def _rate(x: float | None) -> str:
    return "–" if x is None else f"{x:,.0f} ev/s"


def _size(label: int) -> str:
    return (
        f"{label // 1_000_000}M"
        if label % 1_000_000 == 0
        else (f"{label // 1000}k" if label % 1000 == 0 else f"{label:,}")
    )


def _cpu_of(samples: dict[str, list[float]], key: str) -> float | None:
    return _med(samples.get(f"_cpu {key}") or [])


def summarise(res: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry a figure: value, baseline, ratio (as text), the same ratio in CPU time, pass
    (judged on wall time, as the issue asks), and the time per operation used for growth."""
    n = res["events"]
    out: list[dict[str, Any]] = []

    def add(
        key: str,
        label: str,
        target: str,
        value: str,
        baseline: str,
        ratio: str,
        cpu: str,
        ok: bool | None,
        per_op: float | None,
    ) -> None:
        out.append(
            {
                "key": key,
                "label": label,
                "target": target,
                "value": value,
                "baseline": baseline,
                "ratio": ratio,
                "cpu": cpu,
                "ok": ok,
                "per_op": per_op,
            }
        )

    def pct(r: float | None) -> str:
        return "–" if r is None else f"{r:.0%} of raw"

    rec = res.get("record") or {}
    walls = [x for k, xs in rec.items() if not k.startswith("_") for x in xs]
    cpus = [x for k, xs in rec.items() if k.startswith("_cpu ") for x in xs]
    raw_rec = res.get("raw_record") or {}
    if isinstance(raw_rec, list):
        raw_rec = {"wall": raw_rec, "cpu": []}
    raw, raw_cpu = _med(raw_rec.get("wall") or []), _med(raw_rec.get("cpu") or [])
    v, vc = _med(walls), _med(cpus)
    r = raw / v if v and raw else None
    add(
        "record",
        "record one command, read models caught up (median of the mix)",
        "≥ 50% of raw",
        _ms(v),
        f"{_ms(raw)} (one-row transaction)",
        pct(r),
        f"{_ms(vc)} vs {_ms(raw_cpu)}",
        None if r is None else r >= 0.5,
        v,
    )

    imp = res.get("import") or []
    raw_imp_runs = [x if isinstance(x, dict) else {"wall": x} for x in res.get("raw_import") or []]
    raw_imp = _med([x["wall"] for x in raw_imp_runs])
    raw_imp_cpu = _med([x["cpu"] for x in raw_imp_runs if "cpu" in x])
    raw_rate = n / raw_imp if raw_imp else None
    for key, label, part, cpu_part, target in (
        (
            "import",
            "import JSONL into an empty ledger, chain included (store part)",
            "store",
            "cpu_store",
            "≥ 50% of raw",
        ),
        (
            "import_total",
            "… the whole `ledger import` (store, then read models; one run)",
            "total",
            "cpu_total",
            "(≥ 50% of raw)",
        ),
    ):
        t = _med([i[part] for i in imp if part in i])
        tc = _med([i[cpu_part] for i in imp if cpu_part in i])
        rate = n / t if t else None
        r = rate / raw_rate if rate and raw_rate else None
        rc = raw_imp_cpu / tc if raw_imp_cpu and tc else None
        add(
            key,
            label,
            target,
            _rate(rate) + f" ({_s(t)})",
            f"{_rate(raw_rate)} ({_s(raw_imp)}) executemany ×1000, one transaction"
            if key == "import"
            else "same",
            pct(r),
            pct(rc),
            None if r is None else r >= 0.5,
            t,
        )

    reb = res.get("rebuild") or []
    raw_runs = res.get("raw_rebuild") or []
    raw_reb = _med([x["total"] for x in raw_runs])
    raw_reb_cpu = _med([x["cpu"] for x in raw_runs if "cpu" in x])
    t = _med([x["seconds"] for x in reb])
    tc = _med([x["cpu_process"] for x in reb if "cpu_process" in x])
    rate = n / t if t else None
    raw_rate = n / raw_reb if raw_reb else None
    r = raw_reb / t if t and raw_reb else None
    rc = raw_reb_cpu / tc if raw_reb_cpu and tc else None
    add(
        "rebuild",
        "rebuild every read model from the log",
        "≥ 50% of raw",
        _rate(rate) + f" ({_s(t)})",
        f"{_rate(raw_rate)} ({_s(raw_reb)}) ordered scan + executemany of the same rows",
        pct(r),
        pct(rc) + " (whole process)",
        None if r is None else r >= 0.5,
        t,
    )
    rss = max((x["peak_rss_mb"] for x in reb), default=None)
    add(
        "rss",
        "… peak RSS of the rebuild (its own process)",
        "≤ 250 MB",
        "–" if rss is None else f"{rss:.0f} MB",
        "–",
        "–",
        "–",
        None if rss is None else rss <= 250,
        rss,
    )

    reads = res.get("reads") or {}
    raw_reads = res.get("raw_reads") or {}
    point = _med(raw_reads.get("point query") or [])
    point_cpu = _cpu_of(raw_reads, "point query")
    two = _med(raw_reads.get("governance in two queries") or [])
    for key, label in (
        ("holders --as-of", "`holders --as-of`, in process"),
        ("governance --as-of", "`governance --as-of`, in process (every office and body)"),
    ):
        v, vc = _med(reads.get(key) or []), _cpu_of(reads, key)
        extra = (
            f"; {_ms(two)} for the same rows in two plain queries" if "governance" in key else ""
        )
        add(
            key,
            label,
            "≤ 1 ms median",
            _ms(v),
            f"{_ms(point)} indexed point query{extra}",
            "–" if not (v and point) else f"{v / point:.0f}×",
            "–" if not (vc and point_cpu) else f"{vc / point_cpu:.0f}× ({_ms(vc)})",
            None if v is None else v <= 0.001,
            v,
        )
    known = {k: _med(xs) for k, xs in reads.items() if "known-at" in k and not k.startswith("_")}
    worst = max(known.items(), key=lambda kv: kv[1] or 0, default=(None, None))
    add(
        "known-at",
        f"any read `--known-at` an old position (worst: `{worst[0]}`)",
        "≤ 20 ms median",
        _ms(worst[1]),
        "–",
        "–",
        _ms(_cpu_of(reads, worst[0])) if worst[0] else "–",
        None if worst[1] is None else worst[1] <= 0.020,
        worst[1],
    )

    cli = res.get("cli") or {}
    base, base_cpu = _med(cli.get("python -c pass") or []), _cpu_of(cli, "python -c pass")
    key = "ledger holders OFFICE"
    v, vc = _med(cli.get(key) or []), _cpu_of(cli, key)
    r = v / base if v and base else None
    add(
        "cli",
        "CLI read from cold (`ledger --db X holders OFFICE`)",
        "≤ 5×",
        _s(v),
        f"{_s(base)} `python -c pass`",
        "–" if r is None else f"{r:.1f}×",
        "–"
        if not (vc and base_cpu)
        else f"{vc / base_cpu:.1f}× ({vc * 1000:.0f} vs {base_cpu * 1000:.0f} ms)",
        None if r is None else r <= 5,
        v,
    )

    tui = res.get("tui") or {}
    for key, target in (("first paint", 1.0), ("as-of change", 0.1), ("replay step", 0.05)):
        v = _med(tui.get(key) or [])
        add(
            f"tui {key}",
            f"TUI {key}",
            f"≤ {_ms(target)}",
            _ms(v),
            "–",
            "–",
            _ms(_cpu_of(tui, key)),
            None if v is None else v <= target,
            v,
        )
    return out


def _raw_record(r: dict[str, Any]) -> list[float]:
    raw = r.get("raw_record") or {}
    return raw if isinstance(raw, list) else raw.get("wall") or []


def _mark(ok: bool | None) -> str:
    return "–" if ok is None else ("**pass**" if ok else "**MISS**")


def write_report(results: list[dict[str, Any]], out: Path, *, quick: bool = False) -> None:
    results = sorted(results, key=lambda r: r["events"])
    sums = [summarise(r) for r in results]
    lines: list[str] = []
    w = lines.append
    w("# Benchmarks: the ledger against raw SQLite, in the same run")
    w("")
    if quick:
        w("*A `--quick` run: a tiny ledger to prove the harness works. Timings mean nothing.*")
        w("")
    w("Produced by `.venv/bin/python -m bench.run` (see `bench/run.py`); every figure is a")
    w("median, and each baseline was measured in the same run on the same machine. Targets are")
    w("those of issue 9, judged at 1M events; the other sizes are shown for growth.")
    w("")
    m = results[-1]["machine"] if results else {}
    w("## Machine")
    w("")
    w(
        f"- {m.get('nproc')} cores, {m.get('cpu', '?')}, {m.get('memory_gb', '?')} GB memory; "
        f"{m.get('platform', '')}"
    )
    w(
        f"- Python {m.get('python')}, SQLite {m.get('sqlite')} (default `synchronous` = "
        f"{m.get('sqlite_synchronous_default')}, i.e. FULL; the store is in WAL mode, as "
        "eventsourcing sets it); eventsourcing "
        f"{m.get('eventsourcing')}, msgspec {m.get('msgspec')}, sqlite-utils "
        f"{m.get('sqlite-utils')}, textual {m.get('textual')}"
    )
    for r in results:
        mm = r["machine"]
        loads = list((r.get("load") or {}).values())
        load = (
            (
                f"; 1-minute load average {min(loads):.1f}–{max(loads):.1f} on {mm.get('nproc')}"
                " cores while measuring"
            )
            if loads
            else ""
        )
        w(
            f"- {_size(r['meta']['target'])}: measured {mm.get('measured_at')} on commit "
            f"{mm.get('commit', '?')}, {r['repeat']} runs of each whole-log figure{load}"
        )
        if "machine_partial" in r:
            later = sorted(
                g
                for g, at in (r.get("measured") or {}).items()
                if at == r["machine_partial"].get("measured_at")
            )
            w(
                f"  - re-measured later ({r['machine_partial'].get('measured_at')}, commit "
                f"{r['machine_partial'].get('commit', '?')}): {', '.join(later)}"
            )
    w("")
    w("## The figures")
    w("")
    w("The *CPU-time view* gives the same comparison in CPU seconds of the measuring process (a")
    w("child's from `wait4`): it is what the figure would be without other processes competing")
    w("for the two cores, but it leaves out fsync waits (so it flatters one-row transactions).")
    w("")
    header = "| figure | target |"
    rule = "|---|---|"
    for r in results:
        s = _size(r["meta"]["target"])
        header += f" {s} | {s} baseline | {s} ratio | {s} CPU-time view | {s} |"
        rule += "---|---|---|---|---|"
    if len(results) > 1:
        header += (
            f" growth {_size(results[0]['meta']['target'])} → "
            f"{_size(results[-1]['meta']['target'])} |"
        )
        rule += "---|"
    w(header)
    w(rule)
    for i, row in enumerate(sums[0] if sums else []):
        line = f"| {row['label']} | {row['target']} |"
        for s in sums:
            x = s[i]
            line += (
                f" {x['value']} | {x['baseline']} | {x['ratio']} | {x['cpu']} | {_mark(x['ok'])} |"
            )
        if len(sums) > 1:
            a, b = sums[0][i]["per_op"], sums[-1][i]["per_op"]
            line += f" ×{b / a:.1f} |" if a and b else " – |"
        w(line)
    w("")
    if len(results) > 1:
        k = results[-1]["events"] / results[0]["events"]
        w(
            f"Growth is the figure's time (or RSS) at the largest size over the smallest; the log "
            f"grows ×{k:.0f}. Reads should stay flat (×1), whole-log work should grow ×{k:.0f} "
            "(linear)."
        )
        w("")

    w("## Record one command, by command")
    w("")
    w(
        "Each cycle is a focal point changing in the first partnership, a command at a time, "
        "each timed to its return (events saved and both read models caught up): "
    )
    w("")
    w(
        "| command | "
        + " | ".join(f"{_size(r['meta']['target'])} median | p90 | CPU median" for r in results)
        + " |"
    )
    w("|---|" + "---|---|---|" * len(results))
    names = sorted({k for r in results for k in (r.get("record") or {}) if not k.startswith("_")})
    for name in names:
        w(
            f"| {name} | "
            + " | ".join(
                f"{_ms(_med((r.get('record') or {}).get(name, [])))} | "
                f"{_ms(_p90((r.get('record') or {}).get(name, [])))} | "
                f"{_ms(_cpu_of(r.get('record') or {}, name))}"
                for r in results
            )
            + " |"
        )
    w(
        "| raw one-row insert (baseline) | "
        + " | ".join(
            f"{_ms(_med(_raw_record(r)))} | {_ms(_p90(_raw_record(r)))} | "
            f"{_ms(_med((r.get('raw_record') or {}).get('cpu') or []))}"
            for r in results
        )
        + " |"
    )
    w("")

    w("## Reads, by query")
    w("")
    w(
        "| read | "
        + " | ".join(f"{_size(r['meta']['target'])} median | p90 | CPU median" for r in results)
        + " |"
    )
    w("|---|" + "---|---|---|" * len(results))
    names = sorted({k for r in results for k in (r.get("reads") or {}) if not k.startswith("_")})
    for name in names:
        w(
            f"| {name} | "
            + " | ".join(
                f"{_ms(_med((r.get('reads') or {}).get(name, [])))} | "
                f"{_ms(_p90((r.get('reads') or {}).get(name, [])))} | "
                f"{_ms(_cpu_of(r.get('reads') or {}, name))}"
                for r in results
            )
            + " |"
        )
    for name in ("point query", "governance in two queries"):
        w(
            f"| raw: {name} | "
            + " | ".join(
                f"{_ms(_med((r.get('raw_reads') or {}).get(name, [])))} | "
                f"{_ms(_p90((r.get('raw_reads') or {}).get(name, [])))} | "
                f"{_ms(_cpu_of(r.get('raw_reads') or {}, name))}"
                for r in results
            )
            + " |"
        )
    for name in (
        "python -c pass",
        "ledger holders OFFICE",
        "ledger holders OFFICE --as-of",
        "ledger governance --as-of",
    ):
        w(
            f"| CLI: `{name}` | "
            + " | ".join(
                f"{_s(_med((r.get('cli') or {}).get(name, [])))} | "
                f"{_s(_p90((r.get('cli') or {}).get(name, [])))} | "
                f"{_s(_cpu_of(r.get('cli') or {}, name))}"
                for r in results
            )
            + " |"
        )
    tui_names = [
        "first paint",
        "as-of change",
        "replay step",
        *sorted({k for r in results for k in (r.get("tui") or {}) if k.startswith("open tab")}),
    ]
    for name in tui_names:
        w(
            f"| TUI: {name} | "
            + " | ".join(
                f"{_ms(_med((r.get('tui') or {}).get(name, [])))} | "
                f"{_ms(_p90((r.get('tui') or {}).get(name, [])))} | "
                f"{_ms(_cpu_of(r.get('tui') or {}, name))}"
                for r in results
            )
            + " |"
        )
    w("")
    for r in results:
        rd = r.get("reads") or {}
        if rd.get("_head"):
            w(
                f'- {_size(r["meta"]["target"])}: "old position" = {rd["_old_position"][0]:,.0f} '
                f"of {rd['_head'][0]:,.0f}; `governance --as-of 2023-05-02` returns "
                f"{rd['_governance_offices'][0]:,.0f} offices and "
                f"{rd['_governance_rows'][0]:,.0f} holder and member rows; the TUI (opened on that "
                f"day, on its governance tab) shows "
                f"{(r.get('tui') or {}).get('_rows_shown', [0])[0]:,.0f} table rows."
            )
    w("")

    w("## Whole-log work")
    w("")
    w("| | " + " | ".join(_size(r["meta"]["target"]) for r in results) + " |")
    w("|---|" + "---|" * len(results))

    def row(label: str, fn: Any) -> None:
        vals = []
        for r in results:
            try:
                vals.append(fn(r))
            except (KeyError, TypeError, ValueError, statistics.StatisticsError, ZeroDivisionError):
                vals.append("–")
        w(f"| {label} | " + " | ".join(vals) + " |")

    row("rebuild, each run", lambda r: ", ".join(_s(x["seconds"]) for x in r["rebuild"]))
    row(
        "rebuild peak RSS, each run",
        lambda r: ", ".join(f"{x['peak_rss_mb']:.0f} MB" for x in r["rebuild"]),
    )
    row(
        "raw rebuild: scan / write",
        lambda r: (
            f"{_s(_med([x['scan'] for x in r['raw_rebuild']]))}"
            f" / {_s(_med([x['write'] for x in r['raw_rebuild']]))}"
        ),
    )
    row("import: store part, each run", lambda r: ", ".join(_s(x["store"]) for x in r["import"]))
    row(
        "import: read models part (first run only)",
        lambda r: ", ".join(_s(x["read_models"]) for x in r["import"] if "read_models" in x),
    )
    row(
        "export (`ledger export`, once)",
        lambda r: (
            f"{_s(r['export']['wall'])} "
            f"({r['events'] / r['export']['wall']:,.0f} ev/s; {r['export']['bytes'] / 1e6:,.0f} MB)"
        ),
    )
    row(
        "raw import, each run",
        lambda r: ", ".join(_s(x["wall"] if isinstance(x, dict) else x) for x in r["raw_import"]),
    )
    w("")

    w("## Size on disk")
    w("")
    w(
        "| file | "
        + " | ".join(f"{_size(r['meta']['target'])} | per million events" for r in results)
        + " |"
    )
    w("|---|" + "---|---|" * len(results))
    files = list(dict.fromkeys(k for r in results for k in r.get("sizes", {})))
    for f in [*files, "total"]:
        cells = []
        for r in results:
            sz = r.get("sizes", {})
            b = sum(sz.values()) if f == "total" else sz.get(f)
            cells.append(
                "–" if b is None else f"{b / 1e6:,.1f} MB | {b / r['events'] * 1e6 / 1e6:,.0f} MB"
            )
        label = (
            "event store (events + links)"
            if f == "store"
            else ("all files" if f == "total" else f"read model `{f}`")
        )
        w(f"| {label} | " + " | ".join(cells) + " |")
    w("")

    w("## The data")
    w("")
    for r in results:
        meta = r["meta"]
        rec = meta.get("seconds_record") or 0
        w(
            f"- {_size(meta['target'])}: {meta['events']:,} events, {meta['partnerships']} "
            f"partnerships (seed {meta['seed']}, generator v{meta['generator_version']}); recorded "
            f"in {rec:.0f} s ({meta['events'] / rec if rec else 0:,.0f} ev/s, {meta['save_batch']}"
            f" events a save), read models built in {meta.get('seconds_catch_up', 0):.0f} s; "
            f"operations the domain refused: {sum(meta.get('refused', {}).values())}."
        )
    w("")
    w(
        "How it is generated and recorded: see the docstring of `bench/generate.py` (summarised in "
        "the notes below)."
    )
    w("")
    patched = [
        (r["meta"]["target"], i["patched"])
        for r in results
        for i in r.get("import") or []
        if "patched" in i
    ]
    if patched:
        w("## `ledger import` refuses its own export")
        w("")
        w(
            f"At {', '.join(sorted({_size(s) for s, _ in patched}))}, `Ledger.import_log` refused "
            f"the file `ledger export` had just written (`{patched[0][1]}`): "
            "`ledger/transfer.py:read_rows` compares the line's readable fields, decoded from "
            "JSON (lists), with `logged(...).as_json()`, whose payload keeps Python tuples "
            "(`msgspec.to_builtins` leaves tuples as tuples), so every event with a tuple field "
            "(`Body.RulesChanged.ex_officio`, `Meeting.AgendaItemAdded.presenters`, "
            "`ActionItem.Created.owners`…) is refused. The import figures above were measured "
            "with that comparison normalised through JSON (`msgspec.json.decode(msgspec.json."
            "encode(...))`, patched in by the harness for the measurement only): the cost of the "
            "fixed code, give or take one encode and decode a line."
        )
        w("")
    errors = [(r["meta"]["target"], k, v) for r in results for k, v in r.get("errors", {}).items()]
    if errors:
        w("## Figures that could not be measured")
        w("")
        for size, k, v in errors:
            w(f"- {_size(size)} {k}: `{v}`")
        w("")
    notes = HERE / "NOTES.md"
    if notes.exists() and not quick:
        w(notes.read_text().rstrip())
        w("")
    out.write_text("\n".join(lines))
