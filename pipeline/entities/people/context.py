"""What the people rules read about a text's tokens: :class:`_Ctx` (offsets, parts of
speech, word flags and masks, computed once per text), the runs of name tokens, and the
PERSON span a rule builds (:func:`_person`) with :class:`_Taken` keeping rules apart."""

from __future__ import annotations

import bisect
import re
from functools import cache, cached_property, lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.base.datafiles import data_lines
from pipeline.base.line_shapes import CJK as _CJK
from pipeline.document.spans import PERSON, Span
from pipeline.entities.addresses import place_attrs
from pipeline.entities.people.words import (
    _COLONS,
    _NOUNISH,
    _SPACES,
    _TITLE_FOLLOWERS,
    _given_name_ends,
    _org_tails,
    _separators,
    _title_prefixes,
    _title_start_re,
    _title_tails,
    honorifics,
)

# --------------------------------------------------------------------------------------------
# Spans and their attributes


_FORMER_MARK = frozenset("元前旧現")
_BULLETS = "●○◎■□◆◇▼▽▲△★☆※・･"


@lru_cache(maxsize=1024)
def _former_mark(org: str) -> bool:
    """``org`` opens with a former-post mark that is a word of its own (元|日本商工会議所), not a
    name's first character (前橋|市役所)."""
    from pipeline.text.tokens import tokenize

    return tokenize(org).surface[0] == org[0]


def _person(
    text, s, e, family, given, title, rule, *, org=None, honorific=None, role=None, name=None, person_key=None
) -> Span:
    """A PERSON span over text[s:e]; ``org`` is the organisation's (start, end) in the text."""
    if name is None:
        name = re.sub(r"\s+", "", (family or "") + (given or "")) or re.sub(r"\s+", "", text[s:e])
    org_text = org_start = org_end = None
    if org is not None:
        org_start, org_end = org
        if (
            org_end - org_start > 2
            and text[org_start] in _FORMER_MARK
            and _former_mark(text[org_start:org_end])
        ):
            org_start += 1  # 元日本商工会議所会頭: the post was held before, the body is 日本商工会議所
        org_text = re.sub(r"\s+", "", text[org_start:org_end])
    if title:
        title = title.lstrip(_BULLETS) or None  # ●理事長: a list's bullet is no part of the post
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
# Token context


# Per distinct surface, one bit per word list the finders test tokens against.
_HONORIFIC, _TITLE_TAIL, _ORG_TAIL, _JOIN, _COLON, _OPEN, _UJI, _DOT = (1 << i for i in range(8))
# Written between a title and a name: 課長の山田太郎, 理事長・山田太郎, and the post someone
# is elected or appointed to (会長に山田太郎、副会長に…).
_JOINERS = ("の", "・", "に")


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


# Single kanji that close a place or a body's name, not a given name's (中島|県|教育長, 山田|塾).
_NOT_GIVEN_KANJI = frozenset(
    "県市町村区都府道国州郡局部課室省庁院校社会団塾園館寺店屋堂組家党派軍隊班科係署所"
)
# Single kanji written after a place's name as part of a longer place (神戸西, 大阪駅, 横浜港).
_PLACE_PARTS = frozenset("東西南北中上下内外駅港橋線口台浜島山川")

# Honorifics only a person takes (a shop or a company may be さん too, but not a place).
# (Not 様 or さん: shrines and their gods take them too, 八幡様, お稲荷さん.)
_PERSON_HONORIFICS = frozenset({"先生", "氏", "君", "くん", "ちゃん"})


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
            # A family name UniDic knows as a place (有田, 北見), written against a person's
            # honorific (有田先生, 北見氏): places take no 先生 or 氏.
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
            self.person = self.person | self._place_family_unknown_given(tokens, places)

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

    def _place_family_unknown_given(self, tokens, places: np.ndarray) -> np.ndarray:
        """A family name UniDic reads as a place (尾崎), then a given name it cuts into one or
        two single kanji it reads as common words or numerals (承|一), then a title, all written
        together (尾崎承一学長): the name's tokens."""
        out = np.zeros(self.n, dtype=bool)
        title = self.flag(_TITLE_TAIL)
        for k in np.flatnonzero(places[:-2]).tolist():
            if k > 0 and self.adj[k - 1] and re.fullmatch(f"[{_CJK}]", self.sf[k - 1] or ""):
                continue  # a kanji before it: the place is part of a longer word
            if not re.fullmatch(f"[{_CJK}]{{2,3}}", self.sf[k]):
                continue
            j = k + 1
            while (
                j < self.n
                and j - k <= 2
                and self.adj[j - 1]
                and len(self.sf[j]) == 1
                and re.fullmatch(f"[{_CJK}]", self.sf[j])
                and self.p2[j] in ("普通名詞", "数詞")
                and self.sf[j] not in _NOT_GIVEN_KANJI
                and self.sf[j] not in _title_prefixes()
                and not title[j]
            ):
                j += 1
            # Exactly two kanji, the first a common word, not a number, a direction or a
            # facility (神戸|西|署長, 大阪|一|校長, 大阪|駅|会長 are places and posts).
            if (
                j == k + 3
                and j < self.n
                and self.adj[j - 1]
                and title[j]
                and self.p2[k + 1] == "普通名詞"
                and self.sf[k + 1] not in _PLACE_PARTS
            ):
                out[k:j] = True
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
