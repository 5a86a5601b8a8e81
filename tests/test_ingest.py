"""Ingest: bytes in any common Japanese encoding become the same text; bad bytes say why."""

from __future__ import annotations

import pytest
from conftest import SAMPLES

from pipeline.stages.ingest import IngestError, decode, ingest

TEXT = "東北経済産業局は平成17年1月25日、〒980-8403 仙台市青葉区本町3-3-1で会合を開いた。"

ENCODINGS = [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("utf-16", "utf-16"),  # with BOM
    ("utf-16-be", None),  # BOM added by hand below
    ("cp932", "cp932"),
    ("shift_jis", "cp932"),  # Shift_JIS is read as its superset CP932
    ("euc_jp", "euc_jp"),
    ("iso2022_jp", "iso2022_jp"),
]


@pytest.mark.parametrize("encoding, detected", ENCODINGS)
def test_every_common_encoding_decodes_to_the_same_text(encoding, detected):
    data = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
        detected = "utf-16"
    result = decode(data)
    assert result.text == TEXT
    assert result.encoding == detected


@pytest.mark.parametrize("name", ["33213_ruby_24173.txt", "54988_ruby_50511.txt"])
def test_real_shift_jis_files_with_crlf(name):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip("shared samples not present")
    doc = ingest("sample", path.read_bytes())
    assert doc.meta["encoding"] == "cp932"
    assert "\r" not in doc.text and "\r\n" in doc.raw  # raw kept as decoded
    assert doc.text == doc.raw.replace("\r\n", "\n")
    assert "ルビ" in doc.text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty file"),
        (b" \n\t\r\n\xe3\x80\x80", "only whitespace"),
        (b"\xef\xbb\xbf", "no text"),
        (b"\xff\xfe", "no text"),
        (bytes(range(256)) * 8, "NUL byte"),
        (b"text\x00with NUL", "NUL byte at offset 4"),
        (b"\x81\xff\xfd\xfe caf\xe9 \xfe\xfd" * 4, "undecodable bytes"),
        (bytes(range(1, 9)) * 40 + "日本語".encode(), "binary data"),
    ],
)
def test_bad_bytes_give_a_clear_reason(data, message):
    with pytest.raises(IngestError, match=message):
        decode(data)


def test_bom_is_not_part_of_the_text():
    assert decode("\ufeff平成".encode("utf-8")).text == "平成"


def test_reordering_marks_after_a_space_leaves_the_space_its_own_raw_span():
    # NFC reorders U+0300 U+0316 after a space; the edit covers the marks only, so the
    # spacing stage's row for the space still points at whitespace in the raw text
    # (found by the fuzz test).
    import pipeline

    edits = pipeline.process_text(" \u0300\u0316")["spacing_edits"]
    assert edits[["raw_start", "raw_end"]].values.tolist() == [[0, 1]]
