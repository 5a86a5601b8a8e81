"""The tables layer's side of a document: the rows of every per-document table, built from
a :class:`~pipeline.document.model.Document` the stages have annotated.

Stages annotate the document and do nothing else; this module turns what they found into
pyarrow tables with the columns :mod:`pipeline.tables.schema` declares, offsets both in the working
text and in the raw text (through the document's offset map).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from pipeline.document.model import Document
from pipeline.entities.finder import EntityLayer, label_rows, person_rows
from pipeline.tables.schema import to_arrow
from pipeline.tables.version import pipeline_version
from pipeline.text.tokens import FEATURES, Tokens

if TYPE_CHECKING:
    from pipeline.stages.run import Options


# Tables are built once per piece, most of them a few hundred rows: columns go to
# :func:`to_arrow` as numpy arrays where they can (converted without a Python loop, and
# their order checked in one step), as lists where each row needs Python anyway.
def _bounds(spans) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of ``spans`` (anything with .start and .end) as arrays."""
    n = len(spans)
    return (
        np.fromiter((x.start for x in spans), dtype=np.int64, count=n),
        np.fromiter((x.end for x in spans), dtype=np.int64, count=n),
    )


def _offsets(doc: Document, starts, ends) -> dict[str, Any]:
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    nonempty = e > s
    if nonempty.all():  # the usual case: one vectorised lookup
        rs, re_ = doc.raw_spans(s, e)
    else:
        rs = np.empty(len(s), dtype=np.int32)
        re_ = np.empty(len(s), dtype=np.int32)
        if nonempty.any():
            a, b = doc.raw_spans(s[nonempty], e[nonempty])
            rs[nonempty], re_[nonempty] = a, b
        for k in np.flatnonzero(~nonempty):
            rs[k], re_[k] = doc.raw_span(int(s[k]), int(e[k]))
    return {
        "start": s.astype(np.int32),
        "end": e.astype(np.int32),
        "raw_start": rs.astype(np.int32, copy=False),
        "raw_end": re_.astype(np.int32, copy=False),
    }


def _ids(n: int) -> np.ndarray:
    return np.arange(n, dtype=np.int32)


def _containing(bounds: tuple[np.ndarray, np.ndarray], at: np.ndarray) -> np.ndarray:
    """Index of the span containing each offset of ``at``, -1 where none does (``bounds``
    sorted by start, as blocks and sentences are: the span is the last starting at or
    before the offset)."""
    starts, ends = bounds
    k = np.searchsorted(starts, at, side="right") - 1
    inside = k >= 0
    inside[inside] = at[inside] < ends[k[inside]]
    return np.where(inside, k, -1)


def _nullable(values: np.ndarray) -> pa.Array:
    """An int32 column from indices, -1 meaning none (null)."""
    return pa.array(values.astype(np.int32, copy=False), mask=values < 0, type=pa.int32())


# Tables whose columns come in Arrow already, in sort order, nulls in place (to_arrow's
# ``trusted``): the token columns.
TRUSTED = frozenset({"tokens"})


def build_tables(doc: Document, opts: Options) -> dict[str, pa.Table]:
    """Rows of every per-document table for a processed document."""
    return {
        name: to_arrow(name, cols, trusted=name in TRUSTED) for name, cols in table_columns(doc, opts).items()
    }


def table_columns(doc: Document, opts: Options) -> dict[str, dict[str, Any]]:
    """The columns of every per-document table for a processed document, not yet converted:
    many documents' columns are converted at once by :func:`pipeline.tables.schema.to_arrow_many`
    (one conversion per column instead of one per document and column)."""
    text = doc.text
    blocks = doc.blocks
    sentences = doc.sentences
    tokens: Tokens = doc.tokens
    did = doc.doc_id
    out: dict[str, dict[str, Any]] = {}

    spacing = doc.spacing
    if spacing is not None:
        n_runs = len(spacing["start"])
        out["spacing_edits"] = {"doc_id": [did] * n_runs, "edit_id": _ids(n_runs), **spacing}
    block_bounds = _bounds(blocks)
    block_articles = [b.article for b in blocks]
    out["blocks"] = {
        "doc_id": [did] * len(blocks),
        "block_id": _ids(len(blocks)),
        "article_id": block_articles,
        "kind": [b.kind for b in blocks],
        "text": [text[b.start : b.end] for b in blocks],
        "rule": [b.rule for b in blocks],
        **_offsets(doc, *block_bounds),
    }
    articles = doc.articles
    out["articles"] = {
        "doc_id": [did] * len(articles),
        "article_id": [a.index for a in articles],
        "title": [a.title for a in articles],
        "author_org": [a.author_org for a in articles],
        "author_title": [a.author_title for a in articles],
        "author_name": [a.author_name for a in articles],
        "dateline": [a.dateline for a in articles],
        **_offsets(doc, *_bounds(articles)),
    }
    sentence_bounds = _bounds(sentences)
    sentence_blocks = np.fromiter((s.block for s in sentences), dtype=np.int64, count=len(sentences))
    # A sentence's article is its block's, -1 (null) for none; the -1 appended last is the
    # one a sentence outside any block (block -1) reads.
    article_of_block = np.array([-1 if a is None else a for a in block_articles] + [-1], dtype=np.int64)
    out["sentences"] = {
        "doc_id": [did] * len(sentences),
        "sentence_id": _ids(len(sentences)),
        "block_id": _nullable(sentence_blocks),
        "article_id": _nullable(article_of_block[sentence_blocks]),
        "text": [text[s.start : s.end] for s in sentences],
        **_offsets(doc, *sentence_bounds),
    }

    tt = tokens.table
    n = tt.num_rows
    # A token's index in its sentence: its row minus the row where its sentence's run starts.
    seg = tt.column("segment").to_numpy()
    run_starts = np.flatnonzero(np.concatenate(([True], seg[1:] != seg[:-1]))) if n else np.zeros(0, np.int64)
    i = _ids(n) - np.repeat(run_starts, np.diff(np.append(run_starts, n))).astype(np.int32)
    starts = tt.column("start").to_numpy()
    ends = tt.column("end").to_numpy()
    rs, re_ = doc.raw_spans(starts, ends)
    out["tokens"] = {
        "doc_id": pa.DictionaryArray.from_arrays(
            pa.array(np.zeros(n, dtype=np.int32)), pa.array([did], type=pa.string())
        ),
        "sentence_id": tt.column("segment"),
        "i": pa.array(i, type=pa.int32()),
        **{c: tt.column(c) for c in ("surface", *FEATURES)},
        "start": tt.column("start"),
        "end": tt.column("end"),
        "raw_start": pa.array(rs, type=pa.int32()),
        "raw_end": pa.array(re_, type=pa.int32()),
    }  # built in text order, "*" already null, text dictionary-encoded (tokens.py): TRUSTED

    layer: EntityLayer | None = doc.entities
    if layer is not None:
        out.update(_entity_tables(doc, layer, sentence_bounds, block_bounds))
        doc_date, basis = layer.doc_date, layer.doc_date_basis
    else:
        doc_date, basis = opts.doc_date, opts.doc_date_basis

    out["documents"] = {
        "doc_id": [did],
        "source_path": [opts.source_path],
        "sha256": [opts.sha256],
        "encoding": [doc.meta.get("encoding")],
        "n_bytes": [opts.n_bytes],
        "n_chars_raw": [len(doc.raw)],
        "n_chars_clean": [len(text)],
        "n_sentences": [len(sentences)],
        "n_tokens": [n],
        "n_entities": [len(layer.spans) if layer else 0],
        "title": [doc.title],
        "doc_date": [doc_date],
        "doc_date_basis": [basis],
        "pipeline_version": [pipeline_version()],
    }
    return out


def _entity_tables(
    doc: Document,
    layer: EntityLayer,
    sentence_bounds: tuple[np.ndarray, np.ndarray],
    block_bounds: tuple[np.ndarray, np.ndarray],
) -> dict[str, dict[str, Any]]:
    blocks = doc.blocks
    spans = layer.spans
    n = len(spans)
    starts, ends = _bounds(spans)
    block_ids = _containing(block_bounds, starts)
    people, person_ids = person_rows(layer, doc.doc_id)
    out = {
        "entities": {
            "doc_id": [doc.doc_id] * n,
            "entity_id": layer.ids,
            "label": [sp.label for sp in spans],
            "text": [sp.text for sp in spans],
            "value": [sp.value for sp in spans],
            **_offsets(doc, starts, ends),
            "sentence_id": _nullable(_containing(sentence_bounds, starts)),
            "block_id": _nullable(block_ids),
            "in_boilerplate": [b >= 0 and blocks[b].kind == "boilerplate" for b in block_ids.tolist()],
            "rule": [sp.rule for sp in spans],
            "person_id": person_ids,
        }
    }
    out.update(label_rows(layer, doc.doc_id))
    out["people"] = people
    contacts = doc.contacts
    if contacts is not None:
        out["contacts"] = _contact_columns(doc, layer, contacts)
    return out


def _contact_columns(doc: Document, layer: EntityLayer, contacts) -> dict[str, Any]:
    id_of = {(sp.start, sp.end, sp.label): eid for sp, eid in zip(layer.spans, layer.ids)}

    def eid(sp):
        return None if sp is None else id_of.get((sp.start, sp.end, sp.label))

    org_names = [layer.org_name_of(c.org_span) if c.org_span is not None else c.org_text for c in contacts]
    return {
        "doc_id": [doc.doc_id] * len(contacts),
        "contact_id": _ids(len(contacts)),
        "org_id": [layer.org_id_of(c.org_span) if c.org_span is not None else None for c in contacts],
        "org_name": org_names,
        "person_in_charge": [c.person_in_charge for c in contacts],
        "address_entity_id": [eid(c.address) for c in contacts],
        "phone_entity_id": [eid(c.tel) for c in contacts],
        "fax_entity_id": [eid(c.fax) for c in contacts],
        "email_entity_id": [eid(c.email) for c in contacts],
        "url_entity_id": [eid(c.url) for c in contacts],
        **_offsets(doc, *_bounds(contacts)),
    }


__all__ = ["TRUSTED", "build_tables", "table_columns"]
