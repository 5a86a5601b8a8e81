"""URLs: where they start, where they stop, how they are normalised."""

import pytest

from pipeline.entities.urls import find_urls

CASES = [
    # The seed's footer: the URL stops at the slash, "UP" is navigation.
    (
        "http://unit.aist.go.jp/tohoku/ UP",
        [("http://unit.aist.go.jp/tohoku/", "http://unit.aist.go.jp/tohoku/")],
    ),
    (
        "詳細はhttps://www.example.go.jp/a/b.htmlをご覧ください。",
        [("https://www.example.go.jp/a/b.html", "https://www.example.go.jp/a/b.html")],
    ),
    ("www.example.go.jp/tohoku/参照", [("www.example.go.jp/tohoku/", "http://www.example.go.jp/tohoku/")]),
    ("（http://example.jp/x）", [("http://example.jp/x", "http://example.jp/x")]),
    ("See http://example.jp/x.", [("http://example.jp/x", "http://example.jp/x")]),
    ("HTTP://Example.JP/Path", [("HTTP://Example.JP/Path", "http://example.jp/Path")]),
    ("http://example.jp/a_(b)", [("http://example.jp/a_(b)", "http://example.jp/a_(b)")]),
    ("http://example.jp/?a=1,2", [("http://example.jp/?a=1", "http://example.jp/?a=1")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_find_urls(text, expected):
    assert [(s.text, s.value) for s in find_urls(text)] == expected


@pytest.mark.parametrize("text", ["info@www.example.jp", "http://localhost/", "www.", "ftp"])
def test_not_urls(text):
    assert find_urls(text) == []
