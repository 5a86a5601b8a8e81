"""Linking: abbreviations, deictic references, hierarchy, people's organisations."""

from __future__ import annotations

import pytest
from conftest import seed_repaired

from pipeline.document.spans import ORG, PERSON, Span
from pipeline.entities.linking import is_short_form, link, split_compound
from pipeline.entities.orgs import bare_name, find_orgs, find_orgs_model, org_key
from pipeline.entities.people import find_people


@pytest.fixture(scope="module")
def seed():
    text = seed_repaired()
    orgs, people = find_orgs_model(text), find_people(text)
    return text, orgs, people, link(text, orgs, people)


# Every reference on the seed page and the organisation it means.
SEED_REFERENCES = [
    ("当室", "産学官連携推進室"),  # 当室では平成14年度より…
    ("本協議会", "東北産学官連携協議会"),
    ("当室", "産学官連携推進室"),  # 当室における平成17年度の新施策
    ("当局", "東北経済産業局"),  # 当局産業クラスター計画推進室
    ("当室", "産学官連携推進室"),  # 「大学発ベンチャー型」は当室が (not the 推進室 just named)
]


def test_seed_references(seed):
    _, _, _, lk = seed
    assert [(m.text, m.name) for m in lk.mentions if m.resolution == "deictic"] == SEED_REFERENCES


def test_seed_abbreviation(seed):
    _, _, _, lk = seed
    assert lk.abbreviations == {"中小機構": "中小企業基盤整備機構"}
    abbr = [m for m in lk.mentions if m.text == "中小機構"]
    assert len(abbr) == 4
    assert {(m.resolution, m.key) for m in abbr} == {("abbreviation", org_key("中小企業基盤整備機構"))}
    assert "中小機構" in lk.orgs[org_key("中小企業基盤整備機構")].aliases


def test_seed_former_name_is_an_alias(seed):
    _, _, _, lk = seed
    m = next(m for m in lk.mentions if m.text == "東北地域産学官連携事業推進連絡協議会")
    assert (m.resolution, m.name) == ("alias", "東北産学官連携協議会")


@pytest.mark.parametrize(
    "name,chain",
    [
        ("東北経済産業局地域経済部産業支援課", ["東北経済産業局", "地域経済部", "産業支援課"]),
        ("中小企業基盤整備機構東北支部", ["中小企業基盤整備機構", "東北支部"]),
        ("産業技術総合研究所東北センター", ["産業技術総合研究所", "東北センター"]),
        # the contact block puts the office on the line under its division
        ("産学官連携推進室", ["東北経済産業局", "地域経済部", "産業支援課", "産学官連携推進室"]),
        # 当局産業クラスター計画推進室: the reference is the parent
        ("産業クラスター計画推進室", ["東北経済産業局", "産業クラスター計画推進室"]),
    ],
)
def test_seed_hierarchy(seed, name, chain):
    _, _, _, lk = seed
    assert lk.chain(org_key(name)) == chain


def test_seed_people_organisations(seed):
    _, _, _, lk = seed
    assert [p.org_name for p in lk.people] == ["産学官連携推進室", "中小企業基盤整備機構東北支部"]


def test_mentions_keep_input_order_and_offsets(seed):
    text, orgs, _, lk = seed
    assert [(m.start, m.end) for m in lk.mentions] == [(s.start, s.end) for s in orgs]


# (text, mention, resolved name, resolution)
CASES = [
    (
        "中小企業基盤整備機構（略称:中小機構）は発足した。中小機構では",
        "中小機構",
        "中小企業基盤整備機構",
        "abbreviation",
    ),
    (
        "中小企業基盤整備機構 (略称: 中小機構 ) は発足した。中小機構では",
        "中小機構",
        "中小企業基盤整備機構",
        "abbreviation",
    ),
    (
        "新エネルギー・産業技術総合開発機構（NEDO）の事業。NEDOは",
        "NEDO",
        "新エネルギー・産業技術総合開発機構",
        "abbreviation",
    ),
    ("山形県工業技術センターが開発した。同センターは", "同センター", "山形県工業技術センター", "deictic"),
    ("東北大学と東京工業大学が提携。同大学は", "同大学", "東京工業大学", "deictic"),
]


@pytest.mark.parametrize("text,mention,name,resolution", CASES)
def test_linking_cases(text, mention, name, resolution):
    orgs = find_orgs_model(text)
    got = [(m.name, m.resolution) for m in link(text, orgs).mentions if m.text == mention]
    assert got and got[-1] == (name, resolution)


def test_byline_org_wins_for_self_reference():
    text = "本室は企画室と協力する。当室の担当"
    orgs = find_orgs(text)
    lk = link(text, orgs, byline_orgs=[(0, "東北経済産業局産学官連携推進室")])
    assert [m.name for m in lk.mentions if m.text == "当室"] == ["東北経済産業局産学官連携推進室"]


@pytest.mark.parametrize(
    "name,parts",
    [
        ("東京大学工学部", ["東京大学", "工学部"]),
        ("日本放送協会", ["日本放送協会"]),
        ("東北産学官連携協議会", ["東北産学官連携協議会"]),
        # a legal form is one word of the name: never a part of its own (財団 + 法人…センター)
        ("財団法人みちのく産業センター", ["財団法人みちのく産業センター"]),
        ("財団法人みちのく産業センター東北支部", ["財団法人みちのく産業センター", "東北支部"]),
        ("一般社団法人みやぎ観光協会", ["一般社団法人みやぎ観光協会"]),
        ("株式会社 みやぎメディカル研究所", ["株式会社みやぎメディカル研究所"]),
        ("みやぎメディカル研究所 株式会社", ["みやぎメディカル研究所株式会社"]),
        ("青葉テクノ株式会社仙台支店", ["青葉テクノ株式会社", "仙台支店"]),
        ("北上工業大学地域連携研究センター", ["北上工業大学", "地域連携研究センター"]),
    ],
)
def test_split_compound(name, parts):
    assert split_compound(name) == parts


# --- newspaper short forms: an alias of the full name written in the same document ---------


@pytest.mark.parametrize(
    "text,short,full",
    [
        (
            "広島大学と山口県立大学が協定を結んだ。広島大の学生と山口県立大の教員が参加する。",
            "広島大",
            "広島大学",
        ),
        (
            "広島大学と山口県立大学が協定を結んだ。広島大の学生と山口県立大の教員が参加する。",
            "山口県立大",
            "山口県立大学",
        ),
        ("電通大の研究室が、電気通信大学の事業に参加した。", "電通大", "電気通信大学"),
        ("東京大学と東北大学が共同で調べた。東大の調査では", "東大", "東京大学"),
        ("仙台高等専門学校の学生。仙台高専では", "仙台高専", "仙台高等専門学校"),
    ],
)
def test_short_form_is_an_alias_of_the_full_name(text, short, full):
    lk = link(text, find_orgs(text))
    got = [(m.name, m.resolution) for m in lk.mentions if m.text == short]
    assert got and set(got) == {(full, "alias")}
    assert short in lk.orgs[org_key(full)].aliases


@pytest.mark.parametrize(
    "text,short",
    [
        ("東北工業大学の教授と東北大の学生", "東北大"),  # 東北大 is not 東北工業大学
        ("広島市立大学の教授と広島大の学生", "広島大"),  # nor 広島大 広島市立大学
        ("広島大の学生が参加した。", "広島大"),  # no full name: the short form itself
    ],
)
def test_short_form_without_its_full_name_stays_itself(text, short):
    lk = link(text, find_orgs(text))
    assert [(m.name, m.resolution) for m in lk.mentions if m.text == short] == [(short, "name")]


@pytest.mark.parametrize(
    "short,full,expected",
    [
        ("広島大", "広島大学", True),
        ("電通大", "電気通信大学", True),
        ("東北工大", "東北工業大学", True),
        ("札幌医大", "札幌医科大学", True),
        ("東大", "東京大学", True),
        ("東北大", "東北工業大学", False),
        ("東大", "東北大学", False),
        ("宮城大", "宮城教育大学", False),
    ],
)
def test_is_short_form(short, full, expected):
    assert is_short_form(short, full) is expected


# --- no organisation is ever a legal form, suffix or generic word alone -------------------


def _org(text, piece, **attrs):
    s = text.index(piece)
    return Span(s, s + len(piece), ORG, piece, piece, "test", {"kind": "name", **attrs})


def test_a_bare_legal_form_written_against_a_name_is_that_name():
    # as a finder that stops at the OCR space would give it
    text = "株式会社 みやぎメディカル研究所が開発した。"
    lk = link(text, [_org(text, "株式会社"), _org(text, "みやぎメディカル研究所")])
    assert [(m.text, m.name, m.resolution) for m in lk.mentions] == [
        ("株式会社", "みやぎメディカル研究所", "alias"),
        ("みやぎメディカル研究所", "みやぎメディカル研究所", "name"),
    ]
    assert not any(bare_name(o.name) for o in lk.orgs.values())


def test_a_bare_suffix_refers_back_to_the_last_name_with_it():
    text = "青葉技術センターが発表した。センターは古い。"
    spans = [_org(text, "青葉技術センター")]
    spans.append(Span(15, 20, ORG, "センター", "センター", "test", {"kind": "name"}))
    lk = link(text, spans)
    assert [(m.text, m.name) for m in lk.mentions] == [
        ("青葉技術センター", "青葉技術センター"),
        ("センター", "青葉技術センター"),
    ]


def test_a_bare_mention_with_nothing_to_point_at_is_left_unlinked():
    text = "株式会社を設立した。"
    lk = link(text, [_org(text, "株式会社")])
    assert lk.mentions == [] and lk.orgs == {} and lk.unlinked == [(0, 4)]


def test_a_persons_bare_organisation_is_no_organisation():
    text = "株式会社 社長 山田太郎"
    person = Span(8, 12, PERSON, "山田太郎", "山田太郎", "byline", {"org_text": "株式会社", "title": "社長"})
    lk = link(text, [], [person])
    assert [(p.org_key, p.org_name) for p in lk.people] == [(None, None)]
    assert lk.orgs == {}


@pytest.mark.parametrize(
    "text",
    [
        "財団法人みちのく産業センター東北支部の調査",
        "株式会社 みやぎメディカル研究所と（株）青葉テクノ、仙台精工（有）が参加した。",
        "一般社団法人みやぎ観光協会理事の佐藤氏が、NPO法人として活動する団体を紹介した。",
    ],
)
def test_linking_makes_no_bare_organisation(text):
    lk = link(text, find_orgs(text))
    assert lk.orgs and not any(bare_name(o.name) or bare_name(o.short_name) for o in lk.orgs.values())


def test_no_org_name_is_a_bare_legal_form_end_to_end():
    import pipeline

    text = (
        "株式会社 みやぎメディカル研究所は、財団法人みちのく産業センターと共同で開発した。\n"
        "株式会社を設立した広島大の研究者と広島大学の教員が参加した。"
    )
    tables = pipeline.process_text(text, doc_date="2005-01-25")
    names = set(tables["org_mentions"]["org_name"].dropna())
    assert names and not any(bare_name(n) for n in names)
