"""Datelines: a reposted article's source and date on a line of their own, which spacing and
structure keep as a line (the dates finder reads the date)."""

from __future__ import annotations

import re

from pipeline.base.line_shapes import MASTHEAD, shape
from pipeline.entities.dates import find_dates

_DATE_HINT = re.compile(r"[0-9０-９〇一二三四五六七八九十]\s*[年./／]")


def is_dateline(line: str) -> bool:
    """A reposted article's source and date on a line of their own: 『中国新聞』2004年7月17日付,
    （2004年7月17日 河北新報）, 【日経 2004.7.17 朝刊】 (a masthead's issue date is none)."""
    line = line.strip(" \t\u3000")
    if len(line) > 40 or "。" in line or "、" in line or not _DATE_HINT.search(line) or MASTHEAD.search(line):
        return False
    if not (shape("dateline_source_any").search(line) or shape("dateline_cue_any").search(line)):
        return False
    return any(s.attrs["year"] is not None and s.attrs["month"] is not None for s in find_dates(line))
