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

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.document.model import Document, Edit
from pipeline.entities.contacts import find_contact_blocks
from pipeline.entities.finder import find_entities, find_entities_many
from pipeline.stages.rows import build_tables, table_columns
from pipeline.stages.spacing import decide_spacing
from pipeline.stages.structure import Sentence, find_structure
from pipeline.tables.schema import to_arrow
from pipeline.text.tokens import tokenize, tokenize_many


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
    from pipeline.stages.structure import Block

    doc = Document("page", raw)
    opts = opts or Options()
    stage_spacing(doc, opts)
    stage_structure(doc, opts)
    blocks = [Block(*doc.raw_span(b.start, b.end), b.kind, b.article, b.rule) for b in doc.blocks]
    return blocks, doc.articles, doc.title


# ------------------------------------------------------------------------------- tokens
def stage_tokens(doc: Document, opts: Options) -> None:
    """MeCab tokens of every sentence (boilerplate has none)."""
    doc.tokens = tokenize(doc.text, _token_segments(doc))


def tokens_of_many(docs: list[Document], opts: list[Options]) -> None:
    """The tokens stage of several documents at once (pipeline.text.tokens.tokenize_many):
    the same tokens as each one's own stage, the fixed costs paid once.  The stage's time is
    shared out by characters."""
    t0 = time.perf_counter()
    try:
        found = tokenize_many([d.text for d in docs], [_token_segments(d) for d in docs])
    except Exception as exc:  # noqa: BLE001 - the caller runs each document's stage alone
        raise StageError("tokens", exc) from exc
    total = sum(len(d.text) for d in docs) or 1
    seconds = time.perf_counter() - t0
    for doc, o, tokens in zip(docs, opts, found, strict=True):
        doc.tokens = tokens
        o.timings["tokens"] = o.timings.get("tokens", 0.0) + seconds * len(doc.text) / total


def _token_segments(doc: Document) -> list[tuple[int, int]]:
    if doc.sentences is None:  # "core" profile: no structure stage, one line a sentence
        doc.blocks, doc.articles, doc.sentences, doc.title = [], [], _line_sentences(doc.text), None
    return [(s.start, s.end) for s in doc.sentences]


def _line_sentences(text: str) -> list[Sentence]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Sentence(pos, pos + len(line), -1))
        pos += len(line) + 1
    return out


# ----------------------------------------------------------------------------- entities
def stage_entities(doc: Document, opts: Options) -> None:
    _set_entities(doc, find_entities(**_entity_args(doc, opts)))


def entities_of_many(docs: list[Document], opts: list[Options]) -> None:
    """The entities stage of several documents at once (the named-entity model over all of
    them: pipeline.entities.finder.find_entities_many): each gets the layer its own stage
    gives it.  The stage's time is shared out by characters."""
    t0 = time.perf_counter()
    try:
        layers = find_entities_many([_entity_args(d, o) for d, o in zip(docs, opts, strict=True)])
    except Exception as exc:  # noqa: BLE001 - the caller runs each document's stage alone
        raise StageError("entities", exc) from exc
    total = sum(len(d.text) for d in docs) or 1
    seconds = time.perf_counter() - t0
    for doc, o, layer in zip(docs, opts, layers, strict=True):
        _set_entities(doc, layer)
        o.timings["entities"] = o.timings.get("entities", 0.0) + seconds * len(doc.text) / total


def _entity_args(doc: Document, opts: Options) -> dict:
    return {
        "text": doc.text,
        "doc_date": opts.doc_date,
        "source_path": opts.source_path,
        "tokens": doc.tokens,
        "byline_orgs": byline_orgs(doc),
        "datelines": [(b.start, b.end) for b in doc.blocks or () if b.kind == "dateline"],
    }


def _set_entities(doc: Document, layer) -> None:
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


def run_stages(doc: Document, opts: Options, part: str = "all") -> None:
    """The stages on ``doc``: all of them, or a part of them ("before_tokens", "tokens",
    "after_tokens", "entities", "after_entities"), for a caller that runs the tokens and
    entities stages of several documents at once (:func:`tokens_of_many`,
    :func:`entities_of_many`) between the others."""
    names = [name for name, _ in STAGES]
    at = names.index("tokens") if "tokens" in names else len(STAGES)
    ent = names.index("entities") if "entities" in names else at + 1
    stages = {
        "all": STAGES,
        "before_tokens": STAGES[:at],
        "tokens": STAGES[at : at + 1],
        "after_tokens": STAGES[at + 1 :],
        "entities": STAGES[ent : ent + 1],
        "after_entities": STAGES[ent + 1 :],
    }[part]
    for name, stage in stages:
        if opts.profile == "core" and name not in CORE_STAGES:
            continue
        t0 = time.perf_counter()
        try:
            stage(doc, opts)
        except Exception as exc:  # noqa: BLE001 - reported as an errors row by the caller
            raise StageError(name, exc) from exc
        opts.timings[name] = opts.timings.get(name, 0.0) + time.perf_counter() - t0


def process_document(doc: Document, opts: Options) -> dict[str, pa.Table]:
    """Every stage on ``doc``; its rows of every per-document table."""
    return _tables_stage(doc, opts, build_tables)


def process_document_columns(doc: Document, opts: Options, part: str = "all") -> dict[str, dict]:
    """Every stage on ``doc`` (or those after the tokens stage, ``part`` = "after_tokens");
    the columns of its rows of every per-document table, for
    :func:`pipeline.tables.schema.to_arrow_many` to convert with other documents' (many
    small documents: :func:`pipeline.process_texts`, the worker's bundles)."""
    return _tables_stage(doc, opts, table_columns, part)


def _tables_stage(doc: Document, opts: Options, build, part: str = "all"):
    run_stages(doc, opts, part)
    t0 = time.perf_counter()
    try:
        tables = build(doc, opts)
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


def process_in_pieces(doc: Document, opts: Options, size: int = CHUNK_CHARS, *, columns: bool = False):
    """Yield a huge document's rows piece by piece, offsets and ids document-wide; the
    ``documents`` row comes last, with totals over every piece.

    ``columns``: a document of one piece yields its tables' columns, once, unconverted
    (:func:`process_document_columns`), for the caller to convert with other documents'."""
    bounds = chunk_bounds(doc.text, size)
    if columns and len(bounds) == 1:
        cols = process_document_columns(doc.slice(0, len(doc.text)), opts)
        cols["documents"]["n_chars_raw"] = [len(doc.raw)]
        yield cols
        return
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
