"""Date expressions as written: the candidates each rule reads (era and Gregorian dates,
month–day, day only, ranges, fiscal years, relative words, offsets, centuries, English
months), and the choice among overlapping ones."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.entities.dates.patterns import _patterns, _scan, _windows
from pipeline.entities.dates.words import _num, _tables

# ---------------------------------------------------------------- parsed expressions


@dataclass(frozen=True)
class _Expr:
    start: int
    end: int
    rule: str
    era: str | None = None  # era name as written (resolved from ligature/initial)
    y: int | None = None  # era year or Western year as written
    western: bool = False
    unit: str = "year"  # year | fy | decade | none (no year written)
    ymod: str | None = None
    m: int | None = None
    m2: int | None = None
    d: int | None = None
    d2: int | None = None
    mmod: str | None = None
    rel: str | None = None  # relative word
    y2: int | None = None  # shared-unit year range (平成16～17年度)
    # The end of a range whose start is a whole date (4月1日～5日, 平成16年4月から17年3月): two
    # mentions, as IREX and TIMEX3 count it. A range sharing its unit (4～6月) is one mention.
    to: _Expr | None = None
    offset: tuple | None = None  # (n, n2 or None, unit, +1/-1): 3日後, 14、5年前
    century: int | None = None  # 19世紀 (negative: 紀元前3世紀)
    bce: bool = False  # 紀元前520年: no calendar interval
    unknown_era: bool = False  # an era-shaped name the table does not know (牌孫元年)
    mod: str | None = None  # TIMEX3 modifier: APPROX, ON_OR_AFTER, ON_OR_BEFORE, START, MID, END
    mod_text: str | None = None  # the modifier as written (頃, 以降, まで, 末 ...)
    tense: str | None = None  # past / future, from the verb of the clause (for day-only dates)
    times: tuple | None = None  # (start "HH:MM", end "HH:MM" or None): 午後1時30分～3時
    head_end: int | None = None  # in a range, where its start expression ends
    weekday: int | None = None  # written weekday (Monday 0), which picks the year of 12月12日(日)


def _era_of(word: str | None) -> str | None:
    if word is None:
        return None
    t = _tables()
    e = t.eras.get(word) or t.initials.get(word)
    return e.name if e else None


def _main_expr(mt: re.Match, text: str = "") -> _Expr | None:
    g = mt.groupdict()
    kw = {}
    if g.get("relfy") or g.get("rely"):
        kw.update(
            rel=g.get("relfy") or g.get("rely"),
            unit="none",
            ymod=g.get("rfymod") or g.get("rymod"),
            rule="relative_year",
        )
    else:
        if g.get("era"):
            kw.update(era=_era_of(g["era"]), y=_num(g["ey"]), rule="era_date")
        elif g.get("ini"):
            kw.update(era=_era_of(g["ini"]), y=_num(g["iy"]), rule="initial_date")
        elif g.get("wy"):
            y = _num(g["wy"])
            # 702年4月20日: a three-digit year is a year when its month follows
            if y is None or not (1000 <= y <= 2999 or g.get("ad") or (100 <= y and g.get("m"))):
                return None
            kw.update(y=y, western=True, rule="western_date")
        elif g.get("ny"):
            y = _num(g["ny"])
            if g.get("dec") and y is not None and g["ny"].isascii() and len(g["ny"]) == 2 and y % 10 == 0:
                # 70年代 is the 1970s; 00年代 and 10年代 are this century's
                kw.update(y=_decade_century(y), western=True, rule="western_date")
            # era-less year: only 17年度 or 17年3月 (a bare 17年 is usually a duration)
            elif not (g.get("fy") or g.get("m")):
                return None
            else:
                kw.update(y=y, rule="eraless_year")
        if g.get("fy"):
            kw.update(unit="fy", ymod=g.get("fymod"))
        elif g.get("dec"):
            if not kw.get("western") or kw["y"] % 10:
                return None
            kw.update(unit="decade", ymod=g.get("decmod"))
        else:
            kw.update(ymod=g.get("ymod"))
    if kw.get("ymod") in ("年末",):
        kw["ymod"] = "末"
    if kw.get("ymod") in ("春", "夏", "秋") and kw.get("unit") == "fy":
        return None
    month = _month_of(g)
    if month is None:
        return None
    start = mt.start()
    if kw.get("rel") in _SAME and month["m"] is not None:
        # 同年10月: IREX counts 10月 as the date and 同年 as the pointer to its year
        start = mt.start("m") if g.get("m") else mt.start("sm")
    return _Expr(start, mt.end(), **kw, **month)


def _month_of(g: dict) -> dict | None:
    """The month/day fields of a match's groups, or None if they are no calendar month/day."""
    m, m2, d, d2 = (_num(g.get(k)) for k in ("m", "m2", "d", "d2"))
    if g.get("sm"):
        m, d = int(g["sm"]), int(g["sd"])
    if m is not None:
        if not 1 <= m <= 12 or (m2 is not None and not m < m2 <= 12):
            return None
        if d is not None and (not 1 <= d <= 31 or (d2 is not None and not d < d2 <= 31)):
            return None
        if m2 is not None and d is not None:
            return None  # 4～6月25日 is not one expression
    return {"m": m, "m2": m2, "d": d, "d2": d2, "mmod": g.get("mmod")}


def _candidates(text: str) -> list[_Expr]:
    p = _patterns()
    w = _windows(text)
    out: list[_Expr] = []
    # the order of the rules matters: _select keeps the first of two equal candidates
    for rule, window, build in _RULES:
        matches = p[rule].finditer(text) if window is None else _scan(p[rule], text, w[window])
        for mt in matches:
            e = build(mt, text)
            if e is not None:
                out.append(e)
    return out


def _year_range_expr(mt: re.Match, text: str) -> _Expr | None:
    era = _era_of(mt["era"])
    y1, y2 = _num(mt["y1"]), _num(mt["y2"])
    if y1 is None or y2 is None or y2 <= y1:
        return None
    if mt["yu"] == "年代":  # 60～70年代, 1960～70年代
        if era or y1 % 10 or y2 % 10:
            return None
        y1 = _decade_century(y1) if y1 < 100 else y1
        y2 = _decade_century(y2) if y2 < 100 else y2
        if y1 < 1000 or y2 <= y1:
            return None
        return _Expr(mt.start(), mt.end(), "year_range", y=y1, western=True, unit="decade", y2=y2)
    western = era is None and y1 >= 1000
    if era is None and not western and not (y1 < 100 and mt["yu"] == "年度"):
        return None
    unit = "fy" if mt["yu"] == "年度" else "year"
    rule = "year_range" if era or western else "eraless_year"
    return _Expr(mt.start(), mt.end(), rule, era=era, y=y1, western=western, unit=unit, y2=y2)


def _relative_word_expr(mt: re.Match, text: str) -> _Expr:
    g = mt.groupdict()
    word = g.get("relm") or g.get("relo") or g["kana"]
    unit = _tables().relative[word][0]
    return _Expr(
        mt.start(),
        mt.end(),
        "relative_" + unit,
        rel=word,
        unit="none",
        d=_num(g.get("d")),
        mmod=g.get("mmod"),
    )


def _month_day_expr(mt: re.Match, text: str) -> _Expr | None:
    month = _month_of(mt.groupdict())
    if month is None or (month["d"] is None and not mt["m"].isascii() and text.startswith("も", mt.end())):
        return None  # 一月も: for a month
    return _Expr(mt.start(), mt.end(), "month_day", unit="none", **month)


def _slash_month_day_expr(mt: re.Match, text: str) -> _Expr | None:
    m, d = int(mt["m"]), int(mt["d"])
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return _Expr(mt.start(), mt.end(), "slash_month_day", unit="none", m=m, d=d)


def _initial_year_expr(mt: re.Match, text: str) -> _Expr | None:
    era = _tables().initials[mt["ini"]]
    y = int(mt["iy"])
    if not (1 <= y and (era.max_year is None or y <= era.max_year)):
        return None
    return _Expr(mt.start(), mt.end(), "initial_year", era=era.name, y=y)


def _day_only_expr(mt: re.Match, text: str) -> _Expr | None:
    d = _num(mt["d"])
    if d is None or not 1 <= d <= 31 or (d == 1 and _PER_DAY.match(text, mt.end())):
        return None  # 1日に3回: per day
    return _Expr(mt.start(), mt.end(), "day_only", unit="none", d=d)


def _century_expr(mt: re.Match, text: str) -> _Expr | None:
    c = _num(mt["c"])
    if not c or c > 99:
        return None
    part = "半ば" if mt["cmod"] == "なかば" else mt["cmod"]
    return _Expr(mt.start(), mt.end(), "century", unit="century", century=-c if mt["bce"] else c, ymod=part)


def _bce_expr(mt: re.Match, text: str) -> _Expr | None:
    y = _num(mt["by"])
    return _Expr(mt.start(), mt.end(), "bce_year", y=y, western=True, bce=True) if y else None


def _era_period_expr(mt: re.Match, text: str) -> _Expr:
    return _Expr(mt.start(), mt.end(), "era_period", era=mt["pera"], unit="era", ymod=mt["psuf"])


def _unknown_era_expr(mt: re.Match, text: str) -> _Expr | None:
    if not _unknown_era(mt["uera"]):
        return None
    return _Expr(mt.start(), mt.end(), "unknown_era", era=mt["uera"], y=_num(mt["uy"]), unknown_era=True)


def _decade_century(y: int) -> int:
    """The century of a two-digit decade (70年代 = the 1970s, 10年代 = the 2010s)."""
    return 2000 + y if y < 20 else 1900 + y


_SAME = ("同年", "同年度")  # "the same year": the year of the date before
_PER_DAY = re.compile(r" {0,2}(?:に|当たり|あたり) {0,2}[0-9一二三四五六七八九十何数]")


_ENG_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def _english_expr(mt: re.Match, text: str = "") -> _Expr | None:
    mon = _ENG_MONTHS[(mt["emon"] or mt["emon2"])[:3].lower()]
    d = mt["ed"] or mt["ed2"]
    d = int(d) if d else None
    if d is not None and not 1 <= d <= 31:
        return None
    y = int(mt["ey"] or mt["ey2"])
    return _Expr(mt.start(), mt.end(), "english_date", y=y, western=True, m=mon, d=d)


_OFFSET_UNITS = {
    "日": "day",
    "週間": "week",
    "週": "week",
    "年": "year",
    "ヶ年": "year",
    "か年": "year",
    "世紀": "century",
}


def _offset_expr(mt: re.Match, text: str = "") -> _Expr | None:
    raw = mt["on"]
    n = 25 if raw == "四半" else 0.5 if raw == "半" else None
    n2 = None
    if n is None:
        n = _num(re.split("[、,・]", raw)[0])
        if n is None:
            return None
        if mt["on2"]:  # 14、5年前 is 14 or 15 years ago; 2、3日前 two or three days
            last = _num(mt["on2"])
            n2 = n - n % 10 + last if last < n % 10 or n >= 10 else last
            if not 0 < n2 - n <= 5:
                return None
    unit = _OFFSET_UNITS.get(mt["ou"], "month")
    if raw == "四半" and unit != "century":
        return None
    if raw == "半" and unit not in ("year", "month"):
        return None
    if raw == "四半":
        n, unit = 25, "year"
    elif raw == "半":
        n, unit = (6, "month") if unit == "year" else (15, "day")
    if unit == "century":
        n, unit = n * 100, "year"
    if not n or n > 3000:
        return None
    sign = -1 if mt["od"] == "前" else 1
    approx = "APPROX" if mt["oa"] and mt["oa"] != "以上" else None
    return _Expr(
        mt.start(),
        mt.end(),
        "offset",
        unit="none",
        offset=(n, n2, unit, sign),
        mod=approx,
        mod_text=mt["oa"] if approx else None,
    )


def _unknown_era(name: str) -> bool:
    """An era-shaped name that is no word: two kanji MeCab reads as two one-character words
    (牌孫 is; 中学 of 中学1年, 入社 of 入社3年 are words)."""
    if _tables().eras.get(name) or any(c in "年月日度同毎昨今本来翌前当" for c in name):
        return False
    from pipeline.text.tagger import get_tagger

    words = [w.surface for w in get_tagger()(name)]
    return len(words) == 2


def _sep_expr(mt: re.Match, text: str = "") -> _Expr | None:
    era = _era_of(mt["era"] or mt["ini"])
    y = _num(mt["y"])
    sep, d = mt["sep"], mt["d"]
    if era is None:
        if y is None or not 1000 <= y <= 2999 or mt["y"] == "元":
            return None
        if d is None and (sep != "/" and not mt["mu"]):
            return None  # 2021.7 is a decimal, 2021-7 a code
        if sep == "-" and (d is None or not 1900 <= y <= 2099):
            return None  # with dashes only a whole modern date (2005-01-25, 2021-7-18)
        if mt["dsp"] and sep != ".":
            return None  # 2002.10. 2: an OCR space after a dot, nothing else
    elif d is None and sep not in "/." and not mt["mu"]:
        return None
    m = int(mt["m"])
    dd = int(d) if d else None
    if not 1 <= m <= 12 or (dd is not None and not 1 <= dd <= 31):
        return None
    rule = "separated_date" if era is None else ("era_separated_date" if mt["era"] else "initial_date")
    return _Expr(mt.start(), mt.end(), rule, era=era, y=y, western=era is None, m=m, d=dd)


def _select(cands: list[_Expr]) -> list[_Expr]:
    """Keep the longest candidate at each position, then drop anything overlapping a kept one."""
    cands.sort(key=lambda e: (e.start, -(e.end - e.start)))
    out: list[_Expr] = []
    for e in cands:
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def _apposition(sel: list[_Expr]) -> list[_Expr]:
    """A relative word with the date it names written right after it is one expression:
    今月4月, ことし6月 (the year from the word), 明日28日 (the day as written)."""
    out: list[_Expr] = []
    for e in sel:
        a = out[-1] if out else None
        if (
            a is not None
            and a.rel
            and a.end == e.start
            and a.m is None
            and a.d is None
            and not a.offset
            and e.unit == "none"
            and not e.rel
            and not e.offset
        ):
            unit = _tables().relative[a.rel][0]
            if unit == "year":
                out[-1] = replace(a, end=e.end, m=e.m, m2=e.m2, d=e.d, d2=e.d2, mmod=e.mmod)
                continue
            if unit == "month" and e.m is not None:
                out[-1] = replace(a, end=e.end, d=e.d, d2=e.d2, mmod=e.mmod)
                continue
            if unit == "day" and e.d is not None:
                out[-1] = replace(e, start=a.start)
                continue
        out.append(e)
    return out


def _trim(text: str, e: _Expr) -> _Expr:
    """Drop trailing artifact spaces (the space after 年 in '平成 17 年 盛岡' is not ours)."""
    end = e.end
    while end > e.start and text[end - 1] == " ":
        end -= 1
    return replace(e, end=end) if end != e.end else e


def _ranges(text: str, sel: list[_Expr]) -> list[_Expr]:
    """Join A～B / AからB into one range expression; B may omit what it shares with A."""
    p = _patterns()
    out: list[_Expr] = []
    i = 0
    while i < len(sel):
        a = sel[i]
        c = p["conn"].match(text, a.end)
        b = None
        if c and not a.to and a.y2 is None:
            nxt = sel[i + 1] if i + 1 < len(sel) else None
            if nxt is not None and nxt.start == c.end() and _range_ok(a, nxt):
                b, i = nxt, i + 1
            elif nxt is None or nxt.start > c.end():
                b = _partial(text, c.end(), a, nxt.start if nxt else len(text))
                if b is not None and not _range_ok(a, b):
                    b = None
        if b is not None:
            a = replace(a, end=b.end, to=b, head_end=a.end)
        out.append(a)
        i += 1
    return out


def _range_ok(a: _Expr, b: _Expr) -> bool:
    # an open connector must lead to a date at least as fine as the year: 2005年-2006年 yes,
    # but not two unrelated relative words
    return not (a.rel and b.rel) or a.rel != b.rel


def _partial(text: str, pos: int, a: _Expr, limit: int) -> _Expr | None:
    p = _patterns()
    if a.rule == "slash_month_day" or (a.rule == "separated_date" and a.d):
        mt = p["slash_partial"].match(text, pos)
        if not mt or mt.end() > limit:
            return None
        m = int(mt["m"]) if mt["m"] else a.m
        d = int(mt["d"])
        if not (m and 1 <= m <= 12 and 1 <= d <= 31):
            return None
        return replace(a, start=mt.start(), end=mt.end(), m=m, d=d, rule="range_end", to=None)
    mt = p["partial"].match(text, pos)
    if not mt or mt.end() == pos or mt.end() > limit:
        return None
    y, m, d = _num(mt["y"]), _num(mt["m"]), _num(mt["d"])
    era = _era_of(mt["era"])
    if m is not None and not 1 <= m <= 12 or d is not None and not 1 <= d <= 31:
        return None
    # the end may not be coarser-and-shorter than the start: 1月25日～27日 needs a day
    if y is None and m is None and d is None and not mt["mmod"]:
        return None
    if y is None:
        if (m is not None and a.m is None) or (d is not None and m is None and a.d is None):
            return None
        if mt["mmod"] and m is None and a.m is None:
            return None
        return replace(
            a,
            start=mt.start(),
            end=mt.end(),
            m=m if m is not None else a.m,
            d=d,
            mmod=mt["mmod"],
            rule="range_end",
            to=None,
            ymod=None,
        )
    unit = "fy" if mt["yu"] == "年度" else "year"
    if era is None and not a.western and a.era is None and not a.rel:
        return None
    western = era is None and (a.western or y >= 1000)
    return _Expr(
        mt.start(),
        mt.end(),
        "range_end",
        era=era or (None if western else a.era),
        y=y,
        western=western,
        unit=unit,
        m=m,
        d=d,
        mmod=mt["mmod"],
        rel=None,
    )


# (pattern, window kind or None for a whole-text scan, builder); the order matters
_RULES = (
    ("main", "year", _main_expr),
    ("yrange", "year", _year_range_expr),
    ("relm", "month", _relative_word_expr),
    ("relo", "word", _relative_word_expr),
    ("md", "month", _month_day_expr),
    ("sep", "digit", _sep_expr),
    ("slash_md", "digit", _slash_month_day_expr),
    ("bare_ini", "digit", _initial_year_expr),
    ("kana", None, _relative_word_expr),
    ("dayonly", "word", _day_only_expr),
    ("offset", "offset", _offset_expr),
    ("century", "word", _century_expr),
    ("bce", "year", _bce_expr),
    ("eng", "digit", _english_expr),
    ("eraper", "era", _era_period_expr),
    ("uera", "year", _unknown_era_expr),
)
