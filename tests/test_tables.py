"""The table contract: schemas, nulls, sorting, determinism, and the generated dictionary."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

import pipeline
from pipeline.tables.schema import TABLES, data_dictionary, to_arrow

REPO = Path(__file__).resolve().parents[1]


def test_the_data_dictionary_in_docs_is_up_to_date():
    written = (REPO / "docs" / "tables.md").read_text(encoding="utf-8")
    assert written == data_dictionary() + "\n", "run `make dictionary` and commit docs/tables.md"


def test_every_design_table_and_key_column_exists():
    design = {
        "documents": [
            "doc_id",
            "source_path",
            "sha256",
            "encoding",
            "n_chars_raw",
            "n_chars_clean",
            "title",
            "doc_date",
            "doc_date_basis",
            "pipeline_version",
        ],
        "spacing_edits": ["doc_id", "raw_start", "raw_end", "action", "reason"],
        "blocks": [
            "doc_id",
            "block_id",
            "article_id",
            "kind",
            "text",
            "start",
            "end",
            "raw_start",
            "raw_end",
        ],
        "articles": ["doc_id", "article_id", "title", "author_org", "author_title", "author_name"],
        "sentences": ["doc_id", "sentence_id", "block_id", "text", "start", "end", "raw_start", "raw_end"],
        "tokens": [
            "doc_id",
            "sentence_id",
            "i",
            "surface",
            "lemma",
            "pos1",
            "pos2",
            "pos3",
            "pos4",
            "ctype",
            "cform",
            "reading",
            "pron",
            "start",
            "end",
            "raw_start",
            "raw_end",
        ],
        "entities": [
            "doc_id",
            "entity_id",
            "label",
            "text",
            "value",
            "start",
            "end",
            "raw_start",
            "raw_end",
            "sentence_id",
        ],
        "dates": [
            "entity_id",
            "era",
            "era_year",
            "year",
            "month",
            "day",
            "granularity",
            "start_date",
            "end_date",
            "valid",
            "era_inferred",
            "relative",
            "anchor_date",
        ],
        "addresses": [
            "entity_id",
            "postal_code",
            "prefecture",
            "city",
            "ward",
            "town",
            "chome",
            "rest",
            "normalized",
            "prefecture_source",
        ],
        "phones": ["entity_id", "kind", "number_type", "e164", "national", "area"],
        "emails": ["entity_id", "email", "domain", "obfuscated"],
        "organizations": ["org_id", "name", "aliases", "parent_org_id", "n_docs", "n_mentions"],
        "org_mentions": ["entity_id", "org_id", "resolution"],
        "people": [
            "doc_id",
            "person_id",
            "name",
            "family_name",
            "given_name",
            "title",
            "org_id",
            "n_mentions",
        ],
        "contacts": ["doc_id", "contact_id", "org_id"],
        "errors": ["source_path", "stage", "error", "message"],
    }
    for name, columns in design.items():
        assert set(columns) <= set(TABLES[name].names), name
    for spec in TABLES.values():
        for col, typ, _ in spec.columns:
            if col in ("start", "end", "raw_start", "raw_end"):
                assert typ == pa.int32()
            if col.endswith("_date"):
                assert typ == pa.date32()


def test_empty_strings_become_nulls_and_rows_are_sorted():
    t = to_arrow(
        "errors",
        {
            "source_path": ["b.txt", "a.txt"],
            "stage": ["read", "read"],
            "error": ["", "X"],
            "message": ["m", "m"],
        },
    )
    assert t.column("source_path").to_pylist() == ["a.txt", "b.txt"]
    assert t.column("error").to_pylist() == ["X", None]
    assert t.column("doc_id").null_count == 2  # missing columns are null, never ""


def test_many_documents_columns_convert_to_the_rows_of_converting_each():
    from pipeline.tables.schema import to_arrow_many

    parts = [
        # in order by itself; a column given as numpy in one part and a list in another
        {"source_path": ["a.txt", "b.txt"], "stage": ["read", "read"], "error": np.array(["X", ""])},
        # out of order by itself: sorted on its own, and still after the first part
        {"source_path": ["d.txt", "c.txt"], "stage": ["read", "read"], "message": ["m", ""]},
        {"source_path": [], "stage": []},  # no rows
        {"source_path": ["e.txt"], "stage": ["tables"], "error": ["Y"]},
    ]
    many = to_arrow_many("errors", parts)
    each = pa.concat_tables([to_arrow("errors", p) for p in parts])
    assert many.equals(each)
    assert many.column("source_path").to_pylist() == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    assert many.column("error").to_pylist() == ["X", None, None, None, "Y"]
    assert to_arrow_many("errors", []).num_rows == 0


def test_unknown_columns_are_refused():
    with pytest.raises(KeyError, match="not in the schema"):
        to_arrow("errors", {"nonsense": [1]})


def test_process_text_returns_every_per_document_table_with_its_schema(seed_text):
    tables = pipeline.process_text(seed_text, doc_id="seed")
    expected = {n for n, t in TABLES.items() if t.per_document and n != "errors"}
    assert set(tables) == expected
    for name, df in tables.items():
        assert tuple(df.columns) == TABLES[name].names, name
        for col in df.columns:
            if df[col].dtype == object or str(df[col].dtype) in ("str", "string"):
                assert not (df[col] == "").any() or col in ("surface", "text", "whitespace"), (name, col)


def test_two_runs_on_the_same_text_give_identical_tables(seed_text):
    a = pipeline.process_text(seed_text)
    b = pipeline.process_text(seed_text)
    for name in a:
        assert a[name].equals(b[name]), name


def test_offsets_trace_back_to_the_raw_text(seed_text):
    tables = pipeline.process_text(seed_text)
    for name in ("tokens", "sentences", "blocks", "entities"):
        df = tables[name]
        text_col = "surface" if name == "tokens" else "text"
        for row in df.itertuples():
            raw = seed_text[row.raw_start : row.raw_end]
            assert "".join(raw.split()) == "".join(getattr(row, text_col).split()), (name, row)


def test_written_token_parts_read_back_with_the_contract_types(tmp_path):
    # Token text columns stay dictionary-encoded from MeCab to the file; readers must still
    # see the contract's plain strings, with its descriptions.
    import duckdb
    import pyarrow.parquet as pq

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("東北経済産業局は仙台市にある。\n室長 千葉 康典\n", encoding="utf-8")
    pipeline.run(str(raw), str(tmp_path / "out"), workers=1, in_process=True)
    (part,) = (tmp_path / "out" / "tokens").glob("*.parquet")
    from pipeline.tables.store import _file_schema

    # the contract's schema, its descriptions, and the pandas types for plain pd.read_parquet
    assert pq.read_table(part).schema.equals(_file_schema("tokens"), check_metadata=True)
    df = pipeline.read_table("tokens", str(tmp_path / "out"))
    assert str(df["surface"].dtype) in ("object", "str", "string") and "経済" in set(df["surface"])
    kinds = dict(duckdb.sql(f"DESCRIBE SELECT * FROM '{part}'").fetchall()[k][:2] for k in range(3, 5))
    assert kinds == {"surface": "VARCHAR", "lemma": "VARCHAR"}
