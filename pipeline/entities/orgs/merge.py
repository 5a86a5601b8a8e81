"""The rules' mentions merged with the named-entity model's ORG mentions
(:func:`find_orgs_model`): what counts as strong evidence, what the model decides, and what
supports a rule mention the model does not cover."""

from __future__ import annotations

import bisect
import re
from functools import cache

from pipeline.base.line_shapes import MASTHEAD
from pipeline.base.vocab import job_titles
from pipeline.document.spans import ORG, Span
from pipeline.entities.orgs.chains import _cols, _is_generic, _suffix_of, _tokens_for
from pipeline.entities.orgs.names import (
    _ESTABLISHED,
    _ESTABLISHED_BY,
    _FORMER_MARKS,
    _SCHOOL_EVENT,
    _SCHOOL_SUFFIXES,
    _doubled_unit,
    _glued_prefix,
    _head_of_unit,
    _names_a_place,
    _post_after,
    _span,
    _token_span,
    _without_event,
    _without_publication,
    short_form_declared,
)
from pipeline.entities.orgs.rules import find_orgs
from pipeline.entities.orgs.words import (
    _DEICTIC_WORDS,
    _NAME_CHARS,
    _legal_lookup,
    _title_words,
    deictic_prefixes,
    generic_names,
    legal_re,
    suffixes,
)
from pipeline.entities.phones import fold_label, label_kinds

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


_ACRONYM_EXPANSION = re.compile(r"([A-Z][A-Za-z&]{1,9})[ \u3000]*[(（]([^()（）\n]{2,30})[)）]")


def _acronyms_of_things(text: str) -> set[str]:
    out = set()
    for m in _ACRONYM_EXPANSION.finditer(text):
        if not _suffix_of(m.group(2).strip()):
            out.add(m.group(1))
    return out


# A clause with its own case particle names a society by what it does (…を守る会, …と共に生きる会).
_CLAUSE_PARTICLES = re.compile(r"[をとにで]")
_KANA_ONLY = re.compile(r"[\u3041-\u309f\u30a1-\u30fcー・]+")


def _holds_a_clause(text, cols, s, e) -> bool:
    """The model's name holds a verb written with a kanji that modifies what follows (浅田
    率いるバンド): a clause around a name, not a name; a name in kana MeCab cut into verbs
    (かねだい) and a society named by what it does (秘湯を守る会, with its particle) are
    names."""
    if _KANA_ONLY.fullmatch(text, s, e) or _CLAUSE_PARTICLES.search(text, s, e):
        return False  # 秘湯を守る会, 障害と共に生きる会: a society named by what it does
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

    ``ner`` is the model's :class:`pipeline.entities.ner.Analysis` of the same text and tokens (run
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
        from pipeline.entities.ner.model import analyse, rule_hints  # ner reads this module's rules

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
    found = [
        (s, e - 1, c) if _head_of_unit(text[s:e]) else (s, s + _post_after(text[s:e]), c) for s, e, c in found
    ]
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
