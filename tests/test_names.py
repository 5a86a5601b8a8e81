"""Names on real text, end to end (pipeline.process_text): every shape of the issue
"Names on real text", on sentences of our own.  The finders' own tests (test_people,
test_orgs, test_ner) check the parts; these check what a researcher gets in the tables."""

from __future__ import annotations

import pytest

import pipeline
from pipeline.entities.people import find_people


@pytest.fixture(scope="module")
def run():
    cache: dict[str, dict] = {}

    def tables(text: str) -> dict:
        if text not in cache:
            cache[text] = pipeline.process_text(text)
        return cache[text]

    return tables


def people(t) -> dict[str, dict]:
    return {r["name"]: r for r in t["people"].to_dict("records")}


def labelled(t, label: str) -> list[str]:
    e = t["entities"]
    return e[e["label"] == label]["text"].tolist()


# --- people ---------------------------------------------------------------------------
def test_a_list_of_titles_and_names_gives_each_person_their_title(run):
    p = people(run("実行委員長 岡本健司、副委員長 村井美紀"))
    assert p["岡本健司"]["title"] == "実行委員長" and p["村井美紀"]["title"] == "副委員長"


def test_an_organisation_before_a_name_is_the_persons_organisation(run):
    p = people(run("山形大学 藤井正樹"))
    assert p["藤井正樹"]["org_name"] == "山形大学"
    p = people(run("宮城ボランティア協議会 会長 佐野 秀樹"))
    assert p["佐野秀樹"]["title"] == "会長" and p["佐野秀樹"]["org_name"] == "宮城ボランティア協議会"


def test_a_title_after_the_name(run):
    p = people(run("小川隆史学長は式辞を述べた。"))
    assert p["小川隆史"]["title"] == "学長"
    p = people(run("東北農政局の斎藤浩二局長が説明した。"))
    assert p["斎藤浩二"]["title"] == "局長" and p["斎藤浩二"]["org_name"] == "東北農政局"


def test_a_run_of_name_organisation_and_title_is_split_into_its_parts(run):
    t = run("森本健司岩手県建設業協会会長、伊藤裕太岩手県知事が出席した。")
    p = people(t)
    assert p["森本健司"]["title"] == "会長" and p["森本健司"]["org_name"] == "岩手県建設業協会"
    assert p["伊藤裕太"]["title"] == "知事"
    assert "岩手県建設業協会" in labelled(t, "ORG")
    assert not any(name.startswith("森本健司") for name in labelled(t, "ORG"))


def test_letter_spaced_and_foreign_names_are_whole(run):
    assert "高橋一郎" in people(run("泉区長 高 橋 一 郎"))
    p = people(run("マリア・シュミット総領事が来訪した。"))
    assert p["マリア・シュミット"]["title"] == "総領事"


def test_the_honorific_stays_outside_the_name(run):
    p = people(run("田村誠二氏が講演した。"))
    assert p["田村誠二"]["given_name"] == "誠二" and p["田村誠二"]["honorific"] == "氏"


def test_a_label_and_an_organisation_do_not_leak_into_the_title(run):
    p = people(run("講師：山形大学大学院理工学研究科教授 工藤洋平"))
    assert p["工藤洋平"]["title"] == "教授"
    assert p["工藤洋平"]["org_name"] == "山形大学大学院理工学研究科"


def test_a_family_name_alone_later_is_the_same_person(run):
    t = run("講演は山下俊彦教授が行った。続いて山下教授が質問に答えた。")
    p = people(t)
    assert p["山下俊彦"]["n_mentions"] == 2
    ids = t["entities"][t["entities"]["label"] == "PERSON"]["person_id"].tolist()
    assert len(ids) == 2 and len(set(ids)) == 1


def test_every_organisation_of_a_person_is_an_organisation_of_the_run(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.txt").write_text("東北農政局の斎藤浩二局長が説明した。\n山形大学 藤井正樹\n", encoding="utf-8")
    pipeline.run(raw=str(raw), output=str(out), workers=1)
    p = pipeline.read_table("people", output=str(out))
    orgs = set(pipeline.read_table("organizations", output=str(out))["org_id"])
    assert p["org_id"].notna().any() and set(p["org_id"].dropna()) <= orgs


def test_bare_names_in_prose_come_from_the_model(run):
    t = run("昨日、佐藤健太郎さんが市役所を訪れた。")
    assert "佐藤健太郎" in people(t)


# --- organisations ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, name",
    [
        ("財団法人みやぎ産業振興機構が主催した。", "財団法人みやぎ産業振興機構"),
        ("NPO法人エコネットいわきの会員。", "NPO法人エコネットいわき"),
        ("株式会社 北杜ヘルスケア研究所と提携した。", "株式会社 北杜ヘルスケア研究所"),
        ("弘前大学地域共同研究センターの公開講座。", "弘前大学地域共同研究センター"),
        ("東北大学大学院工学研究科の研究室。", "東北大学大学院工学研究科"),
        ("申し込みは岩沼市保健センターへ。", "岩沼市保健センター"),
        ("山形県工業技術センターは、新しい装置を導入した。", "山形県工業技術センター"),
    ],
)
def test_organisations_keep_their_legal_form_and_their_unit(run, text, name):
    assert name in labelled(run(text), "ORG")


def test_a_short_form_is_an_alias_of_the_full_name(run):
    t = run("弘前大学の研究チーム。弘前大の学生も参加した。")
    m = t["org_mentions"]
    assert set(m["org_name"]) == {"弘前大学"}
    assert "alias" in set(m["resolution"])


@pytest.mark.parametrize(
    "text, word",
    [
        ("駅前の中華料理屋で昼食をとった。", "中華料理屋"),
        ("泉区総合防災訓練が行われた。", "泉区総合防災"),
    ],
)
def test_common_nouns_are_not_organisations(run, text, word):
    assert word not in labelled(run(text), "ORG")


def test_no_mention_names_a_bare_legal_form(run):
    t = run("株式会社として登録した。株式会社化の手続き。")
    assert labelled(t, "ORG") == []


# --- places -----------------------------------------------------------------------------
def test_places_with_their_prefecture(run):
    t = run("フランスから来た一行は、石巻市と宮城県庁を訪れた。")
    rows = t["addresses"].set_index("normalized")
    assert "フランス" in labelled(t, "LOCATION")
    assert (
        rows.loc["宮城県石巻市", "prefecture"] == "宮城県"
        if "宮城県石巻市" in rows.index
        else rows.loc["石巻市", "prefecture"] == "宮城県"
    )


def test_a_reference_before_a_title_holder_is_their_organisation():
    from pipeline.entities.finder import find_entities

    layer = find_entities("財団法人みやぎ産業振興機構の総会。冒頭、当機構の佐々木健一理事長があいさつした。")
    person = next(sp for sp in layer.spans if sp.label == "PERSON")
    assert person.attrs["org_name"] == "財団法人みやぎ産業振興機構"


def test_a_reading_in_brackets_is_no_person_of_its_own(run):
    t = run("出演者:三上真澄(みかみ ますみ)氏、ピアノ奏者の斉藤綾さん")
    assert set(people(t)) == {"三上真澄", "斉藤綾"}


def test_a_member_list_gives_each_person_their_organisation_and_post(run):
    t = run("【新会員】\n佐々木 一郎氏 株式会社みやぎ精工 常務取締役\n菊地  東北メディカル株式会社 監査役\n")
    p = people(t)
    assert (p["佐々木一郎"]["title"], p["佐々木一郎"]["org_name"]) == ("常務取締役", "株式会社みやぎ精工")
    assert (p["菊地"]["title"], p["菊地"]["org_name"]) == ("監査役", "東北メディカル株式会社")


def test_an_organisation_before_no_and_an_honorific_is_the_persons(run):
    p = people(run("講師はNTTの松原実穂子さんにお願いした。"))
    assert p["松原実穂子"]["org_name"] == "NTT"


def test_a_former_name_mark_stays_outside_the_organisation(run):
    assert "鋳物研究所" in labelled(run("材料技術研究所(旧鋳物研究所)は、本年で七十年を迎える。"), "ORG")


def test_a_model_name_cut_before_the_given_names_last_character_is_whole(run):
    # MeCab reads 斉|史; the model may stop at 斉.
    assert "山本斉史" in people(run("作者の山本斉史が描いた。"))


def test_an_initial_before_a_katakana_family_name_is_part_of_the_name(run):
    p = people(run("一塁手J・ハミルトンが二塁へ送球した。"))
    assert (p["J・ハミルトン"]["family_name"], p["J・ハミルトン"]["given_name"]) == ("ハミルトン", "J")


def test_a_name_that_opens_an_organisations_name_is_the_organisation():
    # The model read ジョンソン as a person; the rules read the whole by its ending.
    from pipeline.document.spans import ORG, PERSON, Span
    from pipeline.entities.finder import _named_after_people

    person = Span(0, 5, PERSON, "ジョンソン", "ジョンソン", "ner_crf", {})
    org = Span(0, 11, ORG, "ジョンソン宇宙センター", "ジョンソン宇宙センター", "suffix", {"kind": "name"})
    assert _named_after_people([person], [], [org]) == ([], [org])
    listed = Span(0, 8, ORG, "ジョンソンら高校", "ジョンソンら高校", "suffix", {"kind": "name"})
    assert _named_after_people([person], [], [listed]) == ([person], [])  # ら ends the name


def test_a_units_head_is_no_part_of_the_units_name(run):
    from pipeline.entities.orgs.names import _head_of_unit

    assert _head_of_unit("工学研究科長") and _head_of_unit("東北支部長")
    assert not _head_of_unit("理事長") and not _head_of_unit("会長")


# --- runs of name, body and title on real pages (chambers of commerce, alumni, lectures) ---
def test_a_body_with_a_proper_name_between_the_name_and_the_title(run):
    # A school's name (MeCab: a proper noun and 館) and a high school with an adjectival noun.
    p = people(run("来賓の北村光一明倫館常務理事から祝辞があった。"))
    assert (p["北村光一"]["title"], p["北村光一"]["org_name"]) == ("常務理事", "明倫館")
    p = people(run("石井達浩修猷館高等学校校長が挨拶した。"))
    assert (p["石井達浩"]["title"], p["石井達浩"]["org_name"]) == ("校長", "修猷館高等学校")


def test_a_department_between_the_name_and_the_title(run):
    p = people(run("開会は松尾和彦経営情報学科教授の挨拶で始まった。"))
    assert (p["松尾和彦"]["title"], p["松尾和彦"]["org_name"]) == ("教授", "経営情報学科")


def test_an_alumni_society_before_the_title_is_no_reference(run):
    # 同窓会 opens with 同 but is no "同+body" reference; 同協会 is one.
    from pipeline.entities.people.fields import _reference

    p = people(run("来賓として佐藤芳昭同窓会副会長をお迎えした。"))
    assert p["佐藤芳昭"]["title"] == "副会長"
    assert _reference("同協会") and _reference("本研究会")
    assert not _reference("同窓会") and not _reference("同好会")


def test_a_school_and_its_head_is_no_given_name(run):
    t = run("山田塾塾長が挨拶した。")
    assert "山田塾" not in labelled(t, "PERSON") and "山田塾" in labelled(t, "ORG")


def test_a_byline_mark_is_no_given_name():
    (p,) = find_people("活動報告\n広報委員会 佐藤 記\n本年度は")
    assert (p.value, p.attrs["given_name"], p.attrs["org_text"]) == ("佐藤", None, "広報委員会")


def test_a_reference_before_a_title_gives_the_title_and_no_body():
    (p,) = find_people("鈴木一郎同法人会会長が挨拶した。")
    assert (p.attrs["title"], p.attrs["org_text"]) == ("会長", None)


def test_a_given_name_unidic_cuts_into_common_kanji_before_a_body_and_title(run):
    p = people(run("続いて渡部申孝宮城県校友会会長が祝辞を述べた。"))
    assert (p["渡部申孝"]["given_name"], p["渡部申孝"]["org_name"]) == ("申孝", "宮城県校友会")
    # a title's prefix or a place's ending is no given name
    assert "田中" in people(run("田中副会長が挨拶した。"))
    assert not any(n.startswith("中島県") for n in people(run("中島県教育長が出席した。")))


def test_a_family_name_unidic_reads_as_a_place_before_a_former_post(run):
    p = people(run("名誉会員には和知繁蔵前会頭が推された。"))
    assert (p["和知繁蔵"]["family_name"], p["和知繁蔵"]["title"]) == ("和知", "前会頭")


def test_a_name_written_against_a_place_inside_a_societys_name_is_no_person(run):
    t = run("第10回・山形鶴翔同窓会実行委員長 小松 宏")
    assert "鶴翔" not in people(t) and "小松宏" in people(t)


# --- organisations on the same pages ------------------------------------------------------
def test_a_short_form_declared_in_brackets_keeps_the_full_name_and_is_its_alias(run):
    t = run("全国中小企業団体連合会(全国団連)は総会を開いた。全国団連の会長が挨拶した。")
    m = t["org_mentions"]
    assert "全国中小企業団体連合会" in labelled(t, "ORG")
    assert labelled(t, "ORG").count("全国団連") == 2  # in the brackets and later
    assert set(m["org_name"]) == {"全国中小企業団体連合会"}
    assert list(m["resolution"]).count("abbreviation") == 2
    # a place in brackets, or the name's head alone, is no short form
    from pipeline.entities.orgs import short_form_declared

    assert short_form_declared("東北大学(仙台)", 4, "東北大学") is None
    assert short_form_declared("東京大学(東京)", 4, "東京大学") is None


def test_a_prefix_against_a_gazetteer_name_makes_another_word():
    from pipeline.entities.orgs import find_orgs

    assert [o.text for o in find_orgs("全国連の会長")] != ["国連"]
    assert [o.text for o in find_orgs("国連の会議")] == ["国連"]


def test_a_legal_form_after_the_name_is_strong_evidence():
    # With no support from the model at all, the name with its legal form is kept.
    import numpy as np

    from pipeline.document.spans import ORG
    from pipeline.entities.ner.model import Analysis
    from pipeline.entities.orgs import find_orgs_model
    from pipeline.text.tokens import tokenize

    text = "副会長には大林建設工業㈱の大林正治代表取締役社長が決まった。"
    tokens = tokenize(text)
    no_support = Analysis([], {ORG: np.zeros(len(tokens))})
    assert [o.text for o in find_orgs_model(text, tokens, ner=no_support)] == ["大林建設工業㈱"]


def test_a_legal_form_name_ends_before_the_person_named_after_it(run):
    t = run("財団法人防災情報支援センター村上貢司先生をお招きした。")
    assert "財団法人防災情報支援センター" in labelled(t, "ORG")
    assert people(t)["村上貢司"]["org_name"] == "財団法人防災情報支援センター"


def test_a_title_alone_is_no_organisation(run):
    from pipeline.entities.orgs.merge import _model_ok

    text = "副会頭は3人全員が新任となった。常務理事会の報告。"
    assert not _model_ok(text, 0, 3) and not _model_ok(text, 16, 20)
    assert _model_ok("日本商工会議所は", 0, 7)
    assert labelled(run(text), "ORG") == []


def test_a_units_suffix_written_twice_before_its_heads_title(run):
    t = run("第1回は、生活科学部学部長矢野和夫教授の講演でした。")
    assert "生活科学部" in labelled(t, "ORG")
    assert "生活科学部学部" not in labelled(t, "ORG")


def test_a_post_and_a_dot_before_a_body_are_no_part_of_its_name():
    from pipeline.entities.orgs import find_orgs

    assert [o.text for o in find_orgs("医師・看護師養成協議会が発足した。")] == ["医師・看護師養成協議会"]

    assert [o.text for o in find_orgs("(監事・北斗精機㈱代表取締役)")] == ["北斗精機㈱"]
    assert [o.text for o in find_orgs("常務理事・東北工業㈱社長")] == ["東北工業㈱"]
    assert [o.text for o in find_orgs("新エネルギー・産業技術総合開発機構")] == [
        "新エネルギー・産業技術総合開発機構"
    ]


def test_a_newspapers_list_of_posts_with_notes_in_brackets(run):
    p = people(run("新役員は次の通り。会長=西田一郎(青森)▽副会長=荒井孝司(岩手)、関根昌邦(秋田)"))
    assert p["西田一郎"]["title"] == "会長" and p["荒井孝司"]["title"] == "副会長"
    assert "関根昌邦" in p  # listed after a note in brackets


def test_a_bodys_newsletter_title_is_not_the_bodys_name():
    from pipeline.entities.orgs.names import _without_publication

    assert _without_publication("福井ロータリークラブ会報") == len("福井ロータリークラブ")
    assert _without_publication("仙台市商工会議所だより") == len("仙台市商工会議所")
    assert _without_publication("日本経済新聞") == len("日本経済新聞")  # no body's suffix before


# --- hospital and village pages -------------------------------------------------------------
def test_several_title_prefixes_before_a_units_head(run):
    p = people(run("二代目の桜田隆久現名誉院長の後を受けた。"))
    assert p["桜田隆久"]["title"] == "現名誉院長" and not isinstance(p["桜田隆久"]["org_name"], str)


def test_a_hospital_managers_title_after_a_name(run):
    t = run("須田泰史病院事業管理者を筆頭に、職員一同努めます。")
    assert people(t)["須田泰史"]["title"] == "病院事業管理者"
    assert not any(o.startswith("須田") for o in labelled(t, "ORG"))


def test_a_legal_form_before_a_name_in_kana():
    from pipeline.entities.orgs import find_orgs

    # MeCab reads よつば as particles: no noun chain holds the name.
    assert [o.text for o in find_orgs("(福)みつば会と協定を結んだ。")] == ["(福)みつば会"]
    assert [o.text for o in find_orgs("社会福祉法人ひだまり園の職員")] == ["社会福祉法人ひだまり園"]
    # particles after a legal form, or a kanji word going on, are no name
    assert find_orgs("社会福祉法人からの会計報告があった。") == []
    assert find_orgs("市内のNPO法人などの会議に出席した。") == []


def test_a_body_established_by_a_town_is_one_body(run):
    assert "みどり町立花田病院" in labelled(run("みどり町立花田病院においても、対策を進めています。"), "ORG")


def test_a_caption_of_where_a_person_lives_and_who_keeps_both(run):
    t = run("100歳を迎えた皆さん\n(北山区 柳田ケサ子さん)\n(南区 田村千代子さん)")
    assert not any(place.startswith("北山区") and len(place) > 3 for place in labelled(t, "LOCATION"))
    assert "田村千代子" in people(t)


# --- an NPO's newsletter and reports ------------------------------------------------------
def test_a_name_line_that_ends_in_the_post_after_a_space(run):
    p = people(run("巻頭言\n北村 武 顧問(前理事長)\n五月をもちまして退任いたしました。"))
    assert p["北村武"]["title"] == "顧問"


def test_a_byline_whose_given_name_unidic_reads_as_a_word(run):
    # 全勝 is a common word to UniDic; the body before the family name vouches for the line.
    t = run("活動紹介\n事務局広報チーム 荒井 全勝\n対話の設計について述べます。")
    p = people(t)
    assert (p["荒井全勝"]["given_name"], p["荒井全勝"]["org_name"]) == ("全勝", "事務局広報チーム")
    assert "対話" not in p["荒井全勝"]["given_name"]


def test_a_legal_status_and_a_room_are_no_part_of_a_name(run):
    from pipeline.entities.orgs import find_orgs

    assert find_orgs("認定NPO法人格の申請について") == []
    assert [o.text for o in find_orgs("株式会社格付投資研究センターは格付けを公表した。")] == [
        "株式会社格付投資研究センター"
    ]
    assert [o.text for o in find_orgs("西公民館3階研修室で開いた。")] == ["西公民館"]
    assert [o.text for o in find_orgs("二階堂病院に入院した。")] == ["二階堂病院"]  # no floor
    assert "NPO" not in labelled(run("当NPOは設立十周年を迎えた。NPOの活動は続く。"), "ORG")


# --- people in web prose -----------------------------------------------------------------------
def test_a_dotted_foreign_name_the_model_called_an_organisation_is_a_person():
    from pipeline.document.spans import ORG, PERSON, Span
    from pipeline.entities.people import foreign_names
    from pipeline.text.tokens import tokenize

    text = "来日したボビー・ブランズらと練習した。"
    org = Span(4, 12, ORG, "ボビー・ブランズ", "ボビー・ブランズ", "ner_crf", {})
    assert [s.label for s in foreign_names(text, tokenize(text), [org])] == [PERSON]
    shop = Span(0, 7, ORG, "ボビー・ストア", "ボビー・ストア", "ner_crf", {})  # a word it knows
    assert [s.label for s in foreign_names("ボビー・ストアで", tokenize("ボビー・ストアで"), [shop])] == [ORG]
    # two names it knows may be a company named after its founders
    hp = Span(0, 12, ORG, "ヒューレット・パッカード", "ヒューレット・パッカード", "ner_crf", {})
    assert [
        s.label
        for s in foreign_names("ヒューレット・パッカードの", tokenize("ヒューレット・パッカードの"), [hp])
    ] == [ORG]


def _merged(text: str, model_spans: list[tuple[int, int]]) -> list[str]:
    """merge_people's names for the model's PERSON spans ``model_spans`` alone."""
    import numpy as np

    from pipeline.document.spans import PERSON, Span
    from pipeline.entities.ner.model import Analysis
    from pipeline.entities.people import merge_people
    from pipeline.text.tokens import tokenize

    spans = [Span(a, b, PERSON, text[a:b], text[a:b], "ner_crf", {"confidence": 0.9}) for a, b in model_spans]
    tokens = tokenize(text)
    ner = Analysis(spans, {PERSON: np.zeros(len(tokens))})
    return [sp.attrs["name"] for sp in merge_people(text, tokens, [], ner)]


def test_a_stage_name_of_a_katakana_given_name_and_a_family_name():
    text = "学生時代、ジェリー浅田のバンドに参加した。"
    assert _merged(text, [(5, 9)]) == ["ジェリー浅田"]  # the model stopped at ジェリー


def test_a_given_name_that_ends_in_ko_after_a_numeral_kanji():
    text = "ラジオのＤＪこと沢口零子を巻き込む。"
    assert _merged(text, [(8, 11)]) == ["沢口零子"]  # the model stopped before 子


def test_a_verb_inside_the_models_organisation_is_a_clause(run):
    from pipeline.entities.orgs.chains import _cols
    from pipeline.entities.orgs.merge import _holds_a_clause
    from pipeline.text.tokens import tokenize

    text = "ジェリー浅田率いるバンドに参加した。"
    assert _holds_a_clause(text, _cols(tokenize(text)), 0, 12)
    text = "日本の秘湯を守る会の会員"
    assert not _holds_a_clause(text, _cols(tokenize(text)), 0, 9)


def test_a_name_before_a_county_or_a_state_is_a_place(run):
    assert people(run("ラッセン郡のスーザンビルに近い地域。")) == {}


def test_a_school_is_named_where_someone_finishes_or_enters_it(run):
    assert "北野学園ファッション女学院" in labelled(
        run("北野学園ファッション女学院卒業後、モデルになった。"), "ORG"
    )
    assert "ウェストリー王立士官学校" in labelled(run("ウェストリー王立士官学校を卒業する。"), "ORG")
    assert labelled(run("学校で勉強した。各学校に通知した。"), "ORG") == []
    assert labelled(run("看護学校を卒業後、病院に勤めた。"), "ORG") == []  # a kind of school


# --- newsletters extracted from PDF --------------------------------------------------------
def test_a_byline_set_letter_by_letter_keeps_its_line(run):
    t = run("100号を迎えて\n総 長 松 尾 稔\n本誌は平成5年に創刊されました。")
    assert people(t)["松尾稔"]["title"] == "総長"


def test_a_post_named_by_a_compound_ending_in_in(run):
    p = people(run("新しい4名は次のとおり:\n大川 明美 国際協力員(所属先:九州大学)\n谷口 幸太 国際協力員"))
    assert p["大川明美"]["title"] == "国際協力員" and p["谷口幸太"]["title"] == "国際協力員"
    # a place or a body before the post is not the post's
    assert [p.attrs["title"] for p in find_people("佐藤一郎仙台市国際交流員")] in ([], [None])
    assert [p.attrs["title"] for p in find_people("田中一郎県国際交流員")] in ([], [None])


def test_a_newsletter_and_an_event_after_a_bodys_name_are_cut():
    from pipeline.entities.orgs.names import _without_event, _without_publication

    assert _without_publication("北陸大学共生研究センターニューズレター") == len("北陸大学共生研究センター")
    assert _without_event("桜花会新潟県支部講演会") == len("桜花会新潟県支部")
    assert _without_event("第5回講演会") == 0
    assert _without_event("日中友好交流会") == len("日中友好交流会")  # a society named so
    assert _without_event("国連総会") == len("国連総会")


def test_a_municipality_merged_away_is_read_as_written_after_its_postal_code():
    from pipeline.entities.addresses import find_addresses

    (a,) = find_addresses("〒400-1113 山梨県中巨摩郡敷島町亀沢3927")
    assert (a.attrs["prefecture"], a.attrs["county"], a.attrs["city"]) == ("山梨県", "中巨摩郡", "敷島町")
    assert a.attrs["postal_code_matches"] is False  # the code now belongs to the merged city
    (a,) = find_addresses("〒321-1261 栃木県今市市今市1234")
    assert a.attrs["city"] == "今市市"  # a name that ends in 市 itself
    assert [x.attrs["city"] for x in find_addresses("〒980-0011 宮城県町村会館")] == [None]


def test_a_deputy_holds_the_posts_title_with_its_deputy_word(run):
    p = people(run("本日は本校PTA会長代理・木村様をご来賓にお迎えした。校長代行の佐野一郎氏が挨拶した。"))
    assert p["木村"]["title"] == "会長代理" and p["佐野一郎"]["title"] == "校長代行"


def test_a_shrine_before_sama_is_no_person(run):
    # 様 follows gods and shrines too: a place-read family name needs 先生 or 氏
    assert people(run("秋には八幡様のお祭りがあります。")) == {}


# --- municipal and newspaper reports -------------------------------------------------------
def test_a_name_and_a_dot_then_a_compound_post(run):
    assert people(run("式典は、中山伸二・総務大臣が式辞を述べた。"))["中山伸二"]["title"] == "総務大臣"


def test_a_name_and_a_dot_are_no_part_of_the_body_after_them(run):
    from pipeline.entities.orgs import find_orgs

    assert not any(o.text.startswith("関口") for o in find_orgs("関口博・東北市議会が臨席した。"))
    t = run("来賓として関口博・全国市議会議長会会長が臨席した。")
    assert (people(t)["関口博"]["title"], people(t)["関口博"]["org_name"]) == ("会長", "全国市議会議長会")


def test_a_reading_in_brackets_then_the_post(run):
    p = people(run("小川祐(おがわ・たすく)市長がお祝いの言葉を述べた。"))
    assert p["小川祐"]["title"] == "市長"


def test_a_note_in_brackets_after_a_name_is_no_person():
    # the model read the district in brackets as a second person
    text = "受賞者は次の通り。▽市議=津田辰己(二宮)中島完一(東一宮)"
    assert _merged(text, [(13, 17), (18, 20)]) == ["津田辰己"]


def test_a_room_after_a_building_or_body_is_no_part_of_a_name():
    from pipeline.entities.orgs import find_orgs

    assert [o.text for o in find_orgs("場所\n柳町公民館視聴覚室\n定員")] == ["柳町公民館"]
    assert find_orgs("市民ホール展示室で開く。") == []  # a room of a hall
    assert [o.text for o in find_orgs("産学官連携推進室 室長")] == ["産学官連携推進室"]  # a unit


def test_a_post_in_capitals_against_a_name_is_its_title():
    text = "本日は北山PDGにお越しいただきました。"
    assert _merged(text, [(3, 8)]) == ["北山"]


# --- the second review's mends ------------------------------------------------------------------
def test_a_room_with_its_size_or_number_after_a_body():
    from pipeline.entities.orgs import find_orgs

    for text in ("会場は中央公民館大会議室です。", "会場：中央公民館三階会議室"):
        assert [o.text for o in find_orgs(text)] == ["中央公民館"]
    assert [o.text for o in find_orgs("会場：仙台国際センター大会議室")] == ["仙台国際センター"]


def test_a_kana_name_after_a_legal_form_may_open_with_a_particles_kana():
    from pipeline.entities.orgs import find_orgs

    assert [o.text for o in find_orgs("社会福祉法人はなみずき会が運営する。")] == ["社会福祉法人はなみずき会"]
    assert [o.text for o in find_orgs("（福）みつば会主催の講座に参加した。")] == ["（福）みつば会"]


def test_partners_named_by_family_names_keep_their_firm():
    from pipeline.entities.orgs import find_orgs

    assert [o.text for o in find_orgs("佐藤・田中法律事務所に相談した。")] == ["佐藤・田中法律事務所"]


def test_a_declared_short_form_inside_another_word_is_no_mention():
    from pipeline.entities.orgs import find_orgs

    text = "日本商工会議所（日商）の会頭が、毎日商店街を視察した。日商の方針。"
    assert [o.start for o in find_orgs(text) if o.text == "日商"] == [8, text.rindex("日商")]


def test_a_clause_after_a_name_is_no_society_even_when_it_ends_in_a_suffix():
    from pipeline.entities.orgs.chains import _cols
    from pipeline.entities.orgs.merge import _holds_a_clause
    from pipeline.text.tokens import tokenize

    text = "指揮者の浅田率いる楽団が演奏した。"
    assert _holds_a_clause(text, _cols(tokenize(text)), 4, 11)


def test_a_numbered_or_seasonal_gathering_is_no_body():
    from pipeline.entities.orgs.names import _without_event

    assert _without_event("第30回定期総会") == 0 and _without_event("新春懇親会") == 0


def test_old_municipalities_that_open_with_shi_machi_or_mura():
    from pipeline.entities.addresses import find_addresses

    got = [a.attrs["city"] for a in find_addresses("〒409-3601 山梨県西八代郡市川大門町1733")]
    assert got == ["市川大門町"]
    got = [a.attrs["city"] for a in find_addresses("〒400-1113 山梨県中巨摩郡敷島町町田3927")]
    assert got == ["敷島町"]
    got = [a.attrs["town"] for a in find_addresses("〒400-1113 山梨県中巨摩郡敷島町亀沢 3927")]
    assert got == ["亀沢"]


# --- industry associations' pages ----------------------------------------------------------------
def test_a_company_and_post_in_brackets_after_a_persons_post_is_no_person():
    text = "組合の現状を妹尾一人理事長(サンベルコ社長)に聞いた。"
    assert _merged(text, [(6, 10), (14, 19)]) == ["妹尾一人"]


def test_a_list_bullet_is_no_part_of_the_post(run):
    p = people(run("横浜市金沢団地協同組合\n●理 事 長 榎本 英雄\n●会員企業数 137社"))
    assert p["榎本英雄"]["title"] == "理事長"


def test_a_former_mark_before_a_body_stays_outside_it(run):
    p = people(run("その時は元日本商工会議所会頭の稲葉興作氏が名誉会長でした。"))
    assert p["稲葉興作"]["org_name"] == "日本商工会議所"
    p = people(run("前橋市役所課長の山田太郎氏が説明した。"))  # 前橋 is a name, no former mark
    assert p["山田太郎"]["org_name"] == "前橋市役所"


def test_a_name_opening_with_a_counters_kanji_after_a_number_and_a_space():
    from pipeline.entities.orgs import find_orgs

    assert [o.text for o in find_orgs("連絡所:中央区晴海3-5-1 月島機械(株) 関根")] == ["月島機械(株)"]


def test_a_post_and_an_unspaced_full_name_keep_their_line():
    from pipeline.stages.spacing import repair_spacing

    text = "札幌鉄工関連協同組合\n理事長 今井一彦\n当組合は、昭和38年に設立されました。"
    assert repair_spacing(text).text == text


def test_a_place_read_family_name_and_a_given_name_cut_into_common_kanji_before_a_title():
    p = people(run_once("聖マリアンナ医科大学の尾崎承一学長があいさつした。"))
    assert (p["尾崎承一"]["family_name"], p["尾崎承一"]["given_name"], p["尾崎承一"]["title"]) == (
        "尾崎",
        "承一",
        "学長",
    )
    assert people(run_once("札幌市長が述べた。宮城県副知事の挨拶。")) == {}


def run_once(text: str) -> dict:
    return pipeline.process_text(text)


# --- the third review's mends -------------------------------------------------------------------
def test_a_place_and_a_direction_or_number_before_a_post_is_no_person(run):
    assert people(run("例会では神戸西署長が講話した。続いて大阪東会長と大阪一校長が挨拶した。")) == {}


def test_a_legal_form_before_a_particle_and_a_verb_is_no_kana_name():
    from pipeline.entities.orgs import find_orgs

    assert find_orgs("NPO法人でつくる会を設立した。") == []
    assert find_orgs("社会福祉法人がつくる会に参加した。") == []


def test_a_counter_torn_from_its_number_by_a_space_is_still_no_name():
    from pipeline.entities.orgs import find_orgs

    assert [o.text for o in find_orgs("令和6年12 月山形県商工会連合会の総会")] == ["山形県商工会連合会"]


def test_an_old_municipality_before_a_phone_number_is_no_address():
    from pipeline.entities.addresses import find_addresses

    got = find_addresses("〒400-1113 山梨県中巨摩郡敷島町 電話 055-277-3520")
    assert [a.attrs["city"] for a in got] == [None]  # the postal code alone


def test_a_reading_in_brackets_vouches_for_a_given_name_unidic_reads_as_a_word(run):
    # 福王 is a name to UniDic, 聖樹 a common noun; the two-part reading makes them one name
    p = people(run("西部図書館館長 福王 聖樹(ふくおう きよき)\n"))
    assert p["福王聖樹"]["title"] == "館長" and p["福王聖樹"]["org_name"] == "西部図書館"
    assert people(run("福王聖樹（ふくおう・きよき）館長"))["福王聖樹"]["title"] == "館長"


def test_a_one_character_suffix_written_twice_before_the_heads_title(run):
    # 公民館|館長: MeCab cuts 館|館|長 and the organisation ends before the title's 館
    t = run("北部公民館館長の挨拶がありました。")
    assert "北部公民館" in labelled(t, "ORG")
    assert "北部公民館館" not in labelled(t, "ORG")


def test_a_post_someone_is_elected_to_before_their_name(run):
    # 会長に山田太郎: the report of an election names the post, に, then the person
    p = people(run("総会では、理事長に片桐雄一郎、常務理事に宮下奈緒が選ばれました。"))
    assert p["片桐雄一郎"]["title"] == "理事長" and p["宮下奈緒"]["title"] == "常務理事"


def test_a_byline_after_a_heading_on_its_line_keeps_its_fields_and_its_post(run):
    # heading, the post with its body, the name: UniDic knows neither 鶴巻 nor 晴嵐 as a name
    t = run("1. 2007年年頭所感 地域連携学会会長 鶴巻晴嵐(東北大学)\n")
    p = people(t)
    assert p["鶴巻晴嵐"]["title"] == "会長" and p["鶴巻晴嵐"]["org_name"] == "地域連携学会"
    assert "2007年年頭所感地域連携学会" not in labelled(t, "ORG")


def test_a_post_with_its_prefix_before_a_name_with_the_writers_body_in_brackets(run):
    p = people(run("2. 2006年を回顧  地域連携学会前会長 大沼英樹(山形大学)\n"))
    assert p["大沼英樹"]["title"] == "前会長" and p["大沼英樹"]["org_name"] == "地域連携学会"


def test_a_name_wrapped_inside_its_bracket_is_joined(run):
    # a mail newsletter wraps its lines at a fixed width, inside the writer's bracket
    t = run("3.第三回大会報告(宮城工業大学 谷口 \n  正和 先生)\n4.講演報告(東北大学 \n  鶴巻晴嵐 先生)\n")
    p = people(t)
    assert p["谷口正和"]["org_name"] == "宮城工業大学" and p["鶴巻晴嵐"]["org_name"] == "東北大学"


def test_a_post_the_model_read_into_the_organisation_is_left_out(run):
    t = run("日本商工会議所副会頭の片岡秀一氏が挨拶した。")
    assert "日本商工会議所" in labelled(t, "ORG") and "日本商工会議所副会頭" not in labelled(t, "ORG")
    assert people(t)["片岡秀一"]["title"] == "副会頭"


def test_a_schools_staff_list_gives_posts_with_a_note_in_brackets_after_the_name(run):
    t = run("◇転入\n教頭　西川　和也（市立第三中学校より）\n養護教諭　森　早苗（新任）\n")
    p = people(t)
    assert p["西川和也"]["title"] == "教頭" and p["森早苗"]["title"] == "養護教諭"


def test_a_contact_label_before_its_section_and_person(run):
    p = people(run("お問い合わせ 生涯学習課 担当 大野\n"))
    assert p["大野"]["title"] == "担当" and p["大野"]["org_name"] == "生涯学習課"


def test_a_given_names_last_kanji_unidic_reads_as_a_word_of_its_own(run):
    # 垂水|廣|海|さん, 中原|恵|人: the name goes on to the honorific or to its line's end
    p = people(run("自治会長の垂水廣海さんに感謝します。\n監査の青野秀子さん\n"))
    assert p["垂水廣海"]["title"] == "自治会長" and p["青野秀子"]["title"] == "監査"
    assert "中原恵人" in people(run("よろしくお願いします。\n中原恵人\n"))


def test_a_clubs_minutes_give_posts_with_their_prefixes_and_both_kun_stays_outside(run):
    t = run("告別式には真鍋直前会長と黄金井陽介副幹事が出席した。\n担当は二宮、高山両君です。\n")
    p = people(t)
    assert p["真鍋"]["title"] == "直前会長" and p["黄金井陽介"]["title"] == "副幹事"
    assert "高山" in p and "高山両" not in p


def test_a_speakers_line_with_a_note_on_the_post_and_an_honorific_after_a_space(run):
    t = run("  東北テクノ館 計測技術グループ グループ長(主任研究員) 浅野 勝也 氏\n")
    p = people(t)
    assert p["浅野勝也"]["title"] == "グループ長"


def test_a_family_name_unidic_does_not_know_after_a_post_and_before_an_honorific(run):
    # 入|月 reads as two words; the post, the space and 氏 vouch for the name
    p = people(run("  宮城県産業技術総合センター 情報技術グループ長 入月康晴氏\n"))
    assert p["入月康晴"]["title"] == "グループ長"


def test_a_company_the_model_took_for_a_person_is_no_person(run):
    t = run("ミナロの緑川さんの計画、ペッカー精工の小泉さんの「下克上ファンド」には驚きました。")
    assert "ペッカー精工" not in people(t) and "小泉" in people(t)
