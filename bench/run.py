"""Benchmarks at 100k and 1M events against raw SQLite in the same run (issue 9).

    .venv/bin/python -m bench.run                       # 100k and 1M, 5 runs of each figure
    .venv/bin/python -m bench.run --events 100000 --repeat 3
    .venv/bin/python -m bench.run --quick               # CI: 2,000 events, seconds, no RESULTS.md

Generated ledgers are cached in bench/data/ (keyed by size, seed and generator version), so a
rerun only measures. Each size's figures are kept in bench/data/results-N.json and
bench/RESULTS.md is written from every size measured so far. `--quick` works in a temporary
directory and asserts nothing about timings: it exits 0 when every figure could be measured.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from bench import figures
from bench.generate import cached_ledger, copy_ledger
from bench.report import write_report

HERE = Path(__file__).resolve().parent


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


GROUPS = ("rebuild", "reads", "cli", "tui", "record", "import")
# The result keys each group writes (for merging a partial run into earlier results).
KEYS = {
    "rebuild": ("rebuild", "raw_rebuild", "sizes"),
    "reads": ("reads", "raw_reads"),
    "cli": ("cli",),
    "tui": ("tui",),
    "record": ("record", "raw_record"),
    "import": ("export", "import", "raw_import"),
}


# Which group each step (as named in the log and in `errors`) belongs to.
STEP_GROUPS = (
    ("load the rebuilt", "rebuild"),
    ("raw rebuild", "rebuild"),
    ("rebuild", "rebuild"),
    ("export", "import"),
    ("load the store", "import"),
    ("raw import", "import"),
    ("import", "import"),
    ("raw reads", "reads"),
    ("reads", "reads"),
    ("CLI", "cli"),
    ("TUI", "tui"),
    ("raw one-row", "record"),
    ("record", "record"),
)


def group_of(step: str) -> str | None:
    return next((group for prefix, group in STEP_GROUPS if step.startswith(prefix)), None)


def measure(
    n: int,
    repeat: int,
    data: Path,
    seed: int,
    *,
    regenerate: bool,
    samples: int,
    quick: bool = False,
    only: tuple[str, ...] = GROUPS,
    checkpoint: Any = None,
) -> dict[str, Any]:
    """The figures of `only` for a ledger of `n` events; figures that fail are reported, not
    fatal."""
    log(f"== {n:,} events")
    cached, meta = cached_ledger(data, n, seed, regenerate=regenerate, log=log)
    work = data / f"work-{n}"
    shutil.rmtree(work, ignore_errors=True)
    db = copy_ledger(cached, work / "ledger")
    machine = figures.machine()
    res: dict[str, Any] = {
        "events": meta["events"],
        "meta": meta,
        "repeat": repeat,
        "machine": machine,
        "errors": {},
        "load": {},
        "measured": {g: machine.get("measured_at") for g in only},
    }

    def step(name: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        log(f"  {name}")
        res["load"][name] = os.getloadavg()[0]
        t = time.perf_counter()
        try:
            value = fn(*args, **kwargs)
        except Exception as e:
            traceback.print_exc()
            res["errors"][name] = f"{type(e).__name__}: {e}"
            return None
        log(f"  {name}: {time.perf_counter() - t:.1f}s")
        return value

    if "rebuild" in only:
        res["rebuild"] = [
            r
            for r in (
                step(f"rebuild {i + 1}/{repeat}", figures.rebuild_in_child, db)
                for i in range(repeat)
            )
            if r
        ]
        res["sizes"] = figures.sizes(db)
        views = step("load the rebuilt views' rows", figures.load_view_rows, db)
        if views is not None:
            res["raw_rebuild"] = [
                r
                for r in (
                    step(f"raw rebuild {i + 1}/{repeat}", figures.raw_rebuild, db, views, work)
                    for i in range(repeat)
                )
                if r
            ]
        del views
    jsonl = work / "export.jsonl"
    if checkpoint is not None:
        checkpoint(res)
    if "import" in only:  # exported before any write, imported at the end
        res["export"] = step("export", figures.export_jsonl, db, jsonl)
    if checkpoint is not None:
        checkpoint(res)
    if "reads" in only:
        res["reads"] = step("reads in process", figures.reads, db, samples * 20, max(3, samples))
        res["raw_reads"] = step("raw reads", figures.raw_reads, db, samples * 20, max(3, samples))
    if checkpoint is not None:
        checkpoint(res)
    if "cli" in only:
        res["cli"] = step(
            "CLI from cold",
            figures.cli_cold,
            db,
            1 if quick else max(3, repeat * 2),
            warm=not quick,
        )
    if checkpoint is not None:
        checkpoint(res)
    if "tui" in only:
        res["tui"] = step("TUI", figures.tui, db, repeat, changes=1 if quick else 3)
    if checkpoint is not None:
        checkpoint(res)
    if "record" in only:  # writes last: they add events to the working copy
        res["record"] = step("record commands", figures.record_commands, db, max(3, samples * 2))
        res["raw_record"] = step(
            "raw one-row inserts", figures.raw_one_row_inserts, db, work, max(20, samples * 20)
        )
    if checkpoint is not None:
        checkpoint(res)
    if "import" in only:
        # The first import is the whole `ledger import`; the others stop after the store
        # part (bringing the read models up is the rebuild, measured on its own).
        res["import"] = [
            r
            for r in (
                step(
                    f"import {i + 1}/{repeat}",
                    figures.import_jsonl,
                    jsonl,
                    work,
                    read_models=i == 0,
                )
                for i in range(repeat)
            )
            if r
        ]
        if any("patched" in r for r in res["import"]):
            log(
                "  WARNING: `ledger import` refused the ledger's own export; the import "
                "figure was measured with the readable-field comparison normalised (see "
                "RESULTS.md)"
            )
        rows = step("load the store's rows", figures.load_store_rows, cached)
        if rows is not None:
            res["raw_import"] = [
                r
                for r in (
                    step(f"raw import {i + 1}/{repeat}", figures.raw_import, *rows, work)
                    for i in range(repeat)
                )
                if r is not None
            ]
        del rows
    shutil.rmtree(work, ignore_errors=True)
    return res


def merge(old: dict[str, Any], new: dict[str, Any], only: tuple[str, ...]) -> dict[str, Any]:
    """A partial run's groups over an earlier full run's results (same ledger)."""
    if old.get("meta", {}).get("generator_version") != new["meta"]["generator_version"]:
        return new
    merged = dict(old)
    for group in only:
        for key in KEYS[group]:
            if key in new:
                merged[key] = new[key]
    merged.setdefault("measured", {}).update(new["measured"])
    merged["errors"] = {
        k: v for k, v in old.get("errors", {}).items() if group_of(k) not in only
    } | new["errors"]
    merged["load"] = old.get("load", {}) | new["load"]
    merged["machine_partial"] = new["machine"]
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--events",
        type=int,
        nargs="+",
        default=[100_000, 1_000_000],
        help="ledger sizes to measure (default: 100000 1000000)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs of each whole-log figure (rebuild, import); cheap figures "
        "take many more samples (default: 5)",
    )
    parser.add_argument(
        "--samples",
        type=int,
        default=None,
        help="scale of the cheap figures' samples (default: --repeat)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="2,000 events, one run, in a temporary directory: proves the "
        "harness works, asserts no timing",
    )
    parser.add_argument("--regenerate", action="store_true", help="ignore cached ledgers")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=GROUPS,
        default=None,
        help="measure only these groups of figures and merge them into the "
        "size's earlier results (e.g. `--only reads cli tui` after a read-path "
        "change)",
    )
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="generate (or check) the cached ledgers, measure nothing",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=HERE / "data",
        help="where ledgers and results are kept (default: bench/data)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="the report to write (default: bench/RESULTS.md; with --quick, "
        "a file in the temporary directory)",
    )
    args = parser.parse_args(argv)

    temp: str | None = None
    if args.quick:
        temp = tempfile.mkdtemp(prefix="ledger-bench-")
        args.data = Path(temp)
        args.events = [2000]
        args.repeat = 1
        args.samples = args.samples or 1
        out = args.out or Path(temp) / "RESULTS.md"
    else:
        out = args.out or HERE / "RESULTS.md"
    samples = args.samples or args.repeat
    args.data.mkdir(parents=True, exist_ok=True)

    if args.generate_only:
        for n in args.events:
            cached_ledger(args.data, n, args.seed, regenerate=args.regenerate, log=log)
        return 0
    failed = False
    for n in args.events:
        only = tuple(args.only or GROUPS)
        path = args.data / f"results-{n}.json"
        earlier = json.loads(path.read_text()) if args.only and path.exists() else None

        def save(
            partial: dict[str, Any], earlier: Any = earlier, only: Any = only, path: Path = path
        ) -> None:
            """Written after each group, so a run that dies keeps what it measured."""
            done = merge(earlier, partial, only) if earlier else partial
            path.write_text(json.dumps(done, indent=1, default=str))

        res = measure(
            n,
            args.repeat,
            args.data,
            args.seed,
            regenerate=args.regenerate,
            samples=samples,
            quick=args.quick,
            only=only,
            checkpoint=save,
        )
        save(res)
        res = json.loads(path.read_text())
        failed = failed or bool(res["errors"])
        for name, error in res["errors"].items():
            log(f"  FAILED {name}: {error}")
    results = [json.loads(p.read_text()) for p in sorted(args.data.glob("results-*.json"))]
    if args.quick:
        results = [
            r for r in results if r["events"] in args.events or r["meta"]["target"] in args.events
        ]
    write_report(results, out, quick=args.quick)
    log(f"wrote {out}")
    if temp is not None:
        for folder in Path(temp).glob("ledger-*"):
            shutil.rmtree(folder, ignore_errors=True)
        log(
            "quick run: "
            + ("some figures FAILED" if failed else "every figure measured")
            + f"; report and results left in {temp}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
