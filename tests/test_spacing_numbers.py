"""Spec for numbers in spacing repair: OCR spaces inside a number go, spaces between numbers stay."""

from __future__ import annotations

import pytest

from pipeline.stages.spacing import KEPT, REMOVED, decide_spacing, repair_spacing

# (noisy text, repaired text): a number torn apart by OCR spaces is joined again.
JOINED_CASES = [
    ("本誌は第 3 6 号で創刊十周年を迎えた。", "本誌は第36号で創刊十周年を迎えた。"),  # 第 … 号
    ("回答率は 6 7.5 %だった。", "回答率は67.5%だった。"),  # decimal number, then %
    ("見学者は約 2 4 0 人にのぼった。", "見学者は約240人にのぼった。"),  # 約 … 人
    ("加盟団体は 3 1 件になった。", "加盟団体は31件になった。"),  # counter after
    ("開所式は令和 ３ 年に行われた。", "開所式は令和３年に行われた。"),  # full-width digits
    ("出荷量は前年の 1. 8 倍に増えた。", "出荷量は前年の1.8倍に増えた。"),  # space after the point
    ("参加費は 2, 500 円です。", "参加費は2,500円です。"),  # thousands separator
    ("１ ９ ９ ８ 年に設立された。", "１９９８年に設立された。"),  # a letter-spaced year
    ("成長率は 1 2 ％と見込まれる。", "成長率は12％と見込まれる。"),  # full-width percent
    ("今回の講習は計 1 4 回を数える。", "今回の講習は計14回を数える。"),  # 計 before
]

# (text, repaired text): spaces between separate numbers, and around a row of them, stay.
KEPT_CASES = [
    ("得点 6 2 8", "得点 6 2 8"),  # a row of scores
    ("成績\n一組 7 5\n二組 4 9", "成績\n一組 7 5\n二組 4 9"),  # table rows on their own lines
    ("平均 2.4 3.1 1.9", "平均 2.4 3.1 1.9"),  # decimal numbers are whole
    ("年度 2010 2011 2012", "年度 2010 2011 2012"),  # a header row of years
    ("小計 48 52", "小計 48 52"),  # 小計 is a word, not the prefix 計
    ("平成20 21年度の二年間", "平成20 21年度の二年間"),  # two years side by side
    ("電話 019 654 3210", "電話 019 654 3210"),  # a phone number as now
    ("Version 3 12の変更点", "Version 3 12の変更点"),  # Latin text as now
    ("+81 19 654 3210", "+81 19 654 3210"),  # an international number as now
]

# (text, [(action, reason) for each whitespace run]).
REASON_CASES = [
    ("第 4 5 号", [(REMOVED, "digit_split"), (REMOVED, "number_split"), (REMOVED, "digit_split")]),
    ("4 2.5 %", [(REMOVED, "number_split"), (REMOVED, "number_split")]),
    ("得点 3 4 5", [(KEPT, "number_table"), (KEPT, "separate_numbers"), (KEPT, "separate_numbers")]),
    ("記録 1 2", [(KEPT, "number_table"), (KEPT, "separate_numbers")]),
    ("3 .5 倍", [(REMOVED, "number_split"), (REMOVED, "digit_split")]),
    (
        "前半 10 20\n後半 30 40",
        [
            (KEPT, "number_table"),
            (KEPT, "separate_numbers"),
            (KEPT, "number_table"),
            (KEPT, "number_table"),
            (KEPT, "separate_numbers"),
        ],
    ),
    ("No.7 2008年5月", [(KEPT, "ascii_words")]),  # Latin text as now
    ("〒020 0045", [(KEPT, "contact_line")]),  # a postal code as now
]


@pytest.mark.parametrize(("text", "expected"), JOINED_CASES)
def test_torn_numbers_are_joined(text, expected):
    assert repair_spacing(text).text == expected


@pytest.mark.parametrize(("text", "expected"), KEPT_CASES)
def test_spaces_between_numbers_are_kept(text, expected):
    assert repair_spacing(text).text == expected


@pytest.mark.parametrize(("text", "expected"), REASON_CASES)
def test_number_reasons(text, expected):
    assert [(d.action, d.reason) for d in decide_spacing(text)] == expected


def test_number_split_reason_on_joined_digits():
    decisions = decide_spacing("会報第 4 5 号")
    inner = [d for d in decisions if "会報第 4 5 号"[d.start - 1] == "4"]
    assert [(d.action, d.reason) for d in inner] == [(REMOVED, "number_split")]


def test_a_sentence_around_separate_numbers_is_no_table():
    # In a sentence the numbers stay apart, but the words around them join as before.
    assert repair_spacing("試合は 1 2 で終わった。").text == "試合は1 2で終わった。"
