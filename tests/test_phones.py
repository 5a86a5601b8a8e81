"""Phone and fax numbers: what find_phones must find, and what it must leave alone."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.entities.phones import find_phones

# (text, [(surface, e164, kind, number_type)])
CASES = [
    # The seed's contact line.
    (
        "Tel: 022-263-1167, Fax: 022-223-2658",
        [
            ("022-263-1167", "+81222631167", "tel", "fixed_line"),
            ("022-223-2658", "+81222232658", "fax", "fixed_line"),
        ],
    ),
    ("TEL 03-3501-1511", [("03-3501-1511", "+81335011511", "tel", "fixed_line")]),
    ("電話：０３－３５０１－１５１１", [("０３－３５０１－１５１１", "+81335011511", "tel", "fixed_line")]),
    ("ファクス 03-3501-6942", [("03-3501-6942", "+81335016942", "fax", "fixed_line")]),
    ("ファックス:03(3501)6942", [("03(3501)6942", "+81335016942", "fax", "fixed_line")]),
    ("℡0222631167", [("0222631167", "+81222631167", "tel", "fixed_line")]),
    ("☎ 022‐263‐1167", [("022‐263‐1167", "+81222631167", "tel", "fixed_line")]),
    ("TEL/FAX 0191-23-4567", [("0191-23-4567", "+81191234567", "tel_fax", "fixed_line")]),
    ("携帯：080-9876-5432", [("080-9876-5432", "+818098765432", "tel", "mobile")]),
    ("フリーダイヤル 0800-123-4567", [("0800-123-4567", "+818001234567", "tel", "toll_free")]),
    ("お電話は0120-987-654まで", [("0120-987-654", "+81120987654", "tel", "toll_free")]),
    ("+81-22-263-1167", [("+81-22-263-1167", "+81222631167", "tel", "fixed_line")]),
    # Stray spaces around the dashes (scanned text).
    ("Tel: 022 - 263 - 1167", [("022 - 263 - 1167", "+81222631167", "tel", "fixed_line")]),
    # Vertical text writes the digits in kanji.
    ("電話 〇二四－五二一－七一一一", [("〇二四－五二一－七一一一", "+81245217111", "tel", "fixed_line")]),
    # Two numbers on one line, space-separated.
    (
        "03 5555 0101 03 5555 0102",
        [
            ("03 5555 0101", "+81355550101", "tel", "fixed_line"),
            ("03 5555 0102", "+81355550102", "tel", "fixed_line"),
        ],
    ),
]

# Texts with digits that are never phone numbers.
NOT_PHONES = [
    "〒980-8403 仙台市青葉区本町3-3-1",
    "〒100-8901",
    "平成17年1月25日",
    "2005-01-25",
    "2005/01/25",
    "2005.1.25",
    "全国 9 カ所",
    "大学発ベンチャー1000社計画",
    "昭和61年9月に設立",
    "ISBN 978-4-00-310101-8",
]


@pytest.mark.parametrize("text, expected", CASES)
def test_find_phones(text, expected):
    got = [(s.text, s.value, s.attrs["kind"], s.attrs["number_type"]) for s in find_phones(text)]
    assert got == expected


@pytest.mark.parametrize("text", NOT_PHONES)
def test_not_phones(text):
    assert find_phones(text) == []


def test_extension():
    (span,) = find_phones("電話 022-263-1167 内線2345")
    assert (span.value, span.attrs["extension"], span.text) == (
        "+81222631167",
        "2345",
        "022-263-1167 内線2345",
    )


def test_main_line():
    (span,) = find_phones("TEL 022-263-1167（代表）")
    assert span.text == "022-263-1167" and span.attrs["main_line"] is True


def test_range_gives_two_numbers():
    spans = find_phones("Tel: 022-263-1167～8")
    assert [(s.text, s.value) for s in spans] == [("022-263-1167", "+81222631167"), ("8", "+81222631168")]


def test_area_and_national():
    (span,) = find_phones("Fax: 022-223-2658")
    assert (span.attrs["area"], span.attrs["national"], span.attrs["e164"]) == (
        "仙台",
        "022-223-2658",
        "+81222232658",
    )


def test_mobile_has_no_area():
    (span,) = find_phones("090-8765-4321")
    assert span.attrs["area"] is None and span.attrs["number_type"] == "mobile"


def test_one_digit_short_is_flagged_invalid():
    (span,) = find_phones("TEL 090-8765-432")
    assert span.attrs["valid"] is False


def test_local_number_in_labelled_line():
    (span,) = find_phones("TEL 263-1167")
    assert span.value is None and span.attrs["national"] == "263-1167" and span.attrs["kind"] == "tel"


def test_local_number_alone_in_prose_is_ignored():
    assert find_phones("番号は263-1167です") == []


@pytest.mark.xfail(
    reason="known gap: the area code of a local number is not inferred from the address nearby"
)
def test_local_number_gets_area_code_from_address():
    (span,) = find_phones("仙台市青葉区本町3-3-1 TEL 263-1167")
    assert span.value == "+81222631167"


@given(st.text(alphabet="0123456789-()+ 〒TELFAX電話:：、。年月日", max_size=60))
def test_spans_slice_the_text(text):
    for s in find_phones(text):
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "text, number",
    [
        ("生涯学習課 ☎(46)3331", "(46)3331"),  # the exchange in brackets, no area code
        ("【電話】812・2374", "812・2374"),  # a middle dot between the parts
    ],
)
def test_local_numbers_as_bulletins_write_them(text, number):
    (span,) = find_phones(text)
    assert (span.text, span.rule, span.attrs["kind"]) == (number, "phone_local", "tel")


def test_a_middle_dot_between_small_numbers_is_no_phone():
    assert find_phones("1・2年生と2005・1・25") == []
