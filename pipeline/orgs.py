"""Organisation mentions: institutional suffixes over MeCab noun chains, legal forms, quotes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from pipeline.spans import ORG, Span

_DATA = "pipeline.data"


def _lines(name: str) -> list[str]:
    """Non-comment, non-empty lines of a data file."""
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=None)
def suffixes() -> dict[str, str]:
    """Institutional name endings -> kind ("org" or "unit")."""
    return dict(ln.split("\t")[:2] for ln in _lines("org_suffixes.tsv"))


@lru_cache(maxsize=None)
def _suffix_re() -> re.Pattern:
    # Longest first so that 協議会 wins over 会-less shorter endings such as 議会.
    alts = sorted(suffixes(), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, alts)) + r")\Z")


@lru_cache(maxsize=None)
def generic_stems() -> frozenset[str]:
    return frozenset(_lines("org_generic.txt"))


@lru_cache(maxsize=None)
def generic_names() -> frozenset[str]:
    return frozenset(_lines("org_generic_names.txt"))


@lru_cache(maxsize=None)
def deictic_prefixes() -> dict[str, str]:
    return dict(ln.split("\t")[:2] for ln in _lines("org_deictic.tsv"))


@lru_cache(maxsize=None)
def legal_forms() -> tuple[str, ...]:
    return tuple(sorted(_lines("org_legal_forms.txt"), key=len, reverse=True))


@lru_cache(maxsize=None)
def _legal_re() -> re.Pattern:
    return re.compile("|".join(map(re.escape, legal_forms())))


@lru_cache(maxsize=None)
def gazetteer() -> frozenset[str]:
    return frozenset(_lines("org_gazetteer.txt"))


@lru_cache(maxsize=None)
def _gazetteer_re() -> re.Pattern:
    names = sorted(gazetteer(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


# Single-token deictic words that MeCab does not split into prefix + suffix (当局 is one word).
_DEICTIC_WORDS = {"当局", "当社", "弊社", "同社", "本社", "当行", "同行", "当庁", "同庁", "当省",
                  "同省", "当所", "同所", "当部", "同部", "当課", "同課", "当館", "同館", "当会", "本会",
                  "同会", "同党", "当財団", "本学", "当学", "同大", "同大学", "同校", "本校", "当校"}
# 本社 and 同行 are mostly "head office" and "accompany": only the written set below is
# treated as deictic by default.
_DEICTIC_SKIP = {"本社", "同行"}

_KANJI = r"\u3400-\u9fff\uf900-\ufaff々〆ヶ"
_SPACE_JOIN = re.compile(r"[ \u3000]")
# Quoted names: 「…」 『…』 with no line break inside.
_QUOTE_RE = re.compile(r"[「『]([^「」『』\n]{2,40})[」』]")
# Former-name cues in the same sentence: 旧称, 前身, として設立, 名称を変更, 改称, 改組.
_FORMER_RE = re.compile(r"旧称|前身|旧名|として(?:設立|発足|創設)|名称(?:に|を)変更|改称|改組|改名")
_DIGIT_END = re.compile(r"[0-9０-９一二三四五六七八九十百千万]\Z")
_TRAILING_NOISE = re.compile(r"[・\-ー]+\Z")

# POS sets (UniDic) for the noun chains names are built from.
_CHAIN_POS1 = {"名詞", "接頭辞"}
# Suffixes that close the previous word when a chain starts with them (年, 的, 等 ...);
# other leading suffixes start names (産学官: MeCab tags 産 a suffix after a space).
_LEAD_SUFFIX_SKIP = set("年月日度目等内的化性達氏様人名回号個件")
_SYMBOL_INSIDE = {"・", "＆", "&", "－", "-", "=", "＝", "’", "'", "."}


def _cols(tokens):
    """(start, end, surface, pos1, pos2, pos3, pos4) lists of a Tokens object."""
    return (tokens.start, tokens.end, tokens.surface, tokens.pos1, tokens.pos2,
            tokens.pos3, tokens.pos4)


def _tokens_for(text: str):
    from pipeline.tokens import tokenize

    return tokenize(text)


def _chain_token(sf: str, p1: str, p2: str | None) -> bool:
    if p1 in _CHAIN_POS1:
        return p2 != "数詞" or True
    if p1 == "接尾辞":
        return p2 == "名詞的"
    if p1 == "補助記号":
        return sf in ("（株）", "(株)", "㈱", "（有）", "(有)")
    if p1 == "記号":
        return True  # Latin letters and other 文字 symbols
    return False


def _chains(text, cols):
    """Maximal runs of adjacent name-like tokens as (first, last) token index pairs."""
    start, end, sf, p1, p2, _p3, _p4 = cols
    n = len(sf)
    out = []
    i = 0
    while i < n:
        if not _chain_token(sf[i], p1[i], p2[i]):
            i += 1
            continue
        j = i
        while j + 1 < n and end[j] == start[j + 1]:
            nxt = j + 1
            if _chain_token(sf[nxt], p1[nxt], p2[nxt]):
                j = nxt
                continue
            # A middle dot or similar joins two name parts (サラブレッド・ブリーダーズ).
            if (sf[nxt] in _SYMBOL_INSIDE and nxt + 1 < n and end[nxt] == start[nxt + 1]
                    and _chain_token(sf[nxt + 1], p1[nxt + 1], p2[nxt + 1])):
                j = nxt + 1
                continue
            break
        out.append((i, j))
        i = j + 1
    return out


def _strip_lead(i, j, cols):
    """Drop leading tokens that cannot begin a name (numbers, time words, 各/全)."""
    _s, _e, sf, p1, p2, p3, _p4 = cols
    while i <= j:
        if p2[i] == "数詞" or p3[i] in ("副詞可能", "助数詞可能", "助数詞") or (
                p1[i] == "接尾辞" and sf[i] in _LEAD_SUFFIX_SKIP):
            i += 1
            continue
        if sf[i] in ("各", "全", "他", "諸", "計", "約", "等"):
            i += 1
            continue
        break
    return i


def _is_generic(name: str, stem: str) -> bool:
    if name in generic_names() or not stem:
        return True
    if stem in generic_stems():
        return True
    if _DIGIT_END.search(stem):
        return True  # 1000社, 第3部: counters, not names
    # 東北地域内大学, 大学等: a stem ending in 内/等/系/各 describes a set of institutions.
    if stem[-1] in "内等系各毎別":
        return True
    if stem.startswith(("各", "全", "他の", "諸")):
        return True
    return False


def _legal_strip(name: str) -> str:
    return _legal_re().sub("", name)


def _suffix_of(name: str) -> str | None:
    m = _suffix_re().search(name)
    return m.group(0) if m else None


def _candidate(text, cols, i, j):
    """Longest org name inside chain tokens i..j: (first, last, suffix) or None."""
    start, end, sf, p1, _p2, _p3, _p4 = cols
    base = start[i]
    best = None
    for k in range(j, i - 1, -1):
        piece = text[base:end[k]]
        m = _suffix_re().search(piece)
        if not m:
            continue
        s_at = base + m.start()
        # The suffix must start at a token boundary (北部 is one word, not 北 + 部).
        if not any(start[t] == s_at for t in range(i, k + 1)):
            continue
        best = (i, k, m.group(0))
        break
    # Legal form before the name: 株式会社サラブレッド・ブリーダーズ・クラブ runs to the chain end.
    if _legal_re().match(text, start[i]) and end[j] - start[i] > _legal_re().match(text, start[i]).end() - start[i]:
        return (i, j, "legal_prefix")
    return best


def _deictic_kind(tok_sf: str, next_sf: str | None) -> str | None:
    if tok_sf in _DEICTIC_WORDS and tok_sf not in _DEICTIC_SKIP:
        return deictic_prefixes().get(tok_sf[0], "self")
    return None


def find_orgs(text: str, tokens=None) -> list[Span]:
    """Organisation mentions (value = canonical name; attrs kind, suffix).

    >>> [s.text for s in find_orgs("東北経済産業局と中小企業基盤整備機構東北支部が協力する。")]
    ['東北経済産業局', '中小企業基盤整備機構東北支部']
    """
    if tokens is None:
        tokens = _tokens_for(text)
    cols = _cols(tokens)
    start, end, sf, p1, p2, p3, _p4 = cols
    spans: list[Span] = []
    for i, j in _chains(text, cols):
        # A deictic word at the head of a chain is its own mention (当局産業クラスター計画推進室).
        if _deictic_kind(sf[i], None):
            spans.append(_span(text, start[i], end[i], "deictic", "deictic_word", sf[i]))
            i += 1
            if i > j:
                continue
        i = _strip_lead(i, j, cols)
        while i <= j:
            cand = _candidate(text, cols, i, j)
            if cand is None:
                break
            a, b, suffix = cand
            s, e = start[a], end[b]
            name = text[s:e]
            # Deictic prefix + bare suffix: 当室, 本協議会, 同機構.
            head = sf[a]
            if head in deictic_prefixes() and b > a and text[end[a]:e] in suffixes():
                spans.append(_span(text, s, e, "deictic", "deictic_prefix", name))
                break
            core = _legal_strip(name) if suffix == "legal_prefix" else name
            stem = _legal_strip(core[: len(core) - len(suffix)]) if suffix != "legal_prefix" else core
            if suffix == "legal_prefix":
                if core and core not in generic_names():
                    spans.append(_span(text, s, e, "name", "legal_form", name))
            elif not _is_generic(core, stem):
                spans.append(_span(text, s, e, "name", "suffix", name, suffix=suffix))
            break
    spans.extend(_gazetteer_spans(text, cols, spans))
    spans = _join_units(text, spans)
    spans = _mark_quotes(text, spans)
    spans.sort(key=lambda sp: (sp.start, -sp.end))
    return spans


def _span(text, s, e, kind, rule, name, **extra) -> Span:
    value = re.sub(r"\s+", "", name) if kind != "deictic" else name
    attrs = {"kind": kind, **extra}
    return Span(s, e, ORG, text[s:e], value, rule, attrs)


def _gazetteer_spans(text, cols, found):
    """Names from the gazetteer that no suffix rule found, aligned to token boundaries."""
    if not gazetteer():
        return []
    start, end = cols[0], cols[1]
    starts, ends = set(start), set(end)
    taken = [(sp.start, sp.end) for sp in found]
    out = []
    for m in _gazetteer_re().finditer(text):
        s, e = m.span()
        if s not in starts or e not in ends:
            continue
        if any(a < e and s < b for a, b in taken):
            continue
        out.append(_span(text, s, e, "name", "gazetteer", m.group(0)))
    return out


def _join_units(text, spans):
    """Parent and unit separated by one space (産業技術総合研究所 東北センター) become one mention."""
    spans = sorted(spans, key=lambda sp: sp.start)
    out: list[Span] = []
    for sp in spans:
        prev = out[-1] if out else None
        if (prev is not None and prev.attrs.get("kind") == "name" and sp.attrs.get("kind") == "name"
                and sp.start == prev.end + 1 and _SPACE_JOIN.match(text[prev.end])
                and suffixes().get(sp.attrs.get("suffix", ""), "") == "unit"):
            out[-1] = Span(prev.start, sp.end, ORG, text[prev.start:sp.end],
                           prev.value + sp.value, "parent_unit",
                           {"kind": "name", "suffix": sp.attrs.get("suffix"),
                            "parts": [prev.value, sp.value]})
            continue
        out.append(sp)
    return out


def _mark_quotes(text, spans):
    """A name that fills a 「」 pair is kind "quoted"; "former_name" when the sentence says so."""
    by_range = {(sp.start, sp.end): k for k, sp in enumerate(spans)}
    for m in _QUOTE_RE.finditer(text):
        k = by_range.get(m.span(1))
        if k is None:
            continue
        sp = spans[k]
        if sp.attrs.get("kind") != "name":
            continue
        sent_end = text.find("。", m.end())
        tail = text[m.end(): sent_end if sent_end >= 0 else len(text)]
        kind = "former_name" if _FORMER_RE.search(tail[:40]) else "quoted"
        spans[k] = Span(sp.start, sp.end, ORG, sp.text, sp.value, sp.rule + "+quoted",
                        {**sp.attrs, "kind": kind})
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
    stripped = _legal_re().sub("", unicodedata.normalize("NFKC", s))
    s = stripped or s
    return s.casefold()


__all__ = ["find_orgs", "org_key", "suffixes"]


# --- statistical model: a linear-chain CRF over MeCab tokens (BIO tags) -------------------
# Trained by ``python -m evaluation.orgs --train`` on the dev part of the Wikipedia set; it
# sees the rule finder's tags as features, so it learns when to trust them.

MODEL_FILE = "org_crf.model"
_SENT_END = {"。", "！", "？", "!", "?"}


def _char_class(s: str) -> str:
    out = []
    for ch in s[:4]:
        o = ord(ch)
        if 0x30A0 <= o <= 0x30FF:
            c = "K"
        elif 0x3040 <= o <= 0x309F:
            c = "H"
        elif 0x4E00 <= o <= 0x9FFF or ch in "々〆":
            c = "C"
        elif ch.isdigit():
            c = "D"
        elif ch.isascii() and ch.isalpha():
            c = "A" if ch.isupper() else "a"
        elif ch.isalpha():
            c = "L"
        else:
            c = "S"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _tok_feats(sf, p1, p2, p3, p4, rtag, suff):
    pos = f"{p1}-{p2 or ''}-{p3 or ''}"
    return {
        "w": sf, "p": pos, "p4": p4 or "", "c": _char_class(sf), "l": min(len(sf), 6),
        "f": sf[0], "z": sf[-1], "r": rtag, "s": suff,
    }


def _features(text, cols, lo, hi, rule_tags, suffix_flags):
    """crfsuite feature dicts for tokens lo..hi-1 of one sentence."""
    start, end, sf, p1, p2, p3, p4 = cols
    base = [_tok_feats(sf[k], p1[k], p2[k], p3[k], p4[k], rule_tags[k], suffix_flags[k])
            for k in range(lo, hi)]
    out = []
    n = hi - lo
    # Inside a 「」 pair or not: names are often quoted, plans and titles too.
    quote, depth = [], 0
    for k in range(n):
        w = base[k]["w"]
        if w in ("」", "』"):
            depth = max(0, depth - 1)
        quote.append(depth)
        if w in ("「", "『"):
            depth += 1
    # Noun-chain context: the word before and after the run of name-like tokens a token is
    # in (に入団, 社長, の子会社) says more than a fixed window when names are long.
    inchain = [_chain_token(sf[lo + k], p1[lo + k], p2[lo + k]) or sf[lo + k] in _SYMBOL_INSIDE
               for k in range(n)]
    cstart, cend = [0] * n, [0] * n
    k = 0
    while k < n:
        m = k
        if inchain[k]:
            while m + 1 < n and inchain[m + 1] and start[lo + m + 1] == end[lo + m]:
                m += 1
        for t in range(k, m + 1):
            cstart[t], cend[t] = k, m
        k = m + 1
    for k in range(n):
        b = base[k]
        f = {"b": 1.0}
        if inchain[k]:
            a, z = cstart[k], cend[k]
            f["cb=" + (base[a - 1]["w"] if a > 0 else "BOS")] = 1.0
            f["ca=" + (base[z + 1]["w"] if z + 1 < n else "EOS")] = 1.0
            f["cpos=" + ("S" if a == z else "B" if k == a else "E" if k == z else "M")] = 1.0
            f["clen=%d" % min(z - a + 1, 5)] = 1.0
            f["cz=" + base[z]["w"]] = 1.0
        for key in ("w", "p", "p4", "c", "l", "f", "z", "r", "s"):
            f[f"0{key}={b[key]}"] = 1.0
        f[f"0p|c={b['p']}|{b['c']}"] = 1.0
        w = b["w"]
        if len(w) > 1:
            f[f"0f2={w[:2]}"] = 1.0
            f[f"0z2={w[-2:]}"] = 1.0
        f[f"q={quote[k]}"] = 1.0
        for d in (-2, -1, 1, 2):
            m = k + d
            if 0 <= m < n:
                o = base[m]
                f[f"{d}w={o['w']}"] = 1.0
                f[f"{d}p={o['p']}"] = 1.0
                f[f"{d}c={o['c']}"] = 1.0
                f[f"{d}r={o['r']}"] = 1.0
            else:
                f[f"{d}BOS"] = 1.0
        if k + 1 < n:
            f[f"0w|1w={b['w']}|{base[k + 1]['w']}"] = 1.0
            f[f"0s|1s={b['s']}|{base[k + 1]['s']}"] = 1.0
        if k > 0:
            f[f"-1w|0w={base[k - 1]['w']}|{b['w']}"] = 1.0
            gap = start[lo + k] != end[lo + k - 1]
            if gap:
                f["gap"] = 1.0
        out.append(f)
    return out


def _sentences(cols):
    """Token index ranges split at sentence-final punctuation and at line breaks."""
    start, end, sf = cols[0], cols[1], cols[2]
    out, lo = [], 0
    for k in range(len(sf)):
        if sf[k] in _SENT_END or (k + 1 < len(sf) and end[k] != start[k + 1] and k - lo > 60):
            out.append((lo, k + 1))
            lo = k + 1
    if lo < len(sf):
        out.append((lo, len(sf)))
    return out


def _rule_tags(cols, spans):
    start = cols[0]
    n = len(start)
    tags = ["O"] * n
    if not spans:
        return tags
    import bisect

    for sp in spans:
        if sp.attrs.get("kind") == "deictic":
            continue
        k = bisect.bisect_left(start, sp.start)
        first = True
        while k < n and start[k] < sp.end:
            tags[k] = ("B-" if first else "I-") + sp.rule.split("+")[0]
            first = False
            k += 1
    return tags


def _suffix_flags(cols):
    sf = cols[2]
    table = suffixes()
    legal = set(legal_forms())
    return ["S" + table[w] if w in table else ("L" if w in legal else "") for w in sf]


def crf_inputs(text, tokens, rule_spans):
    """(cols, sentences, per-sentence features) shared by training and prediction."""
    cols = _cols(tokens)
    rtags = _rule_tags(cols, rule_spans)
    sflags = _suffix_flags(cols)
    sents = _sentences(cols)
    return cols, sents, rtags, sflags


@lru_cache(maxsize=None)
def _tagger_model():
    try:
        import pycrfsuite
    except ImportError:
        return None
    path = resources.files(_DATA).joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    tagger = pycrfsuite.Tagger()
    with resources.as_file(path) as p:
        tagger.open(str(p))
    return tagger


_WORTH_RE = re.compile(r"[\u30a0-\u30ffA-Za-zＡ-Ｚａ-ｚ]")


def _crf_spans(text, cols, sents, rtags, sflags, tagger):
    start, end, sf, p1, p2, p3, p4 = cols
    out = []
    for lo, hi in sents:
        # Only sentences with a name-like token are worth the model's time (speed budget).
        if not any(rtags[k] != "O" or sflags[k] or p2[k] == "固有名詞" or _WORTH_RE.match(sf[k])
                   for k in range(lo, hi)):
            continue
        labels = tagger.tag(_features(text, cols, lo, hi, rtags, sflags))
        k = 0
        while k < len(labels):
            if labels[k] == "O":
                k += 1
                continue
            m = k + 1
            while m < len(labels) and labels[m] == "I":
                m += 1
            out.append((start[lo + k], end[lo + m - 1]))
            k = m
    return out


def find_orgs_model(text: str, tokens=None) -> list[Span]:
    """Rule mentions plus CRF mentions that no rule found (rules alone when no model).

    >>> [s.text for s in find_orgs_model("経済産業省の発表。")]
    ['経済産業省']
    """
    if tokens is None:
        tokens = _tokens_for(text)
    spans = find_orgs(text, tokens)
    tagger = _tagger_model()
    if tagger is None:
        return spans
    cols, sents, rtags, sflags = crf_inputs(text, tokens, spans)
    predicted = _crf_spans(text, cols, sents, rtags, sflags, tagger)
    rule_ranges = [(sp.start, sp.end) for sp in spans]
    names = {sp.value for sp in spans}
    extra = []
    for s, e in predicted:
        if any(a < e and s < b for a, b in rule_ranges):
            continue
        name = text[s:e]
        if name in generic_names() or name in names and False:
            continue
        extra.append(_span(text, s, e, "name", "crf", name))
    return sorted(spans + extra, key=lambda sp: (sp.start, -sp.end))
