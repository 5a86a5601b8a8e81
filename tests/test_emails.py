"""E-mail addresses in Japanese text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.entities.emails import find_emails

# (text, [(surface, value, obfuscated)])
CASES = [
    ("E-mail: thk-sangaku@meti.go.jp", [("thk-sangaku@meti.go.jp", "thk-sangaku@meti.go.jp", False)]),
    ("問い合わせはinfo@example.ac.jpまで。", [("info@example.ac.jp", "info@example.ac.jp", False)]),
    ("メール：info@example.ac.jp。", [("info@example.ac.jp", "info@example.ac.jp", False)]),
    ("（info@example.ac.jp）", [("info@example.ac.jp", "info@example.ac.jp", False)]),
    ("『info@example.ac.jp』", [("info@example.ac.jp", "info@example.ac.jp", False)]),
    ("info＠example．ac．jp", [("info＠example．ac．jp", "info@example.ac.jp", False)]),
    (
        "ｉｎｆｏ＠ｅｘａｍｐｌｅ．ａｃ．ｊｐ",
        [("ｉｎｆｏ＠ｅｘａｍｐｌｅ．ａｃ．ｊｐ", "info@example.ac.jp", False)],
    ),
    ("mailto:office@example.or.jp?subject=x", [("office@example.or.jp", "office@example.or.jp", False)]),
    ("Info@Example.AC.JP", [("Info@Example.AC.JP", "info@example.ac.jp", False)]),
    ("a@x.jp、b@y.jp", [("a@x.jp", "a@x.jp", False), ("b@y.jp", "b@y.jp", False)]),
    # Obfuscations meant to defeat harvesters.
    ("office(at)example.or.jp", [("office(at)example.or.jp", "office@example.or.jp", True)]),
    (
        "office☆example.or.jp（☆を@に置き換えてください）",
        [("office☆example.or.jp", "office@example.or.jp", True)],
    ),
]

NOT_EMAILS = [
    "user@localhost",
    "office☆example.or.jp",  # a ☆ with no instruction is just a star
    "＠マーク",
    "10@20",
]


@pytest.mark.parametrize("text, expected", CASES)
def test_find_emails(text, expected):
    got = [(s.text, s.value, s.attrs["obfuscated"]) for s in find_emails(text)]
    assert got == expected


@pytest.mark.parametrize("text", NOT_EMAILS)
def test_not_emails(text):
    assert find_emails(text) == []


def test_attrs():
    (span,) = find_emails("Office@Example.OR.JP")
    assert span.attrs == {"email": "Office@example.or.jp", "domain": "example.or.jp", "obfuscated": False}


@pytest.mark.xfail(reason="known gap: a Japanese local part runs back into the Japanese words before it")
def test_japanese_local_part_after_japanese_text():
    (span,) = find_emails("連絡は田中@例え.jp")
    assert span.text == "田中@例え.jp"


@given(st.text(alphabet="abc.-_@＠。．jp（）「」 ☆を@に", max_size=50))
def test_spans_slice_the_text(text):
    for s in find_emails(text):
        assert text[s.start : s.end] == s.text
