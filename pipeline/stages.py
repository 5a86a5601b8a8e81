"""The stage list: each stage wraps finders into the document model (no disk, no processes).

``process_document`` runs the stages in order on a :class:`Document` and returns its rows
for every per-document table as pyarrow tables.  A stage that raises is reported as
:class:`StageError` naming the stage, so the runner can write a precise ``errors`` row.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.contacts import find_contact_blocks
from pipeline.document import Document, Edit
from pipeline.entities import EntityLayer, find_entities, label_rows, person_rows
from pipeline.spacing import decide_spacing
from pipeline.structure import Sentence, find_structure
from pipeline.tables import to_arrow
from pipeline.tokens import FEATURES, Tokens, tokenize
from pipeline.version import pipeline_version


class StageError(RuntimeError):
    def __init__(self, stage: str, exc: BaseException):
        super().__init__(f"{type(exc).__name__}: {exc}")
        self.stage = stage
        self.error = type(exc).__name__


@dataclass
class Options:
    """Per-document options the runner or the API passes in."""

    doc_date: dt.date | None = None
    doc_date_basis: str | None = None
    source_path: str | None = None
    sha256: str | None = None
    n_bytes: int | None = None
    repeated_lines: frozenset[str] = frozenset()
    profile: str = "full"  # "core": only what tokens need (a benchmarking aid)
    timings: dict[str, float] = field(default_factory=dict)


# ------------------------------------------------------------------------------ spacing
def _escape_ws(ws: str) -> str:
    return ws.replace("\n", "\\n").replace("\t", "\\t").replace("\u3000", "\\u3000")


def stage_spacing(doc: Document, opts: Options) -> None:
    """Repair spacing artifacts through the offset map; record every run considered."""
    decisions = decide_spacing(doc.text)
    text = doc.text
    if opts.repeated_lines:
        decisions = _keep_chrome_breaks(text, decisions, opts.repeated_lines)
    rows: dict[str, list] = {
        k: [] for k in ("raw_start", "raw_end", "start", "end", "action", "reason", "whitespace", "context")
    }
    edits = []
    shift = 0  # characters removed before the current run
    for d in decisions:
        rs, re_ = doc.raw_span(d.start, d.end)
        new_len = (d.end - d.start) if d.action == "kept" else len(d.replacement)
        rows["raw_start"].append(rs)
        rows["raw_end"].append(re_)
        rows["start"].append(d.start - shift)
        rows["end"].append(d.start - shift + new_len)
        rows["action"].append(d.action)
        rows["reason"].append(d.reason)
        rows["whitespace"].append(_escape_ws(text[d.start : d.end]))
        rows["context"].append(
            f"{text[max(0, d.start - 10) : d.start]}⟦{_escape_ws(text[d.start : d.end])}⟧{text[d.end : d.end + 10]}".replace(
                "\n", "⏎"
            )
        )
        if d.action != "kept":
            edits.append(Edit(d.start, d.end, d.replacement))
            shift += (d.end - d.start) - len(d.replacement)
    doc.edit(edits)
    doc.spacing = rows


def _keep_chrome_breaks(text: str, decisions: list, chrome: frozenset[str]) -> list:
    """Line breaks around a page-chrome line are layout, never a sentence broken by the scan."""
    edges: set[int] = set()
    pos = 0
    for line in text.split("\n"):
        if line.strip() in chrome:
            edges.update((pos - 1, pos + len(line)))  # the newline before and after it
        pos += len(line) + 1
    if not edges:
        return decisions
    return [
        replace(d, action="kept", reason="page_chrome_line", replacement=text[d.start : d.end])
        if d.action != "kept" and "\n" in text[d.start : d.end] and any(d.start <= e < d.end for e in edges)
        else d
        for d in decisions
    ]


# ---------------------------------------------------------------------------- structure
def stage_structure(doc: Document, opts: Options) -> None:
    """Blocks (kinds, articles), articles with bylines, sentences, the document title."""
    found = find_structure(doc.text, repeated_lines=opts.repeated_lines)
    doc.blocks, doc.articles = found.blocks, found.articles
    doc.sentences, doc.title = found.sentences, found.title


def page_structure(raw: str, opts: Options | None = None) -> tuple[list, list, str | None]:
    """Blocks (in raw offsets), articles and title of ``raw`` as the pipeline finds them: the
    spacing stage (which restores flattened lines and joins vertical text), then structure."""
    from pipeline.structure import Block

    doc = Document("page", raw)
    opts = opts or Options()
    stage_spacing(doc, opts)
    stage_structure(doc, opts)
    blocks = [Block(*doc.raw_span(b.start, b.end), b.kind, b.article, b.rule) for b in doc.blocks]
    return blocks, doc.articles, doc.title


# ------------------------------------------------------------------------------- tokens
def stage_tokens(doc: Document, opts: Options) -> None:
    """MeCab tokens of every sentence (boilerplate has none)."""
    if doc.sentences is None:  # "core" profile: no structure stage, one line a sentence
        doc.blocks, doc.articles, doc.sentences, doc.title = [], [], _line_sentences(doc.text), None
    doc.tokens = tokenize(doc.text, [(s.start, s.end) for s in doc.sentences])


def _line_sentences(text: str) -> list[Sentence]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Sentence(pos, pos + len(line), -1))
        pos += len(line) + 1
    return out


# ----------------------------------------------------------------------------- entities
def stage_entities(doc: Document, opts: Options) -> None:
    layer = find_entities(
        doc.text,
        doc_date=opts.doc_date,
        source_path=opts.source_path,
        tokens=doc.tokens,
        byline_orgs=byline_orgs(doc),
        datelines=[(b.start, b.end) for b in doc.blocks or () if b.kind == "dateline"],
    )
    # Zero-padded so that ids sort in text order as strings too.
    width = max(5, len(str(len(layer.spans))))
    layer.ids = [f"{doc.doc_id}#{k:0{width}d}" for k in range(len(layer.spans))]
    doc.entities = layer


def byline_orgs(doc: Document) -> list[tuple[int, str]]:
    """(offset, organisation) of every article's byline, for resolving 当室-style references."""
    blocks = doc.blocks
    return [
        (blocks[a.byline_block].start, a.author_org)
        for a in doc.articles
        if a.byline_block is not None and a.author_org
    ]


# ------------------------------------------------------------------------------ linking
def stage_linking(doc: Document, opts: Options) -> None:
    """Contact blocks tied to their organisation and to the entities inside them."""
    doc.contacts = find_contact_blocks(doc.text, doc.entities.spans)


STAGES: list[tuple[str, Callable[[Document, Options], None]]] = [
    ("spacing", stage_spacing),
    ("structure", stage_structure),
    ("tokens", stage_tokens),
    ("entities", stage_entities),
    ("linking", stage_linking),
]


# The "core" profile measures ingest + tokens + writing (issue 2's floor): tokens only,
# one sentence per line.
CORE_STAGES = frozenset({"tokens"})


def run_stages(doc: Document, opts: Options) -> None:
    for name, stage in STAGES:
        if opts.profile == "core" and name not in CORE_STAGES:
            continue
        t0 = time.perf_counter()
        try:
            stage(doc, opts)
        except Exception as exc:  # noqa: BLE001 - reported as an errors row by the caller
            raise StageError(name, exc) from exc
        opts.timings[name] = opts.timings.get(name, 0.0) + time.perf_counter() - t0


# ------------------------------------------------------------------------------- tables
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


def build_tables(doc: Document, opts: Options) -> dict[str, pa.Table]:
    """Rows of every per-document table for a processed document."""
    text = doc.text
    blocks = doc.blocks
    sentences = doc.sentences
    tokens: Tokens = doc.tokens
    did = doc.doc_id
    out: dict[str, pa.Table] = {}

    spacing = doc.spacing
    if spacing is not None:
        n_runs = len(spacing["start"])
        out["spacing_edits"] = to_arrow(
            "spacing_edits", {"doc_id": [did] * n_runs, "edit_id": _ids(n_runs), **spacing}
        )
    block_bounds = _bounds(blocks)
    block_articles = [b.article for b in blocks]
    out["blocks"] = to_arrow(
        "blocks",
        {
            "doc_id": [did] * len(blocks),
            "block_id": _ids(len(blocks)),
            "article_id": block_articles,
            "kind": [b.kind for b in blocks],
            "text": [text[b.start : b.end] for b in blocks],
            "rule": [b.rule for b in blocks],
            **_offsets(doc, *block_bounds),
        },
    )
    articles = doc.articles
    out["articles"] = to_arrow(
        "articles",
        {
            "doc_id": [did] * len(articles),
            "article_id": [a.index for a in articles],
            "title": [a.title for a in articles],
            "author_org": [a.author_org for a in articles],
            "author_title": [a.author_title for a in articles],
            "author_name": [a.author_name for a in articles],
            "dateline": [a.dateline for a in articles],
            **_offsets(doc, *_bounds(articles)),
        },
    )
    sentence_bounds = _bounds(sentences)
    sentence_blocks = np.fromiter((s.block for s in sentences), dtype=np.int64, count=len(sentences))
    # A sentence's article is its block's, -1 (null) for none; the -1 appended last is the
    # one a sentence outside any block (block -1) reads.
    article_of_block = np.array([-1 if a is None else a for a in block_articles] + [-1], dtype=np.int64)
    out["sentences"] = to_arrow(
        "sentences",
        {
            "doc_id": [did] * len(sentences),
            "sentence_id": _ids(len(sentences)),
            "block_id": _nullable(sentence_blocks),
            "article_id": _nullable(article_of_block[sentence_blocks]),
            "text": [text[s.start : s.end] for s in sentences],
            **_offsets(doc, *sentence_bounds),
        },
    )

    tt = tokens.table
    n = tt.num_rows
    # A token's index in its sentence: its row minus the row where its sentence's run starts.
    seg = tt.column("segment").to_numpy()
    run_starts = np.flatnonzero(np.concatenate(([True], seg[1:] != seg[:-1]))) if n else np.zeros(0, np.int64)
    i = _ids(n) - np.repeat(run_starts, np.diff(np.append(run_starts, n))).astype(np.int32)
    starts = tt.column("start").to_numpy()
    ends = tt.column("end").to_numpy()
    rs, re_ = doc.raw_spans(starts, ends)
    out["tokens"] = to_arrow(
        "tokens",
        {
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
        },
        trusted=True,
    )  # built in text order, "*" already null, text dictionary-encoded (tokens.py)

    layer: EntityLayer | None = doc.entities
    if layer is not None:
        out.update(_entity_tables(doc, layer, sentence_bounds, block_bounds))
        doc_date, basis = layer.doc_date, layer.doc_date_basis
    else:
        doc_date, basis = opts.doc_date, opts.doc_date_basis

    out["documents"] = to_arrow(
        "documents",
        {
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
        },
    )
    return out


def _entity_tables(
    doc: Document,
    layer: EntityLayer,
    sentence_bounds: tuple[np.ndarray, np.ndarray],
    block_bounds: tuple[np.ndarray, np.ndarray],
) -> dict[str, pa.Table]:
    blocks = doc.blocks
    spans = layer.spans
    n = len(spans)
    starts, ends = _bounds(spans)
    block_ids = _containing(block_bounds, starts)
    people, person_ids = person_rows(layer, doc.doc_id)
    out = {
        "entities": to_arrow(
            "entities",
            {
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
            },
        )
    }
    for table, rows in label_rows(layer, doc.doc_id).items():
        out[table] = to_arrow(table, rows)
    out["people"] = to_arrow("people", people)
    contacts = doc.contacts
    if contacts is not None:
        out["contacts"] = _contact_table(doc, layer, contacts)
    return out


def _contact_table(doc: Document, layer: EntityLayer, contacts) -> pa.Table:
    id_of = {(sp.start, sp.end, sp.label): eid for sp, eid in zip(layer.spans, layer.ids)}

    def eid(sp):
        return None if sp is None else id_of.get((sp.start, sp.end, sp.label))

    org_names = [layer.org_name_of(c.org_span) if c.org_span is not None else c.org_text for c in contacts]
    return to_arrow(
        "contacts",
        {
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
        },
    )


def process_document(doc: Document, opts: Options) -> dict[str, pa.Table]:
    """Every stage on ``doc``; its rows of every per-document table."""
    run_stages(doc, opts)
    t0 = time.perf_counter()
    try:
        tables = build_tables(doc, opts)
    except Exception as exc:  # noqa: BLE001
        raise StageError("tables", exc) from exc
    opts.timings["tables"] = opts.timings.get("tables", 0.0) + time.perf_counter() - t0
    return tables


# ------------------------------------------------------------------------ huge documents
# A document longer than this is processed in pieces cut at blank lines, so memory is
# bounded by the piece, not the file.  Entity ids then use a fixed width of 8 digits.
# 100k characters is some thirty printed pages, longer than any newsletter issue; a piece
# of this size keeps a worker's peak under the 500 MB budget (make bench, one 50 MB file).
CHUNK_CHARS = 100_000
_ID_COLUMNS = ("block_id", "sentence_id", "article_id", "contact_id", "edit_id")
_ENTITY_ID_COLUMNS = (
    "entity_id",
    "address_entity_id",
    "phone_entity_id",
    "fax_entity_id",
    "email_entity_id",
    "url_entity_id",
)


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut points at blank lines (else line ends, else anywhere) about ``size`` apart."""
    bounds = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n\n", start + size // 2, start + size)
        cut = cut + 2 if cut >= 0 else text.rfind("\n", start + size // 2, start + size) + 1
        if cut <= start:
            cut = start + size
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _shift(tables: dict[str, pa.Table], offset: int, bases: dict[str, int]) -> dict[str, pa.Table]:
    """Make a piece's offsets and ids document-wide."""
    out = {}
    for name, table in tables.items():
        if name == "documents":
            continue
        for col in ("start", "end"):
            if col in table.column_names:
                i = table.column_names.index(col)
                table = table.set_column(i, col, pc.add(table.column(col), pa.scalar(offset, pa.int32())))
        for col in _ID_COLUMNS:
            if col in table.column_names and bases.get(col):
                i = table.column_names.index(col)
                table = table.set_column(i, col, pc.add(table.column(col), pa.scalar(bases[col], pa.int32())))
        for col in _ENTITY_ID_COLUMNS:
            if col in table.column_names:
                i = table.column_names.index(col)
                table = table.set_column(
                    i,
                    col,
                    pa.array(
                        [
                            None if v is None else _renumber(v, bases["entity"])
                            for v in table.column(col).to_pylist()
                        ],
                        type=pa.string(),
                    ),
                )
        out[name] = table
    return out


def _renumber(entity_id: str, base: int) -> str:
    head, _, n = entity_id.rpartition("#")
    return f"{head}#{int(n) + base:08d}"


def process_in_pieces(doc: Document, opts: Options, size: int = CHUNK_CHARS):
    """Yield a huge document's rows piece by piece, offsets and ids document-wide; the
    ``documents`` row comes last, with totals over every piece."""
    bounds = chunk_bounds(doc.text, size)
    bases = dict.fromkeys(_ID_COLUMNS, 0) | {"entity": 0}
    totals = {"n_sentences": 0, "n_tokens": 0, "n_entities": 0, "n_chars_clean": 0}
    first_doc_row = None
    for s, e in bounds:
        piece = doc.slice(s, e)
        tables = process_document(piece, opts)
        row = tables["documents"].to_pylist()[0]
        if first_doc_row is None:
            first_doc_row = row
            if opts.doc_date is None and row["doc_date"] is not None:
                # Later pieces resolve relative dates against the date the first one found.
                opts.doc_date, opts.doc_date_basis = row["doc_date"], row["doc_date_basis"]
        for key in totals:
            totals[key] += row[key]
        if len(bounds) > 1:
            yield _shift(tables, s, bases)
        else:
            yield {name: t for name, t in tables.items() if name != "documents"}
        for col in _ID_COLUMNS:
            name = {
                "block_id": "blocks",
                "sentence_id": "sentences",
                "article_id": "articles",
                "contact_id": "contacts",
                "edit_id": "spacing_edits",
            }[col]
            if name in tables:
                bases[col] += tables[name].num_rows
        bases["entity"] += tables["entities"].num_rows if "entities" in tables else 0
    first_doc_row.update(totals, n_chars_raw=len(doc.raw))
    yield {"documents": to_arrow("documents", {k: [v] for k, v in first_doc_row.items()})}
