"""What a name's own text says: its key, a former-name mark, who established the body, a
short form declared after it, a newsletter or a gathering after a body's name, a unit's head
or a suffix written twice before the title."""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cache

from pipeline.base.datafiles import alternation, data_lines
from pipeline.base.vocab import gatherings, person_titles, title_prefixes
from pipeline.document.spans import LOCATION, ORG, Span
from pipeline.entities.orgs.chains import _legal_strip, _suffix_of


@cache
def _room_re() -> re.Pattern:
    """A room (第一会議室, 大会議室, 2階研修室): numbered, sized or on a floor, then a room word."""
    rooms = alternation([w.strip() for w in data_lines("org_rooms.txt")])
    return re.compile(rf"(?:第?[0-9０-９一二三四五六七八九十]+[階号]?|[大中小新旧本])*(?:{rooms})")


def _span(text, s, e, kind, rule, name, **extra) -> Span:
    value = re.sub(r"\s+", "", name) if kind != "deictic" else name
    attrs = {"kind": kind, **extra}
    return Span(s, e, ORG, text[s:e], value, rule, attrs)


_KEY_SPACE = re.compile(r"\s+")


def org_key(name: str) -> str:
    """Stable cross-document key of an organisation name (NFKC, no spaces, no legal form).

    >>> org_key("トヨタ自動車（株）") == org_key("トヨタ自動車 株式会社")
    True
    """
    s = unicodedata.normalize("NFKC", name)
    s = _KEY_SPACE.sub("", s)
    s = s.replace("㈱", "(株)").replace("㈲", "(有)")
    stripped = _legal_strip(unicodedata.normalize("NFKC", s))
    s = stripped or s
    return s.casefold()


def _token_span(start: list[int], s: int, e: int) -> range:
    """Indexes of the tokens (sorted ``start`` offsets) that start inside ``[s, e)``."""
    return range(bisect.bisect_left(start, s), bisect.bisect_left(start, e))


def _names_a_place(name: str) -> bool:
    """The place gazetteer reads the whole name as a place (東北地域, 宮城県, 仙台市)."""
    from pipeline.entities.addresses import find_addresses

    return any(sp.start == 0 and sp.end == len(name) and sp.label == LOCATION for sp in find_addresses(name))


_FORMER_MARKS = frozenset("旧元現前")

# Who established a public body, written in its name (つるぎ町立半田病院, 県立中央病院,
# 国立〇〇研究所): a name that says this is one body, not a kind of body.
_ESTABLISHED = re.compile(
    r"(?:[都道府県市町村区]|^[国公私])立(?=[\u4e00-\u9fff々\u30a1-\u30fa\u30fc\u3041-\u309f]{3})"
)

# A school is named where someone finishes or enters it (…女学院卒業後, …学校に入学).
_SCHOOL_SUFFIXES = frozenset(
    {"学校", "学院", "学園", "大学", "大学校", "高等学校", "中学校", "小学校", "短期大学"}
)
_SCHOOL_EVENT = re.compile(r"(?:を|に|で)?(?:卒業|入学|中退|在学|修了|進学)")

_ESTABLISHED_BY = re.compile(
    r"[\u4e00-\u9fff々\u3041-\u309f\u30a1-\u30fcー]{0,8}[都道府県市町村区]立|[国公私]立"
)

# A short form declared in brackets right after the name: 全国商工会連合会(全国連).
_SHORT_IN_BRACKETS = re.compile(r"[ \u3000]*[（(](?P<abbr>[\u4e00-\u9fff々\u30a1-\u30fa\u30fc]{2,8})[）)]")


def short_form_declared(text: str, pos: int, name: str) -> str | None:
    """The short form in brackets at ``pos`` after ``name`` (全国商工会連合会(全国連)), or None:
    shorter than the name, opening with its first character and made of its characters in
    their order but not its head alone, and no place's name (東京大学(東京))."""
    m = _SHORT_IN_BRACKETS.match(text, pos)
    if m is None:
        return None
    abbr = m["abbr"]
    if len(abbr) >= len(name) or abbr[0] != name[0] or name.startswith(abbr) or _names_a_place(abbr):
        return None  # 東京大学(東京): the place it is in, not a short form
    rest = iter(name)
    return abbr if all(ch in rest for ch in abbr) else None


@cache
def _publication_re() -> re.Pattern:
    return re.compile(f"(?:{alternation(data_lines('org_publications.txt'))})\\Z")


def _without_publication(name: str) -> int:
    """The length of ``name`` without a publication's word after a body's name (福井〇〇クラブ
    会報 is the club's newsletter; the club is the organisation)."""
    m = _publication_re().search(name)
    if m is not None and m.start() >= 2 and (_suffix_of(name[: m.start()]) or name[m.start() - 1] == "会"):
        return m.start()
    return len(name)


# An event a body holds, written after its name (桜蔭会新潟県支部講演会): the event, not a
# part of the body's name.
_EVENT_AFTER = re.compile(f"(?:{alternation(gatherings())})\\Z")


# What opens a gathering's name, not a body's: its number, its year, its kind (第30回定期総会,
# 令和6年度総会, 新春懇親会).
_NUMBERED = re.compile(
    r"(?:第?[0-9０-９一二三四五六七八九十百]+回|(?:令和|平成|昭和)?[0-9０-９元一二三四五六七八九十]+年度?"
    r"|定期|臨時|通常|新春|新年|年次|春季|夏季|秋季|冬季|本年度|今年度)*"
)


def _without_event(name: str) -> int:
    """The length of ``name`` without an event after a body's name (…支部講演会 -> …支部), 0
    when only a numbered event is left (第5回講演会), else the whole name: a society named
    by its gatherings (日中友好交流会) and an assembly of a body (国連総会) are names."""
    m = _EVENT_AFTER.search(name)
    if m is None:
        return len(name)
    rest = name[: m.start()]
    if len(rest) >= 2 and (_suffix_of(rest) or rest.endswith("会")):
        return m.start()
    return 0 if _NUMBERED.fullmatch(rest) else len(name)


def _glued_prefix(cols, s: int) -> int:
    """Where a name the model starts at ``s`` starts with a prefix written against it (全|国連
    is 全国連, a short form, not 国連); a former-name mark stays outside (元|国連)."""
    start, end, sf, p1 = cols[:4]
    k = bisect.bisect_left(end, s) if s else -1
    if 0 <= k < len(end) and end[k] == s and p1[k] == "接頭辞" and sf[k] not in _FORMER_MARKS:
        return start[k]
    return s


def _doubled_unit(name: str, text: str, e: int) -> int:
    """The end of a unit's name written before its head's title, where the unit's suffix
    came twice (健康管理学部|学部長, 校友課|課長: the second one is the title's), or where a
    one-character unit follows a body's own ending with no name of its own (前橋市役所|課長:
    the body's section head)."""
    if text[e : e + 1] != "長":
        return len(name)
    suffix = _suffix_of(name)
    if suffix and name[: -len(suffix)].endswith(suffix) and len(name) > 2 * len(suffix):
        return len(name) - len(suffix)
    if suffix and len(suffix) == 1 and len(name) > 3 and _suffix_of(name[:-1]) not in (None, suffix):
        return len(name) - 1
    if len(name) > 3 and name[-1] == name[-2] and (_suffix_of(name[:-1]) or "").endswith(name[-1]):
        return len(name) - 1  # 中部公民館|館長, 研究所|所長: a suffix of one character the list lacks
    return len(name)


@cache
def _post_end_re() -> re.Pattern:
    """A post, with its prefix, ending a name (…会議所副会頭, …大学名誉教授)."""
    return re.compile(f"(?:{alternation(title_prefixes())})?(?:{alternation(person_titles())})\\Z")


def _post_after(name: str) -> int:
    """The length of ``name`` without a post written after the body's name (日本商工会議所|副会頭):
    the model took the title of the person named next into the organisation."""
    m = _post_end_re().search(name)
    if m is None or m.start() < 2 or _suffix_of(name[: m.start()]) is None:
        return len(name)
    return m.start()


def _head_of_unit(name: str) -> bool:
    """The name is an institution's name plus 長, its head's title (工学研究科長, 東北支部長)."""
    if len(name) < 4 or not name.endswith("長"):
        return False
    unit = name[:-1]
    if unit.endswith("社"):
        return False  # トヨタ社長 is the company's president, not a unit トヨタ社
    # unit[1:]: the suffix must leave at least one character of name before it (not 支部長 alone)
    return _suffix_of(unit[1:]) is not None
