"""Command line: ``python -m pipeline run|status|bench|dictionary|query ...``.

The CLI only parses arguments and calls the runner, the benchmark or the query helper.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path


def _cmd_run(args: argparse.Namespace) -> int:
    from pipeline.runner import refuse_pandas, run
    from pipeline.store import LockedError

    if args.own_process and args.scheduler is None:  # (Dask's client may want pandas)
        refuse_pandas()  # a run makes no DataFrame, and the process ends after it

    try:
        summary = run(args.raw, args.output, workers=args.workers, scheduler=args.scheduler,
                      force=args.force, max_mb=args.max_mb, profile=args.profile,
                      time_limit=-1.0 if args.time_limit is None else (args.time_limit or None),
                      in_process=args.in_process)
    except (LockedError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary)
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps(dataclasses.asdict(summary), ensure_ascii=False, indent=1))
    for path, message in summary.errors:
        print(f"  failed: {path}: {message}")
    if summary.errors:
        print(f"  (details: python -m pipeline query \"select * from errors\" --output {args.output})")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from pipeline.runner import status

    try:
        st = status(args.raw, args.output)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    todo = st["new_or_changed"]
    print(f"pipeline version {st['pipeline_version']}")
    print(f"{st['unchanged']} up to date, {len(todo)} to process, {len(st['removed'])} removed from raw/, "
          f"{len(st['failed'])} failed last time")
    for path, why in todo[:50]:
        print(f"  to process: {path} ({why})")
    if len(todo) > 50:
        print(f"  ... and {len(todo) - 50} more")
    for path, message in st["failed"]:
        print(f"  failed: {path}: {message}")
    for path in st["removed"]:
        print(f"  removed: {path} (its rows go at the next run)")
    for path, _, why in st["rejected"]:
        print(f"  rejected: {path}: {why}")
    if todo or st["removed"]:
        print("next: make run")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from pipeline.bench import main

    return main(args)


def _cmd_report(args: argparse.Namespace) -> int:
    from pipeline.report import write_report

    index = write_report(args.output, raw=args.raw)
    print(f"wrote {index} (open it in a browser; no server needed)")
    return 0


def _cmd_dictionary(args: argparse.Namespace) -> int:
    from pipeline.tables import data_dictionary

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(data_dictionary() + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from pipeline.query import run_query, shell

    if args.shell or not args.sql:
        shell(args.output)
        return 0
    try:
        print(run_query(args.sql, args.output))
    except Exception as exc:  # noqa: BLE001 - show DuckDB's own message, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None, *, own_process: bool = False) -> int:
    """The command line; ``own_process``: this process does nothing after it
    (``python -m pipeline``), so a run may refuse pandas in it."""
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="process new and changed files of raw/ into output/")
    p.add_argument("--raw", default="raw")
    p.add_argument("--output", default="output")
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument("--in-process", action="store_true",
                   help="run the stages in this process, not in worker processes (for debugging)")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786")
    p.add_argument("--force", action="store_true", help="reprocess every file")
    p.add_argument("--max-mb", type=float, default=None, help="largest input file accepted (MB)")
    p.add_argument("--time-limit", type=float, default=None,
                   help="seconds a file may take (default: 120 + 30 per MB; 0: no limit)")
    p.add_argument("--profile", choices=["full", "core"], default="full",
                   help="core: ingest, sentences and tokens only (for benchmarks)")
    p.add_argument("--summary-json", default=None, help="also write the run summary as JSON here")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("status", help="what a run would do")
    p.add_argument("--raw", default="raw")
    p.add_argument("--output", default="output")
    p.set_defaults(func=_cmd_status)

    p = sub.add_parser("bench", help="throughput benchmark against bare fugashi")
    p.add_argument("--corpus", required=True)
    p.add_argument("--json", default="bench.json")
    p.add_argument("--chars", type=int, default=None, help="use only the first N characters")
    p.add_argument("--output", default=None, help="scratch folder (default: a temporary one)")
    p.add_argument("--big-mb", type=float, default=50, help="also run one file of this size (0: skip)")
    p.add_argument("--repeat", type=int, default=3,
                   help="rounds of bare fugashi, the one-worker and the all-core pipeline (medians)")
    p.add_argument("--noop-files", type=int, default=1000,
                   help="also time a rerun with nothing to do over this many small files (0: skip)")
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser("report", help="write a static HTML report to <output>/report/")
    p.add_argument("--output", default="output")
    p.add_argument("--raw", default="raw", help="link each document page to its input file")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("dictionary", help="write the data dictionary (docs/tables.md)")
    p.add_argument("--out", default="docs/tables.md")
    p.set_defaults(func=_cmd_dictionary)

    p = sub.add_parser("query", help="run one SQL statement over the tables (DuckDB)")
    p.add_argument("sql", nargs="?", default=None)
    p.add_argument("--output", default="output")
    p.add_argument("--shell", action="store_true", help="interactive prompt")
    p.set_defaults(func=_cmd_query)

    args = parser.parse_args(argv)
    args.own_process = own_process
    if getattr(args, "max_mb", 0) is None:
        from pipeline.runner import DEFAULT_MAX_MB

        args.max_mb = DEFAULT_MAX_MB
    return args.func(args)
