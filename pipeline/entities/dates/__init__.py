"""Japanese date expressions (eras, fiscal years, relative dates) as ISO intervals.

Conventions (see ../shared/eval/README.md):
- every DATE span carries an inclusive ``start_date``/``end_date`` interval;
- 年度 is the fiscal year 1 April .. 31 March (``FY2005``); a year- or month-level
  interval is clipped to its era (昭和64年 = 1989-01-01..1989-01-07), a fiscal year is not;
- 月末 is the last day of the month, 月初/月頭 the first; 年末/年初 are December/January,
  年度末/年度初め March/April; 上旬/中旬/下旬 are days 1-10/11-20/21-end;
- era years that do not exist (平成32年) are kept with ``valid=False`` and their naive
  (arithmetic) interval; impossible calendar days (2月30日) get ``valid=False``, no interval;
- a range whose start is a whole date (平成16年4月～17年3月, …から…) is two spans, each with
  its own interval and ``range_role`` ``start`` or ``end``; a range sharing its unit (4～6月,
  平成16～17年度) is one span, granularity ``range``, value ``<start value>/<end value>``
  (``2005-04/2005-06``); other multi-unit intervals (half, season, ten_days, week, decade,
  century) take the ISO interval ``start/end`` as value;
- 明治 dates before 1873 are lunisolar: only the year is trusted, month/day get an interval
  only where the month's first day is in the era table.

The package: :mod:`.words` (era table, numerals, atoms), :mod:`.patterns`, :mod:`.expressions`
(what is written), :mod:`.modifiers` (what is written around it), :mod:`.resolve` (intervals),
:mod:`.finder` (:func:`find_dates`) and :mod:`.docdate` (a document's own date).
"""

from __future__ import annotations

from pipeline.entities.dates.docdate import date_from_filename, infer_doc_date
from pipeline.entities.dates.finder import find_dates
from pipeline.entities.dates.words import normalize_numerals

__all__ = ["find_dates", "infer_doc_date", "date_from_filename", "normalize_numerals"]
