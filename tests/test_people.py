"""People with job titles, honorifics, organisations and labels; later mentions; one row per
person."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import seed_repaired

import pipeline.entities.people as people
from pipeline.document.spans import PERSON, Span
from pipeline.entities.people import find_people, people_rows

# (text, [(name, family, given, title, org_text)])
CASES = [
    ("産学官連携推進室 室長 千葉 康典", [("千葉康典", "千葉", "康典", "室長", "産学官連携推進室")]),
    (
        "中小企業基盤整備機構東北支部\n地域経済活性化推進役 徳能 邦幸",
        [("徳能邦幸", "徳能", "邦幸", "地域経済活性化推進役", "中小企業基盤整備機構東北支部")],
    ),
    (
        "経済産業省産業支援課長の山田太郎氏は述べた。",
        [("山田太郎", "山田", "太郎", "課長", "経済産業省産業支援課")],
    ),
    ("社長の鈴木一郎氏が出席した。", [("鈴木一郎", "鈴木", "一郎", "社長", None)]),
    ("鈴木一郎社長が出席した。", [("鈴木一郎", "鈴木", "一郎", "社長", None)]),
    ("佐藤さんが来た。", [("佐藤", "佐藤", None, None, None)]),
    ("千葉県で開催した。", []),  # a place, no title or honorific
    ("東北地域 MOT シンポジウム (平成 17 年1月 25 日 盛岡市)", []),
]


# The shapes of real newsletters, on sentences written for these tests.
SHAPES = [
    # Lists of titles and names.
    (
        "会長 西村健二、副会長 田村恵子、監事 小松崎 亮",
        [
            ("西村健二", "西村", "健二", "会長", None),
            ("田村恵子", "田村", "恵子", "副会長", None),
            ("小松崎亮", "小松崎", "亮", "監事", None),
        ],
    ),
    (
        "審査委員長 森田浩之、事務局長 石川真理",
        [("森田浩之", "森田", "浩之", "審査委員長", None), ("石川真理", "石川", "真理", "事務局長", None)],
    ),
    (
        "委員 山田太郎、鈴木花子",  # the list vouches for the second name
        [("山田太郎", "山田", "太郎", "委員", None), ("鈴木花子", "鈴木", "花子", None, None)],
    ),
    # An organisation, then the name (a title field between, or none).
    ("東北大学 佐々木健一", [("佐々木健一", "佐々木", "健一", None, "東北大学")]),
    (
        "仙台市OB会 会長 菊地 章夫、幹事 大友 聡",
        [("菊地章夫", "菊地", "章夫", "会長", "仙台市OB会"), ("大友聡", "大友", "聡", "幹事", None)],
    ),
    ("NPO法人みやぎ 理事長 阿部 弘", [("阿部弘", "阿部", "弘", "理事長", "NPO法人みやぎ")]),
    (
        "（株）東北テクノ 代表取締役 佐藤 一郎",
        [("佐藤一郎", "佐藤", "一郎", "代表取締役", "（株）東北テクノ")],
    ),
    (
        "東北大学 多元物質科学研究所 教授 山田 太郎",  # a unit's parents, field by field
        [("山田太郎", "山田", "太郎", "教授", "東北大学多元物質科学研究所")],
    ),
    ("NPO法人せんだい 理事長・山田太郎", [("山田太郎", "山田", "太郎", "理事長", "NPO法人せんだい")]),
    ("山田太郎・東北大学教授が講演した。", [("山田太郎", "山田", "太郎", "教授", "東北大学")]),
    ("山田 太郎 氏（東北大学教授）", [("山田太郎", "山田", "太郎", "教授", "東北大学")]),
    ("鈴木商事社長の山田太郎氏", [("山田太郎", "山田", "太郎", "社長", "鈴木商事")]),
    # A name, then its title.
    ("高橋誠一郎学長は挨拶で述べた。", [("高橋誠一郎", "高橋", "誠一郎", "学長", None)]),
    (
        "東北経済産業局の小野寺和彦局長が説明した。",
        [("小野寺和彦", "小野寺", "和彦", "局長", "東北経済産業局")],
    ),
    ("トヨタ自動車の豊田章男社長", [("豊田章男", "豊田", "章男", "社長", "トヨタ自動車")]),
    (
        "竹下登元首相と山田太郎前会長",
        [("竹下登", "竹下", "登", "元首相", None), ("山田太郎", "山田", "太郎", "前会長", None)],
    ),
    (
        "山田太郎（東北大学大学院工学研究科教授）",
        [("山田太郎", "山田", "太郎", "教授", "東北大学大学院工学研究科")],
    ),
    # Name, organisation and title with nothing between.
    (
        "森本健司岩手県建設業協会会長、伊藤裕太岩手県知事が出席した。",
        [
            ("森本健司", "森本", "健司", "会長", "岩手県建設業協会"),
            ("伊藤裕太", "伊藤", "裕太", "知事", "岩手県"),
        ],
    ),
    ("山田太郎東北大学教授", [("山田太郎", "山田", "太郎", "教授", "東北大学")]),
    # A unit's head: the unit ends the organisation.
    ("総務課長 長谷川 聡", [("長谷川聡", "長谷川", "聡", "課長", "総務課")]),
    (
        "来賓として、東北経済産業局 地域経済部長 村上義久が出席した。",  # the parent before the unit
        [("村上義久", "村上", "義久", "部長", "東北経済産業局地域経済部")],
    ),
    ("新潟大学 工学部長 山田太郎", [("山田太郎", "山田", "太郎", "部長", "新潟大学工学部")]),
    (
        "大会長 小濱一弘、学会長 大石博海",  # a title word inside a token: the token's start
        [("小濱一弘", "小濱", "一弘", "大会長", None), ("大石博海", "大石", "博海", "学会長", None)],
    ),
    # Letter-spaced and line-wrapped names.
    ("太白区長 高 橋 一 郎", [("高橋一郎", "高橋", "一郎", "区長", "太白区")]),
    ("会長の山田太\n郎氏は", [("山田太郎", "山田", "太郎", "会長", None)]),
    (
        "部長 鈴木\n一郎、課長 佐藤\n花子",
        [("鈴木一郎", "鈴木", "一郎", "部長", None), ("佐藤花子", "佐藤", "花子", "課長", None)],
    ),
    # Foreign names in katakana.
    ("アンケナー博士が来日した。", [("アンケナー", "アンケナー", None, "博士", None)]),
    (
        "マリア・シュミット総領事が来訪した。",
        [("マリア・シュミット", "シュミット", "マリア", "総領事", None)],
    ),
    (
        "ジャン＝ピエール・ルノー氏が講演した。",
        [("ジャン＝ピエール・ルノー", "ルノー", "ジャン＝ピエール", None, None)],
    ),
    # Honorifics stay outside the name.
    (
        "中村俊介氏、小川さん、木下先生、健太君、大野様",
        [
            ("中村俊介", "中村", "俊介", None, None),
            ("小川", "小川", None, None, None),
            ("木下", "木下", None, None, None),
            ("健太", None, "健太", None, None),
            ("大野", "大野", None, None, None),
        ],
    ),
    ("佐藤一氏が出席した。", [("佐藤一", "佐藤", "一", None, None)]),  # MeCab reads 一氏 as a given name
    # Labels and organisations do not leak into the title.
    (
        "講師：秋田県立大学システム科学技術学部教授 工藤洋平",
        [("工藤洋平", "工藤", "洋平", "教授", "秋田県立大学システム科学技術学部")],
    ),
    ("発表者：岩手大学工学部准教授 菅野 剛", [("菅野剛", "菅野", "剛", "准教授", "岩手大学工学部")]),
    (
        "実行委員長 渡辺\n健太、副委員長 石田 浩",
        [("渡辺健太", "渡辺", "健太", "実行委員長", None), ("石田浩", "石田", "浩", "副委員長", None)],
    ),
    ("平成17年度 会長 山田 太郎", [("山田太郎", "山田", "太郎", "会長", None)]),  # a date is no organisation
    # A given name MeCab cuts at a kanji numeral and a title it cuts in two (渡辺|正|三|局|長,
    # 岡田|健|一部|長, 佐藤|亮|三郎|部|長): the name goes on over the numeral, the title is read on
    # the text.
    ("北陸農政局の渡辺正三局長が挨拶した。", [("渡辺正三", "渡辺", "正三", "局長", "北陸農政局")]),
    ("関東財務局の岡田健一部長が述べた。", [("岡田健一", "岡田", "健一", "部長", "関東財務局")]),
    (
        "藤田哲二局長と前田健三課長が出席した。",
        [("藤田哲二", "藤田", "哲二", "局長", None), ("前田健三", "前田", "健三", "課長", None)],
    ),
    ("佐藤亮三郎部長が出席した。", [("佐藤亮三郎", "佐藤", "亮三郎", "部長", None)]),
    ("山崎秀二部長代理が来た。", [("山崎秀二", "山崎", "秀二", "部長代理", None)]),
    ("千葉崇二氏が述べた。", [("千葉崇二", "千葉", "崇二", None, None)]),
    ("鈴木健一副局長が来た。", [("鈴木健一", "鈴木", "健一", "副局長", None)]),
    ("山田太郎前部長が来た。", [("山田太郎", "山田", "太郎", "前部長", None)]),  # 前部 is no unit
    # A programme: the organisation field starts after a quoted title.
    (
        "13:00 開会挨拶 会長 山田 太郎\n13:10 基調講演「地域と大学」東北大学 教授 鈴木 花子\n"
        "14:00 事例発表 株式会社みちのく 代表取締役 佐藤一郎 氏\n15:00 閉会",
        [
            ("山田太郎", "山田", "太郎", "会長", None),
            ("鈴木花子", "鈴木", "花子", "教授", "東北大学"),
            ("佐藤一郎", "佐藤", "一郎", "代表取締役", "株式会社みちのく"),
        ],
    ),
    # A member list: name (with an honorific), organisation and post, each after a space;
    # the line above a name is no title line when it is a person's own entry.
    (
        "佐々木 一郎氏 株式会社みやぎ精工 常務取締役\n菊地  東北メディカル株式会社 監査役",
        [
            ("佐々木一郎", "佐々木", "一郎", "常務取締役", "株式会社みやぎ精工"),
            ("菊地", "菊地", None, "監査役", "東北メディカル株式会社"),
        ],
    ),
    # A society named in kanji before its officer's title, in a run or on the line above.
    (
        "次号から編集長を高橋健一青葉会副会長にお願いした。",
        [("高橋健一", "高橋", "健一", "副会長", "青葉会")],
    ),
    ("青葉会 会長\n高橋 健一\n", [("高橋健一", "高橋", "健一", "会長", "青葉会")]),
    # An item's number is no part of the organisation; a body with its officer in brackets.
    ("②総務課 主査 久保 真理子", [("久保真理子", "久保", "真理子", "主査", "総務課")]),
    (
        "緑ヶ丘町内会(小山田一郎会長)が会報を出した。",
        [("小山田一郎", "小山田", "一郎", "会長", "緑ヶ丘町内会")],
    ),
    # The organisation and post on the line above, a blank line between, or written together.
    (
        "青葉大学工学研究所 所長\n\n大江 隆司\n\nこの度就任した。",
        [("大江隆司", "大江", "隆司", "所長", "青葉大学工学研究所")],
    ),
    ("海洋研究所所長\n大江 隆司 [Takashi Oe]", [("大江隆司", "大江", "隆司", "所長", "海洋研究所")]),
    # Prose before a unit's title names no unit; an event is no organisation.
    ("新しく着任したセンター長\n山田 太郎\n", []),  # (the model finds the name; no post)
    ("昨年度総会 会長 山田 太郎\n", [("山田太郎", "山田", "太郎", "会長", None)]),
    # A greeting's signature: organisation, post and name on lines of their own, the name
    # one UniDic does not know.
    (
        "みどり中央病院\n病院長\n榎野 新\n当院の体制が変わりました。",
        [("榎野新", "榎野", "新", "病院長", "みどり中央病院")],
    ),
    ("第一章\n山田 太郎\n", []),  # a heading above a name is no post
    ("事務局長\n\n日時 場所\n", []),  # words under a post are no name
    ("理事長あいさつ 創立 十周年\n", []),
    # A unit's head written with the unit's name: the unit is the organisation.
    ("K-LABセンター長\n山川 浩二\n", [("山川浩二", "山川", "浩二", "センター長", "K-LABセンター")]),
    # A given name UniDic cuts before 郎 (寛一|郎) is whole before its title.
    ("青葉大学の佐藤寛一郎名誉教授が講演した。", [("佐藤寛一郎", "佐藤", "寛一郎", "名誉教授", "青葉大学")]),
    # Minutes: the post, then the name in brackets; a half-width comma between entries.
    (
        "出席者 副市長(村井健太),財務部長(小沢和也)",
        [("村井健太", "村井", "健太", "副市長", None), ("小沢和也", "小沢", "和也", "部長", "財務部")],
    ),
    ("〇議長(松本一郎君) 会議を開きます。", [("松本一郎", "松本", "一郎", "議長", None)]),
    # A hall's director: the facility is the organisation (not プラザ館).
    (
        "講師は、青葉NPOプラザ館長の大森朝子が務めた。",
        [("大森朝子", "大森", "朝子", "館長", "青葉NPOプラザ")],
    ),
    # A body known by its acronym before the post (PTA, in the organisation gazetteer).
    ("\nPTA会長 石川 真一\n", [("石川真一", "石川", "真一", "会長", "PTA")]),
    # A family name UniDic knows as a place, after a title and closing the credit line; a
    # municipality there is no person.
    ("（文責：編集委員 木下）", [("木下", "木下", None, "編集委員", None)]),
    # A family name UniDic does not know (read as a common noun), before a given name it
    # knows and a title or an honorific.
    ("後任には﨏田淳一町長が就いた。", [("﨏田淳一", "﨏田", "淳一", "町長", None)]),
    ("講師は髙嶌美菜子先生です。", [("髙嶌美菜子", "髙嶌", "美菜子", None, None)]),
    # … but a word UniDic knows there is no family name (長女), and a post before a lone
    # given name leaves it the given name.
    ("長女花子さんが結婚した。", [("花子", None, "花子", None, None)]),
    ("副会長誠一氏が挨拶した。", [("誠一", None, "誠一", "副会長", None)]),
    # A greeting's heading names its writer's post.
    ("会長挨拶 高橋 一郎\n", [("高橋一郎", "高橋", "一郎", "会長", None)]),
    # A post after a single name: the name is the family name, whatever UniDic reads it as.
    ("久元市長は会見で述べた。", [("久元", "久元", None, "市長", None)]),
    # A byline's honorific stays outside the name; a body after a label is no name.
    ("\n 理事長  中 明夫さん\n", [("中明夫", "中", "明夫", "理事長", None)]),
    # A family name UniDic knows as a place, with a person's honorific.
    ("同窓会から有田先生などを派遣した。", [("有田", "有田", None, None, None)]),
]

# Known false negatives and things that must not be people.
NOT_PEOPLE = [
    "支店長 仙台\n",  # a municipality after a title
    "担当理事 北海道\n",  # a prefecture after a title
    "講師 高知大学\n",  # a body after a title
    "事務局長 関東\n",  # a region
    "会長 挨拶",  # a title, then a common noun
    "山田は笑った。",  # a name with no evidence: the statistical model's business
    "大石博海",
    "東北大学の山田太郎",  # an organisation and の are not enough
    "ソフトウェア・センター所長が説明した。",  # katakana joined by ・ that ends as an organisation
    "大会長挨拶の後、閉会した。",
    "部長 仙台、盛岡",
    "プロジェクト・マネージャー",
    "ミス・ワールド・ジャパン代表",  # a contest's representative
    "鱒井戸潤さん",  # a lone kanji glued before the name: a longer name MeCab misread
    "王様が来た。",  # a word before an honorific (people_not_names.txt)
    "奥さんが来た。",
    # A numeral that belongs to no name, a family name before a real bureau.
    "第二局長が出席した。",
    "中村健二丁目の公園",  # 中村|健|二|丁目: no title or honorific after the numeral
    "鈴木健一課の担当者",
    "佐藤局の窓口で切手を買った。",  # 佐藤局, a post office
]


def _rows(spans):
    return [
        (s.value, s.attrs["family_name"], s.attrs["given_name"], s.attrs["title"], s.attrs["org_text"])
        for s in spans
    ]


@pytest.mark.parametrize("text,expected", CASES)
def test_people(text, expected):
    assert _rows(find_people(text)) == expected


def test_seed_bylines():
    text = seed_repaired()
    spans = find_people(text)
    assert _rows(spans) == [
        ("千葉康典", "千葉", "康典", "室長", "産学官連携推進室"),
        ("徳能邦幸", "徳能", "邦幸", "地域経済活性化推進役", "中小企業基盤整備機構東北支部"),
    ]
    assert all(text[s.start : s.end] == s.text and s.label == "PERSON" for s in spans)
    assert [s.text for s in spans] == ["千葉 康典", "徳能 邦幸"]  # the name as written


def test_rare_given_name():
    # MeCab tags 柊 as a family name; a family name then a name before an honorific is one name.
    assert _rows(find_people("部長の田中 柊氏"))[0][:3] == ("田中柊", "田中", "柊")


@pytest.mark.parametrize("text,expected", SHAPES)
def test_shapes(text, expected):
    spans = find_people(text)
    assert _rows(spans) == expected
    for sp in spans:
        assert sp.label == PERSON and text[sp.start : sp.end] == sp.text
        assert "".join(sp.text.split()) == sp.value == sp.attrs["name"]


@pytest.mark.parametrize("text", NOT_PEOPLE)
def test_not_people(text):
    assert find_people(text) == []


def test_org_offsets():
    """The caller cuts the organisation by its offsets: the org finder reads
    森本健司岩手県建設業協会 as one name, the person is only 森本健司."""
    text = "森本健司岩手県建設業協会会長、伊藤裕太岩手県知事が出席した。"
    a, b = find_people(text)
    assert (a.start, a.end, a.text) == (0, 4, "森本健司")
    assert text[a.attrs["org_start"] : a.attrs["org_end"]] == a.attrs["org_text"] == "岩手県建設業協会"
    assert text[b.attrs["org_start"] : b.attrs["org_end"]] == "岩手県"
    byline = find_people("仙台市OB会 会長 菊地 章夫")[0]
    assert (byline.attrs["org_start"], byline.attrs["org_end"]) == (0, 6)


def test_spans_cover_the_name_as_written():
    text = "太白区長 高 橋 一 郎"
    (sp,) = find_people(text)
    assert sp.text == "高 橋 一 郎" and sp.value == "高橋一郎"
    (sp,) = find_people("部長 鈴木\n一郎")
    assert sp.text == "鈴木\n一郎" and sp.value == "鈴木一郎"


def test_split_given_name_spans():
    """The span covers the numeral MeCab cut off, the honorific and the title stay outside."""
    text = "東北整備局の藤田哲二局長は、藤田局長として挨拶した。"
    spans = find_people(text)
    assert [(s.text, s.start, s.end, s.attrs["person_key"]) for s in spans] == [
        ("藤田哲二", 6, 10, "藤田哲二"),
        ("藤田", 14, 16, "藤田哲二"),
    ]
    assert text[spans[0].attrs["org_start"] : spans[0].attrs["org_end"]] == "東北整備局"
    (sp,) = find_people("千葉崇二氏が述べた。")
    assert (sp.text, sp.attrs["honorific"]) == ("千葉崇二", "氏")


@pytest.mark.parametrize(
    "text,name,honorific",
    [
        ("田中誠一氏は語った。", "田中誠一", "氏"),
        ("佐藤一氏が出席した。", "佐藤一", "氏"),
        ("小川さんに聞いた。", "小川", "さん"),
        ("木下先生の授業", "木下", "先生"),
        ("健太君が来た。", "健太", "君"),
        ("大野様宛て", "大野", "様"),
        ("村田殿", "村田", "殿"),
    ],
)
def test_honorific_outside_the_name(text, name, honorific):
    (sp,) = find_people(text)
    assert sp.text == sp.value == name
    assert sp.attrs["honorific"] == honorific
    assert not (sp.attrs["given_name"] or "").endswith(honorific)


@pytest.mark.parametrize(
    "text,role,title",
    [
        ("講師：秋田県立大学システム科学技術学部教授 工藤洋平", "講師", "教授"),
        ("発表者：岩手大学工学部准教授 菅野 剛", "発表者", "准教授"),
        ("講師：東北大学 教授 山田 太郎", "講師", "教授"),
        ("司会：佐藤健一", "司会", None),
        ("講師：山田太郎", "講師", "講師"),
        ("編集後記　文責：広報委員会 委員長 田中 誠", "文責", "委員長"),
    ],
)
def test_labels_are_roles(text, role, title):
    (sp,) = find_people(text)
    assert (sp.attrs["role"], sp.attrs["title"]) == (role, title)


def test_label_carries_over_a_list():
    spans = find_people("講師：山田太郎、鈴木花子")
    assert [(s.value, s.attrs["role"]) for s in spans] == [("山田太郎", "講師"), ("鈴木花子", "講師")]


def test_family_name_mentions():
    text = (
        "東北大学の吉田浩二教授が講演した。吉田教授は研究を紹介した。"
        "最後に吉田は質問に答えた。吉田氏によれば、吉田家は代々医師である。"
    )
    spans = find_people(text)
    assert [(s.text, s.attrs["person_key"]) for s in spans] == [
        ("吉田浩二", "吉田浩二"),
        ("吉田", "吉田浩二"),
        ("吉田", "吉田浩二"),
        ("吉田", "吉田浩二"),
    ]
    assert spans[2].rule == "mention" and spans[2].attrs["given_name"] is None
    assert spans[3].attrs["honorific"] == "氏"
    # 吉田家 is not a mention of the person (the last 吉田 of the text).
    assert text.rindex("吉田") not in [s.start for s in spans]


def test_mentions_need_one_earlier_full_name():
    # Before the full name, and with two full names sharing the family name, 山田 stays alone.
    assert [s.attrs["person_key"] for s in find_people("山田氏は、会長の山田太郎氏と話した。")] == [
        None,
        "山田太郎",
    ]
    spans = find_people("会長の山田太郎氏と部長の山田花子氏が来た。山田氏は述べた。")
    assert [s.attrs["person_key"] for s in spans] == ["山田太郎", "山田花子", None]
    # A full name again, with no evidence of its own, is a mention too.
    spans = find_people("会長の山田太郎氏が来た。山田太郎は述べた。")
    assert [(s.rule, s.attrs["person_key"]) for s in spans] == [
        ("title_name", "山田太郎"),
        ("mention", "山田太郎"),
    ]


def test_people_rows():
    text = "会長の山田太郎氏と鈴木花子教授が来た。山田は述べた。鈴木教授も述べた。山田太郎は笑った。"
    spans = find_people(text)
    rows = people_rows(spans)
    assert [
        (r["person_key"], r["name"], r["family_name"], r["given_name"], r["title"], r["n_mentions"])
        for r in rows
    ] == [
        ("山田太郎", "山田太郎", "山田", "太郎", "会長", 3),
        ("鈴木花子", "鈴木花子", "鈴木", "花子", "教授", 2),
    ]
    assert sum(len(r["span_indexes"]) for r in rows) == len(spans)
    assert all(spans[i].text.startswith(r["family_name"]) for r in rows for i in r["span_indexes"])


def _span(s, name, family, given, title=None, org=None, key=None):
    attrs = {"name": name, "family_name": family, "given_name": given, "title": title, "org_text": org}
    if key:
        attrs["person_key"] = key
    return Span(s, s + len(name), PERSON, name, name, "test", attrs)


def test_people_rows_grouping():
    spans = [
        _span(30, "佐藤", "佐藤", None),  # joins 佐藤一郎, the one earlier 佐藤
        _span(0, "佐藤 一郎", "佐藤", "一郎", "課長"),  # spaces are not part of the key
        _span(10, "田中", "田中", None, None, "東北大学"),  # before any full name: its own row
        _span(20, "田中誠", "田中", "誠", "教授"),
        _span(35, "田中", "田中", None, None, "宮城大学"),  # joins 田中誠
        _span(36, "田中実", "田中", "実"),
        _span(45, "田中", "田中", None),  # 田中誠 or 田中実: joins the 田中 row
        _span(50, "ルノー", "ルノー", None, key="ジャン＝ピエール・ルノー"),
    ]
    rows = {r["person_key"]: r for r in people_rows(spans)}
    assert list(rows) == ["佐藤一郎", "田中", "田中誠", "田中実", "ジャン＝ピエール・ルノー"]
    assert rows["佐藤一郎"]["span_indexes"] == [1, 0] and rows["佐藤一郎"]["title"] == "課長"
    assert rows["田中"]["span_indexes"] == [2, 6] and rows["田中"]["org_text"] == "東北大学"
    assert rows["田中誠"]["span_indexes"] == [3, 4] and rows["田中誠"]["org_text"] == "宮城大学"
    assert rows["田中誠"]["n_mentions"] == 2 and rows["田中誠"]["title"] == "教授"
    assert rows["ジャン＝ピエール・ルノー"]["family_name"] == "ルノー"
    assert people_rows([]) == []


def test_no_evidence_no_organisation_lookups(monkeypatch):
    """Running prose with names but no title, honorific or label never asks the org finder."""

    def boom(*args, **kwargs):
        raise AssertionError("find_orgs called")

    monkeypatch.setattr(people.fields, "find_orgs", boom)
    monkeypatch.setattr(people.layouts, "find_orgs", boom)
    text = "山田は笑った。翌朝、鈴木と佐藤は駅へ向かい、田中の家で昼食をとった。" * 50
    assert find_people(text) == []


def test_imports():
    """people may use orgs; never entities, linking or the ner package (they use people)."""
    names = set()
    for path in Path(people.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert "pipeline.entities.orgs" in names  # the walk saw the package's modules
    assert not {
        m
        for m in names
        if m.startswith(("pipeline.entities.finder", "pipeline.entities.linking", "pipeline.entities.ner"))
    }


# ---------------------------------------------------------------- club and alumni bulletins
@pytest.mark.parametrize(
    "text, name, title",
    [
        ("本日は大島美智子ガバナーをお迎えしました。", "大島美智子", "ガバナー"),  # 美智|子 in UniDic
        ("会計の報告は川村佳子会計から。", "川村佳子", "会計"),
    ],
)
def test_a_given_name_ending_in_ko_is_whole(text, name, title):
    (p,) = [sp for sp in find_people(text) if sp.attrs["title"] == title]
    assert (p.text, p.attrs["title"]) == (name, title)


def test_a_ko_after_a_given_name_joins_it_only_when_written_against_it():
    assert [sp.text for sp in find_people("山田太郎 子ども会の会長")] == []


@pytest.mark.parametrize(
    "line, title",
    [("総務担当 松浦 和彦", "総務担当"), ("広報IT補佐 川島 雄一", "広報IT補佐"), ("会計 戸田 恵一", "会計")],
)
def test_a_roster_line_of_duties(line, title):
    (p,) = find_people(line)
    assert (p.attrs["name"], p.attrs["title"]) == (line.split(" ", 1)[1].replace(" ", ""), title)


@pytest.mark.parametrize(
    "text, name", [("北村英雄所長が挨拶した。", "北村英雄"), ("村井宏美さんが受賞した。", "村井宏美")]
)
def test_a_given_name_split_after_its_first_character_is_whole(text, name):
    assert name in [sp.text for sp in find_people(text)]


@pytest.mark.parametrize(
    "text, title, org",
    [
        ("沢口修東北センター所長が着任した。", "所長", "東北センター"),  # the org named in full, then 所長
        ("東北支援センター所長の沢口修", "所長", "東北支援センター"),
        ("研究所長 沢口 修", "所長", "研究所"),  # the unit with the title less 長
        ("産業振興課長の沢口修", "課長", "産業振興課"),
    ],
)
def test_a_units_head_title_and_its_organisation(text, title, org):
    (p,) = find_people(text)
    assert (p.attrs["title"], p.attrs["org_text"]) == (title, org)


def test_a_family_name_alone_joins_the_full_name_the_model_found_earlier():
    from pipeline import process_text

    text = "本日、大館孝則校長先生の後任として着任しました。大館前校長先生の築かれたものを大切にします。"
    table = process_text(text)["people"]
    assert table["name"].tolist() == ["大館孝則"]
    assert (table["family_name"].tolist(), table["n_mentions"].tolist()) == (["大館"], [2])


def test_a_title_before_the_unit_is_not_part_of_the_organisation():
    (p,) = find_people("常務取締役営業部長の青木一郎は次のように述べた。")
    assert (p.attrs["title"], p.attrs["org_text"]) == ("部長", "営業部")


def test_a_bulleted_role_label_is_no_organisation_on_a_byline():
    (p,) = find_people("答弁者● 市長 藤田 正和")
    assert (p.attrs["name"], p.attrs["title"], p.attrs["org_text"]) == ("藤田正和", "市長", None)


def test_a_verbal_noun_after_a_dot_is_no_part_of_a_name():
    from pipeline.entities.finder import find_entities

    spans = find_entities("２００１年にロンドン・デビューを果たし、ジョン・カーペンターと共演した。").spans
    people = [sp.text for sp in spans if sp.label == PERSON]
    assert "ロンドン・デビュー" not in people and "ジョン・カーペンター" in people


@pytest.mark.parametrize(
    "text, name, given",
    [
        ("委員 小林 ちひろ(副会長)、森 健二", "小林ちひろ", "ちひろ"),  # a given name in kana
        ("講師 大西 あゆみ", "大西あゆみ", "あゆみ"),
    ],
)
def test_a_given_name_in_kana_after_a_space(text, name, given):
    from pipeline.stages.spacing import repair_spacing

    people = {p.attrs["name"]: p for p in find_people(repair_spacing(text).text)}
    assert people[name].attrs["given_name"] == given


def test_a_reading_in_brackets_between_the_name_and_the_honorific():
    (p,) = find_people("中条 和彦(なかじょう かずひこ)先生")
    assert (p.attrs["name"], p.attrs["honorific"]) == ("中条和彦", "先生")


def test_an_organisation_and_title_on_the_line_above_a_name_line():
    text = "みやぎ環境研究所 主任研究員\n大崎 真理子 先生\n今回は干潟の話を伺いました。"
    (p,) = find_people(text)
    assert (p.attrs["name"], p.attrs["title"], p.attrs["org_text"]) == (
        "大崎真理子",
        "主任研究員",
        "みやぎ環境研究所",
    )


def test_a_line_above_that_is_prose_gives_no_title():
    (p,) = find_people("今日は晴れて暑かった 所長\n大崎 真理子さん")
    assert p.attrs["title"] is None


def test_a_personnel_notice_gives_the_new_post_not_the_former_one():
    (p,) = find_people("◇企画部長 今井 達也(前広報課長)")
    assert (p.attrs["title"], p.attrs["org_text"]) == ("部長", "企画部")


def test_a_former_post_names_no_organisation():
    (p,) = find_people("退任 前支店長 井上 和夫")
    assert (p.attrs["title"], p.attrs["org_text"]) == ("支店長", None)


def test_a_family_name_alone_before_the_full_name_joins_it():
    spans = [
        Span(
            0, 2, PERSON, "西田", "西田", attrs={"family_name": "西田", "given_name": None, "title": "教授"}
        ),
        Span(20, 24, PERSON, "西田克己", "西田克己", attrs={"family_name": "西田", "given_name": "克己"}),
    ]
    (row,) = people_rows(spans)
    assert (row["name"], row["n_mentions"]) == ("西田克己", 2)


@pytest.mark.parametrize(
    "text, name, title, org",
    [
        ("研究者のPeter J. Brown氏が来日した。", "Peter J. Brown", None, None),  # the whole name, not Brown
        ("Dr. Anna Weber(ミュンヘン工科大学教授)が講演した。", "Anna Weber", "教授", "ミュンヘン工科大学"),
        ("Prof. Kenji Morita", "Kenji Morita", "Prof.", None),
    ],
)
def test_a_name_in_latin_letters_with_its_evidence(text, name, title, org):
    (p,) = find_people(text)
    assert (p.attrs["name"], p.attrs["title"], p.attrs["org_text"]) == (name, title, org)


@pytest.mark.parametrize("text", ["Tokyo Station に集合", "New York Times によれば", "Windows Update を実行"])
def test_capitalised_words_without_evidence_are_no_people(text):
    assert find_people(text) == []


def test_a_roster_entry_whose_family_name_reads_as_a_place():
    from pipeline import process_text

    people = process_text("事務局 吉岡 稔(教育長)、増田 和彦(生涯学習課長)")["people"]
    assert people["name"].tolist() == ["吉岡稔", "増田和彦"]
    assert people["title"].tolist() == ["教育長", "課長"]


def test_an_organisation_and_its_unit_in_brackets_is_no_roster_entry():
    assert find_people("東北 支部(部長)") == []


def test_two_posts_on_one_line_each_with_its_name():
    from pipeline import process_text

    people = process_text("議長 今野 一郎  副議長 村上 ゆかり")["people"]
    assert dict(zip(people["name"], people["title"])) == {"今野一郎": "議長", "村上ゆかり": "副議長"}


@pytest.mark.parametrize(
    "text,model_span,kept",
    [
        ("菅島の灯台を訪れた。", (0, 1), False),  # a place's name: 菅|島
        ("富田林市の図書館", (0, 3), False),
        ("会場は富田林市", (3, 6), False),  # the place's ending closes the text
        ("田中市長が挨拶した。", (0, 2), True),  # 市長 is a title: the person stays
        ("リライアンス・エンターテインメントが出資した。", (0, 17), False),  # a company
        ("捕手J・ハミルトンが送球した。", (4, 9), True),
    ],
)
def test_model_names_that_are_places_or_companies_are_no_people(text, model_span, kept):
    from pipeline.entities.ner.model import Analysis
    from pipeline.text.tokens import tokenize

    s, e = model_span
    ner = Analysis([Span(s, e, PERSON, text[s:e], text[s:e], "ner_crf", {"confidence": 0.9})], {})
    got = people.merge_people(text, tokenize(text), [], ner)
    assert bool(got) == kept
    if text.startswith("捕手"):
        assert (got[0].text, got[0].attrs["family_name"], got[0].attrs["given_name"]) == (
            "J・ハミルトン",
            "ハミルトン",
            "J",
        )
