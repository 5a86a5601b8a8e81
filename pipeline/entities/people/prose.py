"""Names in running text: the runs of name tokens that evidence next to them singles out
(:func:`_candidates`), each weighed by :func:`_evaluate` (its parts, honorific, title and
organisation)."""

from __future__ import annotations

import re

import numpy as np

from pipeline.base.line_shapes import CJK as _CJK
from pipeline.base.line_shapes import KANA_GIVEN
from pipeline.base.vocab import person_titles
from pipeline.document.spans import Span
from pipeline.entities.people.context import _Ctx, _person
from pipeline.entities.people.fields import (
    _BYLINE_MARKS,
    _WORD_GIVEN,
    _after_place,
    _ends_field,
    _fields_after,
    _label_before,
    _org_before,
    _paren_after,
    _title_after,
    _title_before,
    _title_line_above,
    _unknown_given_before_title,
)
from pipeline.entities.people.words import (
    _SPACED_HONORIFICS,
    _SPACES,
    _given_name_ends,
    _honorific_at,
    _not_names,
    _org_ending_re,
    _title_closing_line,
    _title_prefixes,
    _title_start_re,
    _weak_titles,
)


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


def _family_head(ctx: _Ctx, k: int) -> bool:
    """Token ``k`` (a one-kanji family name) has a one- or two-kanji common noun glued before
    it that opens a field: after the text's or line's start, a space, a mark, a particle or
    a post (副幹事 黄金|井 陽介 reads as 黄金井)."""
    p = k - 1
    if p < 0 or not ctx.adj[p] or ctx.p2[p] != "普通名詞" or not re.fullmatch(f"[{_CJK}]{{1,2}}", ctx.sf[p]):
        return False
    if ctx.mask("title_tail")[p] or ctx.mask("honorific")[p]:
        return False
    q = p - 1
    return (
        q < 0
        or not ctx.adj[q]
        or ctx.p1[q] in ("助詞", "補助記号", "記号")
        or bool(ctx.mask("title_tail")[q])
    )


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
# One to three kanji after a family name (a space between or none), then a reading of two
# parts, family's and given name's, in brackets.
_GIVEN_BEFORE_READING = re.compile(
    r"[ \u3000]?(?P<g>[\u4e00-\u9fff々]{1,3})"
    r"(?=[(（][\u3041-\u3096\u30a1-\u30fa\u30fc]{1,8}[・ 　][\u3041-\u3096\u30a1-\u30fa\u30fc]{1,8}[)）])"
)


def _evaluate(ctx: _Ctx, ks: list[int]) -> Span | None:
    """A run of name tokens ``ks`` as a person, when the text around it gives evidence."""
    text, n = ctx.text, ctx.n
    s, e = int(ctx.start[ks[0]]), int(ctx.end[ks[-1]])
    family, given = _name_parts(ctx, ks)
    honorific_mask = ctx.mask("honorific")
    after_k = ks[-1] + 1
    if family and given and len(family) == 1 and _family_head(ctx, ks[0]):
        # 黄金|井|陽介: UniDic takes a rare family name's last kanji for the whole of it and
        # the kanji before for a word; the word stands right after a field's start.
        ks = [ks[0] - 1, *ks]
        family = ctx.sf[ks[0]] + family
        s = int(ctx.start[ks[0]])
    if (
        family
        and given
        and len(given) == 1
        and after_k < n
        and ctx.adj[ks[-1]]
        and ctx.sf[after_k] in _given_name_ends()
        and (after_k + 1 >= n or honorific_mask[after_k + 1] or _ends_field(text, int(ctx.end[after_k])))
    ):
        # 垂水|廣|海|さん: UniDic reads the given name's last kanji as a word of its own
        given += ctx.sf[after_k]
        e, ks, after_k = int(ctx.end[after_k]), [*ks, after_k], after_k + 1
    honorific = None
    split_title = None
    byline_mark = False  # 広報委員会 佐藤 記: the family name alone, then "written by"
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
            elif (read := _GIVEN_BEFORE_READING.match(text, e)) is not None and (
                ctx.p4[ks[-1]] != "名" and (k_end := ctx.at_end(read.end())) is not None
            ):
                # A given name UniDic reads as a common word, then the reading of both names
                # in brackets (福王 聖樹(ふくおう きよき)): the reading vouches for the name.
                given = read["g"]
                e, after_k = read.end(), k_end + 1
                ks = ks + list(range(ks[-1] + 1, k_end + 1))
            else:
                # A given name UniDic reads as a common word (新井 全勝), after a space and
                # closing a byline: a body's name before the family name, on its own line.
                word = _WORD_GIVEN.match(text, e)
                if word is not None and word["g"] in _BYLINE_MARKS:
                    word, byline_mark = None, True  # 広報委員会 佐藤 記: "written by", no given name
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
    if title is None and (org is None or rule == "paren") and not ctx.name_goes_on(e):
        # (after a body in brackets too: 産学連携学会前会長 湯本長伯(九州大学), the post's
        # body before the name wins over the writer's in brackets when the post names one)
        got = _title_before(ctx, s)
        if got is not None:
            title, org, role = got[0], got[1] or org, got[2]
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
        if not ((full or byline_mark) and _ends_field(text, e)) or ctx.name_goes_on(e):
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
    nxt2 = np.minimum(tails + 2, n - 1)
    # One more word, then a bracket: the given name and the reading of both (福王聖樹(ふくおう・きよき)).
    after |= (tails + 2 < n) & ctx.adj[tails] & ctx.adj[nxt] & ctx.mask("open")[nxt2]
    # A kanji numeral MeCab cut off the given name, then an honorific (千葉崇|二|氏).
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
