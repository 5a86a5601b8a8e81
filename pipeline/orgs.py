"""Organisation mentions: institutional suffixes over MeCab noun chains, legal forms, quotes."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from pipeline.datafiles import data_lines
from pipeline.spans import ORG, Span

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
def _legal_re() -> re.Pattern:
    return re.compile("|".join(map(re.escape, legal_forms())))


@cache
def gazetteer() -> frozenset[str]:
    return frozenset(_lines("org_gazetteer.txt"))


@cache
def _gazetteer_re() -> re.Pattern:
    names = sorted(gazetteer(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


# Single-token deictic words that MeCab does not split into prefix + suffix (当局 is one word).
# 本社 (head office) and 同行 (go along) are left out on purpose.
_DEICTIC_WORDS = {"当局", "当社", "弊社", "同社", "当行", "当庁", "同庁", "当省",
                  "同省", "当所", "同所", "当部", "同部", "当課", "同課", "当館", "同館", "当会", "本会",
                  "同会", "同党", "当財団", "本学", "当学", "同大", "同大学", "同校", "本校", "当校"}
_SPACE_JOIN = re.compile(r"[ \u3000]")
# Quoted names: 「…」 『…』 with no line break inside.
_QUOTE_RE = re.compile(r"[「『]([^「」『』\n]{2,40})[」』]")
# Former-name cues in the same sentence: 旧称, 前身, として設立, 名称を変更, 改称, 改組.
_FORMER_RE = re.compile(r"旧称|前身|旧名|として(?:設立|発足|創設)|名称(?:に|を)変更|改称|改組|改名")
_DIGIT_END = re.compile(r"[0-9０-９一二三四五六七八九十百千万]\Z")

# POS sets (UniDic) for the noun chains names are built from.
_CHAIN_POS1 = {"名詞", "接頭辞"}
# Suffixes that close the previous word when a chain starts with them (年, 的, 等 ...);
# other leading suffixes start names (産学官: MeCab tags 産 a suffix after a space).
_LEAD_SUFFIX_SKIP = set("年月日度目等内的化性達氏様人名回号個件")
_SYMBOL_INSIDE = {"・", "＆", "&", "－", "-", "=", "＝", "’", "'", "."}


def _cols(tokens):
    """(start, end, surface, pos1, pos2, pos3, pos4) lists of a Tokens object."""
    return (tokens.start, tokens.end, tokens.surface, tokens.pos1, tokens.pos2,
            tokens.pos3, tokens.pos4, tokens.reading)


def _tokens_for(text: str):
    from pipeline.tokens import tokenize

    return tokenize(text)


def _chain_token(sf: str, p1: str, p2: str | None) -> bool:
    if p1 in _CHAIN_POS1:
        return True
    if p1 == "接尾辞":
        return p2 == "名詞的"
    if p1 == "補助記号":
        return sf in ("（株）", "(株)", "㈱", "（有）", "(有)")
    if p1 == "記号":
        return True  # Latin letters and other 文字 symbols
    return False


def _chains(text, cols):
    """Maximal runs of adjacent name-like tokens as (first, last) token index pairs."""
    start, end, sf, p1, p2, _p3, _p4, _rd = cols
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
    _s, _e, sf, p1, p2, p3, _p4, _rd = cols
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
    """The longest institutional suffix ``name`` ends with."""
    table = suffixes()
    return next((name[-ln:] for ln in range(min(8, len(name)), 0, -1) if name[-ln:] in table),
                None)


# Longest organisation name considered, in characters.
MAX_NAME = 64


def _candidate(text, cols, i, j):
    """Longest org name inside chain tokens i..j: (first, last, suffix) or None."""
    start, end, sf, p1, _p2, _p3, _p4, _rd = cols
    base = start[i]
    best = None
    table = suffixes()
    boundaries = {start[t] for t in range(i, j + 1)}
    for k in range(j, i - 1, -1):
        e = end[k]
        if e - base > MAX_NAME:  # a run this long is not one name (and must stay linear)
            continue
        # The longest suffix that starts at a token boundary (北部 is one word, not 北 + 部;
        # 工学部 is 工学 + 部, not 工 + 学部).
        hit = next((text[e - ln:e] for ln in range(min(8, e - base), 0, -1)
                    if text[e - ln:e] in table and e - ln in boundaries), None)
        if hit is None:
            continue
        best = (i, k, hit)
        break
    # Legal form before the name: 株式会社サラブレッド・ブリーダーズ・クラブ runs to the chain end.
    legal = _legal_re().match(text, start[i])
    if legal and end[j] > legal.end():
        return (i, j, "legal_prefix")
    return best


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
    spans: list[Span] = []
    for i, j in _chains(text, cols):
        # A deictic word at the head of a chain is its own mention (当局産業クラスター計画推進室).
        if _deictic_kind(sf[i]):
            spans.append(_span(text, start[i], end[i], "deictic", "deictic_word", sf[i]))
            i += 1
            if i > j:
                continue
        i = _strip_lead(i, j, cols)
        cand = _candidate(text, cols, i, j) if i <= j else None
        if cand is not None:
            a, b, suffix = cand
            s, e = start[a], end[b]
            name = text[s:e]
            # Deictic prefix + bare suffix: 当室, 本協議会, 同機構.
            head = sf[a]
            if head in deictic_prefixes() and b > a and text[end[a]:e] in suffixes():
                spans.append(_span(text, s, e, "deictic", "deictic_prefix", name))
                continue
            core = _legal_strip(name) if suffix == "legal_prefix" else name
            stem = _legal_strip(core[: len(core) - len(suffix)]) if suffix != "legal_prefix" else core
            if suffix == "legal_prefix":
                if core and core not in generic_names():
                    spans.append(_span(text, s, e, "name", "legal_form", name))
            elif not _is_generic(core, stem):
                spans.append(_span(text, s, e, "name", "suffix", name, suffix=suffix))
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


def _features(text, cols, lo, hi, rule_tags, suffix_flags):
    """crfsuite features (lists of attribute strings) for tokens lo..hi-1 of one sentence."""
    start, end, sf, p1, p2, p3, p4, rd = cols[:8]
    lex = cols[8] if len(cols) > 8 else sf
    n = hi - lo
    words = sf[lo:hi]
    pos = [f"{p1[k]}-{p2[k] or ''}-{p3[k] or ''}" for k in range(lo, hi)]
    cls = [_char_class(w) for w in words]
    rtag = rule_tags[lo:hi]
    sfx = suffix_flags[lo:hi]
    # Token-local attributes, built once; a word MeCab does not know (no reading) is
    # often a name.
    own = []
    for k in range(n):
        w, g = words[k], lo + k
        feats = ["b", "0w=" + w, "0p=" + pos[k], "0p4=" + (p4[g] or ""), "0c=" + cls[k],
                 f"0l={min(len(w), 6)}", "0f=" + w[0], "0z=" + w[-1], "0r=" + rtag[k],
                 "0s=" + sfx[k], "0u=" + ("k" if rd[g] else "u"),
                 "0pc=" + pos[k] + "|" + cls[k], "x=" + str(lex[g])]
        if len(w) > 1:
            feats.append("0f2=" + w[:2])
            feats.append("0z2=" + w[-2:])
        own.append(feats)
    # Inside a 「」 pair or not: names are often quoted, plans and titles too.
    depth = 0
    for k in range(n):
        w = words[k]
        if w in ("」", "』"):
            depth = max(0, depth - 1)
        own[k].append(f"q={depth}")
        if w in ("「", "『"):
            depth += 1
    # Noun-chain context: the word before and after the run of name-like tokens a token is
    # in (に入団, 社長, の子会社) says more than a fixed window when names are long.
    inchain = [_chain_token(words[k], p1[lo + k], p2[lo + k]) or words[k] in _SYMBOL_INSIDE
               for k in range(n)]
    k = 0
    while k < n:
        m = k
        if inchain[k]:
            while m + 1 < n and inchain[m + 1] and start[lo + m + 1] == end[lo + m]:
                m += 1
            ctx = ["cb=" + (words[k - 1] if k > 0 else "BOS"),
                   "ca=" + (words[m + 1] if m + 1 < n else "EOS"),
                   f"clen={min(m - k + 1, 5)}", "cz=" + words[m],
                   "ca2=" + (words[m + 2] if m + 2 < n else "EOS"),
                   "cc=" + "".join(sorted(set(cls[k:m + 1])))]
            for t in range(k, m + 1):
                own[t].extend(ctx)
                own[t].append("cpos=" + ("S" if k == m else "B" if t == k else "E" if t == m else "M"))
        k = m + 1
    out = []
    for k in range(n):
        f = list(own[k])
        for d in (-2, -1, 1, 2):
            m = k + d
            if 0 <= m < n:
                f.append(f"{d}w={words[m]}")
                f.append(f"{d}p={pos[m]}")
                f.append(f"{d}c={cls[m]}")
                f.append(f"{d}r={rtag[m]}")
            else:
                f.append(f"{d}BOS")
        if k + 1 < n:
            f.append("0w|1w=" + words[k] + "|" + words[k + 1])
            f.append("0s|1s=" + sfx[k] + "|" + sfx[k + 1])
        if k > 0:
            f.append("-1w|0w=" + words[k - 1] + "|" + words[k])
            if start[lo + k] != end[lo + k - 1]:
                f.append("gap")
        out.append(f)
    return out


def _sentences(cols, text=None):
    """Token index ranges split at sentence-final punctuation and at line breaks."""
    start, end, sf = cols[0], cols[1], cols[2]
    out, lo = [], 0
    n = len(sf)
    for k in range(n):
        brk = sf[k] in _SENT_END
        if not brk and k + 1 < n and end[k] != start[k + 1]:
            brk = text is None or "\n" in text[end[k]:start[k + 1]] or k - lo > 200
        if brk:
            out.append((lo, k + 1))
            lo = k + 1
    if lo < n:
        out.append((lo, n))
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
    cols = _cols(tokens) + (tokens.lexeme,)
    rtags = _rule_tags(cols, rule_spans)
    sflags = _suffix_flags(cols)
    sents = _sentences(cols, text)
    return cols, sents, rtags, sflags


@cache
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


_WINDOW = 6
_ORG_TAGS = ("B", "I", "L", "U")


def _windows(cols, sents, rtags, sflags):
    """Token ranges worth the model's time: around name-like tokens, within a sentence.

    Features look two tokens and one noun chain away, so a window of six tokens on each
    side of a trigger (a proper noun, katakana or Latin word, a suffix or rule hit) tags
    like the whole sentence at a fraction of the cost (speed budget).
    """
    sf, p2 = cols[2], cols[4]
    for lo, hi in sents:
        cur = None
        for k in range(lo, hi):
            if not (rtags[k] != "O" or sflags[k] or p2[k] == "固有名詞" or _WORTH_RE.match(sf[k])):
                continue
            a, b = max(lo, k - _WINDOW), min(hi, k + _WINDOW + 1)
            if cur is not None and a <= cur[1]:
                cur = (cur[0], b)
                continue
            if cur is not None:
                yield cur
            cur = (a, b)
        if cur is not None:
            yield cur


def _crf_spans(text, cols, sents, rtags, sflags, tagger):
    start, end, sf, p1, p2, p3, p4, rd = cols[:8]
    out = []
    known = set(tagger.labels())
    for lo, hi in _windows(cols, sents, rtags, sflags):
        labels = tagger.tag(_features(text, cols, lo, hi, rtags, sflags))
        k = 0
        while k < len(labels):
            # ORG tags are B/I/L/U (begin, inside, last, unit); other classes (B-P person,
            # B-L place ...) only sharpen ORG boundaries.
            if labels[k] not in _ORG_TAGS:
                k += 1
                continue
            m = k + 1
            if labels[k] in ("B", "I"):
                # A space splits a name unless both sides are Latin (NON STYLE, T&E SOFT).
                while m < len(labels) and labels[m] in ("I", "L") and (
                        start[lo + m] == end[lo + m - 1]
                        or (sf[lo + m].isascii() and sf[lo + m - 1].isascii())):
                    m += 1
                    if labels[m - 1] == "L":
                        break
            # Confidence: the least sure token's marginal probability of being inside an ORG.
            conf = min(sum(tagger.marginal(y, t) for y in _ORG_TAGS if y in known)
                       for t in range(k, m))
            out.append((start[lo + k], end[lo + m - 1], conf))
            k = m
    return out


# CRF output that is never an organisation name: numbers, dates, single symbols.
_URLISH = frozenset("@./:_-~=?&%#" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NOT_NAME = re.compile(r"[\d０-９\s\W]+|(?:明治|大正|昭和|平成|令和)?[\d０-９元]+年?(?:度)?")


def _model_ok(text: str, s: int, e: int) -> bool:
    name = text[s:e]
    # Pieces of e-mail addresses and URLs (thk-sangaku@..., unit.aist.go.jp).
    if (s > 0 and text[s - 1] in _URLISH) or (e < len(text) and text[e] in _URLISH):
        return False
    if len(name) < 2 or _NOT_NAME.fullmatch(name) or not (name[0].isalnum() and name[-1].isalnum()) or name in generic_names():
        return False
    suffix = _suffix_of(name)
    if suffix and _is_generic(name, name[: len(name) - len(suffix)]):
        return False  # 東北地域内大学, 県工業会: the same generic filter as the rules
    return True


_ACRONYM_EXPANSION = re.compile(r"([A-Z][A-Za-z&]{1,9})[ \u3000]*[(（]([^()（）\n]{2,30})[)）]")


def _acronyms_of_things(text: str) -> set[str]:
    out = set()
    for m in _ACRONYM_EXPANSION.finditer(text):
        if not _suffix_of(m.group(2).strip()):
            out.add(m.group(1))
    return out


def _has_name_token(cols, s, e) -> bool:
    import bisect

    start, _end, sf, _p1, p2, _p3, _p4, rd = cols[:8]
    k = bisect.bisect_left(start, s)
    while k < len(start) and start[k] < e:
        if p2[k] == "固有名詞" or not rd[k] or sf[k].isascii():
            return True
        k += 1
    return False


def find_orgs_model(text: str, tokens=None, *, prefer: str = "rules",
                    min_confidence: float = 0.7) -> list[Span]:
    """Rule mentions merged with CRF mentions (rules alone when the model is absent).

    ``prefer="rules"`` (newsletters, the default): every rule mention is kept and CRF
    mentions with at least ``min_confidence`` fill the gaps; ``prefer="model"`` (general prose such as Wikipedia): CRF
    mentions win and rule mentions only add deictic references.

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
    predicted = [(s, e) for s, e, conf in _crf_spans(text, cols, sents, rtags, sflags, tagger)
                 if _model_ok(text, s, e) and (prefer == "model" or conf >= min_confidence)]
    if prefer != "model":
        # Newsletters: a model-only name needs a proper noun, an unknown word or Latin
        # letters (ベンチャーファンド is two common nouns), and an acronym the text expands
        # into a non-organisation (MOT(技術経営)) is not an organisation anywhere in it.
        not_orgs = _acronyms_of_things(text)
        predicted = [(s, e) for s, e in predicted
                     if text[s:e] not in not_orgs and _has_name_token(cols, s, e)]
    model = [_span(text, s, e, "name", "crf", text[s:e]) for s, e in predicted]
    if prefer == "model":
        keep = [sp for sp in spans if sp.attrs.get("kind") == "deictic"
                and not any(m.start < sp.end and sp.start < m.end for m in model)]
        return sorted(model + keep, key=lambda sp: (sp.start, -sp.end))
    ranges = [(sp.start, sp.end) for sp in spans]
    extra = [m for m in model if not any(a < m.end and m.start < b for a, b in ranges)]
    return sorted(spans + extra, key=lambda sp: (sp.start, -sp.end))


__all__ = ["crf_inputs", "find_orgs", "find_orgs_model", "org_key", "suffixes"]
