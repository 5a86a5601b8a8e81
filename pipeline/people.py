"""People with job titles: bylines (産学官連携推進室 室長 千葉 康典) and prose (課長の山田太郎氏)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import numpy as np

from pipeline.orgs import find_orgs, suffixes
from pipeline.spans import PERSON, Span

_DATA = "pipeline.data"
_NAME = r"[\u4e00-\u9fff\uf900-\ufaff々ヶ〆\u3041-\u309f\u30a1-\u30fa\u30fc]"
_SP = r"[ \u3000]"
_HONORIFICS = {"氏", "さん", "様", "殿", "君", "先生"}


@cache
def job_titles() -> tuple[str, ...]:
    """Job-title words, longest first (the structure stage's list, else our fallback)."""
    root = resources.files(_DATA)
    for name in ("job_titles.txt", "org_person_titles.txt"):
        path = root.joinpath(name)
        if path.is_file():
            words = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
                     if ln.strip() and not ln.startswith("#")]
            return tuple(sorted(set(words), key=len, reverse=True))
    return ()


@cache
def _byline_re() -> re.Pattern:
    titles = "|".join(map(re.escape, job_titles()))
    # [organisation] title family given, one line, fields split by single spaces; a title
    # may be a compound that ends in a title word (地域経済活性化推進役).
    return re.compile(
        rf"^[ \t\u3000]*(?:(?P<org>[^\s]{{2,40}}?){_SP}+)?"
        rf"(?P<title>[^\s]{{0,20}}?(?:{titles})){_SP}+"
        rf"(?P<family>{_NAME}{{1,5}}){_SP}+(?P<given>{_NAME}{{1,5}})[ \t\u3000]*$",
        re.M,
    )


# The end every byline has: family and given name after a space, closing the line.  Tried at
# every line start, the byline pattern costs as much on prose as on newsletters; this one opens
# with a space, so the regex engine skips to the next space, and only the few lines it matches
# get the full pattern.
_BYLINE_TAIL = re.compile(rf"{_SP}{_NAME}{{1,5}}{_SP}+{_NAME}{{1,5}}[ \t\u3000]*$", re.M)


def _line_org(line: str) -> str | None:
    """The line itself when it is just an organisation name (a byline's first line)."""
    s = line.strip()
    if not s or len(s) > 60:
        return None
    spans = [sp for sp in find_orgs(s) if sp.attrs.get("kind") == "name"]
    if spans and spans[-1].end == len(s) and spans[0].start == 0:
        return s
    return None


def _person(text, s, e, family, given, title, org_text, rule) -> Span:
    name = (family or "") + (given or "")
    attrs = {"name": name, "family_name": family, "given_name": given, "title": title,
             "org_text": org_text}
    return Span(s, e, PERSON, text[s:e], name, rule, attrs)


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
        org = m.group("org")
        if org is None:
            # The organisation often stands on the line above (中小企業基盤整備機構東北支部).
            line_start = m.start()
            prev_end = text.rfind("\n", 0, line_start)
            if prev_end > 0:
                prev_start = text.rfind("\n", 0, prev_end) + 1
                org = _line_org(text[prev_start:prev_end])
        out.append(_person(text, m.start("family"), m.end("given"), m.group("family"),
                           m.group("given"), m.group("title"), org, "byline"))
    return out


def _prose(text: str, tokens, taken) -> list[Span]:
    # Only a family name (人名, 姓) opens a mention, and most texts have few: find them on the
    # column codes rather than looking at every token in Python.
    n = len(tokens)
    person = tokens.value_mask("pos3", {"人名"})
    given_name = person & tokens.value_mask("pos4", {"名"})
    families = np.flatnonzero(person & tokens.value_mask("pos4", {"姓"}))
    if not len(families):
        return []
    start = tokens.table.column("start").to_numpy()
    end = tokens.table.column("end").to_numpy()
    # The next token is the given name when it is one (人名, 名) written without a gap.
    nxt = np.minimum(families + 1, n - 1)
    with_given = (families + 1 < n) & given_name[nxt] & (end[families] == start[nxt])
    sf = tokens.view("surface")
    out = []
    done = 0  # tokens before this belong to a name already read
    for fam_k, giv in zip(families.tolist(), with_given.tolist()):
        if fam_k < done:
            continue
        giv_k = fam_k + 1 if giv else None
        last = giv_k if giv_k is not None else fam_k
        done = last + 1
        s, e = int(start[fam_k]), int(end[last])
        title = org_text = None
        # Title before: 課長の山田太郎氏 / 産業支援課長 山田太郎 (a title may be several tokens).
        before = s
        if fam_k >= 1 and sf[fam_k - 1] == "の":
            before = int(start[fam_k - 1])
        m = _title_end_re().search(text, max(0, before - 20), before)
        if m and (start == m.start()).any():
            title, org_text = m.group(0), _org_before(text, tokens, m.start(), m.group(0))
        # Title after: 山田太郎課長
        a = last + 1
        if title is None:
            m = _title_start_re().match(text, e)
            if m and (end == m.end()).any():
                title = m.group(0)
        honorific = a < n and sf[a] in _HONORIFICS
        if title is None and not honorific:
            continue
        if not any(x < e and s < y for x, y in taken):
            given = sf[giv_k] if giv_k is not None else None
            out.append(_person(text, s, e, sf[fam_k], given, title, org_text, "prose"))
    return out


@cache
def _title_end_re() -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, job_titles())) + r")\Z")


@cache
def _title_start_re() -> re.Pattern:
    return re.compile("|".join(map(re.escape, job_titles())))


def _org_before(text, tokens, title_start, title) -> str | None:
    """Organisation written right before a title (産業支援課長 -> 産業支援課, 経済産業省の局長)."""
    start, end, p1 = tokens.start, tokens.end, tokens.view("pos1")
    import bisect

    k = bisect.bisect_left(end, title_start)
    if k >= len(end) or end[k] != title_start:
        return None
    if tokens.view("surface")[k] == "の":
        k -= 1
    j = k
    while j >= 0 and p1[j] in ("名詞", "接頭辞", "接尾辞") and (j == k or end[j] == start[j + 1]):
        j -= 1
    if j == k:
        return None
    chain = text[start[j + 1]:end[k]]
    # 産業支援課長: the unit (課) is the title's first character.
    if end[k] == title_start and title[:-1] in suffixes():
        return chain + title[:-1]
    spans = [sp for sp in find_orgs(chain) if sp.attrs.get("kind") == "name"]
    return spans[-1].text if spans and spans[-1].end == len(chain) else None


def find_people(text: str, tokens=None) -> list[Span]:
    """People with a job title or honorific (value = name without spaces).

    >>> [(s.value, s.attrs["title"]) for s in find_people("産学官連携推進室 室長 千葉 康典")]
    [('千葉康典', '室長')]
    """
    spans = _bylines(text)
    if tokens is None:
        from pipeline.tokens import tokenize

        tokens = tokenize(text)
    spans += _prose(text, tokens, [(sp.start, sp.end) for sp in spans])
    return sorted(spans, key=lambda sp: sp.start)


__all__ = ["find_people", "job_titles"]
