"""Organisation mentions: institutional suffixes over MeCab noun chains, legal forms, quotes."""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cache

import numpy as np

from pipeline.datafiles import alternation, data_lines
from pipeline.line_shapes import MASTHEAD
from pipeline.phones import fold_label, label_kinds
from pipeline.spans import LOCATION, ORG, Span
from pipeline.vocab import gatherings, job_titles, person_titles, title_prefixes

_DATA = "pipeline.data"


_lines = data_lines


@cache
def suffixes() -> dict[str, str]:
    """Institutional name endings -> kind ("org" or "unit")."""
    return dict(ln.split("\t")[:2] for ln in _lines("org_suffixes.tsv"))


@cache
def generic_stems() -> frozenset[str]:
    return frozenset(_lines("org_generic.txt"))


@cache
def generic_names() -> frozenset[str]:
    return frozenset(_lines("org_generic_names.txt"))


@cache
def deictic_prefixes() -> dict[str, str]:
    return dict(ln.split("\t")[:2] for ln in _lines("org_deictic.tsv"))


@cache
def legal_forms() -> tuple[str, ...]:
    return tuple(sorted(_lines("org_legal_forms.txt"), key=len, reverse=True))


@cache
def _legal_lookup() -> tuple[frozenset[str], frozenset[str], int]:
    """The legal forms, their last characters and the longest one's length."""
    return frozenset(legal_forms()), frozenset(f[-1] for f in legal_forms()), max(map(len, legal_forms()))


@cache
def legal_re() -> re.Pattern:
    """Any one legal form (株式会社, （財）, …) of data/org_legal_forms.txt."""
    return re.compile("|".join(map(re.escape, legal_forms())))


@cache
def gazetteer() -> frozenset[str]:
    return frozenset(_lines("org_gazetteer.txt"))


@cache
def _gazetteer_re() -> re.Pattern:
    """Any gazetteer name, the longest one at a position.

    The names are grouped by their first character (東(?:北大学|京都)|N(?:HK|TT)|...): at a
    position the regex engine then tries only the names that begin with its character
    instead of every name in turn, which takes a third less time over a text.
    """
    groups: dict[str, list[str]] = {}
    for name in sorted(gazetteer(), key=len, reverse=True):
        groups.setdefault(name[0], []).append(re.escape(name[1:]))
    return re.compile(
        "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items())
    )


# Single-token deictic words that MeCab does not split into prefix + suffix (当局 is one word).
# 本社 (head office) and 同行 (go along) are left out on purpose.
_DEICTIC_WORDS = {
    "当局",
    "当社",
    "弊社",
    "同社",
    "当行",
    "当庁",
    "同庁",
    "当省",
    "同省",
    "当所",
    "同所",
    "当部",
    "同部",
    "当課",
    "同課",
    "当館",
    "同館",
    "当会",
    "本会",
    "同会",
    "同党",
    "当財団",
    "本学",
    "当学",
    "同大",
    "同大学",
    "同校",
    "本校",
    "当校",
}
_SPACE_JOIN = re.compile(r"[ \u3000]")
# Quoted names: 「…」 『…』 with no line break inside.
_QUOTE_RE = re.compile(r"[「『]([^「」『』\n]{2,40})[」』]")
# Former-name cues in the same sentence: 旧称, 前身, として設立, 名称を変更, 改称, 改組.
_FORMER_RE = re.compile(r"旧称|前身|旧名|として(?:設立|発足|創設)|名称(?:に|を)変更|改称|改組|改名")
_DIGIT_END = re.compile(r"[0-9０-９一二三四五六七八九十百千万]\Z")
_COUNTED_END = re.compile(r"[0-9０-９一二三四五六七八九十百千万][回期次年号]\Z")
# Katakana or Latin: what makes a word name-like to the rules.
_NAME_CHARS = re.compile(r"[\u30a1-\u30fa\u30fcA-Za-zＡ-Ｚａ-ｚ]")

# POS sets (UniDic) for the noun chains names are built from.
_CHAIN_POS1 = {"名詞", "接頭辞"}
# Suffixes that close the previous word when a chain starts with them (年, 的, 等 ...);
# other leading suffixes start names (産学官: MeCab tags 産 a suffix after a space).
_LEAD_SUFFIX_SKIP = set("年月日度目等内的化性達氏様人名回号個件")
_SYMBOL_INSIDE = {"・", "＆", "&", "－", "-", "=", "＝", "’", "'", "."}


def _cols(tokens):
    """(start, end, surface, pos1, pos2, pos3, pos4, reading) of a Tokens object, for
    reading token by token (offsets as lists, text as views)."""
    return tuple(
        tokens.view(name) for name in ("start", "end", "surface", "pos1", "pos2", "pos3", "pos4", "reading")
    )


def _tokens_for(text: str):
    from pipeline.tokens import tokenize

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
            or q3 in ("助数詞可能", "助数詞")
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
        if k > i and p3[i] == "人名" and _p4[i] == "姓" and sf[k] in ("・", "･") and k < j:
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


# Words that follow a name with a legal form before it without being part of it: events
# (株式会社サンプル設立), roles (一般社団法人〇〇協会運営幹事; job titles come from job_titles.txt).
@cache
def _trailing_words() -> frozenset[str]:
    return frozenset(_lines("org_trailing_words.txt")) | frozenset(_lines("job_titles.txt"))


@cache
def _trailing_re() -> re.Pattern:
    return re.compile(f"(?:{alternation(_trailing_words())})\\Z")


_HIRAGANA = re.compile(r"[\u3041-\u309f]+")
_NAME_END_PARTICLES = frozenset({"格助詞", "係助詞", "副助詞"})


_FLOOR = re.compile(r"(?<=[^0-9０-９])[0-9０-９]{1,2}階")
# Particles a name in kana does not open with (社会福祉法人から…, NPO法人などの…).
_PARTICLE_FIRST = re.compile(r"[ \u3000]?(?:から|など|まで|より|では|には|への|との|[のとはがをにでへやも])")
_KANA_BODY_ENDS = ("会", "園", "苑", "寮", "館", "の家", "の里")


@cache
def _legal_kana_re() -> re.Pattern:
    """A legal form, then a name in kana and an institutional suffix ((福)よつば会,
    社会福祉法人ひかり園): MeCab reads the kana as particles, so no noun chain holds it."""
    return re.compile(
        f"(?:{alternation(legal_forms())})[ \u3000]?[\u3041-\u309f\u30a1-\u30fcー]{{2,12}}"
        # the legal form vouches for the body: the endings of a welfare or school body count
        # too, which alone would say too little (会, 園, の家)
        f"(?:{alternation([*suffixes(), *_KANA_BODY_ENDS])})"
    )


def _legal_kana_spans(text: str, found: list[Span]) -> list[Span]:
    if not legal_re().search(text):
        return []
    out = []
    for m in _legal_kana_re().finditer(text):
        s, e = m.span()
        if any(sp.start < e and s < sp.end for sp in found):
            continue
        if _PARTICLE_FIRST.match(text, legal_re().match(text, s).end()):
            continue  # 社会福祉法人からの会計: the kana are particles, no name
        if e < len(text) and (
            ("\u3041" <= text[e] <= "\u309f" and text[e] not in "のとはがをにでへやも")
            or "\u4e00" <= text[e] <= "\u9fff"
        ):
            continue  # the kana or a kanji go on: the suffix was a word's head (会|議)
        out.append(_span(text, s, e, "name", "legal_form", m.group()))
    return out


def _hiragana_tail(cols, k, n):
    """Last token of a name written in kana after a legal form (NPO法人エコプラザさばえの):
    MeCab cuts such a tail into a verb, a particle and a filler. The kana run after token
    ``k`` is taken when it holds no auxiliary and a case particle, punctuation or the end
    of the text follows it; else ``k``."""
    start, end, sf, p1, p2 = cols[:5]
    t = k
    while (
        t + 1 < n
        and end[t] == start[t + 1]
        and _HIRAGANA.fullmatch(sf[t + 1] or "")
        and p1[t + 1] != "助動詞"
        and not (p1[t + 1] == "助詞" and p2[t + 1] != "接続助詞")
        and end[t + 1] - end[k] <= 6
    ):
        t += 1
    if t == k or p1[t] in ("動詞", "助詞"):
        return k
    if (
        t + 1 < n
        and end[t] == start[t + 1]
        and not (p1[t + 1] == "補助記号" or (p1[t + 1] == "助詞" and p2[t + 1] in _NAME_END_PARTICLES))
    ):
        return k
    return t


_TRAILING_SUFFIXES = frozenset("等内様殿製化制向用宛")


# An organisation's rules and an article of them, written after its name.
_RULES_TAIL = re.compile(
    r"(?:定款|規程|規約|規則|会則|細則)(?:第?[0-9０-９一二三四五六七八九十百]+[条項号])*\Z"
)


def _legal_name_end(text, cols, a, b, last_suffix, n):
    """Last token of a name that a legal form begins (tokens a..b of a chain), or None when
    only the legal form is left: trailing events and job titles are dropped (with a job
    title the name ends at its last institutional suffix: 〇〇協会運営幹事 -> 〇〇協会), a
    kana tail is taken (``_hiragana_tail``)."""
    start, end, sf, p1 = cols[:4]
    legal_end = legal_re().match(text, start[a]).end()
    k = b
    while k > a and start[k] >= legal_end:
        if p1[k] == "接尾辞" and sf[k] in _TRAILING_SUFFIXES:
            k -= 1
            continue
        rules = _RULES_TAIL.search(text, legal_end, end[k])
        if rules is not None:  # 〇〇機構定款第26条: an article of its rules, after the name
            t = bisect.bisect_left(start, rules.start(), a, k + 1)
            if t <= k and start[t] == rules.start():
                k = t - 1
                continue
        m = _trailing_re().search(text, legal_end, end[k])  # 代表取締役 is 代表 + 取締 + 役
        if m is None:
            break
        t = bisect.bisect_left(start, m.start(), a, k + 1)
        if t > k or start[t] != m.start():
            break
        k = t - 1
    # A person named after the body, against it (財団法人〇〇センター村山貢司先生): the name
    # ends at its last institutional suffix before the person.
    person = next((t for t in range(a + 1, k + 1) if cols[5][t] == "人名" and start[t] >= legal_end), None)
    if person is not None and last_suffix is not None and last_suffix < person:
        k = min(k, last_suffix)
    if k < b:
        if last_suffix is not None and last_suffix < k:
            k = last_suffix
    elif k == b:
        k = _hiragana_tail(cols, k, n)
    if end[k] <= legal_end:
        return None
    return k


def _bare_core(text, cols, a, b) -> bool:
    """Whether tokens a..b, a legal form and what follows it, name nothing: the rest is
    empty, generic (株式会社本社), a suffix (〇〇法人等) or one verbal noun (株式会社設立)."""
    start, end, sf, p1, p2, p3 = cols[:6]
    legal_end = legal_re().match(text, start[a]).end()
    if bare_name(text[start[a] : end[b]]):
        return True
    rest = [t for t in range(a, b + 1) if start[t] >= legal_end]
    if all(
        (p1[t] == "接尾辞" and (sf[t] in _TRAILING_SUFFIXES or sf[t] in _LEAD_SUFFIX_SKIP)) or p2[t] == "数詞"
        for t in rest
    ):
        return True
    return (
        len(rest) == 1
        and (p1[rest[0]] == "接尾辞" or (p2[rest[0]] == "普通名詞" and p3[rest[0]] == "サ変可能"))
        and not _NAME_CHARS.search(sf[rest[0]] or "")
    )


# Government offices after a place are places: 福建省, 大阪府 (not 経済産業省, 内閣府).
_PLACE_OFFICES = frozenset({"省", "府", "州"})


def _is_place(cols, a, b, suffix) -> bool:
    p3 = cols[5]
    return suffix in _PLACE_OFFICES and b > a and all(p3[t] == "地名" for t in range(a, b))


def _named_parent(text, cols, a, b) -> bool:
    """Whether tokens a..b begin with a named parent that ends in an institutional suffix
    (東北大学 in 東北大学大学院医学系研究科): a unit after a named parent is named too. The
    parent is an organisation (大学, 機構: not 部, 室) or holds a proper noun, katakana or
    Latin (発行部数100万部 has no parent)."""
    start, end, sf, _p1, p2 = cols[:5]
    table = suffixes()
    s = start[a]
    bounds = set(start[a : b + 1])
    for t in range(a, b):
        x = end[t]
        inner = next(
            (
                text[x - ln : x]
                for ln in range(min(8, x - s), 0, -1)
                if text[x - ln : x] in table and x - ln in bounds
            ),
            None,
        )
        if inner is None:
            continue
        parent = text[s:x]
        if (
            len(parent) > len(inner)
            and not _is_generic(parent, _legal_trim(parent[: -len(inner)]))
            and (
                table[inner] == "org"
                or any(p2[u] == "固有名詞" or _NAME_CHARS.search(sf[u] or "") for u in range(a, t + 1))
            )
        ):
            return True
    return False


def _deictic_kind(word: str) -> str | None:
    if word in _DEICTIC_WORDS:
        return deictic_prefixes().get(word[0], "self")
    return None


def find_orgs(text: str, tokens=None) -> list[Span]:
    """Organisation mentions (value = canonical name; attrs kind, suffix).

    >>> [s.text for s in find_orgs("東北経済産業局と中小企業基盤整備機構東北支部が協力する。")]
    ['東北経済産業局', '中小企業基盤整備機構東北支部']
    """
    if tokens is None:
        tokens = _tokens_for(text)
    cols = _cols(tokens)
    start, end, sf, p1, p2, p3, _p4, _rd = cols
    n = len(tokens)
    spans: list[Span] = []
    for i, j in _name_chains(text, tokens):
        # A deictic word at the head of a chain is its own mention (当局産業クラスター計画推進室).
        if _deictic_kind(sf[i]):
            spans.append(_span(text, start[i], end[i], "deictic", "deictic_word", sf[i]))
            i += 1
            if i > j:
                continue
        i = _strip_lead(i, j, cols)
        if i <= j:
            i = _strip_category(text, cols, i, j)
        cand = _candidate(text, cols, i, j) if i <= j else None
        if cand is None:
            continue
        a, b, suffix, last_suffix = cand
        s, e = start[a], end[b]
        # Deictic prefix + bare suffix: 当室, 本協議会, 同機構.
        head = sf[a]
        if head in deictic_prefixes() and b > a and text[end[a] : e] in suffixes():
            spans.append(_span(text, s, e, "deictic", "deictic_prefix", text[s:e]))
            continue
        if suffix == "legal_prefix":
            k = bisect.bisect_left(start, legal_re().match(text, s).end(), a, b + 1)
            if k <= b and sf[k] == "格":
                continue  # 認定NPO法人|格: the legal status, no body (but 株式会社格付…)
            b = _legal_name_end(text, cols, a, b, last_suffix, n)
            if b is not None and not _bare_core(text, cols, a, b):
                spans.append(_span(text, s, end[b], "name", "legal_form", text[s : end[b]]))
            continue
        name = text[s:e]
        stem = _legal_trim(_SPACES.sub("", name[: len(name) - len(suffix)]))
        if _is_place(cols, a, b, suffix):
            continue
        proper_head = cols[4][a] == "固有名詞" and len(cols[2][a]) > 1
        floor = _FLOOR.search(name)
        if floor is not None and _suffix_of(name[: floor.start()]):
            # 中央公民館4階学習室: a room on a floor of the body's building
            name, e = name[: floor.start()], s + floor.start()
            if not _suffix_of(name):
                continue
        if not _is_generic(name, stem, proper_head) or _named_parent(text, cols, a, b):
            e = s + _doubled_unit(name, text, e)
            spans.append(_span(text, s, e, "name", "suffix", text[s:e], suffix=suffix))
    spans.extend(_legal_kana_spans(text, spans))
    spans.extend(_declared_short_forms(text, spans))
    spans.extend(_short_form_spans(text, cols, spans, n))
    spans.extend(_gazetteer_spans(text, cols, spans))
    spans = [sp for sp in spans if not _room_re().fullmatch(sp.value)]
    spans = _join_units(text, spans)
    quotes = list(_QUOTE_RE.finditer(text))
    spans = _quoted_names(text, cols, spans, quotes)
    spans = _mark_quotes(text, spans, quotes)
    spans.sort(key=lambda sp: (sp.start, -sp.end))
    return spans


@cache
def _room_re() -> re.Pattern:
    """A room (第一会議室, 大会議室, 2階研修室): numbered, sized or on a floor, then a room word."""
    rooms = alternation([w.strip() for w in data_lines("org_rooms.txt")])
    return re.compile(rf"(?:第?[0-9０-９一二三四五六七八九十]+[階号]?|[大中小新旧本])*(?:{rooms})")


def _span(text, s, e, kind, rule, name, **extra) -> Span:
    value = re.sub(r"\s+", "", name) if kind != "deictic" else name
    attrs = {"kind": kind, **extra}
    return Span(s, e, ORG, text[s:e], value, rule, attrs)


# Newspaper short forms of universities: 広島大, 山口県立大, 電通大 (a name + 大), and the
# one-word ones MeCab knows as proper nouns (東大, 京大, 東工大).
_DAI = re.compile("大(?![学会きい切事量型変幅])")
# What may follow a short form without making 大 part of another word (東日本大震災):
# a job title (広島大教授) or one of these.
_AFTER_SHORT = frozenset(
    {
        "生",
        "卒",
        "院生",
        "学生",
        "大学生",
        "卒業",
        "卒業生",
        "出身",
        "教員",
        "職員",
        "チーム",
        "側",
        "OB",
        "ＯＢ",
        "OG",
        "ＯＧ",
    }
)


def _short_form_spans(text, cols, found, n):
    """Short forms of university names (``_DAI``) that no other rule found."""
    start, end, sf, p1, p2, p3 = cols[:6]
    taken = [(sp.start, sp.end) for sp in found]
    out = []
    for m in _DAI.finditer(text):
        k = bisect.bisect_left(end, m.end())
        if k >= n or end[k] != m.end():
            continue
        if sf[k] != "大":  # one word: 東大, 東工大
            if not (2 <= len(sf[k]) <= 4 and p2[k] == "固有名詞" and p3[k] == "一般"):
                continue
            first = k
        else:
            if p1[k] not in ("接尾辞", "接頭辞"):
                continue
            # The name before 大: adjacent nouns, from the first proper noun on (not a person's).
            first = None
            t = k - 1
            while (
                t >= 0
                and k - t <= 4
                and end[t] == start[t + 1]
                and p1[t] in ("名詞", "接頭辞")
                and p2[t] != "数詞"
                and p3[t] != "人名"
            ):
                if p2[t] == "固有名詞":
                    first = t
                t -= 1
            if first is None:
                continue
        last = k
        if k + 1 < n and end[k] == start[k + 1] and p1[k + 1] in ("名詞", "接尾辞", "接頭辞"):
            # A unit after it stays in the name (広島大医学部); a title or 生 ends it before;
            # another word makes 大 part of that word (東日本大震災).
            j = k + 1
            while j + 1 < n and j - k < 6 and end[j] == start[j + 1] and p1[j + 1] in ("名詞", "接尾辞"):
                j += 1
            cand = _candidate(text, cols, k + 1, j)
            if cand is not None and cand[2] != "legal_prefix":
                last = cand[1]
            elif not (sf[k + 1] in _AFTER_SHORT or sf[k + 1] in _trailing_words()):
                continue
        s, e = start[first], end[last]
        if any(a < e and s < b for a, b in taken):  # found already (東北大大学院)
            continue
        taken.append((s, e))
        out.append(_span(text, s, e, "name", "short_form", text[s:e], suffix="大", short_form=True))
    return out


def _gazetteer_spans(text, cols, found):
    """Names from the gazetteer that no suffix rule found, aligned to token boundaries."""
    if not gazetteer():
        return []
    start, end = cols[0], cols[1]  # sorted: a binary search tells a token boundary

    def boundary(offsets, x):
        k = bisect.bisect_left(offsets, x)
        return k < len(offsets) and offsets[k] == x

    taken = [(sp.start, sp.end) for sp in found]
    out = []
    for m in _gazetteer_re().finditer(text):
        s, e = m.span()
        if not (boundary(start, s) and boundary(end, e)):
            continue
        if any(a < e and s < b for a, b in taken):
            continue
        k = bisect.bisect_left(end, s) if s else -1
        if 0 <= k < len(end) and end[k] == s and cols[3][k] == "接頭辞" and cols[2][k] not in _FORMER_MARKS:
            continue  # 全|国連: a prefix makes another word of the name (全国連, a short form)
        out.append(_span(text, s, e, "name", "gazetteer", m.group(0)))
    return out


def _join_units(text, spans):
    """Parent and unit separated by one space (産業技術総合研究所 東北センター) become one mention."""
    spans = sorted(spans, key=lambda sp: sp.start)
    out: list[Span] = []
    for sp in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.attrs.get("kind") == "name"
            and sp.attrs.get("kind") == "name"
            and sp.start == prev.end + 1
            and _SPACE_JOIN.match(text[prev.end])
            and suffixes().get(sp.attrs.get("suffix", ""), "") == "unit"
        ):
            out[-1] = Span(
                prev.start,
                sp.end,
                ORG,
                text[prev.start : sp.end],
                prev.value + sp.value,
                "parent_unit",
                {"kind": "name", "suffix": sp.attrs.get("suffix"), "parts": [prev.value, sp.value]},
            )
            continue
        out.append(sp)
    return out


_NOT_IN_QUOTED_NAME = re.compile(r"[、。，．！？!?]")
_DEMONSTRATIVES = frozenset(
    {"こちら", "そちら", "あちら", "どちら", "ここ", "そこ", "これ", "それ", "この", "その"}
)


@cache
def _suffix_last_chars() -> frozenset[str]:
    return frozenset(sfx[-1] for sfx in suffixes())


def _quoted_names(text, cols, spans, quotes):
    """A 「」 pair holding a name that ends in an institutional suffix is an organisation
    (「みやぎ環境研究会」): the whole quoted name, even when the noun chains cut it (kana,
    verbs inside), replaces the mentions found inside it."""
    start, end, sf, p1, p2 = cols[:5]
    n = len(start)
    if not n:
        return spans
    out = spans
    last_chars = _suffix_last_chars()
    for m in quotes:
        s, e = m.span(1)
        inner = m.group(1)
        if inner[-1] not in last_chars or _NOT_IN_QUOTED_NAME.search(inner) or inner != inner.strip():
            continue
        suffix = _suffix_of(inner)
        if suffix is None or len(suffix) == len(inner):
            continue
        a = bisect.bisect_left(start, s)
        b = bisect.bisect_left(end, e)
        x = bisect.bisect_left(start, e - len(suffix))
        if a >= n or b >= n or start[a] != s or end[b] != e or x >= n or start[x] != e - len(suffix):
            continue
        stem = _legal_trim(_SPACES.sub("", inner[: -len(suffix)]))
        if _is_generic(inner, stem) or _is_place(cols, a, x, suffix):
            continue
        # Something name-like before the suffix (a proper noun, katakana, Latin), or nouns
        # only: 「地域の大学」 describes, 「みやぎ環境研究会」 names.
        if not any(p2[t] == "固有名詞" or _NAME_CHARS.search(sf[t] or "") for t in range(a, x)) and not all(
            p1[t] in ("名詞", "接頭辞", "接尾辞") or sf[t] == "の" for t in range(a, x)
        ):
            continue
        # ...no particle but の, and not right before the suffix (「地域の大学」 describes; 「青葉の
        # 杜協議会」 names); no demonstrative: 「ネットワークと共有センター」, 「こちら〇〇放送局」
        # are titles and phrases.
        if p1[x - 1] == "助詞" or any(
            (p1[t] == "助詞" and sf[t] != "の") or sf[t] in _DEMONSTRATIVES for t in range(a, x)
        ):
            continue
        if any(sp.start == s and sp.end == e for sp in out):
            continue
        if any(sp.start < e and s < sp.end and not (s <= sp.start and sp.end <= e) for sp in out):
            continue  # a mention across the quote mark: leave it
        inside = [sp for sp in out if s <= sp.start and sp.end <= e]
        if any(sp.attrs.get("kind") == "deictic" for sp in inside):
            continue
        out = [sp for sp in out if sp not in inside]
        out.append(_span(text, s, e, "name", "quoted_suffix", inner, suffix=suffix))
    return out


def _mark_quotes(text, spans, quotes):
    """A name that fills a 「」 pair (``quotes``: the matches of ``_QUOTE_RE``) is kind
    "quoted"; "former_name" when the sentence says so."""
    if not quotes or not spans:
        return spans
    by_range = {(sp.start, sp.end): k for k, sp in enumerate(spans)}
    for m in quotes:
        k = by_range.get(m.span(1))
        if k is None:
            continue
        sp = spans[k]
        if sp.attrs.get("kind") != "name":
            continue
        sent_end = text.find("。", m.end())
        tail = text[m.end() : sent_end if sent_end >= 0 else len(text)]
        kind = "former_name" if _FORMER_RE.search(tail[:40]) else "quoted"
        spans[k] = Span(
            sp.start, sp.end, ORG, sp.text, sp.value, sp.rule + "+quoted", {**sp.attrs, "kind": kind}
        )
    return spans


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


# Model output that is never an organisation name: numbers, dates, single symbols.
_URLISH = frozenset("@./:_-~=?&%#" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NOT_NAME = re.compile(r"[\d０-９\s\W]+|(?:明治|大正|昭和|平成|令和)?[\d０-９元]+年?(?:度)?")


def _model_ok(text: str, s: int, e: int) -> bool:
    name = text[s:e]
    # Pieces of e-mail addresses and URLs (thk-sangaku@..., unit.aist.go.jp).
    if (s > 0 and text[s - 1] in _URLISH) or (e < len(text) and text[e] in _URLISH):
        return False
    if (
        len(name) < 2
        or _NOT_NAME.fullmatch(name)
        or not (name[0].isalnum() and name[-1].isalnum())
        or name in generic_names()
        or name in _title_words()  # 副会頭: a title alone
    ):
        return False
    if MASTHEAD.search(name):
        return False  # 名取市商工会会報第88号: a newsletter's masthead, not an organisation's name
    suffix = _suffix_of(name)
    if suffix and _is_generic(name, name[: len(name) - len(suffix)]):
        return False  # 東北地域内大学, 県工業会: the same generic filter as the rules
    return not _names_a_place(name)


def _names_a_place(name: str) -> bool:
    """The place gazetteer reads the whole name as a place (東北地域, 宮城県, 仙台市)."""
    from pipeline.addresses import find_addresses

    return any(sp.start == 0 and sp.end == len(name) and sp.label == LOCATION for sp in find_addresses(name))


_ACRONYM_EXPANSION = re.compile(r"([A-Z][A-Za-z&]{1,9})[ \u3000]*[(（]([^()（）\n]{2,30})[)）]")


def _acronyms_of_things(text: str) -> set[str]:
    out = set()
    for m in _ACRONYM_EXPANSION.finditer(text):
        if not _suffix_of(m.group(2).strip()):
            out.add(m.group(1))
    return out


_KANA_ONLY = re.compile(r"[\u3041-\u309f\u30a1-\u30fcー・]+")


def _holds_a_clause(text, cols, s, e) -> bool:
    """The model's name holds a verb written with a kanji that modifies what follows (浅田
    率いるバンド): a clause around a name, not a name; a name in kana MeCab cut into verbs
    (かねだい) and a society named by what it does (秘湯を守る会, with its particle) are
    names."""
    if _KANA_ONLY.fullmatch(text, s, e) or "を" in text[s:e] or _suffix_of(text[s:e]) or text[e - 1] == "会":
        return False  # …と共に生きる会: a society named by what it does
    start, _end, sf, p1 = cols[:4]
    # (a verb written in kana only is more often a kana name MeCab cut: 文化センターふ|くやま)
    return any(
        p1[k] in ("動詞", "助動詞") and not _KANA_ONLY.fullmatch(sf[k]) for k in _token_span(start, s, e)
    )


def _has_name_token(cols, s, e) -> bool:
    start, _end, sf, _p1, p2, _p3, _p4, rd = cols[:8]
    return any(p2[k] == "固有名詞" or not rd[k] or sf[k].isascii() for k in _token_span(start, s, e))


# Branch and site units (X銀行赤坂支店, X大学国際医療センター) name places as much as
# organisations; a compound that ends in one is left to the model, other compounds are not.
_SITE_UNITS = frozenset(
    {"支店", "支社", "営業所", "出張所", "事業所", "事務所", "センター", "研究所", "研究室", "分室", "工場"}
)
# A label such as 略称: or 連絡先: is never part of a name; lower-case Latin words are
# pieces of addresses (aist, meti) far more often than names.
_LABEL_COLON = re.compile(r"[:：]")
# All that may stand before a name on its line: nothing, or a short label (連絡先:).
LABEL_ONLY = re.compile(r"\s*(?:[^\s:：]{1,8}[:：])?\s*\Z")
_LOWER_WORD = re.compile(r"[a-z][a-z0-9.\-]*")


def _is_compound(text, cols, sp) -> bool:
    """Parent name + administrative unit in one run (東北経済産業局地域経済部産業支援課,
    中小企業基盤整備機構東北支部) or joined by a space (parent_unit)."""
    if sp.rule.startswith("parent_unit"):
        return True
    suffix = sp.attrs.get("suffix")
    if not sp.rule.startswith("suffix") or suffixes().get(suffix) != "unit" or suffix in _SITE_UNITS:
        return False
    start, end = cols[0], cols[1]
    table = suffixes()
    inside = _token_span(start, sp.start, sp.end)
    a, b = inside.start, inside.stop
    bounds = set(start[a:b])
    for t in range(a, b - 1):
        x = end[t]
        inner = next(
            (
                text[x - ln : x]
                for ln in range(min(8, x - sp.start), 0, -1)
                if text[x - ln : x] in table and x - ln in bounds
            ),
            None,
        )
        if inner is None:
            continue
        parent, rest = text[sp.start : x], text[x : sp.end]
        if len(parent) > len(inner) and not _is_generic(parent, parent[: -len(inner)]) and rest not in table:
            return True
    return False


@cache
def _legal_around() -> tuple[re.Pattern, re.Pattern]:
    alts = legal_re().pattern
    return re.compile(rf"(?:{alts})[ \u3000]?\Z"), re.compile(rf"[ \u3000]?(?:{alts})")


def _with_legal_form(text: str, sp: Span) -> Span:
    """A model name with the legal form written right before or after it (財団法人X, X（株）):
    the form is part of the name."""
    before, after = _legal_around()
    s, e = sp.start, sp.end
    m = before.search(text, max(0, s - 12), s)
    if m:
        s = m.start()
    m = after.match(text, e)
    if m and not (m.end() < len(text) and _NAME_CHARS.match(text, m.end())):
        e = m.end()
    if (s, e) == (sp.start, sp.end):
        return sp
    return _span(text, s, e, "name", sp.rule, text[s:e])


def _is_legal_form(part: str) -> bool:
    """``part`` is a legal form, maybe with the space written after it (株式会社 )."""
    return part.rstrip(" \u3000") in _legal_lookup()[0]


_BREAK = re.compile(r"[\s、。，．「」『』（）()]")


def _joined_before(text: str, s: int, e: int) -> bool:
    """``text[s:e]`` can be part of the same name: no space, punctuation or bracket inside,
    but for a legal form and the space after it (株式会社 東北ヘルスケア研究所)."""
    part = text[s:e]
    return _is_legal_form(part) or not _BREAK.search(part)


# What opens a list's tail, not a unit (ジェイエス・エンタープライズ等数社).
_NOT_UNIT_START = frozenset("等各他数両全同")
_KANA_LATIN = re.compile(r"[\u30a0-\u30ffA-Za-zＡ-Ｚａ-ｚ0-9０-９・＝&＆.\-]+")


def _name_prefix(part: str) -> bool:
    """A rule name's part before the model's is part of the name: a legal form (株式会社 ),
    a katakana or Latin word, words joined by ・ (新エネルギー・), one kanji; not a common
    noun the rules ran into (母体大阪産業大学)."""
    if _is_legal_form(part) or _ESTABLISHED_BY.fullmatch(part):
        return True  # 株式会社 , みどり町立 (who established it)
    if _BREAK.search(part):
        return False
    # One kanji is a piece of the name's first word the model cut (中|小企業基盤整備機構).
    return (
        part.endswith(("・", "＝"))
        or _KANA_LATIN.fullmatch(part) is not None
        or (len(part) == 1 and "\u4e00" <= part <= "\u9fff")
    )


# Words that join the names of a list (AとB、C及びD).
_LIST_JOINERS = re.compile(r"(?:と|、|，|・|及び|および|や|並びに|,)")


def _listed_with(text: str, sp, accepted: list[tuple[int, int]]) -> bool:
    """A rule name written in a list next to an organisation already accepted (Xと地域振興
    整備公団、…): the items of one list are names of one kind."""
    i = bisect.bisect_left(accepted, (sp.end, sp.end))
    if i < len(accepted):
        m = _LIST_JOINERS.match(text, sp.end)
        if m and m.end() == accepted[i][0]:
            return True
    if i > 0:
        a, b = accepted[i - 1]
        m = _LIST_JOINERS.match(text, b)
        if b <= sp.start and m and m.end() == sp.start:
            return True
    return False


@cache
def _title_after_re() -> re.Pattern:
    words = sorted(set(job_titles()) | {"長", "長官"}, key=len, reverse=True)
    return re.compile(r"[ \u3000]?(?:" + "|".join(map(re.escape, words)) + ")")


def _fills_line(text: str, s: int, e: int) -> bool:
    """The name is a line of its own (heading, byline, contact block), maybe after a label,
    or a contact line's head: its phone number follows (生涯学習課 ☎(46)3331, 総務課 電話 …)."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    after = text[e : len(text) if le < 0 else le].strip()
    return LABEL_ONLY.match(text, ls, s) is not None and (
        not after or after[0] in ":：" or _phone_label_re().match(fold_label(after[:12])) is not None
    )


@cache
def _phone_label_re() -> re.Pattern:
    return re.compile("|".join(re.escape(k) for k in sorted(label_kinds(), key=len, reverse=True)))


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


def _declared_short_forms(text: str, found: list[Span]) -> list[Span]:
    """Every use of a short form declared in brackets after a name (全国商工会連合会(全国連) …
    全国連の会長): a mention of its own, which linking resolves to the full name."""
    out: list[Span] = []
    for sp in found:
        if sp.attrs.get("kind") != "name":
            continue
        abbr = short_form_declared(text, sp.end, sp.text)
        if abbr is None:
            continue
        for m in re.finditer(re.escape(abbr), text):
            a, b = m.span()
            if any(o.start < b and a < o.end for o in (*found, *out)):
                continue
            out.append(_span(text, a, b, "name", "declared_short_form", abbr))
    return out


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
def _title_words() -> frozenset[str]:
    """Job titles, with the prefixes a title takes (the people rules' lists): a title alone is
    no organisation (副会頭, 常務理事)."""
    titles = set(person_titles())
    return frozenset(titles | {p + t for p in title_prefixes() for t in titles})


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


_NUMBERED = re.compile(r"第?[0-9０-９一二三四五六七八九十百]*回?")


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
    came twice (健康管理学部|学部長, 校友課|課長: the second one is the title's)."""
    if text[e : e + 1] != "長":
        return len(name)
    suffix = _suffix_of(name)
    if suffix and name[: -len(suffix)].endswith(suffix) and len(name) > 2 * len(suffix):
        return len(name) - len(suffix)
    return len(name)


def _head_of_unit(name: str) -> bool:
    """The name is an institution's name plus 長, its head's title (工学研究科長, 東北支部長)."""
    if len(name) < 4 or not name.endswith("長"):
        return False
    unit = name[:-1]
    if unit.endswith("社"):
        return False  # トヨタ社長 is the company's president, not a unit トヨタ社
    # unit[1:]: the suffix must leave at least one character of name before it (not 支部長 alone)
    return _suffix_of(unit[1:]) is not None


def find_orgs_model(
    text: str,
    tokens=None,
    *,
    ner=None,
    rule_spans=None,
    prefer: str = "rules",
    min_confidence: float = 0.5,
    plain_confidence: float = 0.8,
    rule_support: float = 0.5,
) -> list[Span]:
    """Rule mentions merged with the named-entity model's ORG mentions.

    ``ner`` is the model's :class:`pipeline.ner.Analysis` of the same text and tokens (run
    here when not given); ``rule_spans`` are ``find_orgs``' mentions, when the caller has them.

    ``prefer="rules"`` (the default, newsletters and general prose alike):

    1. strong rule evidence wins outright: a parent + administrative-unit compound
       (局+部+課, 機構+支部, or parent and unit joined by a space), a name with its legal
       form (財団法人X, X（株）) and a former name;
    2. otherwise the model decides: its mentions with at least ``min_confidence`` (and at
       least ``plain_confidence`` when no token is a proper noun, unknown word or Latin)
       replace the rule mentions they overlap, but a rule mention that holds the model's
       and goes on with what the model cut (a unit, a legal form, a katakana or ・ part:
       新エネルギー・産業技術総合開発機構) keeps its whole name, and a legal form written
       next to a model name joins it;
    3. a rule mention the model does not cover is kept when the model still gives its
       tokens ``rule_support`` ORG probability on average, or when the text itself vouches
       for it: a job title follows (推進室 室長, 部長), a deictic word precedes it
       (当局…推進室), a later reference points back to it (…センター … 同センター), it fills
       its line (headings, bylines, contact blocks), it is listed with an accepted name
       (Xと地域振興整備公団), the same name was accepted elsewhere in the document, or it is
       the short form of a university accepted in full (弘前大, 弘前大学);
    4. deictic references (当室, 本協議会) are always kept.

    ``prefer="model"`` (model first): the model's mentions win and rule mentions only add
    deictic references.

    >>> [s.text for s in find_orgs_model("経済産業省の発表。")]
    ['経済産業省']
    """
    if tokens is None:
        tokens = _tokens_for(text)
    spans = find_orgs(text, tokens) if rule_spans is None else rule_spans
    if ner is None:
        from pipeline.ner.model import analyse, rule_hints  # ner reads this module's rules

        ner = analyse(text, tokens, hints=rule_hints(text, tokens, orgs=spans))
    cols = _cols(tokens)
    # A name the model repeated from elsewhere in the text (no confidence of its own) carries
    # the decision taken there.
    found = [
        (sp.start, sp.end, 1.0 if sp.attrs.get("confidence") is None else sp.attrs["confidence"])
        for sp in ner.spans
        if sp.label == ORG
    ]
    # A former-name mark the model took into the name (旧鋳物研究所) stays outside it when
    # the rules read the name after it.
    rule_at = {(sp.start, sp.end) for sp in spans}
    found = [
        (s + 1, e, c) if text[s] in _FORMER_MARKS and (s + 1, e) in rule_at else (s, e, c)
        for s, e, c in found
    ]
    # A unit's head the model took into the unit (工学研究科長): the unit is the name.
    found = [(s, e - 1, c) if _head_of_unit(text[s:e]) else (s, e, c) for s, e, c in found]
    found = [(s, s + _doubled_unit(text[s:e], text, e), c) for s, e, c in found]
    found = [(_glued_prefix(cols, s), e, c) for s, e, c in found]
    found = [(s, s + _without_publication(text[s:e]), c) for s, e, c in found]
    found = [(s, s + _without_event(text[s:e]), c) for s, e, c in found]
    found = [(s, e, c) for s, e, c in found if e > s]
    p_token = ner.p_org()
    if prefer == "model":
        predicted = [(s, e) for s, e, _c in found if _model_ok(text, s, e)]
        model = [_span(text, s, e, "name", "ner_crf", text[s:e]) for s, e in predicted]
        keep = [
            sp
            for sp in spans
            if sp.attrs.get("kind") == "deictic"
            and not any(m.start < sp.end and sp.start < m.end for m in model)
        ]
        return sorted(model + keep, key=lambda sp: (sp.start, -sp.end))

    start = cols[0]
    deictic = [sp for sp in spans if sp.attrs.get("kind") == "deictic"]
    strong, weak = [], []
    for sp in spans:
        if sp.attrs.get("kind") == "deictic":
            continue
        # A legal form (財団法人, 株式会社, (株)) marks an organisation beyond doubt.
        (
            strong
            if sp.attrs.get("kind") == "former_name"
            or sp.rule.startswith("legal_form")
            or sp.attrs.get("suffix") in _legal_lookup()[0]  # 東洋精機株式会社, 神出建設企業㈱
            or sp.rule == "declared_short_form"  # the text says it is the body's short form
            or _is_compound(text, cols, sp)
            else weak
        ).append(sp)
    not_orgs = _acronyms_of_things(text)
    model = [
        _span(text, s, e, "name", "ner_crf", text[s:e])
        for s, e, conf in found
        if conf >= min_confidence
        and _model_ok(text, s, e)
        and not _LABEL_COLON.search(text, s, e)
        and not _LOWER_WORD.fullmatch(text, s, e)
        and text[s:e] not in not_orgs
        and not _holds_a_clause(text, cols, s, e)
        and (conf >= plain_confidence or _has_name_token(cols, s, e))
    ]

    def overlaps(sp, others):
        return any(o.start < sp.end and sp.start < o.end for o in others)

    model = [_with_legal_form(text, m) for m in model if not overlaps(m, strong)]
    # A rule name that holds the model's and ends where it ends (新エネルギー・産業技術総合
    # 開発機構 for 産業技術総合開発機構) is the same organisation with its whole name.
    # So is one that starts where the model's does and goes on with a unit (弘前大学地域共同
    # 研究センター for 弘前大学).
    longer = {}
    for sp in weak:
        for k, m in enumerate(model):
            if not (sp.start <= m.start and m.end <= sp.end and (sp.start, sp.end) != (m.start, m.end)):
                continue
            if (
                sp.rule.startswith("legal_form")  # built around its legal form: NPO法人エコプラザさばえ
                or (sp.end == m.end and _name_prefix(text[sp.start : m.start]))
                or (
                    sp.start == m.start
                    and _joined_before(text, m.end, sp.end)
                    and _suffix_of(sp.text)
                    and text[m.end] not in _NOT_UNIT_START
                )
            ):
                longer[k] = sp
    model = [longer.get(k, m) for k, m in enumerate(model)]
    out = strong + model
    rest = []
    weak = [sp for sp in weak if not overlaps(sp, model)]
    # The antecedent of a later reference (山形県工業技術センター … 同センター): the nearest
    # rule mention before it that ends in the reference's suffix.
    antecedents = set()
    for d in deictic:
        tail = (
            d.text[1:]
            if d.text in _DEICTIC_WORDS
            else next(
                (
                    d.text[len(p) :]
                    for p in sorted(deictic_prefixes(), key=len, reverse=True)
                    if d.text.startswith(p)
                ),
                "",
            )
        )
        before = [k for k, sp in enumerate(weak) if sp.end <= d.start and tail and sp.text.endswith(tail)]
        if before:
            antecedents.add(before[-1])
    accepted = sorted((sp.start, sp.end) for sp in out)
    for k, sp in enumerate(weak):
        probs = [p_token[t] for t in _token_span(start, sp.start, sp.end)]
        if (
            (probs and sum(probs) / len(probs) >= rule_support)
            or k in antecedents
            or _listed_with(text, sp, accepted)
            or _title_after_re().match(text, sp.end)
            or short_form_declared(text, sp.end, sp.text) is not None
            or _ESTABLISHED.search(sp.text) is not None
            or (_suffix_of(sp.text) in _SCHOOL_SUFFIXES and _SCHOOL_EVENT.match(text, sp.end) is not None)
            or any(d.end == sp.start for d in deictic)
            or _fills_line(text, sp.start, sp.end)
        ):
            out.append(sp)
        else:
            rest.append(sp)
    # One name, one decision per document: a rule mention of a name accepted elsewhere, and
    # a short form (弘前大) of a university accepted in full (弘前大学).
    names = {sp.text for sp in out}
    out.extend(
        sp
        for sp in rest
        if sp.text in names
        or (sp.rule == "short_form" and any(n.startswith(sp.text[:-1]) and "大学" in n for n in names))
    )
    out.extend(sp for sp in deictic if not overlaps(sp, out))
    return sorted(out, key=lambda sp: (sp.start, -sp.end))


__all__ = ["find_orgs", "find_orgs_model", "org_key", "suffixes"]
