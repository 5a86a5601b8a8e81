"""Linking ORG and PERSON mentions: abbreviations, deictic references, hierarchy, keys."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.orgs import LABEL_ONLY, deictic_prefixes, org_key, suffixes
from pipeline.spans import Span

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
    mentions: list[OrgLink] = field(default_factory=list)
    orgs: dict[str, Org] = field(default_factory=dict)
    people: list[PersonLink] = field(default_factory=list)
    abbreviations: dict[str, str] = field(default_factory=dict)

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

    def add(self, name: str, short: str | None = None, parent: str | None = None) -> str:
        key = org_key(name)
        got = self.orgs.setdefault(key, {"name": name, "short": short or name, "parent": None,
                                         "aliases": []})
        if parent and not got["parent"] and org_key(parent) != key:
            got["parent"] = org_key(parent)
        return key

    def alias(self, key: str, alias: str) -> None:
        if alias != self.orgs[key]["name"] and alias not in self.orgs[key]["aliases"]:
            self.orgs[key]["aliases"].append(alias)

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
        parts = name.split()
        if all(_suffix_at_end(p) for p in parts[1:]):
            return [q for p in parts for q in split_compound(p)] if len(parts) > 1 else parts
    suf = suffixes()
    cuts = [0]
    i = 0
    while i < len(name):
        hit = None
        for ln in range(min(8, len(name) - i), 0, -1):
            if name[i:i + ln] in suf:
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
        if s and suf.get(s) == "unit" and len(p) > len(s):
            out.append(p)
        else:
            out[-1] += p
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
            return kind, text[len(prefix):]
    return "self", text[1:]


def _line_of(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


def link(text: str, orgs: list[Span], people: list[Span] = (), *,
         byline_orgs: list[tuple[int, str]] = ()) -> Linking:
    """Resolve ORG mentions to organisations and attach people to them.

    >>> t = "中小企業基盤整備機構（略称:中小機構）は誕生した。中小機構では"
    >>> from pipeline.orgs import find_orgs
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
        after = sp.end + (1 if text[sp.end:sp.end + 1] in ("」", "』") else 0)
        m = _ABBR_DECL.match(text, after) or _ACRONYM_DECL.match(text, after)
        if m and m.group("abbr") != sp.value:
            abbreviations.setdefault(m.group("abbr"), sp.value)
    del by_end
    # 2. Named mentions, their hierarchy (compound names) and aliases.
    links: list[OrgLink | None] = [None] * len(orgs)
    for k in order:
        sp = orgs[k]
        kind = sp.attrs.get("kind")
        if kind == "deictic":
            continue
        value = sp.value or re.sub(r"\s+", "", sp.text)
        resolution, name = "name", value
        if value in abbreviations:
            resolution, name = "abbreviation", abbreviations[value]
        elif kind == "former_name":
            target = _sentence_subject(text, orgs, order, k)
            if target is not None:
                resolution, name = "alias", target
        parts = split_compound(name)
        path = ""
        parent = None
        for part in parts:
            path += part
            key = b.add(path, part, parent)
            parent = path
        if resolution != "name":
            b.alias(org_key(name), value)
        links[k] = OrgLink(sp.start, sp.end, sp.text, org_key(name), name, resolution,
                           b.orgs[org_key(name)]["parent"])
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
        if text[a:lk.start].strip() or text[lk.end:e].strip() or a == 0:
            continue
        pa, pe = _line_of(text, a - 1)
        pj = line_end.get(pe)
        if pj and pj.start >= pa and LABEL_ONLY.match(text, pa, pj.start) \
                and not text[pj.end:pe].strip() and pj.key != lk.key \
                and suffixes().get(_suffix_at_end(lk.name) or "") == "unit":
            b.orgs[lk.key]["parent"] = pj.key
    # 4. Deictic references.
    bylines = sorted(byline_orgs) or sorted(
        (p.start, p.attrs.get("org_text")) for p in people
        if p.rule == "byline" and p.attrs.get("org_text"))
    byline_keys = []
    for off, nm in bylines:
        nm2 = abbreviations.get(nm, nm)
        path, parent = "", None
        for part in split_compound(re.sub(r"\s+", "", nm2)):
            path += part
            b.add(path, part, parent)
            parent = path
        byline_keys.append((off, org_key(path)))
    for k in order:
        sp = orgs[k]
        if sp.attrs.get("kind") != "deictic":
            continue
        key = _resolve_deictic(text, sp, k, order, links, b, byline_keys)
        name = b.orgs[key]["name"] if key else sp.text
        links[k] = OrgLink(sp.start, sp.end, sp.text, key or org_key(sp.text), name, "deictic",
                           b.orgs[key]["parent"] if key else None)
    # 5. A deictic written right before a unit is its parent (当局産業クラスター計画推進室).
    deictic_end = {lk.end: lk for lk in links if lk is not None and lk.resolution == "deictic"}
    for k in order:
        lk = links[k]
        if lk is None or lk.resolution == "deictic" or b.orgs[lk.key]["parent"]:
            continue
        pj = deictic_end.get(lk.start)
        if pj is not None and pj.key in b.orgs:
            b.orgs[lk.key]["parent"] = pj.key
    links = [lk if lk.resolution == "deictic" or lk.key not in b.orgs
             else OrgLink(lk.start, lk.end, lk.text, lk.key, lk.name, lk.resolution,
                          b.orgs[lk.key]["parent"]) for lk in links]
    # 6. People: the organisation written next to them, resolved like a mention.
    plinks = []
    for p in people:
        org_text = p.attrs.get("org_text")
        if not org_text:
            plinks.append(PersonLink(p.start, p.end, None, None))
            continue
        nm = re.sub(r"\s+", "", org_text)
        nm = abbreviations.get(nm, nm)
        key = org_key(nm)
        if key not in b.orgs:
            path, parent = "", None
            for part in split_compound(nm):
                path += part
                b.add(path, part, parent)
                parent = path
        plinks.append(PersonLink(p.start, p.end, key, b.orgs[key]["name"]))
    final = {key: Org(key, v["name"], v["short"], v["parent"], tuple(v["aliases"]))
             for key, v in b.orgs.items()}
    return Linking(links, final, plinks, abbreviations)


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
    before = [links[j] for j in order if links[j] is not None and links[j].resolution != "deictic"
              and scope_start <= links[j].start < sp.start]
    after = [links[j] for j in order if links[j] is not None and links[j].resolution != "deictic"
             and links[j].start > sp.end]

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
