"""Spec for spacing repair: artifacts go, meaningful spaces and line breaks stay."""

from __future__ import annotations

import pathlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.spacing import COLLAPSED, KEPT, REMOVED, SpaceDecision, decide_spacing, repair_spacing

SEED = pathlib.Path(__file__).resolve().parents[1] / "raw" / "aist_tohoku_newsletter_2005_01.txt"

# (noisy text, repaired text): artifacts of scanning and scraping are removed.
REMOVED_CASES = [
    ("研究開発を推進して い ます。", "研究開発を推進しています。"),  # auxiliary split off
    ("その 結果、売上が伸びた。", "その結果、売上が伸びた。"),
    ("予算が不十 分である。", "予算が不十分である。"),  # inside a dictionary word
    ("令和 3 年4月 1 日に発足した。", "令和3年4月1日に発足した。"),  # digits and counters
    ("全国 12 カ所 の拠点で行う。", "全国12カ所の拠点で行う。"),
    ("計画の作成 か ら実施まで支援する。", "計画の作成から実施まで支援する。"),
    ("会議 ( 令和3年 ) を開いた。", "会議(令和3年)を開いた。"),  # next to brackets
    ("地域の中核病院 として機能する。", "地域の中核病院として機能する。"),  # particle follows
    ("新しい設備を導入し 、 運用を始めた。", "新しい設備を導入し、運用を始めた。"),
    (
        "本事業は地域の産業\nを支援するものです。",
        "本事業は地域の産業を支援するものです。",
    ),  # line break mid-sentence
    ("最後に、今後の方 針について説明します。", "最後に、今後の方針について説明します。"),
    ("ご 連絡ください。", "ご連絡ください。"),  # prefix never stands alone
]

# (text, repaired text): spaces and line breaks that carry meaning survive.
KEPT_CASES = [
    ("総務課 課長 山田 太郎", "総務課 課長 山田 太郎"),  # byline: org, title, family and given name
    ("研究推進部 主任研究員 佐藤 花子", "研究推進部 主任研究員 佐藤 花子"),
    ("〒100-0013 東京都千代田区霞が関1-3-1", "〒100-0013 東京都千代田区霞が関1-3-1"),
    ("TEL: 03-1234-5678 FAX: 03-1234-5679", "TEL: 03-1234-5678 FAX: 03-1234-5679"),
    ("電話 03-1234-5678", "電話 03-1234-5678"),
    ("令和3年5月10日 仙台市", "令和3年5月10日 仙台市"),  # caption: date then place
    ("Open Source Initiativeが承認した。", "Open Source Initiativeが承認した。"),
    ("鈴木 一郎が会長に就任した。", "鈴木 一郎が会長に就任した。"),  # 姓 + 名
    ("東北大学 金属材料研究所が発表した。", "東北大学 金属材料研究所が発表した。"),  # organisation and unit
    ("なんだって？\u3000それは困る。", "なんだって？\u3000それは困る。"),  # full-width space
    ("\u3000本文はここから始まる。", "\u3000本文はここから始まる。"),  # indentation
    ("第一段落です。\n\n第二段落です。", "第一段落です。\n\n第二段落です。"),  # block break
    ("南町1-2-3 グリーンビル5階", "南町1-2-3 グリーンビル5階"),  # address then building
    ("★ 説明会の開催について", "★ 説明会の開催について"),  # bullet
    (
        "問い合わせ先:総務部総務課\n広報室\n〒100-0013 東京都千代田区霞が関1-3-1\nTel: 03-1234-5678",
        "問い合わせ先:総務部総務課\n広報室\n〒100-0013 東京都千代田区霞が関1-3-1\nTel: 03-1234-5678",
    ),
    ("見出しの行  \n本文の行", "見出しの行\n本文の行"),  # trailing spaces dropped, line kept
    (
        "新商品の紹介\n\n技術開発の推進 昨年度から研究会を開き、成果を共有した。",
        "新商品の紹介\n\n技術開発の推進 昨年度から研究会を開き、成果を共有した。",
    ),  # run-in heading
    ("そう言うと、\n「行こう」と答えた。", "そう言うと、\n「行こう」と答えた。"),  # dialogue layout
    (
        "前号の続き。\n\n研究成果の紹介\n本年度は三件の特許を出願した。",
        "前号の続き。\n\n研究成果の紹介\n本年度は三件の特許を出願した。",
    ),  # heading line
    # The fields of a member list: organisation, then post; a person, then the next field.
    ("株式会社みやぎ精工 常務取締役", "株式会社みやぎ精工 常務取締役"),
    ("青葉山岳会 副会長", "青葉山岳会 副会長"),
    ("佐々木 一郎氏 株式会社みやぎ精工 常務取締役", "佐々木 一郎氏 株式会社みやぎ精工 常務取締役"),
    ("菊地  東北メディカル株式会社 監査役", "菊地  東北メディカル株式会社 監査役"),  # name, wide gap, org
    # Field lines, their labels letter-spaced or not in the field-label list, stay lines.
    (
        "会  場:市民会館 2階 大ホール\n講  師:仙台市立病院の医師\n定員:30名\n参加者:先着順",
        "会場:市民会館2階大ホール\n講師:仙台市立病院の医師\n定員:30名\n参加者:先着順",
    ),
]

# (text, [(action, reason) for each whitespace run]): the recorded reasons are readable.
REASON_CASES = [
    ("不十 分", [(REMOVED, "splits_dictionary_word")]),
    ("室長 千葉 康典", [(KEPT, "job_title"), (KEPT, "person_name")]),
    ("平成 17 年", [(REMOVED, "digit_split"), (REMOVED, "digit_split")]),
    ("Tel: 022-263-1167", [(KEPT, "contact_line")]),
    ("GNU General Public License", [(KEPT, "latin_words")] * 3),
    ("見出し  \n本文", [(COLLAPSED, "trailing_space")]),
    ("課の業務 は次のとおり", [(REMOVED, "particle_follows")]),
    ("株式会社みやぎ精工 常務取締役", [(KEPT, "org_then_post")]),
    ("佐々木 一郎氏 株式会社", [(KEPT, "person_name"), (KEPT, "after_honorific")]),
    ("田中さん 鈴木さんと話した。", [(REMOVED, "between_words")]),  # inside a sentence
    ("加藤  碵一", [(REMOVED, "between_words")]),  # a given name after the gap: no field
    ("出席 ○山田太郎 ○鈴木花子", [(REMOVED, "punctuation"), (KEPT, "name_list")]),  # a list of names
    (
        "会長挨拶 高橋 一郎\n本日は",
        [(KEPT, "before_name"), (KEPT, "person_name"), (KEPT, "name_line")],
    ),  # a heading, its writer's name, and the line break after it
    # … but not a name in a sentence whose honorific or particle opens the next line
    (
        "講演会が開かれ、講師として 山田 太郎\n氏が講演した。",
        [(REMOVED, "particle_precedes"), (KEPT, "person_name"), (REMOVED, "line_break_mid_sentence")],
    ),
    (
        "特別講演 山田 太郎\n氏が講演した。",
        [(KEPT, "before_name"), (KEPT, "person_name"), (REMOVED, "line_break_mid_sentence")],
    ),  # a one-character honorific, then a particle (氏が), still opens the next line
    (
        "特別講演 山田 太郎\n様々な活動を紹介する。",
        [(KEPT, "before_name"), (KEPT, "person_name"), (KEPT, "name_line")],
    ),  # 様々 only starts like an honorific
]

SEED_ARTIFACTS = [
    "不十 分",
    "基 盤整備機構",
    "イン キュベ ーション",
    "て い ます",
    "その 結果",
    "平成 17 年1月 25 日",
    "全国 9 カ所 の",
    "作成 か ら",
    "について の お問い合わせ",
]
SEED_MEANINGFUL = [
    "室長 千葉 康典",
    "推進役 徳能 邦幸",
    "〒980-8403 仙台市",
    "Tel: 022-263-1167, Fax: 022-223-2658",
    "平成17年1月25日 盛岡市",
    "MOTの推進・普及 昨年度から",
    "産業技術総合研究所 東北センター",
]
SEED_CONTACT_LINES = [
    "連絡先:東北経済産業局地域経済部産業支援課",
    "産学官連携推進室",
    "〒980-8403 仙台市青葉区本町3-3-1",
    "Tel: 022-263-1167, Fax: 022-223-2658",
    "E-mail: thk-sangaku@meti.go.jp",
]


@pytest.mark.parametrize(("text", "expected"), REMOVED_CASES)
def test_artifacts_are_removed(text, expected):
    assert repair_spacing(text).text == expected


@pytest.mark.parametrize(("text", "expected"), KEPT_CASES)
def test_meaningful_spaces_are_kept(text, expected):
    assert repair_spacing(text).text == expected


@pytest.mark.parametrize(("text", "expected"), REASON_CASES)
def test_reasons(text, expected):
    assert [(d.action, d.reason) for d in decide_spacing(text)] == expected


# Known gaps, written down so that a fix shows up as XPASS.
@pytest.mark.xfail(reason="two katakana common nouns forming a company name look like a split compound")
def test_gap_katakana_company_name():
    assert (
        repair_spacing("パシフィック エレクトロニクスに入社した。").text
        == "パシフィック エレクトロニクスに入社した。"
    )


@pytest.mark.xfail(reason="a brand starting in hiragana after a katakana word reads as a particle (と…)")
def test_gap_hiragana_brand_after_katakana():
    assert repair_spacing("サンライズ とまと保育園に通う。").text == "サンライズ とまと保育園に通う。"


@pytest.mark.xfail(
    reason="an artifact between a family and a given name is indistinguishable from a name space"
)
def test_gap_artifact_inside_full_name():
    assert repair_spacing("民主党の山田 太郎を破った。").text == "民主党の山田太郎を破った。"


@pytest.fixture(scope="module")
def seed_repair():
    return repair_spacing(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("artifact", SEED_ARTIFACTS)
def test_seed_artifacts_gone(seed_repair, artifact):
    assert artifact not in seed_repair.text
    assert artifact.replace(" ", "") in seed_repair.text


@pytest.mark.parametrize("meaningful", SEED_MEANINGFUL)
def test_seed_meaningful_spaces_survive(seed_repair, meaningful):
    assert meaningful in seed_repair.text


def test_seed_contact_block_keeps_its_lines(seed_repair):
    assert "\n".join(SEED_CONTACT_LINES) in seed_repair.text


def test_seed_edits_are_readable(seed_repair):
    text = SEED.read_text(encoding="utf-8")
    for d in seed_repair.edits:
        assert re.fullmatch(r"[a-z_]+", d.reason)
        assert text[d.start : d.end].isspace()


_JAPANESE = st.sampled_from(list("のにはをがて い ます。、　\n不十分基盤整備機構室長千葉康典ABC 123-"))


@settings(max_examples=200, deadline=None)
@given(st.lists(_JAPANESE, max_size=40).map("".join))
def test_decisions_cover_every_whitespace_run(text):
    decisions = decide_spacing(text)
    assert [(d.start, d.end) for d in decisions] == [m.span() for m in re.finditer(r"\s+", text)]
    for d in decisions:
        assert isinstance(d, SpaceDecision)
        assert d.action in (KEPT, REMOVED, COLLAPSED)
        assert d.replacement == {KEPT: text[d.start : d.end], REMOVED: ""}.get(d.action, d.replacement)
    # Only whitespace is ever edited.
    repaired = repair_spacing(text).text
    assert re.sub(r"\s", "", repaired) == re.sub(r"\s", "", text)


def test_double_space_between_latin_words_collapses():
    assert repair_spacing("GNU  General Public License").text == "GNU General Public License"
    assert [d.action for d in decide_spacing("GNU  General")] == [COLLAPSED]


def test_long_text_without_line_breaks_stays_linear():
    text = "その 結果、" * 2000
    assert repair_spacing(text).text == "その結果、" * 2000


# ---------------------------------------------------------------- municipal bulletin lines
def test_an_organisation_then_a_spaced_name_keeps_both_spaces_and_its_line():
    r = repair_spacing("広報室 土屋 洋太\n入庁2年目。読みやすい紙面を目指して。")
    assert r.text == "広報室 土屋 洋太\n入庁2年目。読みやすい紙面を目指して。"
    assert {e.reason for e in r.edits} >= {"org_then_person", "person_name", "name_line"}


def test_an_organisation_then_an_unspaced_name_keeps_its_line():
    assert (
        repair_spacing("新潟大学 川崎一正\n入学式で挨拶した。").text
        == "新潟大学 川崎一正\n入学式で挨拶した。"
    )


@pytest.mark.parametrize(
    "text",
    [
        "主催 東北経済産業局",
        "編集発行 東大和市立公民館",
        "■会場 仙台市民会館",
        "【講師】 東北大学教授 山田太郎",
    ],
)
def test_a_field_label_keeps_the_space_before_its_value(text):
    assert repair_spacing(text).text == text.replace("】 ", "】")


@pytest.mark.parametrize(
    "text, repaired", [("主催 者の挨拶", "主催者の挨拶"), ("対象 者は市民", "対象者は市民")]
)
def test_a_suffix_after_a_field_label_continues_the_word(text, repaired):
    assert repair_spacing(text).text == repaired


def test_a_line_ending_in_its_phone_number_keeps_its_break():
    text = "生涯学習課 ☎(46)3331\n広報室 土屋 洋太"
    assert repair_spacing(text).text == "生涯学習課☎(46)3331\n広報室 土屋 洋太"


def test_a_sentence_going_on_after_a_phone_number_is_one_line():
    text = "詳しくは電話 022-123-4567\nまでお問い合わせください。"
    assert repair_spacing(text).text == "詳しくは電話 022-123-4567までお問い合わせください。"


def test_a_roster_of_duties_and_names_keeps_its_spaces_and_lines():
    text = "総務担当 松浦 和彦\n広報IT補佐 川島 雄一\n会計 戸田 恵一"
    assert repair_spacing(text).text == text


def test_a_given_name_in_kana_keeps_its_space_and_a_torn_word_does_not():
    assert repair_spacing("委員 小林 ちひろ(副会長)、森 健二").text == "委員 小林 ちひろ(副会長)、森 健二"
    assert repair_spacing("中川 グル ー プの情報").text == "中川グループの情報"


@pytest.mark.parametrize("text", ["出席者 東北経済産業局", "事務局 仙台市産業振興課"])
def test_minutes_labels_keep_their_space(text):
    assert repair_spacing(text).text == text


def test_a_notices_field_lines_keep_their_breaks():
    text = (
        "主催:石巻川開き祭り協賛会、後援:宮城県、石巻市\nみやぎ食育ネットワークでは参加者を募集しています。"
    )
    assert repair_spacing(text).text == text


def test_a_wide_gap_between_a_name_and_the_next_title_is_kept():
    text = "議長 今野 一郎  副議長 村上 ゆかり"
    assert repair_spacing(text).text == text


def test_a_district_and_a_persons_name_with_an_honorific_keep_their_space():
    from pipeline.stages.spacing import repair_spacing

    assert repair_spacing("(北山区 柳田ケサ子さん)").text == "(北山区 柳田ケサ子さん)"
    assert repair_spacing("仙台市 山田花子様").text == "仙台市 山田花子様"
    assert repair_spacing("青葉区 佐藤さんは言った。").text == "青葉区佐藤さんは言った。"  # prose
    assert repair_spacing("仙台市 から来た山田さん").text == "仙台市から来た山田さん"  # a particle
    assert (
        repair_spacing("（青葉区 山田はなこさん）").text == "（青葉区 山田はなこさん）"
    )  # a kana given name


def test_the_space_before_the_next_fields_label_is_kept():
    from pipeline.stages.spacing import repair_spacing

    assert repair_spacing("会長:秋元 常雄 幹事:駒田 繁夫").text == "会長:秋元 常雄 幹事:駒田 繁夫"
    assert repair_spacing("連 絡先:札幌市豊平区").text == "連絡先:札幌市豊平区"  # one label, spaced


def test_a_heading_set_letter_by_letter_keeps_its_line():
    from pipeline.stages.spacing import repair_spacing

    assert (
        repair_spacing("会 長 挨 拶\n皆様のご協力に感謝します。").text
        == "会長挨拶\n皆様のご協力に感謝します。"
    )
    assert repair_spacing("こ れ は\nペンです。").text == "これはペンです。"  # a sentence's words


def test_a_label_spaced_apart_or_prose_before_a_colon_is_no_new_field():
    from pipeline.stages.spacing import repair_spacing

    assert repair_spacing("開催 日時:5月10日").text == "開催日時:5月10日"
    assert repair_spacing("この件は 理事会決定:承認").text == "この件は理事会決定:承認"


def test_letter_spaced_words_of_a_sentence_or_a_name_before_its_particle_join_the_next_line():
    from pipeline.stages.spacing import repair_spacing

    assert repair_spacing("本 日 の 例 会 で 会 長\n挨拶があり、").text == "本日の例会で会長挨拶があり、"
    assert repair_spacing("お 知 ら せ\n皆様の").text == "お知らせ\n皆様の"
    assert repair_spacing("新会長 山田太郎\nが就任しました。").text == "新会長 山田太郎が就任しました。"


def test_a_byline_closing_a_heading_line_keeps_its_spaces():
    # heading, then the post with its body, then a name UniDic does not know, its body in brackets
    assert repair_spacing("1. 2007年年頭所感 地域連携学会会長 鶴巻晴嵐(東北大学)").text == (
        "1. 2007年年頭所感 地域連携学会会長 鶴巻晴嵐(東北大学)"
    )
    assert repair_spacing("理事長 挨拶").text == "理事長挨拶"  # a post and a common word


def test_a_line_wrapped_inside_a_bracket_is_joined_where_it_broke():
    text = "3.大会報告(宮城工業大学 谷口 \n  正和 先生)\n4.講演報告(東北大学\n  鶴巻晴嵐 先生)"
    assert (
        repair_spacing(text).text
        == "3.大会報告(宮城工業大学 谷口 正和先生)\n4.講演報告(東北大学鶴巻晴嵐先生)"
    )


def test_a_contact_label_keeps_its_space_before_the_value_but_not_before_a_particle():
    assert repair_spacing("お問い合わせ 生涯学習課 担当 大野").text == "お問い合わせ 生涯学習課 担当 大野"
    assert repair_spacing("お問い合わせ は、市役所まで").text == "お問い合わせは、市役所まで"
