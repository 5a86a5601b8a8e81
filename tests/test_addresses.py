"""Addresses (ADDRESS) and places in prose (LOCATION): spans and their parts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.entities.addresses import find_addresses

PARTS = ("postal_code", "prefecture", "county", "city", "ward", "town", "chome", "prefecture_source")

# (text, label, surface, {part: value})
ADDRESSES = [
    # The seed: prefecture not written, it comes from the postal code (a large-office code).
    (
        "〒980-8403 仙台市青葉区本町3-3-1",
        "ADDRESS",
        "〒980-8403 仙台市青葉区本町3-3-1",
        dict(
            postal_code="980-8403",
            prefecture="宮城県",
            city="仙台市",
            ward="青葉区",
            town="本町",
            chome=3,
            prefecture_source="postal_code",
        ),
    ),
    # 丁目/番/号 in kanji, in full-width digits and in hyphen form all mean the same.
    (
        "宮城県仙台市青葉区本町三丁目三番一号",
        "ADDRESS",
        "宮城県仙台市青葉区本町三丁目三番一号",
        dict(
            prefecture="宮城県",
            city="仙台市",
            ward="青葉区",
            town="本町",
            chome=3,
            prefecture_source="written",
        ),
    ),
    (
        "仙台市青葉区本町３丁目３番１号",
        "ADDRESS",
        "仙台市青葉区本町３丁目３番１号",
        dict(
            prefecture="宮城県", city="仙台市", ward="青葉区", town="本町", chome=3, prefecture_source="city"
        ),
    ),
    # Every dash variant, full-width digits, stray spaces.
    (
        "〒980－8403 仙台市青葉区本町3−3−1",
        "ADDRESS",
        "〒980－8403 仙台市青葉区本町3−3−1",
        dict(postal_code="980-8403", town="本町", chome=3),
    ),
    (
        "〒９８０‐８４０３ 仙台市青葉区本町3ー3ー1",
        "ADDRESS",
        "〒９８０‐８４０３ 仙台市青葉区本町3ー3ー1",
        dict(postal_code="980-8403", town="本町", chome=3),
    ),
    (
        "〒980-8403 仙台市 青葉区 本町 3 - 3 - 1",
        "ADDRESS",
        "〒980-8403 仙台市 青葉区 本町 3 - 3 - 1",
        dict(postal_code="980-8403", ward="青葉区", town="本町", chome=3),
    ),
    # Counties and villages; 字 starts the part after the town.
    (
        "岩手県岩手郡雫石町長山字猿子1-1",
        "ADDRESS",
        "岩手県岩手郡雫石町長山字猿子1-1",
        dict(prefecture="岩手県", county="岩手郡", city="雫石町", town="長山"),
    ),
    # Tokyo's special wards are municipalities.
    (
        "東京都千代田区霞が関1-3-1",
        "ADDRESS",
        "東京都千代田区霞が関1-3-1",
        dict(prefecture="東京都", city="千代田区", ward=None, town="霞が関", chome=1),
    ),
    # A building after the number belongs to the address; "Tel" after it does not.
    (
        "〒100-8901 東京都千代田区霞が関1-3-1 経済産業省別館5階",
        "ADDRESS",
        "〒100-8901 東京都千代田区霞が関1-3-1 経済産業省別館5階",
        dict(town="霞が関"),
    ),
    ("仙台市青葉区本町3-3-1 Tel: 022-263-1167", "ADDRESS", "仙台市青葉区本町3-3-1", dict(town="本町")),
    # 地割 (Iwate's land divisions) and 番地の.
    (
        "岩手県北上市相去町山田2地割18",
        "ADDRESS",
        "岩手県北上市相去町山田2地割18",
        dict(city="北上市", town="相去町山田"),
    ),
    # Sapporo's grid: 北3条西 is the town, 6丁目 the chome.
    (
        "札幌市中央区北3条西6丁目",
        "ADDRESS",
        "札幌市中央区北3条西6丁目",
        dict(prefecture="北海道", city="札幌市", ward="中央区", town="北3条西", chome=6),
    ),
    ("盛岡市内丸10番1号", "ADDRESS", "盛岡市内丸10番1号", dict(prefecture="岩手県", town="内丸")),
]

# Places in prose.
LOCATIONS = [
    (
        "昨年度は山形県米沢市、",
        "山形県米沢市",
        dict(prefecture="山形県", city="米沢市", prefecture_source="written"),
    ),
    (
        "( 平成 17 年1月 25 日 盛岡市 )",
        "盛岡市",
        dict(prefecture="岩手県", city="盛岡市", prefecture_source="city"),
    ),
    ("山形県米 沢市で", "山形県米 沢市", dict(prefecture="山形県", city="米沢市")),
    # Names that exist in more than one prefecture get none.
    ("府中市で開催", "府中市", dict(prefecture=None, city="府中市")),
    ("伊達市の", "伊達市", dict(prefecture=None, city="伊達市")),
    ("宮城県で", "宮城県", dict(prefecture="宮城県", city=None)),
]

NOT_PLACES = [
    "仙台市役所",  # part of an organisation name
    "市町村",
    "都市計画",
    "大井町に住む",  # a bare town name is as often a neighbourhood (Tokyo's 大井町)
    "仙台市立病院",
]


def _parts(span):
    return {k: span.attrs[k] for k in PARTS}


@pytest.mark.parametrize("text, label, surface, parts", ADDRESSES)
def test_addresses(text, label, surface, parts):
    spans = [s for s in find_addresses(text) if s.label == label]
    assert [s.text for s in spans] == [surface]
    got = _parts(spans[0])
    assert {k: got[k] for k in parts} == parts


@pytest.mark.parametrize("text, surface, parts", LOCATIONS)
def test_locations(text, surface, parts):
    (span,) = find_addresses(text)
    assert span.label == "LOCATION" and span.text == surface
    assert {k: span.attrs[k] for k in parts} == parts


@pytest.mark.parametrize("text", NOT_PLACES)
def test_not_places(text):
    assert find_addresses(text) == []


def test_list_inherits_prefecture():
    spans = find_addresses("本年度は岩手県盛岡市・北上市で開催しています。")
    assert [(s.text, s.attrs["prefecture"]) for s in spans] == [
        ("岩手県盛岡市", "岩手県"),
        ("北上市", "岩手県"),
    ]


def test_region_is_not_an_address():
    (span,) = find_addresses("東北管内において66社")
    assert (span.label, span.attrs["region"], span.attrs["prefecture"]) == ("LOCATION", "東北", None)


def test_postal_code_disagreeing_with_city_is_flagged():
    (span,) = find_addresses("〒980-8403 盛岡市内丸10-1")
    assert span.attrs["postal_code_valid"] is True
    assert span.attrs["postal_code_matches"] is False
    assert span.attrs["prefecture"] == "岩手県" and span.attrs["prefecture_source"] == "city"


def test_unknown_postal_code_is_flagged():
    (span,) = find_addresses("〒999-9999 仙台市青葉区本町3-3-1")
    assert span.attrs["postal_code_valid"] is False


def test_postal_code_alone():
    (span,) = find_addresses("〒980-8403")
    assert (span.label, span.attrs["postal_code"], span.attrs["prefecture"]) == (
        "ADDRESS",
        "980-8403",
        "宮城県",
    )


def test_table_fields_split_an_address():
    (span,) = find_addresses('"City": "仙台市青葉区", "Street": "本町3-3-1"')
    assert (span.attrs["city"], span.attrs["ward"], span.attrs["town"]) == ("仙台市", "青葉区", "本町")


def test_normalized():
    (span,) = find_addresses("〒980-8403 仙台市青葉区本町三丁目3番1号")
    assert span.value == span.attrs["normalized"] == "宮城県仙台市青葉区本町3丁目3-1"


def test_ward_without_city_after_postal_code():
    # The postal code's record supplies the city the text leaves out.
    (span,) = find_addresses("〒980-8403 青葉区本町3-3-1")
    assert (span.attrs["city"], span.attrs["ward"], span.attrs["town"]) == ("仙台市", "青葉区", "本町")


@given(st.text(alphabet="〒仙台市青葉区本町盛岡岩手県北上 0123456789-－丁目番号・、。", max_size=60))
def test_spans_slice_the_text(text):
    for s in find_addresses(text):
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "text,expected",
    [
        ("日米の経済交流が進む。", [("日", "日本"), ("米", "アメリカ合衆国")]),
        ("昨年渡仏し、今春来日した。", [("仏", "フランス"), ("日", "日本")]),
        ("全英で注目を集めた。", [("英", "イギリス")]),
        ("米北部の州で開かれる。", [("米", "アメリカ合衆国")]),
        ("毎日英会話を学ぶ。", []),  # 毎日 is a word: no 日英
        ("5日米国に発った。", []),  # a day, then 米国
        ("日中は暑い。", []),  # 中 is left out: 日中 is also daytime
        ("新米の収穫が始まった。", []),
        ("その日英語の授業があった。", []),  # 英語 is a word: no 日英
        ("滞在日数は三日です。", []),  # 滞在, not 在日
        ("それ以来日々努力している。", []),  # 以来, not 来日
        ("日米首脳が会談した。", [("日", "日本"), ("米", "アメリカ合衆国")]),  # a pair opens 首脳
    ],
)
def test_countries_written_as_one_character_inside_a_word(text, expected):
    got = [(sp.text, sp.value) for sp in find_addresses(text) if sp.rule == "country_abbreviation"]
    assert got == expected
