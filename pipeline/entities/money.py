"""Amounts of money (MONEY): fees, prices, budgets and grants, normalised to yen.

What newsletters write: ``参加費 1,000円``, ``五千円``, ``3万円``, ``1億2,000万円``, ``￥500``,
``500～1,000円`` (a range), ``無料`` (free: 0 yen), with ``約``/``程度`` (approximate) and
``（税込）``/``税別`` (tax) around them.  Vague amounts (``数千円``, ``何万円``) and ``円`` that
is no currency (``関東一円``: all over Kantō; ``円高``) are not money.  The amount comes from
:func:`pipeline.base.numerals.to_int`, the one number parser of the package.

Span attrs are the ``money`` table's columns: ``amount_yen`` (the lower end of a range),
``amount_max_yen`` (its upper end), ``free``, ``approximate`` and ``tax``.
"""

from __future__ import annotations

import re

from pipeline.base.numerals import CHARS, KANJI_DIGITS, to_int
from pipeline.document.spans import MONEY, Span

_NUM = rf"[0-9０-９{KANJI_DIGITS}十百千][{CHARS}]*"
_DASH = r"[～〜~\-－―ー]"
# An amount: ¥ before digits, or a number before 円; a range shares one 円 (500～1,000円)
# or writes it twice.
_AMOUNT = re.compile(
    rf"(?P<sign>[￥¥]) ?(?P<sn>[0-9０-９][0-9０-９,，]*)(?![0-9０-９])"
    rf"|(?P<lo>{_NUM})(?:円)? ?{_DASH} ?(?P<hi>{_NUM}) ?円"
    rf"|(?P<n>{_NUM}) ?円"
    r"|(?P<free>無料)"
)
# Before an amount: it is vague (数千円) or part of a word that is no number (関東一円).
_VAGUE_BEFORE = re.compile(r"[数何幾余]$")
_APPROX_BEFORE = re.compile(r"(約|およそ|概ね|おおむね|ほぼ) ?$")
_APPROX_AFTER = re.compile(r"^ ?(程度|前後|ほど|位|くらい|ぐらい)")
_TAX = {
    "税込": "included",
    "税込み": "included",
    "消費税込": "included",
    "消費税込み": "included",
    "税別": "excluded",
    "税抜": "excluded",
    "税抜き": "excluded",
}
_TAX_WORD = "|".join(sorted(_TAX, key=len, reverse=True))
_TAX_AFTER = re.compile(rf"^ ?[（(]?({_TAX_WORD})")
_TAX_BEFORE = re.compile(rf"({_TAX_WORD})[：:]? ?$")


# Every amount holds one of these: the pattern is tried only around them (trying it at every
# character of a long text costs more than the rest of the finder).
_ANCHORS = re.compile("[円￥¥]|無料")
_REACH = 40  # characters an amount may run before its 円


def _matches(text: str):
    """The matches of _AMOUNT, searched in windows around the anchors."""
    end = 0
    for anchor in _ANCHORS.finditer(text):
        if anchor.start() < end:
            continue
        lo = max(end, anchor.start() - _REACH)
        hi = min(len(text), anchor.end() + _REACH)
        for mt in _AMOUNT.finditer(text, lo, hi):
            if mt.end() > end:
                yield mt
                end = mt.end()
        end = max(end, anchor.end())


def find_money(text: str) -> list[Span]:
    """Every amount of money in ``text``, in text order."""
    out = []
    for mt in _matches(text):
        if mt["free"]:
            out.append(
                Span(
                    mt.start(),
                    mt.end(),
                    MONEY,
                    mt[0],
                    "0",
                    "free",
                    {
                        "amount_yen": 0,
                        "amount_max_yen": None,
                        "free": True,
                        "approximate": False,
                        "tax": None,
                    },
                )
            )
            continue
        first = mt["sn"] or mt["lo"] or mt["n"]
        if not _is_amount(text, mt.start(), first):
            continue
        low = to_int(first)
        high = to_int(mt["hi"]) if mt["hi"] else None
        if low is None or (mt["hi"] and (high is None or high < low)):
            continue
        end = mt.end()
        tax_m = _TAX_AFTER.match(text[end : end + 8]) or _TAX_BEFORE.search(
            text[max(0, mt.start() - 7) : mt.start()]
        )
        tax = _TAX.get(tax_m[1]) if tax_m else None
        approx = bool(
            _APPROX_BEFORE.search(text[max(0, mt.start() - 4) : mt.start()])
            or _APPROX_AFTER.match(text[end : end + 5])
        )
        rule = "yen_sign" if mt["sign"] else "yen_range" if mt["hi"] else "yen"
        value = str(low) if high is None else f"{low}-{high}"
        out.append(
            Span(
                mt.start(),
                end,
                MONEY,
                mt[0],
                value,
                rule,
                {"amount_yen": low, "amount_max_yen": high, "free": False, "approximate": approx, "tax": tax},
            )
        )
    return out


def _is_amount(text: str, start: int, number: str) -> bool:
    """Whether the number starting at ``start`` is an amount: not vague (数千円), and not
    the 一円 of 関東一円 (all over Kantō) after a word in kanji (会費千円 is an amount)."""
    if _VAGUE_BEFORE.search(text[max(0, start - 1) : start]):
        return False
    return not (number == "一" and start > 0 and _is_kanji(text[start - 1]))


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in "々"


__all__ = ["find_money"]
