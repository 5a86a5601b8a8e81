"""From an expression to an interval: eras to Gregorian years (elided, forward, out of
range), fiscal years, month ends, and relative, year-less and offset dates against their
anchor."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from pipeline.entities.dates.expressions import _Expr
from pipeline.entities.dates.words import _Era, _tables

# ---------------------------------------------------------------- resolution


@dataclass
class _Ctx:
    anchor: dt.date | None
    era: str | None = None  # era in force (last explicit era in the text)
    last: dict | None = None  # last absolute result: year, month, day, fy, start


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _fy_of(d: dt.date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _era_at(day: dt.date) -> _Era | None:
    for e in reversed(_tables().modern):
        if e.start <= day:
            return e
    return None


def _res(
    year=None, month=None, day=None, gran="year", start=None, end=None, valid=True, value=None, **kw
) -> dict:
    r = dict(
        era=None,
        era_year=None,
        year=year,
        month=month,
        day=day,
        granularity=gran,
        start_date=start,
        end_date=end,
        valid=valid,
        era_inferred=False,
        relative=False,
        anchor_date=None,
        anchor=None,
        mod=None,
    )
    r.update(kw)
    r["_value"] = value
    return r


def _calendar_interval(y: int, e: _Expr, fy: bool) -> dict | None:
    """Interval of a written (year, modifiers, month, day) in the Gregorian calendar."""
    m, d, ymod, mmod = e.m, e.d, e.ymod, e.mmod
    if fy:
        if m is not None:
            return _calendar_interval(y + 1 if m <= 3 else y, replace(e, ymod=None), False)
        s, t = dt.date(y, 4, 1), dt.date(y + 1, 3, 31)
        if ymod in ("上期", "上半期", "前半"):
            return _res(y, None, None, "half", s, dt.date(y, 9, 30), value=f"FY{y}-H1")
        if ymod in ("下期", "下半期", "後半"):
            return _res(y, None, None, "half", dt.date(y, 10, 1), t, value=f"FY{y}-H2")
        if ymod == "末":
            return _res(y + 1, 3, None, "month", dt.date(y + 1, 3, 1), t, value=f"{y + 1:04d}-03")
        if ymod in ("初め", "始め", "初頭", "初", "頭"):
            return _res(y, 4, None, "month", s, dt.date(y, 4, 30), value=f"{y:04d}-04")
        if ymod in ("半ば", "なかば"):  # the middle third of the fiscal year
            a, b = dt.date(y, 8, 1), dt.date(y, 11, 30)
            return _res(y, None, None, "fiscal_year", a, b, value=f"{a.isoformat()}/{b.isoformat()}")
        return _res(y, None, None, "fiscal_year", s, t, value=f"FY{y}")
    if m is None:
        if ymod in ("上期", "上半期", "前半"):
            return _res(y, None, None, "half", dt.date(y, 1, 1), dt.date(y, 6, 30), value=f"{y:04d}-H1")
        if ymod in ("下期", "下半期", "後半"):
            return _res(y, None, None, "half", dt.date(y, 7, 1), dt.date(y, 12, 31), value=f"{y:04d}-H2")
        if ymod == "末":
            return _res(y, 12, None, "month", dt.date(y, 12, 1), dt.date(y, 12, 31), value=f"{y:04d}-12")
        if ymod in ("初め", "始め", "初頭", "初", "頭"):
            return _res(y, 1, None, "month", dt.date(y, 1, 1), dt.date(y, 1, 31), value=f"{y:04d}-01")
        if ymod in ("半ば", "なかば"):  # the middle third of the year
            a, b = dt.date(y, 5, 1), dt.date(y, 8, 31)
            return _res(y, None, None, "year", a, b, value=f"{a.isoformat()}/{b.isoformat()}")
        if ymod in ("春", "夏", "秋"):
            m0 = {"春": 3, "夏": 6, "秋": 9}[ymod]
            code = {"春": "SP", "夏": "SU", "秋": "FA"}[ymod]
            return _res(
                y, None, None, "season", dt.date(y, m0, 1), _month_end(y, m0 + 2), value=f"{y:04d}-{code}"
            )
        return _res(y, None, None, "year", dt.date(y, 1, 1), dt.date(y, 12, 31), value=f"{y:04d}")
    if e.m2 is not None:
        return _res(
            y,
            m,
            None,
            "range",
            dt.date(y, m, 1),
            _month_end(y, e.m2),
            value=f"{y:04d}-{m:02d}/{y:04d}-{e.m2:02d}",
        )
    if d is not None:
        try:
            s = dt.date(y, m, d)
            t = dt.date(y, m, e.d2) if e.d2 else s
        except ValueError:
            return _res(y, m, d, "day", None, None, valid=False, value=f"{y:04d}-{m:02d}-{d:02d}")
        if e.d2:
            return _res(y, m, d, "range", s, t, value=f"{s.isoformat()}/{t.isoformat()}")
        return _res(y, m, d, "day", s, s, value=s.isoformat())
    last = _month_end(y, m)
    if mmod in ("末", "末日"):
        return _res(y, m, last.day, "day", last, last, value=last.isoformat())
    if mmod in ("初め", "始め", "初", "頭"):
        s = dt.date(y, m, 1)
        return _res(y, m, 1, "day", s, s, value=s.isoformat())
    if mmod in ("上旬", "初旬", "中旬", "下旬", "終わり", "終り", "半ば", "なかば"):
        a, b = {"上旬": (1, 10), "初旬": (1, 10), "中旬": (11, 20), "半ば": (11, 20), "なかば": (11, 20)}.get(
            mmod, (21, last.day)
        )
        s, t = dt.date(y, m, a), dt.date(y, m, b)
        return _res(y, m, None, "ten_days", s, t, value=f"{s.isoformat()}/{t.isoformat()}")
    return _res(y, m, None, "month", dt.date(y, m, 1), last, value=f"{y:04d}-{m:02d}")


def _apply_era(era: _Era, n: int, e: _Expr, fy: bool) -> dict | None:
    """Convert era year n (+ month/day) to an interval, clipped to the era and validated."""
    if n == 0:
        r = _res(None, e.m, e.d, _gran(e, fy), valid=False)
        r.update(era=era.name, era_year=0)
        return r
    y = era.first_year + n - 1
    if era.start is None:
        # Pre-modern: the year was lunisolar (and the Julian calendar then ran behind), so
        # month and day cannot be converted; the era year gets the Gregorian year it mostly
        # fell in, as an approximate interval.
        r = _res(
            y,
            e.m,
            e.d,
            _gran(e, fy),
            dt.date(y, 1, 1),
            dt.date(y, 12, 31),
            valid=era.max_year is None or n <= era.max_year,
            value=f"{y:04d}" if not fy else f"FY{y}",
        )
        r.update(era=era.name, era_year=n)
        return r
    if era.lunisolar_until and y <= era.lunisolar_until.year and not fy:
        return _lunisolar(era, n, y, e)
    r = _calendar_interval(y, e, fy)
    r.update(era=era.name, era_year=n)
    s, t = r["start_date"], r["end_date"]
    lo, hi = era.start, era.end or dt.date.max
    if s is None:  # impossible calendar day
        return r
    if r["granularity"] == "day":
        r["valid"] = lo <= s <= hi
    elif fy:
        r["valid"] = s <= hi and t >= lo  # 令和元年度 = FY2019 although 令和 began in May
    elif t < lo or s > hi:
        r["valid"] = False
    else:
        r["start_date"], r["end_date"] = max(s, lo), min(t, hi)
    if era.max_year is not None and n > era.max_year:
        r["valid"] = False
    return r


def _gran(e: _Expr, fy: bool) -> str:
    return "day" if e.d else "month" if e.m else "fiscal_year" if fy else "year"


def _lunisolar(era: _Era, n: int, y: int, e: _Expr) -> dict:
    t = _tables()
    r = _res(y, e.m, e.d, _gran(e, False), value=f"{y:04d}")
    r.update(era=era.name, era_year=n)
    if e.m is None:  # the year: its Gregorian year from the era's first day (approximate)
        r.update(start_date=max(dt.date(y, 1, 1), era.start), end_date=dt.date(y, 12, 31))
    first = t.luni_month_start.get((era.name, n, e.m)) if e.m else None
    if first is not None:
        ndays = t.luni_month_days.get((era.name, n, e.m), 30)
        if e.d is not None:
            if e.d > ndays:
                r["valid"] = False
            else:
                s = first + dt.timedelta(days=e.d - 1)
                r.update(start_date=s, end_date=s, _value=s.isoformat())
        elif e.mmod is None:
            r.update(start_date=first, end_date=first + dt.timedelta(days=ndays - 1))
    return r


def _resolve(e: _Expr, ctx: _Ctx) -> dict | None:
    t = _tables()
    fy = e.unit == "fy"
    if e.offset:
        return _resolve_offset(e, ctx)
    if e.rel:
        return _resolve_relative(e, ctx)
    if e.unit == "none":  # month/day without a year: take the year from context
        return _resolve_yearless(e, ctx)
    if e.century is not None:
        return _resolve_century(e)
    if e.unit == "era":
        return _resolve_era_period(e)
    if e.bce:  # the calendar (datetime.date) has no year before 1: the value alone
        return _res(None, None, None, "year", value=f"BC{e.y:04d}")
    if e.unknown_era:
        r = _res(None, e.m, e.d, _gran(e, fy), valid=False)
        r.update(era=e.era, era_year=e.y)
        return r
    if e.y2 is not None:  # 平成16～17年度, 60～70年代: each year on its own, then joined
        a = _resolve(replace(e, y2=None), ctx)
        b = _resolve(replace(e, y=e.y2, y2=None), ctx)
        if a is None or b is None:
            return None  # an era year whose era cannot be inferred
        return _join(a, b)
    if e.unit == "decade":
        y = e.y
        if not dt.MINYEAR <= y <= dt.MAXYEAR - 9:  # a garbled numeral: kept, invalid, no interval
            return _res(y, None, None, "decade", None, None, valid=False, value=f"{y:04d}/{y + 9:04d}")
        a, b = {
            "前半": (0, 4),
            "後半": (5, 9),
            "初頭": (0, 2),
            "初め": (0, 2),
            "末": (7, 9),
            "半ば": (3, 6),
            "中盤": (3, 6),
            "中頃": (3, 6),
        }.get(e.ymod or "", (0, 9))
        value = f"{y + a:04d}/{y + b:04d}"
        return _res(y, None, None, "decade", dt.date(y + a, 1, 1), dt.date(y + b, 12, 31), value=value)
    inferred = False
    era_name = e.era
    if not e.western and era_name is None:
        era_name = ctx.era
        if era_name is None and ctx.anchor is not None:
            a = _era_at(ctx.anchor)
            era_name = a.name if a else None
        if era_name is None:
            return None
        inferred = True
    if e.western:
        r = _calendar_interval(e.y, e, fy)
    else:
        r = _apply_era(t.eras[era_name], e.y, e, fy)
    if r is not None:
        r["era_inferred"] = inferred
    return r


# A month or day without its year takes it from a date written shortly before it (the same
# passage: 4月1日に…、16日に… is April 16th), else from the document's date.
_PASSAGE = 200


def _resolve_yearless(e: _Expr, ctx: _Ctx) -> dict:
    prev = ctx.last if ctx.last and e.start - ctx.last["pos"] <= _PASSAGE else None
    if prev is not None and e.m is None and prev["month"] is None:
        prev = None  # 16日 after 2004年: the month must come from elsewhere
    if prev is not None:
        base = prev["start"]
        y, m = base.year, e.m if e.m is not None else base.month
        if e.m is not None and prev.get("fy") is not None:
            y = prev["fy"] + (1 if e.m <= 3 else 0)  # 3月 after 平成16年度 is March 2005
        r = _calendar_interval(y, replace(e, m=m), False)
        doc = ctx.anchor
        if (
            doc is not None
            and prev.get("inferred_year")
            and r["start_date"] is not None
            and e.m is not None
            and e.m != base.month
        ):
            # The clause's tense against the document's date wins over a year the date before
            # took from the same anchor: 10月29日 …実施しました in an issue of March 2026, after
            # 3月14日, is 2025 (but after 2019年4月 it is 2019, as written).
            if e.tense == "past" and r["start_date"] > doc:
                r = _calendar_interval(y - 1, replace(e, m=m), False)
            elif e.tense == "future" and r["end_date"] is not None and r["end_date"] < doc:
                r = _calendar_interval(y + 1, replace(e, m=m), False)
        if (
            e.weekday is not None
            and e.m is not None
            and e.m < base.month
            and r["start_date"] is not None
            and r["start_date"].weekday() != e.weekday
        ):
            # Across a year's end the weekday written with it names the year: 12月27日(水)から
            # 1月4日(木)まで is the next January when that one fits (a wrong weekday elsewhere
            # moves nothing).
            other = _calendar_interval(r["start_date"].year + 1, replace(e, m=m), False)
            if other["start_date"] is not None and other["start_date"].weekday() == e.weekday:
                r = other
        r.update(relative=True, anchor_date=base, anchor="previous_date")
        return r
    base = ctx.anchor
    if base is None:
        gran = "day" if e.d else "month"
        mm = f"{e.m:02d}" if e.m else "XX"
        value = f"XXXX-{mm}-{e.d:02d}" if e.d else f"XXXX-{mm}"
        days = calendar.monthrange(2000, e.m)[1] if e.m else 31
        return _res(None, e.m, e.d, gran, value=value, relative=True, valid=e.d is None or e.d <= days)
    # the nearest such day to the document's date, in the past or the future when the verb says
    if e.m is not None:
        cands = [(base.year + k, e.m) for k in (-1, 0, 1)]
    else:
        cands = [_add_months(base.year, base.month, k) for k in (-1, 0, 1)]
    results = []
    for y, m in cands:
        if e.m is None and e.d > calendar.monthrange(y, m)[1]:
            continue  # 31日 in a month of 30 days is not this month
        r = _calendar_interval(y, replace(e, m=m), False)
        if r["start_date"] is not None:
            results.append(r)
    if e.weekday is not None and any(r["start_date"].weekday() == e.weekday for r in results):
        results = [r for r in results if r["start_date"].weekday() == e.weekday]
    if not results:
        return _calendar_interval(base.year, replace(e, m=e.m or base.month), False) | {
            "relative": True,
            "anchor_date": base,
            "anchor": "document_date",
        }

    def distance(r):
        s, t = r["start_date"], r["end_date"]
        return 0 if s <= base <= t else min(abs((s - base).days), abs((t - base).days))

    pick = None
    if e.tense == "past":
        pick = max(
            (r for r in results if r["start_date"] <= base), key=lambda r: r["start_date"], default=None
        )
    elif e.tense == "future":
        pick = min((r for r in results if r["end_date"] >= base), key=lambda r: r["start_date"], default=None)
    if pick is None:
        pick = min(results, key=distance)
    pick.update(relative=True, anchor_date=base, anchor="document_date")
    return pick


def _resolve_offset(e: _Expr, ctx: _Ctx) -> dict:
    n, n2, unit, sign = e.offset
    code = {"day": "D", "week": "W", "month": "M", "year": "Y"}[unit]
    gran = "day" if unit in ("day", "week") else unit
    mod = "BEFORE" if sign < 0 else "AFTER"
    base = ctx.anchor
    if base is None:  # 3日前 with no date to count from: TIMEX3's offset value only
        return _res(None, None, None, gran, value=f"P{n}{code}", relative=True, mod=mod)

    def shifted(k):
        if unit in ("day", "week"):
            d = base + dt.timedelta(days=sign * k * (7 if unit == "week" else 1))
            return _res(d.year, d.month, d.day, "day", d, d, value=d.isoformat())
        if unit == "month":
            y, m = _add_months(base.year, base.month, sign * k)
            return _calendar_interval(y, _Expr(0, 0, "", m=m), False)
        return _calendar_interval(base.year + sign * k, _Expr(0, 0, ""), False)

    r = shifted(n)
    if n2 is not None:  # 14、5年前: both years
        r = _join(*sorted((r, shifted(n2)), key=lambda x: x["start_date"]))
    r.update(relative=True, anchor_date=base, anchor="document_date", mod=mod)
    return r


def _resolve_era_period(e: _Expr) -> dict:
    """明治時代 is the era's whole span; 初期/中期/後期 its first, middle and last third."""
    era = _tables().eras[e.era]
    s, t = era.start, era.end
    if t is not None and e.ymod in ("初期", "前期", "中期", "後期", "末期"):
        n = era.max_year
        k = {"初期": 0, "前期": 0, "中期": 1, "後期": 2, "末期": 2}[e.ymod]
        a, b = era.first_year + k * n // 3, era.first_year + (k + 1) * n // 3 - 1
        s, t = max(s, dt.date(a, 1, 1)), min(t, dt.date(b, 12, 31))
    value = f"{s.isoformat()}/{t.isoformat()}" if t else f"{s.isoformat()}/"
    r = _res(None, None, None, "era", s, t, value=value)
    r.update(era=era.name)
    return r


def _resolve_century(e: _Expr) -> dict:
    c = e.century
    if c < 0:  # 紀元前3世紀
        return _res(None, None, None, "century", value=f"BC{-c - 1:02d}XX")
    s, t = (c - 1) * 100 + 1, c * 100
    part = {
        "初頭": (s, s + 9),
        "初め": (s, s + 9),
        "前半": (s, s + 49),
        "後半": (s + 50, t),
        "末": (t - 9, t),
        "半ば": (s + 40, s + 59),
    }.get(e.ymod or "", (s, t))
    return _res(
        None, None, None, "century", dt.date(part[0], 1, 1), dt.date(part[1], 12, 31), value=f"{c - 1:02d}XX"
    )


def _resolve_relative(e: _Expr, ctx: _Ctx) -> dict:
    unit, off, basis = _tables().relative[e.rel]
    base = None
    last = ctx.last
    if last is not None and unit in ("day", "week") and last.get("granularity") != "day":
        last = None  # 当日 after 2019年: no day to take
    if basis == "ctx" or (basis == "ctx_doc" and last):
        base = last["start"] if last else None
    if basis == "doc" or (basis == "ctx_doc" and base is None):
        base = ctx.anchor
    gran = {
        "fy": "fiscal_year",
        "year": "year",
        "month": "month",
        "week": "week",
        "day": "day",
        "century": "century",
    }[unit]
    if e.m or e.d:
        gran = "day" if e.d else "month"
    if base is None:
        return _res(None, e.m, e.d, gran, value=None, relative=True)
    if unit == "fy":
        r = _calendar_interval(_fy_of(base) + off, e, True)
    elif unit == "year":
        r = _calendar_interval(base.year + off, e, False)
    elif unit == "month":
        y, m = _add_months(base.year, base.month, off)
        r = _calendar_interval(y, replace(e, m=m), False)
    elif unit == "week":
        s = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=off)
        t = s + dt.timedelta(days=6)
        r = _res(s.year, None, None, "week", s, t, value=f"{s.isoformat()}/{t.isoformat()}")
    elif unit == "day":
        s = base + dt.timedelta(days=off)
        r = _res(s.year, s.month, s.day, "day", s, s, value=s.isoformat())
    else:
        c = (base.year - 1) // 100 + off
        s, t = dt.date(c * 100 + 1, 1, 1), dt.date(c * 100 + 100, 12, 31)
        r = _res(None, None, None, "century", s, t, value=f"{s.year:04d}/{t.year:04d}")
    r.update(
        relative=True, anchor_date=base, anchor="document_date" if base is ctx.anchor else "previous_date"
    )
    return r


def _join(a: dict, b: dict) -> dict:
    r = dict(a)
    r["granularity"] = "range"
    r["end_date"] = b["end_date"] if a["start_date"] else None
    r["start_date"] = a["start_date"] if b["end_date"] else None
    r["valid"] = a["valid"] and b["valid"]
    r["relative"] = a["relative"] or b["relative"]
    r["era_inferred"] = a["era_inferred"] or b["era_inferred"]
    r["anchor_date"] = a["anchor_date"] or b["anchor_date"]
    va, vb = a["_value"], b["_value"]
    r["_value"] = f"{va}/{vb}" if va and vb else None
    if r["start_date"] and r["end_date"] and r["end_date"] < r["start_date"]:
        r["valid"] = False
    return r


def _resolve_range_parts(e: _Expr, ctx: _Ctx) -> tuple[dict, dict] | None:
    """The start and the end of a range, the end completed from the start."""
    a = _resolve(replace(e, to=None, end=e.to.start), ctx)
    if a is None:
        return None
    b_expr = e.to
    if b_expr.rule == "range_end" and b_expr.era is None and not b_expr.western and b_expr.unit != "none":
        # 平成16年4月～17年3月: the end shares the start's era
        b_expr = replace(b_expr, era=a["era"])
    sub = _Ctx(ctx.anchor, a["era"] or ctx.era, _last(a, e.to.start) or ctx.last)
    b = _resolve(b_expr, sub)
    if b is None:
        return None
    b["era_inferred"] = False
    if not b_expr.rel and b["start_date"] is not None:  # 6月3日～7月2日 takes its year from the start
        b.update(relative=False, anchor_date=None, anchor=None)
    return a, b


def _last(r: dict, pos: int) -> dict | None:
    """What a later year-less date can take its year from: a date that names one year."""
    if r.get("start_date") is None or r["granularity"] in ("century", "decade", "era"):
        return None
    fy = r["year"] if r["granularity"] == "fiscal_year" else None
    month = r["month"] if r["granularity"] in ("day", "month", "ten_days") else None
    return {
        "start": r["start_date"],
        "fy": fy,
        "month": month,
        "pos": pos,
        "granularity": r["granularity"],
        "inferred_year": bool(r.get("relative")),  # its year came from an anchor, not the text
    }
