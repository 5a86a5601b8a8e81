"""The table contract: one schema per table, in one place, with a line of meaning per column.

Everything that builds rows goes through :func:`to_arrow`, which checks names and types
against the schema, turns "" into null where a column is nullable text, and sorts rows
deterministically.  ``python -m pipeline dictionary`` writes docs/tables.md from here.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

S, I32, I64, B, D, F64 = pa.string(), pa.int32(), pa.int64(), pa.bool_(), pa.date32(), pa.float64()
LIST_S = pa.list_(pa.string())


@dataclass(frozen=True)
class Table:
    name: str
    row: str  # what one row is
    columns: tuple[tuple[str, pa.DataType, str], ...]
    sort: tuple[str, ...]
    per_document: bool = True  # written as one part file per document

    @cached_property
    def schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(n, t, metadata={"description": d}) for n, t, d in self.columns],
            metadata={"table": self.name, "row": self.row},
        )

    # Facts :func:`to_arrow` and the row builders need on every call, worked out once: most
    # tables are a few rows, so the per-call overhead is most of what building them costs.
    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n, _, _ in self.columns)

    @cached_property
    def name_set(self) -> frozenset[str]:
        return frozenset(self.names)

    @cached_property
    def types(self) -> dict[str, pa.DataType]:
        return {n: t for n, t, _ in self.columns}

    @cached_property
    def nullable_text(self) -> frozenset[str]:
        """Text columns whose "" means no value (made null by :func:`to_arrow`)."""
        return frozenset(n for n, t, _ in self.columns if t == S and n not in _KEEP_EMPTY)

    @cached_property
    def empty(self) -> pa.Table:
        return self.schema.empty_table()

    @cached_property
    def sort_keys(self) -> list[tuple[str, str]]:
        return [(k, "ascending") for k in self.sort]


# Text columns that are meaningful when empty: never turned into nulls.
_KEEP_EMPTY = frozenset({"surface", "text", "whitespace"})

_DOC = ("doc_id", S, "document id: the path under raw/ without its suffix")
_ENT = ("entity_id", S, "entity id, unique across documents: '<doc_id>#<n>', n zero-padded in text order")
_OFFSETS = (
    ("start", I32, "start offset in the working (repaired) text, characters, inclusive"),
    ("end", I32, "end offset in the working text, exclusive"),
    ("raw_start", I32, "start offset in the raw decoded text"),
    ("raw_end", I32, "end offset in the raw decoded text, exclusive"),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "documents",
            "input file",
            (
                _DOC,
                ("source_path", S, "path of the input file relative to raw/"),
                ("sha256", S, "SHA-256 of the input bytes"),
                ("encoding", S, "detected encoding of the input bytes"),
                ("n_bytes", I64, "size of the input in bytes"),
                ("n_chars_raw", I32, "characters in the raw decoded text"),
                (
                    "n_chars_clean",
                    I32,
                    "characters in the working text after normalisation and spacing repair",
                ),
                ("n_sentences", I32, "sentences found"),
                ("n_tokens", I32, "tokens found"),
                ("n_entities", I32, "entity mentions found"),
                ("title", S, "document title (the first article's title, else the first heading-like line)"),
                (
                    "doc_date",
                    D,
                    "the document's own date: given, from the file name, or inferred from its content",
                ),
                (
                    "doc_date_basis",
                    S,
                    "how doc_date was obtained (given, file_name, content rule name, none)",
                ),
                (
                    "pipeline_version",
                    S,
                    "pipeline version that produced the rows (package version + code/data hash)",
                ),
            ),
            sort=("doc_id",),
        ),
        Table(
            "spacing_edits",
            "whitespace run considered by the spacing stage",
            (
                _DOC,
                ("edit_id", I32, "index of the run in the document, in text order"),
                ("raw_start", I32, "start of the whitespace run in the raw text"),
                ("raw_end", I32, "end of the whitespace run in the raw text, exclusive"),
                ("start", I32, "position of the run in the working text (where it was, if removed)"),
                ("end", I32, "end of what replaced the run in the working text (= start if removed)"),
                (
                    "action",
                    S,
                    "removed, kept, collapsed (a run shortened) or line_break (a space of a flattened page that was a line break, restored)",
                ),
                ("reason", S, "the evidence that decided the action"),
                ("whitespace", S, "the run as written, escaped (\\n, \\t, \\u3000)"),
                ("context", S, "a few characters either side of the run, for reading"),
            ),
            sort=("doc_id", "edit_id"),
        ),
        Table(
            "blocks",
            "structural block (line or group of lines)",
            (
                _DOC,
                ("block_id", I32, "index of the block in the document"),
                ("article_id", I32, "article the block belongs to (null outside any article)"),
                (
                    "kind",
                    S,
                    "title, byline, heading, paragraph, caption, notice, contact, boilerplate, toc "
                    "(a table of contents) or dateline (a reposted article's source and date)",
                ),
                ("text", S, "the block's working text"),
                (
                    "rule",
                    S,
                    "the rule that decided the kind (for boilerplate the kind of chrome: "
                    "separator, breadcrumb, nav_ja, transcript_chrome, repeated …)",
                ),
                *_OFFSETS,
            ),
            sort=("doc_id", "block_id"),
        ),
        Table(
            "articles",
            "article",
            (
                _DOC,
                ("article_id", I32, "index of the article in the document"),
                ("title", S, "article title"),
                ("author_org", S, "organisation in the byline"),
                ("author_title", S, "job title in the byline"),
                ("author_name", S, "person name in the byline, as written"),
                ("dateline", S, "a reposted article's source and date line (『中国新聞』2004年7月17日付)"),
                *_OFFSETS,
            ),
            sort=("doc_id", "article_id"),
        ),
        Table(
            "sentences",
            "sentence",
            (
                _DOC,
                ("sentence_id", I32, "index of the sentence in the document"),
                ("block_id", I32, "block the sentence belongs to"),
                ("article_id", I32, "article the sentence belongs to (null outside any article)"),
                ("text", S, "the sentence's working text"),
                *_OFFSETS,
            ),
            sort=("doc_id", "sentence_id"),
        ),
        Table(
            "tokens",
            "token (MeCab/UniDic morpheme)",
            (
                _DOC,
                ("sentence_id", I32, "sentence the token belongs to"),
                ("i", I32, "index of the token in its sentence"),
                ("surface", S, "the token as written"),
                ("lemma", S, "display lemma: UniDic orthBase (書字形基本形), e.g. 千葉, 行く"),
                ("lexeme", S, "UniDic lemma (語彙素), e.g. チバ for 千葉"),
                ("pos1", S, "UniDic part of speech, level 1 (品詞大分類)"),
                ("pos2", S, "part of speech, level 2"),
                ("pos3", S, "part of speech, level 3"),
                ("pos4", S, "part of speech, level 4"),
                ("ctype", S, "conjugation type (活用型)"),
                ("cform", S, "conjugation form (活用形)"),
                ("reading", S, "reading in katakana (仮名形出現形)"),
                ("pron", S, "pronunciation in katakana (発音形出現形)"),
                *_OFFSETS,
            ),
            sort=("doc_id", "start"),
        ),
        Table(
            "entities",
            "entity mention",
            (
                _DOC,
                _ENT,
                (
                    "label",
                    S,
                    "ORG, PERSON, DATE, ADDRESS, LOCATION, PHONE, EMAIL, URL or MONEY (pipeline.entities.kinds)",
                ),
                ("text", S, "the mention as it stands in the working text"),
                (
                    "value",
                    S,
                    "normalised value: ISO date, E.164, lower-case e-mail, normalised address, canonical org name",
                ),
                *_OFFSETS,
                ("sentence_id", I32, "sentence containing the mention's start (null in boilerplate)"),
                ("block_id", I32, "block containing the mention's start"),
                ("in_boilerplate", B, "true when found in a boilerplate block (page chrome)"),
                ("rule", S, "the rule or model that produced the mention"),
                ("person_id", S, "for PERSON mentions: the person (people.person_id)"),
            ),
            sort=("doc_id", "start", "end", "label"),
        ),
        Table(
            "dates",
            "DATE mention",
            (
                _DOC,
                _ENT,
                ("era", S, "Japanese era as written or inferred (平成 ...), null for Western dates"),
                ("era_year", I32, "year of the era"),
                ("year", I32, "Gregorian year (the fiscal year's starting year for 年度); null when unknown"),
                ("month", I32, "month"),
                ("day", I32, "day"),
                (
                    "granularity",
                    S,
                    "day, month, year, fiscal_year, half, ten_days, season, week, decade, "
                    "century, era, range (a range sharing its unit: 4～6月)",
                ),
                ("start_date", D, "first day of the interval, inclusive (null when no date anchors it)"),
                ("end_date", D, "last day of the interval, inclusive"),
                (
                    "valid",
                    B,
                    "false for era years that do not exist (平成32年), impossible days, unknown eras",
                ),
                ("era_inferred", B, "true when the era was not written (17年度) and was taken from context"),
                ("relative", B, "true for expressions resolved against another date (昨年度, 16日, 3日後)"),
                ("anchor_date", D, "date a relative expression was resolved against"),
                (
                    "anchor",
                    S,
                    "what anchor_date is: document_date, or previous_date (the date written "
                    "before it: 同日, 翌年, 16日 after 4月1日)",
                ),
                (
                    "mod",
                    S,
                    "TIMEX3 modifier: APPROX (頃, 前後), ON_OR_AFTER (以降, から), ON_OR_BEFORE "
                    "(まで, 以前), START/MID/END (初め, 半ば, 末, 上旬 ...), BEFORE/AFTER (offsets)",
                ),
                ("mod_text", S, "the modifier as written; 頃 is inside the mention, 以降 and まで after it"),
                (
                    "range_role",
                    S,
                    "start or end when the mention is one end of a range (4月1日～5日, "
                    "4月1日から5月31日): each end is its own mention, as IREX and TIMEX3 count",
                ),
                (
                    "start_time",
                    S,
                    "time of day written after the date (HH:MM, 24-hour): 午後1時30分 is 13:30",
                ),
                ("end_time", S, "end time of the same (…～3時 after 午後1時30分 is 15:00)"),
            ),
            sort=("doc_id", "entity_id"),
        ),
        Table(
            "addresses",
            "ADDRESS or LOCATION mention",
            (
                _DOC,
                _ENT,
                ("postal_code", S, "postal code NNN-NNNN"),
                ("prefecture", S, "都道府県"),
                ("county", S, "郡"),
                ("city", S, "市町村 (or 東京23区 ward-city)"),
                ("ward", S, "区 of a designated city"),
                ("town", S, "町域 / 大字"),
                ("chome", S, "丁目 (arabic numerals)"),
                ("rest", S, "番地, 号, building and the rest"),
                ("normalized", S, "normalised address"),
                ("prefecture_source", S, "written, postal_code or city"),
                ("postal_code_valid", B, "postal code exists in Japan Post data"),
                ("postal_code_matches", B, "postal code agrees with the written address"),
                ("region", S, "region named instead of an address (東北管内)"),
            ),
            sort=("doc_id", "entity_id"),
        ),
        Table(
            "phones",
            "PHONE mention",
            (
                _DOC,
                _ENT,
                ("kind", S, "tel, fax, ... from the label before the number"),
                ("number_type", S, "fixed_line, mobile, toll_free, ip_phone, ... (phonenumbers)"),
                ("e164", S, "E.164 form"),
                ("national", S, "national format"),
                ("area", S, "area the number serves"),
                ("extension", S, "extension (内線)"),
            ),
            sort=("doc_id", "entity_id"),
        ),
        Table(
            "emails",
            "EMAIL mention",
            (
                _DOC,
                _ENT,
                ("email", S, "lower-case address"),
                ("domain", S, "domain part"),
                ("obfuscated", B, "true when written obfuscated ((at), ☆ ...)"),
            ),
            sort=("doc_id", "entity_id"),
        ),
        Table(
            "money",
            "MONEY mention: an amount in yen",
            (
                _DOC,
                _ENT,
                ("amount_yen", I64, "the amount in yen (0 for 無料; a range's lower end)"),
                ("amount_max_yen", I64, "a range's upper end (500～1,000円), else null"),
                ("free", B, "written as 無料"),
                ("approximate", B, "約, 程度, 前後 ... around the amount"),
                ("tax", S, "included (税込) or excluded (税別, 税抜), when written"),
            ),
            sort=("doc_id", "entity_id"),
        ),
        Table(
            "organizations",
            "organisation, across all documents",
            (
                ("org_id", S, "stable id derived from the canonical name"),
                ("name", S, "canonical name"),
                ("aliases", LIST_S, "other names and abbreviations seen"),
                ("parent_org_id", S, "parent organisation (東北経済産業局 for 地域経済部)"),
                ("n_docs", I32, "documents mentioning it or naming a person of it"),
                ("n_mentions", I32, "mentions (names, abbreviations and resolved references)"),
            ),
            sort=("org_id",),
            per_document=False,
        ),
        Table(
            "org_mentions",
            "ORG mention",
            (
                _DOC,
                _ENT,
                ("org_id", S, "organisation the mention refers to"),
                ("org_name", S, "canonical name of that organisation"),
                ("resolution", S, "name, alias, abbreviation or deictic"),
                ("parent_org_id", S, "parent of that organisation"),
                ("parent_name", S, "canonical name of the parent"),
            ),
            sort=("doc_id", "entity_id"),
        ),
        Table(
            "people",
            "person named in a document",
            (
                _DOC,
                (
                    "person_id",
                    S,
                    'the person in this document ("<doc_id>#p<n>", n in order of first mention); entities.person_id',
                ),
                (
                    "name",
                    S,
                    "full name without spaces, as written (a family name alone when no full name is given)",
                ),
                ("family_name", S, "family name"),
                ("given_name", S, "given name"),
                ("title", S, "job title (室長, 教授, 推進役 ...), the first one given"),
                ("honorific", S, "honorific written after the name (氏, さん, 様 ...), the first one"),
                ("role", S, "role label before the name (講師, 発表者 ...)"),
                ("org_id", S, "organisation the person belongs to (always a row of organizations)"),
                ("org_name", S, "canonical name of that organisation"),
                ("n_mentions", I32, "PERSON mentions of this person in the document"),
                ("first_entity_id", S, "the first PERSON mention (entities.entity_id)"),
                ("rule", S, "rule or model of the first mention (byline, name_title, ner_crf ...)"),
            ),
            sort=("doc_id", "person_id"),
        ),
        Table(
            "contacts",
            "contact block",
            (
                _DOC,
                ("contact_id", I32, "index of the contact block in the document"),
                ("org_id", S, "organisation the block names"),
                (
                    "org_name",
                    S,
                    "name of that organisation, without the block's label (申込み・問い合わせ) and person in charge",
                ),
                (
                    "person_in_charge",
                    S,
                    "person in charge, as written after 担当 (担当：佐藤, （担当：佐藤）)",
                ),
                ("address_entity_id", S, "ADDRESS entity of the block"),
                ("phone_entity_id", S, "tel PHONE entity"),
                ("fax_entity_id", S, "fax PHONE entity"),
                ("email_entity_id", S, "EMAIL entity"),
                ("url_entity_id", S, "URL entity"),
                *_OFFSETS,
            ),
            sort=("doc_id", "contact_id"),
        ),
        Table(
            "errors",
            "input or stage that failed",
            (
                ("source_path", S, "path of the input relative to raw/"),
                ("doc_id", S, "document id"),
                ("stage", S, "read, ingest, spacing, structure, tokens, entities, linking, tables, write"),
                ("error", S, "error class"),
                ("message", S, "what went wrong and what to do"),
                ("sha256", S, "SHA-256 of the input bytes, when they could be read"),
            ),
            sort=("source_path", "stage"),
        ),
    ]
}

_ARROW = (pa.Array, pa.ChunkedArray)


def to_arrow(
    name: str,
    columns: Mapping[str, Sequence[Any] | pa.Array],
    *,
    trusted: bool = False,
    presorted: bool = False,
) -> pa.Table:
    """Build table ``name`` from columns, checked against its schema and sorted.

    ``trusted``: the caller built the columns in sort order with nulls already in place
    (the token columns), so the "" -> null pass and the sort are skipped, and its
    dictionary-encoded text columns stay encoded: they are the schema's strings all the
    same, and :mod:`pipeline.tables.store` writes them as strings without decoding them first.
    ``presorted``: the rows are in the order they must keep (:func:`to_arrow_many`).
    """
    spec = TABLES[name]
    extra = columns.keys() - spec.name_set
    if extra:
        raise KeyError(f"{name}: columns not in the schema: {sorted(extra)}")
    if not trusted and all(len(v) == 0 and not isinstance(v, _ARROW) for v in columns.values()):
        return spec.empty  # nothing to convert, check or sort (tables are immutable: shared)
    n = None
    full = []
    retyped = False  # a trusted dictionary-encoded column: the schema takes its type
    emptied = set()  # columns where "" was turned into null
    for col, typ, _ in spec.columns:
        if col not in columns:
            full.append(None)
            continue
        values = columns[col]
        is_arrow = isinstance(values, _ARROW)
        arr = values if is_arrow else pa.array(values, type=typ)
        if arr.type != typ:
            if trusted and pa.types.is_dictionary(arr.type) and arr.type.value_type == typ:
                retyped = True
            else:
                arr = arr.cast(typ)
        # (A Python list is searched for "" first: most columns have none, and the search
        # costs far less than two compute calls on each of thousands of small tables.)
        if col in spec.nullable_text and not trusted and (is_arrow or "" in values):
            arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, S), arr)
            emptied.add(col)
        full.append(arr)
        n = len(arr) if n is None else n
        if len(arr) != n:
            raise ValueError(f"{name}.{col}: {len(arr)} values, expected {n}")
    n = n or 0
    full = [pa.nulls(n, typ) if a is None else a for a, (_, typ, _) in zip(full, spec.columns, strict=True)]
    schema = spec.schema
    if retyped:
        schema = pa.schema(
            [f.with_type(a.type) for a, f in zip(full, schema, strict=True)], metadata=schema.metadata
        )
    table = pa.Table.from_arrays(full, schema=schema)
    if (
        n > 1
        and not (trusted or presorted)
        and not _in_order([columns.get(k) for k in spec.sort], spec, emptied)
    ):
        table = table.sort_by(spec.sort_keys)
    return table


def to_arrow_many(name: str, parts: Sequence[Mapping[str, Any]], *, trusted: bool = False) -> pa.Table:
    """Table ``name`` from the columns of several documents, in their order: the rows (and
    types) of concatenating ``to_arrow`` of each part, with one conversion per column for
    the whole batch instead of one per part and column (most of a small document's cost of
    building its tables).

    A part whose rows are not in sort order by themselves is converted (and sorted) on its
    own; the others are concatenated as they come."""
    spec = TABLES[name]
    tables: list[pa.Table] = []
    run: list[tuple[Mapping[str, Any], int]] = []

    def convert_run() -> None:
        if run:
            tables.append(to_arrow(name, _concat_columns(spec, run), presorted=True))
            run.clear()

    for cols in parts:
        n = max((len(v) for v in cols.values()), default=0)
        if not n:
            continue
        if trusted:
            tables.append(to_arrow(name, cols, trusted=True))
        elif n > 1 and not _in_order([cols.get(k) for k in spec.sort], spec, _emptied_keys(spec, cols)):
            convert_run()
            tables.append(to_arrow(name, cols))
        else:
            run.append((cols, n))
    convert_run()
    if not tables:
        return spec.empty
    return tables[0] if len(tables) == 1 else pa.concat_tables(tables)


def _emptied_keys(spec: Table, cols: Mapping[str, Any]) -> set[str]:
    """The sort keys of ``cols`` where to_arrow would turn "" into null."""
    out = set()
    for k in spec.sort:
        values = cols.get(k)
        if k in spec.nullable_text and values is not None and (isinstance(values, _ARROW) or "" in values):
            out.add(k)
    return out


def _concat_columns(spec: Table, run: list[tuple[Mapping[str, Any], int]]) -> dict[str, Any]:
    """One set of columns from several parts' (``run``: each part's columns and rows): numpy
    arrays stay arrays and Arrow arrays of one type stay Arrow; otherwise a list; a column
    a part lacks is null in its rows."""
    out: dict[str, Any] = {}
    for col in spec.names:
        values = [cols.get(col) for cols, _ in run]
        if all(v is None for v in values):
            continue
        if all(isinstance(v, np.ndarray) for v in values):
            out[col] = np.concatenate(values)
        elif all(isinstance(v, pa.Array) for v in values) and len({v.type for v in values}) == 1:
            out[col] = pa.concat_arrays(values)
        else:
            merged: list = []
            for v, (_, n) in zip(values, run):
                if v is None:
                    merged += [None] * n
                elif isinstance(v, np.ndarray):
                    merged += v.tolist()
                elif isinstance(v, _ARROW):
                    merged += v.to_pylist()
                else:
                    merged += v
            out[col] = merged
    return out


def _in_order(keys: list, spec: Table, emptied: set[str]) -> bool:
    """Whether the rows are already in sort order, checked on the caller's values.

    The sort is stable, so rows in order come out of it as they went in, and checking
    costs far less than sorting.  The check only knows the common shapes: each key, in
    turn, is constant (ties, left to the next key) until one strictly increases (the
    document's id, then a running index or offset).  Anything else, nulls included, is
    left to the sort.
    """
    for col, values in zip(spec.sort, keys, strict=True):
        if values is None:  # missing: all null, all tied
            continue
        if col in emptied or spec.types[col] not in (S, I32, I64):
            return False
        if isinstance(values, np.ndarray):
            if values.dtype.kind not in "iu":
                return False
            if (values[1:] > values[:-1]).all():
                return True
            if not (values == values[0]).all():
                return False
        elif isinstance(values, list):
            # Converted already, so these are str or int (or None); str order is code point
            # order, which is Arrow's UTF-8 byte order.
            if None in values:
                return False
            try:
                if all(map(operator.lt, values, values[1:])):
                    return True
            except TypeError:  # values Python cannot order (str beside bytes)
                return False
            if values.count(values[0]) != len(values):
                return False
        else:
            return False
    return True  # every key constant: all rows tie


def as_contract(name: str, table: pa.Table) -> pa.Table:
    """``table`` with exactly the types of the contract (dictionary-encoded text decoded)."""
    schema = TABLES[name].schema
    return table if table.schema.equals(schema) else table.cast(schema)


def to_pandas(table: pa.Table):
    """A DataFrame whose integer and boolean columns keep their nulls (Int32, boolean)."""
    import pandas as pd

    mapping = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=mapping.get)


def empty(name: str) -> pa.Table:
    return TABLES[name].empty


def data_dictionary() -> str:
    """The data dictionary in Markdown, generated from the schemas."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `pipeline/tables/schema.py` by `python -m pipeline dictionary`; do not edit.",
        "Each table is a directory `output/<table>/` of parquet files (one per document for",
        "per-document tables). Offsets are characters, half-open; `raw_*` offsets point into",
        "the raw decoded text, the others into the working (repaired) text.",
        "",
    ]
    for t in TABLES.values():
        lines += [
            f"## {t.name}",
            "",
            f"One row per {t.row}. Sorted by {', '.join(t.sort)}.",
            "",
            "| column | type | meaning |",
            "|---|---|---|",
        ]
        lines += [f"| {n} | {typ} | {d} |" for n, typ, d in t.columns]
        lines.append("")
    return "\n".join(lines)
