"""E-mail addresses, including full-width forms and the ★-for-@ obfuscations of Japanese pages."""

from __future__ import annotations

import re
import unicodedata

from pipeline.document.spans import EMAIL, Span

_LOCAL_CHARS = r"A-Za-z0-9!#$%&'*+/=?^_`{|}~\-.Ａ-Ｚａ-ｚ０-９＿－．＋"
_CJK = r"\u3041-\u309f\u30a1-\u30ff\u4e00-\u9fff々"
# Dots inside a domain: ASCII, full-width and ideographic (meti。go。jp).
_DOT = r"[.．。]"
_LABEL = (
    rf"(?:[A-Za-z0-9Ａ-Ｚａ-ｚ０-９](?:[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-－]*[A-Za-z0-9Ａ-Ｚａ-ｚ０-９])?|[{_CJK}]+)"
)
# The top-level domain is Latin letters, so a trailing 。 or a Japanese word never joins it.
_TLD = r"[A-Za-zＡ-Ｚａ-ｚ]{2,}(?![A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-－])"
_AT_PLAIN_CHARS = "@＠"
_AT_PLAIN = f"[{_AT_PLAIN_CHARS}]"
# Obfuscated at-signs that need no instruction nearby.
_AT_WORDS = r"\s?(?:\(at\)|\[at\]|（at）|［at］|\(アット\)|（アットマーク）|＠マーク|@マーク)\s?"
_AT_SYMBOLS = "★☆◎●■◆"
_ADDRESS = re.compile(
    rf"(?P<local>[{_LOCAL_CHARS}]+|(?<![{_CJK}])[{_CJK}]{{1,10}})"
    rf"(?P<at>{_AT_PLAIN}|{_AT_WORDS}|[{_AT_SYMBOLS}])"
    rf"(?P<domain>(?:{_LABEL}{_DOT})+{_TLD})"
)
# Every alternative opens with a literal character, so the regex engine skips to the next
# candidate character instead of trying the pattern at every offset.
_AT_WORD_FORMS = (r"\(at\)", r"\[at\]", "（at）", "［at］", r"\(アット\)", "（アットマーク）")
_AT_ANY = re.compile("|".join([*_AT_PLAIN_CHARS, *_AT_SYMBOLS, *_AT_WORD_FORMS]))
_MAX_LOCAL, _MAX_DOMAIN = 128, 256
# "★を@に変えて": the symbol stands for @ on this page.
_INSTRUCTION = re.compile(rf"([{_AT_SYMBOLS}])\s?(?:を|は|→)\s?(?:半角の?)?\s?[@＠「]")


def _candidates(text: str):
    """Matches of the address pattern around each at-sign (the at-sign is rare; scanning for it is fast)."""
    pos = 0
    for at in _AT_ANY.finditer(text):
        if at.start() < pos:
            continue
        m = _ADDRESS.search(text, max(pos, at.start() - _MAX_LOCAL), at.end() + _MAX_DOMAIN)
        if m and m.start("at") <= at.start() < m.end("at"):
            yield m
            pos = m.end()


def find_emails(text: str) -> list[Span]:
    """E-mail addresses in ``text``; value is the lower-cased address.

    >>> [(s.text, s.value) for s in find_emails("E-mail: thk-sangaku＠meti.go.jp。")]
    [('thk-sangaku＠meti.go.jp', 'thk-sangaku@meti.go.jp')]
    """
    symbols = None
    spans = []
    for m in _candidates(text):
        at = m.group("at")
        obfuscated = not re.fullmatch(_AT_PLAIN, at)
        if at in _AT_SYMBOLS:
            if symbols is None:
                symbols = {x.group(1) for x in _INSTRUCTION.finditer(text)}
            if at not in symbols:
                continue
        start = m.start("local")
        local = m.group("local")
        # A sentence dot or a quote before the address is not part of it.
        stripped = local.lstrip(".．'`")
        start += len(local) - len(stripped)
        if not stripped:
            continue
        local = unicodedata.normalize("NFKC", stripped)
        domain = unicodedata.normalize("NFKC", m.group("domain")).replace("。", ".").lower()
        email = f"{local}@{domain}"
        attrs = {"email": email, "domain": domain, "obfuscated": obfuscated}
        spans.append(
            Span(
                start,
                m.end(),
                EMAIL,
                text[start : m.end()],
                email.lower(),
                "email_obfuscated" if obfuscated else "email",
                attrs,
            )
        )
    return spans
