"""The one place that reads and writes files under output/: parquet parts, manifest, lock.

Every file is written to a hidden temporary name in its final directory and then renamed
over the old one (``os.replace`` is atomic on POSIX), so a reader or an interrupted run
only ever sees whole files.  Readers (pandas, pyarrow, DuckDB, polars) skip names that
start with "." or "_".
"""

from __future__ import annotations

import base64
import errno
import fcntl
import hashlib
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.tables.schema import TABLES, empty, to_pandas

MANIFEST = "manifest.parquet"
LOCK = ".lock"
# Made by an interrupted run's driver: workers stop their bundle after the document in hand.
STOP = ".stop"
_UNSAFE = re.compile(r"[^\w.\-]+")

# Fixed writer settings: the same table always gives the same bytes.  Dictionary encoding
# pays for columns with few distinct values (parts of speech, labels, ids) and costs time on
# free text, unless the column arrives dictionary-encoded already (the token columns), when
# the dictionary is written as it is.  Statistics (min/max per row group) pay where they
# let a reader skip files: numbers, offsets and ids; on text (a part's parts of speech run
# from 代名詞 to 動詞 whatever one looks for) they cost a fifth of the token table's time.
# Snappy, not zstd: a run writes thousands of small files, and zstd's per-column set-up
# cost doubled the time of each (files are about a third larger).
_FREE_TEXT = frozenset(
    {
        "surface",
        "lemma",
        "lexeme",
        "reading",
        "pron",
        "text",
        "context",
        "value",
        "message",
        "normalized",
        "rest",
        "name",
        "aliases",
    }
)


_ID_TEXT = frozenset({"doc_id", "entity_id", "org_id", "source_path"})


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or (pa.types.is_dictionary(t) and pa.types.is_string(t.value_type))


@lru_cache(maxsize=256)
def _write_options(schema: pa.Schema) -> dict:
    # (Cached: a run opens a writer per table and document, and a table has a schema or
    # two.  Callers unpack the dict, never change it.)
    return dict(
        compression="snappy",
        use_dictionary=[
            f.name
            for f in schema
            if pa.types.is_dictionary(f.type) or (pa.types.is_string(f.type) and f.name not in _FREE_TEXT)
        ],
        write_statistics=[
            f.name for f in schema if f.name in _ID_TEXT or not (pa.types.is_list(f.type) or _is_text(f.type))
        ],
    )


# pandas dtypes that keep nulls, by Arrow type: what read_table gives (tables.to_pandas)
_PANDAS_TYPES = {
    pa.int32(): ("int32", "Int32"),
    pa.int64(): ("int64", "Int64"),
    pa.bool_(): ("bool", "boolean"),
}


@cache
def _pandas_metadata(name: str) -> bytes:
    """The pandas types of table ``name`` in pyarrow's "pandas" file metadata: with them,
    plain ``pd.read_parquet`` reads integer and boolean columns with nulls as
    Int32/Int64/boolean, as :func:`read_table` does, not as float64 and object.  Written by
    hand: worker processes do not load pandas."""
    columns = []
    for field in TABLES[name].schema:
        pandas_type, numpy_type = _PANDAS_TYPES.get(
            field.type, ("unicode" if _is_text(field.type) else "mixed", "object")
        )
        columns.append(
            {
                "name": field.name,
                "field_name": field.name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": None,
            }
        )
    meta = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "creator": {"library": "pyarrow", "version": pa.__version__},
    }
    return json.dumps(meta).encode()


@cache
def _file_schema(name: str) -> pa.Schema:
    """The contract's schema as files store it: its metadata plus the pandas types."""
    contract = TABLES[name].schema
    return contract.with_metadata({**contract.metadata, b"pandas": _pandas_metadata(name)})


@cache
def _contract_metadata(name: str) -> dict[bytes, bytes]:
    contract = _file_schema(name)
    return {**contract.metadata, b"ARROW:schema": base64.b64encode(contract.serialize().to_pybytes())}


def _open_writer(sink: pa.NativeFile, name: str, schema: pa.Schema) -> pq.ParquetWriter:
    """A parquet writer into ``sink`` for table ``name`` whose rows come as ``schema``.

    Readers (pyarrow, pandas, polars) take a file's Arrow types from the Arrow schema stored
    in it under "ARROW:schema".  When text columns arrive dictionary-encoded, that stored
    schema is the contract's (strings), so every file of a table reads back the same; the
    parquet columns are strings either way.
    """
    contract = TABLES[name].schema
    if schema.equals(contract):
        return pq.ParquetWriter(sink, _file_schema(name), store_schema=True, **_write_options(contract))
    writer = pq.ParquetWriter(sink, schema, store_schema=False, **_write_options(schema))
    writer.add_key_value_metadata(_contract_metadata(name))
    return writer


def part_name(doc_id: str) -> str:
    """File stem of a document's parts: readable, filesystem-safe and collision-free."""
    safe = _UNSAFE.sub("_", doc_id)[:80].strip("._") or "doc"
    return f"{safe}-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:10]}"


def _atomic_write_table(table: pa.Table, path: Path, doc_ids: list[str] | None = None) -> None:
    """Write ``table`` to ``path`` through a temporary file renamed over it; ``doc_ids``: the
    file is a bundle holding these documents (listed in its footer, row groups of
    ROW_GROUP_ROWS)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    name = (table.schema.metadata or {}).get(b"table", b"").decode()
    if name in TABLES and table.schema.equals(TABLES[name].schema):
        metadata = _file_schema(name).metadata
        if doc_ids is not None:
            metadata = {**metadata, DOCS_KEY: json.dumps(doc_ids, ensure_ascii=False).encode()}
        table = table.replace_schema_metadata(metadata)
    bundle = {} if doc_ids is None else {"row_group_size": ROW_GROUP_ROWS}
    try:
        pq.write_table(table, tmp, store_schema=True, **_write_options(table.schema), **bundle)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_part(output: Path, table_name: str, part: str, table: pa.Table) -> None:
    """Write one document's rows of one table (replacing the previous part atomically)."""
    folder = Path(output) / table_name
    folder.mkdir(parents=True, exist_ok=True)
    _atomic_write_table(table, folder / f"{part}.parquet")


# A bundle's file records the documents whose rows it holds, in its footer (read without
# reading the rows): the sweep compares them with the manifest.
DOCS_KEY = b"pipeline.doc_ids"
# Rows a table gathers before they are written as one row group: a bundle of small issues
# would otherwise be thousands of tiny row groups, slow to read.
ROW_GROUP_ROWS = 131_072


def bundle_name(members: list[tuple[str, str]], version: str) -> str:
    """File stem of a bundle: a hash of its documents (doc_id and content hash) and the
    pipeline version, so the same documents give the same name and bytes in every run,
    whatever the number of workers, and changed ones a new name."""
    digest = hashlib.sha1(version.encode())
    for doc_id, sha in sorted(members):
        digest.update(f"\0{doc_id}\0{sha}".encode())
    return f"b-{digest.hexdigest()[:16]}"


class BundleWriter:
    """Write the rows of a bundle of documents, one file per table, then put every file in
    place at once on :meth:`close`; :meth:`abort` (or an exception) leaves the previous
    files and no temporary ones.

    Documents arrive whole, one after another (:meth:`add`), or, for a bundle of one large
    document, piece by piece (:meth:`add` for each piece, :meth:`done` at its end)."""

    _numbers = itertools.count(
        1
    )  # writers opened by this process (threads too): their temporary names differ

    def __init__(self, output: Path, *, stream: bool = False):
        # stream: every piece is written at once (a bundle of one large document: holding
        # pieces for larger row groups would hold a large part of it in memory).
        self.output, self.stream = Path(output), stream
        self._tmp_stem = f".bundle-{os.getpid()}-{next(BundleWriter._numbers)}"
        self.doc_ids: list[str] = []
        # Per table: its writer, the file it writes (opened here: a path would make pyarrow
        # resolve a filesystem for every file), the file's temporary path, rows waiting.
        self._writers: dict[str, tuple[pq.ParquetWriter, pa.NativeFile, Path]] = {}
        self._waiting: dict[str, list[pa.Table]] = {}
        self._schemas: dict[str, pa.Schema] = {}  # what each file's rows arrive as
        self._rows: dict[str, int] = {}

    def add(self, tables: dict[str, pa.Table]) -> None:
        """Rows of one document, or of one piece of the bundle's one document."""
        for name, table in tables.items():
            if not table.num_rows:
                continue
            if name not in self._writers:
                folder = self.output / name
                folder.mkdir(parents=True, exist_ok=True)
                tmp = folder / f"{self._tmp_stem}.parquet.tmp"
                sink = pa.OSFile(str(tmp), "wb")
                try:
                    self._writers[name] = (_open_writer(sink, name, table.schema), sink, tmp)
                except BaseException:
                    sink.close()
                    tmp.unlink(missing_ok=True)
                    raise
                self._waiting[name], self._rows[name] = [], 0
                self._schemas[name] = table.schema
            schema = self._schemas[name]
            if not table.schema.equals(schema, check_metadata=False):
                table = table.cast(schema)  # e.g. a token column plain in one document, encoded in the next
            self._waiting[name].append(table)
            self._rows[name] += table.num_rows
            if self.stream or self._rows[name] >= ROW_GROUP_ROWS:
                self._flush(name)

    def done(self, doc_id: str) -> None:
        """Every row of ``doc_id`` has been added."""
        self.doc_ids.append(doc_id)

    def _flush(self, name: str) -> None:
        waiting = self._waiting[name]
        if waiting:
            table = pa.concat_tables(waiting) if len(waiting) > 1 else waiting[0]
            # The documents' dictionaries (token columns) merged into one per column: the
            # writer then encodes each column once (about a third faster, a sixth smaller).
            self._writers[name][0].write_table(table.unify_dictionaries() if len(waiting) > 1 else table)
        self._waiting[name], self._rows[name] = [], 0

    def close(self, bundle: str) -> list[Path]:
        """Finish every file and rename it to ``bundle``'s pending name (hidden from readers
        until the run publishes it: :func:`publish`); the files written."""
        failed: BaseException | None = None  # the first error finishing a file
        for name, (writer, sink, _) in self._writers.items():
            try:
                self._flush(name)
                writer.add_key_value_metadata(
                    {DOCS_KEY: json.dumps(self.doc_ids, ensure_ascii=False).encode()}
                )
            except BaseException as err:  # noqa: BLE001 - raised below, after cleaning up
                failed = failed or err
            for close in (writer.close, sink.close):  # the footer, then the file
                try:
                    close()
                except BaseException as err:  # noqa: BLE001
                    failed = failed or err
        if failed is not None:
            self._remove_temporaries()
            raise failed
        out = []
        for name, (_, _, tmp) in self._writers.items():
            final = pending_path(self.output / name, bundle)
            os.replace(tmp, final)
            out.append(final)
        return out

    def abort(self) -> None:
        """Drop everything written: the previous files stay as they were."""
        for writer, sink, _ in self._writers.values():
            for close in (writer.close, sink.close):
                try:
                    close()
                except BaseException:  # noqa: BLE001, S110 - the files go anyway
                    pass
        self._remove_temporaries()

    def _remove_temporaries(self) -> None:
        for _, _, tmp in self._writers.values():
            tmp.unlink(missing_ok=True)


_PENDING = ".pending-"


def pending_path(folder: Path, bundle: str) -> Path:
    """Where a worker leaves a bundle's file of one table until the run publishes it: a hidden
    name, so readers see the tables of the last finished run, never half of a new one."""
    return folder / f"{_PENDING}{bundle}.parquet"


def publish(folder: Path, live: set[str]) -> list[Path]:
    """Put the pending files of the bundles ``live`` in place (renamed: a reader sees each
    whole or not at all) and delete the other pending files (of bundles an interrupted run
    left unrecorded) and the temporary files of writers that were killed (runs hold the
    output's lock: none is writing now); the files published."""
    for path in folder.glob(".bundle-*.tmp"):
        path.unlink(missing_ok=True)
    out = []
    for path in folder.glob(f"{_PENDING}*.parquet"):
        bundle = path.name[len(_PENDING) : -len(".parquet")]
        if bundle in live:
            final = folder / f"{bundle}.parquet"
            os.replace(path, final)
            out.append(final)
        else:
            path.unlink(missing_ok=True)
    return out


def bundle_docs(path: Path) -> list[str] | None:
    """The documents whose rows the bundle file ``path`` holds (None: not a bundle)."""
    meta = pq.read_metadata(path).metadata or {}
    raw = meta.get(DOCS_KEY)
    return None if raw is None else json.loads(raw)


def rewrite_bundle(path: Path, name: str, keep: list[str]) -> None:
    """Rewrite the bundle file ``path`` of table ``name`` with the rows of ``keep`` only (the
    other documents were replaced or removed); atomically, like every write."""
    table = _read_parquet(path, TABLES[name].schema)
    table = table.filter(pc.is_in(table.column("doc_id"), value_set=pa.array(keep, type=pa.string())))
    if not table.num_rows:
        path.unlink(missing_ok=True)
        return
    _atomic_write_table(table, path, doc_ids=keep)


def merge_bundles(output: Path, bundles: list[str], new: str, doc_ids: list[str], tables: list[str]) -> None:
    """Write bundle ``new`` of every table in ``tables`` with the rows of ``bundles`` (their
    documents ``doc_ids``, in that order); the merged files stay until a sweep removes them."""
    order = pa.array(doc_ids, type=pa.string())
    for name in tables:
        paths = [Path(output) / name / f"{b}.parquet" for b in bundles]
        parts = [_read_parquet(path, TABLES[name].schema) for path in paths if path.exists()]
        if not parts:
            continue
        table = pa.concat_tables(parts)
        # The documents in order, each one's rows as they were (Arrow's sorts are stable).
        table = table.take(pc.array_sort_indices(pc.index_in(table.column("doc_id"), value_set=order)))
        _atomic_write_table(table, Path(output) / name / f"{new}.parquet", doc_ids=doc_ids)


def write_whole(output: Path, table_name: str, table: pa.Table) -> None:
    """Write a table that is not per document (organizations) as one file."""
    write_part(output, table_name, table_name, table)


def ensure_tables(output: Path) -> None:
    """Keep every table readable: a table with no rows holds one empty part, which
    carries the schema, so ``pandas.read_parquet`` and DuckDB see the columns."""
    for name in TABLES:
        folder = Path(output) / name
        folder.mkdir(parents=True, exist_ok=True)
        placeholder = folder / "empty.parquet"
        others = [p for p in folder.glob("*.parquet") if p != placeholder]
        if not others and not placeholder.exists():
            _atomic_write_table(empty(name), placeholder)
        elif others and placeholder.exists():
            placeholder.unlink()


class OutputMissing(FileNotFoundError):
    """The output folder asked for does not exist (a typo, or no run has written it yet)."""


def require_output(output: str | os.PathLike) -> Path:
    """``output`` as a Path, or :class:`OutputMissing` naming it when it is not a folder."""
    path = Path(output)
    if not path.is_dir():
        raise OutputMissing(
            f"output folder {str(output)!r} does not exist ({path.resolve()}); "
            "no run has written there: check the path, or run the pipeline first"
        )
    return path


def read_table(name: str, output: str | os.PathLike = "output"):
    """Read a whole table as a pandas DataFrame (:class:`OutputMissing` if ``output`` is not
    a folder)."""
    return to_pandas(read_arrow(name, require_output(output)))


def _schema(name: str, columns: list[str] | None) -> pa.Schema:
    schema = TABLES[name].schema
    if columns is None:
        return schema
    return pa.schema([schema.field(c) for c in columns], metadata=schema.metadata)


def read_part(path: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    """One part file of table ``name`` (``columns``: only these), as :func:`read_arrow`
    reads it."""
    return _read_parquet(path, _schema(name, columns))


def read_arrow(
    name: str,
    output: str | os.PathLike = "output",
    columns: list[str] | None = None,
    cache: dict[Path, pa.Table] | None = None,
) -> pa.Table:
    """Read a whole table, sorted by its keys; ``columns``: only these (sorted too when the
    sort keys are among them, else in part-file order); ``cache``: parts read already
    (with :func:`read_part` and the same columns), by path."""
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
    folder = Path(output) / name
    files = sorted(p for p in folder.glob("*.parquet")) if folder.is_dir() else []
    schema = _schema(name, columns)
    if not files:
        return schema.empty_table()
    cache = cache or {}
    table = pa.concat_tables([cache[p] if p in cache else _read_parquet(p, schema) for p in files])
    spec = TABLES[name]
    if not table.num_rows or (columns is not None and not set(spec.sort) <= set(columns)):
        return table  # part-file order: a caller that leaves out the sort keys needs no order
    return table.sort_by([(k, "ascending") for k in spec.sort])


def read_manifest(output: Path) -> pa.Table | None:
    path = Path(output) / MANIFEST
    if not path.exists():
        return None
    return _read_parquet(path)


def _read_parquet(path: Path, schema: pa.Schema | None = None) -> pa.Table:
    """One parquet file, as ``schema`` when given (a column an older part lacks is null).

    ParquetFile reads the one file directly; ``pq.read_table`` would load pyarrow.dataset
    (a 0.2 s import, and memory in every worker) to do the same.
    """
    pf = pq.ParquetFile(path)
    columns = None
    if schema is not None and len(schema) < len(pf.schema_arrow):  # some columns asked for
        present = set(pf.schema_arrow.names)
        columns = [f.name for f in schema if f.name in present]
    table = pf.read(columns=columns)
    if table.schema.metadata and DOCS_KEY in table.schema.metadata:  # bookkeeping, not data
        table = table.replace_schema_metadata(
            {k: v for k, v in table.schema.metadata.items() if k != DOCS_KEY}
        )
    if schema is None or table.schema.equals(schema, check_metadata=False):
        return table
    n = table.num_rows
    return pa.table(
        [
            table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(n, f.type)
            for f in schema
        ],
        schema=schema,
    )


def write_manifest(output: Path, table: pa.Table) -> None:
    """Write the manifest; the journal it now holds goes."""
    Path(output).mkdir(parents=True, exist_ok=True)
    _atomic_write_table(table, Path(output) / MANIFEST)
    (Path(output) / JOURNAL).unlink(missing_ok=True)


# Documents finished since the manifest was last written, one JSON line each, appended as
# each finishes: an interrupted or killed run redoes none of them (runner.load_manifest
# folds the journal into the manifest). A line cut short by a crash is skipped.
JOURNAL = ".journal.jsonl"


def append_journal(output: Path, row: dict) -> None:
    with open(Path(output) / JOURNAL, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        fh.flush()


def read_journal(output: Path) -> list[dict]:
    try:
        lines = (Path(output) / JOURNAL).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    rows = []
    for line in lines:
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return rows


CHROME = "_page_chrome.json"


def read_chrome(output: Path) -> frozenset[str]:
    """The page-chrome lines the last run used (empty when none was recorded)."""
    path = Path(output) / CHROME
    if not path.exists():
        return frozenset()
    return frozenset(json.loads(path.read_text(encoding="utf-8")))


def write_chrome(output: Path, lines: frozenset[str]) -> None:
    path = Path(output) / CHROME
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(sorted(lines), ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(tmp, path)


class LockedError(RuntimeError):
    """Another run holds the output directory."""


@contextmanager
def locked(output: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``output`` for the length of a run."""
    Path(output).mkdir(parents=True, exist_ok=True)
    fd = os.open(Path(output) / LOCK, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise LockedError(
                    f"another run is writing to {output} (lock {Path(output) / LOCK}); "
                    "wait for it to finish, then run again"
                ) from None
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def has_stale_errors(output: Path, live: set[str]) -> bool:
    """Does ``errors`` hold a row of a file that is no longer in raw/?"""
    return any(stale_parts(output / "errors", live))


def stale_parts(folder: Path, live_parts: set[str]) -> Iterable[Path]:
    """The files in ``folder`` named after none of ``live_parts``."""
    if folder.is_dir():
        yield from (p for p in folder.glob("*.parquet") if p.stem != "empty" and p.stem not in live_parts)


def clear_error(output: Path, part: str) -> None:
    try:
        (output / "errors" / f"{part}.parquet").unlink()
    except FileNotFoundError:
        pass


def sweep(output: Path, manifest: dict[str, dict], live_errors: set[str]) -> None:
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
        publish(folder, held)  # this run's bundles, or an interrupted run's it recorded
        if name == "errors":
            for path in list(stale_parts(folder, live_errors)):
                path.unlink()
            continue
        for path in list(folder.glob("*.parquet")):
            if path.stem == "empty":
                continue
            docs = bundle_docs(path)
            if docs is None:  # one document's part, as runs before bundles wrote them
                if path.stem not in held:
                    path.unlink()
                continue
            keep = [d for d in docs if holder.get(d) == path.stem]
            if len(keep) < len(docs):
                rewrite_bundle(path, name, keep)
