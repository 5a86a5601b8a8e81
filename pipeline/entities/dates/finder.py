"""The finder: :func:`find_dates`, every date expression of a text as a DATE span with its
interval, TIMEX3 value and attributes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

from pipeline.document.spans import DATE, Span
from pipeline.entities.dates.expressions import _apposition, _candidates, _Expr, _ranges, _select, _trim
from pipeline.entities.dates.modifiers import _decorate
from pipeline.entities.dates.resolve import _Ctx, _era_at, _last, _res, _resolve, _resolve_range_parts
from pipeline.entities.dates.words import _ATTR_KEYS, _fold

# ---------------------------------------------------------------- public API


# The pipeline calls find_dates twice on a piece, the second time with the document date as
# anchor; what is matched does not depend on the anchor, so the last pieces' expressions are
# kept (immutable: a tuple of frozen _Expr) and only the resolution is redone.
@lru_cache(maxsize=4)
def _expressions(text: str) -> tuple[_Expr, ...]:
    folded = _fold(text)
    exprs = _ranges(folded, _apposition([_trim(folded, e) for e in _select(_candidates(folded))]))
    return tuple(_decorate(folded, e) for e in exprs)


def find_dates(text: str, *, anchor: dt.date | None = None) -> list[Span]:
    """Find date expressions in ``text`` as DATE spans with ISO values and inclusive intervals.

    >>> [(s.text, s.value) for s in find_dates("平成 17 年1月 25 日、平成16年3月末、17年度")]
    [('平成 17 年1月 25 日', '2005-01-25'), ('平成16年3月末', '2004-03-31'), ('17年度', 'FY2005')]
    """
    exprs = _expressions(text)
    ctx = _Ctx(anchor)
    if anchor is not None:
        a = _era_at(anchor)
        ctx.era = a.name if a else None
    spans: list[Span] = []
    for e in exprs:
        parts = None
        try:
            if e.to:
                parts = _resolve_range_parts(e, ctx)
                r = None if parts is None else parts[1]
            else:
                r = _resolve(e, ctx)
        except (ValueError, OverflowError):
            # A year the calendar cannot hold (a garbled numeral: 昭和二〇〇五千九百年 is
            # year 2,007,825): the text is still a date mention, kept invalid and without
            # an interval, like 2月30日, instead of failing the whole document.
            r = _res(
                None,
                e.m,
                e.d,
                "year" if e.m is None else "month" if e.d is None else "day",
                None,
                None,
                valid=False,
                value=None,
            )
        if r is None:
            continue
        if e.era is not None and e.rule != "range_end" and not e.unknown_era and e.unit != "era":
            ctx.era = e.era
        if not r["relative"] or r["start_date"] is not None:
            ctx.last = _last(r, e.end) or ctx.last
        if parts is not None:  # a range: two mentions, each with its own interval
            a_expr = replace(e, end=e.head_end, to=None)
            spans.append(_span(text, a_expr, parts[0], e.rule, "start"))
            spans.append(_span(text, e.to, parts[1], "range_end", "end"))
        else:
            spans.append(_span(text, e, r, e.rule, None))
    return spans


def _span(text: str, e: _Expr, r: dict, rule: str, role: str | None) -> Span:
    value = r.pop("_value")
    mod = e.mod or r.get("mod")
    attrs = {k: r.get(k) for k in _ATTR_KEYS}
    attrs.update(
        mod=mod,
        mod_text=e.mod_text if e.mod else None,
        range_role=role,
        start_time=e.times[0] if e.times else None,
        end_time=e.times[1] if e.times else None,
    )
    return Span(e.start, e.end, DATE, text[e.start : e.end], value, rule, attrs)
