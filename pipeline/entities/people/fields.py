"""The fields around a name: the title and organisation before it (課長の山田, 新潟大学 川崎一正),
after it (岩田啓靖学長, 貞廣昌利福島県電子機械工業会会長, （東北大学教授）), on the line above,
and the labels (講師：…) that give a role."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline.base.line_shapes import CJK as _CJK
from pipeline.base.vocab import gatherings, person_titles
from pipeline.document.spans import Span
from pipeline.entities.orgs import (
    deictic_prefixes,
    find_orgs,
    gazetteer,
    generic_names,
    generic_stems,
    legal_forms,
    suffixes,
)
from pipeline.entities.people.context import _JOINERS, _NOT_GIVEN_KANJI, _Ctx, _former_mark, _person
from pipeline.entities.people.words import (
    _COLONS,
    _DIGITS,
    _LOCAL_GOVERNMENT,
    _MAX_TITLE,
    _PLACE_TITLES,
    _PUNCT,
    _SPACES,
    _field_stop,
    _honorific_re,
    _org_ending_re,
    _roles,
    _separators,
    _title_end_re,
    _title_prefixes,
    _title_set,
    _title_start_re,
    _unit_titles,
)

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
    from pipeline.text.tokens import tokenize

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
    while fs < ts and text[fs] in _FORMER and _former_mark(text[fs : ts + len(word)]):
        fs += 1  # 前支社長: the former head of a unit, not a unit named 前支社 (but 前橋市役所課長)
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
    # The post's prefix goes with it (産学連携学会前|会長, 日本商工会議所副|会頭).
    lead = next((p for p in _title_prefixes() if text.endswith(p, 0, ts) and ts >= len(p)), None)
    if lead is not None and ctx.at_start(ts - len(lead)) is not None and ctx.at_end(ts) is not None:
        ts -= len(lead)
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
    from pipeline.text.tokens import tokenize

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
# (Not 文 or 作: given names too, 佐藤 文.)
_BYLINE_MARKS = frozenset({"記", "著", "筆", "談", "編", "訳", "撮影", "写真", "記録"})

# A given name of one to three kanji after one space, closing its line.
_WORD_GIVEN = re.compile(r"[ \u3000](?P<g>[\u4e00-\u9fff々]{1,3})(?=[ \u3000]*(?:\n|$))")


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
