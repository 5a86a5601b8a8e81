"""Numbers as Japanese text writes them: one parser for every finder that reads a number.

Arabic digits (full-width too, with thousands commas), positional kanji (二〇〇五), kanji
with units (二十五, 千九百八十九), the large units 万, 億 and 兆 over either kind of digits
(3万, 1億2,000万, 一万五千), and a decimal before a large unit (1.5万).

>>> [to_int(s) for s in ("１，２００", "二〇〇五", "二十七", "千九百八十九", "1万5千", "3.5万", "十")]
[1200, 2005, 27, 1989, 15000, 35000, 10]
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

KANJI_DIGITS = "〇一二三四五六七八九"
_KDIGIT = {c: i for i, c in enumerate(KANJI_DIGITS)} | {"零": 0}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
# Largest first: 1億2000万 is read at 億, then its remainder at 万.
_LARGE_UNITS = (("兆", 10**12), ("億", 10**8), ("万", 10**4))
# What a number may be written with: a finder's character class for a number's run.
CHARS = "0-9０-９,，.．〇零一二三四五六七八九十百千万億兆"
_DECIMAL = re.compile(r"\d+\.\d+")


@lru_cache(maxsize=8192)
def to_int(s: str | None) -> int | None:
    """The value of ``s`` written as a whole number, or None when it is not one (or is a
    fraction that no large unit makes whole).  Spaces inside are ignored (OCR)."""
    if not s:
        return None
    s = unicodedata.normalize("NFKC", s).replace(" ", "")
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)
    if not s:
        return None
    for unit, size in _LARGE_UNITS:
        if unit in s:
            hi, _, lo = s.partition(unit)
            if not hi:  # 万円: one 万
                high = size
            elif _DECIMAL.fullmatch(hi):
                high = _decimal(hi, size)
            else:
                h = to_int(hi)
                high = None if h is None else h * size
            low = to_int(lo) if lo else 0
            return None if high is None or low is None else high + low
    return _small(s)


def _decimal(s: str, size: int) -> int | None:
    whole, frac = s.split(".")
    value = int(whole) * size + int(frac) * size // 10 ** len(frac)
    return value if int(frac) * size % 10 ** len(frac) == 0 else None


def _small(s: str) -> int | None:
    """A number below 10,000: ASCII digits, positional kanji, or kanji (or digits) with
    十, 百 and 千 (5千)."""
    if s.isascii():
        return int(s) if s.isdigit() else None
    if any(c not in _KDIGIT and c not in _SMALL_UNITS and not c.isdigit() for c in s):
        return None
    if not any(c in _SMALL_UNITS for c in s):
        return int("".join(str(_KDIGIT.get(c, c)) for c in s))
    total, cur = 0, 0
    for c in s:
        if c in _SMALL_UNITS:
            total += (cur or 1) * _SMALL_UNITS[c]
            cur = 0
        else:
            # 二千〇〇一: digits after a unit are positional
            cur = cur * 10 + (_KDIGIT[c] if c in _KDIGIT else int(c))
    return total + cur


__all__ = ["CHARS", "KANJI_DIGITS", "to_int"]
