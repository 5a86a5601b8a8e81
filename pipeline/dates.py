"""Japanese date expressions (eras, fiscal years, relative dates) as ISO intervals.

Conventions (see ../shared/eval/README.md):
- every DATE span carries an inclusive ``start_date``/``end_date`` interval;
- 年度 is the fiscal year 1 April .. 31 March (``FY2005``); a year- or month-level
  interval is clipped to its era (昭和64年 = 1989-01-01..1989-01-07), a fiscal year is not;
- 月末 is the last day of the month, 月初/月頭 the first; 年末/年初 are December/January,
  年度末/年度初め March/April; 上旬/中旬/下旬 are days 1-10/11-20/21-end;
- era years that do not exist (平成32年) are kept with ``valid=False`` and their naive
  (arithmetic) interval; impossible calendar days (2月30日) get ``valid=False``, no interval;
- ranges (平成16年4月～17年3月, …から…) are one span, granularity ``range``, value
  ``<start value>/<end value>`` (``2004-04/2005-03``); other multi-unit intervals (half,
  season, ten_days, week, decade, century) take the ISO interval ``start/end`` as value;
- 明治 dates before 1873 are lunisolar: only the year is trusted, month/day get an interval
  only where the month's first day is in the era table.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.datafiles import data_text
from pipeline.spans import DATE, Span

__all__ = ["find_dates", "infer_doc_date", "date_from_filename"]

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

_KDIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_KDIGIT["零"] = 0
_KUNIT = {"十": 10, "百": 100, "千": 1000}


def _num(s: str | None) -> int | None:
    """Parse ASCII, positional kanji (二〇〇五) or unit kanji (二十五, 千九百八十九) numerals."""
    if s is None:
        return None
    s = s.replace(" ", "")
    if s == "元":
        return 1
    if s.isascii():
        return int(s) if s.isdigit() else None
    if not any(c in _KUNIT for c in s):
        return int("".join(str(_KDIGIT[c]) for c in s))
    total, cur = 0, 0
    for c in s:
        if c in _KDIGIT:
            cur = cur * 10 + _KDIGIT[c]  # 二千〇〇一: digits after a unit are positional
        else:
            total += (cur or 1) * _KUNIT[c]
            cur = 0
    return total + cur


# Width-preserving fold (offsets stay valid): full-width digits/Latin/punctuation and the
# ideographic space to ASCII. Ligatures (㍻) stay one character and are matched as eras.
_FOLD = {0xFF10 + i: 0x30 + i for i in range(10)}
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
_DIG = r"[0-9]{1,4}"
_KNUM = r"[〇零一二三四五六七八九十百千]{1,7}"
_NUM = rf"(?:{_DIG}|{_KNUM})"
_MNUM = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
_DNUM = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,4})"
_WEEKDAY = r"(?: {0,2}[(（][月火水木金土日](?:曜日?)?[)）])?"  # 1月25日（火）: kept inside the span
_CONN = r"(?:[～〜~\-―‐ー]|から)"
_YMOD = r"上半期|下半期|上期|下期|前半|後半|初頭|初め(?!て)|始め|年末|末|初(?![めての])|頭|春|夏|秋"
_MMOD = r"上旬|中旬|下旬|初旬|末|初め(?!て)|始め|初(?![めての])|頭|終わり|終り"
# A bare 年 followed by these is a duration or another word (年間, 年金, 17年前, 年以上 …).
_YEAR_STOP = r"(?!金|齢|収|俸|間|次|数|率|賀|輪|号|来|以|ぶり|振り|目|会|報|額|分|余|近く|頃|ごろ|前(?!半)|後(?!半)|代)"
_DAY_STOP = r"(?!間|分|以|前|後|ぶり|振り|目|ほど|程|余|号|本|付|限)"


@lru_cache(maxsize=1)
def _patterns() -> dict:
    t = _tables()
    era_names = sorted((k for k in t.eras if len(k) > 0 and k not in t.initials), key=len, reverse=True)
    era = _trie_regex(era_names)
    # Every pattern starts with a one-character lookahead so the engine skips most
    # positions after a single class test (the era alternation is ~250 names long).
    era_first = "".join(sorted({re.escape(n[0]) for n in era_names}))
    num_first = "0-9〇零一二三四五六七八九十百千元"
    rel = t.relative
    rel_fy = "|".join(sorted((w for w, v in rel.items() if v[0] == "fy"), key=len, reverse=True))
    rel_y = "|".join(sorted((w for w, v in rel.items() if v[0] == "year"), key=len, reverse=True))
    rel_m_words = [w for w, v in rel.items() if v[0] == "month"]
    rel_m = "|".join(sorted(rel_m_words, key=len, reverse=True))
    rel_o_words = [w for w, v in rel.items() if v[0] in ("day", "week", "century")]
    rel_o = "|".join(sorted(rel_o_words, key=len, reverse=True))
    ini = "".join(t.initials)
    # month (with shared-unit month range 4～6月) then day (25～27日) or a month modifier
    month = (
        rf"(?P<m>{_MNUM}){_S}(?:{_CONN}{_S}(?P<m2>{_MNUM}){_S})?月(?!曜|間|次|分|ぶり|以|も|ほど|余|あまり|足らず|半|ばかり|越し|近く|位|ぐらい|くらい|程)"
        rf"(?:{_S}(?P<d>{_DNUM}){_S}(?:{_CONN}{_S}(?P<d2>{_DNUM}){_S})?日{_DAY_STOP}{_WEEKDAY}"
        rf"|(?P<mmod>{_MMOD}))?"
    )
    year_tail = (
        rf"(?:(?P<fy>年度)(?:{_S}(?P<fymod>{_YMOD}))?|(?P<dec>年代)|年{_YEAR_STOP}"
        rf"(?:{_S}(?P<ymod>{_YMOD}))?)"
    )
    # 昭和45年 1/1: a year followed by a numeric month/day
    month_any = rf"(?:{month}|(?P<sm>[0-9]{{1,2}})/(?P<sd>[0-9]{{1,2}})(?![0-9/.]))"
    rel_first = "".join(sorted({w[0] for w in rel}))
    main = (
        rf"(?=[{era_first}{num_first}{ini}西{rel_first}])"
        r"(?<![0-9A-Za-z.,/:\-])"
        r"(?:"
        rf"(?P<era>{era}){_S}(?P<ey>{_DIG}|{_KNUM}|元){_S}"
        rf"|(?P<ini>[{ini}])(?P<iy>[0-9]{{1,2}}|元){_S}"
        rf"|(?:(?P<ad>西暦){_S})?(?P<wy>[0-9]{{3,4}}|[〇零一二三四五六七八九]{{4}}|[一二]千[〇零一二三四五六七八九十百]{{0,6}}){_S}"
        rf"|(?<![〇一二三四五六七八九十百千])(?P<ny>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}}){_S}"
        rf"|(?<![\u4e00-\u9fff々])(?P<relfy>{rel_fy})"
        rf"|(?<![\u4e00-\u9fff々])(?P<rely>{rel_y}){_YEAR_STOP}"
        r")"
        rf"(?(relfy)(?:{_S}(?P<rfymod>{_YMOD}))?|(?(rely)(?:{_S}(?P<rymod>{_YMOD}))?|{year_tail}))"
        rf"(?:{_S}{month_any})?"
    )
    relm = (
        rf"(?=[{_first_chars(rel_m_words)}])(?<![\u4e00-\u9fff々])(?P<relm>{rel_m})"
        rf"(?:{_S}(?P<d>{_DNUM}){_S}日{_DAY_STOP}|(?P<mmod>{_MMOD}))?"
    )
    # 明日香 (a place), 前日本代表 (former Japan team), 今日的 (modern) are no dates
    relo = rf"(?=[{_first_chars(rel_o_words)}])(?<![\u4e00-\u9fff々])(?P<relo>{rel_o})(?!香|本|的)"
    # month without a year (7月, 7月18日); year comes from the context
    md = rf"(?=[{num_first}])(?<![0-9〇一二三四五六七八九十年度])(?P<ym>){month}"
    sep = (
        rf"(?=[{era_first}0-9{ini}西])"
        r"(?<![0-9A-Za-z.,/:\-])"
        rf"(?:(?P<era>{era}){_S}|(?P<ini>[{ini}])|(?:(?P<ad>西暦){_S})?)"
        r"(?P<y>[0-9]{1,4}|元)(?P<sep>[/.・,\-])(?P<m>[0-9]{1,2})(?:(?P=sep)(?P<d>[0-9]{1,2})日?|(?P<mu>月))?"
        r"(?![0-9]|[/.,・\-][0-9]|%|％)"
    )
    slash_md = (
        r"(?=[0-9])(?<![0-9A-Za-z.,/:\-約])(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})"
        r"(?![0-9]|[/.][0-9]|%|％|の|倍|以上|以下|程度|未満|強|弱)"
    )
    bare_ini = rf"(?=[{ini}])(?<![0-9A-Za-z\-.])(?P<ini>[{ini}])(?P<iy>[0-9]{{2}})(?![0-9A-Za-z\-./])"
    yrange = (
        rf"(?=[{era_first}{num_first}西])"
        r"(?<![0-9A-Za-z.,/:\-])"
        rf"(?:(?P<era>{era}){_S}|(?:(?P<ad>西暦){_S})?)"
        rf"(?P<y1>{_DIG}|{_KNUM}|元){_S}{_CONN}{_S}(?P<y2>{_DIG}|{_KNUM}){_S}(?P<yu>年度|年){_YEAR_STOP}"
    )
    partial = (
        rf"(?:(?P<era>{era}){_S})?"
        rf"(?:(?P<y>{_DIG}|{_KNUM}|元){_S}(?P<yu>年度|年){_S})?"
        rf"(?:(?P<m>{_MNUM}){_S}月{_S})?"
        rf"(?:(?P<d>{_DNUM}){_S}日{_WEEKDAY}|(?P<mmod>{_MMOD}))?"
    )
    # The relative words come from a data file; one without the character its rule's windows
    # are found by (see _WINDOWS) would never be tried.
    rel_y_words = [w for w, v in rel.items() if v[0] in ("fy", "year")]
    for kind, words in (("year", rel_y_words), ("month", rel_m_words), ("word", rel_o_words)):
        if outside := [w for w in words if not re.search(f"[{_WINDOWS[kind][0]}]", w)]:
            raise ValueError(f"relative words without a {kind} window trigger: {outside}")
    return {
        "main": re.compile(main),
        "relm": re.compile(relm),
        "relo": re.compile(relo),
        "md": re.compile(md),
        "sep": re.compile(sep),
        "slash_md": re.compile(slash_md),
        "bare_ini": re.compile(bare_ini),
        "yrange": re.compile(yrange),
        "conn": re.compile(
            rf"{_S}(?:[～〜~\-―‐]|から|より|ー(?=[0-9一二三四五六七八九十平昭令大明]))(?:{_S})"
        ),
        "partial": re.compile(partial),
        "slash_partial": re.compile(r"(?:(?P<m>[0-9]{1,2})/)?(?P<d>[0-9]{1,2})(?![0-9/.])"),
        "made": re.compile(rf"{_S}まで"),
        "windows": {kind: _window_regex(chars, reach) for kind, (chars, reach) in _WINDOWS.items()},
    }


# Most text has no date for hundreds of characters, yet every rule tries every position, so
# each is run only in windows around a character all of its matches contain: 年 for main and
# yrange (a year ends in 年/年度/年代, and so does every relative year word), 月 for md and relm,
# 日/週/紀 ending the other relative words (relo), and an ASCII digit (the text is folded) for
# sep, slash_md and bare_ini. Finding those characters is one fast scan each.
# A window reaches ``reach`` characters beyond its first and last trigger: at least the
# longest match plus the longest lookaround in it (main 65 + 3, yrange 30 + 2, md 41 + 3,
# relm 12 + 2, relo 4 + 1, sep 17 + 2, slash_md 5 + 2, bare_ini 3 + 1, as _window_regex's
# doctest checks), so no match or lookahead can cross a window's edge; finditer does not slice
# the text, so a lookbehind still sees what lies before a window.
_WINDOWS = {  # kind: (trigger characters as a class body, reach)
    "year": ("年", 72),
    "month": ("月", 48),
    "word": ("日週紀", 6),
    "digit": ("0-9", 24),
}


def _window_regex(triggers: str, reach: int) -> re.Pattern:
    """Runs of triggers at most two reaches apart, whose windows overlap or touch and so are one.

    >>> from re import _parser  # the regex engine's own widths
    >>> def subpatterns(av):
    ...     if isinstance(av, _parser.SubPattern):
    ...         yield av
    ...     elif isinstance(av, (tuple, list)):
    ...         for a in av:
    ...             yield from subpatterns(a)
    >>> def lookaround(tree):  # the widest lookahead or lookbehind anywhere in the pattern
    ...     asserts = (_parser.ASSERT, _parser.ASSERT_NOT)
    ...     return max([sub.getwidth()[1] if op in asserts else lookaround(sub)
    ...                 for op, av in tree.data for sub in subpatterns(av)], default=0)
    >>> def reach(rule):
    ...     tree = _parser.parse(_patterns()[rule].pattern)
    ...     return tree.getwidth()[1] + lookaround(tree)
    >>> rules = {"year": ["main", "yrange"], "month": ["md", "relm"], "word": ["relo"],
    ...          "digit": ["sep", "slash_md", "bare_ini"]}
    >>> [kind for kind, names in rules.items() if max(map(reach, names)) > _WINDOWS[kind][1]]
    []
    """
    t = f"[{triggers}]"
    return re.compile(rf"{t}(?:[^{triggers}]{{0,{2 * reach}}}{t})*")


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each kind of window, the disjoint ``(start, end)`` windows of ``text``."""
    n, out = len(text), {}
    for kind, pattern in _patterns()["windows"].items():
        reach = _WINDOWS[kind][1]
        out[kind] = [(max(mt.start() - reach, 0), min(mt.end() + reach, n)) for mt in pattern.finditer(text)]
    return out


def _scan(pattern: re.Pattern, text: str, windows: list[tuple[int, int]]):
    """``pattern.finditer(text)``, trying only the positions inside ``windows``."""
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


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
    to: _Expr | None = None  # end of a range


def _first_chars(words) -> str:
    """The first characters of ``words`` as the body of a character class."""
    return "".join(sorted({re.escape(w[0]) for w in words}))


def _trie_regex(words: list[str]) -> str:
    """An alternation of ``words`` factored by common prefixes (longest match first)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        end = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return "(?:" + build(trie) + ")"


def _era_of(word: str | None) -> str | None:
    if word is None:
        return None
    t = _tables()
    e = t.eras.get(word) or t.initials.get(word)
    return e.name if e else None


def _main_expr(mt: re.Match, rule_hint: str = "") -> _Expr | None:
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
            if y is None or not 1000 <= y <= 2999 and not g.get("ad"):
                return None
            kw.update(y=y, western=True, rule="western_date")
        elif g.get("ny"):
            # era-less year: only 17年度 or 17年3月 (a bare 17年 is usually a duration)
            if not (g.get("fy") or g.get("m")):
                return None
            kw.update(y=_num(g["ny"]), rule="eraless_year")
        if g.get("fy"):
            kw.update(unit="fy", ymod=g.get("fymod"))
        elif g.get("dec"):
            if not kw.get("western") or kw["y"] % 10:
                return None
            kw.update(unit="decade")
        else:
            kw.update(ymod=g.get("ymod"))
    if kw.get("ymod") in ("年末",):
        kw["ymod"] = "末"
    if kw.get("ymod") in ("春", "夏", "秋") and kw.get("unit") == "fy":
        return None
    month = _month_of(g)
    return None if month is None else _Expr(mt.start(), mt.end(), **kw, **month)


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
    out: list[_Expr] = []
    w = _windows(text)
    # the order of the rules matters: _select keeps the first of two equal candidates
    for mt in _scan(p["main"], text, w["year"]):
        e = _main_expr(mt)
        if e:
            out.append(e)
    for mt in _scan(p["yrange"], text, w["year"]):
        era = _era_of(mt["era"])
        y1, y2 = _num(mt["y1"]), _num(mt["y2"])
        if y1 is None or y2 is None or y2 <= y1:
            continue
        western = era is None and y1 >= 1000
        if era is None and not western and not (y1 < 100 and mt["yu"] == "年度"):
            continue
        unit = "fy" if mt["yu"] == "年度" else "year"
        rule = "year_range" if era or western else "eraless_year"
        a = _Expr(mt.start(), mt.end(), rule, era=era, y=y1, western=western, unit=unit, y2=y2)
        out.append(a)
    for mt in _scan(p["relm"], text, w["month"]):
        out.append(
            _Expr(
                mt.start(),
                mt.end(),
                "relative_month",
                rel=mt["relm"],
                unit="none",
                d=_num(mt["d"]),
                mmod=mt["mmod"],
            )
        )
    for mt in _scan(p["relo"], text, w["word"]):
        out.append(
            _Expr(
                mt.start(),
                mt.end(),
                "relative_" + _tables().relative[mt["relo"]][0],
                rel=mt["relo"],
                unit="none",
            )
        )
    for mt in _scan(p["md"], text, w["month"]):
        month = _month_of(mt.groupdict())
        if month is not None:
            out.append(_Expr(mt.start(), mt.end(), "month_day", unit="none", **month))
    for mt in _scan(p["sep"], text, w["digit"]):
        e = _sep_expr(mt)
        if e:
            out.append(e)
    for mt in _scan(p["slash_md"], text, w["digit"]):
        m, d = int(mt["m"]), int(mt["d"])
        if 1 <= m <= 12 and 1 <= d <= 31:
            out.append(_Expr(mt.start(), mt.end(), "slash_month_day", unit="none", m=m, d=d))
    for mt in _scan(p["bare_ini"], text, w["digit"]):
        era = _tables().initials[mt["ini"]]
        y = int(mt["iy"])
        if 1 <= y and (era.max_year is None or y <= era.max_year):
            out.append(_Expr(mt.start(), mt.end(), "initial_year", era=era.name, y=y))
    return out


def _sep_expr(mt: re.Match) -> _Expr | None:
    era = _era_of(mt["era"] or mt["ini"])
    y = _num(mt["y"])
    sep, d = mt["sep"], mt["d"]
    if era is None:
        if y is None or not 1000 <= y <= 2999 or mt["y"] == "元":
            return None
        if d is None and (sep != "/" and not mt["mu"]):
            return None  # 2021.7 is a decimal, 2021-7 a code
        if sep == "-" and (d is None or len(mt["m"]) != 2 or len(d) != 2):
            return None  # only ISO 2005-01-25 with dashes
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
            a = replace(a, end=b.end, to=b, rule="range")
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


# ---------------------------------------------------------------- resolution


@dataclass
class _Ctx:
    anchor: dt.date | None
    era: str | None = None  # era in force (last explicit era in the text)
    last: dict | None = None  # last absolute result: year, month, day, fy, start


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _fy_of(d: dt.date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _era_at(day: dt.date) -> _Era | None:
    for e in reversed(_tables().modern):
        if e.start <= day:
            return e
    return None


def _res(
    year=None, month=None, day=None, gran="year", start=None, end=None, valid=True, value=None, **kw
) -> dict:
    r = dict(
        era=None,
        era_year=None,
        year=year,
        month=month,
        day=day,
        granularity=gran,
        start_date=start,
        end_date=end,
        valid=valid,
        era_inferred=False,
        relative=False,
        anchor_date=None,
    )
    r.update(kw)
    r["_value"] = value
    return r


def _calendar_interval(y: int, e: _Expr, fy: bool) -> dict | None:
    """Interval of a written (year, modifiers, month, day) in the Gregorian calendar."""
    m, d, ymod, mmod = e.m, e.d, e.ymod, e.mmod
    if fy:
        if m is not None:
            return _calendar_interval(y + 1 if m <= 3 else y, replace(e, ymod=None), False)
        s, t = dt.date(y, 4, 1), dt.date(y + 1, 3, 31)
        if ymod in ("上期", "上半期", "前半"):
            return _res(y, None, None, "half", s, dt.date(y, 9, 30), value=f"FY{y}-H1")
        if ymod in ("下期", "下半期", "後半"):
            return _res(y, None, None, "half", dt.date(y, 10, 1), t, value=f"FY{y}-H2")
        if ymod == "末":
            return _res(y + 1, 3, None, "month", dt.date(y + 1, 3, 1), t, value=f"{y + 1:04d}-03")
        if ymod in ("初め", "始め", "初頭", "初", "頭"):
            return _res(y, 4, None, "month", s, dt.date(y, 4, 30), value=f"{y:04d}-04")
        return _res(y, None, None, "fiscal_year", s, t, value=f"FY{y}")
    if m is None:
        if ymod in ("上期", "上半期", "前半"):
            return _res(y, None, None, "half", dt.date(y, 1, 1), dt.date(y, 6, 30), value=f"{y:04d}-H1")
        if ymod in ("下期", "下半期", "後半"):
            return _res(y, None, None, "half", dt.date(y, 7, 1), dt.date(y, 12, 31), value=f"{y:04d}-H2")
        if ymod == "末":
            return _res(y, 12, None, "month", dt.date(y, 12, 1), dt.date(y, 12, 31), value=f"{y:04d}-12")
        if ymod in ("初め", "始め", "初頭", "初", "頭"):
            return _res(y, 1, None, "month", dt.date(y, 1, 1), dt.date(y, 1, 31), value=f"{y:04d}-01")
        if ymod in ("春", "夏", "秋"):
            m0 = {"春": 3, "夏": 6, "秋": 9}[ymod]
            code = {"春": "SP", "夏": "SU", "秋": "FA"}[ymod]
            return _res(
                y, None, None, "season", dt.date(y, m0, 1), _month_end(y, m0 + 2), value=f"{y:04d}-{code}"
            )
        return _res(y, None, None, "year", dt.date(y, 1, 1), dt.date(y, 12, 31), value=f"{y:04d}")
    if e.m2 is not None:
        return _res(
            y,
            m,
            None,
            "range",
            dt.date(y, m, 1),
            _month_end(y, e.m2),
            value=f"{y:04d}-{m:02d}/{y:04d}-{e.m2:02d}",
        )
    if d is not None:
        try:
            s = dt.date(y, m, d)
            t = dt.date(y, m, e.d2) if e.d2 else s
        except ValueError:
            return _res(y, m, d, "day", None, None, valid=False, value=f"{y:04d}-{m:02d}-{d:02d}")
        if e.d2:
            return _res(y, m, d, "range", s, t, value=f"{s.isoformat()}/{t.isoformat()}")
        return _res(y, m, d, "day", s, s, value=s.isoformat())
    last = _month_end(y, m)
    if mmod == "末":
        return _res(y, m, last.day, "day", last, last, value=last.isoformat())
    if mmod in ("初め", "始め", "初", "頭"):
        s = dt.date(y, m, 1)
        return _res(y, m, 1, "day", s, s, value=s.isoformat())
    if mmod in ("上旬", "初旬", "中旬", "下旬", "終わり", "終り"):
        a, b = {"上旬": (1, 10), "初旬": (1, 10), "中旬": (11, 20)}.get(mmod, (21, last.day))
        s, t = dt.date(y, m, a), dt.date(y, m, b)
        return _res(y, m, None, "ten_days", s, t, value=f"{s.isoformat()}/{t.isoformat()}")
    return _res(y, m, None, "month", dt.date(y, m, 1), last, value=f"{y:04d}-{m:02d}")


def _apply_era(era: _Era, n: int, e: _Expr, fy: bool) -> dict | None:
    """Convert era year n (+ month/day) to an interval, clipped to the era and validated."""
    if n == 0:
        r = _res(None, e.m, e.d, _gran(e, fy), valid=False)
        r.update(era=era.name, era_year=0)
        return r
    y = era.first_year + n - 1
    if era.start is None:  # pre-modern: Julian/lunisolar, trust the year only
        r = _res(
            y,
            e.m,
            e.d,
            _gran(e, fy),
            valid=era.max_year is None or n <= era.max_year,
            value=f"{y:04d}" if not fy else f"FY{y}",
        )
        r.update(era=era.name, era_year=n)
        return r
    if era.lunisolar_until and y <= era.lunisolar_until.year and not fy:
        return _lunisolar(era, n, y, e)
    r = _calendar_interval(y, e, fy)
    r.update(era=era.name, era_year=n)
    s, t = r["start_date"], r["end_date"]
    lo, hi = era.start, era.end or dt.date.max
    if s is None:  # impossible calendar day
        return r
    if r["granularity"] == "day":
        r["valid"] = lo <= s <= hi
    elif fy:
        r["valid"] = s <= hi and t >= lo  # 令和元年度 = FY2019 although 令和 began in May
    elif t < lo or s > hi:
        r["valid"] = False
    else:
        r["start_date"], r["end_date"] = max(s, lo), min(t, hi)
    if era.max_year is not None and n > era.max_year:
        r["valid"] = False
    return r


def _gran(e: _Expr, fy: bool) -> str:
    return "day" if e.d else "month" if e.m else "fiscal_year" if fy else "year"


def _lunisolar(era: _Era, n: int, y: int, e: _Expr) -> dict:
    t = _tables()
    r = _res(y, e.m, e.d, _gran(e, False), value=f"{y:04d}")
    r.update(era=era.name, era_year=n)
    first = t.luni_month_start.get((era.name, n, e.m)) if e.m else None
    if first is not None:
        ndays = t.luni_month_days.get((era.name, n, e.m), 30)
        if e.d is not None:
            if e.d > ndays:
                r["valid"] = False
            else:
                s = first + dt.timedelta(days=e.d - 1)
                r.update(start_date=s, end_date=s, _value=s.isoformat())
        elif e.mmod is None:
            r.update(start_date=first, end_date=first + dt.timedelta(days=ndays - 1))
    return r


def _resolve(e: _Expr, ctx: _Ctx) -> dict | None:
    t = _tables()
    fy = e.unit == "fy"
    if e.rel:
        return _resolve_relative(e, ctx)
    if e.unit == "none":  # month/day without a year: take the year from context
        return _resolve_yearless(e, ctx)
    if e.unit == "decade":
        y = e.y
        if not dt.MINYEAR <= y <= dt.MAXYEAR - 9:  # a garbled numeral: kept, invalid, no interval
            return _res(y, None, None, "decade", None, None, valid=False, value=f"{y:04d}/{y + 9:04d}")
        return _res(
            y, None, None, "decade", dt.date(y, 1, 1), dt.date(y + 9, 12, 31), value=f"{y:04d}/{y + 9:04d}"
        )
    inferred = False
    era_name = e.era
    if not e.western and era_name is None:
        era_name = ctx.era
        if era_name is None and ctx.anchor is not None:
            a = _era_at(ctx.anchor)
            era_name = a.name if a else None
        if era_name is None:
            return None
        inferred = True
    if e.y2 is not None:  # 平成16～17年度
        a = _resolve(replace(e, y2=None), ctx)
        b = _resolve(replace(e, y=e.y2, y2=None), ctx)
        if a is None or b is None:
            return None
        return _join(a, b)
    if e.western:
        r = _calendar_interval(e.y, e, fy)
    else:
        r = _apply_era(t.eras[era_name], e.y, e, fy)
    if r is not None:
        r["era_inferred"] = inferred
    return r


def _resolve_yearless(e: _Expr, ctx: _Ctx) -> dict:
    base = ctx.last["start"] if ctx.last and ctx.last.get("start") else ctx.anchor
    if base is None:
        gran = "day" if e.d else "month"
        value = f"--{e.m:02d}-{e.d:02d}" if e.d else f"--{e.m:02d}"
        return _res(
            None,
            e.m,
            e.d,
            gran,
            value=value,
            relative=True,
            valid=e.d is None or e.d <= calendar.monthrange(2000, e.m)[1],
        )
    y = base.year
    if ctx.last and ctx.last.get("fy") is not None and base is ctx.last["start"]:
        y = ctx.last["fy"] + (1 if e.m <= 3 else 0)  # 3月 after 平成16年度 is March 2005
    r = _calendar_interval(y, e, False)
    r.update(relative=True, anchor_date=base)
    return r


def _resolve_relative(e: _Expr, ctx: _Ctx) -> dict:
    unit, off, basis = _tables().relative[e.rel]
    base = None
    if basis == "ctx" or (basis == "ctx_doc" and ctx.last):
        base = ctx.last["start"] if ctx.last else None
    if basis == "doc" or (basis == "ctx_doc" and base is None):
        base = ctx.anchor
    gran = {
        "fy": "fiscal_year",
        "year": "year",
        "month": "month",
        "week": "week",
        "day": "day",
        "century": "century",
    }[unit]
    if e.m or e.d:
        gran = "day" if e.d else "month"
    if base is None:
        return _res(None, e.m, e.d, gran, value=None, relative=True)
    if unit == "fy":
        r = _calendar_interval(_fy_of(base) + off, e, True)
    elif unit == "year":
        r = _calendar_interval(base.year + off, e, False)
    elif unit == "month":
        y, m = _add_months(base.year, base.month, off)
        r = _calendar_interval(y, replace(e, m=m), False)
    elif unit == "week":
        s = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=off)
        t = s + dt.timedelta(days=6)
        r = _res(s.year, None, None, "week", s, t, value=f"{s.isoformat()}/{t.isoformat()}")
    elif unit == "day":
        s = base + dt.timedelta(days=off)
        r = _res(s.year, s.month, s.day, "day", s, s, value=s.isoformat())
    else:
        c = (base.year - 1) // 100 + off
        s, t = dt.date(c * 100 + 1, 1, 1), dt.date(c * 100 + 100, 12, 31)
        r = _res(None, None, None, "century", s, t, value=f"{s.year:04d}/{t.year:04d}")
    r.update(relative=True, anchor_date=base)
    return r


def _join(a: dict, b: dict) -> dict:
    r = dict(a)
    r["granularity"] = "range"
    r["end_date"] = b["end_date"] if a["start_date"] else None
    r["start_date"] = a["start_date"] if b["end_date"] else None
    r["valid"] = a["valid"] and b["valid"]
    r["relative"] = a["relative"] or b["relative"]
    r["era_inferred"] = a["era_inferred"] or b["era_inferred"]
    r["anchor_date"] = a["anchor_date"] or b["anchor_date"]
    va, vb = a["_value"], b["_value"]
    r["_value"] = f"{va}/{vb}" if va and vb else None
    if r["start_date"] and r["end_date"] and r["end_date"] < r["start_date"]:
        r["valid"] = False
    return r


def _resolve_range(e: _Expr, ctx: _Ctx) -> dict | None:
    a = _resolve(replace(e, to=None, end=e.to.start), ctx)
    if a is None:
        return None
    b_expr = e.to
    if b_expr.rule == "range_end" and b_expr.era is None and not b_expr.western and b_expr.unit != "none":
        # 平成16年4月～17年3月: the end shares the start's era
        b_expr = replace(b_expr, era=a["era"])
    sub = _Ctx(ctx.anchor, a["era"] or ctx.era, _last(a) or ctx.last)
    b = _resolve(b_expr, sub)
    if b is None:
        return None
    b["era_inferred"] = False
    if not b_expr.rel and b["start_date"] is not None:  # 6月3日～7月2日 takes its year from the start
        b.update(relative=False, anchor_date=None)
    return _join(a, b)


def _last(r: dict) -> dict | None:
    if r.get("start_date") is None:
        return None
    fy = r["year"] if r["granularity"] == "fiscal_year" else None
    return {"start": r["start_date"], "fy": fy}


# ---------------------------------------------------------------- public API


# The pipeline calls find_dates twice on a piece, the second time with the document date as
# anchor; what is matched does not depend on the anchor, so the last pieces' expressions are
# kept (immutable: a tuple of frozen _Expr) and only the resolution is redone.
@lru_cache(maxsize=4)
def _expressions(text: str) -> tuple[_Expr, ...]:
    folded = _fold(text)
    return tuple(_ranges(folded, [_trim(folded, e) for e in _select(_candidates(folded))]))


def find_dates(text: str, *, anchor: dt.date | None = None) -> list[Span]:
    """Find date expressions in ``text`` as DATE spans with ISO values and inclusive intervals.

    >>> [(s.text, s.value) for s in find_dates("平成 17 年1月 25 日、平成16年3月末、17年度")]
    [('平成 17 年1月 25 日', '2005-01-25'), ('平成16年3月末', '2004-03-31'), ('17年度', 'FY2005')]
    """
    exprs = _expressions(text)
    ctx = _Ctx(anchor)
    if anchor is not None:
        a = _era_at(anchor)
        ctx.era = a.name if a else None
    spans: list[Span] = []
    for e in exprs:
        try:
            r = _resolve_range(e, ctx) if e.to else _resolve(e, ctx)
        except (ValueError, OverflowError):
            # A year the calendar cannot hold (a garbled numeral: 昭和二〇〇五千九百年 is
            # year 2,007,825): the text is still a date mention, kept invalid and without
            # an interval, like 2月30日, instead of failing the whole document.
            r = _res(None, e.m, e.d, "year" if e.m is None else "month" if e.d is None else "day",
                     None, None, valid=False, value=None)
        if r is None:
            continue
        if e.era is not None and e.rule != "range_end":
            ctx.era = e.era
        if not r["relative"] or r["start_date"] is not None:
            ctx.last = _last(r) or ctx.last
        value = r.pop("_value")
        attrs = {k: r[k] for k in _ATTR_KEYS}
        spans.append(Span(e.start, e.end, DATE, text[e.start : e.end], value, e.rule, attrs))
    return spans


# ---------------------------------------------------------------- document date

_PAST = re.compile(
    r"(?:まし|され|し|でし|れ|っ|終了し|行っ|行われ)た|開催(?:し|され)|設立(?:し|され)|実施(?:し|され)|誕生"
)
_FUTURE = re.compile(
    r"予定|見込|計画して|目指|におきまして|を目途|までに|募集|開催します|行います|実施します|締切|予告|今後"
)
_EVENT = re.compile(
    r"シンポジウム|セミナー|フォーラム|講演会|説明会|研究会|展示会|大会|会議|式典|交流会|ワークショップ|見学会|開催"
)
_ISSUE = re.compile(r" {0,2}(?:号|発行|発刊|刊行|創刊)")
_AS_OF = re.compile(r" {0,2}(?:時点|現在)")  # 平成16年3月末時点で: a state already reached
_CLAUSE_END = re.compile(r"[。\n]")


def infer_doc_date(text: str, spans: list[Span] | None = None) -> tuple[dt.date | None, str]:
    """Infer the document's own date from its content; return (date, basis).

    >>> infer_doc_date("平成16年12月に開催しました。平成17年度に実施する予定です。")
    (datetime.date(2004, 12, 1), 'latest_past_event')
    """
    if spans is None:
        spans = find_dates(text)
    absolute = [s for s in spans if s.attrs["start_date"] and s.attrs["valid"] and not s.attrs["relative"]]
    for s in absolute:  # an issue header: 2005年1月号, 平成17年1月発行
        if _ISSUE.match(text, s.end):
            return s.attrs["start_date"], "issue_header"
    past, future = [], []
    for i, s in enumerate(absolute):
        # the verb that governs a date follows it, before the sentence end or the next date
        nxt = absolute[i + 1].start if i + 1 < len(absolute) else len(text)
        tail = _clause(text, s.end)[: max(nxt - s.end, 0)]
        head = text[max(0, s.start - 40) : s.start]
        if _FUTURE.search(tail):
            future.append(s)
        elif _AS_OF.match(tail) or _PAST.search(tail) or _caption_event(head, tail):
            past.append(s)
    if past:
        # the document cannot predate the latest event it reports; take that (earliest) bound
        best = max(past, key=lambda s: s.attrs["start_date"])
        return best.attrs["start_date"], "latest_past_event"
    if future:
        first = min(s.attrs["start_date"] for s in future)
        return first - dt.timedelta(days=1), "before_earliest_plan"
    return None, "none"


def _clause(text: str, pos: int) -> str:
    m = _CLAUSE_END.search(text, pos, pos + 200)
    return text[pos : m.start() if m else pos + 200]


def _caption_event(head: str, tail: str) -> bool:
    """A date in a caption next to an event name (シンポジウム ( 平成17年1月25日 盛岡市 )) reports it."""
    line_head = head.rsplit("\n", 1)[-1]
    return bool(_EVENT.search(line_head) and re.search(r"[(（]", line_head)) or bool(
        _EVENT.search(tail[:20]) and not _FUTURE.search(tail)
    )


_FILE_DATE = re.compile(
    r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})[-_.]?(?P<m>0[1-9]|1[0-2])(?:[-_.]?(?P<d>0[1-9]|[12][0-9]|3[01]))?(?![0-9])"
)
_FILE_ERA = re.compile(r"(?<![0-9A-Za-z])(?P<e>[HhSsRr])(?P<y>[0-9]{1,2})[-_.](?P<m>0?[1-9]|1[0-2])(?![0-9])")


def date_from_filename(name: str) -> dt.date | None:
    """Date written in a file name (2005-01_x.txt, news_200501.txt, h17_01.txt), first of month.

    >>> date_from_filename("news_200501.txt"), date_from_filename("980-8403.txt")
    (datetime.date(2005, 1, 1), None)
    """
    stem = name.rsplit("/", 1)[-1]
    m = _FILE_DATE.search(stem)
    if m:
        try:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"] or 1))
        except ValueError:
            return None
    m = _FILE_ERA.search(stem)
    if m:
        era = _tables().initials[m["e"].upper()]
        n = int(m["y"])
        if n >= 1 and (era.max_year is None or n <= era.max_year):
            return dt.date(era.first_year + n - 1, int(m["m"]), 1)
    return None
