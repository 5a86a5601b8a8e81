"""Amounts of money: what newsletters write, normalised to yen (pipeline.entities.money)."""

import pytest

from pipeline import process_text
from pipeline.entities.money import find_money


def one(text):
    (span,) = find_money(text)
    return span


@pytest.mark.parametrize(
    "text, written, yen",
    [
        ("講習会の参加費 2,500円を当日集めます。", "2,500円", 2500),
        ("年会費は四千円です。", "四千円", 4000),
        ("助成額は上限5万円とします。", "5万円", 50000),
        ("総事業費3億4,500万円の計画", "3億4,500万円", 345000000),
        ("資料代 ￥800", "￥800", 800),
        ("会費：１，２００円", "１，２００円", 1200),
        ("一人二千五百円", "二千五百円", 2500),
        ("補助は1.5万円まで", "1.5万円", 15000),
        ("記念品(千円相当)", "千円", 1000),
    ],
)
def test_an_amount_in_yen(text, written, yen):
    span = one(text)
    assert (span.text, span.attrs["amount_yen"], span.value) == (written, yen, str(yen))
    assert text[span.start : span.end] == span.text and span.label == "MONEY"


def test_free_is_zero_yen():
    span = one("見学会は参加無料、申込不要です。")
    assert (span.text, span.attrs["amount_yen"], span.attrs["free"], span.rule) == ("無料", 0, True, "free")


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("入館料は300～600円です。", 300, 600),
        ("1,000円〜1,500円の範囲で", 1000, 1500),
    ],
)
def test_a_range_keeps_both_ends(text, low, high):
    span = one(text)
    assert (span.attrs["amount_yen"], span.attrs["amount_max_yen"], span.rule) == (low, high, "yen_range")
    assert span.value == f"{low}-{high}"


def test_a_range_that_runs_backwards_is_no_range():
    assert all(sp.rule != "yen_range" for sp in find_money("5,000～3,000円"))


@pytest.mark.parametrize(
    "text, tax",
    [
        ("頒布価格 1,980円（税込）", "included"),
        ("2,000円(税別)", "excluded"),
        ("税抜 3,000円", "excluded"),
        ("送料 500円", None),
    ],
)
def test_tax_written_around_the_amount(text, tax):
    assert one(text).attrs["tax"] == tax


@pytest.mark.parametrize(
    "text, approximate",
    [
        ("約30万円の予算", True),
        ("20万円程度", True),
        ("100万円前後", True),
        ("30万円の予算", False),
    ],
)
def test_approximate_amounts(text, approximate):
    assert one(text).attrs["approximate"] is approximate


@pytest.mark.parametrize(
    "text",
    [
        "被害額は数千円にのぼる。",  # vague
        "何万円もかかった",  # vague
        "東北一円から参加者が集まった。",  # 一円: all over the region
        "円高が続いている。",  # no amount
        "円形の花壇",
    ],
)
def test_what_is_not_an_amount(text):
    assert find_money(text) == []


def test_money_reaches_its_table_and_entities():
    tables = process_text("バス見学会を開きます。参加費 1,000円（昼食代込み）、学生は無料です。")
    money = tables["money"]
    assert sorted(money["amount_yen"].tolist()) == [0, 1000]
    ents = tables["entities"].set_index("entity_id")
    assert set(ents.loc[money["entity_id"], "label"]) == {"MONEY"}
    assert set(ents.loc[money["entity_id"], "rule"]) == {"yen", "free"}
