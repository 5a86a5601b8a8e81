"""Huge documents are processed in pieces cut at blank lines, with document-wide offsets
and ids, and give the same rows as processing the whole text at once."""

from __future__ import annotations

import pyarrow as pa

from pipeline.document.model import Document
from pipeline.stages.ingest import normalise
from pipeline.stages.run import Options, chunk_bounds, process_document, process_in_pieces

ISSUE = (
    "東北経済産業局は平成17年1月25日に盛岡市でシンポジウムを開催しました。\n\n"
    "連絡先:産業支援課\nTel: 022-263-1167\nE-mail: thk-sangaku@meti.go.jp\n\n"
)


def whole_and_pieces(text: str, size: int):
    def fresh():
        doc = Document("big", text)
        normalise(doc)
        return doc

    whole = process_document(fresh(), Options())
    merged: dict[str, list[pa.Table]] = {}
    for tables in process_in_pieces(fresh(), Options(), size=size):
        for name, table in tables.items():
            merged.setdefault(name, []).append(table)
    return whole, {name: pa.concat_tables(parts) for name, parts in merged.items()}


def test_cut_points_fall_after_blank_lines():
    text = ISSUE * 10
    bounds = chunk_bounds(text, 300)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(text[e - 2 : e] == "\n\n" for _, e in bounds[:-1])
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))


def test_pieces_give_the_rows_of_the_whole_document():
    whole, pieces = whole_and_pieces(ISSUE * 12, size=400)
    for name in ("tokens", "sentences", "blocks"):
        cols = ["start", "end", "raw_start", "raw_end", "text" if name != "tokens" else "surface"]
        assert pieces[name].select(cols).equals(whole[name].select(cols)), name
    assert pieces["sentences"].column("sentence_id").to_pylist() == list(range(whole["sentences"].num_rows))
    ents = pieces["entities"]
    assert ents.select(["start", "end", "label", "value"]).equals(
        whole["entities"].select(["start", "end", "label", "value"])
    )
    ids = ents.column("entity_id").to_pylist()
    assert ids == sorted(ids) and len(set(ids)) == len(ids) and ids[0] == "big#00000000"
    phone_ids = set(pieces["phones"].column("entity_id").to_pylist())
    assert phone_ids <= set(ids) and len(phone_ids) == 12
    contacts = pieces["contacts"].column("phone_entity_id").to_pylist()
    assert set(contacts) == phone_ids
    doc = pieces["documents"].to_pylist()[0]
    assert doc["n_tokens"] == whole["tokens"].num_rows
    assert doc["n_entities"] == ents.num_rows
