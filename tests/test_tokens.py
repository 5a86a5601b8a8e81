"""Tokens: MeCab/UniDic analysis with offsets that always match the text."""

from __future__ import annotations

import pytest

from pipeline.tokens import check_alignment, tokenize


def test_fields_users_expect():
    t = tokenize("室長 千葉 康典は行った。")
    rows = list(zip(t.surface, t.lemma, t.lexeme, t.pos1))
    assert ("千葉", "千葉", "チバ", "名詞") in rows     # display lemma keeps the writing
    assert ("行っ", "行く", "行く", "動詞") in rows     # ... and gives the dictionary form
    assert t.reading[t.surface.index("千葉")] == "チバ"


def test_unknown_words_and_symbols_have_nulls_not_stars():
    t = tokenize("ｘｙｚ棄山。")
    assert t.surface == ["ｘｙｚ", "棄山", "。"]
    assert t.pos4[0] is None and t.ctype[0] is None and t.reading[0] is None
    assert t.lemma[1] == "棄山"


@pytest.mark.parametrize("text", [
    "室長 千葉 康典",
    "a\tb\x00c\rd\ne",                       # controls never shift offsets
    "全角　スペース",                          # U+3000 is a token (空白) in UniDic
    "",
    "   ",
    "\U0001F600絵文字とｶﾀｶﾅ",
])
def test_offsets_reproduce_the_text(text):
    t = tokenize(text)
    check_alignment(text, t)


def test_segments_give_sentence_ids_and_absolute_offsets():
    text = "一文目。 二文目だ。"
    t = tokenize(text, [(0, 4), (5, 10)])
    check_alignment(text, t)
    assert t.segment[0] == 0 and t.segment[-1] == 1
    assert t.start[t.surface.index("二")] == 5


def test_a_column_view_reads_the_same_values_as_the_list():
    tokens = tokenize("室長 千葉 康典、テスト。")
    for name in ("surface", "pos1", "pos4", "reading"):
        view = tokens.view(name)
        assert len(view) == len(tokens)
        assert [view[k] for k in range(len(view))] == getattr(tokens, name)
        assert view[1:3] == getattr(tokens, name)[1:3]
    assert tokens.view("start") == tokens.start


def test_codes_read_from_buffers_match_arrow_for_slices_with_nulls():
    import numpy as np
    import pyarrow as pa

    from pipeline.tokens import _codes_of

    indices = pa.array([0, None, 2, 1, None, 3, 0, 1, 2, None, 1], type=pa.int32())
    for a, b in ((0, 11), (1, 7), (3, 11), (9, 10)):
        piece = indices.slice(a, b - a)
        assert _codes_of(piece).tolist() == [-1 if v is None else v for v in piece.to_pylist()]
    assert _codes_of(pa.array([4, 5], type=pa.int32())).dtype == np.int32
