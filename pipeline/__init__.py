"""Scanned Japanese newsletters to clean, traceable parquet tables.

The stable API (see README.md): :func:`process_text`, :func:`repair_spacing`, :func:`run`,
:func:`read_table`, :func:`nlp`.  Heavy modules load on first use, so importing the package
is cheap and pickles stay small.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pipeline.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from pipeline.runner import RunSummary

__all__ = ["__version__", "nlp", "process_text", "read_table", "repair_spacing", "run"]


def process_text(text: str, *, doc_id: str = "text", doc_date: dt.date | str | None = None) -> dict[str, pd.DataFrame]:
    """Run every stage on one string; the same tables a run writes, as DataFrames."""
    from pipeline.document import Document
    from pipeline.ingest import normalise
    from pipeline.stages import Options, process_document

    if isinstance(doc_date, str):
        doc_date = dt.date.fromisoformat(doc_date)
    doc = Document(doc_id=doc_id, raw=text)
    doc.meta["encoding"] = None
    normalise(doc)
    opts = Options(doc_date=doc_date, doc_date_basis="given" if doc_date else None)
    tables = process_document(doc, opts)
    from pipeline.tables import TABLES, as_contract, empty, to_pandas

    return {name: to_pandas(as_contract(name, tables[name]) if name in tables else empty(name))
            for name, spec in TABLES.items() if spec.per_document and name != "errors"}


def repair_spacing(text: str):
    """Repair spacing artifacts in ``text``: a ``Repair`` with ``.text`` and ``.edits``."""
    from pipeline.spacing import repair_spacing as _repair

    return _repair(text)


def run(raw: str = "raw", output: str = "output", *, workers: int | None = None,
        scheduler: str | None = None, **kwargs) -> RunSummary:
    """Process new and changed files of ``raw`` into parquet tables under ``output``."""
    from pipeline.runner import run as _run

    return _run(raw, output, workers=workers, scheduler=scheduler, **kwargs)


def read_table(name: str, output: str = "output") -> pd.DataFrame:
    """Read a whole table (all documents) as a pandas DataFrame."""
    from pipeline.store import read_table as _read

    return _read(name, output)


def nlp():
    """A spaCy ``Language`` with a fugashi tokenizer and the pipeline's entity finders."""
    from pipeline.spacy_nlp import build_nlp

    return build_nlp()
