"""Linking ORG and PERSON mentions: abbreviations, deictic references, hierarchy, keys."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from pipeline.base.datafiles import data_lines
from pipeline.document.spans import Span
from pipeline.entities.orgs import (
    LABEL_ONLY,
    bare_name,
    deictic_prefixes,
    legal_re,
    org_key,
    short_form_declared,
    suffixes,
)

# 中小企業基盤整備機構（略称:中小機構）, 「…」(略称: 中小機構 ), （以下「中小機構」という）
_ABBR_DECL = re.compile(
    r"[ \u3000]*[（(][ \u3000]*(?:略称|略|以下)[ \u3000]*[:：、,]?[ \u3000]*[「『]?"
    r"(?P<abbr>[^\s「」『』()（）:：、]{1,20})[」』]?[ \u3000]*(?:という|と呼ぶ|と略す)?[ \u3000]*[）)]"
)
# 新エネルギー・産業技術総合開発機構（NEDO）: a Latin acronym in brackets right after a name.
_ACRONYM_DECL = re.compile(r"[ \u3000]*[（(][ \u3000]*(?P<abbr>[A-Z][A-Za-z&.\-]{1,11})[ \u3000]*[）)]")
_SENT_END = re.compile(r"[。！？\n]")


@dataclass(frozen=True, slots=True)
class OrgLink:
    """How one ORG mention was resolved (same order as the spans given to ``link``)."""

    start: int
    end: int
    text: str
    key: str
    name: str
    resolution: str  # name / alias / abbreviation / deictic
    parent_key: str | None = None


@dataclass(frozen=True, slots=True)
class Org:
    """One organisation of the document; ``name`` is the full (compound) name."""

    key: str
    name: str
    short_name: str
    parent_key: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonLink:
    start: int
    end: int
    org_key: str | None
    org_name: str | None


@dataclass
class Linking:
    """``mentions``: one per ORG mention given, in the same order, except the mentions that
    name no organisation and point at none (a legal form, suffix or generic word alone:
    株式会社, センター), which are listed in ``unlinked`` as (start, end)."""

    mentions: list[OrgLink] = field(default_factory=list)
    orgs: dict[str, Org] = field(default_factory=dict)
    people: list[PersonLink] = field(default_factory=list)
    abbreviations: dict[str, str] = field(default_factory=dict)
    unlinked: list[tuple[int, int]] = field(default_factory=list)

    def chain(self, key: str) -> list[str]:
        """Short names from the top organisation down to ``key`` (東北経済産業局 › 地域経済部 › 産業支援課)."""
        out, seen = [], set()
        while key and key in self.orgs and key not in seen:
            seen.add(key)
            out.append(self.orgs[key].short_name)
            key = self.orgs[key].parent_key
        return out[::-1]


@dataclass
class _Builder:
    orgs: dict[str, dict] = field(default_factory=dict)

    def add(self, name: str, short: str | None = None, parent: str | None = None) -> str | None:
        """Key of the organisation ``name`` (made when new); None for a bare legal form,
        suffix or generic word, which is never an organisation."""
        if bare_name(name):
            return None
        key = org_key(name)
        got = self.orgs.setdefault(key, {"name": name, "short": short or name, "parent": None, "aliases": []})
        if parent and not got["parent"] and org_key(parent) != key:
            got["parent"] = org_key(parent)
        return key

    def alias(self, key: str, alias: str) -> None:
        if alias != self.orgs[key]["name"] and alias not in self.orgs[key]["aliases"]:
            self.orgs[key]["aliases"].append(alias)

    def add_compound(self, name: str) -> str | None:
        """Add ``name`` and every parent its compound form names (東北経済産業局 › 地域経済部 ›
        産業支援課); the key of ``name``, or None when it is bare."""
        path, parent, key = "", None, None
        for part in split_compound(name):
            path += part
            key = self.add(path, part, parent) or key
            parent = path if key else parent
        return key if key == org_key(name) else None

    def ancestors(self, key: str) -> list[str]:
        out, seen = [], {key}
        while True:
            key = self.orgs.get(key, {}).get("parent")
            if not key or key in seen:
                return out
            seen.add(key)
            out.append(key)


def split_compound(name: str) -> list[str]:
    """Parts of a compound name whose later parts are units (局, 部, 課, 支部 ...).

    >>> split_compound("東北経済産業局地域経済部産業支援課")
    ['東北経済産業局', '地域経済部', '産業支援課']
    """
    if " " in name or "\u3000" in name:
        parts = _glue_bare(name.split())
        if len(parts) == 1:
            return split_compound(parts[0])
        if all(_suffix_at_end(p) for p in parts[1:]):
            return [q for p in parts for q in split_compound(p)]
    suf = suffixes()
    legal = legal_re()
    cuts = [0]
    i = 0
    while i < len(name):
        hit = None
        m = legal.match(name, i)  # a legal form is one word: 財団法人 is not 財団 + 法人
        if m:
            hit = m.end() - i
        else:
            for ln in range(min(8, len(name) - i), 0, -1):
                if name[i : i + ln] in suf:
                    hit = ln
                    break
        if hit:
            i += hit
            # Cut only where something named follows that itself ends in a unit suffix.
            if i < len(name) and i - cuts[-1] > hit:
                cuts.append(i)
        else:
            i += 1
    cuts.append(len(name))
    parts = [name[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]
    # Merge back pieces that are not "stem + suffix" units (keep 東北大学 whole).
    out = [parts[0]]
    for p in parts[1:]:
        s = _suffix_at_end(p)
        if s and suf.get(s) == "unit" and len(p) > len(s) and not bare_name(out[-1]):
            out.append(p)
        else:
            out[-1] += p
    return out


def _glue_bare(parts: list[str]) -> list[str]:
    """Space-separated pieces with each bare one (a legal form: 株式会社 東北ヘルスケア研究所)
    joined to the piece after it, or the last one to the piece before it."""
    out: list[str] = []
    carry = ""
    for p in parts:
        if bare_name(p):
            carry += p
            continue
        out.append(carry + p)
        carry = ""
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out


@cache
def _known_short_forms() -> dict[str, str]:
    return dict(ln.split("\t")[:2] for ln in data_lines("org_short_forms.tsv"))


# Short endings and the full endings they stand for: 広島大 -> 広島大学, 仙台高専 -> 仙台高等専門学校.
_SHORT_ENDS = (("高専", "高等専門学校"), ("大", "大学"))


def _initials_tail(short: str, full: str) -> int | None:
    """Characters of ``full`` after the last one ``short`` is read from, when ``short`` is
    ``full``'s first character and then some of its characters in order (電通 in 電気通信:
    1); None when it is not."""
    if not short or not full or short[0] != full[0]:
        return None
    if len(short) == 1:
        return len(full) - 1
    at, last = len(full), None
    for ch in reversed(short[1:]):
        at = full.rfind(ch, 1, at)
        if at < 1:
            return None
        if last is None:
            last = at
    return len(full) - 1 - last


def _same_stem(short: str, full: str) -> bool:
    return any(
        short.endswith(se) and full.endswith(fe) and short[: -len(se)] == full[: -len(fe)]
        for se, fe in _SHORT_ENDS
    )


def is_short_form(short: str, full: str) -> bool:
    """Whether ``short`` is a newspaper short form of ``full``: 広島大 of 広島大学, 電通大 of
    電気通信大学, 東北工大 of 東北工業大学 (but 東北大 is not 東北工業大学, nor 広島大
    広島市立大学: a short form drops at most the last character of the name's last word).

    >>> [is_short_form(a, b) for a, b in [("広島大", "広島大学"), ("電通大", "電気通信大学"),
    ...                                    ("東北大", "東北工業大学"), ("東大", "東京大学")]]
    [True, True, False, True]
    """
    if _known_short_forms().get(short) == full:
        return True
    if short in _known_short_forms():
        return False
    for se, fe in _SHORT_ENDS:
        if short.endswith(se) and full.endswith(fe) and len(short) > len(se) and len(full) > len(fe):
            a, b = short[: -len(se)], full[: -len(fe)]
            if a == b:
                return True
            tail = _initials_tail(a, b) if len(a) >= 2 else None
            return tail is not None and tail <= 1
    return False


def _short_form_targets(values: list[str]) -> dict[str, str]:
    """Each short form among ``values`` (the named mentions of a document) and the one full
    name among them (or among their parents) it stands for."""
    fulls = set()
    for v in values:
        path = ""
        for part in split_compound(v):
            path += part
            fulls.add(path)
    out = {}
    for v in set(values):
        if not v.endswith(("大", "高専")):
            continue
        hits = sorted(f for f in fulls if f != v and is_short_form(v, f))
        exact = [f for f in hits if _same_stem(v, f)]
        if len(hits) == 1 or len(exact) == 1:
            out[v] = (exact or hits)[0]
    return out


def _suffix_at_end(part: str) -> str | None:
    for ln in range(min(8, len(part)), 0, -1):
        if part[-ln:] in suffixes():
            return part[-ln:]
    return None


def _deictic_suffix(text: str) -> tuple[str, str]:
    """(kind, suffix) of a deictic mention: 当室 -> (self, 室), 同機構 -> (anaphor, 機構)."""
    for prefix, kind in sorted(deictic_prefixes().items(), key=lambda kv: -len(kv[0])):
        if text.startswith(prefix) and len(text) > len(prefix):
            return kind, text[len(prefix) :]
    return "self", text[1:]


def _line_of(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


def link(
    text: str, orgs: list[Span], people: list[Span] = (), *, byline_orgs: list[tuple[int, str]] = ()
) -> Linking:
    """Resolve ORG mentions to organisations and attach people to them.

    >>> t = "中小企業基盤整備機構（略称:中小機構）は誕生した。中小機構では"
    >>> from pipeline.entities.orgs import find_orgs
    >>> [(m.text, m.name, m.resolution) for m in link(t, find_orgs(t)).mentions][-1]
    ('中小機構', '中小企業基盤整備機構', 'abbreviation')
    """
    b = _Builder()
    order = sorted(range(len(orgs)), key=lambda k: orgs[k].start)
    by_end = {orgs[k].end: k for k in order if orgs[k].attrs.get("kind") != "deictic"}
    abbreviations: dict[str, str] = {}
    # 1. Abbreviations declared right after a name (the closing 」 of a quoted name allowed).
    for k in order:
        sp = orgs[k]
        if sp.attrs.get("kind") == "deictic":
            continue
        after = sp.end + (1 if text[sp.end : sp.end + 1] in ("」", "』") else 0)
        m = _ABBR_DECL.match(text, after) or _ACRONYM_DECL.match(text, after)
        abbr = m.group("abbr") if m else short_form_declared(text, after, sp.text)
        if abbr and abbr != sp.value:
            abbreviations.setdefault(abbr, sp.value)
    del by_end
    # Mentions that name nothing (株式会社, センター alone) are resolved last, from the others.
    bare = [
        k
        for k in order
        if orgs[k].attrs.get("kind") != "deictic"
        and _value(orgs[k]) not in abbreviations
        and bare_name(_value(orgs[k]))
    ]
    skip = set(bare)
    # Newspaper short forms (広島大) of a full name in the same document (広島大学).
    short_forms = _short_form_targets(
        [_value(orgs[k]) for k in order if k not in skip and orgs[k].attrs.get("kind") != "deictic"]
    )
    # 2. Named mentions, their hierarchy (compound names) and aliases.
    links: list[OrgLink | None] = [None] * len(orgs)
    for k in order:
        sp = orgs[k]
        kind = sp.attrs.get("kind")
        if kind == "deictic" or k in skip:
            continue
        value = _value(sp)
        resolution, name = "name", value
        if value in abbreviations:
            resolution, name = "abbreviation", abbreviations[value]
        elif kind == "former_name":
            target = _sentence_subject(text, orgs, order, k)
            if target is not None:
                resolution, name = "alias", target
        elif value in short_forms:
            resolution, name = "alias", short_forms[value]
        key = b.add_compound(name)
        if key is None:  # an abbreviation or alias standing for a bare word: the mention itself
            resolution, name = "name", value
            key = b.add_compound(name)
            if key is None:
                skip.add(k)
                bare.append(k)
                continue
        if resolution != "name":
            b.alias(key, value)
        links[k] = OrgLink(sp.start, sp.end, sp.text, key, name, resolution, b.orgs[key]["parent"])
    # 2b. A bare mention is a piece of the name it is written against (株式会社 + 東北ヘルスケア
    # 研究所), else refers back to the last organisation with its legal form or suffix.
    for k in sorted(bare, key=lambda k: orgs[k].start):
        lk = _resolve_bare(text, orgs[k], links, b)
        if lk is not None:
            links[k] = lk
    # 3. A unit on its own line under a line that is an organisation (contact blocks).
    line_end = {}
    for lk in links:
        if lk is not None:
            line_end[_line_of(text, lk.start)[1]] = lk  # the last mention of each line
    for k in order:
        lk = links[k]
        if lk is None or b.orgs[lk.key]["parent"]:
            continue
        a, e = _line_of(text, lk.start)
        if text[a : lk.start].strip() or text[lk.end : e].strip() or a == 0:
            continue
        pa, pe = _line_of(text, a - 1)
        pj = line_end.get(pe)
        if (
            pj
            and pj.start >= pa
            and LABEL_ONLY.match(text, pa, pj.start)
            and not text[pj.end : pe].strip()
            and pj.key != lk.key
            and suffixes().get(_suffix_at_end(lk.name) or "") == "unit"
        ):
            b.orgs[lk.key]["parent"] = pj.key
    # 4. Deictic references.
    bylines = sorted(byline_orgs) or sorted(
        (p.start, p.attrs.get("org_text")) for p in people if p.rule == "byline" and p.attrs.get("org_text")
    )
    byline_keys = []
    for off, nm in bylines:
        nm2 = re.sub(r"\s+", "", abbreviations.get(nm, nm))
        key = b.add_compound(short_forms.get(nm2, nm2))
        if key is not None:
            byline_keys.append((off, key))
    for k in order:
        sp = orgs[k]
        if sp.attrs.get("kind") != "deictic":
            continue
        key = _resolve_deictic(text, sp, k, order, links, b, byline_keys)
        name = b.orgs[key]["name"] if key else sp.text
        links[k] = OrgLink(
            sp.start,
            sp.end,
            sp.text,
            key or org_key(sp.text),
            name,
            "deictic",
            b.orgs[key]["parent"] if key else None,
        )
    # 5. A deictic written right before a unit is its parent (当局産業クラスター計画推進室).
    deictic_end = {lk.end: lk for lk in links if lk is not None and lk.resolution == "deictic"}
    for k in order:
        lk = links[k]
        if lk is None or lk.resolution == "deictic" or b.orgs[lk.key]["parent"]:
            continue
        pj = deictic_end.get(lk.start)
        if pj is not None and pj.key in b.orgs:
            b.orgs[lk.key]["parent"] = pj.key
    links = [
        lk
        if lk is None or lk.resolution == "deictic" or lk.key not in b.orgs
        else OrgLink(lk.start, lk.end, lk.text, lk.key, lk.name, lk.resolution, b.orgs[lk.key]["parent"])
        for lk in links
    ]
    # 6. People: the organisation written next to them, resolved like a mention.
    plinks = []
    at = {(lk.start, lk.end): lk for lk in links if lk is not None}
    ending = {lk.end: lk for lk in links if lk is not None}
    for p in people:
        org_text = p.attrs.get("org_text")
        if not org_text:
            # An organisation mention right before the name, or before の, when the person
            # has a title or an honorific (当機構の佐々木理事長, NTTの松原実穂子さん).
            lk = ending.get(p.start - 1) if text[p.start - 1 : p.start] == "の" else ending.get(p.start)
            if lk is not None and lk.key in b.orgs and (p.attrs.get("title") or p.attrs.get("honorific")):
                plinks.append(PersonLink(p.start, p.end, lk.key, b.orgs[lk.key]["name"]))
            else:
                plinks.append(PersonLink(p.start, p.end, None, None))
            continue
        # The organisation is a mention linked already (当機構の佐々木理事長: a reference
        # resolved to the organisation it means).
        lk = at.get((p.attrs.get("org_start"), p.attrs.get("org_end")))
        if lk is not None and lk.key in b.orgs:
            plinks.append(PersonLink(p.start, p.end, lk.key, b.orgs[lk.key]["name"]))
            continue
        nm = re.sub(r"\s+", "", org_text)
        nm = abbreviations.get(nm, nm)
        nm = short_forms.get(nm, nm)
        key = org_key(nm)
        if key not in b.orgs:
            key = b.add_compound(nm)
        if key is None:  # 株式会社 alone names no organisation
            plinks.append(PersonLink(p.start, p.end, None, None))
            continue
        plinks.append(PersonLink(p.start, p.end, key, b.orgs[key]["name"]))
    final = {
        key: Org(key, v["name"], v["short"], v["parent"], tuple(v["aliases"])) for key, v in b.orgs.items()
    }
    unlinked = [(orgs[k].start, orgs[k].end) for k in range(len(orgs)) if links[k] is None]
    return Linking([lk for lk in links if lk is not None], final, plinks, abbreviations, unlinked)


def _value(sp: Span) -> str:
    return sp.value or re.sub(r"\s+", "", sp.text)


_GAP = re.compile(r"[ \u3000]?")


def _resolve_bare(text: str, sp: Span, links, b: _Builder) -> OrgLink | None:
    """The organisation a bare mention belongs to (see ``link``), or None."""
    named = [lk for lk in links if lk is not None and lk.resolution != "deictic"]
    for lk in named:  # written against it, with at most one space between
        if _GAP.fullmatch(text, sp.end, lk.start) or _GAP.fullmatch(text, lk.end, sp.start):
            return OrgLink(sp.start, sp.end, sp.text, lk.key, lk.name, "alias", lk.parent_key)
    word = unicodedata.normalize("NFKC", re.sub(r"\s+", "", sp.text))
    for lk in reversed([lk for lk in named if lk.end <= sp.start]):
        name = unicodedata.normalize("NFKC", lk.name)
        if word in name and (name.endswith(word) or name.startswith(word)):
            return OrgLink(sp.start, sp.end, sp.text, lk.key, lk.name, "deictic", lk.parent_key)
    return None


def _sentence_subject(text, orgs, order, k) -> str | None:
    """The organisation named earlier in the same sentence (for a former name)."""
    sp = orgs[k]
    starts = [m.end() for m in _SENT_END.finditer(text, 0, sp.start)]
    sent_start = starts[-1] if starts else 0
    for j in reversed(order):
        o = orgs[j]
        if o.end <= sp.start and o.start >= sent_start and o.attrs.get("kind") == "name":
            return o.value
    return None


def _resolve_deictic(text, sp, k, order, links, b, byline_keys) -> str | None:
    kind, suffix = _deictic_suffix(sp.text)
    if sp.text in ("当局",):
        kind, suffix = "self", "局"

    def fits(key):
        return b.orgs[key]["name"].endswith(suffix) or b.orgs[key]["short"].endswith(suffix)

    # The writer's own office: the byline of the article the reference sits in, or one of
    # its parents (当局 in an article by a 局's 室 is that 局).
    scope_start = 0
    if kind == "self" and byline_keys:
        own = [bk for off, bk in byline_keys if off <= sp.start]
        if own:
            scope_start = max(off for off, _ in byline_keys if off <= sp.start)
            for key in [own[-1], *b.ancestors(own[-1])]:
                if fits(key):
                    return key
    before = [
        links[j]
        for j in order
        if links[j] is not None
        and links[j].resolution != "deictic"
        and scope_start <= links[j].start < sp.start
    ]
    after = [
        links[j]
        for j in order
        if links[j] is not None and links[j].resolution != "deictic" and links[j].start > sp.end
    ]

    def candidates(seq):
        out = []
        for lk in seq:
            for key in [lk.key, *b.ancestors(lk.key)]:
                if key in b.orgs and fits(key):
                    out.append(key)
                    break
        return out

    cands = candidates(before)
    if kind == "anaphor":
        if cands:
            return cands[-1]
        return (candidates(after) or [None])[0]
    if cands:
        # 当室/本協議会 refer to the office the text is about: the one named most, then the
        # nearest (a contrasting 当局産業クラスター計画推進室 next to 当室 does not win).
        counts = Counter(cands)
        best = max(counts.values())
        for key in reversed(cands):
            if counts[key] == best:
                return key
    return (candidates(after) or [None])[0]


__all__ = ["Linking", "Org", "OrgLink", "PersonLink", "link", "split_compound"]
