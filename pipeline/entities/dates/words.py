"""The dates finder's data and atoms: the era table (data/eras.json), kanji and full-width
numerals read as digits, the characters folded before matching, and the regex atoms the
patterns are built from."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.base.datafiles import data_text
from pipeline.base.numerals import to_int

_ATTR_KEYS = (
    "era",
    "era_year",
    "year",
    "month",
    "day",
    "granularity",
    "start_date",
    "end_date",
    "valid",
    "era_inferred",
    "relative",
    "anchor_date",
    "anchor",
    "mod",
    "mod_text",
    "range_role",
    "start_time",
    "end_time",
)


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class _Era:
    name: str
    first_year: int
    start: dt.date | None  # exact first day (modern eras only)
    end: dt.date | None  # exact last day, inclusive; None = current era / unknown
    max_year: int | None  # last era year that exists (None = open-ended)
    lunisolar_until: dt.date | None = None


@dataclass(frozen=True)
class _Tables:
    eras: dict  # any spelling (name, ligature, initial) -> _Era
    modern: tuple  # modern _Era in order
    initials: dict  # "H" -> _Era
    luni_month_start: dict  # (era, year, month) -> date
    luni_month_days: dict
    relative: dict  # word -> (unit, offset, base)


_read_data = data_text


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    raw = json.loads(_read_data("eras.json"))
    eras, modern, initials = {}, [], {}
    for e in raw["modern"]:
        start = dt.date.fromisoformat(e["start"])
        end = dt.date.fromisoformat(e["end"]) if e["end"] else None
        luni = e.get("lunisolar_until")
        era = _Era(
            e["name"],
            start.year,
            start,
            end,
            end.year - start.year + 1 if end else None,
            dt.date.fromisoformat(luni) if luni else None,
        )
        modern.append(era)
        eras[e["name"]] = eras[e["ligature"]] = era
        initials[e["initial"]] = era
    pre = raw["premodern"]
    for i, (name, year) in enumerate(pre):
        nxt = pre[i + 1][1] if i + 1 < len(pre) else modern[0].first_year
        eras.setdefault(name, _Era(name, year, None, None, max(nxt - year + 1, 1)))
    luni = {}
    for key, day in raw["lunisolar_month_starts"].items():
        if key.startswith("_"):
            continue
        era, ym = key[:2], key[2:]
        y, m = ym.split("-")
        luni[(era, int(y), int(m))] = dt.date.fromisoformat(day)
    luni_days = {}
    for key, n in raw["lunisolar_month_days"].items():
        y, m = key[2:].split("-")
        luni_days[(key[:2], int(y), int(m))] = n
    rel = {}
    for line in _read_data("dates_relative.tsv").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        word, unit, off, base = line.split("\t")
        rel[word] = (unit, int(off), base)
    return _Tables(eras, tuple(modern), initials, luni, luni_days, rel)


# ---------------------------------------------------------------- numbers


def _num(s: str | None) -> int | None:
    """A date's number (ASCII, 二〇〇五, 二十五, 千九百八十九; 元 of 元年 is 1)."""
    if s is None:
        return None
    s = s.replace(" ", "")
    return 1 if s == "元" else to_int(s)


_KANJI_RUN = re.compile(r"[〇零一二三四五六七八九十百千万]+")
_TIME_UNIT = re.compile(r"[年月日時分秒週]|世紀|ヶ月|か月|カ月")
_DIGIT_COMMA = re.compile(r"(?<=[0-9０-９])[,，](?=[0-9０-９]{3})")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def normalize_numerals(text: str, *, kanji: bool = True, commas: bool = True) -> str:
    """Numbers as the date finder reads them: full-width digits as ASCII, and with ``commas``
    no thousands separator, with ``kanji`` kanji numerals as digits where they are numbers
    (a run of two or more, or one before a time unit: 千年, not 千代田区).

    >>> normalize_numerals("平成十七年一月二十五日、１，０００年、東京・千代田区")
    '平成17年1月25日、1000年、東京・千代田区'
    """
    text = text.translate(_FULL_DIGITS)
    text = _DIGIT_COMMA.sub("" if commas else ",", text)
    if not kanji:
        return text

    def number(mt: re.Match) -> str:
        run = mt[0]
        if len(run) < 2 and not _TIME_UNIT.match(text, mt.end()):
            return run
        n = _num(run)
        return run if n is None else str(n)

    return _KANJI_RUN.sub(number, text)


# Width-preserving fold (offsets stay valid): full-width digits/Latin/punctuation and the
# ideographic space to ASCII. Ligatures (㍻) stay one character and are matched as eras.
_FOLD = dict(_FULL_DIGITS)  # full-width digits, letters, then marks
_FOLD.update({0xFF21 + i: 0x41 + i for i in range(26)})
_FOLD.update({0xFF41 + i: 0x61 + i for i in range(26)})
_FOLD.update(
    {
        ord("／"): "/",
        ord("．"): ".",
        ord("，"): ",",
        ord("－"): "-",
        ord("\u3000"): " ",
        ord("\u2212"): "-",
        ord("\u2010"): "-",
        ord("\u2011"): "-",
    }
)
# str.translate looks every character up in the table, which is slow on Japanese text where
# few or none of them fold; translating only the runs of foldable characters costs time in
# proportion to what changes. (The class is repeated rather than written [...]+ so that the
# regex engine can skip to the next foldable character without trying a match everywhere.)
# The ideographic space, by far the commonest of them (indents), is left to str.replace.
_FOLDABLE_CLASS = "[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD) if c != 0x3000) + "]"
_FOLDABLE = re.compile(_FOLDABLE_CLASS + _FOLDABLE_CLASS + "*")


def _fold(text: str) -> str:
    return _FOLDABLE.sub(lambda m: m[0].translate(_FOLD), text.replace("\u3000", " "))


# ---------------------------------------------------------------- patterns

_S = r" {0,2}"  # artifact spaces inside an expression (平成 17 年1月 25 日)
# An expression that starts with a digit or a letter (17年, H17.1.25) does not continue a
# number, a code or a time (1,000年, 10:30, 3.5, PH17, A-2005); one that starts with an era
# name, or follows a label (日時:平成17年, 日時:2005年), may.
_NUMBER_START = r"(?:(?=[0-9A-Za-z])(?<![0-9A-Za-z])(?<![0-9][./:\-,])(?<![A-Za-z][.\-])|(?![0-9A-Za-z]))"
_DIG = r"[0-9]{1,4}"
_KNUM = r"[〇零一二三四五六七八九十百千]{1,7}"
_NUM = rf"(?:{_DIG}|{_KNUM})"
_MNUM = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
_DNUM = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,4})"
_KDAY = r"(?:[二三]?十[一二三四五六七八九]?|[二三四五六七八九])"  # 十六, 二十七, 三 (not 一: 一日 is "a day")
# 1月25日（火）, 12月12日日曜日: the weekday is kept inside the span
_WEEKDAY = r"(?: {0,2}[(（][月火水木金土日](?:曜日?)?[)）]|[月火水木金土日]曜日?)?"
_CONN = r"(?:[～〜~\-―‐ー]|から)"
_YMOD = (
    r"上半期|下半期|上期|下期|前半|後半|初頭|初め(?!て)|始め|年末|末|初(?![めての])|頭|半ば|なかば"
    r"|春|夏(?!季|期)|秋"
)
_MMOD = r"上旬|中旬|下旬|初旬|末日?|初め(?!て)|始め|初(?![めての])|頭|終わり|終り|半ば|なかば"
# A bare 年 followed by these is a duration or another word (年間, 年金, 17年前, 年以上 …).
# 以降/以来/以前 and 頃/近く are modifiers of a date (2005年以降), recorded by _modifier.
_YEAR_STOP = r"(?!金|齢|収|俸|間|次|数|率|賀|輪|号|来|以(?!降|来|前|後)|ぶり|振り|目|会|報|額|分|余|前(?!半)|後(?!半)|代)"
# 1日付け, 1日号 and 1日以降 keep their day; 3日間, 3日以上, 3日前 are durations or offsets.
_DAY_STOP = r"(?!間|分|以(?!降|来|前|後)|前|後|ぶり|振り|目|ほど|程|余|本|限)"
_CLAUSE_END = re.compile(r"[。\n]")


def _clause(text: str, pos: int, limit: int = 200) -> str:
    """The text from ``pos`` to the clause's end, at most ``limit`` characters."""
    m = _CLAUSE_END.search(text, pos, pos + limit)
    return text[pos : m.start() if m else pos + limit]
