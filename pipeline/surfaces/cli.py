"""Command line: python -m pipeline (or newsletter-pipeline) run | status | query | report | bench | dictionary.

The CLI only parses arguments and calls the runner, the query helper, the report, the
benchmark or the data dictionary.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path


def _cmd_run(args: argparse.Namespace) -> int:
    from pipeline.runner.run import Interrupted, refuse_pandas, run
    from pipeline.tables.store import LockedError

    if args.own_process and args.scheduler is None:  # (Dask's client may want pandas)
        refuse_pandas()  # a run makes no DataFrame, and the process ends after it

    try:
        summary = run(
            args.raw,
            args.output,
            workers=args.workers,
            scheduler=args.scheduler,
            force=args.force,
            max_mb=args.max_mb,
            profile=args.profile,
            time_limit=-1.0 if args.time_limit is None else (args.time_limit or None),
            in_process=args.in_process,
        )
    except Interrupted as stop:
        print(f"\n{stop}", file=sys.stderr)
        return 130
    except (LockedError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary)
    if args.summary_json:
        Path(args.summary_json).write_text(
            json.dumps(dataclasses.asdict(summary), ensure_ascii=False, indent=1)
        )
    for path, message in summary.errors:
        print(f"  failed: {path}: {message}")
    if summary.errors or summary.still_failing:
        print(f'  (details: {command()} query "select * from errors" --output {args.output})')
    return 0


def command() -> str:
    """How to call this command line again, in a form that works as printed: the console
    command when it is on PATH, else this Python (relative when it lies under the current
    folder, as .venv/bin/python does)."""
    import os
    import shutil

    if shutil.which("newsletter-pipeline"):
        return "newsletter-pipeline"
    python = sys.executable
    rel = os.path.relpath(python)
    return f"{rel if not rel.startswith('..') else python} -m pipeline"


def _cmd_status(args: argparse.Namespace) -> int:
    from pipeline.runner.run import status

    try:
        st = status(args.raw, args.output)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    todo = st["new_or_changed"]
    print(f"pipeline version {st['pipeline_version']}")
    print(
        f"{st['unchanged']} up to date, {len(todo)} to process, {len(st['removed'])} removed from raw/, "
        f"{len(st['failed'])} failed last time"
    )
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
        print(f"next: make run (or {command()} run --raw {args.raw} --output {args.output})")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from pipeline.surfaces.bench import main

    return main(args)


def _cmd_report(args: argparse.Namespace) -> int:
    from pipeline.surfaces.report import write_report

    try:
        index = write_report(args.output, raw=args.raw)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {index} (open it in a browser; no server needed)")
    return 0


def _cmd_dictionary(args: argparse.Namespace) -> int:
    from pipeline.tables.schema import data_dictionary

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(data_dictionary() + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _cmd_figures(args: argparse.Namespace) -> int:
    from pipeline.surfaces.figures import update_readme

    done = update_readme(
        Path(args.readme),
        bench=Path(args.bench) if args.bench else None,
        evaluation=Path(args.eval) if args.eval else None,
    )
    print(f"{args.readme}: {', '.join(done) or 'nothing'} rewritten")
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from pipeline.surfaces.query import run_query, shell
    from pipeline.tables.store import OutputMissing

    try:
        if args.shell or not args.sql:
            shell(args.output)
            return 0
        print(run_query(args.sql, args.output, fmt=args.format))
    except OutputMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - show DuckDB's own message, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None, *, own_process: bool = False) -> int:
    """The command line; ``own_process``: this process does nothing after it
    (``python -m pipeline``), so a run may refuse pandas in it."""
    fmt = _Help  # every option shows its default
    argv0 = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    prog = argv0 if argv0 and argv0 not in ("__main__.py", "-c") else "python -m pipeline"
    parser = argparse.ArgumentParser(
        prog=prog,
        formatter_class=fmt,
        description="Scanned Japanese newsletters to clean, traceable parquet "
        "tables. Commands: run, status, query, report, bench, "
        "dictionary, figures (python -m pipeline COMMAND --help).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_: str):
        return sub.add_parser(name, help=help_, description=help_, formatter_class=fmt)

    p = add("run", "process new and changed files of raw/ into output/")
    p.add_argument("--raw", default="raw", help="folder of input files")
    p.add_argument("--output", default="output", help="folder of the tables")
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument(
        "--in-process",
        action="store_true",
        help="run the stages in this process, not in worker processes (for debugging)",
    )
    p.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786")
    p.add_argument("--force", action="store_true", help="reprocess every file")
    p.add_argument(
        "--max-mb",
        type=float,
        default=None,
        help=f"largest input file accepted, in MB (default: {_default_max_mb():g})",
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="seconds a file may take (default: 120 + 30 per MB; 0: no limit)",
    )
    p.add_argument(
        "--profile",
        choices=["full", "core"],
        default="full",
        help="core: ingest, sentences and tokens only (for benchmarks)",
    )
    p.add_argument("--summary-json", default=None, help="also write the run summary as JSON here")
    p.set_defaults(func=_cmd_run)

    p = add("status", "what a run would do")
    p.add_argument("--raw", default="raw", help="folder of input files")
    p.add_argument("--output", default="output", help="folder of the tables")
    p.set_defaults(func=_cmd_status)

    p = add("bench", "throughput benchmark against bare fugashi")
    p.add_argument("--corpus", required=True)
    p.add_argument("--json", default="bench.json")
    p.add_argument("--chars", type=int, default=None, help="use only the first N characters")
    p.add_argument("--output", default=None, help="scratch folder (default: a temporary one)")
    p.add_argument("--big-mb", type=float, default=50, help="also run one file of this size (0: skip)")
    p.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rounds of bare fugashi (before and after the one-worker run), the one-worker and the all-core pipeline (medians)",
    )
    p.add_argument(
        "--archive",
        type=int,
        default=1000,
        help="also run an archive of this many small issues, with incremental runs (0: skip)",
    )
    p.add_argument(
        "--kwdlc", default=None, help="kwdlc.jsonl: also time process_texts on its first 1,000 texts"
    )
    p.add_argument(
        "--noop-files",
        type=int,
        default=1000,
        help="also time a rerun with nothing to do over this many small files (0: skip)",
    )
    p.set_defaults(func=_cmd_bench)

    p = add("report", "write a static HTML report to <output>/report/")
    p.add_argument("--output", default="output", help="folder of the tables")
    p.add_argument("--raw", default="raw", help="link each document page to its input file")
    p.set_defaults(func=_cmd_report)

    p = add("dictionary", "write the data dictionary (docs/tables.md)")
    p.add_argument("--out", default="docs/tables.md")
    p.set_defaults(func=_cmd_dictionary)

    p = add("figures", "rewrite the README's tables of current figures from bench.json and eval.json")
    p.add_argument(
        "--bench", default=None, help="make bench's output, e.g. bench.json (none: its table stays)"
    )
    p.add_argument("--eval", default=None, help="make eval's output, e.g. eval.json (none: its table stays)")
    p.add_argument("--readme", default="README.md")
    p.set_defaults(func=_cmd_figures)

    p = add("query", "run one SQL statement over the tables (DuckDB)")
    p.add_argument("sql", nargs="?", default=None, help="the statement (none: the interactive prompt)")
    p.add_argument("--output", default="output", help="folder of the tables")
    p.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="table: aligned, whole cells; csv: with a header; json: a list of rows",
    )
    p.add_argument("--shell", action="store_true", help="interactive prompt")
    p.set_defaults(func=_cmd_query)

    args = parser.parse_args(argv)
    args.own_process = own_process
    if getattr(args, "max_mb", 0) is None:
        args.max_mb = _default_max_mb()
    return args.func(args)


class _Help(argparse.HelpFormatter):
    """Help that states each option's default, unless the help text says it already or
    there is none (a flag, an option that is off unless given)."""

    def _get_help_string(self, action):
        text = action.help or ""
        if (
            "default" in text
            or action.default in (None, False, argparse.SUPPRESS)
            or not action.option_strings
        ):
            return text
        return f"{text} (default: %(default)s)"


def _default_max_mb() -> float:
    from pipeline.stages.ingest import DEFAULT_MAX_MB

    return DEFAULT_MAX_MB
