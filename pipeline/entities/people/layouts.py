"""Names by the shape of the page: letter-spaced names (菅 原 正 志), foreign names joined by
・ (ユッタ・バストル大使), lists after a named person, later mentions of a family name, bylines,
names in Latin letters and roster lines."""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from pipeline.base.line_shapes import ROSTER_ENTRY
from pipeline.base.vocab import person_titles
from pipeline.document.spans import Span
from pipeline.entities.orgs import find_orgs
from pipeline.entities.people.context import _Ctx, _person, _place_name, _Taken
from pipeline.entities.people.fields import (
    _ENUMERATOR,
    _FORMER,
    _MEETINGS,
    _common_word,
    _ends_field,
    _label_before,
    _org_before,
    _org_like,
    _split_title,
    _title_before,
)
from pipeline.entities.people.prose import _glued, _is_kata, _name_parts
from pipeline.entities.people.words import (
    _DIGITS,
    _FIELD_CUT,
    _KATA,
    _NAME,
    _PUNCT,
    _SP,
    _SPACES,
    _honorific_at,
    _honorific_ending,
    _lines,
    _org_ending_re,
    _roles,
    _separators,
    _title_end_re,
    _title_set,
    _title_start_re,
    _weak_titles,
    honorifics,
)

_SPACED_NAME = re.compile(rf"{_SP}+({_NAME}{{1,5}}(?:(?:{_SP}|\n){_NAME}{{1,5}}){{0,5}})")
_GROUP = re.compile(f"{_NAME}+")


def _split_joined(name: str, groups: list[str]) -> tuple[str, str]:
    """Family and given name of a name written letter-spaced (菅 原 正 志 -> 菅原, 正志)."""
    if len(groups) == 2 and not all(len(g) == 1 for g in groups):
        return groups[0], groups[1]
    from pipeline.text.tokens import tokenize

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
_KATA_NAME = re.compile(rf"[{_KATA}]+(?:[・＝=･][{_KATA}]+)+")
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


# A note in brackets after a byline's name: where the person comes from or goes to, the post
# (教頭 佐藤 一郎(市立第二中学校より)).
_NOTE = r"[(（][^()（）\n]{1,30}[)）]"


@cache
def _byline_re() -> re.Pattern:
    titles = "|".join(map(re.escape, person_titles()))
    # [organisation] title family given, one line, fields split by single spaces; a title
    # may be a compound that ends in a title word (地域経済活性化推進役).
    return re.compile(
        rf"^[ \t\u3000]*(?:(?P<org>[^\s]{{2,40}}?){_SP}+)?"
        # (a greeting's heading names its writer's post: 会長挨拶 高橋 恒清)
        rf"(?P<title>[^\s]{{0,20}}?(?:{titles}))(?:{_NOTE}|ご?挨拶|ごあいさつ|あいさつ)?{_SP}+"
        rf"(?P<family>{_NAME}{{1,5}}){_SP}+(?P<given>{_NAME}{{1,5}})[ \t\u3000]*(?:{_NOTE})?[ \t\u3000]*$",
        re.M,
    )


# The end every byline has: family and given name after a space, closing the line.  Tried at
# every line start, the byline pattern costs as much on prose as on newsletters; this one opens
# with a space, so the regex engine skips to the next space, and only the few lines it matches
# get the full pattern.
_BYLINE_TAIL = re.compile(
    rf"{_SP}{_NAME}{{1,5}}{_SP}+{_NAME}{{1,5}}[ \t\u3000]*(?:{_NOTE})?[ \t\u3000]*$", re.M
)


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


# A byline's name UniDic does not know as one (荒磯恒久 reads as two common nouns): a few kanji
# after a post or an organisation and a space, then the writer's body in brackets or an
# honorific, closing the line or the bracket (産学連携学会会長 荒磯恒久(北海道大学), (北海道大学
# 荒磯恒久先生)).
_UNKNOWN_NAME = re.compile(
    r"(?<=[ \u3000])(?P<name>[\u4e00-\u9fff々]{3,5})"
    r"(?:[(（](?P<aff>[^()（）\n]{2,24})[)）]|[ \u3000]?(?P<hon>先生|氏))"
    r"[ \t\u3000]*[)）]?[ \t\u3000]*$",
    re.M,
)


def _unknown_names(text: str, taken: _Taken) -> list[Span]:
    out = []
    for m in _UNKNOWN_NAME.finditer(text):
        s, e = m.span("name")
        name = m["name"]
        if taken.overlaps(s, e) or _title_end_re().search(name) or _org_like(name) or _common_word(name):
            continue
        if m["aff"] is not None and _org_like(m["aff"]) is None:
            continue  # 報告書(案), 講演(1): a note, not the writer's body
        line_start = text.rfind("\n", 0, s) + 1
        field_start = max(text.rfind(c, line_start, s - 1) for c in " \u3000(（") + 1
        field_start = max(field_start, line_start)
        field = text[field_start : s - 1]
        title = org = None
        word = _title_end_re().search(field)
        if word is not None:
            title, org = _split_title(text, field_start, field_start + word.start(), word.group(), 10)
        elif (o := _org_like(field)) is not None:
            org = (field_start + o[0], field_start + o[1])
        else:
            continue
        aff = m.span("aff") if m["aff"] is not None and org is None else None
        out.append(_person(text, s, e, None, None, title, "byline", org=org or aff, honorific=m["hon"]))
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
