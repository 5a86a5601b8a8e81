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
import hashlib
import os
import resource
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipeline import store
from pipeline.aggregate import Parts, organizations_table
from pipeline.ingest import DEFAULT_MAX_MB, IngestError, ingest
from pipeline.stages import Options, StageError, process_in_pieces
from pipeline.tables import TABLES, to_arrow
from pipeline.version import pipeline_version

# ru_maxrss is in kilobytes on Linux, bytes on macOS.
_RSS_UNIT = 1 / 1024 if sys.platform != "darwin" else 1 / 2**20

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
@dataclass(frozen=True, slots=True)
class Source:
    path: str  # absolute
    source_path: str  # relative to raw/, POSIX separators
    doc_id: str
    size: int
    mtime_ns: int


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


# ------------------------------------------------------------------------------- workers
@dataclass
class Result:
    source_path: str
    doc_id: str
    part: str  # the document's own name: its errors row, if any, is output/errors/<part>.parquet
    status: str  # ok | error
    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    n_chars: int = 0
    seconds: float = 0.0
    stage: str | None = None
    error: str | None = None
    message: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0  # the worker process's peak resident memory so far
    bundle: str | None = None  # the file stem that holds the document's rows, when ok


# Page chrome repeats issue after issue: a short line found in at least this share of the
# batch's documents (and in at least MIN_REPEATS of them) is boilerplate.
REPEAT_SHARE = 0.5
MIN_REPEATS = 3
MAX_CHROME_LINE = 80


def line_sets(sources: list[Source], max_bytes: int) -> dict[str, frozenset[str]]:
    """Each document's short lines (page chrome candidates), by source path."""
    from pipeline.ingest import decode

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


def _process(
    src: Source,
    max_bytes: int,
    profile: str,
    repeated: frozenset[str],
    res: Result,
    sink: Callable[[dict[str, pa.Table]], None],
) -> None:
    """The work on one document: fills ``res`` (``res.stage`` says how far it got) and hands
    its rows to ``sink``, piece by piece."""
    t0 = time.perf_counter()
    res.stage = "read"
    try:
        st = os.stat(src.path)
        if st.st_size > max_bytes:
            raise IngestError(
                f"file is {st.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
                "split it, or raise the limit with --max-mb"
            )
        with open(src.path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise IngestError(
            "the file vanished before it could be read (deleted or moved during the run)"
        ) from None
    except IsADirectoryError:
        raise IngestError("not a regular file (a directory)") from None
    except PermissionError as exc:
        raise IngestError(f"cannot read the file: {exc.strerror}; check its permissions") from None
    res.size, res.mtime_ns = len(data), st.st_mtime_ns
    res.sha256 = hashlib.sha256(data).hexdigest()
    opts = Options(
        source_path=src.source_path,
        sha256=res.sha256,
        n_bytes=len(data),
        profile=profile,
        repeated_lines=repeated,
    )
    opts.timings["read"] = time.perf_counter() - t0
    res.stage = "ingest"
    t1 = time.perf_counter()
    doc = ingest(src.doc_id, data)
    del data  # the decoded raw text is the anchor from here on; a 50 MB file needs no twin
    opts.timings["ingest"] = time.perf_counter() - t1
    res.stage = "stages"
    for tables in process_in_pieces(doc, opts):
        t1 = time.perf_counter()
        sink(tables)
        opts.timings["write"] = opts.timings.get("write", 0.0) + time.perf_counter() - t1
    res.status = "ok"
    res.n_chars = len(doc.raw)
    res.timings = opts.timings
    res.stage = None


class DocumentTimeout(TimeoutError):
    """A document took longer than its time limit."""


# A document may take this long, plus PER_MB_SECONDS for every MB, before it is given up
# (a pathological input must not hold a batch hostage).
BASE_SECONDS = 120.0
PER_MB_SECONDS = 30.0


def time_limit_for(size: int) -> float:
    return BASE_SECONDS + PER_MB_SECONDS * size / 1e6


@contextlib.contextmanager
def _time_limit(seconds: float | None):
    """Raise DocumentTimeout in this process after ``seconds`` (a POSIX interval timer).

    Only the main thread of a process can take signals: in a Dask worker's thread pool the
    limit is not applied.  C code (one MeCab call, one regex match) finishes before the
    exception is raised; the pieces given to MeCab are bounded for that reason."""
    usable = (
        seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout(f"gave up after {seconds:.0f} s (time limit; raise it with --time-limit)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _one(
    src: Source,
    max_bytes: int,
    profile: str,
    repeated: frozenset[str],
    time_limit: float | None,
    sink: Callable[[dict[str, pa.Table]], None],
) -> Result:
    """Read and process one document, its rows to ``sink``; never raises."""
    t0 = time.perf_counter()
    res = Result(
        src.source_path,
        src.doc_id,
        store.part_name(src.doc_id),
        "error",
        size=src.size,
        mtime_ns=src.mtime_ns,
    )
    if time_limit is not None and time_limit < 0:
        time_limit = time_limit_for(src.size)
    try:
        with _time_limit(time_limit):
            _process(src, max_bytes, profile, repeated, res, sink)
    except StageError as exc:
        res.stage, res.error, res.message = exc.stage, exc.error, str(exc)
    except IngestError as exc:
        res.error, res.message = "IngestError", str(exc)
    except DocumentTimeout as exc:
        res.error, res.message = "DocumentTimeout", str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a batch
        res.error = type(exc).__name__
        res.message = f"{exc} ({traceback.format_exc(limit=3).splitlines()[-3].strip()})"
    res.seconds = time.perf_counter() - t0
    return res


def process_batch(
    sources: list[Source],
    output: str,
    max_bytes: int,
    profile: str = "full",
    repeated: frozenset[str] = frozenset(),
    time_limit: float | None = -1.0,
) -> list[Result]:
    """Worker entry point: read, process and write a bundle of input files; never raises.

    The rows of the documents that succeed go into one file per table (store.BundleWriter),
    put in place when the bundle is done; a document that fails leaves no row there.  A
    bundle of one document hands its rows over piece by piece (a large file is never whole
    in memory); a document of a bundle of several is held until it is done.

    ``time_limit``: seconds per document, None for none, negative for the default for its size."""
    writer = store.BundleWriter(Path(output), stream=len(sources) == 1)
    results: list[Result] = []
    stop = Path(output) / store.STOP
    for src in sources:
        if results and stop.exists():  # the run was interrupted: the rest waits for the next run
            break
        if len(sources) == 1:
            res = _one(src, max_bytes, profile, repeated, time_limit, writer.add)
        else:
            held: list[dict[str, pa.Table]] = []
            res = _one(src, max_bytes, profile, repeated, time_limit, held.append)
            if res.status == "ok":
                t0 = time.perf_counter()
                for tables in held:
                    writer.add(tables)
                res.timings["write"] = res.timings.get("write", 0.0) + time.perf_counter() - t0
        if res.status == "ok":
            writer.done(src.doc_id)
        results.append(res)
    ok = [r for r in results if r.status == "ok"]
    t0 = time.perf_counter()
    if not ok:
        writer.abort()
    else:
        bundle = store.bundle_name([(r.doc_id, r.sha256 or "") for r in ok], pipeline_version())
        try:
            writer.close(bundle)
        except Exception as exc:  # noqa: BLE001 - a full disk: every document of the bundle failed
            for r in ok:
                r.status, r.stage, r.error, r.message = "error", "write", type(exc).__name__, str(exc)
        else:
            for r in ok:
                r.bundle = bundle
        # Closing the files (footers, renames) is writing too: counted once, on the last document.
        ok[-1].timings["write"] = ok[-1].timings.get("write", 0.0) + time.perf_counter() - t0
    rss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * _RSS_UNIT, 1)
    for r in results:
        r.peak_rss_mb = rss
    return results


def process_file(
    src: Source,
    output: str,
    max_bytes: int,
    profile: str = "full",
    repeated: frozenset[str] = frozenset(),
    time_limit: float | None = -1.0,
) -> Result:
    """One input file as a bundle of its own (see :func:`process_batch`)."""
    return process_batch([src], output, max_bytes, profile, repeated, time_limit)[0]


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


def _warm_up() -> int:
    """Load what every document needs in a fresh worker: the tagger and the named-entity
    model, then a short sample page (data/warmup_page.txt) through every stage, which
    imports the stages' modules and builds the patterns and word tables they make on first
    use.  Worker start-up is timed apart from the documents (RunSummary)."""
    from pipeline.datafiles import data_text
    from pipeline.document import Document
    from pipeline.ner.model import model
    from pipeline.tagger import get_tagger

    get_tagger()
    model()
    text = "".join(ln for ln in data_text("warmup_page.txt").splitlines(True) if not ln.startswith("#"))
    page = Document("warm-up", text)
    for _tables in process_in_pieces(page, Options()):
        pass
    return os.getpid()


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


class _NoPandas:
    """Import hook of the processes that only run the pipeline: ``import pandas`` fails.

    pyarrow imports pandas, when it is installed, the first time it converts Python
    objects, only to ask whether they are pandas objects.  Such a process never makes a
    DataFrame, and pandas would cost it about 50 MB (make bench); without it pyarrow
    carries on."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is not loaded in pipeline run processes")
        return None


def refuse_pandas() -> None:
    """Make ``import pandas`` fail in this process from now on (unless it is loaded already).

    For processes that only run the pipeline: pool workers, and the command line's driver,
    whose manifest and organizations table would otherwise make pyarrow import pandas
    (its import time and tens of MB) for nothing."""
    if "pandas" not in sys.modules and not any(isinstance(f, _NoPandas) for f in sys.meta_path):
        sys.meta_path.insert(0, _NoPandas())


def _init_worker() -> None:
    """Start of a pool worker: process-wide settings belong in processes the runner owns
    (not in the caller's process of an in-process run, nor in a Dask worker)."""
    # Ctrl-C reaches the whole process group: the driver stops the run, a worker finishes
    # the document in hand (its result is recorded) instead of printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    refuse_pandas()
    # Arrow's default allocator (mimalloc) keeps freed pages resident; jemalloc hands them
    # back after its decay time, so a worker's resident size follows what it uses (about
    # 30 MB less at the peak of a 50 MB file, make bench).
    with contextlib.suppress(NotImplementedError):  # a pyarrow build without jemalloc
        pa.set_memory_pool(pa.jemalloc_memory_pool())


class _Progress:
    """Progress on stderr: a line redrawn in place on a terminal; in a log (cron, a file)
    one line every LOG_EVERY seconds."""

    LOG_EVERY = 10.0

    def __init__(self, total: int, total_bytes: int, enabled: bool, terminal: bool = True):
        self.total, self.total_bytes, self.enabled, self.terminal = total, total_bytes, enabled, terminal
        self.done = self.bytes = self.chars = 0
        self.t0 = self.last = time.monotonic()
        self.drawn = False

    def update(self, res: Result) -> None:
        self.done += 1
        self.bytes += res.size or 0
        self.chars += res.n_chars
        now = time.monotonic()
        every = 0.5 if self.terminal else self.LOG_EVERY
        if not self.enabled or (now - self.last < every and (self.done < self.total or not self.terminal)):
            return
        self.last = now
        elapsed = now - self.t0
        rate = self.chars / elapsed if elapsed else 0.0
        frac = self.bytes / self.total_bytes if self.total_bytes else self.done / max(1, self.total)
        eta = elapsed * (1 - frac) / frac if frac > 0 else 0.0
        line = f"{self.done}/{self.total} files  {rate:,.0f} chars/s  ETA {eta:,.0f}s"
        if self.terminal:
            sys.stderr.write(f"\r  {line}   ")
            self.drawn = True
        else:
            sys.stderr.write(f"  {time.strftime('%H:%M:%S')} {line}\n")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()


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
        bar = _Progress(len(p.todo), sum(s.size for s, _ in p.todo), progress, sys.stderr.isatty())
        org_parts = Parts(output) if profile == "full" else None

        read_bundles: set[str] = set()

        def record(res: Result) -> None:
            with ctrl_c.held():
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
                _clear_error(output, res.part)
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
                for res in results:
                    record(res)
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
            or _stale_errors(output, live_errors)
        ):
            _save_manifest(output, manifest)
            _sweep(output, manifest, live_errors)
            if _compact(output, manifest):
                _save_manifest(output, manifest)
                _sweep(output, manifest, live_errors)
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


def _stale_errors(output: Path, live: set[str]) -> bool:
    """Does ``errors`` hold a row of a file that is no longer in raw/?"""
    return any(_stale_parts(output / "errors", live))


def _stale_parts(folder: Path, live_parts: set[str]) -> Iterable[Path]:
    """The files in ``folder`` named after none of ``live_parts``."""
    if folder.is_dir():
        yield from (p for p in folder.glob("*.parquet") if p.stem != "empty" and p.stem not in live_parts)


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


def _clear_error(output: Path, part: str) -> None:
    try:
        (output / "errors" / f"{part}.parquet").unlink()
    except FileNotFoundError:
        pass


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


def _sweep(output: Path, manifest: dict[str, dict], live_errors: set[str]) -> None:
    """Publish the new bundles the manifest records (store.publish), then keep in each file
    only the rows of documents the manifest says it holds: rows of
    documents replaced since (their new rows are in a newer bundle), removed from raw/, or
    merged into another bundle go, and a file left with none goes too.  Also the errors of
    documents that are gone or fixed.  Safe to repeat: after an interrupted run or merge the
    next sweep finishes the job."""
    holder = {row["doc_id"]: row["part"] for row in manifest.values() if row.get("part")}
    held = set(holder.values())
    for name, spec in TABLES.items():
        folder = output / name
        if not spec.per_document or not folder.is_dir():
            continue
        store.publish(folder, held)  # this run's bundles, or an interrupted run's it recorded
        if name == "errors":
            for path in list(_stale_parts(folder, live_errors)):
                path.unlink()
            continue
        for path in list(folder.glob("*.parquet")):
            if path.stem == "empty":
                continue
            docs = store.bundle_docs(path)
            if docs is None:  # one document's part, as runs before bundles wrote them
                if path.stem not in held:
                    path.unlink()
                continue
            keep = [d for d in docs if holder.get(d) == path.stem]
            if len(keep) < len(docs):
                store.rewrite_bundle(path, name, keep)


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
