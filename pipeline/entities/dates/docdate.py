"""A document's own date: inferred from its content (:func:`infer_doc_date`) or read from its
file name (:func:`date_from_filename`)."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.document.spans import Span
from pipeline.entities.dates.finder import find_dates
from pipeline.entities.dates.words import _clause, _tables

# ---------------------------------------------------------------- document date

_PAST = re.compile(
    r"(?:まし|され|し|でし|れ|っ|終了し|行っ|行われ)た|開催(?:し|され)|設立(?:し|され)|実施(?:し|され)|誕生"
)
_FUTURE = re.compile(
    r"予定|見込|計画して|目指|におきまして|を目途|までに|募集|開催します|行います|実施します|締切|予告|今後"
)
_EVENT = re.compile(
    r"シンポジウム|セミナー|フォーラム|講演会|説明会|研究会|展示会|大会|会議|式典|交流会|ワークショップ|見学会|開催"
)
_ISSUE = re.compile(r" {0,2}(?:号|発行|発刊|刊行|創刊)")
_AS_OF = re.compile(r" {0,2}(?:時点|現在)")  # 平成16年3月末時点で: a state already reached


def infer_doc_date(text: str, spans: list[Span] | None = None) -> tuple[dt.date | None, str]:
    """Infer the document's own date from its content; return (date, basis).

    >>> infer_doc_date("平成16年12月に開催しました。平成17年度に実施する予定です。")
    (datetime.date(2004, 12, 1), 'latest_past_event')
    """
    if spans is None:
        spans = find_dates(text)
    absolute = [s for s in spans if s.attrs["start_date"] and s.attrs["valid"] and not s.attrs["relative"]]
    for s in absolute:  # an issue header: 2005年1月号, 平成17年1月発行
        if _ISSUE.match(text, s.end):
            return s.attrs["start_date"], "issue_header"
    # A day that opens the text (2005年2月16日 第2013回例会 …): the meeting or notice the page
    # reports, which its 本日 and 今日 mean.
    lead = len(text) - len(text.lstrip())
    opening = next((s for s in absolute if s.start == lead and s.attrs.get("granularity") == "day"), None)
    if opening is not None and not _FUTURE.search(_clause(text, opening.end)):  # not a plan's day
        return opening.attrs["start_date"], "opening_date"
    past, future = [], []
    for i, s in enumerate(absolute):
        # the verb that governs a date follows it, before the sentence end or the next date
        nxt = absolute[i + 1].start if i + 1 < len(absolute) else len(text)
        tail = _clause(text, s.end)[: max(nxt - s.end, 0)]
        head = text[max(0, s.start - 40) : s.start]
        if _FUTURE.search(tail):
            future.append(s)
        elif _AS_OF.match(tail) or _PAST.search(tail) or _caption_event(head, tail):
            past.append(s)
    if past:
        # the document cannot predate the latest event it reports; take that (earliest) bound
        best = max(past, key=lambda s: s.attrs["start_date"])
        return best.attrs["start_date"], "latest_past_event"
    if future:
        first = min(s.attrs["start_date"] for s in future)
        return first - dt.timedelta(days=1), "before_earliest_plan"
    return None, "none"


def _caption_event(head: str, tail: str) -> bool:
    """A date in a caption next to an event name (シンポジウム ( 平成17年1月25日 盛岡市 )) reports it."""
    line_head = head.rsplit("\n", 1)[-1]
    return bool(_EVENT.search(line_head) and re.search(r"[(（]", line_head)) or bool(
        _EVENT.search(tail[:20]) and not _FUTURE.search(tail)
    )


_FILE_DATE = re.compile(
    r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})[-_.]?(?P<m>0[1-9]|1[0-2])(?:[-_.]?(?P<d>0[1-9]|[12][0-9]|3[01]))?(?![0-9])"
)
_FILE_ERA = re.compile(r"(?<![0-9A-Za-z])(?P<e>[HhSsRr])(?P<y>[0-9]{1,2})[-_.](?P<m>0?[1-9]|1[0-2])(?![0-9])")


def date_from_filename(name: str) -> dt.date | None:
    """Date written in a file name (2005-01_x.txt, news_200501.txt, h17_01.txt), first of month.

    >>> date_from_filename("news_200501.txt"), date_from_filename("980-8403.txt")
    (datetime.date(2005, 1, 1), None)
    """
    stem = name.rsplit("/", 1)[-1]
    m = _FILE_DATE.search(stem)
    if m:
        try:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"] or 1))
        except ValueError:
            return None
    m = _FILE_ERA.search(stem)
    if m:
        era = _tables().initials[m["e"].upper()]
        n = int(m["y"])
        if n >= 1 and (era.max_year is None or n <= era.max_year):
            return dt.date(era.first_year + n - 1, int(m["m"]), 1)
    return None
