"""People named with strong evidence: a job title, an honorific, an organisation or a label.

Shapes: bylines (産学官連携推進室 室長 千葉 康典), lists (大会長 小濱一弘、実行委員長 大石博海),
an organisation then the name (新潟大学 川崎一正), a name then its title (岩田啓靖学長, 中国経済
産業局の奥村和夫局長), runs of name, organisation and title (貞廣昌利福島県電子機械工業会会長),
letter-spaced and line-wrapped names (青葉区長 菅 原 正 志), foreign names (ユッタ・バストル大使),
labels (講師：…教授 山田太郎) and, once a full name is known, its family name alone (山田は).

Every span covers the name only; its attrs hold the name's parts, the title, the organisation
as written (``org_text``, with ``org_start``/``org_end`` offsets into the text), the honorific,
the role a label gives and ``person_key`` (the full name the mention belongs to).  A word
MeCab tags as a person's name with none of that evidence is left to the statistical model.
"""

from __future__ import annotations

import bisect
import re
from functools import cache, cached_property, lru_cache
from importlib import resources

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.addresses import place_attrs
from pipeline.datafiles import alternation, data_lines
from pipeline.line_shapes import CJK as _CJK
from pipeline.line_shapes import KANA_GIVEN, ROSTER_ENTRY
from pipeline.orgs import (
    deictic_prefixes,
    find_orgs,
    gazetteer,
    generic_names,
    generic_stems,
    legal_forms,
    suffixes,
)
from pipeline.spans import PERSON, Span
from pipeline.vocab import gatherings, job_titles, person_titles, title_prefixes

_DATA = "pipeline.data"
_KATA = "\u30a1-\u30fa\u30fc"
_NAME = rf"[{_CJK}\u3041-\u309f{_KATA}]"
_SP = r"[ \u3000]"
_SPACES = " \u3000"
_COLONS = "：:"
_DIGITS = re.compile(r"[0-9０-９一二三四五六七八九十〇]")
# Parts of speech a name, a title or an organisation is made of (nouns, prefixes, suffixes,
# Latin letters).
_NOUNISH = {"名詞", "接頭辞", "接尾辞", "記号"}
# After a title: words that do not make it part of a longer noun (会長ら, 社長兼会長).
_TITLE_FOLLOWERS = {"ら", "等", "兼", "たち", "一行", "以下", "自身", "自ら"}
_LOCAL_GOVERNMENT = set("都道府県")
_PUNCT = re.compile(r"[、。，,．.・：:；;「」『』（）()\[\]【】〔〕/／]")
_PLACE_TITLES = {"知事", "副知事"}
# Ends a label or a list item before an organisation field (brackets do not: （株）東北テクノ).
_FIELD_CUT = re.compile(r"[、。，,：:；;「」『』/／]")
_SPACED_HONORIFICS = {"氏", "様", "殿", "先生"}


def _lines(name: str) -> tuple[str, ...]:
    path = resources.files(_DATA).joinpath(name)
    if not path.is_file():
        return ()
    return tuple(
        ln.strip()
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    )


@cache
def honorifics() -> tuple[str, ...]:
    return tuple(sorted(_lines("people_honorifics.txt"), key=len, reverse=True))


@cache
def _roles() -> frozenset[str]:
    return frozenset(_lines("people_roles.txt"))


@cache
def _given_name_ends() -> frozenset[str]:
    return frozenset(_lines("people_given_name_ends.txt"))


@cache
def _not_names() -> frozenset[str]:
    return frozenset(_lines("people_not_names.txt"))


@cache
def _weak_titles() -> frozenset[str]:
    return frozenset(_lines("people_weak_titles.txt"))


_title_prefixes = title_prefixes


@cache
def _unit_titles() -> frozenset[str]:
    return frozenset(_lines("people_title_units.txt"))


@cache
def _org_endings() -> tuple[str, ...]:
    return tuple(sorted(set(suffixes()) | set(_lines("people_org_endings.txt")), key=len, reverse=True))


@cache
def _org_ending_re() -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, _org_endings())) + r")\Z")


@cache
def _separators() -> str:
    return "".join(_lines("people_separators.txt"))


@cache
def _field_stop() -> str:
    """Where an organisation field before a title field starts."""
    return "\n" + _SPACES + _separators() + "。" + _COLONS + "；;（(「」『』【】"


@cache
def _title_set() -> frozenset[str]:
    return frozenset(person_titles())


_MAX_TITLE = 12  # characters; longer entries of the title lists are not tried before a name


@cache
def _title_tails() -> frozenset[str]:
    """Every ending of a title: the last token of a title is one of them (委員|長)."""
    return frozenset(t[-k:] for t in person_titles() for k in range(1, len(t) + 1))


@cache
def _org_tails() -> frozenset[str]:
    return frozenset(t[-k:] for t in _org_endings() for k in range(1, len(t) + 1))


@cache
def _title_end_re() -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, person_titles())) + r")\Z")


@cache
def _title_closing_line() -> re.Pattern:
    """After a name: a space, a post (and a note on it in brackets), then the line's end."""
    return re.compile(
        # (a post named by a compound that ends in 員 counts too: 国際協力員, 客員研究員)
        rf"{_SP}+(?P<title>{alternation(person_titles())}|[\u4e00-\u9fff]{{1,6}}員)"
        rf"[ \u3000]*(?:[(（][^()（）\n]{{1,20}}[)）])?[ \t\u3000]*(?:\n|\Z)"
    )


@cache
def _title_start_re() -> re.Pattern:
    return re.compile("|".join(map(re.escape, person_titles())))


# --------------------------------------------------------------------------------------------
# Spans and their attributes


def _person(
    text, s, e, family, given, title, rule, *, org=None, honorific=None, role=None, name=None, person_key=None
) -> Span:
    """A PERSON span over text[s:e]; ``org`` is the organisation's (start, end) in the text."""
    if name is None:
        name = re.sub(r"\s+", "", (family or "") + (given or "")) or re.sub(r"\s+", "", text[s:e])
    org_text = org_start = org_end = None
    if org is not None:
        org_start, org_end = org
        org_text = re.sub(r"\s+", "", text[org_start:org_end])
    if person_key is None and family and given:
        person_key = name
    attrs = {
        "name": name,
        "family_name": family,
        "given_name": given,
        "title": title,
        "org_text": org_text,
        "org_start": org_start,
        "org_end": org_end,
        "honorific": honorific,
        "role": role,
        "person_key": person_key,
    }
    return Span(s, e, PERSON, text[s:e], name, rule, attrs)


class _Taken:
    """Accepted spans as sorted intervals, for overlap tests."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.spans: list[Span] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.starts, s)
        if i > 0 and self.ends[i - 1] > s:
            return True
        return i < len(self.starts) and self.starts[i] < e

    def add(self, sp: Span) -> bool:
        if sp.end <= sp.start or self.overlaps(sp.start, sp.end):
            return False
        i = bisect.bisect_right(self.starts, sp.start)
        self.starts.insert(i, sp.start)
        self.ends.insert(i, sp.end)
        self.spans.insert(i, sp)
        return True


# --------------------------------------------------------------------------------------------
# Text-only helpers


@cache
def _named_org_re() -> re.Pattern:
    """A legal form anywhere, or a gazetteer name at the end: what only find_orgs can read."""
    names = sorted(gazetteer(), key=len, reverse=True)
    return re.compile(
        "|".join(map(re.escape, legal_forms())) + "|(?:" + "|".join(map(re.escape, names)) + r")\Z"
    )


# An item's number before a field: circled, parenthesised or Roman numerals, "1." and "(1)".
_ENUMERATOR = re.compile(
    r"(?:[\u2460-\u24ff\u2776-\u2793\u2160-\u217f\u3251-\u325f\u32b1-\u32bf]"
    r"|[(（][0-9０-９]{1,2}[)）]|[0-9０-９]{1,2}[.．、])[ \u3000]*"
)


def _org_like(chunk: str) -> tuple[int, int] | None:
    """Where an organisation ends ``chunk``: (start, len(chunk)), or None.  An institutional
    ending names one (東北大学大学院医学系研究科, 山梨OB会) unless its stem is generic (各県の
    大学); find_orgs reads legal forms and gazetteer names (株式会社…, トヨタ自動車)."""
    lead = _ENUMERATOR.match(chunk)
    if lead is not None:  # ①市民協働政策課, (2)総務課: the item's number is no part of the name
        got = _org_like(chunk[lead.end() :])
        return None if got is None else (got[0] + lead.end(), got[1] + lead.end())
    n = len(chunk)
    if n < 2 or n > 60 or chunk.isspace():
        return None
    if chunk in generic_names():
        return None
    m = _org_ending_re().search(chunk)
    if m is not None and m.start() > 0 and chunk[: m.start()] not in generic_stems():
        return (0, n)
    if n >= 3 and _named_org_re().search(chunk):
        spans = [sp for sp in find_orgs(chunk) if sp.attrs.get("kind") == "name"]
        if spans and spans[-1].end == n:
            return (spans[-1].start, n)
    return None


_MEETINGS = gatherings()
_SOCIETY = re.compile(r"[\u4e00-\u9fff々]{2,12}[会団]")


@lru_cache(maxsize=1024)
def _reference(chunk: str) -> bool:
    """A deictic prefix as a word of its own before a body (本研究会, 同協会, 同法人会), not a
    word that opens with the same character (同窓|会, 本願寺|会)."""
    from pipeline.tokens import tokenize

    p = next((p for p in deictic_prefixes() if chunk.startswith(p) and len(chunk) > len(p)), None)
    return p is not None and tokenize(chunk).surface[0] == p


def _org_before_title(chunk: str) -> tuple[int, int] | None:
    """``_org_like``, or a society named in kanji before its officer's title (蜻蛉会 会長,
    藤原寿夫蜻蛉会副会長): a title says the word before it is the body it belongs to, where
    a bare 会 alone says too little."""
    got = _org_like(chunk)
    if (
        got is None
        and _SOCIETY.fullmatch(chunk)
        and chunk not in generic_names()
        and not _reference(chunk)  # 本研究会, 同協会: a reference (同窓会 is none)
        and not chunk.endswith(_MEETINGS)  # 昨年度総会: an event
    ):
        return (0, len(chunk))
    if got is None and chunk not in generic_names():
        # A generic stem is still the body meant when its officer is named (総合研究所 所長).
        m = _org_ending_re().search(chunk)
        if m is not None and m.start() > 0 and m.end() == len(chunk):
            return (0, len(chunk))
    return got


def _split_title(text: str, fs: int, ts: int, word: str, max_compound: int):
    """A title field text[fs:ts] + word (the title word ends it) as (title, org): the org is
    the field's head when it is an organisation (東北大学教授, 産業支援課長 -> 産業支援課),
    a short head that is not one is part of the title (実行委員長, 地域経済活性化推進役)."""
    prefix = text[fs:ts]
    if not prefix:
        return word, None
    if word in _unit_titles():
        return word, _unit_org(text, fs, ts, word)
    o = _org_like(prefix)
    if o is not None:
        return word, (fs + o[0], ts)
    if word in _PLACE_TITLES and prefix[-1] in _LOCAL_GOVERNMENT and len(prefix) >= 2:
        return word, (fs, ts)
    if len(prefix) <= max_compound and not _DIGITS.search(prefix) and not _PUNCT.search(prefix):
        return prefix + word, None
    return word, None


# Written before a post: the post was held before (前, 元, 旧) or is held now (現).
_FORMER = frozenset("前元旧現")


def _unit_org(text: str, fs: int, ts: int, word: str) -> tuple[int, int] | None:
    """The organisation of a unit's head title ``word`` (課長, 所長) written at ``ts`` after
    text[fs:ts]: the unit with the title less 長 (産業支援課長 -> 産業支援課), or what is written
    before when it names an organisation in full (東北センター所長 is the センター's 所長, not a
    東北センター所).  A title before the unit is not part of it (取締役営業部長: 営業部)."""
    m = _title_start_re().match(text, fs, ts)
    if m is not None and m.end() < ts:
        fs = m.end()
    fs = max(fs, text.rfind(" ", fs, ts) + 1, text.rfind("\u3000", fs, ts) + 1)  # 退任 前支社長
    while fs < ts and text[fs] in _FORMER:
        fs += 1  # 前支社長: the former head of a unit, not a unit named 前支社
    if fs == ts:
        return None
    if _org_ending_re().search(text, fs, ts):
        return fs, ts
    return fs, ts + len(word) - 1


def _label_before(text: str, pos: int) -> tuple[str, int] | None:
    """A label such as 講師： or 発表者: ending right before ``pos`` (spaces allowed): (label, start)."""
    q = pos
    while q > 0 and text[q - 1] in _SPACES:
        q -= 1
    # 講師：…, and a newspaper's list of posts (会長=森一郎▽副会長=…)
    if q == 0 or text[q - 1] not in _COLONS + "=＝":
        return None
    c = q - 1
    a = c
    while a > 0 and c - a < 12 and text[a - 1] not in "\n \u3000、，,。（(「『【[▽▼◇◆■□●○":
        a -= 1
    label = text[a:c].strip()
    if label in _roles() or label in person_titles():
        return label, a
    return None


def _ends_field(text: str, pos: int) -> bool:
    """A name ends here: end of text or line, a separator, a space, an opening bracket."""
    return pos >= len(text) or text[pos] in "\n\r" + _SPACES + _separators() + "。．.（(）)」』】"


def _honorific_ending(text: str, s: int, e: int) -> str | None:
    """The honorific that ends ``text[s:e]`` with something before it (山田太郎氏: 氏)."""
    return next((h for h in honorifics() if text.endswith(h, s, e) and e - len(h) > s), None)


def _honorific_at(text: str, pos: int) -> str | None:
    m = _honorific_re().match(text, pos)
    return m.group() if m else None


@cache
def _honorific_re() -> re.Pattern:
    return re.compile(alternation(honorifics()))


# --------------------------------------------------------------------------------------------
# Token context


# Per distinct surface, one bit per word list the finders test tokens against.
_HONORIFIC, _TITLE_TAIL, _ORG_TAIL, _JOIN, _COLON, _OPEN, _UJI, _DOT = (1 << i for i in range(8))
# Written between a title and a name: 課長の山田太郎, 理事長・山田太郎.
_JOINERS = ("の", "・")


@cache
def _flag_table() -> tuple[pa.Array, np.ndarray]:
    """Every word some list holds, and its bits (one lookup in Arrow gives all of them)."""
    bits: dict[str, int] = {}
    for bit, words in (
        (_HONORIFIC, honorifics()),
        (_TITLE_TAIL, _title_tails()),
        (_ORG_TAIL, _org_tails()),
        (_JOIN, _JOINERS),
        (_COLON, _COLONS),
        (_OPEN, ("（", "(")),
        (_UJI, ("氏",)),
        (_DOT, ("・",)),
    ):
        for w in words:
            bits[w] = bits.get(w, 0) | bit
    words = sorted(bits)
    return pa.array(words, type=pa.string()), np.array([bits[w] for w in words] + [0], dtype=np.uint16)


def _surface_flags(tokens) -> np.ndarray:
    """Per token, the _HONORIFIC ... bits of its surface, looked up once per distinct surface
    in Arrow (a Python test per distinct value costs more than the rest of the finder)."""
    col = tokens.table.column("surface")
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if not pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_encode()
    words = arr.dictionary
    value_set, table = _flag_table()
    at = pc.index_in(words, value_set=value_set).fill_null(-1).to_numpy(zero_copy_only=False)
    flags = np.append(table[at], np.uint16(0))  # the appended 0: null surfaces
    codes = arr.indices.to_numpy(zero_copy_only=False)
    if arr.indices.null_count:
        codes = np.where(arr.indices.is_valid().to_numpy(zero_copy_only=False), codes, -1)
    return flags[codes]


class _Surfaces:
    """Token surfaces read from the text (the tokens' own column would be turned into a
    list of every distinct surface first)."""

    __slots__ = ("text", "start", "end")

    def __init__(self, text, start, end):
        self.text, self.start, self.end = text, start, end

    def __getitem__(self, k) -> str:
        return self.text[self.start[k] : self.end[k]]


@cache
def _regions() -> frozenset[str]:
    """Regions of Japan (関東, 東北 …): after a title they are a post's area, not a name."""
    return frozenset(w.strip() for w in data_lines("addr_regions.txt"))


def _place_name(word: str) -> bool:
    """A prefecture, a municipality (with its suffix or without) or a region of Japan."""
    got = place_attrs(word)
    return got["city"] is not None or got["prefecture"] is not None or word in _regions()


# Honorifics only a person takes (a shop or a company may be さん too, but not a place).
_PERSON_HONORIFICS = frozenset({"先生", "氏", "様", "君", "くん", "ちゃん"})


class _Ctx:
    """A text, its tokens and the per-token arrays the finders share."""

    def __init__(self, text: str, tokens):
        self.text = text
        self.tokens = tokens
        self.n = n = len(tokens)
        # int64: numpy's searchsorted is many times slower with a Python int on int32.
        self.start = tokens.table.column("start").to_numpy().astype(np.int64)
        self.end = tokens.table.column("end").to_numpy().astype(np.int64)
        self.sf = _Surfaces(text, self.start, self.end)
        self.person = tokens.value_mask("pos3", {"人名"})
        self.adj = np.zeros(n, dtype=bool)  # token k is followed by token k+1 without a gap
        if n:
            self.adj[:-1] = self.end[:-1] == self.start[1:]
            # A given name UniDic knows only in part (唯|子, 宏|雄): a one-character given name,
            # then one of the characters given names end in, written against it.
            end = tokens.value_mask("surface", _given_name_ends())
            # A one-character given name (唯|子), or two before 郎 (寛一|郎, 健太|郎).
            one = ((self.end - self.start) == 1) | (
                ((self.end - self.start) == 2) & np.append(tokens.value_mask("surface", {"郎"})[1:], False)
            )
            end[1:] &= (self.person & tokens.value_mask("pos4", {"名"}) & one)[:-1] & self.adj[:-1]
            end[0] = False
            self.person = self.person | end
            # A family name UniDic knows as a place (有田, 北見, 山口), written against a person's
            # honorific (有田先生, 山口様): places take no 先生 or 様.
            places = tokens.value_mask("pos3", {"地名"}) & tokens.value_mask("pos4", {"一般"})
            places &= (self.end - self.start) >= 2
            place = places.copy()
            place[:-1] &= tokens.value_mask("surface", _PERSON_HONORIFICS)[1:] & self.adj[:-1]
            place[-1] = False
            self.person = self.person | place
        self._flags: np.ndarray | None = None
        self._masks: dict[str, np.ndarray] = {}
        self._runs: tuple[np.ndarray, np.ndarray] | None = None
        if n:
            self.person = self.person | self._place_after_title(places) | self._unknown_family(tokens)

    def _unknown_family(self, tokens) -> np.ndarray:
        """A family name UniDic does not know (﨏田, 濵副: an unknown word) or reads as another
        proper noun (和知, a place), written against a given name it knows that a title (after
        its prefix, if any) or an honorific follows (﨏田淳一町長, 濵副隆一先生, 和知繁蔵前会頭),
        after no other kanji."""
        out = np.zeros(self.n, dtype=bool)
        if self.n < 3:
            return out
        given = self.person & tokens.value_mask("pos4", {"名"})
        after = self.flag(_TITLE_TAIL) | self.flag(_HONORIFIC)
        # or a title after its prefix (和知繁蔵前会頭)
        after[:-1] |= tokens.value_mask("surface", _title_prefixes())[:-1] & self.adj[:-1] & after[1:]
        cand = np.zeros(self.n, dtype=bool)
        cand[:-2] = given[1:-1] & after[2:] & self.adj[:-2] & self.adj[1:-1] & ~self.person[:-2]
        for k in np.flatnonzero(cand).tolist():
            w = self.sf[k]
            if not (2 <= len(w) <= 3 and re.fullmatch(f"[{_CJK}]+", w)):
                continue
            if self.p1[k] != "名詞" or self.p3[k] in ("副詞可能", "助数詞可能") or self.p2[k] == "数詞":
                continue
            if not (self.p2[k] == "固有名詞" or tokens.view("reading")[k] is None):
                continue  # a word UniDic knows (長女, 友人, 会長) is no unknown family name
            if k > 0 and self.adj[k - 1] and re.fullmatch(f"[{_CJK}]+", self.sf[k - 1]):
                continue  # 総務部|長|… or any kanji before: no name's first part
            out[k] = True
        return out

    def _place_after_title(self, places: np.ndarray) -> np.ndarray:
        """A family name UniDic knows as a place (``places``: such tokens), after a title and
        a space and closing its line (文責:編集委員 木下): a credit's name, unless it names a
        municipality (所長 仙台)."""
        out = np.zeros(self.n, dtype=bool)
        if self.n < 2:
            return out
        place = places.copy()
        place[1:] &= self.flag(_TITLE_TAIL)[:-1] & ~self.adj[:-1]
        place[0] = False
        for k in np.flatnonzero(place).tolist():
            after = self.text[int(self.end[k]) : int(self.end[k]) + 1]
            gap = self.text[int(self.end[k - 1]) : int(self.start[k])]
            if gap.strip(_SPACES) or after not in ("", "\n", ")", "）"):
                continue
            if not _place_name(self.sf[k]):
                out[k] = True
        return out

    # Parts of speech, read token by token (views are built on first use).
    @cached_property
    def p1(self):
        return self.tokens.view("pos1")

    @cached_property
    def p2(self):
        return self.tokens.view("pos2")

    @cached_property
    def p3(self):
        return self.tokens.view("pos3")

    @cached_property
    def p4(self):
        return self.tokens.view("pos4")

    def runs(self) -> tuple[np.ndarray, np.ndarray]:
        """First and last token of every run of name tokens."""
        if self._runs is None:
            self._runs = _name_runs(self)
        return self._runs

    def flag(self, bit: int) -> np.ndarray:
        if self._flags is None:
            self._flags = _surface_flags(self.tokens)
        return (self._flags & bit).astype(bool)

    def mask(self, name: str) -> np.ndarray:
        got = self._masks.get(name)
        if got is None:
            t = self.tokens
            if name == "family":
                got = self.person & t.value_mask("pos4", {"姓"})
            elif name == "given":
                got = self.person & t.value_mask("pos4", {"名"})
            elif name == "noun":
                got = t.value_mask("pos1", _NOUNISH)
            elif name == "noun_in_name":
                # Nouns, and an adjectival noun against the noun after it (高等|学校).
                noun = self.mask("noun")
                got = noun.copy()
                got[:-1] |= t.value_mask("pos1", {"形状詞"})[:-1] & self.adj[:-1] & noun[1:]
            elif name == "numeral":
                got = t.value_mask("pos2", {"数詞"})
            else:
                got = self.flag(
                    {
                        "honorific": _HONORIFIC,
                        "title_tail": _TITLE_TAIL,
                        "org_tail": _ORG_TAIL,
                        "join": _JOIN,
                        "colon": _COLON,
                        "open": _OPEN,
                        "uji": _UJI,
                        "dot": _DOT,
                    }[name]
                )
            self._masks[name] = got
        return got

    def at_start(self, pos: int) -> int | None:
        k = int(self.start.searchsorted(pos))
        return k if k < self.n and self.start[k] == pos else None

    def at_end(self, pos: int) -> int | None:
        k = int(self.end.searchsorted(pos))
        return k if k < self.n and self.end[k] == pos else None

    def covering(self, pos: int) -> int | None:
        k = int(self.start.searchsorted(pos, side="right")) - 1
        return k if k >= 0 and self.start[k] <= pos < self.end[k] else None

    def nounish(self, k: int) -> bool:
        return (
            self.p1[k] in _NOUNISH
            and self.p3[k] not in ("副詞可能",)
            and self.p2[k] != "数詞"
            and self.sf[k] not in _separators()  # UniDic reads "," as a symbol (記号)
        )

    def field_start(self, pos: int, limit: int = 40) -> int:
        """Start of the run of adjacent noun tokens ending at ``pos`` (pos itself when none)."""
        k = self.at_end(pos)
        s = pos
        while k is not None and k >= 0 and self.nounish(k) and pos - self.start[k] <= limit:
            s = int(self.start[k])
            if k == 0 or not self.adj[k - 1]:
                break
            k -= 1
        return s

    def name_goes_on(self, e: int) -> bool:
        """A noun written right after a name ending at ``e`` that is neither a title nor an
        honorific: the name is longer than its tokens (松村任|三) or part of a word (篠崎|家)."""
        k = self.at_start(e)
        if k is None or k == 0 or not self.adj[k - 1] or self.p1[k] not in ("名詞", "接尾辞"):
            return False
        if self.mask("honorific")[k] or self.sf[k] in _TITLE_FOLLOWERS:
            return False
        return _title_start_re().match(self.text, e) is None

    def continues(self, k: int) -> bool:
        """Token k is followed, without a gap, by a noun that extends it (社長|室)."""
        j = k + 1
        return (
            j < self.n
            and bool(self.adj[k])
            and self.p1[j] in _NOUNISH
            and self.sf[j] not in _TITLE_FOLLOWERS
            and not self.mask("honorific")[j]
        )


# --------------------------------------------------------------------------------------------
# Evidence around a name


def _title_before(ctx: _Ctx, s: int):
    """Title written before a name at ``s`` (課長の山田, 大会長 小濱一弘, 講師：…教授 山田太郎):
    (title, org, role) or None."""
    text = ctx.text
    q = s
    while q > 0 and text[q - 1] in _SPACES:
        q -= 1
    spaced = q < s
    if not spaced:
        k = ctx.at_end(s)
        if k is not None and ctx.sf[k] in _JOINERS:
            q = int(ctx.start[k])
        elif s > 0 and text[s - 1] in "(（" and _closes_bracket(text, s):
            q = s - 1  # 副市長(根本博文), 議長(長野勉君): the post, the name in brackets
    if ctx.at_end(q) is None:
        return None
    # The longest title ending here that starts where a token starts (工学|部長: 部長, not
    # 学部長); else the longest, from the start of its token (大会|長: 大会長).
    titles = _title_set()
    end = q
    if text[max(0, q - 2) : q] in _DEPUTY:
        end = q - 2  # 会長代理・山本様: the deputy of a post holds the post's title and 代理
    starts = [st for st in range(max(0, end - _MAX_TITLE), end) if text[st:end] in titles]
    if not starts and end < q:
        end = q
        starts = [st for st in range(max(0, q - _MAX_TITLE), q) if text[st:q] in titles]
    if not starts:
        return None
    ts = next((st for st in starts if ctx.at_start(st) is not None), None)
    if ts is None:
        k = ctx.covering(starts[0])
        if k is None or starts[0] - ctx.start[k] > 2 or not ctx.nounish(k):
            return None
        ts = int(ctx.start[k])
    word = text[ts:q]
    k = ctx.at_end(ts)
    if k is not None and ctx.adj[k] and ctx.person[k]:
        return None  # the title of the name before it (佐渡裕監督カルメン)
    fs = ctx.field_start(ts)
    title, org = _split_title(text, fs, ts, word, 10)
    label = _label_before(text, fs)
    role = label[0] if label else None
    if label is None and (org is None or org[0] == fs):
        org, role = _org_fields_before(text, fs, org, role)
    return title, org, role


_DEPUTY = frozenset({"代理", "代行"})

_NAME_IN_BRACKETS = re.compile(r"[^()（）\s、,]{2,12}[)）]")


# The name of a unit written before its head's title: Latin letters, katakana, kanji.
_UNIT_HEAD = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ&＆・\-－\u30a1-\u30fa\u30fc\u4e00-\u9fff々]{2,30}")


def _closes_bracket(text: str, s: int) -> bool:
    """The bracket opened before ``s`` holds a name alone (with an honorific at most)."""
    return _NAME_IN_BRACKETS.match(text, s) is not None


def _line_above(text: str, s: int) -> tuple[int, int] | None:
    """(start, end) of the line above ``s``'s line, one blank line between them allowed."""
    ls = text.rfind("\n", 0, s) + 1
    if ls < 2:
        return None
    pe = ls - 1
    ps = text.rfind("\n", 0, pe) + 1
    if not text[ps:pe].strip(_SPACES) and ps >= 2:  # one blank line between them
        pe = ps - 1
        ps = text.rfind("\n", 0, pe) + 1
    return ps, pe


def _title_line_above(text: str, s: int):
    """An organisation and a title on the line above a name that opens its line (an
    interview's or a lecture's credit: 日本両棲類研究所 所長 / 篠崎 尚史 先生): (title, org).
    The title is the line's last field (理事長特任補佐), the organisation the rest."""
    ls = text.rfind("\n", 0, s) + 1
    above = _line_above(text, s)
    if text[ls:s].strip(_SPACES) or above is None:
        return None
    ps, pe = above
    line = text[ps:pe].rstrip(_SPACES)
    if not 3 <= len(line.strip(_SPACES)) <= 40:
        return None
    cut = max(line.rfind(" "), line.rfind("\u3000"))
    title = line[cut + 1 :]
    head = line[:cut].strip(_SPACES) if cut > 0 else ""
    if not head:
        # The organisation and the title written together (総合研究所所長): the title ends
        # the line, the rest must be an organisation.
        m = _title_end_re().search(title)
        if m is None or m.start() == 0:
            return None
        head, title = title[: m.start()].strip(_SPACES), m.group()
        if not head:
            return None
    if len(title) > 12 or _title_end_re().search(title) is None:
        return None
    a = ps + line.index(head)
    if (
        cut <= 0
        and title in _unit_titles()
        and not _org_ending_re().search(head)
        and _UNIT_HEAD.fullmatch(head)  # no kana or digits: 新しく着任したセンター長 names no unit
    ):
        # A unit's head written with its unit (J-PARCセンター長): the unit is the
        # organisation's last word (J-PARCセンター), what precedes it names it (but
        # 海洋研究所所長 is the 研究所's 所長).
        return title, (a, a + len(head) + len(title) - 1)
    o = _org_before_title(head)
    if o is None or _honorific_re().search(head, 0, o[0]):
        return None  # the line above is a person's own entry (岡島 威彦氏 株式会社… 取締役社長)
    return title, (a + o[0], a + o[1])


# A line that is a name alone, family and given name apart (榎野 新, 山田 太郎), kanji only.
_NAME_ALONE = re.compile(rf"^[ \t\u3000]*([{_CJK}]{{1,3}})[ \u3000]([{_CJK}]{{1,3}})[ \t\u3000]*$", re.M)


def _names_under_titles(text: str) -> list[Span]:
    """A name alone on its line under a line that ends in a title (a greeting's signature:
    中国労災病院 / 病院長 / 榎野 新): the person, with that title and the organisation the
    title's line or the line above it names.  UniDic need not know the name: the layout says
    what it is."""
    out = []
    for m in _NAME_ALONE.finditer(text):
        if _common_word(m.group(1)) or _common_word(m.group(2)):
            continue  # 日時 場所, 開会 挨拶: words, not a name
        got = _title_line_above(text, m.start(1))
        if got is None:
            got = _title_alone_above(text, m.start(1))
        if got is None:
            continue
        title, org = got
        out.append(_person(text, m.start(1), m.end(2), m.group(1), m.group(2), title, "title_line", org=org))
    return out


def _common_word(word: str) -> bool:
    """UniDic reads ``word`` as one common word (日時, 挨拶, 営業, 創立): no part of a name."""
    from pipeline.tokens import tokenize

    t = tokenize(word)
    if len(t) != 1:
        return False
    return t.pos1[0] in ("名詞", "動詞", "形容詞") and t.pos2[0] != "固有名詞" and t.reading[0] is not None


def _title_alone_above(text: str, s: int):
    """A title alone on the line above ``s``'s line (a blank line between allowed), with the
    organisation on the line above it: (title, org or None)."""
    above = _line_above(text, s)
    if above is None:
        return None
    ps, pe = above
    title = text[ps:pe].strip(_SPACES)
    m = _title_end_re().search(title)
    if m is None or len(title) > 8 or not re.fullmatch(f"[{_CJK}]+", title):
        return None  # a short post alone on its line (病院長, 所長, 代表取締役)
    org = None
    if ps >= 2:
        qe = ps - 1
        qs = text.rfind("\n", 0, qe) + 1
        line = text[qs:qe].strip(_SPACES)
        o = _org_like(line) if line else None
        if o is not None and o == (0, len(line)):
            a = qs + text[qs:qe].index(line)
            org = (a, a + len(line))
    return title, org


def _fields_after(text: str, pos: int):
    """An organisation and a post in the fields after a name, each after a space, closing
    the line (a member list: 岡島 威彦氏 株式会社岡島パイプ製作所 取締役社長; 三浦  三菱UFJ
    リース株式会社 専務取締役): (title, (org start, org end)), else None."""
    le = text.find("\n", pos)
    le = len(text) if le < 0 else le
    rest = text[pos:le]
    if not rest[:1] or rest[0] not in _SPACES:
        return None
    fields = rest.split()
    if len(fields) != 2 or len(fields[1]) > 12 or _title_end_re().search(fields[1]) is None:
        return None
    o = _org_like(fields[0])
    if o is None or o != (0, len(fields[0])):
        return None
    a = pos + rest.index(fields[0])
    return fields[1], (a, a + len(fields[0]))


def _org_fields_before(text: str, fs: int, org, role):
    """Organisation fields before a title field, each after a space: the organisation
    (青年海外協力隊山梨OB会 会長 長田 英俊), or the parents of the unit already found
    (東北経済産業局 地域経済部長, 東北大学 多元物質科学研究所 教授)."""
    stop = _field_stop()
    while (org is None or _is_unit(text[org[0] : org[1]])) and fs > 0 and text[fs - 1] in _SPACES:
        b = fs
        while b > 0 and text[b - 1] in _SPACES:
            b -= 1
        a = b
        while a > 0 and b - a < 40 and text[a - 1] not in stop:
            a -= 1
        o = _org_like(text[a:b]) if a < b else None
        if o is None:
            break
        org = (a + o[0], b if org is None else org[1])
        label = _label_before(text, a)
        role = label[0] if label else role
        if o[0] > 0:
            break
        fs = a
    return org, role


def _is_unit(name: str) -> bool:
    """The name ends with a unit's suffix (部, 課, 研究科 ...): it hangs under a parent."""
    table = suffixes()
    return any(table.get(name[-k:]) == "unit" for k in range(min(8, len(name)), 0, -1))


def _title_after(ctx: _Ctx, e: int, k0: int, *, full: bool):
    """Title written after a name ending at ``e`` (token k0 follows it): 岩田啓靖学長,
    貞廣昌利福島県電子機械工業会会長 (the organisation between): (title, org) or None."""
    text = ctx.text
    if k0 >= ctx.n or ctx.start[k0] != e:
        return None
    if ctx.sf[k0] == "・" and full:
        # 山田太郎・東北大学教授
        e, k0 = int(ctx.end[k0]), k0 + 1
        if k0 >= ctx.n or ctx.start[k0] != e:
            return None
    honorific = ctx.mask("honorific")
    k = k0
    while (
        k < ctx.n
        and k - k0 < 16
        and (ctx.nounish(k) or ctx.sf[k] in _title_prefixes() or _adjectival_in_name(ctx, k))
        and not honorific[k]
    ):
        p = int(ctx.start[k])
        if p - e > 40 or (k > k0 and not ctx.adj[k - 1]) or (k > k0 and ctx.person[k]):
            break
        if full and k > k0 and ctx.sf[k] == "員" and ctx.p1[k] == "接尾辞" and p - e <= 7:
            # a post named by a compound of common words that ends in 員 (国際協力員, 客員
            # 研究員); a place or a body before it (仙台市国際交流員, 県国際交流員) is not
            # the post's
            compound = text[e : p + 1]
            if (
                all(ctx.p2[j] == "普通名詞" for j in range(k0, k))
                and ctx.sf[k0] not in _NOT_GIVEN_KANJI  # 県|国際交流員: a one-kanji body
                and not _org_before_title(compound[:-1])
                and not _DIGITS.search(compound)
            ):
                return compound, None
        m = _title_start_re().match(text, p)
        if m is not None:
            kt = ctx.at_end(m.end())
            if kt is not None and not ctx.continues(kt):
                word = m.group()
                if p == e:
                    return word, None
                chunk = text[e:p]
                if _prefixes_only(chunk):
                    # 副|局長, 現名誉|院長: the prefixes before the unit test (副局 is no unit)
                    return chunk + word, None
                if word in _unit_titles() and full:
                    return word, _unit_org(text, e, p, word)
                if full and _reference(chunk):
                    return word, None  # 鈴木一郎同法人会会長: the body named before, by reference
                if full:
                    o = _org_before_title(chunk)
                    if o is not None:
                        return word, (e + o[0], p)
                    if word in _PLACE_TITLES and chunk[-1] in _LOCAL_GOVERNMENT:
                        return word, (e, p)
                    if _named_body(ctx, k0, k, chunk):
                        return word, (e, p)  # 久岡康成立命館常務理事: a proper name between
                    if _compound_title_head(ctx, k0, k, chunk):
                        return chunk + word, None  # 樽床伸二・総務大臣: the post's own head
        k += 1
    return None


# What a byline writes after the writer's name: written, edited, photographed, translated by.
_BYLINE_MARKS = frozenset({"記", "著", "筆", "談", "作", "文", "編", "訳", "撮影", "写真", "記録"})

# A given name of one to three kanji after one space, closing its line.
_WORD_GIVEN = re.compile(r"[ \u3000](?P<g>[\u4e00-\u9fff々]{1,3})(?=[ \u3000]*(?:\n|$))")

# Single kanji that close a place or a body's name, not a given name's (中島|県|教育長).
_NOT_GIVEN_KANJI = frozenset(
    "県市町村区都府道国州郡局部課室省庁院校社会団塾園館寺店屋堂組家党派軍隊班科係署所"
)


def _unknown_given_before_title(ctx: _Ctx, last: int, k0: int, j: int) -> bool:
    """Tokens k0..j-1 after a family name (token ``last``) are a given name UniDic does not
    know: one or two single kanji it reads as common nouns, written against the family
    name, not a title's prefix (副, 前, 新) nor a place's or body's ending, and a title
    (with its organisation, if any) follows."""
    if not (k0 < j < ctx.n) or j - k0 > 2 or ctx.p4[last] != "姓" or not ctx.adj[last]:
        return False
    for k in range(k0, j):
        sf = ctx.sf[k]
        if (
            len(sf) != 1
            or ctx.p2[k] != "普通名詞"
            or sf in _title_prefixes()
            or sf in _NOT_GIVEN_KANJI
            or (k < j - 1 and not ctx.adj[k])
        ):
            return False
    got = _title_after(ctx, int(ctx.end[j - 1]), j, full=True) if ctx.adj[j - 1] else None
    # the title's own unit is no given name (山田|塾|塾長: the school's head)
    return got is not None and not got[0].startswith(ctx.sf[j - 1])


def _after_place(ctx: _Ctx, head: int) -> bool:
    """A place's name is written against the name's first token (山形鶴翔…): the name tokens
    are part of a longer proper name."""
    k = head - 1
    return k >= 0 and bool(ctx.adj[k]) and ctx.p3[k] == "地名"


def _adjectival_in_name(ctx: _Ctx, k: int) -> bool:
    """An adjectival noun written against the noun after it, inside a body's name (高等|学校,
    特別|委員会)."""
    return ctx.p1[k] == "形状詞" and k + 1 < ctx.n and bool(ctx.adj[k]) and ctx.nounish(k + 1)


def _prefixes_only(chunk: str) -> bool:
    """``chunk`` is one title prefix or several in a row (副, 現名誉, 元副)."""
    if not chunk:
        return True
    return any(chunk.startswith(p) and _prefixes_only(chunk[len(p) :]) for p in _title_prefixes())


def _compound_title_head(ctx: _Ctx, k0: int, k: int, chunk: str) -> bool:
    """Tokens k0..k-1 (``chunk``) before a title are the head of a compound post (総務|大臣,
    会計|幹事): a few common nouns, no body, place, number or mark."""
    return (
        2 <= len(chunk) <= 4
        and not _DIGITS.search(chunk)
        and not _PUNCT.search(chunk)
        and all(ctx.p1[j] == "名詞" and ctx.p2[j] == "普通名詞" for j in range(k0, k))
    )


def _named_body(ctx: _Ctx, k0: int, k: int, chunk: str) -> bool:
    """Tokens k0..k-1 (``chunk``), written between a full name and a title with nothing
    between, name the body the title is of: a proper noun or a name's suffix is among them
    (立命|館, 致道|館高等学校), not common words alone (which _split_title reads as part of the
    title), nor a place (佐藤一郎福島県知事 has its own rule)."""
    if len(chunk) < 2 or _DIGITS.search(chunk) or _PUNCT.search(chunk):
        return False
    ks = range(k0, k)
    if any(ctx.p3[j] in ("人名", "地名") for j in ks):
        return False
    return ctx.p1[k - 1] == "接尾辞" or any(ctx.p2[j] == "固有名詞" for j in ks)


def _org_before(ctx: _Ctx, s: int, *, spaced_only: bool):
    """Organisation written before a name: 新潟大学 川崎一正, 中国経済産業局の奥村和夫."""
    text = ctx.text
    q = s
    while q > 0 and text[q - 1] in _SPACES:
        q -= 1
    if q == s:
        if spaced_only:
            return None
        if s > 0 and text[s - 1] in "(（":
            q = s - 1  # 長沢自治会(齊藤英男会長): the body, its officer in brackets
        else:
            k = ctx.at_end(s)
            if k is None or ctx.sf[k] != "の":
                return None
            q = int(ctx.start[k])
    fs = ctx.field_start(q)
    if fs >= q:
        return None
    o = _org_like(text[fs:q])
    return (fs + o[0], q) if o is not None else None


def _paren_after(ctx: _Ctx, pos: int):
    """（東北大学教授） after a name: (title, org) or None."""
    text = ctx.text
    if pos >= len(text) or text[pos] not in "（(":
        return None
    close = min(
        (i for i in (text.find("）", pos, pos + 42), text.find(")", pos, pos + 42)) if i > 0), default=-1
    )
    if close < 0 or "\n" in text[pos:close]:
        return None
    a = pos + 1
    if text[a : a + 1] in _FORMER:
        return None  # (前経理課長): the post held before, not the person's title now
    # The last item of the parenthesis (（工学博士、東北大学教授）).
    for sep in _separators():
        a = max(a, text.rfind(sep, a, close) + 1)
    m = _title_end_re().search(text, a, close)
    if m is not None:
        return _split_title(text, a, m.start(), m.group(), 4)
    o = _org_like(text[a:close])
    return (None, (a + o[0], close)) if o is not None else None


def _name_parts(ctx: _Ctx, ks: list[int]) -> tuple[str | None, str | None]:
    """Family and given name of name tokens ``ks``."""
    parts = [ctx.sf[k] for k in ks]
    kinds = [ctx.p4[k] for k in ks]
    if len(parts) > 1 and not {"姓", "名"} & set(kinds) and all(map(_is_kata, "".join(parts))):
        return "".join(parts), None  # one foreign name MeCab cut in two (アン|ケナー)
    if kinds[0] == "姓":
        # One family name token: MeCab may tag a given name's head as a family name too
        # (田中 柊, 宮川|茅野|雄).
        nf = 1
    elif len(parts) >= 2 and len(parts[0]) >= 2:
        nf = 1  # 貞廣|昌利, both tagged 名
    elif len(parts) == 1 and kinds[0] != "名":
        nf = 1  # スミス (人名, 一般)
    else:
        nf = 0
    return "".join(parts[:nf]) or None, "".join(parts[nf:]) or None


def _glued(ctx: _Ctx, s: int, e: int, head: int) -> bool:
    """The name's tokens are part of a longer word: katakana or Latin letters go on across
    its ends (エッ|ケナー, Michael S. |Maurer), or a lone kanji MeCab could not place is
    glued before it (池|井戸潤)."""
    text = ctx.text
    if s > 0 and _is_kata(text[s - 1]) and _is_kata(text[s]):
        return True
    if e < len(text) and _is_kata(text[e]) and _is_kata(text[e - 1]):
        return True
    if text[s].isascii() and text[s].isalpha():
        before = text[max(0, s - 2) : s].rstrip(" ")
        if before and (before[-1].isascii() and before[-1].isalpha() or before[-1] == "."):
            return True
    k = head - 1
    return (
        k >= 0
        and bool(ctx.adj[k])
        and ctx.end[k] - ctx.start[k] == 1
        and "\u4e00" <= text[s - 1] <= "\u9fff"
        and ctx.p1[k] in ("名詞", "記号")
        and ctx.p2[k] != "数詞"
        and ctx.p3[k] != "副詞可能"
        and text[s - 1] not in _title_prefixes()
        and not ctx.mask("title_tail")[k]
        and not ctx.mask("org_tail")[k]
    )


def _is_kata(c: str) -> bool:
    return "\u30a1" <= c <= "\u30fa" or c == "ー"


# Where a given name ending in a kanji numeral is cut (浩|二|局|長, 健|一部|長, 亮|三郎|部|長).
_NUMERAL_TAIL = re.compile("[一二三四五六七八九十]{1,2}郎?")


def _numeral_tail(ctx: _Ctx, ks: list[int], family, given):
    """A one-kanji given name that goes on over a kanji numeral MeCab cut off because a
    counter-like word follows (斎藤浩|二|局|長, 鈴木健|一部|長): (end, title, honorific), the
    title read on the text at the numeral's end (局長, 部長), or None.  Only a family and a
    one-kanji given name go on, right before a title or an honorific: 第二局長, 浩二丁目,
    佐藤|一|局 stay as they are."""
    k = ks[-1]
    if not (family and given and len(given) == 1 and ctx.p4[k] == "名") or k + 1 >= ctx.n or not ctx.adj[k]:
        return None
    text = ctx.text
    e = int(ctx.end[k])
    m = _NUMERAL_TAIL.match(text, e)
    if m is None or ctx.p1[k + 1] != "名詞":
        return None
    for e2 in range(m.end(), e, -1):
        j = ctx.at_start(e2)
        if j is not None and ctx.mask("honorific")[j] and ctx.adj[j - 1]:
            return e2, None, ctx.sf[j]
        t = _title_start_re().match(text, e2)
        if t is None or t.group() in _weak_titles():
            continue
        kt = ctx.at_end(t.end())
        # The title ends where a token ends and no noun goes on after it (浩|二|局|長|補佐:
        # 局長補佐, the longest title), and starts at a token or inside the numeral's (健|一部|長).
        if kt is not None and not ctx.continues(kt) and (j is not None or ctx.covering(e2) == k + 1):
            return e2, t.group(), None
    return None


# A name's reading in brackets, written after it.
_READING = re.compile(r"[(（][\u3041-\u3096\u30a1-\u30fa\u30fc・ 　]{2,20}[)）]")


def _evaluate(ctx: _Ctx, ks: list[int]) -> Span | None:
    """A run of name tokens ``ks`` as a person, when the text around it gives evidence."""
    text, n = ctx.text, ctx.n
    s, e = int(ctx.start[ks[0]]), int(ctx.end[ks[-1]])
    family, given = _name_parts(ctx, ks)
    honorific_mask = ctx.mask("honorific")
    after_k = ks[-1] + 1
    honorific = None
    split_title = None
    tail = _numeral_tail(ctx, ks, family, given) if after_k < n and ctx.p2[after_k] != "固有名詞" else None
    if tail is not None:
        e2, split_title, honorific = tail
        given += text[e:e2]
        e = e2
        after_k = ctx.at_start(e) if honorific else after_k
    elif (
        after_k < n
        and honorific_mask[after_k]
        and (
            ctx.adj[ks[-1]]
            or (text[e : int(ctx.start[after_k])] in _SPACES and ctx.sf[after_k] in _SPACED_HONORIFICS)
        )
    ):
        honorific = ctx.sf[after_k]  # 山田太郎氏, 山田 太郎 氏
    elif given and len(given) >= 2 and given.endswith("氏") and ctx.p4[ks[-1]] == "名":
        # 佐藤一氏: MeCab reads 一氏 as the given name; the honorific stays outside.
        e, given, honorific = e - 1, given[:-1], "氏"
    elif family and not given and after_k < n:
        # A given name MeCab does not know (田中 梓氏): one or two kanji, then an honorific.
        j = after_k
        title_tail = ctx.mask("title_tail")
        while (
            j < n
            and j - after_k < 2
            and not honorific_mask[j]
            and not title_tail[j]
            and re.fullmatch(f"[{_CJK}]+", ctx.sf[j])
            and ctx.start[j] - (e if j == after_k else ctx.end[j - 1]) <= (1 if j == after_k else 0)
        ):
            j += 1
        if (
            after_k < j < n
            and honorific_mask[j]
            and ctx.adj[j - 1]
            and ctx.end[j - 1] - e <= 3
            and text[e : int(ctx.start[after_k])] in ("", " ", "\u3000")
        ):
            given = text[int(ctx.start[after_k]) : int(ctx.end[j - 1])]
            e, honorific, after_k = int(ctx.end[j - 1]), ctx.sf[j], j
            ks = ks + list(range(ks[-1] + 1, j))
        elif _unknown_given_before_title(ctx, ks[-1], after_k, j):
            # 渡辺|申|孝|奈良県校友会会長: a given name UniDic cut into common kanji, then a title.
            given = text[int(ctx.start[after_k]) : int(ctx.end[j - 1])]
            e, after_k = int(ctx.end[j - 1]), j
            ks = ks + list(range(ks[-1] + 1, j))
        else:
            # A given name in kana after a space, closing its field (浦野 かをる(副会長)、…).
            kana = KANA_GIVEN.match(text, e + 1) if text[e : e + 1] in (" ", "\u3000") else None
            if kana is not None and ctx.p4[ks[-1]] == "姓":
                k_end = ctx.at_end(kana.end())
                if k_end is not None:
                    given = kana.group()
                    e, after_k = kana.end(), k_end + 1
                    ks = ks + list(range(ks[-1] + 1, k_end + 1))
            else:
                # A given name UniDic reads as a common word (新井 全勝), after a space and
                # closing a byline: a body's name before the family name, on its own line.
                word = _WORD_GIVEN.match(text, e)
                if word is not None and word["g"] in _BYLINE_MARKS:
                    word = None  # 広報委員会 佐藤 記: "written by", no given name
                k_end = ctx.at_end(word.end()) if word is not None else None
                if (
                    k_end is not None
                    and ctx.p4[ks[-1]] == "姓"
                    and _org_before(ctx, s, spaced_only=True) is not None
                ):
                    given = word.group().strip(_SPACES)
                    e, after_k = word.end(), k_end + 1
                    ks = ks + list(range(ks[-1] + 1, k_end + 1))
    reading_end = None
    reading_title = None
    if honorific is None and after_k < n:
        # The name's reading in brackets before the honorific: 篠崎 尚史(しのざきなおし)先生.
        reading = _READING.match(text, e)
        hon = _honorific_at(text, reading.end()) if reading else None
        if hon is not None:
            honorific, reading_end = hon, reading.end() + len(hon)
        elif reading is not None and (k_r := ctx.at_start(reading.end())) is not None:
            # 小山祐(おやま・たすく)市長: the reading, then the post
            reading_title = _title_after(ctx, reading.end(), k_r, full=True)
    if _glued(ctx, s, e, ks[0]):
        return None
    full = bool(family and given)
    name = (family or "") + (given or "")
    if len(name) < 2 and ctx.p4[ks[0]] != "姓" or name + (honorific or "") in _not_names():
        return None
    if all(map(_is_kata, name)) and _org_ending_re().search(name):
        return None  # a company MeCab took for a name (…コーポレーションさん)
    after = reading_end or (
        int(ctx.end[after_k])
        if honorific and after_k < n and ctx.sf[after_k] == honorific
        else e + len(honorific or "")
    )
    title = org = role = None
    rule = "prose"
    got = (
        (split_title, None)
        if split_title
        else None
        if honorific
        else reading_title or _title_after(ctx, e, after_k, full=full)
    )
    if got is not None:
        title, org = got
        rule = "name_title"
        if org is not None and _after_place(ctx, ks[0]):
            return None  # 山形|鶴|翔|同窓会 実行委員長: the "name" is inside a body's name
    if title is None:
        got = _paren_after(ctx, after)
        if got is not None:
            title, org = got
            rule = "paren"
    if title is None:
        got = _fields_after(text, after)
        if got is not None:
            title, org = got
            rule = "name_org_title"
    if title is None and org is None and not ctx.name_goes_on(e):
        got = _title_before(ctx, s)
        if got is not None:
            title, org, role = got
            rule = "title_name"
    if title is None and org is None:
        got = _title_line_above(text, s)
        if got is not None:
            title, org = got
            rule = "title_line"
            # The name fills its line: a last character UniDic left out is the given name's (斉藤 和|季).
            le = text.find("\n", e)
            rest = text[e : len(text) if le < 0 else le].rstrip(_SPACES)
            if given and len(given) == 1 and len(rest) == 1 and re.fullmatch(f"[{_CJK}]", rest):
                given, e = given + rest, e + 1
    if org is None and rule != "title_name" and (title is not None or honorific):
        org = _org_before(ctx, s, spaced_only=False)
    if title is None and org is None and text[e : e + 1] in _SPACES:
        # 木下 武 顧問(前理事長): a name line that ends in the person's post after a space
        m = _title_closing_line().match(text, e)
        if m is not None:
            title, rule = m["title"], "name_title"
    if title is None and role is None and not ctx.name_goes_on(e):
        label = _label_before(text, s)
        if label is not None:
            role = label[0]
            title = label[0] if label[0] in person_titles() else None
            rule = "label"
    if title is None and role is None and not honorific and not (full and org is not None):
        if not (full and _ends_field(text, e)) or ctx.name_goes_on(e):
            return None
        org = _org_before(ctx, s, spaced_only=True)
        if org is None:
            return None
        rule = "org_name"
    if (
        rule == "name_title"
        and title is not None
        and given
        and not family
        and len(ks) == 1
        and re.fullmatch(f"[{_CJK}]{{1,3}}", given)
    ):
        family, given = given, None  # 久元市長: a post follows the family name, whatever UniDic reads
    return _person(text, s, e, family, given, title, rule, org=org, honorific=honorific, role=role)


# --------------------------------------------------------------------------------------------
# Finders


def _name_runs(ctx: _Ctx) -> tuple[np.ndarray, np.ndarray]:
    """Runs of name tokens (人名) as their first and last token: adjacent, or a family then a
    given name across a space or a line break (千葉 康典, 山田\\n太郎), or a given name wrapped
    onto the next line."""
    idx = np.flatnonzero(ctx.person)
    if not len(idx):
        return idx, idx
    a, b = idx[:-1], idx[1:]
    family, given = ctx.mask("family"), ctx.mask("given")
    honorific = ctx.mask("honorific")
    hon_next = np.zeros(ctx.n, dtype=bool)  # an honorific follows token k without a gap
    hon_next[:-1] = honorific[1:] & ctx.adj[:-1]
    gap = ctx.start[b] - ctx.end[a]
    link = (b == a + 1) & (gap == 0)
    maybe = (
        (b == a + 1)
        & (gap > 0)
        & (gap <= 2)
        & ((family[a] & (given[b] | hon_next[b])) | (given[a] & (given[b] | hon_next[b])))
    )
    text = ctx.text
    for i in np.flatnonzero(maybe).tolist():
        g = text[int(ctx.end[a[i]]) : int(ctx.start[b[i]])]
        wrapped = g.count("\n") == 1 and g.strip(" \u3000\n\r") == ""
        spaced = g.strip(_SPACES) == "" and bool(family[a[i]])
        link[i] = wrapped or spaced
    heads = np.concatenate((idx[:1], b[~link]))
    tails = np.concatenate((a[~link], idx[-1:]))
    return heads, tails


def _candidates(ctx: _Ctx, heads: np.ndarray, tails: np.ndarray) -> np.ndarray:
    """Which runs have a sign of evidence next to them (an honorific, a title or a label
    around, a noun run that reaches a title, a bracket, an organisation ending before a
    space), tested on whole arrays; the others cost nothing more."""
    n = ctx.n
    noun, title_tail = ctx.mask("noun_in_name"), ctx.mask("title_tail")
    honorific = ctx.mask("honorific")
    nxt = np.minimum(tails + 1, n - 1)
    # From the token after a run, a run of adjacent nouns reaches a title within 16 tokens.
    titles = np.append(np.flatnonzero(title_tail), n)
    breaks = np.append(np.flatnonzero(~(noun & ctx.adj)), n)
    next_title = titles[titles.searchsorted(nxt)]
    reach = noun[nxt] & (next_title <= breaks[breaks.searchsorted(nxt)]) & (next_title - nxt < 16)
    # An honorific within three tokens (田中 梓氏, a wrapped name).
    near = np.zeros(n + 3, dtype=bool)
    for d in range(1, min(3, n - 1) + 1):
        near[: n - d] |= honorific[d:]
    has_next = tails + 1 < n
    after = (
        has_next & ctx.adj[tails] & (honorific[nxt] | reach | ctx.mask("open")[nxt] | ctx.mask("dot")[nxt])
    )
    after |= has_next & ~ctx.adj[tails] & near[tails]
    after |= has_next & ~ctx.adj[tails] & title_tail[nxt]  # 木下 武 顧問: a post after a space
    # A kanji numeral MeCab cut off the given name, then an honorific (千葉崇|二|氏).
    nxt2 = np.minimum(tails + 2, n - 1)
    after |= (tails + 2 < n) & ctx.adj[tails] & ctx.adj[nxt] & honorific[nxt2] & ctx.mask("numeral")[nxt]
    if "氏" in ctx.text:
        # 佐藤|一氏: MeCab's given name with the honorific in it.
        uji = np.fromiter((m.start() for m in re.finditer("氏", ctx.text)), dtype=np.int64)
        after |= np.isin(ctx.end[tails] - 1, uji) & (ctx.end[tails] - ctx.start[tails] >= 2)
    prv = np.maximum(heads - 1, 0)
    prv2 = np.maximum(heads - 2, 0)
    has_prev = heads >= 1
    gap_before = has_prev & ~ctx.adj[prv]
    before = has_prev & (
        title_tail[prv]
        | ctx.mask("colon")[prv]
        | (ctx.mask("org_tail")[prv] & gap_before)
        | ((heads >= 2) & ctx.mask("join")[prv] & title_tail[prv2])
        | ((heads >= 2) & ctx.mask("open")[prv] & title_tail[prv2] & ctx.adj[prv2])  # 市長(今泉文彦)
    )
    return np.flatnonzero((after | before) & (tails - heads < 4))


def _prose(ctx: _Ctx) -> list[Span]:
    heads, tails = ctx.runs()
    if not len(heads):
        return []
    out = []
    for i in _candidates(ctx, heads, tails).tolist():
        sp = _evaluate(ctx, list(range(int(heads[i]), int(tails[i]) + 1)))
        if sp is not None:
            out.append(sp)
    return out


_SPACED_NAME = re.compile(rf"{_SP}+({_NAME}{{1,5}}(?:(?:{_SP}|\n){_NAME}{{1,5}}){{0,5}})")
_GROUP = re.compile(f"{_NAME}+")


def _split_joined(name: str, groups: list[str]) -> tuple[str, str]:
    """Family and given name of a name written letter-spaced (菅 原 正 志 -> 菅原, 正志)."""
    if len(groups) == 2 and not all(len(g) == 1 for g in groups):
        return groups[0], groups[1]
    from pipeline.tokens import tokenize

    toks = tokenize(name)
    p4, sf = toks.pos4, toks.surface
    if len(sf) >= 2 and p4[0] == "姓" and all(p3 == "人名" for p3 in toks.pos3):
        return sf[0], name[len(sf[0]) :]
    k = {2: 1, 3: 1, 4: 2, 5: 2, 6: 3}.get(len(name), len(name) // 2)
    return name[:k], name[k:]


def _name_like(ctx: _Ctx, a: int, b: int, *, proper_needed: bool, spaced_out: bool = False) -> bool:
    """text[a:b] (spaces inside) is made of whole noun tokens a name can be; a name written
    one character at a time (菅 原 正 志) gets whatever tag MeCab gives lone characters."""
    ka, kb = ctx.at_start(a), ctx.at_end(b)
    if ka is None or kb is None or kb < ka:
        return False
    proper = False
    for k in range(ka, kb + 1):
        if ctx.p1[k] not in ("名詞", "接尾辞", "接頭辞"):
            return False
        if not spaced_out and (
            ctx.p2[k] == "数詞"
            or ctx.p3[k] in ("サ変可能", "副詞可能", "助数詞可能")
            or ctx.mask("title_tail")[k]
            and len(ctx.sf[k]) > 1
        ):
            return False
        proper |= ctx.p2[k] == "固有名詞"
    return proper or not proper_needed


def _spaced(ctx: _Ctx, taken: _Taken) -> list[Span]:
    """Names after a title and a space that MeCab does not tag as names, or letter-spaced:
    会長 長田 英俊, 青葉区長 菅 原 正 志, 室長 千葉\\n康典."""
    text = ctx.text
    title_tail = ctx.mask("title_tail")
    ks = np.flatnonzero(title_tail[:-1] & ~ctx.adj[:-1])
    out = []
    for k in ks.tolist():
        te = int(ctx.end[k])
        m = _SPACED_NAME.match(text, te)
        if m is None or taken.overlaps(m.start(1), m.start(1) + 1):
            continue
        groups = [(g.start(), g.end()) for g in _GROUP.finditer(text, m.start(1), m.end(1))]
        # A group that is or holds a title opens the next field (会長 山田 英俊 副会長 ...).
        for i, (a, b) in enumerate(groups):
            if _title_start_re().search(text, a, b) or _honorific_at(text, a):
                groups = groups[:i]
                break
        for cut in range(len(groups), 0, -1):
            gs = groups[:cut]
            a, b = gs[0][0], gs[-1][1]
            words = [text[x:y] for x, y in gs]
            name = "".join(words)
            if not 2 <= len(name) <= 7 or text.count("\n", a, b) > (1 if len(name) <= 6 else 0):
                continue
            hon = _honorific_at(text, b)
            if not (hon or _ends_field(text, b)):
                continue
            single = all(len(w) == 1 for w in words)
            if len(gs) == 1 and not (3 <= len(name) <= 5 and _name_like(ctx, a, b, proper_needed=True)):
                continue
            if len(gs) == 1 and (_place_name(name) or _org_ending_re().search(name)):
                continue  # 担当理事 北海道, 講師 高知大学: an area or a body, not a name
            if len(gs) > 1 and (
                not _name_like(ctx, a, b, proper_needed=not single, spaced_out=single)
                or (not single and len(gs) > 2)
                or (not single and (len(words[0]) > 3 or len(words[1]) > 4))
            ):
                continue
            got = _title_before(ctx, a)
            if got is None:
                break
            title, org, role = got
            if len(gs) == 1:
                family, given = _split_joined(name, [name])
            else:
                family, given = _split_joined(name, words)
            out.append(_person(text, a, b, family, given, title, "spaced", org=org, honorific=hon, role=role))
            break
    return out


_DOTS = re.compile("[・＝=]")
_KATA_NAME = re.compile(rf"[{_KATA}]+(?:[・＝=][{_KATA}]+)+")
_KATA_WORD = re.compile(f"[{_KATA}]{{2,}}")
# Written right after a name, these make it a place's name (菅島, 高尾山, 多摩川); so do 市,
# 町 and 村 unless they open a title (田中市長).
_PLACE_ENDS = frozenset("島山川湖湾岬峠郡州")
_LATIN_LETTER = re.compile("[A-Za-zＡ-Ｚａ-ｚ]")
# An initial and the dot after it, before a katakana family name (Y・モリーナ, Ｊ．スミス).
_INITIAL = re.compile("[A-ZＡ-Ｚ][・･.．]")


def _foreign(ctx: _Ctx) -> list[Span]:
    """Foreign names in katakana joined by ・ or ＝ with a title or honorific (ユッタ・バストル大使,
    駐日大使のジョン・スミス氏), and a katakana name before 氏 (スミス氏)."""
    text = ctx.text
    out = []
    done = 0
    cands = []
    for m in _DOTS.finditer(text):
        i = m.start()
        if i < done:
            continue
        a = i
        while a > 0 and "\u30a1" <= text[a - 1] <= "\u30fc" and text[a - 1] != "・":
            a -= 1
        km = _KATA_NAME.match(text, a) if a < i else None
        if km is None:
            continue
        done = km.end()
        cands.append((a, km.end()))
    if ctx.n:
        uji = ctx.mask("uji")
        for k in np.flatnonzero(uji[1:] & ctx.adj[:-1]).tolist():
            if _KATA_WORD.fullmatch(ctx.sf[k]):
                cands.append((int(ctx.start[k]), int(ctx.end[k])))
    for a, b in sorted(set(cands)):
        name = text[a:b]
        if ctx.at_start(a) is None or ctx.at_end(b) is None or (a > 0 and _is_kata(text[a - 1])):
            continue
        if _org_ending_re().search(name) or name in _roles():
            continue
        hon = _honorific_at(text, b)
        title = org = role = None
        if hon is None:
            m = _title_start_re().match(text, b)
            kt = ctx.at_end(m.end()) if m else None
            if kt is not None and not ctx.continues(kt) and m.group() not in _weak_titles():
                title = m.group()
        if title is None:
            got = _title_before(ctx, a)
            if got is not None:
                title, org, role = got
        if title is None and hon is None:
            continue
        if org is None:
            org = _org_before(ctx, a, spaced_only=False)
        family = re.split("[・＝=]", name)[-1]
        given = name[: -len(family) - 1]  # as written: ジャン＝ピエール
        out.append(
            _person(
                text,
                a,
                b,
                family,
                given,
                title,
                "foreign",
                org=org,
                honorific=hon,
                role=role,
                name=name,
                person_key=name,
            )
        )
    return out


_ASIDE = re.compile(r"[(（][^()（）\n]{1,12}[)）]")


def _lists(ctx: _Ctx, taken: _Taken) -> list[Span]:
    """Full names listed after a person (委員 山田太郎、鈴木花子): the list vouches for them;
    a label's role (講師：…) carries over."""
    text = ctx.text
    seps = _separators()
    heads, tails = ctx.runs()
    if not len(heads):
        return []
    head_starts = ctx.start[heads]
    out = []
    queue = sorted(taken.spans, key=lambda sp: sp.start)
    while queue:
        sp = queue.pop(0)
        pos = sp.end + len(sp.attrs.get("honorific") or "")
        aside = _ASIDE.match(text, pos)  # 荒尾孝司(北海道)、…: a short note in brackets between
        if aside is not None:
            pos = aside.end()
        if pos < len(text) and text[pos] in seps:
            pos += 1
        elif aside is None:
            continue  # (秋久憲司(日上)津本辰己(二宮): after a note, the next name may follow at once)
        i = int(head_starts.searchsorted(pos))
        if i >= len(heads) or head_starts[i] != pos or tails[i] - heads[i] >= 4:
            continue
        ks = list(range(int(heads[i]), int(tails[i]) + 1))
        s, e = int(ctx.start[ks[0]]), int(ctx.end[ks[-1]])
        family, given = _name_parts(ctx, ks)
        hon = _honorific_at(text, e)
        if not (family and given) or taken.overlaps(s, e) or not (hon or _ends_field(text, e)):
            continue
        new = _person(text, s, e, family, given, None, "list", honorific=hon, role=sp.attrs.get("role"))
        taken.add(new)
        out.append(new)
        queue.insert(0, new)
    return out


def _mentions(ctx: _Ctx, taken: _Taken) -> list[Span]:
    """A known full name again, or its family name alone (山田は, 山田氏が), after the full
    name's first mention: PERSON spans whose person_key is that full name."""
    text = ctx.text
    first: dict[str, int] = {}
    family_of: dict[str, str] = {}
    for sp in sorted(taken.spans, key=lambda x: x.start):
        key = sp.attrs.get("person_key")
        if key and sp.attrs.get("family_name") and sp.attrs.get("given_name") and key not in first:
            first[key] = sp.start
            family_of[key] = sp.attrs["family_name"]
    if not first:
        return []
    keys_of: dict[str, list[str]] = {}
    for key, fam in family_of.items():
        keys_of.setdefault(fam, []).append(key)
    # Family-only spans found with their own evidence (山田氏) join the full name too.
    for i, sp in enumerate(taken.spans):
        a = sp.attrs
        if a.get("person_key") is None and a.get("family_name") and not a.get("given_name"):
            keys = [k for k in keys_of.get(a["family_name"], ()) if first[k] < sp.start]
            if len(keys) == 1:
                taken.spans[i] = Span(
                    sp.start, sp.end, sp.label, sp.text, sp.value, sp.rule, dict(a) | {"person_key": keys[0]}
                )
    words = sorted(set(first) | set(keys_of), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, words)))
    out = []
    by_key = {
        sp.attrs.get("person_key"): sp
        for sp in taken.spans
        if sp.start == first.get(sp.attrs.get("person_key"))
    }
    for m in pattern.finditer(text, min(first.values())):
        s, e = m.span()
        w = m.group()
        if taken.overlaps(s, e):
            continue
        ka, kb = ctx.at_start(s), ctx.at_end(e)
        if ka is None or kb is None or any(not ctx.nounish(k) for k in range(ka, kb + 1)):
            continue
        if (
            (ka > 0 and ctx.adj[ka - 1] and ctx.person[ka - 1])
            or (kb + 1 < ctx.n and ctx.adj[kb] and ctx.person[kb + 1])
            or ctx.name_goes_on(e)
            or _glued(ctx, s, e, ka)
        ):
            continue  # part of another name or word (山田花子, 篠崎家)
        if w in first:
            if first[w] >= s:
                continue
            key = w
            full = by_key[key].attrs
            family, given = full["family_name"], full["given_name"]
        else:
            keys = [k for k in keys_of[w] if first[k] < s]
            if len(keys) != 1 or (len(w) == 1 and not ctx.person[ka]):
                continue
            key, family, given = keys[0], w, None
        hon = _honorific_at(text, e)
        sp = _person(text, s, e, family, given, None, "mention", honorific=hon, name=w, person_key=key)
        taken.add(sp)
        out.append(sp)
    return out


# --------------------------------------------------------------------------------------------
# Bylines


@cache
def _byline_re() -> re.Pattern:
    titles = "|".join(map(re.escape, person_titles()))
    # [organisation] title family given, one line, fields split by single spaces; a title
    # may be a compound that ends in a title word (地域経済活性化推進役).
    return re.compile(
        rf"^[ \t\u3000]*(?:(?P<org>[^\s]{{2,40}}?){_SP}+)?"
        # (a greeting's heading names its writer's post: 会長挨拶 高橋 恒清)
        rf"(?P<title>[^\s]{{0,20}}?(?:{titles}))(?:ご?挨拶|ごあいさつ|あいさつ)?{_SP}+"
        rf"(?P<family>{_NAME}{{1,5}}){_SP}+(?P<given>{_NAME}{{1,5}})[ \t\u3000]*$",
        re.M,
    )


# The end every byline has: family and given name after a space, closing the line.  Tried at
# every line start, the byline pattern costs as much on prose as on newsletters; this one opens
# with a space, so the regex engine skips to the next space, and only the few lines it matches
# get the full pattern.
_BYLINE_TAIL = re.compile(rf"{_SP}{_NAME}{{1,5}}{_SP}+{_NAME}{{1,5}}[ \t\u3000]*$", re.M)


def _line_org(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The line text[start:end] when it is just an organisation name (a byline's first line)."""
    s = text[start:end].strip()
    if not s or len(s) > 60:
        return None
    spans = [sp for sp in find_orgs(s) if sp.attrs.get("kind") == "name"]
    if spans and spans[-1].end == len(s) and spans[0].start == 0:
        a = start + text[start:end].index(s)
        return a, a + len(s)
    return None


@cache
def _event_words() -> frozenset[str]:
    """Events and roles written before a post, not organisations (org_trailing_words.txt)."""
    return frozenset(_lines("org_trailing_words.txt"))


# What an organisation's name on a byline never holds: bullets, marks and other symbols.
_NOT_ORG_FIELD = re.compile(r"[^\w々〆ヶー・&＆()（）.．\-]")


def _bylines(text: str) -> list[Span]:
    out = []
    byline = _byline_re()
    # A byline is one whole line (neither pattern crosses a newline) and a line holding one
    # has a tail match, which ends where the line ends.
    for tail in _BYLINE_TAIL.finditer(text):
        line_start = text.rfind("\n", 0, tail.start()) + 1
        m = byline.match(text, line_start, tail.end())
        if m is None:
            continue
        ts, te = m.span("title")
        if (
            te < m.start("family")
            and text[te : m.start("family")].strip(_SPACES)
            and (_common_word(m.group("family")) or _common_word(m.group("given")))
        ):
            continue  # 理事長あいさつ 創立 十周年: a greeting's heading over no name
        # The title field starts after a label (講師：) or any other punctuation in it, and so
        # does the organisation field.
        cut = next((i for i in range(te - 1, ts - 1, -1) if _PUNCT.match(text, i)), None)
        fs = ts if cut is None else cut + 1
        word = _title_end_re().search(text, fs, te)
        if word is None:
            continue
        title, org = _split_title(text, fs, word.start(), word.group(), 10)
        label = _label_before(text, fs)
        if m.group("org") is not None and cut is None:
            o0, o1 = m.span("org")
            o_cut = next((i for i in range(o1 - 1, o0 - 1, -1) if _FIELD_CUT.match(text, i)), None)
            if o_cut is not None:
                o0 = o_cut + 1
                label = _label_before(text, o0)
            lead = _ENUMERATOR.match(text, o0, o1)
            if lead is not None:
                o0 = lead.end()  # ②総務課 主査 …: the item's number is no part of the name
            # A date or a number is no organisation (平成17年度 会長 山田 太郎), nor a label or
            # a role with a bullet (答弁者 ● 市長 藤田 正和).
            field = text[o0:o1]
            if (
                o0 < o1
                and (not _DIGITS.search(field) or _org_like(field))
                and not (
                    _NOT_ORG_FIELD.search(field)
                    or field in _roles()
                    or field.endswith("者")
                    or field in _event_words()  # 退任 前支社長 …
                    or field.endswith(_MEETINGS)  # 昨年度総会 会長 …: an event
                )
            ):
                org = (o0, org[1] if org is not None else o1)
        elif org is None and cut is None:
            # The organisation often stands on the line above (中小企業基盤整備機構東北支部).
            prev_end = text.rfind("\n", 0, m.start())
            if prev_end > 0:
                prev_start = text.rfind("\n", 0, prev_end) + 1
                org = _line_org(text, prev_start, prev_end)
        role = label[0] if label else None
        # 理事長  中 明夫さん: the honorific stays outside the name
        end = m.end("given")
        honorific = _honorific_ending(text, m.start("given"), end)
        if honorific:
            end -= len(honorific)
        given = text[m.start("given") : end]
        out.append(
            _person(
                text,
                m.start("family"),
                end,
                m.group("family"),
                given,
                title,
                "byline",
                org=org,
                role=role,
                honorific=honorific,
            )
        )
    return out


# --------------------------------------------------------------------------------------------


# A name in Latin letters with its evidence: a courtesy title before it (Dr. Emily Carter),
# or an honorific, a title or a bracket right after it (John Smith氏, Mary Brown(東北大学教授)).
_LATIN_NAME = re.compile(
    r"[A-Z][a-z]+(?:[ \u3000]+(?:[A-Z]\.[ \u3000]*)?(?:[A-Z][a-z]+|[A-Z]{2,})(?:-[A-Z][a-z]+)?){1,2}(?![A-Za-z])"
)
# (The pattern opens with a capital, which lets the regex engine skip to the next one: a
# pattern opening with the optional courtesy title would be tried at every character.)
_COURTESY = re.compile(r"(?:^|(?<=[^A-Za-z]))(Dr|Prof|Mr|Mrs|Ms|Mx)\.?[ \u3000]+$")


def _latin(text: str) -> list[Span]:
    """People named in Latin letters, where a courtesy title, an honorific, a job title or a
    bracketed title or organisation vouches for them."""
    out = []
    for m in _LATIN_NAME.finditer(text):
        s, e = m.span()
        courtesy = _COURTESY.search(text, max(0, s - 8), s)
        courtesy = courtesy.group(1) if courtesy else None
        if m.group().split()[0] in ("Dr", "Prof", "Mr", "Mrs", "Ms", "Mx"):
            continue  # a courtesy title without its dot, read as a first name
        honorific = _honorific_at(text, e)
        title_m = _title_start_re().match(text, e)
        paren = None
        if text[e : e + 1] in "(（":
            close = min(
                (i for i in (text.find(")", e, e + 40), text.find("）", e, e + 40)) if i > 0), default=-1
            )
            if close > 0:
                inner = text[e + 1 : close]
                t = _title_end_re().search(inner)
                o = _org_like(inner[: t.start()] if t else inner)
                if t or o:
                    paren = (t.group() if t else None, (e + 1 + o[0], e + 1 + o[1]) if o else None)
        if not (courtesy or honorific or title_m or paren):
            continue
        parts = m.group().split()
        given, family = " ".join(parts[:-1]), parts[-1]
        title = title_m.group() if title_m else (paren[0] if paren else None)
        if title is None and courtesy:
            title = courtesy + "."
        org = paren[1] if paren else None
        out.append(
            _person(
                text, s, e, family, given, title, "latin", org=org, honorific=honorific, name=" ".join(parts)
            )
        )
    return out


def _roster(text: str) -> list[Span]:
    """Roster entries (line_shapes.ROSTER_ENTRY: 吉原 孝(教育長)): the layout says person even
    where UniDic reads the family name as a place (吉原) and the given name as a word (孝)."""
    out = []
    for m in ROSTER_ENTRY.finditer(text):
        if _org_ending_re().search(m.group(1)) or _org_ending_re().search(m.group(2)):
            continue  # 東北 支部(部長): an organisation and its unit
        if m.group(2) in honorifics() or m.group(2) in _title_set() or m.group(3)[0] in _FORMER:
            continue  # 山田 太郎 氏(…): the name ends before; (前広報課長): the post held before
        a, b = m.span(3)
        word = _title_end_re().search(text, a, b)
        if word is None or word.end() != b:
            continue
        title, org = _split_title(text, a, word.start(), word.group(), 10)
        out.append(_person(text, m.start(1), m.end(2), m.group(1), m.group(2), title, "roster", org=org))
    return out


def find_people(text: str, tokens=None) -> list[Span]:
    """People with a job title, honorific, organisation or label (value = name without spaces).

    >>> [(s.value, s.attrs["title"]) for s in find_people("産学官連携推進室 室長 千葉 康典")]
    [('千葉康典', '室長')]
    """
    if tokens is None:
        from pipeline.tokens import tokenize

        tokens = tokenize(text)
    taken = _Taken()
    for sp in _bylines(text):
        taken.add(sp)
    if _LATIN_NAME.search(text):
        for sp in _latin(text):
            taken.add(sp)
    if "(" in text or "（" in text:
        for sp in _roster(text):
            taken.add(sp)
    for sp in _names_under_titles(text):
        taken.add(sp)
    if len(tokens):
        ctx = _Ctx(text, tokens)
        # Each finder opens at something most texts lack: a name token, a ・ or ＝ or 氏 for
        # foreign names, a space after a title for spaced names.
        if _DOTS.search(text) or "氏" in text:
            for sp in _foreign(ctx):
                taken.add(sp)
        if ctx.person.any():
            for sp in _prose(ctx):
                taken.add(sp)
        if " " in text or "\u3000" in text:
            for sp in _spaced(ctx, taken):
                taken.add(sp)
        if taken.spans:
            _lists(ctx, taken)
            _mentions(ctx, taken)
    return list(taken.spans)


def _squeeze(name: str) -> str:
    """A name as a key: without the spaces Japanese names are written with (千葉 康典), with
    one space between the words of a name in Latin letters (Emily Carter)."""
    if name.isascii():
        return " ".join(name.split())
    return "".join(name.split())


def people_rows(spans) -> list[dict]:
    """One row per person of a document's PERSON spans, in order of first mention.

    The key is the full name without spaces (attrs person_key when given); a family name alone
    joins the one earlier full name with that family name.  Rows hold person_key, name,
    family_name, given_name, title and org_text (first non-null), n_mentions and
    span_indexes (positions in ``spans``).

    >>> a = {"family_name": "山田", "given_name": "太郎", "title": "教授", "org_text": None}
    >>> b = {"family_name": "山田", "given_name": None, "title": None, "org_text": None}
    >>> [(r["person_key"], r["n_mentions"]) for r in people_rows([
    ...     Span(0, 4, PERSON, "山田太郎", "山田太郎", attrs=a), Span(9, 11, PERSON, "山田", "山田", attrs=b)])]
    [('山田太郎', 2)]
    """
    rows: dict[str, dict] = {}
    by_family: dict[str, list[str]] = {}  # the keys of the rows of each family name
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, spans[i].end))
    # Full names by family name, wherever they stand: a family name alone written before the
    # full name (西村教授らの… 西村克彦教授は) joins it when it is the only one.
    later: dict[str, set[str]] = {}
    for sp in spans:
        fam, giv = sp.attrs.get("family_name"), sp.attrs.get("given_name")
        if fam and giv:
            later.setdefault(fam, set()).add(_squeeze(sp.attrs.get("name") or fam + giv))
    for i in order:
        sp = spans[i]
        a = sp.attrs
        family, given = a.get("family_name"), a.get("given_name")
        name = _squeeze(a.get("name") or sp.value or sp.text or "")
        key = a.get("person_key")
        if not key or (not given and key == name):
            if family and given:
                key = name
            else:
                # A family name alone joins the one full name met earlier with that family name.
                fam = family or name
                keys = [
                    k for k in by_family.get(fam, ()) if rows[k]["family_name"] == fam and len(k) > len(fam)
                ]
                if not keys and len(later.get(fam, ())) == 1:
                    keys = list(later[fam])
                key = keys[0] if len(keys) == 1 else (key or name)
        key = _squeeze(key)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "person_key": key,
                "name": key,
                "family_name": family,
                "given_name": given,
                "title": None,
                "org_text": None,
                "n_mentions": 0,
                "span_indexes": [],
            }
        if given and not row["given_name"]:
            row["family_name"], row["given_name"] = family, given
        if row["family_name"] is None:
            row["family_name"] = family
        if row["family_name"] and key not in by_family.setdefault(row["family_name"], []):
            by_family[row["family_name"]].append(key)
        for field in ("title", "org_text"):
            if row[field] is None and a.get(field) is not None:
                row[field] = a[field]
        row["n_mentions"] += 1
        row["span_indexes"].append(i)
    return list(rows.values())


def _without_common_tail(text: str, s: int, e: int, tokens) -> int:
    """The end of a katakana name joined by ・ less a last part that is a verbal noun
    (ブロードウェイ・デビュー: デビュー is no part of a name); ``s`` when what is left is a
    place's name alone (then no person at all)."""
    dot = text.rfind("・", s, e)
    if dot <= s:
        return e
    ks = range(bisect.bisect_left(tokens.start, dot + 1), bisect.bisect_left(tokens.start, e))
    pos2, pos3 = tokens.view("pos2"), tokens.view("pos3")
    if not ks or not all(pos2[k] == "普通名詞" and pos3[k] == "サ変可能" for k in ks):
        return e
    head = range(bisect.bisect_left(tokens.start, s), bisect.bisect_left(tokens.start, dot))
    if len(head) == 1 and pos3[head[0]] == "地名":
        return s
    return dot


# A given name as written after a family name: one to four kanji or kana.
_GIVEN_SHAPE = re.compile(r"[\u4e00-\u9fff々\u3041-\u309f\u30a1-\u30fa\u30fc]{1,4}")


def foreign_names(text: str, tokens, spans: list[Span]) -> list[Span]:
    """The model's ``spans`` with a foreign name it labelled an organisation or a place made a
    person: parts joined by ・ or ＝, the first a name UniDic knows as a person's and the last
    no word it knows (ボビー・ブランズ: a given name, then a family name too rare for the
    dictionary).  Two known names (ヒューレット・パッカード) may well be a company named after
    its founders, and one part alone (ジョージア) a place: both stay as the model read them."""
    out = []
    for sp in spans:
        if sp.label != PERSON and _KATA_NAME.fullmatch(sp.text):
            # MeCab may read a dotted name in running text as one unknown word: the name is
            # asked alone.
            if _person_words(sp.text):
                sp = Span(sp.start, sp.end, PERSON, sp.text, sp.value, sp.rule, dict(sp.attrs))
        out.append(sp)
    return out


def _person_words(name: str) -> bool:
    """A dotted katakana name whose first part UniDic knows as a person's name (ボビー) and
    whose last part is no word it knows (ブランズ); not an organisation's ending."""
    parts = re.split("[・＝=]", name)
    if len(parts) < 2 or _org_ending_re().search(name):
        return False
    return _word_kind(parts[0]) == "person" and _word_kind(parts[-1]) == "unknown"


@lru_cache(maxsize=4096)
def _word_kind(word: str) -> str:
    """How UniDic reads ``word`` alone: "person" (one 人名 word), "word" (one other word it
    knows) or "unknown" (several pieces or a word it made up)."""
    from pipeline.tokens import tokenize

    t = tokenize(word)
    if len(t) != 1:
        return "unknown"
    if t.pos3[0] == "人名":
        return "person"
    return "word" if t.reading[0] is not None else "unknown"


def _note_after_name(text: str, s: int, e: int, names: list[Span]) -> bool:
    """text[s:e] fills brackets written right after another name (秋元憲司(二宮)): a note on
    that person (a place, a school), as newspapers' lists write them."""
    if s < 2 or text[s - 1] not in "(（" or text[e : e + 1] not in ")）":
        return False
    return any(sp.end == s - 1 for sp in names)


def merge_people(text: str, tokens, rule_spans: list[Span], ner) -> list[Span]:
    """Rule mentions (a title, an honorific, a byline, an organisation: strong evidence) and
    the named-entity model's PERSON mentions merged: a rule mention wins where the two
    overlap; a model mention elsewhere is a person of its own, with the family and given name
    UniDic tells apart, an honorific right after it kept outside, and the full name it
    shortens when the same family name was met in full earlier.

    ``ner`` is the model's :class:`pipeline.ner.Analysis` of the same text and tokens.
    """
    out = list(rule_spans)
    taken = _Taken()
    for sp in rule_spans:
        taken.add(sp)
    model = [sp for sp in ner.spans if sp.label == PERSON]
    if not model:
        return out
    start = tokens.start
    pos4 = tokens.view("pos4")
    pos3 = tokens.view("pos3")
    sf = tokens.view("surface")
    full_names: dict[str, str] = {}
    for sp in rule_spans:
        fam, name = sp.attrs.get("family_name"), sp.attrs.get("name")
        if fam and name and name != fam:
            full_names.setdefault(fam, name)
    for sp in sorted(model, key=lambda x: x.start):
        s, e = sp.start, sp.end
        honorific = _honorific_ending(text, s, e)
        if honorific:
            e -= len(honorific)
        e = _without_common_tail(text, s, e, tokens)
        k = bisect.bisect_left(start, e)
        k0 = bisect.bisect_left(start, s)
        if (
            0 < k < len(start)
            and start[k] == e
            and text[e : e + 1] in _given_name_ends()
            and (pos4[k - 1] == "名" or (k - 1 > k0 and e - start[k - 1] == 1 and pos4[k0] == "姓"))
            and e - start[k - 1] <= 2
            and sf[k] == text[e]
        ):
            # the model stopped before the given name's last character (岸本斉|史, 沢井零|子:
            # a family name, one kanji UniDic reads as a word, then 子)
            e += 1
        if (
            0 < k < len(start)
            and start[k] == e
            and pos3[k] == "人名"
            and pos4[k] == "姓"
            and _KATA_WORD.fullmatch(text, s, e)
            and pos3[k - 1] == "人名"
        ):
            e = int(tokens.end[k])  # a stage name: ジェリー|藤尾, a given name in katakana first
        if e <= s or taken.overlaps(s, e):
            continue
        nxt = text[e + 1 : e + 2]
        if text[e : e + 1] in _PLACE_ENDS or (text[e : e + 1] in "市町村" and (not nxt or nxt not in "長議")):
            continue  # the name of a place: 菅|島, 高尾|山, 富田林|市 (but 田中|市長 is a person)
        if all(map(_is_kata, text[s:e].replace("・", ""))) and _org_ending_re().search(text[s:e]):
            continue  # a company: リライアンス・エンターテインメント
        initial = (
            s >= 2
            and _INITIAL.fullmatch(text, s - 2, s) is not None
            and (s == 2 or not _LATIN_LETTER.match(text, s - 3))
        )
        if initial:
            s -= 2  # the initial of a given name before the family name: Y・モリーナ
        reading = _READING.match(text, s - 1) if s >= 2 else None
        if reading is not None and reading.end() >= e and taken.overlaps(s - 2, s - 1):
            continue  # the reading of the name before it, in brackets: 矢野留美(やの るみ)氏
        if _note_after_name(text, s, e, [*model, *rule_spans]):
            continue  # 津本辰己(二宮): where the person before is from, not a person
        if honorific is None:
            honorific = _honorific_at(text, e)
        # A title the model took into the name (古田剛シェフ, …ヘッドコーチ) is the title.
        m = _title_end_re().search(text, s + 2, e)
        title = m.group() if m else None
        if title is not None:
            e -= len(title)
        name = re.sub(r"\s+", "", text[s:e])
        # Family and given name where UniDic tags the parts (姓, 名) and they make the whole.
        ks = range(bisect.bisect_left(start, s), bisect.bisect_left(start, e))
        family = given = None
        if len(ks) >= 2 and pos3[ks[0]] == "人名" and pos4[ks[0]] == "姓":
            family = sf[ks[0]]
            rest = "".join(sf[k] for k in ks[1:])
            # The model read the whole as a name: after a family name, a short rest is the
            # given name even when UniDic knows its characters as a word (紀藤|統一).
            given = rest if all(pos3[k] == "人名" for k in ks[1:]) or _GIVEN_SHAPE.fullmatch(rest) else None
        elif len(ks) == 1 and pos3[ks[0]] == "人名" and pos4[ks[0]] == "姓":
            family = name
        if _INITIAL.match(text, s) and _KATA_WORD.fullmatch(text, s + 2, e):
            family, given = text[s + 2 : e], text[s]  # Y・モリーナ
        if title is None:
            m = _title_start_re().match(text, e)
            title = m.group() if m else None
        org = None
        if title is None:
            got = _title_line_above(text, s)
            if got is not None:
                title, org = got
        if title is not None and family is None and not given and re.fullmatch(f"[{_CJK}]{{1,3}}", name):
            family = name  # 大森市長: a post follows the family name
        person = _person(
            text,
            s,
            e,
            family,
            given,
            title,
            sp.rule,
            honorific=honorific,
            name=name,
            person_key=full_names.get(name, name),
            org=org,
        )
        person.attrs["confidence"] = sp.attrs.get("confidence")
        out.append(person)
        taken.add(person)
        if family and given:
            full_names.setdefault(family, name)
    return sorted(out, key=lambda x: (x.start, x.end))


__all__ = ["find_people", "foreign_names", "job_titles", "merge_people", "people_rows", "person_titles"]
