"""The date patterns, built once from the atoms and the era table, and the windows of a text
worth scanning (a year, a month, a digit, an era, a relative word nearby)."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.entities.dates.words import (
    _CONN,
    _DAY_STOP,
    _DIG,
    _DNUM,
    _KDAY,
    _KNUM,
    _MMOD,
    _MNUM,
    _NUM,
    _NUMBER_START,
    _S,
    _WEEKDAY,
    _YEAR_STOP,
    _YMOD,
    _tables,
)


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
        rf"(?P<m>{_MNUM}){_S}(?:{_CONN}{_S}(?P<m2>{_MNUM}){_S})?月(?!曜|間|次|ぶり|以(?!降|来|前|後)|ほど|余|あまり|足らず|半(?!ば)|ばかり|越し|近く|位|ぐらい|くらい|程)"
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
        # (平成24(2012)年: the Gregorian year in brackets before 年, as bulletins write it)
        rf"(?P<era>{era}){_S}(?P<ey>{_DIG}|{_KNUM}|元){_S}(?:[(（][0-9０-９]{{4}}[)）]{_S})?"
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
    "year": ("年", 80),
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
