"""Where articles start and what their titles are: bylines and the line before them, lists
of headlines, a page's opening headings and its lead title."""

from __future__ import annotations

import re

from pipeline.base.line_shapes import MASTHEAD, shape
from pipeline.stages.structure.blocks import _Draft
from pipeline.stages.structure.kinds import (
    _OUTSIDE,
    _SHORT,
    _SHORT_MAX,
    BOILERPLATE,
    BYLINE,
    CAPTION,
    CONTACT,
    DATELINE,
    HEADING,
    NOTICE,
    PARAGRAPH,
    TITLE,
    TOC,
)
from pipeline.stages.structure.lines import _is_credit, _is_org_line

# ---------------------------------------------------------------- articles


def _adjacent(text: str, a: _Draft, b: _Draft) -> bool:
    """True when ``b`` starts on the line right after ``a`` ends (no blank line between)."""
    return text.count("\n", a.end, b.start) <= 1


_LEADING_PAGE_RE = re.compile(r"^(?:[pPｐＰ]\.?\s*)?[0-9０-９]{1,3}[ \u3000]+")


def _title_key(line: str) -> str:
    """A heading or TOC entry reduced to its words, for matching one against the other."""
    line = shape("toc_entry_end").sub("", line.strip())
    line = _LEADING_PAGE_RE.sub("", line)  # "2　巻頭言": a page number before the entry
    for name in ("heading_marker", "bullet_marker", "numbered"):
        m = shape(name).match(line)
        if m:
            line = line[m.end() :].lstrip()
    return re.sub(r"[\s\W_]+", "", line)


_STYLE_TABLE = str.maketrans(
    "0123456789０１２３４５６７８９①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳一二三四五六七八九十ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ",
    "0" * 20 + "①" * 20 + "一" * 10 + "Ⅰ" * 10,
)


def _list_style(line: str) -> str:
    """The numbering or marker of a line with its digits folded: ``1．`` and ``2．`` share one."""
    m = shape("numbered").match(line) or shape("heading_marker").match(line)
    return re.sub("0+", "0", m.group().translate(_STYLE_TABLE)) if m else ""


def _headline_list(text: str, drafts: list[_Draft]) -> None:
    """A table of contents without a 目次 label: adjacent short lines near the top of the
    page, each repeated later by a heading (a mail magazine lists its sections first)."""
    if any(d.rule == "toc" for d in drafts):
        return
    top = min(len(drafts), 12)

    def entry(k: int) -> bool:
        d = drafts[k]
        return (
            d.kind in (_SHORT, HEADING, PARAGRAPH)
            and d.lines == 1
            and len(d.last) <= _SHORT_MAX
            and "。" not in d.last
        )

    headings: dict[int, str] = {}  # keys of the short lines and headings, made once when needed

    def heading_keys_after(j: int) -> set[str]:
        if not headings:
            headings.update(
                (k, _title_key(d.last)) for k, d in enumerate(drafts) if d.kind in (_SHORT, HEADING)
            )
        return {key for k, key in headings.items() if k > j}

    i = 0
    while i < top:
        if not entry(i):
            i += 1
            continue
        j = i
        while j + 1 < top and entry(j + 1) and _adjacent(text, drafts[j], drafts[j + 1]):
            j += 1
        if j == i:  # one line alone is no list
            i += 1
            continue
        later_headings = heading_keys_after(j)
        keys = {k: _title_key(drafts[k].last) for k in range(i, j + 1)}
        listed = [k for k in range(i, j + 1) if keys[k] and keys[k] in later_headings]
        # the listed lines must be adjacent to one another (a masthead line may sit above them)
        if len(listed) >= 2 and listed == list(range(listed[0], listed[-1] + 1)):
            for k in listed:
                drafts[k].kind, drafts[k].rule = TOC, "toc"
            return
        i = j + 1


def _resolve_lists(text: str, drafts: list[_Draft]) -> None:
    """Numbered or marked short lines in a run are list items, and a short line under a
    colon or bracket heading is that heading's body, not another heading."""
    n = len(drafts)
    i = 0
    while i < n:
        d = drafts[i]
        if d.rule in ("numbered", "marker", "list_item"):
            j = i
            while (
                j + 1 < n
                and drafts[j + 1].rule in ("numbered", "marker", "list_item")
                and _adjacent(text, drafts[j], drafts[j + 1])
                and _list_style(drafts[j + 1].last) == _list_style(d.last)
            ):
                j += 1
            if j > i and any(drafts[k].rule != "list_item" for k in range(i, j + 1)):
                for k in range(i, j + 1):
                    drafts[k].kind, drafts[k].rule = PARAGRAPH, "list_item"
            i = j + 1
            continue
        if (
            d.kind == _SHORT
            and i + 2 < n
            and _adjacent(text, d, drafts[i + 1])
            and drafts[i + 1].kind == _SHORT
        ):
            # Three or more short lines in a row (a schedule, a list without marks) are text.
            j = i
            while j + 1 < n and drafts[j + 1].kind == _SHORT and _adjacent(text, drafts[j], drafts[j + 1]):
                j += 1
            # A masthead (報道発表資料 / date / organisation) is a short run too: at the top of
            # the page only a longer run counts.
            seen_text = any(x.kind == PARAGRAPH for x in drafts[:i])
            if j - i >= (1 if seen_text else 3):
                for k in range(i, j + 1):
                    drafts[k].kind, drafts[k].rule = PARAGRAPH, "short_run"
                i = j + 1
                continue
        if d.kind == _SHORT and i > 0:
            prev = drafts[i - 1]
            if (
                prev.kind == HEADING
                and prev.rule in ("colon", "bracket", "numbered")
                and _adjacent(text, prev, d)
            ):
                d.kind, d.rule = PARAGRAPH, "under_heading"
        i += 1


def _article_starts(text: str, drafts: list[_Draft]) -> list[tuple[int, int | None, int | None]]:
    """(first block, title block, byline block) of each article, in order; marks titles."""
    n = len(drafts)
    content = [i for i, d in enumerate(drafts) if d.kind not in _OUTSIDE]
    starts: list[tuple[int, int | None, int | None]] = []
    for i, d in enumerate(drafts):
        if d.kind != BYLINE:
            continue
        p = i - 1
        if (
            p >= 0
            and drafts[p].kind in (_SHORT, HEADING, CAPTION)
            and drafts[p].lines == 1
            and drafts[p].rule not in ("run_in", "colon_run_in", "bracket_run_in")
        ):
            drafts[p].kind, drafts[p].rule = TITLE, "before_byline"
            first = p
            label = drafts[p - 1] if p >= 1 else None
            if (
                label
                and label.kind == HEADING
                and label.rule in ("marker", "bracket")
                and _adjacent(text, label, drafts[p])
            ):
                first = p - 1  # a section label (◆ 巻頭言 ◆) right above the title opens the article
            starts.append((first, p, i))
        elif (
            d.lines == 1 and p >= 0 and (_is_credit(d.last) or drafts[p].kind in (PARAGRAPH, NOTICE, CAPTION))
        ):
            # A credit, or a signature under the text (東北センター所長 山田 太郎), closes the
            # article above; find_structure links it to that article.
            d.rule = "credit"
        else:
            starts.append((i, None, i))
    # A dateline (『中国新聞』2004年7月17日付) follows a reposted article's headline.
    for i, d in enumerate(drafts):
        if d.kind != DATELINE:
            continue
        p = next((k for k in range(i - 1, -1, -1) if drafts[k].kind not in _OUTSIDE), None)
        q = i + 1 if i + 1 < n else None
        if q is not None and _headline_after(text, drafts, q):
            # The dateline above its headline (『奥羽日報』2004年9月3日付 / the headline / the text).
            drafts[q].kind, drafts[q].rule = TITLE, "after_dateline"
            starts.append((i, q, None))
            if (
                p is not None
                and not any(st[0] < i for st in starts[:-1])
                and drafts[p].kind == _SHORT
                and all(drafts[k].kind in _OUTSIDE for k in range(p))
            ):
                # the reposting site's name above the first repost: page chrome, not a title
                drafts[p].kind, drafts[p].rule = BOILERPLATE, "site_name"
        elif p is not None and _title_line(drafts[p]):
            drafts[p].kind, drafts[p].rule = TITLE, "before_dateline"
            starts.append((p, p, None))
        elif all(st[0] != i for st in starts):
            starts.append((i, None, None))
    _opening_headings(drafts, starts)
    # A short line right after a separator line opens a new article ("line that starts one").
    for i in range(1, n):
        d = drafts[i]
        if (
            drafts[i - 1].rule == "separator"
            and d.kind in (_SHORT, HEADING)
            and d.rule != "colon"
            and not _masthead(drafts, i)
        ):
            nxt = next((x for x in drafts[i + 1 :] if x.kind not in _OUTSIDE), None)
            if nxt is not None and nxt.kind in (PARAGRAPH, NOTICE, CAPTION, CONTACT):
                d.kind, d.rule = TITLE, "after_separator"
                starts.append((i, i, None))
    # After a closing credit the next short line opens the next article (… 所長 山田 太郎 / 編集後記).
    for i, d in enumerate(drafts):
        if d.rule == "credit":
            j = next((k for k in range(i + 1, n) if drafts[k].kind not in _OUTSIDE), None)
            if j is not None and drafts[j].kind == _SHORT and all(st[0] != j for st in starts):
                nxt = next((x for x in drafts[j + 1 :] if x.kind not in _OUTSIDE), None)
                if nxt is not None and nxt.kind in (PARAGRAPH, NOTICE, CAPTION):
                    drafts[j].kind, drafts[j].rule = TITLE, "after_credit"
                    starts.append((j, j, None))
    _peer_titles(text, drafts, starts)
    # A heading that repeats an entry of the table of contents opens an article.
    toc_keys = {_title_key(d.last) for d in drafts if d.rule == "toc"} - {""}
    taken = {s[0] for s in starts} | {s[0] + 1 for s in starts}
    for i, d in enumerate(drafts):
        if toc_keys and i not in taken and d.kind in (_SHORT, HEADING) and d.rule not in ("run_in", "colon"):
            if _title_key(d.last) in toc_keys:
                d.kind, d.rule = TITLE, "toc_entry"
                starts.append((i, i, None))
    starts.sort()
    content = [i for i, d in enumerate(drafts) if d.kind not in _OUTSIDE]  # chrome may have grown
    if not content:
        return starts
    first = content[0]
    if not starts or first < starts[0][0]:
        lead = [i for i in content if not starts or i < starts[0][0]]
        if (
            starts
            and len(lead) == 1
            and drafts[lead[0]].kind == _SHORT
            and _adjacent(text, drafts[lead[0]], drafts[starts[0][0]])
        ):
            # A label right above the first title (研究ハイライト / the title): the article's section.
            drafts[lead[0]].kind, drafts[lead[0]].rule = HEADING, "section_label"
            starts[0] = (lead[0], *starts[0][1:])
        elif starts and all(drafts[i].kind in (_SHORT, HEADING) for i in lead):
            # Only short lines before the first bylined article: the document's own title, and
            # a label right above the first title (巻頭言) is that article's section.
            if drafts[lead[0]].kind == _SHORT:
                drafts[lead[0]].kind, drafts[lead[0]].rule = TITLE, "document_title"
            last = lead[-1]
            if (
                len(lead) > 1
                and drafts[last].kind == _SHORT
                and _adjacent(text, drafts[last], drafts[starts[0][0]])
            ):
                drafts[last].kind, drafts[last].rule = HEADING, "section_label"
                starts[0] = (last, *starts[0][1:])
        elif (
            starts
            and drafts[first].kind == _SHORT
            and _masthead(drafts, first)
            and len(lead) > 1
            and drafts[lead[1]].kind not in (_SHORT, HEADING)
        ):
            # A masthead (the name, its issue line) and a greeting before the first article:
            # the document's title and text outside any article.
            drafts[first].kind, drafts[first].rule = TITLE, "document_title"
        else:
            title, byline = _lead_title(text, drafts, lead)
            if (
                title is not None
                and title > first
                and (drafts[first].kind == _SHORT and starts or drafts[first].rule == "document_title")
            ):
                # Several articles: the masthead above the first one is the document's title.
                drafts[first].kind, drafts[first].rule = TITLE, "document_title"
                first = min(x for x in (title, byline) if x is not None)
            starts.insert(0, (first, title, byline))
    return starts


_LABELLED_TITLE_RE = re.compile(r"[^\s\u3000]{2,8}\u3000\S.{2,}")


def _peer_titles(text: str, drafts: list[_Draft], starts: list[tuple[int, int | None, int | None]]) -> None:
    """Later articles of a page without bylines or marks:

    - a short line written like the first article's title, a column label and the title set
      apart by an ideographic space (寄稿　地域の技術力を世界へ … 会員企業紹介　株式会社米沢電子);
    - a short line right after a figure's caption or a contact block, with text after it
      (the caption or the contact closes the article above it);
    - on a page whose first article opens with its title and byline, a short line set apart
      by a blank line after another article's text."""
    titled = [drafts[t] for _, t, _ in starts if t is not None]
    labelled = bool(titled) and _LABELLED_TITLE_RE.fullmatch(titled[0].last) is not None
    taken = {s[0] for s in starts}
    bylined = any(t is not None and b is not None and b == t + 1 for _, t, b in starts)
    for i in range(1, len(drafts) - 1):
        d = drafts[i]
        if i in taken or d.kind not in (_SHORT, HEADING) or d.rule not in ("short_line",) or d.lines != 1:
            continue
        nxt = drafts[i + 1]
        if nxt.kind not in (PARAGRAPH, NOTICE) and nxt.rule not in ("marker", "numbered", "list_item"):
            continue
        # on a page whose first article opens with title and byline, a line set apart by a
        # blank line after another article's text opens the next article
        after_text = (
            bylined
            and text.count("\n", drafts[i - 1].end, d.start) >= 2
            and (drafts[i - 1].kind in (PARAGRAPH, NOTICE, CONTACT) or drafts[i - 1].rule == "credit")
        )
        closed = drafts[i - 1].kind in (CAPTION, CONTACT)  # a figure or a contact closes an article
        if (labelled and _LABELLED_TITLE_RE.fullmatch(d.last)) or closed or after_text:
            d.kind, d.rule = TITLE, "peer_title"
            starts.append((i, i, None))


def _masthead(drafts: list[_Draft], i: int) -> bool:
    """Is draft ``i`` a masthead: it carries an issue number or date, or an issue line follows it?"""
    return bool(MASTHEAD.search(drafts[i].last)) or (
        i + 1 < len(drafts) and drafts[i + 1].rule == "issue_line"
    )


def _headline_after(text: str, drafts: list[_Draft], q: int) -> bool:
    """Is draft ``q``, right below a dateline, a headline (one or two lines with no full stop,
    maybe with commas: 射水高専と鋳物会社3社、廃砂を再利用…) with the text after it?"""

    def headline(d: _Draft) -> bool:
        return (
            d.kind in (_SHORT, HEADING, PARAGRAPH)
            and d.lines <= 2
            and "。" not in text[d.start : d.end]
            and d.end - d.start <= 60
            and d.rule not in ("bullet", "list_item")
        )

    d = drafts[q]
    if not headline(d) or q + 1 >= len(drafts):
        return False
    return drafts[q + 1].kind in (PARAGRAPH, _SHORT)


def _title_line(d: _Draft) -> bool:
    """A one-line short line or plain heading that could be an article's title."""
    return (
        d.kind in (_SHORT, HEADING)
        and d.lines == 1
        and d.rule not in ("run_in", "colon_run_in", "bracket_run_in")
    )


def _heading_style(d: _Draft) -> str:
    """The mark a heading is written with (■, 【】, 1．, (1)): headings of one style are peers."""
    if d.rule == "bracket":
        return d.last[:1]
    return _list_style(d.last)


def _opening_headings(drafts: list[_Draft], starts: list[tuple[int, int | None, int | None]]) -> None:
    """A marked heading that opens the page (■ 新年のご挨拶, 【はじめに】, 1．…) is the title of
    its article, and so is every later heading of the same style: the page is a sequence of
    such sections. Only on a page where no byline has opened an article already."""
    if starts:
        return
    content = [i for i, d in enumerate(drafts) if d.kind not in _OUTSIDE]
    # a masthead (the newsletter's name with its issue number or date) may come first; a
    # title line would make the headings below it that article's sections
    k = 0
    while k < len(content) and k < 3 and drafts[content[k]].kind == _SHORT:
        k += 1
    # the short lines above it are a masthead when one holds an issue number or date, or a
    # rule sets them apart; otherwise the first is the title of the one article below it
    masthead = any(MASTHEAD.search(drafts[content[x]].last) for x in range(k))
    if k and k < len(content) and not masthead:
        masthead = any(d.rule in ("separator", "issue_line") for d in drafts[: content[k]])
    if k and not masthead:
        k = 0
    if k == len(content):
        return
    first = drafts[content[k]]
    if first.kind != HEADING or first.rule not in ("marker", "bracket", "numbered"):
        return
    style, rule = _heading_style(first), first.rule
    for i in content[k:]:
        d = drafts[i]
        if d.kind == HEADING and d.rule == rule and _heading_style(d) == style:
            d.kind, d.rule = TITLE, "section_heading"
            starts.append((i, i, None))


def _lead_title(text: str, drafts: list[_Draft], lead: list[int]) -> tuple[int | None, int | None]:
    """Title and organisation-only byline of an article with no byline of its own.

    The title is the first short line of the last group (between blank lines) of short lines
    before the text starts: a press release's 報道発表資料 / date / 東北経済産業局 block comes
    first, its title after them.
    """
    shorts: list[int] = []
    for i in lead:
        if drafts[i].kind in (_SHORT, HEADING, TITLE):
            shorts.append(i)
        else:
            break
    if not shorts or drafts[shorts[0]].kind != _SHORT:
        return None, None
    groups: list[list[int]] = [[shorts[0]]]
    for a, b in zip(shorts, shorts[1:]):
        if _adjacent(text, drafts[a], drafts[b]):
            groups[-1].append(b)
        else:
            groups.append([b])
    g = groups[0]  # a masthead (the newsletter's name with its issue) is the page's title
    if (len(groups) > 1 or len(g) > 1) and drafts[g[0]].kind == _SHORT and _masthead(drafts, g[0]):
        drafts[g[0]].kind, drafts[g[0]].rule = TITLE, "document_title"
        if len(g) > 1:
            groups[0] = g[1:]
    candidates = [g for g in groups if drafts[g[0]].kind == _SHORT and not _is_org_line(drafts[g[0]].last)]
    if not candidates:
        return None, None
    title = candidates[-1][0] if len(groups) > 1 and len(candidates[-1]) == 1 else candidates[0][0]
    drafts[title].kind, drafts[title].rule = TITLE, "first_line"
    # The issuing organisation alone on its line, right after the title or in the block above.
    for j in (title + 1, title - 1, title - 2):
        if 0 <= j < len(drafts) and j in shorts and drafts[j].kind == _SHORT and _is_org_line(drafts[j].last):
            drafts[j].kind, drafts[j].rule, drafts[j].byline = (
                BYLINE,
                "org_only",
                (drafts[j].last, None, None),
            )
            return title, j
    return title, None
