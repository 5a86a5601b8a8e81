"""Runs of name tokens (noun chains, legal forms joined across an OCR space, names glued
with の) and the longest name a run holds by its institutional ending or legal form."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np

from pipeline.entities.orgs.words import (
    _CHAIN_POS1,
    _COUNTED_END,
    _DEICTIC_WORDS,
    _DIGIT_END,
    _LEAD_SUFFIX_SKIP,
    _NAME_CHARS,
    _SYMBOL_INSIDE,
    _legal_lookup,
    _title_words,
    gazetteer,
    generic_names,
    generic_stems,
    legal_re,
    suffixes,
)


def _cols(tokens):
    """(start, end, surface, pos1, pos2, pos3, pos4, reading) of a Tokens object, for
    reading token by token (offsets as lists, text as views)."""
    return tuple(
        tokens.view(name) for name in ("start", "end", "surface", "pos1", "pos2", "pos3", "pos4", "reading")
    )


def _tokens_for(text: str):
    from pipeline.text.tokens import tokenize

    return tokenize(text)


# UniDic reads a half-width comma as a symbol (記号), like a Latin letter: it separates names.
_COMMAS = frozenset({",", "，"})


def _chain_token(sf: str, p1: str, p2: str | None) -> bool:
    if p1 in _CHAIN_POS1:
        return True
    if p1 == "接尾辞":
        return p2 == "名詞的"
    if p1 == "補助記号":
        return sf in ("（株）", "(株)", "㈱", "（有）", "(有)")
    if p1 == "記号":
        return sf not in _COMMAS  # Latin letters and other 文字 symbols, not a list's comma
    return False


@cache
def _suffix_tails() -> frozenset[str]:
    """Every ending of an institutional suffix (部, 学部, 大学, 学, ...): the last word of a
    suffix made of whole words is one of them."""
    return frozenset(sfx[-k:] for sfx in suffixes() for k in range(1, len(sfx) + 1))


_LEGAL_ABBR = ("（株）", "(株)", "㈱", "（有）", "(有)")

# Word flags: what the rules single out about a word by being that word.
LEGAL_ABBR, JOINER, SUFFIX_END, DEICTIC = 8, 16, 64, 128
# Flags of every surface met so far in this process (Zipf: after the first documents nearly
# every word of a new one is here); started afresh past _MAX_FLAGS words to bound memory.
_FLAGS: dict[str, int] = {}
_MAX_FLAGS = 200_000


@cache
def _special_flags() -> dict[str, int]:
    """The flags of the few words that have one by being that word."""
    out: dict[str, int] = {}
    for words, bit in ((_LEGAL_ABBR, LEGAL_ABBR), (_SYMBOL_INSIDE, JOINER), (_DEICTIC_WORDS, DEICTIC)):
        for w in words:
            out[w] = out.get(w, 0) | bit
    return out


def _word_flags(tokens) -> np.ndarray:
    """Per token, the flags of its word (one lookup per distinct surface)."""
    got = tokens.memo.get("orgs.flags")
    if got is None:
        wc, words = tokens.codes("surface")
        known = _FLAGS
        if len(known) > _MAX_FLAGS:
            known.clear()
        special, tails = _special_flags(), _suffix_tails()
        values = []
        for w in words:
            f = known.get(w)
            if f is None:
                f = known[w] = special.get(w or "", 0) | (SUFFIX_END if (w or "") in tails else 0)
            values.append(f)
        got = tokens.memo["orgs.flags"] = np.append(np.asarray(values, dtype=np.int64), 0)[wc]
    return got


def _chain_token_mask(tokens, legal_abbr: np.ndarray, at: np.ndarray | None = None) -> np.ndarray:
    """``_chain_token`` for every token at once, or for the tokens ``at`` only
    (``legal_abbr``: per such token, whether it is （株） or the like)."""

    def mask(name, allowed):
        got = tokens.value_mask(name, allowed)
        return got if at is None else got[at]

    return (
        (mask("pos1", _CHAIN_POS1 | {"記号"}) & ~mask("surface", _COMMAS))
        | (mask("pos1", {"接尾辞"}) & mask("pos2", {"名詞的"}))
        | (mask("pos1", {"補助記号"}) & legal_abbr)
    )


def _legal_runs(spans, start, end) -> list[tuple[int, int]]:
    """(first, last) token of every legal form (``spans``: their character spans) written as
    whole tokens: 株式会社 (株式 + 会社), （財） (one symbol token), (株) (three tokens) ..."""
    n = len(start)
    if not spans or not n:
        return []
    ms, me = np.asarray(spans).T
    a = np.searchsorted(start, ms)
    b = np.searchsorted(end, me)
    ok = (a < n) & (b < n)
    a, b, ms, me = a[ok], b[ok], ms[ok], me[ok]
    ok = (np.asarray(start)[a] == ms) & (np.asarray(end)[b] == me)
    return list(zip(a[ok].tolist(), b[ok].tolist()))


def _join_legal_runs(text, start, end, ct, adj, legal) -> None:
    """Make every legal form a run of name tokens, and let one standing alone join the name
    across one space (an OCR space: 株式会社 東北ヘルスケア研究所; 山田製作所 (株)): forwards
    to the name after it, else backwards to the name before it."""
    n = len(ct)
    for a, b in legal:
        ct[a : b + 1] = True

    def space_token(k):  # MeCab makes an ideographic space a token of its own
        return 0 <= k < n and end[k] - start[k] == 1 and text[start[k]] in " \u3000" and adj[k - 1] and adj[k]

    for a, b in legal:
        if (a > 0 and adj[a - 1] and ct[a - 1]) or (b + 1 < n and adj[b] and ct[b + 1]):
            continue  # written against a name already
        if b + 1 < n and ct[b + 1] and start[b + 1] == end[b] + 1 and text[end[b]] in " \u3000":
            adj[b] = True
        elif b + 2 < n and ct[b + 2] and space_token(b + 1):
            ct[b + 1] = True
        elif a > 0 and ct[a - 1] and start[a] == end[a - 1] + 1 and text[end[a - 1]] in " \u3000":
            adj[a - 1] = True
        elif a > 1 and ct[a - 2] and space_token(a - 1):
            ct[a - 1] = True


def _name_chains(text, tokens):
    """Maximal runs of adjacent name-like tokens (``_chain_token``, or an adjectival noun
    before one: 高等専門学校; a middle dot or the like between two of them joins them,
    サラブレッド・ブリーダーズ; a legal form is a run of name tokens and may join its name
    across one space, see ``_join_legal_runs``) as (first,
    last) token indexes, keeping only the runs that can hold a mention: a token that is an
    ending of an institutional suffix (``_candidate`` takes suffixes that start at a token
    boundary, so their last token is one), a legal form, or a deictic word at the head.

    Most noun runs of running prose (時間, 東京駅前) have none of these, and the per-run
    work in ``find_orgs`` is then skipped.  tests/test_orgs.py checks these runs against a
    token-by-token loop.
    """
    n = len(tokens)
    if not n:
        return []
    flags = _word_flags(tokens)
    start = tokens.table.column("start").to_numpy()
    end = tokens.table.column("end").to_numpy()

    ct = _chain_token_mask(tokens, (flags & LEGAL_ABBR).astype(bool))
    adj = np.zeros(n, dtype=bool)
    adj[:-1] = end[:-1] == start[1:]
    legal = [m.span() for m in legal_re().finditer(text)]
    legal_runs = _legal_runs(legal, start, end)
    _join_legal_runs(text, start, end, ct, adj, legal_runs)
    # An adjectival noun before a name token is part of the name (高等 of 仙台高等専門学校,
    # セキュア of セキュア・テクノロジー株式会社).
    before = np.zeros(n, dtype=bool)
    before[:-1] = adj[:-1] & ct[1:]
    before[:-2] |= adj[:-2] & ((flags[1:-1] & JOINER) != 0) & ~ct[1:-1] & adj[1:-1] & ct[2:]
    adjectival = np.flatnonzero(tokens.value_mask("pos1", {"形状詞"}) & before)
    if len(adjectival):
        surface, names = tokens.view("surface"), _NameAdjectivals()
        ct[[k for k in adjectival.tolist() if surface[k] in names]] = True
    _join_no_kai(text, tokens, start, ct, adj, legal_runs)
    joiner = (flags & JOINER).astype(bool) & ~ct
    link1 = np.zeros(n, dtype=bool)
    link1[:-1] = adj[:-1] & ct[1:]
    link_j = np.zeros(n, dtype=bool)  # k -> joiner k+1 -> k+2
    link_j[:-2] = adj[:-2] & joiner[1:-1] & adj[1:-1] & ct[2:]
    reached = np.zeros(n, dtype=bool)
    reached[1:] = ct[:-1] & link1[:-1]
    reached[2:] |= ct[:-2] & link_j[:-2]
    heads = np.flatnonzero(ct & ~reached)
    tails = np.flatnonzero(ct & ~(link1 | link_j))
    hints = np.concatenate(([0], np.cumsum((flags & SUFFIX_END).astype(bool))))
    keep = (hints[tails + 1] - hints[heads] > 0) | (flags[heads] & DEICTIC).astype(bool)
    if legal_runs:
        first = np.zeros(n + 1, dtype=np.int64)
        first[[a + 1 for a, _b in legal_runs]] = 1
        first = np.cumsum(first)
        keep |= first[tails + 1] - first[heads] > 0
    # A legal form inside the run: the first match starting in it must also end in it
    # (matches do not overlap, so a later one ends later still).
    if legal:
        ms, me = np.asarray(legal).T
        at = np.searchsorted(ms, start[heads])
        ok = at < len(ms)
        at = np.minimum(at, len(ms) - 1)
        keep |= ok & (me[at] <= end[tails])
    return list(zip(heads[keep].tolist(), tails[keep].tolist()))


def _join_no_kai(text, tokens, start, ct, adj, legal_runs) -> None:
    """A society named "…の会" (NPO法人みやぎ里山の会, 仙台ロシア語の会): の and 会 join the name
    before them when it holds a proper noun or a legal form; after a common noun alone it is
    an event (送別の会, 感謝の会), not a name."""
    if "の会" not in text:
        return
    n = len(ct)
    surface, pos2 = tokens.view("surface"), tokens.view("pos2")
    in_legal = np.zeros(n, dtype=bool)
    for a, b in legal_runs:
        in_legal[a : b + 1] = True
    for m in re.finditer("の会", text):
        k = int(np.searchsorted(start, m.start()))
        if not (
            0 < k < n - 1
            and start[k] == m.start()
            and surface[k] == "の"
            and surface[k + 1] == "会"
            and adj[k - 1]
            and adj[k]
            and ct[k - 1]
        ):
            continue
        if k + 2 < n and adj[k + 1] and ct[k + 2]:
            continue  # の会員, の会場: another word
        h = k - 1
        while h > 0 and ct[h - 1] and adj[h - 1]:
            h -= 1
        if any(pos2[t] == "固有名詞" or in_legal[t] for t in range(h, k)):
            ct[k] = ct[k + 1] = True


class _NameAdjectivals:
    """The adjectival nouns (形状詞) names are made of: 高等 (高等専門学校), 特殊 (海軍特殊戦セン
    ター), katakana ones (セキュア・テクノロジー); not 有名, 確か, 特別 (有名書店, 確か小学校)."""

    _KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]+")

    def __contains__(self, word) -> bool:
        return word in ("高等", "特殊") or bool(word and self._KATAKANA.fullmatch(word))


# Prefixes of time, not of the name: 現三井物産, 旧常陽銀行, 元厚生労働省, 前東北大学長.
_TIME_PREFIX = frozenset("現旧元前")


_COUNTERS = frozenset({"年", "年度", "月", "日", "回", "期", "号", "次"})
_DATE_WORDS = frozenset({"第", "明治", "大正", "昭和", "平成", "令和", "西暦", "同", "本", "今", "前"})
_LEAD_SYMBOLS = frozenset(_SYMBOL_INSIDE | {"．", "，", ","})
# A noun that can stand as an adverb (副詞可能) opens no name when it says when or how much
# (今日, 毎年, 以前, 全部, 一部: 今年度東北大学 ...); others begin names (生涯学習課).
_TIME_OR_AMOUNT = frozenset("日年月週今昨明毎先来去当最以前後時頃間期全一多半各皆")


def _apart_from_number(i, cols) -> bool:
    """Token ``i`` (a word MeCab may read as a counter: 月, 年) follows an address's
    hyphenated number across a space, so it counts nothing: 3-5-1 月島機械 is 月島, not the
    month 1月 (but 12 月, 第3 回 are a date and a count torn by a space)."""
    start, end, sf, _p1, p2 = cols[:5]
    return i > 1 and p2[i - 1] == "数詞" and end[i - 1] < start[i] and sf[i - 2] in ("-", "－", "‐", "−")


def _strip_lead(i, j, cols):
    """Drop leading tokens that cannot begin a name (numbers, time words, 各/全, 現/旧/元, a
    date or count before the name: 平成22年度第61回山形県高等学校)."""
    _s, _e, sf, p1, p2, p3, _p4, _rd = cols
    w = sf[i]
    if p2[i] == "数詞" or w in _DATE_WORDS or w in _LEAD_SYMBOLS:
        t, last = i, None
        while t < j:
            w, q2 = sf[t], p2[t]
            if not (q2 == "数詞" or w in _COUNTERS or w in _DATE_WORDS or w in _LEAD_SYMBOLS):
                break
            if w in _COUNTERS and t > i and (p2[t - 1] == "数詞" or sf[t - 1] in _DATE_WORDS):  # 今年度
                last = t
            t += 1
        if last is not None:
            i = last + 1
    while i <= j:
        w, q1, q2, q3 = sf[i], p1[i], p2[i], p3[i]
        if (
            q2 == "数詞"
            or (q3 in ("助数詞可能", "助数詞") and not _apart_from_number(i, cols))
            or (q3 == "副詞可能" and _TIME_OR_AMOUNT.intersection(w))
            or (q1 == "接尾辞" and w in _LEAD_SUFFIX_SKIP)
        ):
            i += 1
            continue
        if w in ("各", "全", "他", "諸", "計", "約", "等") and not (
            w == "全" and i < j and sf[i + 1] == "日本"
        ):  # 全日本〇〇連盟 is a name
            i += 1
            continue
        if w in _TIME_PREFIX and i < j and q1 in ("接頭辞", "名詞"):
            i += 1
            continue
        if w in _LEAD_SYMBOLS:  # 現・工学資源学部, 2010．11．18県立…
            i += 1
            continue
        # A post and a dot before a company (評議員・東洋精機㈱): the name starts after them;
        # two professions joined by a dot open a name of their own (医師・看護師養成協議会).
        post = next(
            (
                k
                for k in range(min(j - 2, i + 3), i - 1, -1)
                if sf[k + 1] in ("・", "･") and "".join(sf[i : k + 1]) in _title_words()
            ),
            None,
        )
        if post is not None and legal_re().search("".join(sf[post + 2 : j + 1])):
            i = post + 2
            continue
        # A person's name and a dot before the body (関谷博・全国市議会議長会会長): a
        # newspaper writes the person, then what they are.
        k = i
        while k < j and p3[k] == "人名":
            k += 1
        # (a full name: a family name alone before the dot is a partner of a firm, 佐藤・田中法律事務所)
        if k - i >= 2 and _p4[i] == "姓" and "名" in _p4[i + 1 : k] and sf[k] in ("・", "･") and k < j:
            i = k + 1
            continue
        break
    return i


# Category words ending in these, written before a name, say what the name is (関連会社電通映画社,
# 持株会社〇〇ホールディングス): the name starts after them (not after 中小企業: 中小企業基盤整備機構).
_CATEGORY_ENDS = ("会社", "法人")


def _strip_category(text, cols, i, j):
    """Skip a generic category word at the head of a run (関連会社, 持株会社) followed by a name."""
    start, end = cols[0], cols[1]
    run = text[start[i] : end[j]]
    if "会社" not in run and "法人" not in run:
        return i
    names = generic_names()
    for t in range(j - 1, i - 1, -1):
        head = text[start[i] : end[t]]
        if head.endswith(_CATEGORY_ENDS) and head in names:
            return t + 1
    return i


def _is_generic(name: str, stem: str, proper_head: bool = False) -> bool:
    """Whether a suffix name says what kind of body it is rather than which one (各県の大学,
    県工業会).  ``proper_head``: the name opens with a proper noun, so a first 各 or 全 is
    part of that noun (各務記念材料技術研究所), not "each"."""
    if name in generic_names() or not stem:
        return True
    if stem in generic_stems():
        return True
    if _DIGIT_END.search(stem) or _COUNTED_END.search(stem):
        return True  # 1000社, 第3部, 第3回研究会: counters, not names
    # 東北地域内大学, 大学等: a stem ending in 内/等/系/各 describes a set of institutions.
    if stem[-1] in "内等系各毎別":
        return True
    if stem[-1] in _SYMBOL_INSIDE and len(stem) > 1 and not _NAME_CHARS.match(stem[-2]):
        return True  # グランド・講堂・短大: a list of things, the last one bare (not ジャパネット・グループ)
    if (
        stem.startswith(("各", "全", "他の", "諸"))
        and not proper_head
        and not (stem.startswith(("全国", "全日本")) and len(stem) > 3)
    ):  # 全日本空手協会 is a name
        return True
    return False


def _legal_strip(name: str) -> str:
    return legal_re().sub("", name)


def _legal_trim(stem: str) -> str:
    """``stem`` without a legal form at its start (not 学校法人 of 大学設置・学校法人審議会)."""
    m = legal_re().match(stem)
    return stem[m.end() :] if m else stem


_SPACES = re.compile(r"\s+")


def bare_name(name: str) -> bool:
    """True for what never names one organisation on its own: nothing but a legal form
    (株式会社, （財）), an institutional suffix (センター), a generic word (中小企業, 本社) or
    a legal form with one of those (株式会社本社).

    >>> [bare_name(x) for x in ("株式会社", "(株)", "センター", "中小企業", "株式会社山田製作所")]
    [True, True, True, True, False]
    """
    s = unicodedata.normalize("NFKC", _SPACES.sub("", name))
    if s in gazetteer() or name in gazetteer():
        return False
    core = _legal_strip(s)
    if not core:
        return True
    nfc = unicodedata.normalize("NFC", core)
    return any(
        w in generic_names() or w in generic_stems() or w in suffixes() or w in _DEICTIC_WORDS
        for w in {core, nfc}
    )


def _suffix_of(name: str) -> str | None:
    """The longest institutional suffix ``name`` ends with."""
    table = suffixes()
    return next((name[-ln:] for ln in range(min(8, len(name)), 0, -1) if name[-ln:] in table), None)


# Longest organisation name considered, in characters.
MAX_NAME = 64


def _candidate(text, cols, i, j):
    """Longest org name inside chain tokens i..j: (first, last, suffix, last_suffix) or None.

    ``suffix`` is the institutional suffix (or legal form: 山田製作所（資）) the name ends
    with, or "legal_prefix" when a legal form begins the name (株式会社サラブレッド・ブリーダーズ・
    クラブ), which then runs to the chain end; ``last_suffix`` is then the last token of the
    last suffix after the legal form (or None), where a name followed by a job title ends.
    """
    start, end = cols[0], cols[1]
    base = start[i]
    best = None
    table = suffixes()
    boundaries = set(start[i : j + 1])
    legal_set, legal_last, longest = _legal_lookup()
    for k in range(j, i - 1, -1):
        e = end[k]
        if e - base > MAX_NAME:  # a run this long is not one name (and must stay linear)
            continue
        # The longest suffix that starts at a token boundary (北部 is one word, not 北 + 部;
        # 工学部 is 工学 + 部, not 工 + 学部).
        hit = next(
            (
                text[e - ln : e]
                for ln in range(min(8, e - base), 0, -1)
                if text[e - ln : e] in table and e - ln in boundaries
            ),
            None,
        )
        if text[e - 1] in legal_last:  # a legal form written after the name: （資）, (有) ...
            lf = next(
                (
                    text[e - ln : e]
                    for ln in range(min(longest, e - base), 1, -1)
                    if text[e - ln : e] in legal_set and e - ln in boundaries
                ),
                None,
            )
            if lf is not None and (hit is None or len(lf) > len(hit)):
                hit = lf
        if hit is None:
            continue
        best = (i, k, hit, None)
        break
    # Legal form before the name: 株式会社サラブレッド・ブリーダーズ・クラブ runs to the chain end.
    legal = legal_re().match(text, base)
    if legal and end[j] > legal.end():
        last = best[1] if best is not None and end[best[1]] > legal.end() else None
        return (i, j, "legal_prefix", last)
    return best
