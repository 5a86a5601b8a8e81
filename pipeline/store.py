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
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.tables import TABLES, empty, to_pandas

MANIFEST = "manifest.parquet"
LOCK = ".lock"
_UNSAFE = re.compile(r"[^\w.\-]+")

# Fixed writer settings: the same table always gives the same bytes.  Dictionary encoding
# pays for columns with few distinct values (parts of speech, labels, ids) and costs time on
# free text, unless the column arrives dictionary-encoded already (the token columns), when
# the dictionary is written as it is.  Statistics (min/max per row group) pay where they
# let a reader skip files: numbers, offsets and ids; on text (a part's parts of speech run
# from 代名詞 to 動詞 whatever one looks for) they cost a fifth of the token table's time.
# Snappy, not zstd: a run writes thousands of small files, and zstd's per-column set-up
# cost doubled the time of each (files are about a third larger).
_FREE_TEXT = frozenset({"surface", "lemma", "lexeme", "reading", "pron", "text", "context",
                        "value", "message", "normalized", "rest", "name", "aliases"})


_ID_TEXT = frozenset({"doc_id", "entity_id", "org_id", "source_path"})


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or (pa.types.is_dictionary(t) and pa.types.is_string(t.value_type))


@lru_cache(maxsize=256)
def _write_options(schema: pa.Schema) -> dict:
    # (Cached: a run opens a writer per table and document, and a table has a schema or
    # two.  Callers unpack the dict, never change it.)
    return dict(
        compression="snappy",
        use_dictionary=[f.name for f in schema if pa.types.is_dictionary(f.type)
                        or (pa.types.is_string(f.type) and f.name not in _FREE_TEXT)],
        write_statistics=[f.name for f in schema if f.name in _ID_TEXT
                          or not (pa.types.is_list(f.type) or _is_text(f.type))],
    )


# pandas dtypes that keep nulls, by Arrow type: what read_table gives (tables.to_pandas)
_PANDAS_TYPES = {pa.int32(): ("int32", "Int32"), pa.int64(): ("int64", "Int64"), pa.bool_(): ("bool", "boolean")}


@cache
def _pandas_metadata(name: str) -> bytes:
    """The pandas types of table ``name`` in pyarrow's "pandas" file metadata: with them,
    plain ``pd.read_parquet`` reads integer and boolean columns with nulls as
    Int32/Int64/boolean, as :func:`read_table` does, not as float64 and object.  Written by
    hand: worker processes do not load pandas."""
    columns = []
    for field in TABLES[name].schema:
        pandas_type, numpy_type = _PANDAS_TYPES.get(field.type, ("unicode" if _is_text(field.type) else
                                                                  "mixed", "object"))
        columns.append({"name": field.name, "field_name": field.name, "pandas_type": pandas_type,
                        "numpy_type": numpy_type, "metadata": None})
    meta = {"index_columns": [], "column_indexes": [], "columns": columns,
            "creator": {"library": "pyarrow", "version": pa.__version__}}
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


def _atomic_write_table(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    name = (table.schema.metadata or {}).get(b"table", b"").decode()
    if name in TABLES and table.schema.equals(TABLES[name].schema):
        table = table.replace_schema_metadata(_file_schema(name).metadata)
    try:
        pq.write_table(table, tmp, store_schema=True, **_write_options(table.schema))
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_part(output: Path, table_name: str, part: str, table: pa.Table) -> None:
    """Write one document's rows of one table (replacing the previous part atomically)."""
    folder = Path(output) / table_name
    folder.mkdir(parents=True, exist_ok=True)
    _atomic_write_table(table, folder / f"{part}.parquet")


class PartWriter:
    """Write one document's parts piece by piece (one row group per piece), then put every
    table's file in place at once on success; on failure the previous parts stay."""

    def __init__(self, output: Path, part: str):
        self.output, self.part = Path(output), part
        # Per table: its writer, the file it writes (opened here: a path would make pyarrow
        # resolve a filesystem for every file) and the file's temporary path.
        self._writers: dict[str, tuple[pq.ParquetWriter, pa.NativeFile, Path]] = {}

    def write(self, tables: dict[str, pa.Table]) -> None:
        for name, table in tables.items():
            if not table.num_rows and name != "documents":
                continue
            if name not in self._writers:
                folder = self.output / name
                folder.mkdir(parents=True, exist_ok=True)
                tmp = folder / f".{self.part}.parquet.{os.getpid()}.tmp"
                sink = pa.OSFile(str(tmp), "wb")
                try:
                    self._writers[name] = (_open_writer(sink, name, table.schema), sink, tmp)
                except BaseException:
                    sink.close()
                    tmp.unlink(missing_ok=True)
                    raise
            self._writers[name][0].write_table(table)

    def __enter__(self) -> PartWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        failed: BaseException | None = None  # the first error closing a file
        for writer, sink, _ in self._writers.values():
            for close in (writer.close, sink.close):  # the footer, then the file
                try:
                    close()
                except BaseException as err:  # noqa: BLE001 - raised below, after cleaning up
                    failed = failed or err
        if exc_type is not None or failed is not None:
            for _, _, tmp in self._writers.values():
                tmp.unlink(missing_ok=True)
            if failed is not None and exc_type is None:
                raise failed
            return
        for name, spec in TABLES.items():
            if not spec.per_document or name == "errors":
                continue
            final = self.output / name / f"{self.part}.parquet"
            if name in self._writers:
                os.replace(self._writers[name][2], final)
            else:  # no rows now: a part left from an earlier version of the document goes
                final.unlink(missing_ok=True)


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
        raise OutputMissing(f"output folder {str(output)!r} does not exist ({path.resolve()}); "
                            "no run has written there: check the path, or run the pipeline first")
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


def read_arrow(name: str, output: str | os.PathLike = "output", columns: list[str] | None = None,
               cache: dict[Path, pa.Table] | None = None) -> pa.Table:
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
    if schema is None or table.schema.equals(schema, check_metadata=False):
        return table
    n = table.num_rows
    return pa.table([table.column(f.name).cast(f.type) if f.name in table.column_names
                     else pa.nulls(n, f.type) for f in schema], schema=schema)


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
