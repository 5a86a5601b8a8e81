"""Throughput benchmark: the pipeline against bare fugashi on the same text, in one run.

Absolute speeds vary between machines, so every figure is also given as a ratio to bare
fugashi tokenisation (``for node in tagger(line)``) measured in the same run.  Pipeline runs
happen in child processes so that their peak memory is measured apart from this one.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def load_corpus(path: str | Path, limit: int | None = None) -> str:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    return text[:limit] if limit else text


def bare_fugashi(text: str) -> dict:
    """Bare fugashi: one node per token, nothing read from it; the floor any pipeline pays."""
    import fugashi

    tagger = fugashi.Tagger()
    lines = text.split("\n")
    t0 = time.perf_counter()
    n = 0
    for line in lines:
        for _ in tagger(line):
            n += 1
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "chars_per_s": len(text) / seconds, "tokens": n}


def _around(before: dict, after: dict) -> dict:
    """Two bare fugashi measurements of the same text as one: their total time."""
    seconds = before["seconds"] + after["seconds"]
    return {
        "seconds": seconds / 2,
        "chars_per_s": 2 * before["chars_per_s"] * before["seconds"] / seconds,
        "tokens": before["tokens"],
        "chars_per_s_around": [before["chars_per_s"], after["chars_per_s"]],
    }


def write_documents(text: str, raw: Path) -> int:
    """Split the corpus into documents at blank lines (one per work) and write them."""
    raw.mkdir(parents=True, exist_ok=True)
    docs = [d for d in text.split("\n\n") if d.strip()]
    for i, doc in enumerate(docs):
        (raw / f"work_{i:04d}.txt").write_text(doc, encoding="utf-8")
    return len(docs)


def write_big_file(text: str, raw: Path, megabytes: float) -> int:
    """One file of ``megabytes`` MB made of the corpus repeated: the huge-file case."""
    raw.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    want = int(megabytes * 1e6)
    blob = (data * (want // len(data) + 1))[:want].decode("utf-8", "ignore")
    (raw / "big.txt").write_text(blob, encoding="utf-8")
    return len(blob)


def run_command(raw: Path, output: Path, workers: int, *extra: str) -> list[str]:
    """The command line of a pipeline run in a child process."""
    return [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        "--raw",
        str(raw),
        "--output",
        str(output),
        "--workers",
        str(workers),
        *extra,
    ]


def pipeline_run(
    raw: Path, output: Path, workers: int, profile: str, bare: dict, max_mb: float = 1000, keep: bool = False
) -> dict:
    """Run the pipeline in a child process; wall time, stage times, the child's peak RSS,
    and its speed as a ratio to ``bare`` (a bare_fugashi measurement)."""
    summary_path = output.with_suffix(".summary.json")
    cmd = run_command(
        raw,
        output,
        workers,
        "--force",
        "--profile",
        profile,
        "--summary-json",
        str(summary_path),
        "--max-mb",
        str(max_mb),
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = json.loads(summary_path.read_text())
    if not keep:
        shutil.rmtree(output, ignore_errors=True)  # only the figures are kept
    start = summary.get("worker_start_seconds", 0.0)
    chars_per_s = summary["chars"] / (summary["seconds"] - start)
    return {
        "workers": workers,
        "profile": profile,
        # The run's own wall time (planning, every file, manifest, cross-document tables)
        # without process start-ups, which are reported apart: the child process's own
        # (interpreter and imports) and its workers' (the same plus the dictionary, the
        # model and the warm-up page).
        "seconds": summary["seconds"] - start,
        "worker_start_seconds": start,
        "process_seconds": seconds,
        "chars": summary["chars"],
        "chars_per_s": chars_per_s,
        "ratio_to_bare": chars_per_s / bare["chars_per_s"],
        "stage_seconds": summary["timings"],
        "peak_rss_mb": round(max(peak_kb, before) / 1024, 1),
        # The largest resident size a worker reached; about 90 MB of it is the part of the
        # UniDic dictionary MeCab touches, memory-mapped and shared by every worker on the
        # machine.
        "peak_worker_rss_mb": summary.get("peak_worker_rss_mb"),
        "failed": summary["failed"],
    }


def noop_rerun(tmp: Path, n_files: int, workers: int) -> dict:
    """A batch of ``n_files`` small issues, processed once, then run again with nothing
    changed: the rerun's wall time, process start-up included (what a user waits for)."""
    raw = tmp / "small_raw"
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(n_files):
        (raw / f"issue_{i:04d}.txt").write_text(
            f"第{i}号\n東北経済産業局は平成17年1月{i % 28 + 1}日に説明会を開催します。\n", encoding="utf-8"
        )
    out = tmp / "out_small"
    cmd = run_command(raw, out, workers)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    rerun = time.perf_counter() - t0
    return {
        "files": n_files,
        "first_run_seconds": first,
        "rerun_seconds": rerun,
        "rerun_summary": done.stdout.strip().splitlines()[0] if done.stdout.strip() else "",
    }


def write_issues(text: str, raw: Path, n: int, size: int) -> int:
    """``n`` newsletter-sized issues of about ``size`` characters, cut from ``text`` at line
    ends (the same text the long works hold, as an archive of small issues holds it)."""
    raw.mkdir(parents=True, exist_ok=True)
    pos = 0
    for i in range(n):
        end = text.find("\n", pos + size)
        end = len(text) if end < 0 else end + 1
        (raw / f"issue_{i:04d}.txt").write_text(text[pos:end] or f"第{i}号\n", encoding="utf-8")
        pos = end
    return pos


def _incremental(
    raw: Path, out: Path, workers: int, k: int, n_changed: int = 5, n_new: int = 5, n_removed: int = 2
) -> float:
    """One incremental run over ``raw`` after changing, adding and removing a few issues."""
    issues = sorted(raw.glob("issue_*.txt"))
    for path in issues[k * 50 : k * 50 + n_changed]:
        path.write_text(path.read_text(encoding="utf-8") + f"\n追記 第{k}回\n", encoding="utf-8")
    for j in range(n_new):
        (raw / f"issue_new_{k}_{j}.txt").write_text(
            f"第{k}回の追加号 その{j}\n東北経済産業局は説明会を開催します。\n", encoding="utf-8"
        )
    for path in issues[-(k + 1) * n_removed : len(issues) - k * n_removed]:
        path.unlink()
    cmd = run_command(raw, out, workers)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _files_per_table(out: Path) -> dict[str, int]:
    from pipeline.tables.schema import TABLES

    return {name: len(list((out / name).glob("*.parquet"))) for name in TABLES if (out / name).is_dir()}


def _read_times(out: Path) -> dict[str, float]:
    """Seconds to read ``tokens`` and ``entities`` whole, with pandas and with DuckDB: the
    median of three reads, after a read of the small ``documents`` table (the first read of
    a process imports pyarrow's dataset module and DuckDB's parquet reader).  One read alone
    varies several-fold on a shared machine, whatever the files."""
    import duckdb
    import pandas as pd

    pd.read_parquet(out / "documents")
    duckdb.sql(f"select count(*) from read_parquet('{out / 'documents'}/*.parquet')").fetchall()
    readers = {
        "pandas": lambda path: pd.read_parquet(path),
        "duckdb": lambda path: duckdb.sql(f"select * from read_parquet('{path}/*.parquet')").arrow(),
    }
    times = {}
    for name in ("tokens", "entities"):
        for reader, read in readers.items():
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                read(out / name)
                runs.append(time.perf_counter() - t0)
            times[f"{reader}_{name}"] = sorted(runs)[1]
    return times


def archive(text: str, tmp: Path, workers: int, bare: dict, n: int = 1000, size: int = 3000) -> dict:
    """An archive of ``n`` small issues (issue #22): throughput on them, files per table
    after a first run and three incremental runs (5 changed, 5 new, 2 removed issues each),
    whether those tables equal a fresh run's, and how fast tables read back."""
    from pipeline.tables.schema import TABLES
    from pipeline.tables.store import read_arrow

    raw = tmp / "archive_raw"
    used = write_issues(text, raw, n, size)
    out = tmp / "archive_out"
    first = pipeline_run(raw, out, workers, "full", bare, keep=True)
    result = {
        "issues": n,
        "chars": used,
        "first_run": first,
        "files_first_run": _files_per_table(out),
        "read_seconds": _read_times(out),
    }
    result["incremental_seconds"] = [_incremental(raw, out, workers, k) for k in range(3)]
    result["files_after_incremental"] = _files_per_table(out)
    fresh = tmp / "archive_fresh"
    pipeline_run(raw, fresh, workers, "full", bare, keep=True)
    differ = []
    for name, spec in TABLES.items():
        if not spec.per_document or name == "errors":
            continue
        a, b = read_arrow(name, out), read_arrow(name, fresh)
        if not a.equals(b):
            differ.append(name)
    result["tables_equal_fresh"] = not differ
    result["tables_differing"] = differ
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(fresh, ignore_errors=True)
    return result


def short_texts(kwdlc: Path, n: int = 1000) -> dict:
    """``pipeline.process_texts`` on the first ``n`` KWDLC documents (about 100 characters
    each, the size of a notice), in this process: characters per second on one core."""
    import pipeline

    texts = []
    with open(kwdlc, encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) == n:
                break
    pipeline.process_texts(texts[:20])  # the tagger, the model and the first words, loaded
    t0 = time.perf_counter()
    pipeline.process_texts(texts)
    seconds = time.perf_counter() - t0
    chars = sum(map(len, texts))
    return {"texts": len(texts), "chars": chars, "seconds": seconds, "chars_per_s": chars / seconds}


def main(args) -> int:
    text = load_corpus(args.corpus, args.chars)
    cores = os.cpu_count() or 1
    repeat = max(1, getattr(args, "repeat", 1))
    print(f"corpus: {args.corpus} ({len(text):,} characters), {cores} cores")
    results: dict = {"corpus": str(args.corpus), "chars": len(text), "cores": cores, "repeat": repeat}
    with tempfile.TemporaryDirectory(dir=args.output) as tmp:
        tmp = Path(tmp)
        results["documents"] = write_documents(text, tmp / "raw")
        # The headline figures: bare fugashi, the whole pipeline on one worker and on every
        # core, measured in rounds (a drift in the machine's speed hits the runs of a round
        # alike); each figure is the median over the rounds, every round's value beside it.
        # Bare fugashi runs just before and just after the one-worker run, and the ratio is
        # taken against the two together: on a shared machine its speed drifts by 20 % from
        # one minute to the next, more than the pipeline's does over a run.
        rounds = []
        for k in range(repeat):
            before = bare_fugashi(text)
            r1 = pipeline_run(tmp / "raw", tmp / f"out_full_1_{k}", 1, "full", before)
            bare = _around(before, bare_fugashi(text))
            r1["ratio_to_bare"] = r1["chars_per_s"] / bare["chars_per_s"]
            line = (
                f"bare fugashi: {bare['chars_per_s']:,.0f} chars/s; pipeline full x1: "
                f"{r1['chars_per_s']:,.0f} chars/s ({r1['ratio_to_bare']:.3f}x bare, "
                f"peak worker {r1['peak_worker_rss_mb']} MB)"
            )
            rn = None
            if cores > 1:
                rn = pipeline_run(tmp / "raw", tmp / f"out_full_{cores}_{k}", cores, "full", bare)
                rn["scaling"] = rn["chars_per_s"] / r1["chars_per_s"]
                line += f"; x{cores}: {rn['chars_per_s']:,.0f} chars/s ({rn['scaling']:.2f}x one worker)"
            rounds.append((bare, r1, rn))
            print(line)
        bare, full1, _ = _median(rounds, lambda x: x[1]["ratio_to_bare"])
        full1["ratio_runs"] = [r1["ratio_to_bare"] for _, r1, _ in rounds]
        # Memory is judged on the worst round, not the median one.
        full1["peak_worker_rss_mb"] = max(r1["peak_worker_rss_mb"] for _, r1, _ in rounds)
        results["bare_fugashi"] = bare | {"chars_per_s_runs": [b["chars_per_s"] for b, _, _ in rounds]}
        results["full_1w"] = full1
        if cores > 1:
            _, _, fulln = _median(rounds, lambda x: x[2]["scaling"])
            fulln["scaling_runs"] = [rn["scaling"] for _, _, rn in rounds]
            fulln["peak_worker_rss_mb"] = max(rn["peak_worker_rss_mb"] for _, _, rn in rounds)
            results[f"full_{cores}w"] = fulln
            results["scaling"] = fulln["scaling"]
        # Once, against the median round's bare fugashi: a secondary figure.
        r = pipeline_run(tmp / "raw", tmp / "out_core_1", 1, "core", bare)
        results["core_1w"] = r
        print(
            f"pipeline core x1: {r['chars_per_s']:,.0f} chars/s ({r['ratio_to_bare']:.2f}x bare), "
            f"peak worker {r['peak_worker_rss_mb']} MB"
        )
        if args.big_mb:
            n = write_big_file(text, tmp / "big_raw", args.big_mb)
            r = pipeline_run(tmp / "big_raw", tmp / "out_big", 1, "full", bare, max_mb=args.big_mb + 1)
            results["big_file"] = r | {"megabytes": args.big_mb, "chars_in_file": n}
            print(
                f"one {args.big_mb:g} MB file: {r['chars_per_s']:,.0f} chars/s, "
                f"peak worker {r['peak_worker_rss_mb']} MB"
            )
        if getattr(args, "archive", 0):
            results["archive"] = r = archive(text, tmp, cores, bare, n=args.archive)
            long = results.get(f"full_{cores}w", results["full_1w"])
            r["throughput_vs_long"] = r["first_run"]["chars_per_s"] / long["chars_per_s"]
            print(
                f"{r['issues']:,} small issues on {cores} workers: {r['first_run']['chars_per_s']:,.0f} chars/s "
                f"({r['throughput_vs_long']:.2f}x the long works); files per table after 3 incremental runs: "
                f"{max(r['files_after_incremental'].values())}; equal to a fresh run: {r['tables_equal_fresh']}"
            )
        if getattr(args, "kwdlc", None) and Path(args.kwdlc).exists():
            results["short_texts"] = r = short_texts(Path(args.kwdlc))
            print(f"process_texts on {r['texts']:,} short texts: {r['chars_per_s']:,.0f} chars/s")
        if getattr(args, "noop_files", 0):
            results["noop_rerun"] = r = noop_rerun(tmp, args.noop_files, cores)
            print(f"rerun with nothing to do over {r['files']:,} small files: {r['rerun_seconds']:.2f} s")
    print()
    print(report(results))
    Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.json}")
    return 0


def _median(rounds: list, key):
    """The round with the median ``key`` (the upper one of an even number)."""
    return sorted(rounds, key=key)[len(rounds) // 2]


def report(results: dict) -> str:
    bare = results["bare_fugashi"]["chars_per_s"]
    rows = [("bare fugashi (for node in tagger(line))", f"{bare:,.0f}", "1.00", "", "")]
    for key in ("core_1w", "full_1w", f"full_{results['cores']}w"):
        r = results.get(key)
        if not r or (key == f"full_{results['cores']}w" and results["cores"] == 1):
            continue
        label = {"core": "ingest + tokens + writing", "full": "whole pipeline, every stage"}[r["profile"]]
        target = {"core_1w": ">= 0.35", "full_1w": ">= 0.25, <= 500 MB"}.get(key, ">= 1.7x of 1 worker")
        if key == "full_1w" and results.get("repeat", 1) > 1:
            label += f" (median of {results['repeat']})"
        elif key != "core_1w" and results.get("repeat", 1) > 1:
            label += " (median round)"
        rows.append(
            (
                f"{label}, {r['workers']} worker(s)",
                f"{r['chars_per_s']:,.0f}",
                f"{r['ratio_to_bare']:.2f}",
                target,
                f"{r['peak_worker_rss_mb']}",
            )
        )
    lines = [
        f"| {'measure':<58} | {'chars/s':>10} | {'x bare':>6} | {'target':<20} | {'peak MB':>7} |",
        f"|{'-' * 60}|{'-' * 12}|{'-' * 8}|{'-' * 22}|{'-' * 9}|",
    ]
    lines += [f"| {a:<58} | {b:>10} | {c:>6} | {d:<20} | {e:>7} |" for a, b, c, d, e in rows]
    big = results.get("big_file")
    if big:
        lines.append(
            f"| {'one ' + format(big['megabytes'], 'g') + ' MB file, whole pipeline, 1 worker':<58} | "
            f"{big['chars_per_s']:>10,.0f} | {big['ratio_to_bare']:>6.2f} | {'peak <= 500 MB':<20} | "
            f"{big['peak_worker_rss_mb']:>7} |"
        )
    noop = results.get("noop_rerun")
    if noop:
        lines.append(
            f"| {'no-op rerun, ' + format(noop['files'], ',') + ' small files (s, start incl.)':<58} | "
            f"{noop['rerun_seconds']:>10.2f} | {'':>6} | {'<= 3 s':<20} | {'':>7} |"
        )
    arc = results.get("archive")
    if arc:
        lines.append(
            f"| {format(arc['issues'], ',') + ' small issues, ' + str(results['cores']) + ' workers (x long works)':<58} | "
            f"{arc['first_run']['chars_per_s']:>10,.0f} | {arc['throughput_vs_long']:>6.2f} | {'>= 0.8x long':<20} | "
            f"{arc['first_run']['peak_worker_rss_mb']:>7} |"
        )
        lines.append(
            f"| {'  parquet files per table, after 3 incremental runs (max)':<58} | "
            f"{max(arc['files_after_incremental'].values()):>10} | {'':>6} | {'<= 12':<20} | {'':>7} |"
        )
        lines.append(
            f"| {'  tables after those runs equal a fresh run':<58} | "
            f"{str(arc['tables_equal_fresh']):>10} | {'':>6} | {'True':<20} | {'':>7} |"
        )
        for key, label in (
            ("pandas_tokens", "pd.read_parquet(tokens)"),
            ("duckdb_tokens", "DuckDB read_parquet(tokens)"),
            ("pandas_entities", "pd.read_parquet(entities)"),
            ("duckdb_entities", "DuckDB read_parquet(entities)"),
        ):
            lines.append(
                f"| {'  ' + label + ' (s)':<58} | {arc['read_seconds'][key]:>10.2f} | {'':>6} | {'':<20} | {'':>7} |"
            )
    short = results.get("short_texts")
    if short:
        lines.append(
            f"| {'process_texts, ' + format(short['texts'], ',') + ' short texts, 1 core':<58} | "
            f"{short['chars_per_s']:>10,.0f} | {'':>6} | {'>= 50,000 chars/s':<20} | {'':>7} |"
        )
    runs = results["full_1w"].get("ratio_runs", ())
    if len(runs) > 1:
        lines.append(
            f"\nwhole pipeline / bare fugashi, one worker, each run: "
            f"{', '.join(f'{x:.3f}' for x in runs)} (median {sorted(runs)[len(runs) // 2]:.3f})"
        )
    if "scaling" in results:
        lines.append(
            f"\nscaling with {results['cores']} workers: {results['scaling']:.2f}x the one-worker speed"
        )
        runs = results[f"full_{results['cores']}w"].get("scaling_runs", ())
        if len(runs) > 1:
            lines[-1] += f" (each round: {', '.join(f'{x:.2f}' for x in runs)})"
    stages = results["full_1w"]["stage_seconds"]
    total = sum(stages.values()) or 1.0
    lines.append("\nstage breakdown (whole pipeline, 1 worker):")
    lines += [f"  {k:<12} {v:7.2f} s  {100 * v / total:5.1f} %" for k, v in stages.items()]
    if "tokens" in stages and "spacing" in stages:
        lines.append(f"  spacing / tokens = {stages['spacing'] / stages['tokens']:.2f} (target <= 0.25)")
    return "\n".join(lines)
