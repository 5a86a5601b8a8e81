"""Fuzzing process_text and repair_spacing on hostile Japanese-heavy Unicode (issue 9).

Properties: no exception; every span's raw offsets trace back to its text; the same input
always gives the same tables.  Profiles: "ci" (the default, derandomised, ~3,650 examples
in all) and "long" (``HYPOTHESIS_PROFILE=long``, for ``make fuzz``).

Lone surrogates (a Python str can hold them, e.g. from ``surrogateescape`` decoding) become
U+FFFD in the working text (a same-length edit, so offsets are unchanged); the raw text
keeps them.
"""

from __future__ import annotations

import os
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.document.model import Document
from pipeline.stages.ingest import normalise
from pipeline.stages.run import Options, process_document
from pipeline.tables.schema import TABLES, as_contract, empty, to_pandas

pytestmark = pytest.mark.slow  # make test-fast leaves these out

# --------------------------------------------------------------------------- profiles
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in ("ci", "long"):
    PROFILE = "ci"
# Examples per test in each profile; ci totals >= 2,000 (the xfail test does not count).
BUDGET = {
    "ci": {"process": 450, "newsletter": 200, "spacing": 3000, "surrogates": 30},
    "long": {"process": 20000, "newsletter": 5000, "spacing": 40000, "surrogates": 2000},
}[PROFILE]


def budget(name: str) -> settings:
    """This module's profile with the example budget of one test (never loaded globally,
    so the other test files keep their own settings)."""
    return settings(settings.get_profile(PROFILE), max_examples=BUDGET[name])


# ---------------------------------------------------------------------------- alphabet
def _chars(lo: int, hi: int) -> list[str]:
    return [chr(c) for c in range(lo, hi + 1)]


HIRAGANA = _chars(0x3041, 0x3096)
KATAKANA = _chars(0x30A1, 0x30FA) + ["ー", "・"]
KANJI = list(
    "東北経済産業局研究所年月日平成令和地域中小企業支援事業開発技術会議室長千葉康典盛岡市仙台青葉区"
    "様氏部課係担当問合先電話番号住所郵便〇一二三四五六七八九十百千万億々〆"
)
FULL_WIDTH = _chars(0xFF01, 0xFF5E)  # ！ .. ～, full-width ASCII
HALF_WIDTH = _chars(0xFF61, 0xFF9F)  # ｡ .. ﾟ, half-width katakana and marks
COMBINING = _chars(0x0300, 0x0316) + ["\u3099", "\u309a", "\u20dd", "\ufe0f", "\u200d"]
EMOJI = ["😀", "👍🏽", "🇯🇵", "👨‍👩‍👧", "🗾", "㊙", "©", "™", "❤️"]
CONTROL = _chars(0x00, 0x08) + _chars(0x0E, 0x1F) + ["\x7f", "\x80", "\x9f", "\u200b", "\u200e", "\ufeff"]
WHITESPACE = [
    " ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\x85",
    "\xa0",
    "\u1680",
    "\u2000",
    "\u2003",
    "\u2009",
    "\u200a",
    "\u2028",
    "\u2029",
    "\u202f",
    "\u205f",
    "\u3000",
    "\u3000\u3000",
    "  ",
    " \n ",
    "\n\n",
]
PUNCT = list("。、「」『』（）()【】〔〕・：:；;！？!?…―─〜～※★☆●■◆→〒@＠.-‐－−/／_#%&+=<>'\"")
ASCII = list("abcXYZ0123456789") + ["TEL", "FAX", "E-mail", "http://", "https://", "www.", ".jp", ".co"]
# Fragments that wake up the finders (dates, phones, addresses, e-mails, URLs, names, orgs).
TRIGGERS = [
    "平成17年1月25日",
    "令和3年度",
    "2005年",
    "昭和64年",
    "平成32年",
    "17年度",
    "昨年度",
    "1月",
    "3日",
    "〒980-8403",
    "〒100-0013",
    "宮城県仙台市青葉区本町3-3-1",
    "岩手県盛岡市",
    "東京都千代田区霞が関1-3-1",
    "TEL:022-222-3425",
    "FAX 022-213-0757",
    "03-1234-5678",
    "0120-000-000",
    "090-1234-5678",
    "(内線123)",
    "tohoku@meti.go.jp",
    "info(at)example.jp",
    "a☆b.co.jp",
    "http://www.aist.go.jp/",
    "https://x.jp/a?b=c",
    "東北経済産業局",
    "地域経済部",
    "産業技術総合研究所",
    "株式会社テスト",
    "(株)東北",
    "同局",
    "当センター",
    "室長 千葉 康典",
    "主任研究員 佐藤 花子",
    "【お問い合わせ先】",
    "◆ ",
    "第1号",
    "１２３",
    "ＴＥＬ",
]

SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\udcb0"]

_PLAIN = HIRAGANA + KATAKANA + KANJI + FULL_WIDTH + HALF_WIDTH + PUNCT + ASCII


def _piece(surrogates: bool) -> st.SearchStrategy[str]:
    weighted = [
        (6, st.sampled_from(_PLAIN)),
        (3, st.sampled_from(WHITESPACE)),
        (2, st.sampled_from(TRIGGERS)),
        (1, st.sampled_from(COMBINING)),
        (1, st.sampled_from(EMOJI)),
        (1, st.sampled_from(CONTROL)),
        (1, st.characters(codec="utf-8", exclude_categories=("Cs",))),  # anything else
    ]
    if surrogates:
        weighted.append((2, st.sampled_from(SURROGATES)))
    return st.one_of(*[s for w, s in weighted for _ in range(w)])


def texts(max_pieces: int = 40, surrogates: bool = False) -> st.SearchStrategy[str]:
    return st.lists(_piece(surrogates), max_size=max_pieces).map("".join)


@st.composite
def newsletters(draw) -> str:
    """Newsletter-shaped text: lines of sentences, bylines, contact blocks, hostile bits."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["sentence", "byline", "contact", "heading", "noise"]))
        if kind == "sentence":
            words = draw(
                st.lists(
                    st.sampled_from(KANJI + HIRAGANA + TRIGGERS + [" ", "\u3000", "、"]),
                    min_size=1,
                    max_size=25,
                )
            )
            line = "".join(words) + draw(st.sampled_from(["。", "", "！", "\n"]))
        elif kind == "byline":
            line = (
                draw(st.sampled_from(["地域経済部", "東北経済産業局", "研究所"]))
                + " "
                + draw(st.sampled_from(["室長", "課長", "主任研究員"]))
                + " "
                + draw(st.sampled_from(["千葉 康典", "佐藤 花子", "山田太郎"]))
            )
        elif kind == "contact":
            line = draw(
                st.sampled_from(
                    [
                        "【問い合わせ先】",
                        "〒980-8403",
                        "TEL:022-222-3425",
                        "E-mail: tohoku@meti.go.jp",
                        "http://www.tohoku.meti.go.jp/",
                    ]
                )
            )
        elif kind == "heading":
            line = draw(st.sampled_from(["◆", "■", "★", "１．", "(1)"])) + draw(texts(6))
        else:
            line = draw(texts(12))
        lines.append(line)
    return draw(st.sampled_from(["\n", "\r\n", "\n\n", "\u2028"])).join(lines)


# --------------------------------------------------------------------------- the checks
_WS = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
OFFSET_TABLES = [
    name
    for name, spec in TABLES.items()
    if {"start", "end", "raw_start", "raw_end"} <= set(spec.names) and name != "spacing_edits"
]
# The column holding a row's own text, where the table has one.
TEXT_COLUMN = {"blocks": "text", "sentences": "text", "tokens": "surface", "entities": "text"}


def squeeze(s: str, *, marks: bool = True) -> str:
    """What a span must agree on with its raw text: no whitespace, NFC, no lone surrogates.

    ``marks=False`` also drops combining marks: the fuzz tests use it so that the known
    mark-reordering gap (patch 2, test_nfc_reordering_maps_each_mark_to_its_raw_character)
    does not hide everything else they might find.
    """
    s = unicodedata.normalize("NFC", _WS.sub("", _SURROGATE.sub("\ufffd", s)))
    return s if marks else "".join(c for c in s if not unicodedata.combining(c))


def process(text: str):
    """What process_text does, keeping the Document: (working text, raw text, DataFrames)."""
    doc = Document(doc_id="text", raw=text)
    doc.meta["encoding"] = None
    normalise(doc)
    tables = process_document(doc, Options())
    frames = {
        name: to_pandas(as_contract(name, tables[name]) if name in tables else empty(name))
        for name, spec in TABLES.items()
        if spec.per_document and name != "errors"
    }
    return doc, frames


def whole_regions(doc: Document, s: int, e: int) -> tuple[int, int]:
    """Widen ``[s, e)`` so that it does not cut a region the map treats as one piece (a
    replacement of a different length maps every new character to the whole old region)."""
    rf, rt = doc.raw_from, doc.raw_to
    while s > 0 and rt[s - 1] > rf[s]:
        s -= 1
    while e < len(rf) and rf[e] < rt[e - 1]:
        e += 1
    return s, e


def check_offsets(doc: Document, frames: dict, *, marks: bool = False) -> None:
    raw, text = doc.raw, doc.text
    for name in OFFSET_TABLES:
        df = frames.get(name)
        if df is None or df.empty:
            continue
        col = TEXT_COLUMN.get(name)
        for row in df.itertuples(index=False):
            s, e, rs, re_ = int(row.start), int(row.end), int(row.raw_start), int(row.raw_end)
            where = f"{name} row {row}"
            assert 0 <= s <= e <= len(text), where
            assert 0 <= rs <= re_ <= len(raw), where
            if col is not None:
                assert getattr(row, col) == text[s:e], where
            if e > s:
                # The span's text comes from its raw slice, and is all of it once widened
                # to whole map regions: removing whitespace (what spacing repair and newline
                # normalisation touch) and applying NFC makes both sides equal.
                assert squeeze(text[s:e], marks=marks) in squeeze(raw[rs:re_], marks=marks), where
                ws, we = whole_regions(doc, s, e)
                assert doc.raw_span(ws, we) == (rs, re_), where
                assert squeeze(raw[rs:re_], marks=marks) == squeeze(text[ws:we], marks=marks), where
            else:
                assert rs == re_, where
    spacing = frames.get("spacing_edits")
    if spacing is not None:
        for row in spacing.itertuples(index=False):
            assert not _WS.sub("", raw[row.raw_start : row.raw_end]), row  # a run is whitespace
            assert not _WS.sub("", text[row.start : row.end]), row  # and so is what replaced it
            assert row.action in ("removed", "kept", "collapsed", "line_break"), row


def check_tables_equal(a: dict, b: dict) -> None:
    assert set(a) == set(b)
    for name in a:
        assert a[name].reset_index(drop=True).equals(b[name].reset_index(drop=True)), name


def check_text(raw: str, *, marks: bool = False) -> None:
    doc, frames = process(raw)
    assert squeeze(doc.text) == squeeze(raw)  # only whitespace, NFC and newlines change
    check_offsets(doc, frames, marks=marks)
    public = pipeline.process_text(raw)  # a second, independent run: the same tables
    check_tables_equal(public, frames)


# ----------------------------------------------------------------------------- the tests
@budget("process")
@given(texts())
def test_process_text_never_raises_and_offsets_trace_back(raw):
    check_text(raw)


@budget("newsletter")
@given(newsletters())
def test_newsletter_shaped_text_never_raises_and_offsets_trace_back(raw):
    check_text(raw)


@budget("spacing")
@given(texts(max_pieces=60))
def test_repair_spacing_only_touches_whitespace(raw):
    rep = pipeline.repair_spacing(raw)
    assert _WS.sub("", rep.text) == _WS.sub("", raw)
    pos = 0
    for d in rep.edits:  # every decision is a whitespace run, in text order, not overlapping
        assert pos <= d.start < d.end <= len(raw)
        assert not _WS.sub("", raw[d.start : d.end])
        assert not _WS.sub("", d.replacement)
        pos = d.end
    assert pipeline.repair_spacing(raw) == rep  # deterministic


# Hand-picked cases that must hold in every profile, whatever hypothesis draws.
EXPLICIT = [
    "",
    " ",
    "\u3000",
    "\r\n\r",
    "\u2028\u2029\x85",
    "\t\xa0\u3000\u202f",
    "\x00\x01あ\x7f",
    "か\u3099き\u309a",
    "\u0301あ",
    "x\u0301\u0316",
    "ｶﾞｷﾞ ｸﾞ",
    "\ufeffあ",
    "👨‍👩‍👧 です",
    "〒" * 500,
    "@" * 500,
    "(" * 300 + ")" * 300,
    "1" * 2000,
    "平成17年1月\r\n25日",
    "TEL\u3000022-222-3425",
    "東北 経済\n産業局\u3000室長 千葉 康典\n〒980-8403 宮城県仙台市青葉区本町3-3-1",
]


@pytest.mark.parametrize("raw", EXPLICIT, ids=range(len(EXPLICIT)))
def test_explicit_hostile_strings(raw):
    check_text(raw, marks=True)


# NFC reorders combining marks by class ("\u0300\u3099" -> "\u3099\u0300"): a same-length
# edit, which Document.edit maps character for character, so each mark points at the other.
@pytest.mark.parametrize("raw", ["\u0300\u3099", "あ\u0301\u0316です"], ids=["marks-only", "after-kana"])
def test_nfc_reordering_maps_each_mark_to_its_raw_character(raw):
    doc, frames = process(raw)
    for i, ch in enumerate(doc.text):
        rs, re_ = doc.raw_span(i, i + 1)
        assert ch in raw[rs:re_], (i, ch, raw[rs:re_])
    check_offsets(doc, frames, marks=True)


# ---------------------------------------------------------------------- lone surrogates
SURROGATE_CASES = ["\ud800", "あ\udfff", "東北\udcb0経済 産業局", "不十 分\udc00です。", "\ud800\udc00"]


@pytest.mark.parametrize("raw", SURROGATE_CASES, ids=range(len(SURROGATE_CASES)))
def test_lone_surrogates_become_replacement_characters(raw):
    doc, frames = process(raw)
    assert not _SURROGATE.search(doc.text)  # the working text is valid Unicode (writable)
    assert doc.text.count("\ufffd") == len(_SURROGATE.findall(raw)) + raw.count("\ufffd")
    assert doc.raw == raw  # the raw text stays as given: provenance
    check_offsets(doc, frames)
    pipeline.process_text(raw)


@pytest.mark.parametrize("raw", ["あ い\ud800う", "不十 分\udc00"], ids=["between", "after"])
def test_repair_spacing_keeps_lone_surrogates(raw):
    rep = pipeline.repair_spacing(raw)
    assert _WS.sub("", rep.text) == _WS.sub("", raw)


@settings(budget("surrogates"), phases=[Phase.explicit, Phase.generate])
@given(texts(surrogates=True).filter(lambda s: _SURROGATE.search(s) is not None))
def test_fuzz_with_lone_surrogates(raw):
    check_text(raw)
