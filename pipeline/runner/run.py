"""The runner: which files to process, where (in-process, a process pool, a Dask cluster),
and the bookkeeping that makes runs incremental and safe to interrupt.

This is the only module that knows about processes and Dask.  The unit of work is a
bundle: a few input files (or one large one) that a worker reads, runs the stages on and
writes as one file per table, named by a hash of its documents, so workers never collide
and a table stays a few files however many issues it holds.  The manifest, written by the
driver alone, says which bundle holds each document; after a run the driver drops the rows
of replaced and removed documents from older bundles and merges small bundles.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipeline.runner.aggregate import Parts, organizations_table
from pipeline.runner.progress import Progress
from pipeline.runner.worker import (  # noqa: F401 - Result and refuse_pandas are the runner's API too
    Result,
    Source,
    _init_worker,
    _warm_up,
    process_batch,
    process_file,
    refuse_pandas,
)
from pipeline.stages.ingest import DEFAULT_MAX_MB, IngestError
from pipeline.tables import store
from pipeline.tables.schema import TABLES, to_arrow
from pipeline.tables.version import pipeline_version

MANIFEST_SCHEMA = pa.schema(
    [
        ("source_path", pa.string()),
        ("doc_id", pa.string()),
        ("part", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("sha256", pa.string()),
        ("pipeline_version", pa.string()),
        ("status", pa.string()),
        ("message", pa.string()),
        ("n_chars", pa.int64()),
        ("seconds", pa.float64()),
    ]
)


# ------------------------------------------------------------------------------ planning
@dataclass
class Plan:
    todo: list[tuple[Source, str]] = field(default_factory=list)  # (source, why)
    unchanged: list[Source] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # source paths gone from raw/
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # (source_path, doc_id, why)
    failed: list[str] = field(default_factory=list)  # unchanged, failed last time
    manifest: dict[str, dict] = field(default_factory=dict)


def doc_id_for(source_path: str) -> str:
    """doc_id: the path under raw/ without its suffix."""
    p = Path(source_path)
    return p.with_suffix("").as_posix() if p.suffix else p.as_posix()


def scan(raw: Path) -> tuple[list[Source], list[tuple[str, str]]]:
    """Every regular file under ``raw`` (hidden names skipped), and what could not be listed."""
    sources: list[Source] = []
    problems: list[tuple[str, str]] = []

    def onerror(exc: OSError) -> None:
        problems.append((str(Path(exc.filename).relative_to(raw)) if exc.filename else "?", str(exc)))

    for folder, dirs, files in os.walk(raw, onerror=onerror, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name in ("README.md", ".gitkeep"):
                continue
            path = Path(folder) / name
            rel = path.relative_to(raw).as_posix()
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:  # undecodable bytes in the name (os.walk escaped them)
                shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
                problems.append((shown, "file name is not valid UTF-8; rename the file"))
                continue
            try:
                st = path.stat()
            except OSError as exc:
                problems.append((rel, f"cannot stat: {exc.strerror or exc}"))
                continue
            if not path.is_file():
                problems.append((rel, "not a regular file"))
                continue
            sources.append(Source(str(path.resolve()), rel, doc_id_for(rel), st.st_size, st.st_mtime_ns))
    return sources, problems


def load_manifest(output: Path) -> dict[str, dict]:
    """The manifest, with the journal of documents finished since it was last written (a run
    that was interrupted or killed) folded in."""
    table = store.read_manifest(output)
    manifest = {} if table is None else {row["source_path"]: row for row in table.to_pylist()}
    for row in store.read_journal(output):
        manifest[row["source_path"]] = row
    return manifest


def plan(raw: str | os.PathLike, output: str | os.PathLike, *, force: bool = False) -> Plan:
    """Decide what a run has to do, comparing raw/ with the manifest."""
    raw, output = Path(raw), Path(output)
    if not raw.is_dir():
        raise FileNotFoundError(f"input folder {raw} does not exist; put newsletter files there")
    manifest = load_manifest(output)
    version = pipeline_version()
    sources, problems = scan(raw)
    result = Plan(manifest=manifest)
    seen_ids: dict[str, str] = {}
    for src in sources:
        if src.doc_id in seen_ids:
            result.rejected.append(
                (
                    src.source_path,
                    src.doc_id,
                    f"doc_id {src.doc_id!r} is taken by {seen_ids[src.doc_id]}; rename one of the files",
                )
            )
            continue
        seen_ids[src.doc_id] = src.source_path
        old = manifest.get(src.source_path)
        if old is None:
            why = "new"
        elif force:
            why = "forced"
        elif old["size"] != src.size or old["mtime_ns"] != src.mtime_ns:
            why = "changed"
        elif old["pipeline_version"] != version:
            why = "new pipeline version"
        elif old["status"] != "ok":
            result.failed.append(src.source_path)
            continue
        else:
            result.unchanged.append(src)
            continue
        result.todo.append((src, why))
    for rel, why in problems:
        result.rejected.append((rel, doc_id_for(rel), why))
    present = {s.source_path for s in sources}
    result.removed = sorted(p for p in manifest if p not in present)
    return result


# Page chrome repeats issue after issue: a short line found in at least this share of the
# batch's documents (and in at least MIN_REPEATS of them) is boilerplate.
REPEAT_SHARE = 0.5
MIN_REPEATS = 3
MAX_CHROME_LINE = 80


def line_sets(sources: list[Source], max_bytes: int) -> dict[str, frozenset[str]]:
    """Each document's short lines (page chrome candidates), by source path."""
    from pipeline.stages.ingest import decode

    out: dict[str, frozenset[str]] = {}
    for src in sources:
        try:
            if src.size > max_bytes:
                continue
            with open(src.path, "rb") as fh:
                text = decode(fh.read()).text
        except (OSError, IngestError):
            continue  # the run reports it when it processes the file
        out[src.source_path] = frozenset(
            ln.strip() for ln in text.splitlines() if 0 < len(ln.strip()) <= MAX_CHROME_LINE
        )
    return out


def repeated_lines(lines: dict[str, frozenset[str]], n_docs: int) -> frozenset[str]:
    """Short lines that repeat across many documents of the batch (page chrome)."""
    if n_docs < MIN_REPEATS:
        return frozenset()
    from collections import Counter

    counts: Counter = Counter()
    for found in lines.values():
        counts.update(found)
    need = max(MIN_REPEATS, int(n_docs * REPEAT_SHARE + 0.999))
    return frozenset(line for line, n in counts.items() if n >= need)


def _chrome_changes(p: Plan, output: Path, max_bytes: int) -> frozenset[str]:
    """Page chrome for this batch; unchanged documents that hold a line whose chrome status
    changed (a new issue made a header repeat) move to the to-do list, so an incremental
    run writes what a clean run would."""
    sources = p.unchanged + [s for s, _ in p.todo]
    stored = store.read_chrome(output)
    if len(sources) < MIN_REPEATS and not stored:
        return frozenset()  # nothing can repeat: do not read (and hold) every file twice
    lines = line_sets(sources, max_bytes)
    chrome = repeated_lines(lines, len(sources))
    changed = chrome ^ stored
    if changed:
        keep = []
        for src in p.unchanged:
            if lines.get(src.source_path, frozenset()) & changed:
                p.todo.append((src, "page chrome changed"))
            else:
                keep.append(src)
        p.unchanged = keep
    return chrome


# A run's new and changed text is cut into about BUNDLE_SHARE bundles of consecutive files,
# each between MIN_ and MAX_BUNDLE_BYTES of input (a larger file is a bundle of its own):
# enough tasks to keep the workers busy, few files per table.  The cut depends on the files
# alone, never on the number of workers, so every run writes the same files.
BUNDLE_SHARE = 8
MIN_BUNDLE_BYTES = 256_000
MAX_BUNDLE_BYTES = 16_000_000
# After a run, the smallest bundles are merged while a table has more files than this.
MAX_BUNDLES = 12


def batches(sources: list[Source]) -> list[list[Source]]:
    """The files of a run cut into bundles (see BUNDLE_SHARE)."""
    target = min(MAX_BUNDLE_BYTES, max(MIN_BUNDLE_BYTES, sum(s.size for s in sources) // BUNDLE_SHARE))
    out: list[list[Source]] = []
    size = 0
    for src in sorted(sources, key=lambda s: s.source_path):
        if not out or size + src.size > target:
            out.append([])
            size = 0
        out[-1].append(src)
        size += src.size
    return out


# -------------------------------------------------------------------------------- running
@dataclass
class RunSummary:
    processed: int = 0
    failed: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: int = 0
    chars: int = 0
    seconds: float = 0.0
    workers: int = 1
    where: str = "local"
    errors: list[tuple[str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    peak_worker_rss_mb: float = 0.0
    # Wall time spent starting the worker processes (interpreter, imports, dictionary and
    # model) before the first document; part of ``seconds``.
    worker_start_seconds: float = 0.0
    still_failing: int = 0  # files that failed in an earlier run and have not changed since
    not_processed: int = 0  # files left undone by an interrupted run

    def __str__(self) -> str:
        rate = self.chars / self.seconds if self.seconds else 0.0
        earlier = f", {self.still_failing} still failing from earlier runs" if self.still_failing else ""
        return (
            f"{self.processed} processed, {self.failed} failed{earlier}, {self.unchanged} unchanged, "
            f"{self.removed} removed in {self.seconds:.1f}s ({rate:,.0f} chars/s, "
            f"{self.workers} worker{'s' if self.workers != 1 else ''}, {self.where})"
        )


class _CtrlC:
    """Ctrl-C held back while the driver records a finished document or writes the manifest:
    a KeyboardInterrupt raised between writing a document's journal line and counting it
    would report one file fewer than was recorded, and one inside the final writes could leave
    them half done.  Outside those sections Ctrl-C interrupts at once.  Only the main thread
    may own signal handlers; elsewhere (a run started from a thread) nothing is held back."""

    def __init__(self):
        self.depth = 0
        self.pending = False
        self.previous = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        return False

    def _handler(self, signum, frame):
        if self.depth:
            self.pending = True
        else:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def held(self):
        """Ctrl-C waits until the block is done, then interrupts (raise_pending=True)."""
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    def raise_pending(self) -> None:
        if self.pending and not self.depth:
            self.pending = False
            raise KeyboardInterrupt


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped a run; what was finished is recorded (``summary``)."""

    def __init__(self, summary: RunSummary, output: Path):
        super().__init__()
        self.summary, self.output = summary, output

    def __str__(self) -> str:
        s = self.summary
        return (
            f"interrupted: {s.processed + s.failed} files finished and recorded, {s.not_processed} not "
            f"processed; run the same command again to process the rest"
        )


def _executor(workers: int, scheduler: str | None, in_process: bool):
    if scheduler:
        from distributed import Client  # Dask is optional until a cluster is asked for

        client = Client(scheduler)
        return client.get_executor(), client, f"dask {scheduler}"
    if in_process:
        return None, None, "in-process"
    import multiprocessing as mp

    # forkserver: workers start from a clean process, not a copy of the driver's state.
    # Even one worker is a process of its own: its memory is the document's alone (not the
    # driver's manifest and tables), and a native crash cannot take the driver down.
    pool = cf.ProcessPoolExecutor(
        max_workers=workers, mp_context=mp.get_context("forkserver"), initializer=_init_worker
    )
    return pool, None, "local pool"


def _start_workers(executor, workers: int) -> float:
    """Start every worker process and load its models; the seconds it took."""
    t0 = time.perf_counter()
    with _main_not_reimported():
        for fut in [executor.submit(_warm_up) for _ in range(workers)]:
            fut.result()
    return time.perf_counter() - t0


@contextlib.contextmanager
def _main_not_reimported():
    """While worker processes start, hide where the caller's ``__main__`` came from.

    multiprocessing (forkserver and spawn) makes each new process import the parent's main
    module, so a plain script that calls ``pipeline.run()`` with no ``if __name__ ==
    "__main__":`` guard would run again in every worker and fail. Workers need nothing from
    the caller's script: they run ``pipeline`` code only. The pool starts every worker at
    once (``_start_workers``) and starts no other later."""
    main = sys.modules.get("__main__")
    saved = {k: main.__dict__[k] for k in ("__file__", "__spec__") if main is not None and k in main.__dict__}
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            main.__spec__ = None
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)
            if "__spec__" not in saved:
                main.__dict__.pop("__spec__", None)


def run(
    raw: str | os.PathLike = "raw",
    output: str | os.PathLike = "output",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    max_mb: float = DEFAULT_MAX_MB,
    profile: str = "full",
    time_limit: float | None = -1.0,
    progress: bool | None = None,
    log: Callable[[str], None] | None = None,
    in_process: bool = False,
) -> RunSummary:
    """Process new and changed files of ``raw`` into ``output``; see DESIGN.md.

    ``in_process``: run the stages in this process (for a debugger), not in worker
    processes."""
    raw, output = Path(raw), Path(output)
    t0 = time.perf_counter()
    with store.locked(output), _CtrlC() as ctrl_c:
        p = plan(raw, output, force=force)
        workers = max(1, workers or os.cpu_count() or 1)
        workers = min(workers, max(1, len(p.todo)))
        # Page chrome matters to the structure stage only (not to the "core" profile).
        repeated = _chrome_changes(p, output, int(max_mb * 1e6)) if p.todo and profile == "full" else None
        summary = RunSummary(unchanged=len(p.unchanged) + len(p.failed), workers=workers)
        manifest = dict(p.manifest)
        for rel in p.removed:
            manifest.pop(rel, None)
        version = pipeline_version()
        errors: list[Result] = []
        rejected_before: set[str] = set()  # parts rejected by an earlier run already (error row there)
        for rel, did, why in p.rejected:
            part = store.part_name(did)
            if (output / "errors" / f"{part}.parquet").exists():
                rejected_before.add(part)
            errors.append(Result(rel, did, part, "error", stage="read", error="Rejected", message=why))
        summary.still_failing = len(p.failed) + len(rejected_before)
        if progress is None:
            progress = True
        bar = Progress(len(p.todo), sum(s.size for s, _ in p.todo), progress, sys.stderr.isatty())
        org_parts = Parts(output) if profile == "full" else None

        read_bundles: set[str] = set()

        def record(results: list[Result]) -> None:
            """A bundle's results, all of them before a Ctrl-C takes effect (the bundle's
            future is no longer in flight: a result left out would be lost)."""
            with ctrl_c.held():
                for res in results:
                    _record(res)
            ctrl_c.raise_pending()

        def _record(res: Result) -> None:
            bar.update(res)
            summary.peak_worker_rss_mb = max(summary.peak_worker_rss_mb, res.peak_rss_mb)
            for k, v in res.timings.items():
                summary.timings[k] = summary.timings.get(k, 0.0) + v
            if res.status == "ok":
                where = res.bundle
            else:  # its previous rows, if it had any, stay where they are until it succeeds
                old = p.manifest.get(res.source_path)
                where = old.get("part") if old and old.get("doc_id") == res.doc_id else None
            manifest[res.source_path] = row = {
                "source_path": res.source_path,
                "doc_id": res.doc_id,
                "part": where,
                "size": res.size,
                "mtime_ns": res.mtime_ns,
                "sha256": res.sha256,
                "pipeline_version": version,
                "status": res.status,
                "message": res.message,
                "n_chars": res.n_chars,
                "seconds": res.seconds,
            }
            store.append_journal(output, row)  # recorded now: an interrupted run redoes none of it
            if res.status == "ok":
                summary.processed += 1
                summary.chars += res.n_chars
                store.clear_error(output, res.part)
                if org_parts is not None and res.bundle not in read_bundles:  # while the workers go on
                    read_bundles.add(res.bundle)
                    org_parts.add(res.bundle)
            else:
                summary.failed += 1
                errors.append(res)

        max_bytes = int(max_mb * 1e6)
        executor, client, where = _executor(workers, scheduler, in_process)
        if client is not None:  # keep every thread of the cluster busy
            workers = summary.workers = max(1, sum(client.nthreads().values()))
        summary.where = where
        if client is None and executor is not None and p.todo:
            summary.worker_start_seconds = _start_workers(executor, workers)
        interrupted = False
        inflight: set = set()
        try:
            # Largest files first: the last ones to finish are then small, and no worker
            # waits long for another (on the bench corpus, one file is 14 % of the text).
            # Outputs do not depend on the order.
            order = sorted(
                batches([s for s, _ in p.todo]), key=lambda b: (-sum(s.size for s in b), b[0].source_path)
            )
            for results in _map(
                executor,
                order,
                str(output),
                max_bytes,
                workers,
                profile,
                repeated or frozenset(),
                time_limit,
                inflight,
            ):
                record(results)
        except KeyboardInterrupt:
            # Ctrl-C: nothing new starts; the documents in hand finish (workers ignore
            # SIGINT, and stop their bundle after the document in hand: store.STOP) and are
            # recorded like the others (a second Ctrl-C waits for them).
            interrupted = True
            ctrl_c.depth += 1
            (output / store.STOP).touch()
            for fut in inflight:
                fut.cancel()
            for fut in cf.as_completed([f for f in inflight if not f.cancelled()]):
                with contextlib.suppress(Exception):
                    for res in fut.result():
                        _record(res)
        finally:
            (output / store.STOP).unlink(missing_ok=True)
            if client is not None:
                executor.shutdown(wait=True)
            elif executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
            if client is not None:
                client.close()
        bar.finish()
        # From here the run's results are written: Ctrl-C waits until they are.
        ctrl_c.depth += 1
        for res in errors:
            store.write_part(output, "errors", res.part, _error_rows(res))
            if res.part not in rejected_before:  # this run's failures; older ones are counted apart
                summary.errors.append((res.source_path, res.message or ""))
        summary.rejected = len(p.rejected)
        summary.failed += summary.rejected - len(rejected_before)  # new failures of this run
        summary.not_processed = len(p.todo) - (summary.processed + summary.failed - summary.rejected)
        live_errors = {store.part_name(row["doc_id"]) for row in manifest.values() if row["status"] != "ok"}
        live_errors |= {r.part for r in errors}
        # A run with nothing to do touches nothing: it must return in moments on big batches
        # (but the errors of files that were since removed go).
        if (
            p.todo
            or p.removed
            or p.rejected
            or not (output / store.MANIFEST).exists()
            or (output / store.JOURNAL).exists()
            or store.has_stale_errors(output, live_errors)
        ):
            _save_manifest(output, manifest)
            store.sweep(output, manifest, live_errors)
            if _compact(output, manifest):
                _save_manifest(output, manifest)
                store.sweep(output, manifest, live_errors)
            summary.removed = len(p.removed)
            _write_organizations(output, org_parts)
            store.ensure_tables(output)
            if repeated is not None:
                store.write_chrome(output, repeated)
    summary.seconds = time.perf_counter() - t0
    if interrupted or ctrl_c.pending:
        raise Interrupted(summary, output)
    if log:
        log(str(summary))
    return summary


def _map(
    executor,
    bundles: list[list[Source]],
    output: str,
    max_bytes: int,
    workers: int,
    profile: str,
    repeated: frozenset[str],
    time_limit: float | None,
    pending: set | None = None,
) -> Iterable[list[Result]]:
    """Each bundle's results as it completes, with a bounded number of bundles in flight
    (``pending``: the futures in flight, for the caller to finish when it stops early)."""
    if executor is None:
        for sources in bundles:
            yield process_batch(sources, output, max_bytes, profile, repeated, time_limit)
        return
    pending = set() if pending is None else pending
    queue = iter(bundles)
    limit = max(2, 2 * workers)
    while True:
        for sources in queue:
            pending.add(
                executor.submit(process_batch, sources, output, max_bytes, profile, repeated, time_limit)
            )
            if len(pending) >= limit:
                break
        if not pending:
            return
        done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
        for fut in done:
            pending.discard(fut)
            yield fut.result()


def _error_rows(res: Result) -> pa.Table:
    return to_arrow(
        "errors",
        {
            "source_path": [res.source_path],
            "doc_id": [res.doc_id],
            "stage": [res.stage],
            "error": [res.error],
            "message": [res.message],
            "sha256": [res.sha256],
        },
    )


def _save_manifest(output: Path, manifest: dict[str, dict]) -> None:
    rows = [manifest[k] for k in sorted(manifest)]
    store.write_manifest(output, pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA))


def _compact(output: Path, manifest: dict[str, dict]) -> bool:
    """Merge the smallest bundles into one while there are more than MAX_BUNDLES (and the
    merged one stays under MAX_BUNDLE_BYTES of input); the manifest is updated (the caller
    saves it, then sweeps the merged files away).  Whether anything was merged."""
    sizes: dict[str, int] = {}
    members: dict[str, list[dict]] = {}
    for row in manifest.values():
        b = row.get("part")
        if b and b.startswith("b-"):
            members.setdefault(b, []).append(row)
            sizes[b] = sizes.get(b, 0) + (row.get("size") or 0)
    if len(members) <= MAX_BUNDLES:
        return False
    smallest = sorted(members, key=lambda b: (sizes[b], b))
    merge = smallest[: len(members) - MAX_BUNDLES + 1]
    while len(merge) > 1 and sum(sizes[b] for b in merge) > MAX_BUNDLE_BYTES:
        merge.pop()
    if len(merge) < 2:
        return False
    rows = sorted((r for b in merge for r in members[b]), key=lambda r: r["source_path"])
    new = store.bundle_name([(r["doc_id"], r.get("sha256") or "") for r in rows], pipeline_version())
    store.merge_bundles(
        output,
        [b for b in merge],
        new,
        [r["doc_id"] for r in rows],
        [n for n, spec in TABLES.items() if spec.per_document and n != "errors"],
    )
    for r in rows:
        r["part"] = new
    return True


def _write_organizations(output: Path, parts: Parts | None = None) -> None:
    """The organizations table is across documents: rebuilt from every document's parts
    (``parts``: those read during the run)."""
    store.write_whole(output, "organizations", organizations_table(output, parts))


def status(raw: str | os.PathLike = "raw", output: str | os.PathLike = "output") -> dict:
    """What a run would do now, without doing it (:class:`store.OutputMissing` if
    ``output`` is not a folder yet)."""
    store.require_output(output)
    p = plan(raw, output)
    return {
        "new_or_changed": [(s.source_path, why) for s, why in p.todo],
        "unchanged": len(p.unchanged),
        "failed": [(rel, p.manifest[rel].get("message")) for rel in p.failed],
        "removed": p.removed,
        "rejected": p.rejected,
        "pipeline_version": pipeline_version(),
    }


__all__ = ["RunSummary", "plan", "process_file", "run", "status"]
