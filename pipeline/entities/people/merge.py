"""The rules' people merged with the named-entity model's PERSON mentions, and the model's
dotted foreign names it took for organisations or places."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pipeline.base.line_shapes import CJK as _CJK
from pipeline.document.spans import PERSON, Span
from pipeline.entities.people.context import _person, _Taken
from pipeline.entities.people.fields import _title_line_above
from pipeline.entities.people.layouts import _INITIAL, _KATA_NAME, _KATA_WORD, _LATIN_LETTER, _PLACE_ENDS
from pipeline.entities.people.prose import _READING, _is_kata
from pipeline.entities.people.words import (
    _given_name_ends,
    _honorific_at,
    _honorific_ending,
    _org_ending_re,
    _post_start_re,
    _title_end_re,
    _title_start_re,
)


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
    parts = re.split("[・＝=･]", name)
    if len(parts) < 2 or _org_ending_re().search(name):
        return False
    return _word_kind(parts[0]) == "person" and _word_kind(parts[-1]) == "unknown"


@lru_cache(maxsize=4096)
def _word_kind(word: str) -> str:
    """How UniDic reads ``word`` alone: "person" (one 人名 word), "word" (one other word it
    knows) or "unknown" (several pieces or a word it made up)."""
    from pipeline.text.tokens import tokenize

    t = tokenize(word)
    if len(t) != 1:
        return "unknown"
    if t.pos3[0] == "人名":
        return "person"
    return "word" if t.reading[0] is not None else "unknown"


# A post in capitals written against a kanji name (北原PDG, a past district governor; 山田GM).
_LATIN_POST = re.compile(r"(?<=[\u4e00-\u9fff々])[A-ZＡ-Ｚ]{2,5}\Z")


def _note_after_name(text: str, s: int, e: int, names: list[Span]) -> bool:
    """text[s:e] fills brackets written right after another name, or after its post (秋元憲司
    (二宮), 妹尾一人理事長(サンベルコ社長)): a note on that person (a place, a school, a company
    and a post), as newspapers write them."""
    if s < 2 or text[s - 1] not in "(（":
        return False
    close = e
    m = _title_start_re().match(text, e)
    if m is not None:
        close = m.end()  # 妹尾一人理事長(サンベルコ社長): the person's company and post
    if text[close : close + 1] not in ")）":
        return False
    return any(
        sp.end == s - 1 or (0 < s - 1 - sp.end <= 8 and _title_end_re().fullmatch(text, sp.end, s - 1))
        for sp in names
    )


def merge_people(text: str, tokens, rule_spans: list[Span], ner) -> list[Span]:
    """Rule mentions (a title, an honorific, a byline, an organisation: strong evidence) and
    the named-entity model's PERSON mentions merged: a rule mention wins where the two
    overlap; a model mention elsewhere is a person of its own, with the family and given name
    UniDic tells apart, an honorific right after it kept outside, and the full name it
    shortens when the same family name was met in full earlier.

    ``ner`` is the model's :class:`pipeline.entities.ner.Analysis` of the same text and tokens.
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
        ending = _org_ending_re().search(text, s, e)
        if ending is not None and (
            all(map(_is_kata, text[s:e].replace("・", "")))
            or (ending.end() - ending.start() >= 2 and ending.start() > s)
        ):
            continue  # a company: リライアンス・エンターテインメント, ペッカー精工
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
        m = _title_end_re().search(text, s + 2, e) or _LATIN_POST.search(text, s + 2, e)
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
            m = _post_start_re().match(text, e)
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
