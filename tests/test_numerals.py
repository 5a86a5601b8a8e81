"""Numbers as Japanese text writes them: one parser for dates, addresses and money."""

import pytest

from pipeline.base.numerals import to_int


@pytest.mark.parametrize(
    "text, value",
    [
        ("17", 17),
        ("１７", 17),
        ("1,234", 1234),
        ("１，２３４", 1234),
        ("三", 3),
        ("十二", 12),
        ("二十七", 27),
        ("一〇", 10),
        ("二〇〇五", 2005),
        ("五一", 51),
        ("千九百八十九", 1989),
        ("二千〇〇一", 2001),
        ("千", 1000),
        ("5千", 5000),
        ("一万五千", 15000),
        ("3万", 30000),
        ("1億2,000万", 120000000),
        ("万", 10000),
        ("1.5万", 15000),
        ("2 5", 25),
    ],
)
def test_numbers(text, value):
    assert to_int(text) == value


@pytest.mark.parametrize("text", ["", None, "a", "1.5", "1.23456万", "三つ", "1,2"])
def test_not_whole_numbers(text):
    assert to_int(text) is None
