"""Linking: abbreviations, deictic references, hierarchy, people's organisations."""

from __future__ import annotations

import pytest

from evaluation.orgs import seed_text
from pipeline.linking import link, split_compound
from pipeline.orgs import find_orgs, find_orgs_model, org_key
from pipeline.people import find_people


@pytest.fixture(scope="module")
def seed():
    text = seed_text()
    orgs, people = find_orgs_model(text), find_people(text)
    return text, orgs, people, link(text, orgs, people)


# Every reference on the seed page and the organisation it means.
SEED_REFERENCES = [
    ("当室", "産学官連携推進室"),        # 当室では平成14年度より…
    ("本協議会", "東北産学官連携協議会"),
    ("当室", "産学官連携推進室"),        # 当室における平成17年度の新施策
    ("当局", "東北経済産業局"),          # 当局産業クラスター計画推進室
    ("当室", "産学官連携推進室"),        # 「大学発ベンチャー型」は当室が (not the 推進室 just named)
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


@pytest.mark.parametrize("name,chain", [
    ("東北経済産業局地域経済部産業支援課", ["東北経済産業局", "地域経済部", "産業支援課"]),
    ("中小企業基盤整備機構東北支部", ["中小企業基盤整備機構", "東北支部"]),
    ("産業技術総合研究所東北センター", ["産業技術総合研究所", "東北センター"]),
    # the contact block puts the office on the line under its division
    ("産学官連携推進室", ["東北経済産業局", "地域経済部", "産業支援課", "産学官連携推進室"]),
    # 当局産業クラスター計画推進室: the reference is the parent
    ("産業クラスター計画推進室", ["東北経済産業局", "産業クラスター計画推進室"]),
])
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
    ("中小企業基盤整備機構（略称:中小機構）は発足した。中小機構では", "中小機構",
     "中小企業基盤整備機構", "abbreviation"),
    ("中小企業基盤整備機構 (略称: 中小機構 ) は発足した。中小機構では", "中小機構",
     "中小企業基盤整備機構", "abbreviation"),
    ("新エネルギー・産業技術総合開発機構（NEDO）の事業。NEDOは", "NEDO",
     "新エネルギー・産業技術総合開発機構", "abbreviation"),
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


@pytest.mark.parametrize("name,parts", [
    ("東京大学工学部", ["東京大学", "工学部"]),
    ("日本放送協会", ["日本放送協会"]),
    ("東北産学官連携協議会", ["東北産学官連携協議会"]),
])
def test_split_compound(name, parts):
    assert split_compound(name) == parts
