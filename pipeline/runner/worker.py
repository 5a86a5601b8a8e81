"""What a worker does: read a bundle of input files, run the stages on each document and
write the bundle's rows, one file per table (:class:`pipeline.tables.store.BundleWriter`).

The runner (:mod:`pipeline.runner.run`) decides which files go to which worker and keeps the
books; everything here runs inside the worker process (or the driver, for an in-process
run), and never raises: a document that fails becomes a :class:`Result` with its error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipeline.document.model import Document
from pipeline.stages.ingest import IngestError, ingest
from pipeline.stages.rows import TRUSTED
from pipeline.stages.run import (
    Options,
    StageError,
    chunk_bounds,
    entities_of_many,
    process_document_columns,
    process_in_pieces,
    run_stages,
    tokens_of_many,
)
from pipeline.tables import store
from pipeline.tables.schema import to_arrow_many
from pipeline.tables.version import pipeline_version

# ru_maxrss is in kilobytes on Linux, bytes on macOS.
_RSS_UNIT = 1 / 1024 if sys.platform != "darwin" else 1 / 2**20


@dataclass(frozen=True, slots=True)
class Source:
    path: str  # absolute
    source_path: str  # relative to raw/, POSIX separators
    doc_id: str
    size: int
    mtime_ns: int


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


def _process(
    src: Source,
    max_bytes: int,
    profile: str,
    repeated: frozenset[str],
    res: Result,
    sink: Callable[[dict], None],
    columns: bool = False,
) -> None:
    """The work on one document: fills ``res`` (``res.stage`` says how far it got) and hands
    its rows to ``sink``, piece by piece (``columns``: a one-piece document's columns,
    unconverted; see :func:`process_in_pieces`)."""
    doc, opts = _prepare(src, max_bytes, profile, repeated, res)
    for tables in process_in_pieces(doc, opts, columns=columns):
        t1 = time.perf_counter()
        sink(tables)
        opts.timings["write"] = opts.timings.get("write", 0.0) + time.perf_counter() - t1
    _done(res, doc, opts)


def _done(res: Result, doc: Document, opts: Options) -> None:
    res.status = "ok"
    res.n_chars = len(doc.raw)
    res.timings = opts.timings
    res.stage = None


def _prepare(
    src: Source, max_bytes: int, profile: str, repeated: frozenset[str], res: Result
) -> tuple[Document, Options]:
    """Read and ingest one document (``res`` says how far it got)."""
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
    return doc, opts


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
    sink: Callable[[dict], None],
    columns: bool = False,
) -> Result:
    """Read and process one document, its rows to ``sink``; never raises."""
    t0 = time.perf_counter()
    res = _result(src)
    _guarded(
        res, _limit(src, time_limit), lambda: _process(src, max_bytes, profile, repeated, res, sink, columns)
    )
    res.seconds = time.perf_counter() - t0
    return res


def _result(src: Source) -> Result:
    return Result(
        src.source_path,
        src.doc_id,
        store.part_name(src.doc_id),
        "error",
        size=src.size,
        mtime_ns=src.mtime_ns,
    )


def _limit(src: Source, time_limit: float | None) -> float | None:
    return time_limit_for(src.size) if time_limit is not None and time_limit < 0 else time_limit


def _guarded(res: Result, limit: float | None, work: Callable[[], None]) -> bool:
    """Run ``work`` on ``res``'s document under its time limit; an exception becomes the
    document's error in ``res``.  Whether the work ran through."""
    try:
        with _time_limit(limit):
            work()
        return True
    except StageError as exc:
        res.stage, res.error, res.message = exc.stage, exc.error, str(exc)
    except IngestError as exc:
        res.error, res.message = "IngestError", str(exc)
    except DocumentTimeout as exc:
        res.error, res.message = "DocumentTimeout", str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a batch
        res.error = type(exc).__name__
        res.message = f"{exc} ({traceback.format_exc(limit=3).splitlines()[-3].strip()})"
    res.status = "error"
    return False


# The input a worker takes through the stages together inside a bundle (see process_batch).
GROUP_BYTES = 256_000


def _groups(sources: list[Source], size: int) -> list[list[Source]]:
    """Consecutive runs of ``sources`` of about ``size`` bytes (at least one file each)."""
    out: list[list[Source]] = []
    total = size
    for src in sources:
        if total >= size:
            out.append([])
            total = 0
        out[-1].append(src)
        total += src.size
    return out


def _bundle(
    sources: list[Source],
    output: str,
    max_bytes: int,
    profile: str,
    repeated: frozenset[str],
    time_limit: float | None,
) -> tuple[list[Result], list[tuple[Result, list[dict]]]]:
    """Several small documents, stage by stage: each is read and goes through the stages
    before the tokens stage, then all are tokenised together and go through the entities
    stage together (their fixed costs paid once: :func:`pipeline.stages.run.tokens_of_many`,
    :func:`~pipeline.stages.run.entities_of_many`), then each goes through the rest and
    gives its columns.  Every step of a document runs under its time limit and its failure is its
    own; a document long enough to be processed in pieces goes the one-document way."""
    stop = Path(output) / store.STOP
    results: list[Result] = []
    rows_of: dict[int, list[dict]] = {}
    ready: list[tuple[int, Result, Document, Options, float | None]] = []
    for i, src in enumerate(sources):
        if results and stop.exists():  # the run was interrupted: the rest waits for the next run
            break
        t0 = time.perf_counter()
        res, limit = _result(src), _limit(src, time_limit)
        results.append(res)
        got: dict = {}

        def prepare(src=src, res=res, got=got) -> None:
            doc, opts = _prepare(src, max_bytes, profile, repeated, res)
            if len(chunk_bounds(doc.text)) > 1:
                got["rows"] = list(process_in_pieces(doc, opts, columns=True))
                _done(res, doc, opts)
                return
            piece = doc.slice(0, len(doc.text))
            run_stages(piece, opts, "before_tokens")
            got["doc"] = (doc, piece, opts)

        if _guarded(res, limit, prepare):
            if "rows" in got:
                rows_of[i] = got["rows"]
            else:
                ready.append((i, res, *got["doc"], limit))
        res.seconds += time.perf_counter() - t0
    every = list(results)  # by source position (results loses the unfinished on Ctrl-C)
    if ready:
        t0 = time.perf_counter()
        limits = [lim for *_, lim in ready]
        together = True
        try:
            with _time_limit(None if None in limits else sum(limits)):
                tokens_of_many([piece for _, _, _, piece, _, _ in ready], [o for _, _, _, _, o, _ in ready])
        except Exception:  # noqa: BLE001 - each document's tokens stage runs alone below
            together = False
        # The entities stage of the group at once too (the named-entity model's fixed costs).
        entities_together = together and profile != "core"
        if entities_together:
            try:
                with _time_limit(None if None in limits else sum(limits)):
                    entities_of_many(
                        [piece for _, _, _, piece, _, _ in ready], [o for _, _, _, _, o, _ in ready]
                    )
            except Exception:  # noqa: BLE001 - each document's entities stage runs alone below
                entities_together = False
        share = (time.perf_counter() - t0) / len(ready)
        for n, (i, res, doc, piece, opts, limit) in enumerate(ready):
            if n and stop.exists():
                # the run was interrupted: the documents not finished wait for the next run
                unfinished = {id(r) for _, r, *_ in ready[n:]}
                results = [r for r in results if id(r) not in unfinished]
                break
            t0 = time.perf_counter()
            got: dict = {}

            def finish(doc=doc, piece=piece, opts=opts, res=res, got=got) -> None:
                if not together:
                    run_stages(piece, opts, "tokens")
                if not entities_together:
                    run_stages(piece, opts, "entities")
                cols = process_document_columns(piece, opts, "after_entities")
                cols["documents"]["n_chars_raw"] = [len(doc.raw)]
                got["rows"] = [cols]
                _done(res, doc, opts)

            if _guarded(res, limit, finish):
                rows_of[i] = got["rows"]
            res.seconds += share + time.perf_counter() - t0
    by_index = dict(enumerate(every))
    return results, [(by_index[i], rows_of[i]) for i in sorted(rows_of)]


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
    in memory); the documents of a bundle of several are held, as columns, and converted
    together when the bundle is done (:func:`_convert_held`).

    ``time_limit``: seconds per document, None for none, negative for the default for its size."""
    writer = store.BundleWriter(Path(output), stream=len(sources) == 1)
    if len(sources) == 1:
        res = _one(sources[0], max_bytes, profile, repeated, time_limit, writer.add)
        if res.status == "ok":
            writer.done(res.doc_id)
        results = [res]
    else:
        # In groups of about GROUP_BYTES of input: a group's documents are held in memory
        # together (their tokens, their rows) until the group is written, not the bundle's
        # (256 KB keeps a worker's peak where one document at a time kept it, make bench).
        results = []
        stop = Path(output) / store.STOP
        for group in _groups(sources, GROUP_BYTES):
            if results and stop.exists():
                break  # the run was interrupted: the rest waits for the next run
            done, held = _bundle(group, output, max_bytes, profile, repeated, time_limit)
            results += done
            if held:
                _write_held(writer, held)
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


def _write_held(writer: store.BundleWriter, held: list[tuple[Result, list[dict]]]) -> None:
    """Convert the held documents' columns together, table by table, and add every row to
    ``writer`` in the documents' order.  A document whose rows do not convert (as its own
    conversion shows when the batch's fails) gets an error at the tables stage and leaves no
    row; the others are written."""
    t0 = time.perf_counter()
    try:
        batch = _convert_held([rows for _, rows in held])
    except Exception:  # noqa: BLE001 - found again below, document by document
        batch = None
    t1 = time.perf_counter()
    if batch is not None:
        for tables in batch:
            writer.add(tables)
        good = [res for res, _ in held]
    else:
        good = []
        for res, rows in held:
            try:
                converted = _convert_held([rows])
            except Exception as exc:  # noqa: BLE001 - one bad document must never stop a batch
                res.status, res.stage, res.error = "error", "tables", type(exc).__name__
                res.message = f"{exc} ({traceback.format_exc(limit=3).splitlines()[-3].strip()})"
                continue
            for tables in converted:
                writer.add(tables)
            good.append(res)
    for res in good:
        writer.done(res.doc_id)
    # The conversion is table building and the rest writing: shared out by characters.
    total = sum(r.n_chars for r in good) or 1
    for r in good:
        share = r.n_chars / total
        r.timings["tables"] = r.timings.get("tables", 0.0) + (t1 - t0) * share
        r.timings["write"] = r.timings.get("write", 0.0) + (time.perf_counter() - t1) * share


def _convert_held(docs: list[list[dict]]) -> list[dict[str, pa.Table]]:
    """The held rows of ``docs`` as tables, in order: consecutive documents' columns
    converted together (to_arrow_many), a large document's converted pieces as they are."""
    out: list[dict[str, pa.Table]] = []
    run: list[dict[str, dict]] = []

    def convert_run() -> None:
        if run:
            names = dict.fromkeys(name for cols in run for name in cols)
            out.append(
                {
                    name: to_arrow_many(
                        name, [cols[name] for cols in run if name in cols], trusted=name in TRUSTED
                    )
                    for name in names
                }
            )
            run.clear()

    for rows in docs:
        for item in rows:
            if any(isinstance(v, pa.Table) for v in item.values()):
                convert_run()
                out.append(item)
            else:
                run.append(item)
    convert_run()
    return out


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


def _warm_up() -> int:
    """Load what every document needs in a fresh worker: the tagger and the named-entity
    model, then a short sample page (data/warmup_page.txt) through every stage, which
    imports the stages' modules and builds the patterns and word tables they make on first
    use.  Worker start-up is timed apart from the documents (RunSummary)."""
    from pipeline.base.datafiles import data_text
    from pipeline.document.model import Document
    from pipeline.entities.ner.model import model
    from pipeline.text.tagger import get_tagger

    get_tagger()
    model()
    text = "".join(ln for ln in data_text("warmup_page.txt").splitlines(True) if not ln.startswith("#"))
    page = Document("warm-up", text)
    for _tables in process_in_pieces(page, Options()):
        pass
    return os.getpid()


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


__all__ = ["Result", "Source", "process_batch", "process_file", "refuse_pandas"]
