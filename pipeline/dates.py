"""Japanese date expressions (eras, fiscal years, relative dates) as ISO intervals.

Conventions (see ../shared/eval/README.md):
- every DATE span carries an inclusive ``start_date``/``end_date`` interval;
- 年度 is the fiscal year 1 April .. 31 March (``FY2005``); a year- or month-level
  interval is clipped to its era (昭和64年 = 1989-01-01..1989-01-07), a fiscal year is not;
- 月末 is the last day of the month, 月初/月頭 the first; 年末/年初 are December/January,
  年度末/年度初め March/April; 上旬/中旬/下旬 are days 1-10/11-20/21-end;
- era years that do not exist (平成32年) are kept with ``valid=False`` and their naive
  (arithmetic) interval; impossible calendar days (2月30日) get ``valid=False``, no interval;
- a range whose start is a whole date (平成16年4月～17年3月, …から…) is two spans, each with
  its own interval and ``range_role`` ``start`` or ``end``; a range sharing its unit (4～6月,
  平成16～17年度) is one span, granularity ``range``, value ``<start value>/<end value>``
  (``2005-04/2005-06``); other multi-unit intervals (half, season, ten_days, week, decade,
  century) take the ISO interval ``start/end`` as value;
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
from pipeline.numerals import to_int
from pipeline.spans import DATE, Span

__all__ = ["find_dates", "infer_doc_date", "date_from_filename", "normalize_numerals"]

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


@lru_cache(maxsize=1)
def _patterns() -> dict:
    t = _tables()
    era_names = sorted((k for k in t.eras if len(k) > 0 and k not in t.initials), key=len, reverse=True)
    era = _trie_regex(era_names)
    # Every pattern starts with a one-character lookahead so the engine skips most
    # positions after a single class test (the era alternation is ~250 names long).
    era_first = "".join(sorted({re.escape(n[0]) for n in era_names}))
    num_first = "0-9〇零一二三四五六七八九十百千元"
    # relative words in kana (ことし, あす) have no window trigger: they get a rule of their own
    kana = [w for w in t.relative if re.fullmatch("[ぁ-ん]+", w)]
    rel = {w: v for w, v in t.relative.items() if w not in kana}
    rel_fy = "|".join(sorted((w for w, v in rel.items() if v[0] == "fy"), key=len, reverse=True))
    rel_y = "|".join(sorted((w for w, v in rel.items() if v[0] == "year"), key=len, reverse=True))
    rel_m_words = [w for w, v in rel.items() if v[0] == "month"]
    rel_m = "|".join(sorted(rel_m_words, key=len, reverse=True))
    rel_o_words = [w for w, v in rel.items() if v[0] in ("day", "week", "century")]
    rel_o = "|".join(sorted(rel_o_words, key=len, reverse=True))
    ini = "".join(t.initials)
    # month (with shared-unit month range 4～6月) then day (25～27日) or a month modifier
    month = (
        rf"(?P<m>{_MNUM}){_S}(?:{_CONN}{_S}(?P<m2>{_MNUM}){_S})?月(?!曜|間|次|分|ぶり|以(?!降|来|前|後)|ほど|余|あまり|足らず|半(?!ば)|ばかり|越し|近く|位|ぐらい|くらい|程)"
        rf"(?:{_S}(?P<d>{_DNUM}){_S}(?:(?:{_CONN}|[、,・]){_S}(?P<d2>{_DNUM}){_S})?日{_DAY_STOP}{_WEEKDAY}"
        rf"|(?P<mmod>{_MMOD}))?"
    )
    year_tail = (
        rf"(?:(?P<fy>年度)(?:{_S}(?P<fymod>{_YMOD}))?|(?P<dec>年代)(?:{_S}(?P<decmod>前半|後半|初頭|初め|末|半ば|中盤|中頃))?|年{_YEAR_STOP}"
        rf"(?:{_S}(?P<ymod>{_YMOD}))?)"
    )
    # 昭和45年 1/1: a year followed by a numeric month/day
    month_any = rf"(?:{month}|(?P<sm>[0-9]{{1,2}})/(?P<sd>[0-9]{{1,2}})(?![0-9/.]))"
    rel_first = "".join(sorted({w[0] for w in rel}))
    main = (
        rf"(?=[{era_first}{num_first}{ini}西{rel_first}])"
        rf"{_NUMBER_START}"
        r"(?:"
        rf"(?P<era>{era}){_S}(?P<ey>{_DIG}|{_KNUM}|元){_S}"
        rf"|(?P<ini>[{ini}])(?P<iy>[0-9]{{1,2}}|元){_S}"
        rf"|(?:(?P<ad>西暦){_S})?(?P<wy>[0-9]{{3,4}}|[〇零一二三四五六七八九]{{4}}|[一二]千[〇零一二三四五六七八九十百]{{0,6}}){_S}"
        rf"|(?<![〇一二三四五六七八九十百千])(?P<ny>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}}){_S}"
        rf"|(?<![\u4e00-\u9fff々])(?P<relfy>{rel_fy})"
        rf"|(?<![\u4e00-\u9fff々])(?P<rely>{rel_y}){_YEAR_STOP}(?!比)"
        r")"
        rf"(?(relfy)(?:{_S}(?P<rfymod>{_YMOD}))?|(?(rely)(?:{_S}(?P<rymod>{_YMOD}))?|{year_tail}))"
        rf"(?:{_S}{month_any})?"
    )
    relm = (
        rf"(?=[{_first_chars(rel_m_words)}])(?<![\u4e00-\u9fff々])(?P<relm>{rel_m})(?!比)"
        rf"(?:{_S}(?P<d>{_DNUM}){_S}日{_DAY_STOP}|(?P<mmod>{_MMOD}))?"
    )
    # 明日香 (a place), 前日本代表 (former Japan team), 今日的 (modern) are no dates
    # 当日券, 当日消印: "the day of the event" as part of a compound noun, no date of its own
    relo = (
        rf"(?=[{_first_chars(rel_o_words)}])(?<![\u4e00-\u9fff々])(?P<relo>{rel_o})(?!香|本|的|比)"
        r"(?<!当日(?=[\u4e00-\u9fff]))"
    )
    # month without a year (7月, 7月18日); year comes from the context
    md = rf"(?=[{num_first}])(?<![0-9〇一二三四五六七八九十])(?P<ym>){month}"
    sep = (
        rf"(?=[{era_first}0-9{ini}西])"
        rf"{_NUMBER_START}"
        rf"(?:(?P<era>{era}){_S}|(?P<ini>[{ini}])|(?:(?P<ad>西暦){_S})?)"
        r"(?P<y>[0-9]{1,4}|元)(?P<sep>[/.・,\-])(?P<m>[0-9]{1,2})(?:(?P=sep)(?P<dsp> ?)(?P<d>[0-9]{1,2})日?|(?P<mu>月))?"
        r"(?![0-9]|[/.,・\-][0-9]|%|％)"
    )
    slash_md = (
        r"(?=[0-9])(?<![0-9A-Za-z.,/:\-約])(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})"
        r"(?![0-9]|[/.][0-9]|%|％|の|倍|以上|以下|程度|未満|強|弱)"
    )
    bare_ini = rf"(?=[{ini}])(?<![0-9A-Za-z\-.])(?P<ini>[{ini}])(?P<iy>[0-9]{{2}})(?![0-9A-Za-z\-./])"
    yrange = (
        rf"(?=[{era_first}{num_first}西])"
        rf"{_NUMBER_START}"
        rf"(?:(?P<era>{era}){_S}|(?:(?P<ad>西暦){_S})?)"
        rf"(?P<y1>{_DIG}|{_KNUM}|元){_S}{_CONN}{_S}(?P<y2>{_DIG}|{_KNUM}){_S}(?P<yu>年度|年代|年){_YEAR_STOP}"
    )
    partial = (
        rf"(?:(?P<era>{era}){_S})?"
        rf"(?:(?P<y>{_DIG}|{_KNUM}|元){_S}(?P<yu>年度|年){_S})?"
        rf"(?:(?P<m>{_MNUM}){_S}月{_S})?"
        rf"(?:(?P<d>{_DNUM}){_S}日{_WEEKDAY}|(?P<mmod>{_MMOD}))?"
    )
    # 十六日, 14日: a day whose month the context gives (single kanji 一日 is "one day")
    dayonly = (
        r"(?=[0-9二三四五六七八九十])"
        r"(?<![0-9A-Za-z〇一二三四五六七八九十百千万月第毎約同翌前本当即先数何幾/.\-:,・～〜~泊なのるた])"
        r"(?<![週月年]に)"
        rf"(?P<d>[0-9]{{1,2}}|{_KDAY}){_S}日{_DAY_STOP}"
        r"(?!中|市|町|村|月(?!曜)|酔|坊|ごと|毎|おき|置き|当|がかり|掛|制|連続|足らず|弱|強|あたり|当たり"
        r"|単位|早|遅|続|かか|掛か|となっ|になり|以内|で|券|平均|分"
        r"|[0-9〇一二三四五六七八九十])"
        rf"{_WEEKDAY}"
    )
    # 2週間前, 3日後, 14、5年前, 四半世紀前: an offset from the document's date
    offset = (
        r"(?=[0-9〇一二三四五六七八九十百千半四])(?<![0-9〇一二三四五六七八九十百千.,/])"
        rf"(?P<on>{_NUM}(?:[、,・](?P<on2>[0-9一二三四五六七八九]))?|四半|半(?!日)){_S}"
        r"(?P<ou>日|週間|週|か月|ヶ月|ヵ月|カ月|ケ月|箇月|ヶ年|か年|年|世紀)"
        r"(?P<oa>ほど|程|位|くらい|ぐらい|近く|ちかく|余り|あまり|以上)?(?P<od>前|後|先)(?!半|期|者|輩|述|記|任|方|面|編|篇|援|継|見|々|後|前|生|日|輪)"
    )
    # 19世紀, 紀元前3世紀, 19世紀末
    century = (
        rf"(?=[紀{num_first}])(?<![0-9〇一二三四五六七八九十])(?:(?P<bce>紀元前){_S})?"
        rf"(?P<c>[0-9]{{1,2}}|[一二]?十[一二三四五六七八九]?|[一二三四五六七八九]){_S}世紀"
        rf"(?:{_S}(?P<cmod>初頭|初め|前半|後半|末|半ば|なかば))?"
    )
    bce = rf"(?=紀)紀元前{_S}(?P<by>{_NUM}){_S}年(?!間|前|後|代)"
    eng_month = (
        r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
        r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
    )
    # 2000 FEB, Feb. 2005, 3 February 2005, February 3, 2005 (the text is folded to ASCII)
    eng = (
        r"(?=[0-9A-Za-z])(?<![0-9A-Za-z])(?i:"
        rf"(?P<ey>(?:19|20)[0-9]{{2}})[ ./-]?(?P<emon>{eng_month})\.?(?![A-Za-z])"
        rf"|(?:(?P<ed>[0-9]{{1,2}}) )?(?P<emon2>{eng_month})\.?(?: (?P<ed2>[0-9]{{1,2}}))?,? (?P<ey2>(?:19|20)[0-9]{{2}})"
        r")(?![0-9A-Za-z])"
    )
    # 牌孫元年: an era-shaped name the era table does not know (checked in _unknown_era)
    uera = (
        r"(?=[\u4e00-\u9fff])(?<![\u4e00-\u9fff々])(?P<uera>[\u4e00-\u9fff]{2})"
        rf"{_S}(?P<uy>元|[0-9]{{1,2}}){_S}年(?![度代間目生前後次来])"
    )
    # 明治時代, 昭和初期, 平成の…: a modern era named as a period
    modern = "|".join(e.name for e in t.modern)
    eraper = (
        rf"(?=[{''.join(e.name[0] for e in t.modern)}])(?<![\u4e00-\u9fff々ァ-ヶー])(?P<pera>{modern})"
        r"(?:(?P<psuf>時代|初期|前期|中期|後期|末期|期)|(?=の(?!日)|に|から|まで|は|、|。|を|へ|と|\n|$))"
    )
    # The relative words and the eras come from data files; one without the character its
    # rule's windows are found by (see _WINDOWS) would never be tried.
    rel_y_words = [w for w, v in rel.items() if v[0] in ("fy", "year")]
    modern_names = [e.name for e in t.modern]
    for kind, words in (
        ("year", rel_y_words),
        ("month", rel_m_words),
        ("word", rel_o_words),
        ("era", modern_names),
    ):
        if outside := [w for w in words if not re.search(f"[{_WINDOWS[kind][0]}]", w)]:
            raise ValueError(f"words without a {kind} window trigger: {outside}")
    kana_rel = (
        rf"(?=[{_first_chars(kana)}])(?<![ぁ-んァ-ヶー])(?P<kana>{'|'.join(sorted(kana, key=len, reverse=True))})"
        r"(?=[はのもにへ、。 \n]|から|まで|で(?!き|す|し)|[0-9〇一二三四五六七八九十])"
    )
    return {
        "kana": re.compile(kana_rel),
        "main": re.compile(main),
        "relm": re.compile(relm),
        "relo": re.compile(relo),
        "md": re.compile(md),
        "sep": re.compile(sep),
        "slash_md": re.compile(slash_md),
        "bare_ini": re.compile(bare_ini),
        "dayonly": re.compile(dayonly),
        "offset": re.compile(offset),
        "century": re.compile(century),
        "bce": re.compile(bce),
        "eng": re.compile(eng),
        "uera": re.compile(uera),
        "eraper": re.compile(eraper),
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
# each is run only in windows around a character all of its matches contain: 年 for main,
# yrange, bce and uera (a year ends in 年/年度/年代, and so does every relative year word), 月
# for md and relm, 日/週/紀 for the other relative words (relo), day-only dates and centuries,
# an ASCII digit (the text is folded) for sep, slash_md, bare_ini and English month names, and
# 前/後/先 for offsets. Finding those characters is one fast scan each.
# A window reaches ``reach`` characters beyond its first and last trigger: at least the
# longest match plus the longest lookaround in it, as _window_regex's doctest checks, so no
# match or lookahead can cross a window's edge; finditer does not slice the text, so a
# lookbehind still sees what lies before a window.
_WINDOWS = {  # kind: (trigger characters as a class body, reach)
    "year": ("年", 72),
    "month": ("月", 48),
    "word": ("日週紀", 24),
    "digit": ("0-9", 26),
    "offset": ("前後先", 18),
    "era": ("明大昭平令", 8),
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
    >>> rules = {"year": ["main", "yrange", "bce", "uera"], "month": ["md", "relm"],
    ...          "word": ["relo", "dayonly", "century"], "digit": ["sep", "slash_md", "bare_ini", "eng"],
    ...          "offset": ["offset"], "era": ["eraper"]}
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
    from pipeline.tagger import get_tagger

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


# ---------------------------------------------------------------- what surrounds an expression

# Modifiers written after a date. 頃/ごろ belong to the expression (IREX includes them);
# 以降, まで, 前後 … are words of their own and stay outside the span.
_MOD_AFTER = re.compile(
    r"(?P<sp> {0,2})(?:(?P<inside>頃|ごろ|ころ)|(?P<after>以降|以来|以後|以前|までに|まで|前後|近く|から|より))"
)
_MOD_OF = {
    "頃": "APPROX",
    "ごろ": "APPROX",
    "ころ": "APPROX",
    "前後": "APPROX",
    "近く": "APPROX",
    "以降": "ON_OR_AFTER",
    "以来": "ON_OR_AFTER",
    "以後": "ON_OR_AFTER",
    "から": "ON_OR_AFTER",
    "より": "ON_OR_AFTER",
    "以前": "ON_OR_BEFORE",
    "まで": "ON_OR_BEFORE",
    "までに": "ON_OR_BEFORE",
}
# Parts of a period inside the expression (7月末, 2005年前半, 10月中旬).
_PART_MOD = {
    "末": "END",
    "末日": "END",
    "終わり": "END",
    "終り": "END",
    "下旬": "END",
    "後半": "END",
    "下期": "END",
    "下半期": "END",
    "年末": "END",
    "初め": "START",
    "始め": "START",
    "初頭": "START",
    "初": "START",
    "頭": "START",
    "上旬": "START",
    "初旬": "START",
    "前半": "START",
    "上期": "START",
    "上半期": "START",
    "中旬": "MID",
    "半ば": "MID",
    "なかば": "MID",
}
# The verb of the clause after a day-only or month-day date says past or future; a cue just
# before it (去る, 締切) says it too.
_WEEKDAY_END = re.compile(r"日 {0,2}[(（]?([月火水木金土日])(?:曜日?)?[)）]?$")
_TENSE_PAST = re.compile(r"(?:まし|され|し|でし|れ|っ|い|ぎ|ん)た(?![らい])|だった|去る|終了|済み")
_TENSE_FUTURE = re.compile(
    r"予定|開催します|いたします|ます(?!た)|までに|募集|申し?込|お待ち"
    r"|する(?!と)|される|行う|開く|始まる|来る|きたる|見込"
)
_TENSE_HEAD = re.compile(
    r"(?P<past>去る|さる|過日)|(?P<future>来る|きたる|締切|締め切り|〆切|期限)[:：]? {0,2}$"
)
_TIME = re.compile(
    r" {0,2}(?:(?P<ap>午前|午後|AM|PM|am|pm) {0,2})?(?P<h>[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
    r"(?:時(?:(?P<mi>[0-9]{1,2}|[一二三四五六七八九十]{1,3})分|(?P<half>半))?|:(?P<mi2>[0-9]{2}))"
    r"(?: {0,2}(?:[～〜~\-―]|から) {0,2}(?:(?P<ap2>午前|午後|AM|PM|am|pm) {0,2})?"
    r"(?P<h2>[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:時(?:(?P<mi3>[0-9]{1,2}|[一二三四五六七八九十]{1,3})分|(?P<half2>半))?"
    r"|:(?P<mi4>[0-9]{2})))?"
)


def _decorate(text: str, e: _Expr) -> _Expr:
    """Add what the words around an expression say: its modifier, the tense of its clause
    (for a date whose year must be chosen) and a time of day written after it."""
    if e.to is not None:
        head = _decorate(text, replace(e, to=None, end=e.head_end))
        tail = _decorate(text, e.to)
        return replace(e, end=tail.end, to=tail, times=head.times, tense=head.tense, mod=None, mod_text=None)
    part = e.ymod or e.mmod
    mod, mod_text, end = e.mod, e.mod_text, e.end
    if part in _PART_MOD:
        mod, mod_text = _PART_MOD[part], part
    mt = _MOD_AFTER.match(text, e.end)
    if mt and not (e.offset and mt["after"] in ("から", "より")):
        word = mt["inside"] or mt["after"]
        mod, mod_text = _MOD_OF[word], word
        if mt["inside"]:
            end = mt.end()
    tense = weekday = None
    if e.unit == "none" and not e.rel and not e.offset:
        tense = _tense(text, e.start, end)
        wd = _WEEKDAY_END.search(text, e.start, end)
        weekday = "月火水木金土日".index(wd[1]) if wd else None
    times = None
    if e.d is not None or e.rule == "day_only" or (e.rel and _tables().relative[e.rel][0] == "day"):
        times = _times(text, end)
    return replace(e, end=end, mod=mod, mod_text=mod_text, tense=tense, times=times, weekday=weekday)


def _tense(text: str, start: int, end: int) -> str | None:
    line_start = text.rfind("\n", 0, start) + 1
    head = _TENSE_HEAD.search(text, max(line_start, start - 12), start)
    if head:
        return "past" if head["past"] else "future"
    tail = _clause(text, end, 80)
    past, future = _TENSE_PAST.search(tail), _TENSE_FUTURE.search(tail)
    if past and (not future or past.start() < future.start()):
        return "past"
    return "future" if future else None


def _times(text: str, pos: int) -> tuple | None:
    """Start and end times (HH:MM) written right after a date: 午後1時30分～3時, 10:00-12:00."""
    mt = _TIME.match(text, pos)
    if not mt:
        return None

    def clock(ap, h, mi, half, after=None):
        h = _num(h)
        m = 30 if half else (_num(mi) if mi else 0)
        if h is None or m is None or m > 59:
            return None
        if ap in ("午後", "PM", "pm") and h < 12:
            h += 12
        elif ap is None and after is not None and h < 12 and h * 60 + m <= after[0] * 60 + after[1]:
            h += 12  # 午後1時～3時: the end shares the start's 午後
        return (h, m) if h <= 24 else None

    a = clock(mt["ap"], mt["h"], mt["mi"] or mt["mi2"], mt["half"])
    if a is None:
        return None
    b = None
    if mt["h2"]:
        b = clock(mt["ap2"], mt["h2"], mt["mi3"] or mt["mi4"], mt["half2"], after=a)
    fmt = "{:02d}:{:02d}".format
    return fmt(*a), fmt(*b) if b else None


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
        anchor=None,
        mod=None,
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
        if ymod in ("半ば", "なかば"):  # the middle third of the fiscal year
            a, b = dt.date(y, 8, 1), dt.date(y, 11, 30)
            return _res(y, None, None, "fiscal_year", a, b, value=f"{a.isoformat()}/{b.isoformat()}")
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
        if ymod in ("半ば", "なかば"):  # the middle third of the year
            a, b = dt.date(y, 5, 1), dt.date(y, 8, 31)
            return _res(y, None, None, "year", a, b, value=f"{a.isoformat()}/{b.isoformat()}")
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
    if mmod in ("末", "末日"):
        return _res(y, m, last.day, "day", last, last, value=last.isoformat())
    if mmod in ("初め", "始め", "初", "頭"):
        s = dt.date(y, m, 1)
        return _res(y, m, 1, "day", s, s, value=s.isoformat())
    if mmod in ("上旬", "初旬", "中旬", "下旬", "終わり", "終り", "半ば", "なかば"):
        a, b = {"上旬": (1, 10), "初旬": (1, 10), "中旬": (11, 20), "半ば": (11, 20), "なかば": (11, 20)}.get(
            mmod, (21, last.day)
        )
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
    if era.start is None:
        # Pre-modern: the year was lunisolar (and the Julian calendar then ran behind), so
        # month and day cannot be converted; the era year gets the Gregorian year it mostly
        # fell in, as an approximate interval.
        r = _res(
            y,
            e.m,
            e.d,
            _gran(e, fy),
            dt.date(y, 1, 1),
            dt.date(y, 12, 31),
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
    if e.m is None:  # the year: its Gregorian year from the era's first day (approximate)
        r.update(start_date=max(dt.date(y, 1, 1), era.start), end_date=dt.date(y, 12, 31))
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
    if e.offset:
        return _resolve_offset(e, ctx)
    if e.rel:
        return _resolve_relative(e, ctx)
    if e.unit == "none":  # month/day without a year: take the year from context
        return _resolve_yearless(e, ctx)
    if e.century is not None:
        return _resolve_century(e)
    if e.unit == "era":
        return _resolve_era_period(e)
    if e.bce:  # the calendar (datetime.date) has no year before 1: the value alone
        return _res(None, None, None, "year", value=f"BC{e.y:04d}")
    if e.unknown_era:
        r = _res(None, e.m, e.d, _gran(e, fy), valid=False)
        r.update(era=e.era, era_year=e.y)
        return r
    if e.y2 is not None:  # 平成16～17年度, 60～70年代: each year on its own, then joined
        a = _resolve(replace(e, y2=None), ctx)
        b = _resolve(replace(e, y=e.y2, y2=None), ctx)
        if a is None or b is None:
            return None  # an era year whose era cannot be inferred
        return _join(a, b)
    if e.unit == "decade":
        y = e.y
        if not dt.MINYEAR <= y <= dt.MAXYEAR - 9:  # a garbled numeral: kept, invalid, no interval
            return _res(y, None, None, "decade", None, None, valid=False, value=f"{y:04d}/{y + 9:04d}")
        a, b = {
            "前半": (0, 4),
            "後半": (5, 9),
            "初頭": (0, 2),
            "初め": (0, 2),
            "末": (7, 9),
            "半ば": (3, 6),
            "中盤": (3, 6),
            "中頃": (3, 6),
        }.get(e.ymod or "", (0, 9))
        value = f"{y + a:04d}/{y + b:04d}"
        return _res(y, None, None, "decade", dt.date(y + a, 1, 1), dt.date(y + b, 12, 31), value=value)
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
    if e.western:
        r = _calendar_interval(e.y, e, fy)
    else:
        r = _apply_era(t.eras[era_name], e.y, e, fy)
    if r is not None:
        r["era_inferred"] = inferred
    return r


# A month or day without its year takes it from a date written shortly before it (the same
# passage: 4月1日に…、16日に… is April 16th), else from the document's date.
_PASSAGE = 200


def _resolve_yearless(e: _Expr, ctx: _Ctx) -> dict:
    prev = ctx.last if ctx.last and e.start - ctx.last["pos"] <= _PASSAGE else None
    if prev is not None and e.m is None and prev["month"] is None:
        prev = None  # 16日 after 2004年: the month must come from elsewhere
    if prev is not None:
        base = prev["start"]
        y, m = base.year, e.m if e.m is not None else base.month
        if e.m is not None and prev.get("fy") is not None:
            y = prev["fy"] + (1 if e.m <= 3 else 0)  # 3月 after 平成16年度 is March 2005
        r = _calendar_interval(y, replace(e, m=m), False)
        r.update(relative=True, anchor_date=base, anchor="previous_date")
        return r
    base = ctx.anchor
    if base is None:
        gran = "day" if e.d else "month"
        mm = f"{e.m:02d}" if e.m else "XX"
        value = f"XXXX-{mm}-{e.d:02d}" if e.d else f"XXXX-{mm}"
        days = calendar.monthrange(2000, e.m)[1] if e.m else 31
        return _res(None, e.m, e.d, gran, value=value, relative=True, valid=e.d is None or e.d <= days)
    # the nearest such day to the document's date, in the past or the future when the verb says
    if e.m is not None:
        cands = [(base.year + k, e.m) for k in (-1, 0, 1)]
    else:
        cands = [_add_months(base.year, base.month, k) for k in (-1, 0, 1)]
    results = []
    for y, m in cands:
        if e.m is None and e.d > calendar.monthrange(y, m)[1]:
            continue  # 31日 in a month of 30 days is not this month
        r = _calendar_interval(y, replace(e, m=m), False)
        if r["start_date"] is not None:
            results.append(r)
    if e.weekday is not None and any(r["start_date"].weekday() == e.weekday for r in results):
        results = [r for r in results if r["start_date"].weekday() == e.weekday]
    if not results:
        return _calendar_interval(base.year, replace(e, m=e.m or base.month), False) | {
            "relative": True,
            "anchor_date": base,
            "anchor": "document_date",
        }

    def distance(r):
        s, t = r["start_date"], r["end_date"]
        return 0 if s <= base <= t else min(abs((s - base).days), abs((t - base).days))

    pick = None
    if e.tense == "past":
        pick = max(
            (r for r in results if r["start_date"] <= base), key=lambda r: r["start_date"], default=None
        )
    elif e.tense == "future":
        pick = min((r for r in results if r["end_date"] >= base), key=lambda r: r["start_date"], default=None)
    if pick is None:
        pick = min(results, key=distance)
    pick.update(relative=True, anchor_date=base, anchor="document_date")
    return pick


def _resolve_offset(e: _Expr, ctx: _Ctx) -> dict:
    n, n2, unit, sign = e.offset
    code = {"day": "D", "week": "W", "month": "M", "year": "Y"}[unit]
    gran = "day" if unit in ("day", "week") else unit
    mod = "BEFORE" if sign < 0 else "AFTER"
    base = ctx.anchor
    if base is None:  # 3日前 with no date to count from: TIMEX3's offset value only
        return _res(None, None, None, gran, value=f"P{n}{code}", relative=True, mod=mod)

    def shifted(k):
        if unit in ("day", "week"):
            d = base + dt.timedelta(days=sign * k * (7 if unit == "week" else 1))
            return _res(d.year, d.month, d.day, "day", d, d, value=d.isoformat())
        if unit == "month":
            y, m = _add_months(base.year, base.month, sign * k)
            return _calendar_interval(y, _Expr(0, 0, "", m=m), False)
        return _calendar_interval(base.year + sign * k, _Expr(0, 0, ""), False)

    r = shifted(n)
    if n2 is not None:  # 14、5年前: both years
        r = _join(*sorted((r, shifted(n2)), key=lambda x: x["start_date"]))
    r.update(relative=True, anchor_date=base, anchor="document_date", mod=mod)
    return r


def _resolve_era_period(e: _Expr) -> dict:
    """明治時代 is the era's whole span; 初期/中期/後期 its first, middle and last third."""
    era = _tables().eras[e.era]
    s, t = era.start, era.end
    if t is not None and e.ymod in ("初期", "前期", "中期", "後期", "末期"):
        n = era.max_year
        k = {"初期": 0, "前期": 0, "中期": 1, "後期": 2, "末期": 2}[e.ymod]
        a, b = era.first_year + k * n // 3, era.first_year + (k + 1) * n // 3 - 1
        s, t = max(s, dt.date(a, 1, 1)), min(t, dt.date(b, 12, 31))
    value = f"{s.isoformat()}/{t.isoformat()}" if t else f"{s.isoformat()}/"
    r = _res(None, None, None, "era", s, t, value=value)
    r.update(era=era.name)
    return r


def _resolve_century(e: _Expr) -> dict:
    c = e.century
    if c < 0:  # 紀元前3世紀
        return _res(None, None, None, "century", value=f"BC{-c - 1:02d}XX")
    s, t = (c - 1) * 100 + 1, c * 100
    part = {
        "初頭": (s, s + 9),
        "初め": (s, s + 9),
        "前半": (s, s + 49),
        "後半": (s + 50, t),
        "末": (t - 9, t),
        "半ば": (s + 40, s + 59),
    }.get(e.ymod or "", (s, t))
    return _res(
        None, None, None, "century", dt.date(part[0], 1, 1), dt.date(part[1], 12, 31), value=f"{c - 1:02d}XX"
    )


def _resolve_relative(e: _Expr, ctx: _Ctx) -> dict:
    unit, off, basis = _tables().relative[e.rel]
    base = None
    last = ctx.last
    if last is not None and unit in ("day", "week") and last.get("granularity") != "day":
        last = None  # 当日 after 2019年: no day to take
    if basis == "ctx" or (basis == "ctx_doc" and last):
        base = last["start"] if last else None
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
    r.update(
        relative=True, anchor_date=base, anchor="document_date" if base is ctx.anchor else "previous_date"
    )
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


def _resolve_range_parts(e: _Expr, ctx: _Ctx) -> tuple[dict, dict] | None:
    """The start and the end of a range, the end completed from the start."""
    a = _resolve(replace(e, to=None, end=e.to.start), ctx)
    if a is None:
        return None
    b_expr = e.to
    if b_expr.rule == "range_end" and b_expr.era is None and not b_expr.western and b_expr.unit != "none":
        # 平成16年4月～17年3月: the end shares the start's era
        b_expr = replace(b_expr, era=a["era"])
    sub = _Ctx(ctx.anchor, a["era"] or ctx.era, _last(a, e.to.start) or ctx.last)
    b = _resolve(b_expr, sub)
    if b is None:
        return None
    b["era_inferred"] = False
    if not b_expr.rel and b["start_date"] is not None:  # 6月3日～7月2日 takes its year from the start
        b.update(relative=False, anchor_date=None, anchor=None)
    return a, b


def _last(r: dict, pos: int) -> dict | None:
    """What a later year-less date can take its year from: a date that names one year."""
    if r.get("start_date") is None or r["granularity"] in ("century", "decade", "era"):
        return None
    fy = r["year"] if r["granularity"] == "fiscal_year" else None
    month = r["month"] if r["granularity"] in ("day", "month", "ten_days") else None
    return {"start": r["start_date"], "fy": fy, "month": month, "pos": pos, "granularity": r["granularity"]}


# ---------------------------------------------------------------- public API


# The pipeline calls find_dates twice on a piece, the second time with the document date as
# anchor; what is matched does not depend on the anchor, so the last pieces' expressions are
# kept (immutable: a tuple of frozen _Expr) and only the resolution is redone.
@lru_cache(maxsize=4)
def _expressions(text: str) -> tuple[_Expr, ...]:
    folded = _fold(text)
    exprs = _ranges(folded, _apposition([_trim(folded, e) for e in _select(_candidates(folded))]))
    return tuple(_decorate(folded, e) for e in exprs)


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
        parts = None
        try:
            if e.to:
                parts = _resolve_range_parts(e, ctx)
                r = None if parts is None else parts[1]
            else:
                r = _resolve(e, ctx)
        except (ValueError, OverflowError):
            # A year the calendar cannot hold (a garbled numeral: 昭和二〇〇五千九百年 is
            # year 2,007,825): the text is still a date mention, kept invalid and without
            # an interval, like 2月30日, instead of failing the whole document.
            r = _res(
                None,
                e.m,
                e.d,
                "year" if e.m is None else "month" if e.d is None else "day",
                None,
                None,
                valid=False,
                value=None,
            )
        if r is None:
            continue
        if e.era is not None and e.rule != "range_end" and not e.unknown_era and e.unit != "era":
            ctx.era = e.era
        if not r["relative"] or r["start_date"] is not None:
            ctx.last = _last(r, e.end) or ctx.last
        if parts is not None:  # a range: two mentions, each with its own interval
            a_expr = replace(e, end=e.head_end, to=None)
            spans.append(_span(text, a_expr, parts[0], e.rule, "start"))
            spans.append(_span(text, e.to, parts[1], "range_end", "end"))
        else:
            spans.append(_span(text, e, r, e.rule, None))
    return spans


def _span(text: str, e: _Expr, r: dict, rule: str, role: str | None) -> Span:
    value = r.pop("_value")
    mod = e.mod or r.get("mod")
    attrs = {k: r.get(k) for k in _ATTR_KEYS}
    attrs.update(
        mod=mod,
        mod_text=e.mod_text if e.mod else None,
        range_role=role,
        start_time=e.times[0] if e.times else None,
        end_time=e.times[1] if e.times else None,
    )
    return Span(e.start, e.end, DATE, text[e.start : e.end], value, rule, attrs)


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


def _clause(text: str, pos: int, limit: int = 200) -> str:
    """The text from ``pos`` to the clause's end, at most ``limit`` characters."""
    m = _CLAUSE_END.search(text, pos, pos + limit)
    return text[pos : m.start() if m else pos + limit]


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
