"""The finder: :func:`find_structure`, a text's blocks, articles, sentences and title."""

from __future__ import annotations

from pipeline.base.line_shapes import shape
from pipeline.stages.structure.articles import _article_starts, _headline_list, _resolve_lists
from pipeline.stages.structure.blocks import _draft_blocks
from pipeline.stages.structure.kinds import (
    _OUTSIDE,
    _SHORT,
    CONTACT,
    DATELINE,
    HEADING,
    NOTICE,
    PARAGRAPH,
    TITLE,
    Article,
    Block,
    Sentence,
    Structure,
)
from pipeline.stages.structure.sentences import _line_spans, _sentence_spans


def find_structure(text: str, *, repeated_lines: frozenset[str] = frozenset()) -> Structure:
    """Find blocks, articles, sentences and the title of a newsletter page.

    >>> s = find_structure("お知らせ\\n総務課 課長 山田 太郎\\n本日は晴天です。明日も晴れ。")
    >>> [b.kind for b in s.blocks], s.articles[0].author_name, len(s.sentences)
    (['title', 'byline', 'paragraph'], '山田 太郎', 4)
    """
    repeated = frozenset(x.strip() for x in repeated_lines)
    drafts = _draft_blocks(text, repeated)
    _resolve_lists(text, drafts)
    _headline_list(text, drafts)
    starts = _article_starts(text, drafts)
    # Two rules may open an article at the same block; keep the first.
    starts = [st for k, st in enumerate(starts) if k == 0 or st[0] != starts[k - 1][0]]
    for d in drafts:
        if d.kind == _SHORT:
            d.kind = HEADING
    owner: list[int | None] = [None] * len(drafts)
    for a, (first, _, _) in enumerate(starts):
        stop = starts[a + 1][0] if a + 1 < len(starts) else len(drafts)
        for i in range(first, stop):
            if drafts[i].kind not in _OUTSIDE:
                owner[i] = a
    # The publisher's colophon (発行：…) after the last article belongs to the page, not to it.
    tail = [i for i, d in enumerate(drafts) if d.kind not in _OUTSIDE][-1:]
    if tail and drafts[tail[0]].kind == CONTACT and shape("colophon").match(text, drafts[tail[0]].start):
        owner[tail[0]] = None
    blocks = [Block(d.start, d.end, d.kind, owner[i], d.rule) for i, d in enumerate(drafts)]
    owned: dict[int, list[int]] = {}
    for i, o in enumerate(owner):
        if o is not None:
            owned.setdefault(o, []).append(i)
    articles = []
    for a, (first, title_i, byline_i) in enumerate(starts):
        mine = owned.get(a, [])
        org = job = name = None
        if byline_i is None:
            byline_i = next((i for i in mine if drafts[i].rule == "credit"), None)
        if byline_i is not None and drafts[byline_i].byline:
            org, job, name = drafts[byline_i].byline
        dateline_i = next((i for i in mine if drafts[i].kind == DATELINE), None)
        articles.append(
            Article(
                index=a,
                start=drafts[first].start,
                end=drafts[mine[-1]].end if mine else drafts[first].end,
                title_block=title_i,
                byline_block=byline_i,
                title=text[drafts[title_i].start : drafts[title_i].end] if title_i is not None else None,
                author_org=org,
                author_title=job,
                author_name=name,
                dateline_block=dateline_i,
                dateline=text[drafts[dateline_i].start : drafts[dateline_i].end]
                if dateline_i is not None
                else None,
            )
        )
    sentences = []
    for i, b in enumerate(blocks):
        if b.kind in _OUTSIDE:
            continue
        spans = (
            _sentence_spans(text, b.start, b.end)
            if b.kind in (PARAGRAPH, NOTICE)
            else _line_spans(text, b.start, b.end)
        )
        sentences += [Sentence(s, e, i) for s, e in spans]
    doc_title = next((text[b.start : b.end] for b in blocks if b.kind == TITLE and b.article is None), None)
    if doc_title is None and articles:
        doc_title = articles[0].title
    return Structure(blocks=blocks, articles=articles, sentences=sentences, title=doc_title)
