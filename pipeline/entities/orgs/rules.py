"""The rule finder (:func:`find_orgs`): names by their ending or legal form, short forms,
gazetteer names, parents and units, names in quotes, deictic references."""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache

from pipeline.base.datafiles import alternation
from pipeline.document.spans import ORG, Span
from pipeline.entities.orgs.chains import (
    _SPACES,
    _candidate,
    _cols,
    _is_generic,
    _legal_trim,
    _name_chains,
    _strip_category,
    _strip_lead,
    _suffix_of,
    _tokens_for,
    bare_name,
)
from pipeline.entities.orgs.names import _FORMER_MARKS, _doubled_unit, _room_re, _span, short_form_declared
from pipeline.entities.orgs.words import (
    _DEICTIC_WORDS,
    _FORMER_RE,
    _LEAD_SUFFIX_SKIP,
    _NAME_CHARS,
    _QUOTE_RE,
    _SPACE_JOIN,
    _gazetteer_re,
    _lines,
    deictic_prefixes,
    gazetteer,
    legal_forms,
    legal_re,
    suffixes,
)


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
# (A one-kana particle is no sign: はなみずき会, とまと会, のぞみ会 open with one.)
_PARTICLE_FIRST = re.compile(r"[ \u3000]?(?:から|など|まで|より|では|には|への|との|での)")
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


@lru_cache(maxsize=1024)
def _opens_with_particle(kana: str) -> bool:
    """UniDic reads the kana after a legal form as opening with a particle or a conjunction
    (でつくる会, がつくる会), not a name (はなみずき会, よつば会)."""
    from pipeline.text.tokens import tokenize

    t = tokenize(kana)
    return len(t) > 0 and t.pos1[0] in ("助詞", "接続詞")


def _legal_kana_spans(text: str, found: list[Span], ends) -> list[Span]:
    """``ends``: the tokens' end offsets (sorted), where a word may end."""
    if not legal_re().search(text):
        return []
    out = []
    for m in _legal_kana_re().finditer(text):
        s, e = m.span()
        if any(sp.start < e and s < sp.end for sp in found):
            continue
        lead = legal_re().match(text, s).end()
        if _PARTICLE_FIRST.match(text, lead) or _opens_with_particle(text[lead:e].strip(" \u3000")):
            continue  # 社会福祉法人からの会計, NPO法人でつくる会: particles, no name
        k = bisect.bisect_left(ends, e)
        if k >= len(ends) or ends[k] != e:
            continue  # the suffix is a word's head (会|議, 会|計): (福)よつば会|主催 is a name
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


def _room_at_end(name: str) -> int:
    """The length of the room's name that ends ``name`` after a building's or body's name
    (…公民館視聴覚室, …ホール展示室), else 0."""
    for k in range(min(len(name) - 2, 10), 1, -1):  # the longest: 大会議室, 第一会議室, 三階会議室
        if _room_re().fullmatch(name, len(name) - k):
            return k
    return 0


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
        room = _room_at_end(name)
        if room:
            if not _suffix_of(name[:-room]):
                continue  # 市民ホール展示室: a room of a hall, a place to meet
            name, e = name[:-room], e - room  # 柳沢公民館視聴覚室: a room of the body's building
            suffix = _suffix_of(name)
            stem = _legal_trim(_SPACES.sub("", name[: len(name) - len(suffix)]))
        if not _is_generic(name, stem, proper_head) or _named_parent(text, cols, a, b):
            e = s + _doubled_unit(name, text, e)
            spans.append(_span(text, s, e, "name", "suffix", text[s:e], suffix=suffix))
    spans.extend(_legal_kana_spans(text, spans, end))
    spans.extend(_declared_short_forms(text, spans, start, end))
    spans.extend(_short_form_spans(text, cols, spans, n))
    spans.extend(_gazetteer_spans(text, cols, spans))
    spans = [sp for sp in spans if not _room_re().fullmatch(sp.value)]
    spans = _join_units(text, spans)
    quotes = list(_QUOTE_RE.finditer(text))
    spans = _quoted_names(text, cols, spans, quotes)
    spans = _mark_quotes(text, spans, quotes)
    spans.sort(key=lambda sp: (sp.start, -sp.end))
    return spans


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


def _declared_short_forms(text: str, found: list[Span], starts, ends) -> list[Span]:
    """Every use of a short form declared in brackets after a name (全国商工会連合会(全国連) …
    全国連の会長): a mention of its own, which linking resolves to the full name; a use
    starts and ends where words do (not 安|全農|産物, 毎|日商|店街)."""
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
            ka, kb = bisect.bisect_left(starts, a), bisect.bisect_left(ends, b)
            if not (ka < len(starts) and starts[ka] == a and kb < len(ends) and ends[kb] == b):
                continue
            out.append(_span(text, a, b, "name", "declared_short_form", abbr))
    return out
