"""The README's tables of current figures, written from ``bench.json`` (``make bench``) and
``eval.json`` (``make eval``): the README shows the last measurement once, never a history.

Each table sits between two marker comments in the README (``<!-- figures:bench -->`` …
``<!-- /figures:bench -->``, the same for ``eval``); what is between them is replaced, the
rest of the README is left as written.  A JSON file that is missing leaves its table as it
was.  ``eval.json`` holds, per topic, the rows its evaluation module's ``headline`` chose
(measure, figure, target, met); the bench rows are read here from the bench's own fields.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# The long-text figures belong to every open issue's speed target; the archive figures to
# issue #22's.
_RATIO_TARGET = 0.25
_CORE_TARGET = 0.35
_SCALING_TARGET = 1.7
_WORKER_MB = 500
_SMALL_TARGET = 0.8
_FILES_TARGET = 12
_READ_BEFORE_S = 2.3  # pd.read_parquet("output/tokens") with one file per document (issue #22)
_SHORT_TARGET = 50_000
_NOOP_TARGET_S = 1.0


def _row(measure: str, figure: str, target: str = "", met: bool | None = None) -> dict:
    return {"measure": measure, "figure": figure, "target": target, "met": met}


def _at_least(measure: str, figure: str, value: float, target: float, shown: str | None = None) -> dict:
    return _row(measure, figure, f">= {shown or target}", value >= target)


def _at_most(measure: str, figure: str, value: float, target: float, shown: str | None = None) -> dict:
    return _row(measure, figure, f"<= {shown or target}", value <= target)


def bench_rows(b: dict) -> list[dict]:
    """The rows of the bench table, from a ``bench.json``."""
    bare = b["bare_fugashi"]["chars_per_s"]
    rows = [_row("bare fugashi (`for node in tagger(line)`), chars/s", f"{bare:,.0f}")]
    one = b.get("full_1w")
    if one:
        runs = ", ".join(f"{r:.3f}" for r in one.get("ratio_runs", []))
        rows.append(
            _at_least(
                f"whole pipeline, 1 worker: × bare fugashi (median of {b.get('repeat', 1)} rounds: {runs})",
                f"{one['ratio_to_bare']:.3f} ({one['chars_per_s']:,.0f} chars/s)",
                one["ratio_to_bare"],
                _RATIO_TARGET,
            )
        )
        rows.append(
            _at_most(
                "whole pipeline, 1 worker: peak worker memory",
                f"{one['peak_worker_rss_mb']:.0f} MB",
                one["peak_worker_rss_mb"],
                _WORKER_MB,
                f"{_WORKER_MB} MB",
            )
        )
    core = b.get("core_1w")
    if core:
        rows.append(
            _at_least(
                "ingest + tokens + writing, 1 worker: × bare fugashi",
                f"{core['ratio_to_bare']:.2f}",
                core["ratio_to_bare"],
                _CORE_TARGET,
            )
        )
    many = b.get(f"full_{b.get('cores')}w")
    if many and b.get("cores", 1) > 1:
        rows.append(
            _at_least(
                f"whole pipeline, {b['cores']} workers: × one worker",
                f"{many['scaling']:.2f} ({many['chars_per_s']:,.0f} chars/s)",
                many["scaling"],
                _SCALING_TARGET,
            )
        )
    big = b.get("big_file")
    if big:
        rows.append(
            _at_most(
                f"one {big['megabytes']:g} MB file, 1 worker: peak worker memory",
                f"{big['peak_worker_rss_mb']:.0f} MB ({big['chars_per_s']:,.0f} chars/s)",
                big["peak_worker_rss_mb"],
                _WORKER_MB,
                f"{_WORKER_MB} MB",
            )
        )
    a = b.get("archive")
    if a:
        files = max(a["files_after_incremental"].values())
        read = a["read_seconds"]
        rows += [
            _at_least(
                f"{a['issues']:,} small issues, {b.get('cores', 1)} workers: × the long texts' throughput",
                f"{a['throughput_vs_long']:.2f}",
                a["throughput_vs_long"],
                _SMALL_TARGET,
            ),
            _at_most(
                "parquet files in any table after them and 3 incremental runs",
                str(files),
                files,
                _FILES_TARGET,
            ),
            _row(
                "the tables after those runs equal a fresh run's",
                "yes" if a["tables_equal_fresh"] else f"no: {', '.join(a['tables_differing'])}",
                "yes",
                bool(a["tables_equal_fresh"]),
            ),
            _at_most(
                '`pd.read_parquet("output/tokens")` (median of 3)',
                f"{read['pandas_tokens']:.2f} s",
                read["pandas_tokens"],
                _READ_BEFORE_S / 4,
                f"{_READ_BEFORE_S / 4:.2f} s (4× faster than {_READ_BEFORE_S} s)",
            ),
            _row("DuckDB `read_parquet('output/tokens/*.parquet')`", f"{read['duckdb_tokens']:.2f} s"),
        ]
    short = b.get("short_texts")
    if short:
        rows.append(
            _at_least(
                f"`pipeline.process_texts` on {short['texts']:,} short texts, 1 core: chars/s",
                f"{short['chars_per_s']:,.0f}",
                short["chars_per_s"],
                _SHORT_TARGET,
                f"{_SHORT_TARGET:,}",
            )
        )
    noop = b.get("noop_rerun")
    if noop:
        rows.append(
            _at_most(
                f"rerun with nothing to do over {noop['files']:,} files, process start included",
                f"{noop['rerun_seconds']:.2f} s",
                noop["rerun_seconds"],
                _NOOP_TARGET_S,
                f"{_NOOP_TARGET_S:g} s",
            )
        )
    return rows


def eval_rows(e: dict) -> list[dict]:
    """The rows of the evaluation table, from an ``eval.json``: each topic's headline rows."""
    rows = []
    for topic, got in e.get("topics", {}).items():
        for r in got.get("headline", []):
            rows.append(r | {"measure": f"{topic}: {r['measure']}"})
    return rows


def table(rows: list[dict]) -> str:
    """Rows as a markdown table; a target not met is marked in bold."""
    out = ["| measure | figure | target | met |", "|---|---|---|---|"]
    for r in rows:
        met = "" if r["met"] is None else ("yes" if r["met"] else "**no**")
        cells = (r["measure"], r["figure"], r["target"], met)
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out)


def replace_block(readme: str, name: str, body: str) -> str:
    """``readme`` with the text between the ``name`` markers replaced by ``body``."""
    start, end = f"<!-- figures:{name} -->", f"<!-- /figures:{name} -->"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(readme):
        raise ValueError(f"the README has no {start} … {end} markers")
    return pattern.sub(lambda _m: f"{start}\n{body}\n{end}", readme, count=1)


def update_readme(readme: Path, *, bench: Path | None = None, evaluation: Path | None = None) -> list[str]:
    """Rewrite the README's tables from the JSON files that exist; the tables written."""
    text = readme.read_text(encoding="utf-8")
    done = []
    if bench is not None and bench.exists():
        b = json.loads(bench.read_text(encoding="utf-8"))
        head = (
            f"`make bench` on {b['chars']:,} characters of `{Path(b['corpus']).name}` in "
            f"{b['documents']} documents, {b['cores']} cores (`{bench.name}`)."
        )
        text = replace_block(text, "bench", head + "\n\n" + table(bench_rows(b)))
        done.append("bench")
    if evaluation is not None and evaluation.exists():
        e = json.loads(evaluation.read_text(encoding="utf-8"))
        head = f"`make eval` on `{e.get('eval_dir', '')}`, {e.get('date', '')} (`{evaluation.name}`)."
        text = replace_block(text, "eval", head + "\n\n" + table(eval_rows(e)))
        done.append("eval")
    readme.write_text(text, encoding="utf-8")
    return done


__all__ = ["bench_rows", "eval_rows", "replace_block", "table", "update_readme"]
