"""Scanned Japanese newsletters to clean, traceable parquet tables.

The stable API (see README.md): :func:`process_text`, :func:`process_texts`, :func:`repair_spacing`, :func:`run`,
:func:`read_table`, :func:`nlp`.  Heavy modules load on first use, so importing the package
is cheap and pickles stay small.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pipeline.tables.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from pipeline.runner.run import RunSummary

__all__ = ["__version__", "nlp", "process_text", "process_texts", "read_table", "repair_spacing", "run"]


def process_text(
    text: str, *, doc_id: str = "text", doc_date: dt.date | str | None = None
) -> dict[str, pd.DataFrame]:
    """Run every stage on one string; the same tables a run writes, as DataFrames."""
    return process_texts([text], doc_ids=[doc_id], doc_date=doc_date)


_BATCH_CHARS = 1_000_000


def process_texts(texts, *, doc_ids=None, doc_date: dt.date | str | None = None) -> dict[str, pd.DataFrame]:
    """Run every stage on many strings: one DataFrame per table, rows told apart by
    ``doc_id`` (``doc_ids``: one per text, default ``text0``, ``text1`` …; ``doc_date``: the
    date of every text, else each text's own date is inferred). Tables are built in Arrow
    and converted to pandas once, not once per text."""
    from pipeline.document.model import Document
    from pipeline.stages.ingest import normalise
    from pipeline.stages.rows import TRUSTED
    from pipeline.stages.run import (
        Options,
        entities_of_many,
        process_document_columns,
        run_stages,
        tokens_of_many,
    )
    from pipeline.tables.schema import TABLES, as_contract, to_arrow_many, to_pandas

    texts = list(texts)
    doc_ids = [f"text{k}" for k in range(len(texts))] if doc_ids is None else list(doc_ids)
    if len(doc_ids) != len(texts) or len(set(doc_ids)) != len(doc_ids):
        raise ValueError("doc_ids: one distinct id per text")
    if isinstance(doc_date, str):
        doc_date = dt.date.fromisoformat(doc_date)
    names = [n for n, spec in TABLES.items() if spec.per_document and n != "errors"]
    parts: dict[str, list] = {n: [] for n in names}
    # Texts go through the stages in batches of about a million characters: the tokens and
    # entities stages run once per batch (their fixed costs are most of a short text's), the
    # others per text.
    batch: list[tuple] = []
    size = 0
    for k, (text, doc_id) in enumerate(zip(texts, doc_ids)):
        doc = Document(doc_id=doc_id, raw=text)
        doc.meta["encoding"] = None
        normalise(doc)
        opts = Options(doc_date=doc_date, doc_date_basis="given" if doc_date else None)
        run_stages(doc, opts, "before_tokens")
        batch.append((doc, opts))
        size += len(doc.text)
        if size < _BATCH_CHARS and k < len(texts) - 1:
            continue
        tokens_of_many([d for d, _ in batch], [o for _, o in batch])
        entities_of_many([d for d, _ in batch], [o for _, o in batch])
        for doc, opts in batch:
            columns = process_document_columns(doc, opts, "after_entities")
            for n in names:
                if n in columns:
                    parts[n].append(columns[n])
        batch, size = [], 0
    return {n: to_pandas(as_contract(n, to_arrow_many(n, parts[n], trusted=n in TRUSTED))) for n in names}


def repair_spacing(text: str):
    """Repair spacing artifacts in ``text``: a ``Repair`` with ``.text`` and ``.edits``."""
    from pipeline.stages.spacing import repair_spacing as _repair

    return _repair(text)


def run(
    raw: str = "raw",
    output: str = "output",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    **kwargs,
) -> RunSummary:
    """Process new and changed files of ``raw`` into parquet tables under ``output``."""
    from pipeline.runner.run import run as _run

    return _run(raw, output, workers=workers, scheduler=scheduler, **kwargs)


def read_table(name: str, output: str = "output") -> pd.DataFrame:
    """Read a whole table (all documents) as a pandas DataFrame."""
    from pipeline.tables.store import read_table as _read

    return _read(name, output)


def nlp():
    """A spaCy ``Language`` with a fugashi tokenizer and the pipeline's entity finders."""
    from pipeline.surfaces.spacy_nlp import build_nlp

    return build_nlp()
