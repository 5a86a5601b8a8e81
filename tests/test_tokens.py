"""Tokens: MeCab/UniDic analysis with offsets that always match the text."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.text.tokens import check_alignment, tokenize


def test_fields_users_expect():
    t = tokenize("室長 千葉 康典は行った。")
    rows = list(zip(t.surface, t.lemma, t.lexeme, t.pos1))
    assert ("千葉", "千葉", "チバ", "名詞") in rows  # display lemma keeps the writing
    assert ("行っ", "行く", "行く", "動詞") in rows  # ... and gives the dictionary form
    assert t.reading[t.surface.index("千葉")] == "チバ"


def test_unknown_words_and_symbols_have_nulls_not_stars():
    t = tokenize("ｘｙｚ棄山。")
    assert t.surface == ["ｘｙｚ", "棄山", "。"]
    assert t.pos4[0] is None and t.ctype[0] is None and t.reading[0] is None
    assert t.lemma[1] == "棄山"


@pytest.mark.parametrize(
    "text",
    [
        "室長 千葉 康典",
        "a\tb\x00c\rd\ne",  # controls never shift offsets
        "全角　スペース",  # U+3000 is a token (空白) in UniDic
        "",
        "   ",
        "\U0001f600絵文字とｶﾀｶﾅ",
    ],
)
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

    from pipeline.text.tokens import _codes_of

    indices = pa.array([0, None, 2, 1, None, 3, 0, 1, 2, None, 1], type=pa.int32())
    for a, b in ((0, 11), (1, 7), (3, 11), (9, 10)):
        piece = indices.slice(a, b - a)
        assert _codes_of(piece).tolist() == [-1 if v is None else v for v in piece.to_pylist()]
    assert _codes_of(pa.array([4, 5], type=pa.int32())).dtype == np.int32


# MeCab prints which dictionary entry it chose, not its features (pipeline.text.tagger); the
# features come from the dictionary file (pipeline.text.mecab_dic).  MeCab's own nodes are the
# reference: the same text gives the same tokens, and each node carries its entry.
_UNIDIC = {
    "pos1": "pos1",
    "pos2": "pos2",
    "pos3": "pos3",
    "pos4": "pos4",
    "ctype": "cType",
    "cform": "cForm",
    "lemma": "orthBase",
    "reading": "kana",
    "pron": "pron",
    "lexeme": "lemma",
}

_MIXED = [
    "彼は仕事にい縮した。汗疹をあせぼと言う。",  # twins: い縮 is 萎縮 and 畏縮, あせぼ 汗疹 and 馬酔木
    "うすら寒い朝、東北経済産業局は平成17年1月25日に説明会を行った。",
    "ｘｙｚ棄山★ 123 Tel: 022-222-3456 α線とКириллица",  # unknown words of several classes
    "「行かせられなかった」と言い、ｶﾀｶﾅで書いた。",
]


def _mecab_features(text):
    from pipeline.text.tagger import get_tagger

    rows = []
    for node in get_tagger()(text):
        f = node.feature
        if node.is_unk:
            values = {
                k: getattr(f, v) if k in ("pos1", "pos2", "pos3", "pos4", "ctype", "cform") else None
                for k, v in _UNIDIC.items()
            }
            values["lemma"] = node.surface
        else:
            values = {k: getattr(f, v) for k, v in _UNIDIC.items()}
        # UniDic's "no value" ("*") is null, except in pos1, which always has one.
        rows.append(
            {k: None if v is None or (v in ("*", "") and k != "pos1") else v for k, v in values.items()}
        )
    return rows


def _columns(tokens):
    return [{k: getattr(tokens, k)[i] for k in _UNIDIC} for i in range(len(tokens))]


@pytest.mark.parametrize("text", _MIXED)
def test_every_token_has_the_features_mecab_gives_its_entry(text):
    tokens = tokenize(text)
    assert _columns(tokens) == _mecab_features(text)


def test_twins_of_one_spelling_get_the_entry_mecab_chose_in_every_context():
    import numpy as np

    from pipeline.text.mecab_dic import entries_for
    from pipeline.text.tagger import get_tagger

    # い縮 has two entries that agree on everything MeCab's choice depends on.
    entries = entries_for(get_tagger().dictionary_info[0]["filename"])
    first, count = entries.system.groups(["い縮"])
    t = entries.system.tokens(np.arange(first[0], first[0] + count[0]))
    lexemes = {f.split(",")[7] for f in entries.system.features(t["feature"].tolist())}
    assert {"萎縮", "畏縮"} <= lexemes
    for text in ("い縮", "彼はい縮した。", "い縮する様子", "「い縮」と書く"):
        tokens = tokenize(text)
        assert _columns(tokens) == _mecab_features(text)


def test_without_the_dictionary_file_mecab_is_asked_and_gives_the_same_tokens(monkeypatch):
    from pipeline.text import tokens as tokens_module

    expected = [tokenize(text).table for text in _MIXED]
    monkeypatch.setattr(tokens_module, "_LEXICON", tokens_module._Lexicon())
    monkeypatch.setattr(tokens_module, "_WARNED", [])
    monkeypatch.setattr(tokens_module, "entries_for", lambda path: None)
    with pytest.warns(RuntimeWarning, match="slower"):  # said once, not per text
        for text, table in zip(_MIXED, expected):
            assert tokenize(text).table.equals(table)


def test_the_process_wide_lexicon_stays_bounded(monkeypatch):
    from pipeline.text import tokens as tokens_module

    expected = [tokenize(text).table for text in _MIXED]
    monkeypatch.setattr(tokens_module, "_LEXICON", tokens_module._Lexicon())
    monkeypatch.setattr(tokens_module, "_LEXICON_MAX", 10)
    sizes = []
    for text, table in zip(_MIXED * 2, expected * 2):
        assert tokenize(text).table.equals(table)  # a word read again is the same word
        sizes.append(tokens_module._LEXICON.size)
        assert sizes[-1] <= 10 + len(table)  # at most one text's words beyond the bound
    assert any(b < a for a, b in zip(sizes, sizes[1:]))  # it was emptied


def test_a_file_that_is_not_a_mecab_dictionary_is_refused(tmp_path):
    from pipeline.text.mecab_dic import Dictionary, UnreadableDictionary, entries_for

    bogus = tmp_path / "sys.dic"
    bogus.write_bytes(b"not a dictionary" * 10)
    with pytest.raises(UnreadableDictionary):
        Dictionary(bogus)
    assert entries_for(str(bogus)) is None


def test_the_dictionary_finds_words_and_only_words():
    from pipeline.text.mecab_dic import entries_for
    from pipeline.text.tagger import get_tagger

    system = entries_for(get_tagger().dictionary_info[0]["filename"]).system
    first, count = system.groups(
        ["東京", "東", "東京都庁舎ビル", "", "ｘｙｚｘｙｚ", "\x01", "東京" * 100, "は"]
    )
    assert count[0] > 0 and count[1] > 0 and count[7] > 1  # words, one or several entries
    assert count[2:7].tolist() == [0, 0, 0, 0, 0]  # not words: nothing
    # A word's entries are its own: each one's features name it.
    entries = system.tokens(np.arange(first[0], first[0] + count[0]))
    assert all(f.split(",")[8] == "東京" for f in system.features(entries["feature"].tolist()))


def test_features_are_split_as_mecab_splits_them():
    from pipeline.text.tokens import _fields

    fields = [
        "名詞",
        "普通名詞",
        "一般",
        "*",
        "*",
        "*",
        "トウキョウ",
        "東京",
        "東京",
        "トーキョー",
        "東京",
        "トーキョー",
        "固",
        "*",
        "*",
        "*",
        "*",
        "トウキョウ",
        "トウキョウ",
    ]
    plain = ",".join(fields + ["0", "C2"])
    # pos1..cForm, then orthBase (the display lemma), kana, pron and the UniDic lemma.
    assert _fields(plain, "東京", False) == [*fields[:6], fields[10], fields[17], fields[9], fields[7]]
    quoted = plain.replace(",東京,東京,", ',"東京",  東京,', 1)  # quotes and a blank MeCab drops
    assert _fields(quoted, "東京", False) == _fields(plain, "東京", False)
    with pytest.raises(ValueError, match="fields"):
        _fields("名詞,普通名詞,一般", "東京", False)


def test_the_lexicon_splits_entries_in_bulk_as_one_by_one():
    from pipeline.text.tokens import _KEY_COLUMNS, _fields, _Lexicon

    plain = "名詞,普通名詞,一般,*,*,*,トウキョウ,東京,東京,トーキョー,東京,トーキョー,固,*,*,*,*,トウキョウ,トウキョウ"
    raws = [
        plain + ',0,"C2,C3"',  # a quote after the fields read: bulk
        plain.replace(",東京,東京,", ',"東,京",  東京,', 1),  # a quoted comma and a blank
        "名詞,普通名詞,一般,*,*,*",  # an unknown word: six fields
        plain + ",",  # a comma at the very end
        "記号,一般,*,*,*,*," + ",".join(["*"] * 12),  # "*" everywhere: nulls
    ]
    unknown = [False, False, True, False, False]
    lexicon = _Lexicon()
    lexicon.add([f"k{i}" for i in range(5)], ["東京", "東京", "ｘｙ", "東京", "※"], raws, unknown)
    for i, (raw, u, surface) in enumerate(zip(raws, unknown, ["東京", "東京", "ｘｙ", "東京", "※"])):
        want = [surface, *_fields(raw, surface, u)]
        want = [
            v if c in ("surface", "pos1") or v not in ("*", "") else None for c, v in zip(_KEY_COLUMNS, want)
        ]
        assert [lexicon.values[c][i].as_py() for c in range(len(_KEY_COLUMNS))] == want
    with pytest.raises(ValueError, match="fields"):
        lexicon.add(["bad"], ["東京"], ["名詞,普通名詞,一般"], [False])


def test_the_compiled_dictionary_lookups_equal_the_numpy_and_python_ones(monkeypatch):
    from pipeline.base import native
    from pipeline.text import mecab_dic
    from pipeline.text.tagger import get_tagger

    if native.library() is None:
        pytest.skip("pipeline/csrc is not compiled here (make setup compiles it)")
    system = mecab_dic.entries_for(get_tagger().dictionary_info[0]["filename"]).system
    words = sorted(
        {
            *tokenize(
                "東北経済産業局は平成17年1月25日に仙台市で説明会を開催します。Tel: 022-222-3333"
            ).surface,
            "",
            "東京" * 100,
            "ｘｙｚｘｙｚ",
            "\x01",
            "は",
            "が",
            "東京都庁舎ビル",
            "ﾃｽﾄ",
            "🙂",
        }
    )
    first, count = system.groups(words)
    assert count.any()
    entries = system.tokens(np.concatenate([np.arange(f, f + c) for f, c in zip(first, count)]))
    offsets = entries["feature"].tolist()
    features = system.features(offsets)
    monkeypatch.setenv("PIPELINE_PURE_PYTHON", "1")
    native.library.cache_clear()
    try:
        first_py, count_py = system.groups(words)
        assert first.tolist() == first_py.tolist() and count.tolist() == count_py.tolist()
        assert features == system.features(offsets)
    finally:
        native.library.cache_clear()


def test_a_word_after_a_space_and_without_one_is_the_same_word_in_every_later_text(monkeypatch):
    from pipeline.text import tokens as tokens_module

    texts = ["走った。 走った。  走った", "今日は 晴れ。走った人。", "晴れ 晴れ。走った"]
    alone = []
    for text in texts:  # each text with a lexicon of its own
        monkeypatch.setattr(tokens_module, "_LEXICON", tokens_module._Lexicon())
        alone.append(tokenize(text).table)
    monkeypatch.setattr(tokens_module, "_LEXICON", tokens_module._Lexicon())
    for text, table in zip(texts, alone):  # one lexicon learning as it goes
        tokens = tokenize(text)
        check_alignment(text, tokens)
        assert tokens.table.equals(table)


def test_an_error_while_learning_new_words_leaves_the_lexicon_usable(monkeypatch):
    import pyarrow as pa

    from pipeline.text import tokens as tokens_module

    texts = ["東北経済産業局は説明会を開催します。", "大阪府の株式会社が参加した。", "仙台市で会議を開く。"]
    alone = []
    for text in texts:
        monkeypatch.setattr(tokens_module, "_LEXICON", tokens_module._Lexicon())
        alone.append(tokenize(text).table)
    monkeypatch.setattr(tokens_module, "_LEXICON", tokens_module._Lexicon())
    tokenize(texts[0])
    calls, concat = [0], pa.concat_arrays

    def failing_concat(arrays):  # the time limit's signal, or memory, in the middle of add()
        calls[0] += 1
        if calls[0] == 5:
            raise TimeoutError("the document's time limit")
        return concat(arrays)

    monkeypatch.setattr(pa, "concat_arrays", failing_concat)
    with pytest.raises(TimeoutError):
        tokenize(texts[1])
    monkeypatch.setattr(pa, "concat_arrays", concat)
    lexicon = tokens_module._LEXICON
    assert len({len(column) for column in lexicon.values}) == 1
    for text, table in zip(texts, alone):
        assert tokenize(text).table.equals(table)


def test_threads_sharing_the_lexicon_get_the_tokens_of_a_single_thread(monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.text import tokens as tokens_module

    texts = [f"第{i}回の会議は{i % 12 + 1}月に東北{i}市で開かれ、{i}社が参加した。" * 20 for i in range(24)]
    monkeypatch.setattr(tokens_module, "_LEXICON", tokens_module._Lexicon())
    monkeypatch.setattr(tokens_module, "_LEXICON_MAX", 200)  # it also starts afresh under them
    expected = [tokenize(text).table for text in texts]
    monkeypatch.setattr(tokens_module, "_LEXICON", tokens_module._Lexicon())
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda text: tokenize(text).table, texts * 3))
    assert all(g.equals(e) for g, e in zip(got, expected * 3))


def test_the_dictionary_is_loaded_by_path_and_checked_by_field_name(monkeypatch):
    import pipeline.text.tagger as tagger

    assert tagger.get_tagger().dictionary_info[0]["filename"].startswith(tagger.dictionary_dir())
    tagger.check_dictionary()  # the loaded dictionary has the UniDic fields the code reads
    monkeypatch.setattr(tagger, "UNIDIC_FIELDS", tagger.UNIDIC_FIELDS[:-1])
    with pytest.raises(RuntimeError, match="fields"):
        tagger.check_dictionary()


def test_the_dictionary_is_part_of_the_pipeline_version(monkeypatch):
    import pipeline.tables.version as version
    import pipeline.text.tagger as tagger

    assert "unidic-lite" in tagger.dictionary_identity() and "sys.dic" in tagger.dictionary_identity()
    before = version.pipeline_version()
    version.pipeline_version.cache_clear()
    monkeypatch.setattr(tagger, "dictionary_identity", lambda: "another dictionary")
    try:
        assert version.pipeline_version() != before
    finally:
        version.pipeline_version.cache_clear()


def test_tokenising_texts_together_gives_each_the_tokens_it_gets_alone():
    from pipeline.text.tokens import tokenize_many

    texts = ["室長 千葉 康典\n不十分な状況。", "", "同じ語。同じ語。", "タブ\tと\x00制御文字", "  "]
    segments = [[(0, 8), (9, 15)], None, [(0, 4), (4, 8)], None, None]
    together = tokenize_many(texts, segments)
    assert len(together) == len(texts)
    for text, segs, tokens in zip(texts, segments, together):
        assert tokens.table.equals(tokenize(text, segs).table)
