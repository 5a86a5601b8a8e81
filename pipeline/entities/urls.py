"""Web addresses (http, https and bare www. forms), stopping where Japanese text or a new word begins."""

from __future__ import annotations

import re

from pipeline.document.spans import URL, Span

# RFC 3986 characters only: Japanese text, spaces and full-width brackets end the URL.
_URL = re.compile(
    # No lookbehind (it would slow the scan); the character before is checked in Python.
    r"(?:(?P<scheme>[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://|(?=[Ww][Ww][Ww]\.[A-Za-z0-9\-]+\.))"
    r"(?P<host>[A-Za-z0-9\-._~%]+(?::\d{1,5})?)"
    # A comma ends the URL: rare inside URLs, common after them in prose and tables.
    r"(?P<path>[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+;=%]*)?"
)
# Every match holds "://" or starts with "www." (any case): a text with neither has no URL, and
# checking that is much faster than trying _URL, which has no literal prefix, at every offset.
_WWW = re.compile(r"[Ww][Ww][Ww]\.")
_INSIDE_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@.-/")
# Sentence punctuation after a URL belongs to the sentence.
_TRAILING = ".,;:!?'\""


def _trim(url: str) -> str:
    while url and (
        url[-1] in _TRAILING
        or (url[-1] == ")" and url.count("(") < url.count(")"))
        or (url[-1] == "]" and url.count("[") < url.count("]"))
    ):
        url = url[:-1]
    return url


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, add http:// to bare www. forms."""
    m = re.match(r"(?:(?P<scheme>[A-Za-z]+)://)?(?P<host>[^/?#]+)(?P<rest>.*)", url, re.S)
    scheme = (m["scheme"] or "http").lower()
    rest = m["rest"]
    return f"{scheme}://{m['host'].lower()}{rest}"


def find_urls(text: str) -> list[Span]:
    """URLs in ``text``; value is the normalised URL.

    >>> [(s.text, s.value) for s in find_urls("http://unit.aist.go.jp/tohoku/ UP")]
    [('http://unit.aist.go.jp/tohoku/', 'http://unit.aist.go.jp/tohoku/')]
    """
    spans = []
    if "://" not in text and not _WWW.search(text):
        return spans
    for m in _URL.finditer(text):
        if m.start() and text[m.start() - 1] in _INSIDE_WORD:
            continue  # www. inside an e-mail address or a longer name
        raw = _trim(m.group())
        host = raw.split("://", 1)[-1].split("/", 1)[0]
        if "." not in host.strip("."):
            continue
        end = m.start() + len(raw)
        spans.append(
            Span(
                m.start(),
                end,
                URL,
                raw,
                normalize_url(raw),
                "url" if m["scheme"] else "url_www",
            )
        )
    return spans
