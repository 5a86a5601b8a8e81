"""People named with strong evidence: a job title, an honorific, an organisation or a label.

Shapes: bylines (産学官連携推進室 室長 千葉 康典), lists (大会長 小濱一弘、実行委員長 大石博海),
an organisation then the name (新潟大学 川崎一正), a name then its title (岩田啓靖学長, 中国経済
産業局の奥村和夫局長), runs of name, organisation and title (貞廣昌利福島県電子機械工業会会長),
letter-spaced and line-wrapped names (青葉区長 菅 原 正 志), foreign names (ユッタ・バストル大使),
labels (講師：…教授 山田太郎) and, once a full name is known, its family name alone (山田は).

Every span covers the name only; its attrs hold the name's parts, the title, the organisation
as written (``org_text``, with ``org_start``/``org_end`` offsets into the text), the honorific,
the role a label gives and ``person_key`` (the full name the mention belongs to).  A word
MeCab tags as a person's name with none of that evidence is left to the statistical model.

The package: :mod:`.words` (word lists and patterns), :mod:`.context` (what the rules read of
the tokens), :mod:`.fields` (titles and organisations around a name), :mod:`.prose` (names in
running text), :mod:`.layouts` (bylines, lists, rosters, spaced, foreign and Latin names),
:mod:`.merge` (with the named-entity model) and :mod:`.rows` (the ``people`` table).
"""

from __future__ import annotations

from pipeline.base.vocab import job_titles, person_titles
from pipeline.document.spans import Span
from pipeline.entities.people.context import _Ctx, _Taken
from pipeline.entities.people.fields import _names_under_titles
from pipeline.entities.people.layouts import (
    _DOTS,
    _LATIN_NAME,
    _bylines,
    _foreign,
    _latin,
    _lists,
    _mentions,
    _roster,
    _spaced,
    _unknown_names,
)
from pipeline.entities.people.merge import foreign_names, merge_people
from pipeline.entities.people.prose import _prose
from pipeline.entities.people.rows import people_rows


def find_people(text: str, tokens=None) -> list[Span]:
    """People with a job title, honorific, organisation or label (value = name without spaces).

    >>> [(s.value, s.attrs["title"]) for s in find_people("産学官連携推進室 室長 千葉 康典")]
    [('千葉康典', '室長')]
    """
    if tokens is None:
        from pipeline.text.tokens import tokenize

        tokens = tokenize(text)
    taken = _Taken()
    for sp in _bylines(text):
        taken.add(sp)
    if _LATIN_NAME.search(text):
        for sp in _latin(text):
            taken.add(sp)
    if "(" in text or "（" in text:
        for sp in _roster(text):
            taken.add(sp)
    for sp in _names_under_titles(text):
        taken.add(sp)
    if len(tokens):
        ctx = _Ctx(text, tokens)
        # Each finder opens at something most texts lack: a name token, a ・ or ＝ or 氏 for
        # foreign names, a space after a title for spaced names.
        if _DOTS.search(text) or "氏" in text:
            for sp in _foreign(ctx):
                taken.add(sp)
        if ctx.person.any():
            for sp in _prose(ctx):
                taken.add(sp)
        if " " in text or "\u3000" in text:
            for sp in _spaced(ctx, taken):
                taken.add(sp)
        if " " in text or "\u3000" in text:
            for sp in _unknown_names(text, taken):
                taken.add(sp)
        if taken.spans:
            _lists(ctx, taken)
            _mentions(ctx, taken)
    return list(taken.spans)


__all__ = ["find_people", "foreign_names", "job_titles", "merge_people", "people_rows", "person_titles"]
