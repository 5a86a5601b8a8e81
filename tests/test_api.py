"""The stable Python API of DESIGN.md, as users call it."""

from __future__ import annotations

import datetime as dt

import pytest

import pipeline


@pytest.mark.parametrize("doc_date", ["2005-02-01", dt.date(2005, 2, 1)])
def test_process_text_resolves_relative_dates_against_a_given_date(doc_date):
    tables = pipeline.process_text("昨年度の実績と本年度の計画。", doc_id="memo", doc_date=doc_date)
    assert tables["entities"].value.tolist() == ["FY2003", "FY2004"]
    doc = tables["documents"].iloc[0]
    assert (doc.doc_id, doc.doc_date, doc.doc_date_basis) == ("memo", dt.date(2005, 2, 1), "given")


def test_repair_spacing_gives_text_and_every_decision():
    repair = pipeline.repair_spacing("産学官連携推進室 室長 千葉 康典\n支援は不十 分だと言って い ます。")
    assert repair.text == "産学官連携推進室 室長 千葉 康典\n支援は不十分だと言っています。"
    assert {e.action for e in repair.edits} == {"kept", "removed"}
    assert all(e.reason for e in repair.edits)


def test_run_and_read_table(raw_dir, tmp_path):
    summary = pipeline.run(str(raw_dir), str(tmp_path / "out"), workers=1)
    assert summary.processed == 1
    people = pipeline.read_table("people", output=str(tmp_path / "out"))
    assert set(people.name) == {"千葉康典", "徳能邦幸"}
    with pytest.raises(KeyError, match="unknown table"):
        pipeline.read_table("nonsense", output=str(tmp_path / "out"))


def test_reading_from_a_folder_that_does_not_exist_is_an_error_naming_it(tmp_path):
    # a mistyped --output must not look like an empty result
    with pytest.raises(FileNotFoundError, match="nothing-yet"):
        pipeline.read_table("entities", output=str(tmp_path / "nothing-yet"))


def test_a_table_with_no_parts_yet_reads_as_an_empty_frame_with_the_columns(tmp_path):
    frame = pipeline.read_table("entities", output=str(tmp_path))
    assert frame.empty and "entity_id" in frame.columns


def test_process_texts_gives_one_frame_per_table_for_many_texts():
    tables = pipeline.process_texts(["平成17年1月25日に開催しました。", "室長 千葉 康典"], doc_ids=["a", "b"])
    assert tables["documents"].doc_id.tolist() == ["a", "b"]
    assert tables["entities"][["doc_id", "label"]].values.tolist() == [["a", "DATE"], ["b", "PERSON"]]
    assert set(tables) == set(pipeline.process_text("x"))  # the same tables as process_text
    single = pipeline.process_text("室長 千葉 康典", doc_id="b")
    assert tables["tokens"].query("doc_id == 'b'").reset_index(drop=True).equals(single["tokens"])


def test_process_texts_wants_one_distinct_id_per_text():
    with pytest.raises(ValueError):
        pipeline.process_texts(["a", "b"], doc_ids=["same", "same"])
